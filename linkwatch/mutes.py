"""Muted links: a link someone muted from a report stops alerting for 7 days, 30 days, or until its verdict changes
(a known bot wall, a page being rebuilt), then unmutes itself.

Keys: `pyfw:mute:{url}` (hash: mode, until, by, at, verdict; a timed mute expires with the key) and `pyfw:mutes`
(set: the muted URLs, for listing; a URL whose key has expired is dropped when read). Plain Redis, no Slack.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import redis

MUTES = "pyfw:mutes"
DAY = 24 * 60 * 60


class MuteMode(StrEnum):
    WEEK = "7d"
    MONTH = "30d"
    CHANGE = "change"  # until the link's verdict (status and code) is different from when it was muted


_DAYS = {MuteMode.WEEK: 7, MuteMode.MONTH: 30}


@dataclass(frozen=True)
class Mute:
    url: str
    mode: MuteMode
    until: float | None  # None: until the verdict changes
    by: str
    at: float
    verdict: str  # "status code" when muted

    def describe(self) -> str:
        """ "for 7 days" / "until its verdict changes", for people (dates are the caller's to format)."""
        return "until its verdict changes" if self.until is None else f"for {_DAYS[self.mode]} days"


def mute_key(url: str) -> str:
    return f"pyfw:mute:{url}"


def verdict_of(state: Mapping[str, str]) -> str:
    return f"{state.get('status') or 'unchecked'} {state.get('code') or ''}".strip()


def mute(
    client: redis.Redis, url: str, mode: MuteMode | str, by: str, state: Mapping[str, str], now: float | None = None
) -> Mute:
    """Mute `url` (whose current state is `state`); muting again replaces the earlier mute."""
    mode = MuteMode(mode)
    now = time.time() if now is None else now
    until = now + _DAYS[mode] * DAY if mode in _DAYS else None
    record = Mute(url, mode, until, by, now, verdict_of(state))
    pipe = client.pipeline()
    pipe.delete(mute_key(url))
    pipe.hset(
        mute_key(url), mapping={"mode": mode, "until": until or "", "by": by, "at": now, "verdict": record.verdict}
    )
    if until:
        pipe.expireat(mute_key(url), int(until) + 1)
    pipe.sadd(MUTES, url)
    pipe.execute()
    return record


def unmute(client: redis.Redis, url: str) -> None:
    pipe = client.pipeline()
    pipe.delete(mute_key(url))
    pipe.srem(MUTES, url)
    pipe.execute()


def active(client: redis.Redis, now: float | None = None) -> dict[str, Mute]:
    """The mutes in force, by URL; mutes that have ended are removed here."""
    now = time.time() if now is None else now
    urls = sorted(client.smembers(MUTES))
    pipe = client.pipeline(transaction=False)
    for url in urls:
        pipe.hgetall(mute_key(url))
    found = {}
    for url, data in zip(urls, pipe.execute(), strict=True):
        until = float(data["until"]) if data.get("until") else None
        if not data or (until is not None and until <= now):
            unmute(client, url)
            continue
        found[url] = Mute(
            url, MuteMode(data["mode"]), until, data.get("by", ""), float(data.get("at") or 0), data.get("verdict", "")
        )
    return found


def lift_changed(client: redis.Redis, states: Mapping[str, Mapping[str, str]]) -> list[str]:
    """End every "until it changes" mute whose link's verdict is now different; returns their URLs."""
    lifted = [
        url
        for url, record in active(client).items()
        if record.until is None and url in states and verdict_of(states[url]) != record.verdict
    ]
    for url in lifted:
        unmute(client, url)
    return lifted
