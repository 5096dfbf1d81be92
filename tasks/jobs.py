"""The Celery jobs: a run fans the catalog's links out over the workers, collects the verdicts, and reports.

A run, step by step (every step is a task that can run twice without harm, and all run state lives in Redis):

1. `begin_run` (called by the scheduled task `pyfw.scheduled_run`, by `pyfw.start_run` and by
   `linkwatch.health.start_check`) takes the run lock `pyfw:run:current` or joins the run already going, writes the
   run (its link groups, one per host, so a host's per-host limit holds across workers) and queues
   `pyfw.check_group` for each group.
2. `check_group` checks one group's links and, in one transaction, stores the verdicts and removes the group from
   the run's pending set. The task that empties the set queues `pyfw.finalize_run`.
3. `finalize_run` applies the verdicts to the history and computes the report in one transaction guarded by the
   run's state (so history moves once per run, whoever finalizes), then posts the report's messages one by one,
   recording each message's ts in the run before the next, and answers every `response_url` that asked.

Run state (all under `pyfw:run:{id}`, kept 7 days):
    pyfw:run:{id}            hash: state (checking → reporting → done), created/updated times, trigger,
                             report (JSON), part:{n} ("posting" or the posted ts), responded:{url}
    pyfw:run:{id}:groups     hash: group id → JSON [[url, entry], ...]
    pyfw:run:{id}:pending    set: groups not checked yet
    pyfw:run:{id}:verdicts   hash: url → verdict JSON
    pyfw:run:{id}:responders list: response_urls waiting for this run's summary
    pyfw:runs:active         set: runs not done
Recovery: `redrive(app, run_id)` queues whatever a run still needs (its pending groups, or its finalizer), and the
periodic `pyfw.recover_runs` redrives every active run not updated for `RunLimits.stuck` seconds — e.g. after a worker
was killed and its messages were lost with a Redis restart. Messages of a killed worker are otherwise delivered
again by the broker (acks_late + visibility timeout, see `make_app`).

Exactly-once posting: before each message the run records part:{n}=posting; after Slack answers, the ts. A 429 (or
any answer that says nothing was posted) puts the part back and the task retries after Retry-After. If a worker
dies between Slack's answer and the record, the part stays "posting"; the retry then looks for the message in the
channel history by its metadata (run id, part) before posting again.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis
from celery import Celery
from celery.schedules import crontab, schedule
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from catalog import load_catalog
from catalog.loader import iter_links
from common.settings import Settings, SettingsError
from linkwatch import health, history, report
from linkwatch.checker import CheckOptions, check_links, host_of
from linkwatch.verdict import Verdict

log = logging.getLogger("pyfw.jobs")

@dataclass(frozen=True)
class RunLimits:
    """The time limits of a run, all derived from one number: how long checking one group (one host) may take.

    The checker bounds each link (30 s budget) and runs `per_host` links of a host at once, so a host with 500
    links needs at most ~25 minutes: the default group limit is 30 minutes (PYFW_LINKCHECK_TIME_LIMIT). The
    checker stops starting links at `group` seconds (links not started get a `timeout` verdict and the group still
    completes); Celery's soft limit follows a little later and the hard limit is a backstop that kills a stuck
    process. The broker hands an unacknowledged message to another worker after `visibility`, which must exceed
    the hard limit, or a slow but healthy check would run twice at once. A run with no progress for `stuck` is
    redriven by `recover_runs`, which beat runs every `recover_every`. Workers look for messages whose visibility
    timeout has passed (those of a worker killed outright) every `restore_every`.
    """

    group: float
    soft: float
    hard: float
    visibility: float
    stuck: float
    recover_every: float
    restore_every: float

    @classmethod
    def for_group_limit(cls, group: float) -> RunLimits:
        # Proportions of the 30-minute default: soft +1 min, hard 35 min, visibility 45 min, stuck 50 min.
        hard = group * 7 / 6
        visibility = hard + group / 3
        stuck = visibility + group / 6
        return cls(group=group, soft=group + group / 30, hard=hard, visibility=visibility, stuck=stuck,
                   recover_every=min(300.0, stuck / 2), restore_every=min(100.0, visibility / 2))

    def broker_options(self) -> dict:
        """kombu's Redis transport options: redelivery after `visibility`, looked for every `restore_every`."""
        interval = min(10.0, self.restore_every)
        return {"visibility_timeout": self.visibility, "unacked_restore_interval": interval,
                "unacked_restore_throttle": max(1, round(self.restore_every / interval))}


