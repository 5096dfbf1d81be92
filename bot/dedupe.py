"""Answer each Slack event once, even when Slack re-sends it (`X-Slack-Retry-Num`).

Event ids are remembered in Redis (SET NX with a TTL), shared by every web process. When Redis is down the ids are
remembered in this process's memory instead: answers never stop because Redis is away.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

import redis

log = logging.getLogger(__name__)

KEY_PREFIX = "pyfw:event:"
TTL_SECONDS = 60 * 60  # Slack retries within minutes; an hour is plenty
RETRY_REDIS_AFTER = 5.0  # seconds to skip Redis after it failed, so a dead Redis costs nothing per event


class EventDedupe:
    """`first_time(event_id)` is True exactly once per event id."""

    def __init__(self, redis_url: str | None, ttl: int = TTL_SECONDS, memory_size: int = 50_000) -> None:
        self.ttl = ttl
        self.memory_size = memory_size
        self._redis = (redis.Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
                       if redis_url else None)
        self._redis_down_until = 0.0
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        if self._redis is not None and time.monotonic() >= self._redis_down_until:
            try:
                first = bool(self._redis.set(KEY_PREFIX + event_id, 1, nx=True, ex=self.ttl))
                if first:  # remembered here too, so a retry still counts as seen if Redis goes away meanwhile
                    self._first_time_in_memory(event_id)
                return first
            except redis.RedisError as exc:
                self._redis_down_until = time.monotonic() + RETRY_REDIS_AFTER
                log.warning("Redis unavailable for event dedupe, using memory for %.0fs: %s", RETRY_REDIS_AFTER, exc)
        return self._first_time_in_memory(event_id)

    def _first_time_in_memory(self, event_id: str) -> bool:
        now = time.monotonic()
        with self._lock:
            while self._seen and (len(self._seen) > self.memory_size or next(iter(self._seen.values())) < now):
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now + self.ttl
            return True
