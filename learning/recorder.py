"""Writes to Redis off the request path: a bounded queue drained by one background thread.

Recording a gap must never make anyone wait: a Redis that is down fails each write within its short socket
timeout on this thread, and a Redis that hangs (stopped, not closed) holds only this thread; meanwhile the queue
fills and further records are dropped (counted, and logged once per outage), never waited for.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

CAPACITY = 1000  # records waiting; at ~1 ms a write, a second of Redis being away before anything is dropped


class Recorder:
    """`submit(item)` queues `write(item)` for the background thread and returns at once; never raises."""

    def __init__(self, write: Callable[[Any], None], capacity: int = CAPACITY) -> None:
        self._write = write
        self._queue: queue.Queue = queue.Queue(capacity)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._failing = False
        self.dropped = 0

    def submit(self, item: Any) -> bool:
        """Queue one write; False when the queue is full and the item was dropped."""
        self._start()
        try:
            self._queue.put_nowait(item)
            return True
        except queue.Full:
            self.dropped += 1
            if self.dropped == 1 or self.dropped % CAPACITY == 0:
                log.warning("Redis is not keeping up: %d unanswered questions not recorded so far", self.dropped)
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
            item = self._queue.get()
            try:
                self._write(item)
                if self._failing:
                    log.info("recording unanswered questions again")
                self._failing = False
            except Exception as exc:  # noqa: BLE001 - Redis away or refusing: the record is lost, the bot goes on
                if not self._failing:
                    log.warning("could not record an unanswered question (%s); retrying with the next one", exc)
                self._failing = True
            finally:
                self._queue.task_done()
