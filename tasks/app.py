"""The Celery app: broker and result backend on REDIS_URL, the link watch's tasks, the beat schedule, and the
reliability settings, each with the reason it is set.

Beat keeps its schedule in Redis (celery-redbeat), per deployment: when each job last ran survives restarts, and a
lock lets only one beat fire while any other stands by, taking over within `BEAT_LOCK` seconds if the first dies.

Also the ways into the workers from outside them: `queue_check` and `workers_alive` (the bot's `/pyfw links
check`), `status` (`pyfw status`) and `slack_for` (`pyfw links report --resend`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import redis
from celery import Celery
from celery.schedules import crontab, schedule
from slack_sdk import WebClient

from catalog import load_catalog
from common.settings import Settings, SettingsError
from linkwatch import delivery, health
from linkwatch.destination import Destination
from linkwatch.limits import RunLimits
from linkwatch.runs import Job
from linkwatch.status import Status, read_status
from tasks.jobs import register

BEAT_TICK = 5  # seconds: beat looks at its schedule (and renews its lock) at least this often
BEAT_LOCK = 25  # seconds: a standby beat takes over this long after the active one stopped renewing
SEND_TIMEOUT = 2  # seconds the bot's request may wait on Redis to queue a check


def parse_schedule(text: str, variable: str):
    """A Celery schedule from seconds ("86400") or a crontab expression ("0 6 * * *"); SettingsError if neither."""
    text = text.strip()
    try:
        seconds = float(text)
    except ValueError:
        fields = text.split()
        if len(fields) != 5:
            raise SettingsError(
                f"{variable} must be seconds or a crontab expression with 5 fields "
                f"(minute hour day month weekday), got {text!r}"
            ) from None
        minute, hour, day_of_month, month_of_year, day_of_week = fields
        try:
            return crontab(
                minute=minute,
                hour=hour,
                day_of_month=day_of_month,
                month_of_year=month_of_year,
                day_of_week=day_of_week,
            )
        except ValueError as exc:
            raise SettingsError(f"{variable}: bad crontab expression {text!r}: {exc}") from None
    if seconds < 60:
        raise SettingsError(f"{variable} must be at least 60 seconds, got {text!r}")
    return schedule(timedelta(seconds=seconds))


def make_app(settings: Settings) -> Celery:
    """The Celery app on the Redis at settings.redis_url, with the link watch's tasks and beat schedule."""
    app = Celery("pyfw", broker=settings.redis_url, backend=settings.redis_url, set_as_current=False)
    limits = RunLimits.for_group_limit(settings.linkcheck_time_limit)
    beat_schedule = {
        "link-check": {
            "task": Job.SCHEDULED_RUN,
            "schedule": parse_schedule(settings.linkcheck_schedule, "PYFW_LINKCHECK_SCHEDULE"),
        },
        "recover-runs": {"task": Job.RECOVER_RUNS, "schedule": timedelta(seconds=limits.recover_every)},
    }
    if settings.digest_schedule:
        beat_schedule["digest"] = {
            "task": Job.POST_DIGEST,
            "schedule": parse_schedule(settings.digest_schedule, "PYFW_DIGEST_SCHEDULE"),
        }
    restore_every = min(10.0, limits.restore_every)
    app.conf.update(
        # The schedule lives in Redis under pyfw:beat (celery-redbeat), not in a file: a file in a shared temp folder
        # leaked between deployments on one machine. Beat wakes at least every BEAT_TICK seconds and then renews
        # its lock for BEAT_LOCK seconds; a second beat blocks on the lock (stands by) until the first stops
        # renewing. Redis calls are retried while Redis is away, so beat survives a Redis restart.
        beat_scheduler="redbeat.RedBeatScheduler",
        redbeat_redis_url=settings.redis_url,
        redbeat_key_prefix="pyfw:beat",
        redbeat_lock_timeout=BEAT_LOCK,
        redbeat_redis_options={"retry_period": -1},
        beat_max_loop_interval=BEAT_TICK,
        # Acknowledge a message only when its task has finished: a worker that dies mid-task leaves the message
        # unacknowledged, and the broker delivers it again. Safe because every task is idempotent.
        task_acks_late=True,
        # If the process running a task is killed (OOM, SIGKILL), requeue its message instead of acknowledging
        # it as failed, so the run is not left with a hole.
        task_reject_on_worker_lost=True,
        # With late acks a worker should not hoard messages: each prefetched message would wait behind a long check
        # and be held hostage if the worker died.
        worker_prefetch_multiplier=1,
        # Redis redelivers an unacknowledged message after the visibility timeout; it must be longer than the
        # longest task, or a healthy long check would be started a second time. kombu looks for such messages
        # every `restore_every` (by default every 100 s), checking every `unacked_restore_interval` seconds
        # whether that much time has passed.
        broker_transport_options={
            "visibility_timeout": limits.visibility,
            "unacked_restore_interval": restore_every,
            "unacked_restore_throttle": max(1, round(limits.restore_every / restore_every)),
        },
        result_backend_transport_options={"visibility_timeout": limits.visibility},
        # Run state lives in the link watch's own keys; task results are not read, so they are not kept.
        task_ignore_result=True,
        # A worker started before Redis is up (or during a failover) keeps trying instead of exiting.
        broker_connection_retry_on_startup=True,
        # When Redis goes away, a running task's late ack can no longer be sent and its message will be delivered
        # again anyway: cancel such tasks at once rather than let them finish work that will be redone (Celery 6's
        # default). The redelivered copy starts from the run state in Redis.
        worker_cancel_long_running_tasks_on_connection_loss=True,
        task_default_queue="pyfw",
        timezone="UTC",
        beat_schedule=beat_schedule,
    )
    register(app, settings, limits)
    return app


