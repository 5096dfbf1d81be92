"""Questions pyfw could not answer with confidence, kept in Redis: text, times, surface. Never a user id.

Per distinct question (its text casefolded, spaces collapsed) there are two keys, both expiring after the retention:
a hash with the text as first asked and when, and a sorted set of its events (one member per ask, or per person's
👎 on an answer to it; scored by time), so counts and surfaces can be read for any window. An index (question id
-> last time asked) keeps the number of distinct questions bounded: past the cap, the least recently asked go;
past the retention, they go too.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from enum import StrEnum

import redis

from common.settings import DAY_SECONDS, Settings

PREFIX = "pyfw:gaps"
INDEX = f"{PREFIX}:index"
TEXT_KEPT = 300  # characters of a question kept: enough to recognise it, and a 1 MB question costs no more
MAX_EVENTS = 1000  # per question: beyond this the oldest times go (the count shows "1000" for a flood)


class Kind(StrEnum):
    """Why a question is a gap: no answer, only "best matches", or someone's 👎 on the answer."""

    NONE = "none"
    UNSURE = "unsure"
    DOWN = "down"


@dataclass(frozen=True)
class Limits:
    """How long and how many: from PYFW_GAPS_RETENTION_DAYS and PYFW_GAPS_MAX_QUESTIONS."""

    retention_seconds: int = 90 * DAY_SECONDS
    max_questions: int = 5000

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(settings.gaps_retention_days * DAY_SECONDS, settings.gaps_max_questions)


@dataclass(frozen=True)
class Gap:
    """One distinct question in a window: its text, how often, where, and how many of those were 👎."""

    text: str
    count: int
    surfaces: dict[str, int]
    down_votes: int
    last: float


def normalize(text: str) -> str:
    """The form two askings of the same question share: casefolded, spaces collapsed, cut to TEXT_KEPT."""
    return " ".join(text.casefold().split())[:TEXT_KEPT]


def question_id(text: str) -> str:
    return hashlib.sha256(normalize(text).encode("utf-8", "replace")).hexdigest()[:24]


def record(
    client: redis.Redis,
    text: str,
    surface: str,
    kind: Kind,
    limits: Limits,
    *,
    now: float | None = None,
    event: str | None = None,
) -> None:
    """Count one gap event for `text` from `surface`. `event` names it when it must stay one (a person's 👎)."""
    record_many(client, [(text, surface, kind)], limits, now=now, event=event)


def record_many(
    client: redis.Redis,
    items: list[tuple[str, str, Kind]],
    limits: Limits,
    *,
    now: float | None = None,
    event: str | None = None,
) -> None:
    """`record` for several (text, surface, kind) at once: one round trip, then one pruning."""
    now = time.time() if now is None else now
    pipe = client.pipeline()
    for text, surface, kind in items:
        if " ".join(text.split()):
            _add(pipe, text, surface, kind, limits, now, event)
    pipe.execute()
    prune(client, limits, now=now)


def _add(pipe, text: str, surface: str, kind: Kind, limits: Limits, now: float, event: str | None) -> None:
    shown = " ".join(text.split())[:TEXT_KEPT]
    qid = question_id(text)
    member = f"{Kind(kind)}|{_clean(surface)}|{event or os.urandom(6).hex()}"
    pipe.hsetnx(_question_key(qid), "text", shown)
    pipe.hsetnx(_question_key(qid), "first", repr(now))
    pipe.zadd(_events_key(qid), {member: now})
    pipe.zremrangebyscore(_events_key(qid), "-inf", f"({now - limits.retention_seconds}")
    pipe.zremrangebyrank(_events_key(qid), 0, -(MAX_EVENTS + 1))
    pipe.expire(_question_key(qid), limits.retention_seconds)
    pipe.expire(_events_key(qid), limits.retention_seconds)
    pipe.zadd(INDEX, {qid: now}, gt=True)  # last asked: never moved back


def forget_event(client: redis.Redis, text: str, kind: Kind, surface: str, event: str) -> None:
    """Take back one named event (a 👎 that became a 👍)."""
    client.zrem(_events_key(question_id(text)), f"{Kind(kind)}|{_clean(surface)}|{event}")


def prune(client: redis.Redis, limits: Limits, *, now: float | None = None) -> int:
    """Drop questions not asked within the retention, then the least recently asked beyond the cap."""
    now = time.time() if now is None else now
    stale = client.zrangebyscore(INDEX, "-inf", f"({now - limits.retention_seconds}")
    over = client.zcard(INDEX) - len(stale) - limits.max_questions
    if over > 0:
        stale += client.zrange(INDEX, len(stale), len(stale) + over - 1)
    if stale:
        pipe = client.pipeline()
        pipe.zrem(INDEX, *stale)
        pipe.delete(*[key for qid in stale for key in (_question_key(qid), _events_key(qid))])
        pipe.execute()
    return len(stale)


def read(client: redis.Redis, limits: Limits, *, since: float | None = None, now: float | None = None) -> list[Gap]:
    """Every question with events after `since` (default: the whole retention), most asked first."""
    now = time.time() if now is None else now
    start = max(now - limits.retention_seconds, since if since is not None else 0.0)
    ids = client.zrangebyscore(INDEX, start, "+inf")
    pipe = client.pipeline()
    for qid in ids:
        pipe.hget(_question_key(qid), "text")
        pipe.zrangebyscore(_events_key(qid), start, "+inf", withscores=True)
    found = pipe.execute() if ids else []
    gaps = []
    for text, events in zip(found[::2], found[1::2], strict=True):
        if not text or not events:
            continue
        surfaces: dict[str, int] = {}
        down = 0
        for member, _ in events:
            kind, _, rest = _text(member).partition("|")
            surface = rest.partition("|")[0]
            surfaces[surface] = surfaces.get(surface, 0) + 1
            down += kind == Kind.DOWN
        gaps.append(Gap(_text(text), len(events), surfaces, down, max(score for _, score in events)))
    gaps.sort(key=lambda g: (-g.count, -g.last))
    return gaps


def _clean(surface: str) -> str:
    return "".join(c for c in surface if c.isalnum() or c in "-_")[:20] or "unknown"


def _text(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _question_key(qid: str) -> str:
    return f"{PREFIX}:q:{qid}"


def _events_key(qid: str) -> str:
    return f"{PREFIX}:e:{qid}"
