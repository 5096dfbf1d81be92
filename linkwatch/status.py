"""What `pyfw status` shows: live workers, the newest run, when the next scheduled one is due, broken links.

Read from Redis; the two things only the Celery shell knows (which workers answer a ping, and when the schedule
fires next) are passed in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import redis

from catalog import Catalog
from linkwatch import health
from linkwatch.runs import LAST_RUN, LAST_SCHEDULED, run_key


@dataclass(frozen=True)
class Status:
    """Live workers, the last run (id, state, trigger, times, counts), the next run's time, the broken links."""

    workers: list[str]
    last_run: dict | None
    next_run_at: float | None
    schedule: str
    broken: list[dict]


def read_status(client: redis.Redis, catalog: Catalog, *, workers: list[str], schedule: str,
                seconds_to_next: Callable[[float], float]) -> Status:
    """The status from the run records; `seconds_to_next(last_start)` says how long after a scheduled start at
    `last_start` (epoch seconds) the next one is due. Raises redis.RedisError if Redis is down."""
    last_id = client.get(LAST_RUN)
    last_run = None
    if last_id:
        run = client.hgetall(run_key(last_id))
        if run:
            last_run = {"id": last_id, "state": run.get("state"), "trigger": run.get("trigger"),
                        "started": float(run.get("created") or 0), "updated": float(run.get("updated") or 0),
                        "links": int(run.get("links") or 0), "hosts": int(run.get("groups") or 0)}
    last_scheduled = client.get(LAST_SCHEDULED)
    next_run_at = None
    if last_scheduled:
        next_run_at = time.time() + max(0.0, seconds_to_next(float(last_scheduled)))
    latest = health.latest_health(client, catalog)
    # One row per URL (a URL several entries share is listed once), as the report lists it.
    broken = {h.url: {"url": h.url, "entry": h.entry, "status": h.status, "detail": h.detail,
                      "since": h.failing_since}
              for links in latest.values() for h in links if h.broken}
    return Status(workers, last_run, next_run_at, schedule, list(broken.values()))