RUN_LOCK_TTL = 6 * 60 * 60    # a run lock outlives any sane run, and frees itself if a run is abandoned
RUN_KEEP = 7 * 24 * 60 * 60   # finished runs are kept a week for inspection


def run_key(run_id: str, part: str = "") -> str:
    return f"pyfw:run:{run_id}" + (f":{part}" if part else "")


CURRENT_RUN = "pyfw:run:current"
ACTIVE_RUNS = "pyfw:runs:active"
LAST_RUN = "pyfw:runs:last"                # the id of the newest run, for `pyfw status`
LAST_SCHEDULED = "pyfw:runs:last_scheduled"  # when beat last started a run, to tell when the next one is due


def parse_schedule(text: str, variable: str):
    """A Celery schedule from seconds ("86400") or a crontab expression ("0 6 * * *"); SettingsError if neither."""
    text = text.strip()
    try:
        seconds = float(text)
    except ValueError:
        fields = text.split()
        if len(fields) != 5:
            raise SettingsError(f"{variable} must be seconds or a crontab expression with 5 fields "
                                f"(minute hour day month weekday), got {text!r}") from None
        minute, hour, day_of_month, month_of_year, day_of_week = fields
        try:
            return crontab(minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year,
                           day_of_week=day_of_week)
        except ValueError as exc:
            raise SettingsError(f"{variable}: bad crontab expression {text!r}: {exc}") from None
    if seconds < 60:
        raise SettingsError(f"{variable} must be at least 60 seconds, got {text!r}")
    return schedule(timedelta(seconds=seconds))


def make_app(settings: Settings) -> Celery:
    """The Celery app on the Redis at settings.redis_url, with pyfw's tasks and beat schedule."""
    app = Celery("pyfw", broker=settings.redis_url, backend=settings.redis_url, set_as_current=False)
    limits = app.pyfw_limits = RunLimits.for_group_limit(settings.linkcheck_time_limit)
    beat_schedule = {
        "link-check": {"task": "pyfw.scheduled_run",
                       "schedule": parse_schedule(settings.linkcheck_schedule, "PYFW_LINKCHECK_SCHEDULE")},
        "recover-runs": {"task": "pyfw.recover_runs", "schedule": timedelta(seconds=limits.recover_every)},
    }
    if settings.digest_schedule:
        beat_schedule["digest"] = {"task": "pyfw.post_digest",
                                   "schedule": parse_schedule(settings.digest_schedule, "PYFW_DIGEST_SCHEDULE")}
    app.conf.update(
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
        # longest task, or a healthy long check would be started a second time.
        # kombu looks for such messages every `restore_every` (by default every 100 s).
        broker_transport_options=limits.broker_options(),
        result_backend_transport_options={"visibility_timeout": limits.visibility},
        # Run state lives in pyfw's own keys; task results are not read, so they are not kept.
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        # When Redis goes away, a running task's late ack can no longer be sent and its message will be delivered
        # again anyway: cancel such tasks at once rather than let them finish work that will be redone (Celery 6's
        # default). The redelivered copy starts from the run state in Redis.
        worker_cancel_long_running_tasks_on_connection_loss=True,
        task_default_queue="pyfw",
        timezone="UTC",
        beat_schedule=beat_schedule,
    )
    app.pyfw_settings = settings
    register(app)
    return app


