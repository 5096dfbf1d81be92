"""`pyfw worker` and `pyfw beat`: the Celery worker that checks links, and the scheduler (one fires per deployment,
others stand by).

Both check their footing first — REDIS_URL set and reachable, the catalog valid, the schedules readable — and stop
with one clear line and exit 1 when something is wrong, before Celery starts.
"""

from __future__ import annotations

import argparse
from urllib.parse import urlsplit

from catalog import load_catalog
from common.logs import setup_logging
from common.settings import Settings, SettingsError, redis_location


def add_parser(subparsers) -> None:
    worker = subparsers.add_parser("worker", help="run a Celery worker that checks links (Procfile: worker)")
    worker.add_argument(
        "--concurrency", type=int, default=None, metavar="N", help="tasks run at once (default: one per CPU)"
    )
    worker.set_defaults(run=run_worker)
    beat = subparsers.add_parser("beat", help="run the schedule; one fires, others stand by (Procfile: beat)")
    beat.set_defaults(run=run_beat)


def preflight(settings: Settings):
    """The Celery app, once Redis answers, the catalog loads and the schedules parse; raises with one clear line."""
    import redis  # here, not at the top: every `pyfw` command imports this module

    from tasks.app import make_app

    if not settings.redis_url:
        raise SettingsError("REDIS_URL is not set: the worker and beat need a Redis (e.g. redis://localhost:6379/0)")
    try:
        urlsplit(settings.redis_url).port  # noqa: B018 - raises on a bad port
        client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=3, socket_timeout=3)
    except ValueError as exc:
        raise SettingsError(f"REDIS_URL is not a usable Redis URL: {exc}") from None
    try:
        client.ping()
    except redis.RedisError as exc:
        raise SettingsError(f"cannot reach Redis at {redis_location(settings.redis_url)} (REDIS_URL): {exc}") from None
    finally:
        client.close()
    if settings.oauth:
        _check_installations(settings)
    catalog = load_catalog(settings.catalog_path)
    if not any(entry.links for entry in catalog):
        raise SettingsError(f"{catalog.source}: no links to check")
    return make_app(settings)


def _check_installations(settings: Settings) -> None:
    """OAuth mode: reports go to each installed workspace, so the installations database must open (the same one
    `pyfw web` uses: PYFW_DATABASE_URL, or the same PYFW_DATA_DIR on the same machine) and SLACK_CLIENT_ID be set."""
    from workspaces import Workspaces, WorkspacesError, WorkspacesUnavailable

    if not settings.slack_client_id:
        raise SettingsError("SLACK_CLIENT_ID not set: in OAuth mode workers find each workspace's bot token by it")
    try:  # its own engine, closed again before Celery forks its pool
        workspaces = Workspaces(settings.database, settings.slack_client_id)
        workspaces.create_tables()
        workspaces.engine.dispose()
    except (WorkspacesError, WorkspacesUnavailable) as exc:
        raise SettingsError(str(exc)) from None


def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    app = preflight(settings)
    setup_logging(settings)
    app.conf.worker_hijack_root_logger = False  # keep pyfw's log format and its secret redaction
    argv = ["worker", "--loglevel=INFO", "--queues=pyfw"]
    if args.concurrency:
        argv.append(f"--concurrency={args.concurrency}")
    return app.worker_main(argv) or 0


def run_beat(args: argparse.Namespace, settings: Settings) -> int:
    app = preflight(settings)
    setup_logging(settings)
    app.conf.worker_hijack_root_logger = False
    # Beat keeps its schedule (when each job last ran) and its lock in Redis (tasks/app.py): any number of beats
    # may run, one fires and the others stand by.
    return app.start(["beat", "--loglevel=INFO"]) or 0
