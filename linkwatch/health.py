"""Link health for the Slack bot and `pyfw status`: a small plain API over what the link-check runs stored in Redis.

    latest_health(client, catalog) -> dict[str, list[LinkHealth]]
        The latest verdict of each catalog link, per entry name in catalog order. Entries none of whose links
        were ever checked are left out, so the result is {} before the first run.
    broken_urls(client, catalog) -> set[str]
        The catalog's URLs currently broken (failed PYFW_FAIL_THRESHOLD runs in a row and not recovered since),
        for a warning on entry cards.
    delivery_problems(client, settings, team_id=None) -> list[dict]
        Each report destination (of one workspace, if given) whose last report Slack refused, with the reason and
        what to do; `shared_problems` is what any Slack user may see (none in OAuth mode: each sees its own).
    muted(client) -> list[Mute]
        The links muted from reports, and until when.

Both raise `Unavailable` when Redis cannot be reached, so a caller handles one exception, not Redis's.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from catalog import Catalog
from common.settings import Settings
from linkwatch import delivery, history, mutes
from linkwatch.destination import destinations
from linkwatch.verdict import LinkStatus


class Unavailable(Exception):
    """Link health cannot be read (or a check started) right now: Redis cannot be reached."""


@dataclass(frozen=True)
class LinkHealth:
    """The latest verdict for one link of an entry. `broken` is True once it failed the threshold's runs in a row."""

    entry: str
    title: str
    url: str
    status: LinkStatus
    code: int | None
    final_url: str | None  # the new address when moved
    detail: str
    checked_at: float  # epoch seconds
    failing_since: float | None
    broken: bool


# Seconds one Redis call may take while a person waits for an answer. A Redis that is stopped (not refusing:
# SIGSTOPped, swapped out, behind a dead link) accepts connections and never answers, so only this bounds it;
# Slack gives a command 3 s, and a reader stops at its first failed call, so at most one of these is spent.
REQUEST_TIMEOUT = 0.5


def connect(redis_url: str, timeout: float = REQUEST_TIMEOUT) -> redis.Redis:
    """A client for reading health while answering people: a Redis that stops answering must not hang them, so
    every call gives up after `timeout` seconds and is never retried (a retry would double the wait)."""
    return redis.Redis.from_url(
        redis_url,
        decode_responses=True,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )


def ping(client: redis.Redis) -> None:
    """Raise `Unavailable` unless Redis answers (within the client's timeout)."""
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        raise Unavailable(str(exc)) from exc


def latest_health(client: redis.Redis, catalog: Catalog) -> dict[str, list[LinkHealth]]:
    """The latest health of every checked catalog link, per entry name (catalog order); {} if never checked."""
    states = _read_states(client, catalog)
    result: dict[str, list[LinkHealth]] = {}
    for entry in catalog:
        for link in entry.links:
            state = states.get(link.url)
            if not state or not state.get("status"):
                continue
            result.setdefault(entry.name, []).append(
                LinkHealth(
                    entry=entry.name,
                    title=link.title,
                    url=link.url,
                    status=LinkStatus(state["status"]),
                    code=int(state["code"]) if state.get("code") else None,
                    final_url=state.get("final_url") or None,
                    detail=state.get("detail", ""),
                    checked_at=float(state.get("checked_at") or 0),
                    failing_since=float(state["failing_since"]) if state.get("failing_since") else None,
                    broken=state.get("broken") == "1",
                )
            )
    return result


def broken_urls(client: redis.Redis, catalog: Catalog) -> set[str]:
    """The catalog's URLs currently reported broken."""
    return {url for url, state in _read_states(client, catalog).items() if state.get("broken") == "1"}


def _read_states(client: redis.Redis, catalog: Catalog) -> dict[str, dict]:
    try:
        return history.read_states(client, list(catalog.links_by_url()))
    except (redis.RedisError, OSError) as exc:
        raise Unavailable(str(exc)) from exc


def delivery_problems(client: redis.Redis, settings: Settings, team_id: str | None = None) -> list[dict]:
    """Each destination (of workspace `team_id`, if given) whose last report could not be posted: destination,
    error, reason, since, attempts."""
    try:
        where = [d for d in destinations(settings) if team_id is None or d.team_id == team_id]
        found = [delivery.problem(client, destination) for destination in where]
    except (redis.RedisError, OSError) as exc:
        raise Unavailable(str(exc)) from exc
    return [
        {
            "destination": p.get("destination", ""),
            "error": p.get("error", ""),
            "reason": p.get("reason", ""),
            "since": float(p.get("since") or 0),
            "attempts": int(p.get("attempts") or 0),
            "report": p.get("report"),
        }
        for p in found
        if p
    ]


def shared_problems(client: redis.Redis, settings: Settings) -> list[dict]:
    """The refused reports Slack users may be shown anywhere (`/pyfw links`, the Home's link health): every one with
    a single workspace; none in OAuth mode, where each workspace sees only its own, in its App Home (bot.oauth)."""
    return [] if settings.oauth else delivery_problems(client, settings)


def muted(client: redis.Redis) -> list[mutes.Mute]:
    """The links muted from reports (ended mutes are dropped as they are read)."""
    try:
        return list(mutes.active(client).values())
    except (redis.RedisError, OSError) as exc:
        raise Unavailable(str(exc)) from exc