def register(app: Celery) -> None:
    """Define pyfw's tasks on `app`.

    `shared=False`: Celery's default adds every task to every app created later in the same process, so a second
    app (a test's, or one made to start a run) would run the first app's tasks with the first app's settings.
    """

    @app.task(shared=False, name="pyfw.scheduled_run", bind=True, max_retries=5)
    def scheduled_run(task) -> str:
        # Retried on Redis trouble (a restart, a failover): a scheduled run must not be dropped for a blip.
        try:
            _redis(app).set(LAST_SCHEDULED, time.time())
            return begin_run(app, trigger="schedule")
        except redis.RedisError as exc:
            raise task.retry(exc=exc, countdown=30) from exc

    @app.task(shared=False, name="pyfw.start_run", bind=True, max_retries=5)
    def start_run(task, trigger: str = "manual", response_url: str | None = None) -> str:
        try:
            return begin_run(app, trigger=trigger, response_url=response_url)
        except redis.RedisError as exc:
            raise task.retry(exc=exc, countdown=10) from exc

    # The hard time limit kills a check that hangs despite the checker's own deadlines. Redis errors retry with
    # backoff: the verdicts are recomputed, which is harmless.
    @app.task(shared=False, name="pyfw.check_group", bind=True, soft_time_limit=app.pyfw_limits.soft,
              time_limit=app.pyfw_limits.hard, autoretry_for=(redis.RedisError,), retry_backoff=5,
              retry_backoff_max=300, max_retries=10)
    def check_group_task(task, run_id: str, group_id: str) -> int:
        return check_group(app, run_id, group_id)

    # Retried on 429 after Retry-After (see finalize), and on any other Slack or Redis trouble with backoff; each
    # retry starts where the last one stopped, since what was done is recorded in the run.
    @app.task(shared=False, name="pyfw.finalize_run", bind=True, time_limit=10 * 60, max_retries=20)
    def finalize_run_task(task, run_id: str) -> str:
        try:
            return finalize_run(app, run_id)
        except _RetryLater as exc:
            raise task.retry(countdown=exc.seconds) from None
        except (redis.RedisError, SlackApiError, OSError) as exc:
            raise task.retry(exc=exc, countdown=min(300, 5 * 2 ** task.request.retries)) from exc

    @app.task(shared=False, name="pyfw.recover_runs")
    def recover_runs_task() -> list[str]:
        return recover_runs(app)

    @app.task(shared=False, name="pyfw.post_digest", bind=True, max_retries=20)
    def post_digest_task(task) -> str:
        try:
            return post_digest(app, task.request.id or uuid.uuid4().hex)
        except _RetryLater as exc:
            raise task.retry(countdown=exc.seconds) from None
        except (redis.RedisError, SlackApiError, OSError) as exc:
            raise task.retry(exc=exc, countdown=min(300, 5 * 2 ** task.request.retries)) from exc


class _RetryLater(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry in {seconds}s")
        self.seconds = seconds


def _redis(app: Celery) -> redis.Redis:
    client = getattr(app, "_pyfw_redis", None)
    if client is None:
        client = app._pyfw_redis = redis.Redis.from_url(app.pyfw_settings.redis_url, decode_responses=True)
    return client


def _slack(app: Celery) -> WebClient:
    settings = app.pyfw_settings
    kwargs = {"base_url": settings.slack_api_url} if settings.slack_api_url else {}
    # No automatic retries inside slack_sdk: a retried post after a dropped connection could post twice. Retries
    # happen in the task, which knows what was posted (see _post_messages).
    return WebClient(token=settings.slack_bot_token, timeout=30, retry_handlers=[], **kwargs)


def check_options(settings: Settings) -> CheckOptions:
    return CheckOptions(allow_private=settings.allow_private_links)


# --- 1. begin ---------------------------------------------------------------------------------------------------

def begin_run(app: Celery, trigger: str, response_url: str | None = None) -> str:
    """Start a run (or join the one going) and queue its checks; returns the run id."""
    client = _redis(app)
    catalog = load_catalog(app.pyfw_settings.catalog_path)  # before the lock: a bad catalog must not hold it
    while True:
        run_id = f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:8]}"
        if client.set(CURRENT_RUN, run_id, nx=True, ex=RUN_LOCK_TTL):
            break
        current = client.get(CURRENT_RUN)
        if not current:
            continue  # the lock was released meanwhile: try again
        state = client.hget(run_key(current), "state")
        lock_age = RUN_LOCK_TTL - client.ttl(CURRENT_RUN)
        if state in ("checking", "reporting") or (state is None and lock_age < 60):
            # Going (or being written this very moment by another process): join it.
            if response_url:
                client.rpush(run_key(current, "responders"), response_url)
                if client.hget(run_key(current), "state") not in ("checking", None):
                    # It is finishing, and its finalizer may have read the askers before this one arrived: queue
                    # another, which answers whoever has not been answered yet.
                    app.send_task("pyfw.finalize_run", args=[current])
            log.info("run %s is going: %s joins it", current, trigger)
            return current
        # A lock whose run is done, or was never written (a crash between the two): take it over.
        _release_lock(client, current)
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    seen: dict[str, list[str]] = defaultdict(list)
    for entry, link in iter_links(catalog):
        if entry.name not in seen[link.url]:
            seen[link.url].append(entry.name)
    for url, names in seen.items():
        groups[host_of(url)].append((url, ", ".join(names)))
    group_ids = {host: f"g{n}" for n, host in enumerate(groups)}
    now = time.time()
    pipe = client.pipeline()
    pipe.hset(run_key(run_id), mapping={"state": "checking", "trigger": trigger, "created": now, "updated": now,
                                        "groups": len(groups), "links": len(seen)})
    if groups:
        pipe.hset(run_key(run_id, "groups"), mapping={group_ids[h]: json.dumps(links) for h, links in groups.items()})
        pipe.sadd(run_key(run_id, "pending"), *group_ids.values())
    if response_url:
        pipe.rpush(run_key(run_id, "responders"), response_url)
    pipe.sadd(ACTIVE_RUNS, run_id)
    pipe.set(LAST_RUN, run_id)
    pipe.execute()
    log.info("run %s started (%s): %d links on %d hosts", run_id, trigger, len(seen), len(groups))
    redrive(app, run_id)
    return run_id


