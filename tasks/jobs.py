"""The Celery tasks: one thin wrapper per link-watch job (`linkwatch.runs.Job`), each calling the core with this
app's Redis client, settings, Slack client and `enqueue`.

Retries use Celery's own `autoretry_for` / `retry_backoff` (5 s, doubling); a task whose Slack call was answered
with 429 retries after Slack's Retry-After instead (`RetryLater`). No wait is longer than `RunLimits.max_wait`,
well within the broker's visibility timeout: a task waiting for its retry holds its message, and one held past the
visibility timeout is handed to a second worker while the first still has it. Every task can run twice without
harm: what was done is recorded in Redis (atomically claimed), so a retry continues where the last try stopped.
"""

from __future__ import annotations

import uuid

import redis
from celery import Celery
from slack_sdk.errors import SlackApiError

from catalog import load_catalog
from common.settings import Settings
from linkwatch import delivery, runs
from linkwatch.delivery import RetryLater
from linkwatch.destination import destinations
from linkwatch.limits import RunLimits
from linkwatch.runs import Enqueue, Job

# Slack or Redis trouble (a restart, a failover, a 500, a dropped connection): worth another try a little later.
TRANSIENT = (redis.RedisError, SlackApiError, OSError)


def backoff(limits: RunLimits) -> dict:
    return {
        "retry_backoff": min(5, max(1, round(limits.max_wait / 4))),
        "retry_backoff_max": int(limits.max_wait),
        # No jitter: each run has one finalizer and one check per host, so there is no crowd to spread out.
        "retry_jitter": False,
    }


def enqueuer(app: Celery) -> Enqueue:
    """The core's `enqueue(job, *args)`: send the job's task to the workers."""

    def enqueue(job: Job, *args: str) -> None:
        app.send_task(job, args=list(args))

    return enqueue


def register(app: Celery, settings: Settings, limits: RunLimits) -> None:
    """Define the link watch's tasks on `app`.

    `shared=False`: Celery's default adds every task to every app created later in the same process, so a second
    app (a test's, or one made to start a run) would run the first app's tasks with the first app's settings.
    """
    client = redis.Redis.from_url(settings.redis_url, decode_responses=True)
    slack_for = delivery.slack_for(settings, timeout=limits.post)  # each destination's workspace, its bot token
    enqueue = enqueuer(app)
    retrying = backoff(limits)  # the retry settings every task below shares

    # A scheduled run must not be dropped for a Redis blip.
    @app.task(shared=False, name=Job.SCHEDULED_RUN, autoretry_for=(redis.RedisError,), max_retries=5, **retrying)
    def scheduled_run() -> str:
        return runs.begin_scheduled_run(client, settings, enqueue)

    # The hard time limit kills a check that hangs despite the checker's own deadlines. A retry recomputes the
    # verdicts, which is harmless.
    @app.task(
        shared=False,
        name=Job.CHECK_GROUP,
        soft_time_limit=limits.soft,
        time_limit=limits.hard,
        autoretry_for=(redis.RedisError,),
        max_retries=10,
        **retrying,
    )
    def check_group(run_id: str, group_id: str) -> int:
        return runs.check_group(client, settings, enqueue, run_id, group_id)

    # A finalizer's time limit stays within the visibility timeout (RunLimits.finalize), so a slow one is never
    # running while the broker hands its message to another worker.
    @app.task(
        shared=False,
        name=Job.FINALIZE_RUN,
        bind=True,
        time_limit=limits.finalize,
        autoretry_for=TRANSIENT,
        max_retries=20,
        **retrying,
    )
    def finalize_run(task, run_id: str) -> str:
        try:
            return runs.finalize_run(client, settings, slack_for, run_id, limits)
        except RetryLater as exc:
            raise task.retry(countdown=min(exc.seconds, limits.max_wait)) from None

    # `/pyfw links check`: the bot only queues this (its ack must not wait on the catalog or a run lock).
    @app.task(shared=False, name=Job.START_CHECK, autoretry_for=(redis.RedisError,), max_retries=5, **retrying)
    def start_check(response_url: str) -> str:
        return runs.begin_requested_run(client, settings, enqueue, response_url)

    @app.task(shared=False, name=Job.RECOVER_RUNS)
    def recover_runs() -> list[str]:
        return runs.recover_runs(client, enqueue, limits.stuck)

    @app.task(shared=False, name=Job.POST_DIGEST, bind=True, autoretry_for=TRANSIENT, max_retries=20, **retrying)
    def post_digest(task) -> str:
        links = load_catalog(settings.catalog_path).links_by_url()
        try:
            return (
                ", ".join(
                    delivery.post_digest(
                        client,
                        slack_for(destination),
                        destination,
                        task.request.id or uuid.uuid4().hex,
                        links,
                        limits.claim_stale,
                    )
                    for destination in destinations(settings)
                )
                or "no report channel"
            )
        except RetryLater as exc:
            raise task.retry(countdown=min(exc.seconds, limits.max_wait)) from None
