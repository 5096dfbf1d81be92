"""Writes to Redis off the request path: a bounded queue drained by one background thread.

Recording a gap must never make anyone wait: a Redis that is down fails each write within its short socket
timeout on this thread, and a Redis that hangs (stopped, not closed) holds only this thread; meanwhile the queue
fills and further records are dropped (counted, and logged once per outage), never waited for. The thread writes
what has queued up in one batch (one round trip for many records), so a burst does not outrun it.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

CAPACITY = 1000  # records waiting: a burst this big, or a second of Redis being away, before anything is dropped
BATCH = 200  # records written in one round trip at most


class Recorder:
    """`submit(item)` queues it for `write([items])` on the background thread; returns at once, never raises."""

    def __init__(self, write: Callable[[list[Any]], None], capacity: int = CAPACITY) -> None:
        self._write = write
        self._queue: queue.Queue = queue.Queue(capacity)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._failing = False
        self._dropping = False
        self.dropped = 0

    def submit(self, item: Any) -> bool:
        """Queue one write; False when the queue is full and the item was dropped."""
        self._start()
        try:
            self._queue.put_nowait(item)
            return True
        except queue.Full:
            self.dropped += 1
            if not self._dropping:
                self._dropping = True
                log.warning("Redis is not keeping up: unanswered questions are not being recorded for now")
            return False

    def wait_idle(self, timeout: float) -> bool:
        """True once every queued write has been tried (for tests and orderly exits)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:  # a forked web worker has no thread yet: it starts on its first record
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._drain, name="pyfw-learning", daemon=True)
                self._thread.start()

    def _drain(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                self._write(batch)
                if self._failing or self._dropping:
                    log.info("recording unanswered questions again (%d not recorded so far)", self.dropped)
                self._failing = self._dropping = False
            except Exception as exc:  # noqa: BLE001 - Redis away or refusing: the batch is lost, the bot goes on
                if not self._failing:
                    log.warning("could not record unanswered questions (%s); trying again with the next ones", exc)
                self._failing = True
            finally:
                for _ in batch:
                    self._queue.task_done()