_apps: dict[Settings, Celery] = {}


def _sending_app(settings: Settings) -> Celery:
    """An app for sending from the bot, whose broker calls give up after SEND_TIMEOUT seconds (a person waits)."""
    app = _apps.get(settings)
    if app is None:
        app = _apps[settings] = make_app(settings)
        # kombu would otherwise retry connecting for many seconds (a worker wants that; a person does not).
        app.conf.broker_transport_options = {
            **app.conf.broker_transport_options,
            "socket_timeout": SEND_TIMEOUT,
            "socket_connect_timeout": SEND_TIMEOUT,
            "max_retries": 1,
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.2,
        }
    return app


def queue_check(settings: Settings, response_url: str | None = None) -> None:
    """Queue a link check for `/pyfw links check` (a worker begins or joins a run and answers `response_url`).

    Nothing but one message to Redis, sent without retries and with short socket timeouts, so the command's ack
    never waits on the catalog, a run lock or a Redis that is away. Raises `health.Unavailable` when Redis cannot
    be reached.
    """
    app = _sending_app(settings)
    try:
        with redis.Redis.from_url(
            settings.redis_url, socket_connect_timeout=SEND_TIMEOUT, socket_timeout=SEND_TIMEOUT
        ) as client:
            client.ping()  # fails fast when Redis is away
        if response_url:
            app.send_task(Job.START_CHECK, args=[response_url], retry=False)
        else:
            app.send_task(Job.SCHEDULED_RUN, retry=False)
    except Exception as exc:  # kombu's and redis's connection errors alike
        raise health.Unavailable(str(exc)) from exc


def workers_alive(settings: Settings, timeout: float = 1.0) -> list[str]:
    """The workers that answer a ping within `timeout` seconds ([] when none, or Redis cannot be reached)."""
    try:
        return sorted(name for reply in _sending_app(settings).control.ping(timeout=timeout) or [] for name in reply)
    except Exception:  # noqa: BLE001 - no answer is the answer
        return []


def slack_for(settings: Settings) -> Callable[[Destination], WebClient]:
    """The Web API client for each destination (its workspace's bot token)."""
    return delivery.slack_for(settings, timeout=RunLimits.for_group_limit(settings.linkcheck_time_limit).post)


def status(settings: Settings, ping_timeout: float = 2.0) -> Status:
    """Ask the workers to answer a ping and read the run records; raises redis.RedisError if Redis is down."""
    app = make_app(settings)
    with redis.Redis.from_url(settings.redis_url, decode_responses=True) as client:
        client.ping()
        workers = sorted(name for reply in app.control.ping(timeout=ping_timeout) or [] for name in reply)
        every = parse_schedule(settings.linkcheck_schedule, "PYFW_LINKCHECK_SCHEDULE")

        def seconds_to_next(last_start: float) -> float:
            return every.remaining_estimate(datetime.fromtimestamp(last_start, tz=UTC)).total_seconds()

        return read_status(
            client, load_catalog(settings.catalog_path), settings, workers=workers, seconds_to_next=seconds_to_next
        )