def redrive(app: Celery, run_id: str) -> str:
    """Queue whatever run `run_id` still needs: its unchecked groups, or its finalizer. Safe to call any time."""
    client = _redis(app)
    state = client.hget(run_key(run_id), "state")
    if state == "checking":
        pending = sorted(client.smembers(run_key(run_id, "pending")))
        for group_id in pending:
            app.send_task("pyfw.check_group", args=[run_id, group_id])
        if pending:
            return f"queued {len(pending)} groups"
    if state in ("checking", "reporting"):
        app.send_task("pyfw.finalize_run", args=[run_id])
        return "queued finalize"
    return f"nothing to do (state {state})"


def recover_runs(app: Celery, stuck_after: float | None = None) -> list[str]:
    """Redrive every active run that has not moved for `stuck_after` seconds (default: the app's limit)."""
    client = _redis(app)
    stuck_after = app.pyfw_limits.stuck if stuck_after is None else stuck_after
    redriven = []
    for run_id in sorted(client.smembers(ACTIVE_RUNS)):
        updated = client.hget(run_key(run_id), "updated")
        if updated is None:
            client.srem(ACTIVE_RUNS, run_id)  # expired or never written
            continue
        if time.time() - float(updated) >= stuck_after:
            log.warning("run %s made no progress for %.0fs: redriving (%s)", run_id, time.time() - float(updated),
                        redrive(app, run_id))
            client.hset(run_key(run_id), "updated", time.time())
            redriven.append(run_id)
    return redriven


# --- 2. check ---------------------------------------------------------------------------------------------------

def check_group(app: Celery, run_id: str, group_id: str) -> int:
    """Check one group's links and record them; queues the finalizer when this was the last group."""
    client = _redis(app)
    if not client.sismember(run_key(run_id, "pending"), group_id):
        return 0  # done already (a redelivered or redriven message)
    links = json.loads(client.hget(run_key(run_id, "groups"), group_id) or "[]")
    verdicts = check_links([url for url, _ in links], check_options(app.pyfw_settings),
                           deadline=time.monotonic() + app.pyfw_limits.group)
    pipe = client.pipeline()  # one transaction: the verdicts are stored if and only if the group leaves pending
    if verdicts:
        pipe.hset(run_key(run_id, "verdicts"), mapping={url: json.dumps(v.as_dict()) for url, v in verdicts.items()})
    pipe.srem(run_key(run_id, "pending"), group_id)
    pipe.scard(run_key(run_id, "pending"))
    pipe.hset(run_key(run_id), "updated", time.time())
    *_, removed, remaining, _ = pipe.execute()
    if removed and remaining == 0:
        app.send_task("pyfw.finalize_run", args=[run_id])
    return len(verdicts)


# --- 3. finalize ------------------------------------------------------------------------------------------------

