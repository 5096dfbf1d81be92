"""Helpers shared by the test modules (fixtures for real servers are in conftest.py)."""

from __future__ import annotations

import time

import redis

from common.settings import Settings
from linkwatch import runs
from tasks.app import make_app
from tasks.jobs import enqueuer


def wait_until(condition, timeout: float = 20.0, what: str = "condition"):
    """Poll `condition` until it returns something true (returned), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def write_catalog(path, links: dict[str, list[str]]) -> str:
    """A catalog file with one entry per name, each with the given URLs."""
    parts = []
    for name, urls in links.items():
        link_lines = ", ".join(f'{{ title = "{name} docs {n}", url = "{url}" }}' for n, url in enumerate(urls))
        parts.append(f'[[entry]]\nname = "{name}"\ncategory = "Backend Frameworks"\noverview = "{name}."\n'
                     f'features = ["things"]\nlinks = [{link_lines}]\n')
    path.write_text("\n".join(parts), encoding="utf-8")
    return str(path)


def start_run(settings: Settings, trigger: str = "test") -> str:
    """Begin a link-check run as the bot or beat would, queuing its jobs for whatever workers listen."""
    with redis.Redis.from_url(settings.redis_url, decode_responses=True) as client:
        return runs.begin_run(client, settings, enqueuer(make_app(settings)), trigger=trigger)


def run_state(store: redis.Redis, run_id: str) -> str | None:
    return store.hget(runs.run_key(run_id), "state")
