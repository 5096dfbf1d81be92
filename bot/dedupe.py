"""Answer each Slack event at most once, even when Slack re-sends it (`X-Slack-Retry-Num`) to any web process.

An event is answered only after Redis recorded its id (SET NX with a TTL): Redis is the one record every web
process shares. While Redis cannot be reached, a process cannot know whether another one answered an event, so an
event it has not seen itself is not answered *now*: the HTTP edge (`bot.web`) answers 503 and Slack sends it again
later (after about a minute, then five), when Redis is back. An id this process recorded is also kept in its
memory, so a retry of it is dropped at once even while Redis is away. Slash commands and buttons carry no event id
and never wait on this. Without REDIS_URL at all (one process, e.g. a local run) the memory is the record.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from enum import StrEnum

import redis

log = logging.getLogger(__name__)

KEY_PREFIX = "pyfw:event:"
TTL_SECONDS = 60 * 60  # Slack retries within minutes; an hour is plenty
RETRY_REDIS_AFTER = 5.0  # seconds to skip Redis after it failed, so a dead Redis costs nothing per event
# Seconds Redis may take to connect or answer on the request path: a slow one must not hold Slack's ack past 3 s.
REQUEST_PATH_TIMEOUT = 0.5


def request_path_redis(redis_url: str | None) -> redis.Redis | None:
    """A client for the request path (the event record, /healthz), or None without a Redis URL."""
    if not redis_url:
        return None
    return redis.Redis.from_url(
        redis_url, socket_timeout=REQUEST_PATH_TIMEOUT, socket_connect_timeout=REQUEST_PATH_TIMEOUT
    )


class Claim(StrEnum):
    FIRST = "first"  # recorded now by this process: answer it
    REPEAT = "repeat"  # recorded before, by this or another process: drop it
    UNKNOWN = "unknown"  # Redis cannot be asked and this process never saw it: ask Slack to send it again later


class EventDedupe:
    """`claim(event_id)` is FIRST exactly once per event id, across every process sharing the Redis."""

    def __init__(self, redis_url: str | None, ttl: int = TTL_SECONDS, memory_size: int = 50_000) -> None:
        self.ttl = ttl
        self.memory_size = memory_size
        self._redis = request_path_redis(redis_url)
        self._redis_down_until = 0.0
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, event_id: str) -> Claim:
        if self._redis is None:
            return Claim.FIRST if self._remember(event_id) else Claim.REPEAT
        if self._in_memory(event_id):
            return Claim.REPEAT
        if time.monotonic() < self._redis_down_until:
            return Claim.UNKNOWN
        try:
            first = bool(self._redis.set(KEY_PREFIX + event_id, 1, nx=True, ex=self.ttl))
        except redis.RedisError as exc:
            self._redis_down_until = time.monotonic() + RETRY_REDIS_AFTER
            log.warning(
                "Redis unavailable for event dedupe (next try in %.0fs); events not seen here wait for "
                "Slack's retries: %s",
                RETRY_REDIS_AFTER,
                exc,
            )
            return Claim.UNKNOWN
        self._remember(event_id)  # a retry counts as seen here even if Redis goes away meanwhile
        return Claim.FIRST if first else Claim.REPEAT

    def first_time(self, event_id: str) -> bool:
        """True when this process may answer the event now (for Bolt's middleware; UNKNOWN is not now)."""
        claim = self.claim(event_id)
        if claim is Claim.UNKNOWN:
            log.warning("event %s not answered: Redis cannot be reached to record it", event_id)
        return claim is Claim.FIRST

    def _in_memory(self, event_id: str) -> bool:
        with self._lock:
            self._expire(time.monotonic())
            return event_id in self._seen

    def _remember(self, event_id: str) -> bool:
        """Record `event_id` in memory; True if it was not there yet."""
        now = time.monotonic()
        with self._lock:
            self._expire(now)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now + self.ttl
            return True

    def _expire(self, now: float) -> None:
        while self._seen and (len(self._seen) > self.memory_size or next(iter(self._seen.values())) < now):
            self._seen.popitem(last=False)


class ClaimedAtTheEdge(EventDedupe):
    """For Bolt behind `bot.web`, which claims every event before Bolt sees it (and answers 503 when it cannot)."""

    def __init__(self) -> None:
        super().__init__(redis_url=None)

    def first_time(self, event_id: str) -> bool:
        return True