def finalize_run(app: Celery, run_id: str) -> str:
    """Apply the run to the history once, post its report once, answer who asked; resumable at every step."""
    client = _redis(app)
    settings = app.pyfw_settings
    state = client.hget(run_key(run_id), "state")
    if state is None:
        return "unknown run"
    if state == "checking":
        if client.scard(run_key(run_id, "pending")):
            return "still checking"
        _apply(client, run_id, settings.fail_threshold)
    run = client.hgetall(run_key(run_id))
    the_report = history.Report.from_json(run["report"])
    was_done = run.get("state") == "done"
    if the_report.changed and not was_done:
        _post(app, client, run_id, the_report, run)
    for response_url in dict.fromkeys(client.lrange(run_key(run_id, "responders"), 0, -1)):
        if client.hget(run_key(run_id), f"responded:{response_url}"):
            continue
        status = report.respond(response_url, the_report)
        if status == 429 or status >= 500:
            raise _RetryLater(5)
        if status != 200:  # a response_url lives 30 minutes and 5 answers; a stale one is not worth retrying
            log.warning("run %s: the response_url answered %s; summary not delivered", run_id, status)
        client.hset(run_key(run_id), f"responded:{response_url}", time.time())
    if was_done:
        return "done already"
    pipe = client.pipeline()
    pipe.hset(run_key(run_id), mapping={"state": "done", "updated": time.time()})
    pipe.srem(ACTIVE_RUNS, run_id)
    for part in ("", "groups", "pending", "verdicts", "responders"):
        pipe.expire(run_key(run_id, part), RUN_KEEP)
    pipe.execute()
    _release_lock(client, run_id)  # normally freed already; not if a worker died right after applying
    log.info("run %s done: %s", run_id, report.summary_text(the_report))
    return "done"


def _apply(client: redis.Redis, run_id: str, threshold: int) -> None:
    """History and report, in one transaction that happens only while the run is still `checking`."""
    key = run_key(run_id)

    def apply(pipe) -> None:
        if pipe.hget(key, "state") != "checking":
            return  # another finalizer got here first
        verdicts = {url: Verdict.from_dict(json.loads(text))
                    for url, text in pipe.hgetall(run_key(run_id, "verdicts")).items()}
        entries = {url: entry for text in pipe.hvals(run_key(run_id, "groups")) for url, entry in json.loads(text)}
        urls = list(verdicts)
        states = dict(zip(urls, [pipe.hgetall(history.link_key(url)) for url in urls], strict=True))
        new_states, the_report = history.plan_run(run_id, verdicts, entries, states, threshold)
        pipe.multi()
        history.write_states(pipe, new_states)
        pipe.hset(key, mapping={"state": "reporting", "report": the_report.to_json(), "updated": time.time()})

    # WATCH the run hash: if another finalizer moves the run on meanwhile, this transaction is redone and then
    # finds the run no longer `checking`, so the history moves exactly once per run.
    client.transaction(apply, key)
    _release_lock(client, run_id)  # the run is checked: the next one may start


def _release_lock(client: redis.Redis, run_id: str) -> None:
    """Free the run lock if `run_id` holds it (compare and delete in one step, so another run's lock survives)."""
    client.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
                1, CURRENT_RUN, run_id)


def _post(app: Celery, client: redis.Redis, run_id: str, the_report: history.Report, run: dict) -> None:
    settings = app.pyfw_settings
    if not settings.report_channel or not settings.slack_bot_token:
        log.warning("run %s changed link health but PYFW_REPORT_CHANNEL or SLACK_BOT_TOKEN is not set: not posted",
                    run_id)
        return
    _post_messages(client, _slack(app), settings.report_channel, run_key(run_id), run_id,
                   report.report_messages(the_report), float(run.get("created") or 0))


