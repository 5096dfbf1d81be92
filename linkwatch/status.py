"""What `pyfw status` shows: live workers, the newest run, when the next scheduled one is due, broken links,
reports Slack refused (and why), muted links.

Read from Redis; the two things only the Celery shell knows (which workers answer a ping, and when the schedule
fires next) are passed in.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis

from catalog import Catalog
from common.settings import Settings
from linkwatch import health
from linkwatch.runs import ACTIVE_RUNS, LAST_RUN, LAST_SCHEDULED, run_key


@dataclass(frozen=True)
class Status:
    """Live workers, the last run (id, state, trigger, times, counts), the next run's time, the broken links."""

    workers: list[str]
    last_run: dict | None
    next_run_at: float | None
    schedule: str
    broken: list[dict]
    undelivered: list[dict]  # destinations whose last report Slack refused: reason, since, attempts
    muted: list[dict]  # links muted from reports: url, until (None: until it changes), by
    active: list[dict]  # runs not done yet besides the last one (a run still posting is never hidden)


def read_status(
    client: redis.Redis,
    catalog: Catalog,
    settings: Settings,
    *,
    workers: list[str],
    seconds_to_next: Callable[[float], float],
) -> Status:
    """The status from the run records; `seconds_to_next(last_start)` says how long after a scheduled start at
    `last_start` (epoch seconds) the next one is due. Raises redis.RedisError if Redis is down."""
    last_id = client.get(LAST_RUN)
    last_run = _run(client, last_id) if last_id else None
    active = [
        run
        for run_id in sorted(client.smembers(ACTIVE_RUNS))
        if run_id != last_id
        for run in [_run(client, run_id)]
        if run
    ]
    last_scheduled = client.get(LAST_SCHEDULED)
    next_run_at = None
    if last_scheduled:
        next_run_at = time.time() + max(0.0, seconds_to_next(float(last_scheduled)))
    latest = health.latest_health(client, catalog)
    # One row per URL (a URL several entries share is listed once), as the report lists it.
    broken = {
        h.url: {"url": h.url, "entry": h.entry, "status": h.status, "detail": h.detail, "since": h.failing_since}
        for links in latest.values()
        for h in links
        if h.broken
    }
    muted = [{"url": m.url, "mode": m.mode, "until": m.until, "by": m.by, "at": m.at} for m in health.muted(client)]
    return Status(
        workers,
        last_run,
        next_run_at,
        settings.linkcheck_schedule,
        list(broken.values()),
        health.delivery_problems(client, settings),
        muted,
        active,
    )


def _run(client: redis.Redis, run_id: str) -> dict | None:
    run = client.hgetall(run_key(run_id))
    if not run:
        return None
    outcomes = {
        field.split(":", 1)[1]: json.loads(text)["state"] for field, text in run.items() if field.startswith("outcome:")
    }
    return {
        "id": run_id,
        "state": run.get("state"),
        "trigger": run.get("trigger"),
        "started": float(run.get("created") or 0),
        "updated": float(run.get("updated") or 0),
        "links": int(run.get("links") or 0),
        "hosts": int(run.get("groups") or 0),
        "delivery": outcomes,
    }
