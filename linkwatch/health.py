"""Link health for the Slack bot: a small plain API over what the link-check runs stored in Redis.

    latest_health(settings, catalog) -> dict[str, list[LinkHealth]]
        The latest verdict of each catalog link, per entry name in catalog order. Entries none of whose links
        were ever checked are left out, so the result is {} before the first run.
    broken_urls(settings) -> set[str]
        The URLs currently reported broken (failed PYFW_FAIL_THRESHOLD runs in a row and not recovered since),
        for a warning on entry cards.
    start_check(settings, response_url=None) -> str
        Start a check run now, or join the one already going; returns the run id at once. When the run is done,
        its summary is posted to `response_url` (an ephemeral answer to `/pyfw links check`), and the channel
        report is posted as for any run. Needs workers running (`pyfw worker`).

Each call opens its own Redis connection from settings.redis_url; none needs Celery workers to answer except that
start_check's run needs them to progress.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis

from catalog import Catalog
from common.settings import Settings
from linkwatch import history


@dataclass(frozen=True)
class LinkHealth:
    """The latest verdict for one link of an entry. `broken` is True once it is reported broken."""

    entry: str
    title: str
    url: str
    status: str          # ok, moved, broken, restricted, timeout, unreachable, refused
    code: int | None
    final_url: str | None  # the new address when moved
    detail: str
    checked_at: float    # epoch seconds
    failing_since: float | None
    broken: bool


def _client(settings: Settings) -> redis.Redis:
    if not settings.redis_url:
        raise ValueError("REDIS_URL is not set: link health lives in Redis")
    # Short timeouts: the bot reads health while answering, and a Redis that stops answering must not hang it.
    return redis.Redis.from_url(settings.redis_url, decode_responses=True, socket_connect_timeout=2, socket_timeout=2)


def latest_health(settings: Settings, catalog: Catalog) -> dict[str, list[LinkHealth]]:
    """The latest health of every checked catalog link, per entry name (catalog order); {} if never checked."""
    urls = list(dict.fromkeys(link.url for entry in catalog for link in entry.links))
    with _client(settings) as client:
        states = history.read_states(client, urls)
    result: dict[str, list[LinkHealth]] = {}
    for entry in catalog:
        for link in entry.links:
            state = states.get(link.url)
            if not state or not state.get("status"):
                continue
            result.setdefault(entry.name, []).append(LinkHealth(
                entry=entry.name, title=link.title, url=link.url, status=state["status"],
                code=int(state["code"]) if state.get("code") else None, final_url=state.get("final_url") or None,
                detail=state.get("detail", ""), checked_at=float(state.get("checked_at") or 0),
                failing_since=float(state["failing_since"]) if state.get("failing_since") else None,
                broken=state.get("reported_broken") == "1"))
    return result


def broken_urls(settings: Settings, catalog: Catalog | None = None) -> set[str]:
    """URLs currently reported broken (limited to `catalog`'s links when given)."""
    with _client(settings) as client:
        if catalog is not None:
            urls = list(dict.fromkeys(link.url for entry in catalog for link in entry.links))
        else:
            urls = [key[len("pyfw:link:"):] for key in client.scan_iter("pyfw:link:*", count=500)
                    if not key.endswith(":history")]
        states = history.read_states(client, urls)
    return {url for url, state in states.items() if state.get("reported_broken") == "1"}


_apps: dict = {}


def start_check(settings: Settings, response_url: str | None = None) -> str:
    """Start a link-check run now (or join the running one); its summary goes to `response_url` when done."""
    from tasks.jobs import begin_run, make_app  # Celery only for the caller that starts runs

    app = _apps.get(settings)
    if app is None:
        app = _apps[settings] = make_app(settings)
    return begin_run(app, trigger="slash command", response_url=response_url)