def _post_messages(client: redis.Redis, slack: WebClient, channel: str, key: str, run_id: str,
                   messages: list, oldest: float) -> None:
    """Post each message once, recording part:{n} in hash `key` ("posting", then the ts); raises _RetryLater."""
    thread_ts = None
    for part, (text, blocks) in enumerate(messages):
        field = f"part:{part}"
        recorded = client.hget(key, field)
        if recorded and recorded != "posting":
            thread_ts = thread_ts or recorded
            continue
        if recorded == "posting":  # a previous attempt may have reached Slack: look before posting again
            found = report.find_posted(slack, channel, run_id, part, oldest, thread_ts if part else None)
            if found:
                client.hset(key, field, found)
                thread_ts = thread_ts or found
                continue
        client.hset(key, field, "posting")
        try:
            ts = report.post_message(slack, channel, text, blocks, thread_ts if part else None, run_id, part)
        except SlackApiError as exc:
            client.hdel(key, field)  # Slack answered with an error, so nothing was posted: safe to post again
            if exc.response.status_code == 429:
                retry_after = float(exc.response.headers.get("Retry-After", exc.response.headers.get(
                    "retry-after", 5)) or 5)
                log.warning("%s: Slack says 429, retrying in %ss", key, retry_after)
                raise _RetryLater(min(retry_after, 300)) from None
            raise
        client.hset(key, field, ts)
        thread_ts = thread_ts or ts


# --- digest -----------------------------------------------------------------------------------------------------

def post_digest(app: Celery, digest_id: str) -> str:
    """Post the current health of every catalog link, even when all is well (once per `digest_id`)."""
    client = _redis(app)
    settings = app.pyfw_settings
    catalog = load_catalog(settings.catalog_path)
    urls, entries = [], {}
    for entry, link in iter_links(catalog):
        if link.url not in entries:
            urls.append(link.url)
        entries[link.url] = ", ".join(filter(None, [entries.get(link.url), entry.name]))
    states = history.read_states(client, urls)
    counts: dict[str, int] = {}
    broken = []
    for url in urls:
        state = states[url]
        status = state.get("status") or "unchecked"
        counts[status] = counts.get(status, 0) + 1
        if state.get("reported_broken") == "1":
            broken.append(history.Item(url, entries[url], state.get("detail", ""),
                                       float(state.get("failing_since") or 0) or None))
    digest = history.Report(f"digest-{digest_id}", time.time(), counts, broken=broken, digest=True)
    if not settings.report_channel or not settings.slack_bot_token:
        log.warning("digest not posted: PYFW_REPORT_CHANNEL or SLACK_BOT_TOKEN is not set")
        return "not posted"
    key = f"pyfw:digest:{digest_id}"
    _post_messages(client, _slack(app), settings.report_channel, key, digest.run_id, report.report_messages(digest),
                   time.time() - 3600)
    client.expire(key, RUN_KEEP)
    return "posted"


# --- status -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Status:
    """What `pyfw status` shows: live workers, the newest run, when the next scheduled one is due, broken links."""

    workers: list[str]
    last_run: dict | None
    next_run_at: float | None
    schedule: str
    broken: list[dict]


def status(app: Celery, ping_timeout: float = 2.0) -> Status:
    """Ask the workers to answer a ping and read the run records; raises redis.RedisError if Redis is down."""
    client = _redis(app)
    client.ping()
    workers = sorted(name for reply in app.control.ping(timeout=ping_timeout) or [] for name in reply)
    last_id = client.get(LAST_RUN)
    last_run = None
    if last_id:
        run = client.hgetall(run_key(last_id))
        if run:
            last_run = {"id": last_id, "state": run.get("state"), "trigger": run.get("trigger"),
                        "started": float(run.get("created") or 0), "updated": float(run.get("updated") or 0),
                        "links": int(run.get("links") or 0), "hosts": int(run.get("groups") or 0)}
    settings = app.pyfw_settings
    schedule_ = parse_schedule(settings.linkcheck_schedule, "PYFW_LINKCHECK_SCHEDULE")
    last_scheduled = client.get(LAST_SCHEDULED)
    next_run_at = None
    if last_scheduled:
        since = datetime.fromtimestamp(float(last_scheduled), tz=UTC)
        next_run_at = time.time() + max(0.0, schedule_.remaining_estimate(since).total_seconds())
    latest = health.latest_health(settings, load_catalog(settings.catalog_path))
    # One row per URL (a URL several entries share is listed once), as the report lists it.
    broken = {h.url: {"url": h.url, "entry": h.entry, "status": h.status, "detail": h.detail,
                      "since": h.failing_since}
              for links in latest.values() for h in links if h.broken}
    return Status(workers, last_run, next_run_at, settings.linkcheck_schedule, list(broken.values()))
