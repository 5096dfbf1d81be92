"""Link-check runs: a run fans the catalog's links out as one job per host, collects the verdicts, and reports.

Plain Python (no Celery) on a Redis client (decode_responses=True), the settings and an `enqueue(job, *args)`
callable that queues a job by name: the Celery shell (`tasks/`) passes one that sends the task, and runs the jobs.

A run, step by step (every step can run twice without harm, and all run state lives in Redis):

1. `begin_run` (on the schedule, for `/pyfw links check`, or from a test) takes the run lock `pyfw:run:current` or
   joins the run already going, writes the run (its link groups, one per host, so a host's per-host limit holds
   across workers) and queues `Job.CHECK_GROUP` for each group.
2. `check_group` checks one group's links and, in one transaction, stores the verdicts and removes the group from
   the run's pending set. The call that empties the set queues `Job.FINALIZE_RUN`.
3. `finalize_run` applies the verdicts to the history (`changes.plan_run`, pure) in one transaction guarded by
   the run's state, so the history moves once per run whoever finalizes; then, for each destination,
   `linkwatch.delivery` posts what that destination has not been told yet, exactly once (or records why it
   cannot), and every `response_url` that asked gets the outcome.

Run state (all under `pyfw:run:{id}`, kept 7 days):
    pyfw:run:{id}            hash: state (`RunState`), created/updated times, trigger, counts (JSON),
                             outcome:{destination} (JSON), responded:{url}
    pyfw:run:{id}:groups     hash: group id → JSON [[url, entry], ...]
    pyfw:run:{id}:pending    set: groups not checked yet
    pyfw:run:{id}:verdicts   hash: url → verdict JSON
    pyfw:run:{id}:responders list: response_urls waiting for this run's summary
    pyfw:runs:active         set: runs not done
Recovery: `redrive` queues what a run still needs (pending groups, or its finalizer); `recover_runs` redrives every
active run not updated for `RunLimits.stuck` seconds (a killed worker whose messages a Redis restart lost). A
finalizer waiting to retry a post is progress until its retry is due (`updated` is set to then): never "stuck".
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum

import redis

from catalog import CatalogError, Entry, load_catalog
from common.response_url import allowed_response_url
from common.settings import Settings
from linkwatch import askers, delivery, history, mutes
from linkwatch.changes import plan_run
from linkwatch.checker import CheckOptions, check_links, host_of
from linkwatch.delivery import Outcome, RetryLater, SlackFor
from linkwatch.destination import Destination, destinations
from linkwatch.limits import RunLimits
from linkwatch.report import counts_text
from linkwatch.verdict import Verdict

log = logging.getLogger("pyfw.runs")


class RunState(StrEnum):
    CHECKING = "checking"  # groups are being checked
    REPORTING = "reporting"  # the history has moved; the report is being posted
    DONE = "done"


class Job(StrEnum):
    """The jobs of the link watch, by the name the Celery shell gives its task for each."""

    SCHEDULED_RUN = "pyfw.scheduled_run"
    CHECK_GROUP = "pyfw.check_group"
    FINALIZE_RUN = "pyfw.finalize_run"
    RECOVER_RUNS = "pyfw.recover_runs"
    POST_DIGEST = "pyfw.post_digest"
    START_CHECK = "pyfw.start_check"  # `/pyfw links check`: begin (or join) a run for an asker


Enqueue = Callable[..., object]  # enqueue(Job.CHECK_GROUP, run_id, group_id): run that job later, on a worker

RUN_LOCK_TTL = 6 * 60 * 60  # a run lock outlives any sane run, and frees itself if a run is abandoned
RUN_KEEP = 7 * 24 * 60 * 60  # finished runs are kept a week for inspection
CURRENT_RUN = "pyfw:run:current"
ACTIVE_RUNS = "pyfw:runs:active"
LAST_RUN = "pyfw:runs:last"  # the id of the newest run, for `pyfw status`
LAST_SCHEDULED = "pyfw:runs:last_scheduled"  # when beat last started a run, to tell when the next one is due


def run_key(run_id: str, part: str = "") -> str:
    return f"pyfw:run:{run_id}" + (f":{part}" if part else "")


# --- pure -------------------------------------------------------------------------------------------------------


def group_links(links_by_url: Mapping[str, Sequence[Entry]]) -> dict[str, list[tuple[str, str]]]:
    """A run's work: each URL once, with the names of the entries using it, grouped by host (one job per host)."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for url, entries in links_by_url.items():
        groups[host_of(url)].append((url, ", ".join(entry.name for entry in entries)))
    return dict(groups)


# --- 1. begin ---------------------------------------------------------------------------------------------------


def begin_run(
    client: redis.Redis, settings: Settings, enqueue: Enqueue, trigger: str, response_url: str | None = None
) -> str:
    """Start a run (or join the one going) and queue its checks; returns the run id. A response_url not Slack's
    (`common.response_url`) is never stored: the run goes on without answering it."""
    if response_url and not allowed_response_url(response_url, settings.slack_api_url, log, trigger):
        response_url = None
    catalog = load_catalog(settings.catalog_path)  # before the lock: a bad catalog must not hold it
    while True:
        run_id = f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:8]}"
        if client.set(CURRENT_RUN, run_id, nx=True, ex=RUN_LOCK_TTL):
            break
        current = client.get(CURRENT_RUN)
        if not current:
            continue  # the lock was released meanwhile: try again
        state = client.hget(run_key(current), "state")
        lock_age = RUN_LOCK_TTL - client.ttl(CURRENT_RUN)
        if state in (RunState.CHECKING, RunState.REPORTING) or (state is None and lock_age < 60):
            # Going (or being written this very moment by another process): join it.
            if response_url:
                client.rpush(run_key(current, "responders"), response_url)
                if client.hget(run_key(current), "state") not in (RunState.CHECKING, None):
                    # It is finishing, and its finalizer may have read the askers before this one arrived: queue
                    # another, which answers whoever has not been answered yet.
                    enqueue(Job.FINALIZE_RUN, current)
            log.info("run %s is going: %s joins it", current, trigger)
            return current
        # A lock whose run is done, or was never written (a crash between the two): take it over.
        _release_lock(client, current)
    links = catalog.links_by_url()
    groups = group_links(links)
    group_ids = {host: f"g{n}" for n, host in enumerate(groups)}
    now = time.time()
    pipe = client.pipeline()
    pipe.hset(
        run_key(run_id),
        mapping={
            "state": RunState.CHECKING,
            "trigger": trigger,
            "created": now,
            "updated": now,
            "groups": len(groups),
            "links": len(links),
        },
    )
    if groups:
        pipe.hset(
            run_key(run_id, "groups"),
            mapping={group_ids[host]: json.dumps(members) for host, members in groups.items()},
        )
        pipe.sadd(run_key(run_id, "pending"), *group_ids.values())
    if response_url:
        pipe.rpush(run_key(run_id, "responders"), response_url)
    pipe.sadd(ACTIVE_RUNS, run_id)
    pipe.set(LAST_RUN, run_id)
    pipe.execute()
    log.info("run %s started (%s): %d links on %d hosts", run_id, trigger, len(links), len(groups))
    redrive(client, enqueue, run_id)
    return run_id


def begin_requested_run(client: redis.Redis, settings: Settings, enqueue: Enqueue, response_url: str) -> str:
    """`begin_run` for `/pyfw links check` (queued by the bot, run on a worker); a catalog that cannot be read is
    told to the asker, who would otherwise wait for an answer that never comes."""
    try:
        return begin_run(client, settings, enqueue, trigger="slash command", response_url=response_url)
    except CatalogError as exc:
        log.error("a link check asked for from Slack cannot start: %s", exc)
        askers.respond(response_url, f"The link check could not start: {exc}", slack_api_url=settings.slack_api_url)
        return ""


def begin_scheduled_run(client: redis.Redis, settings: Settings, enqueue: Enqueue) -> str:
    """`begin_run` for the schedule, noting when it ran so `pyfw status` can tell when the next is due."""
    client.set(LAST_SCHEDULED, time.time())
    return begin_run(client, settings, enqueue, trigger="schedule")


def redrive(client: redis.Redis, enqueue: Enqueue, run_id: str) -> str:
    """Queue whatever run `run_id` still needs: its unchecked groups, or its finalizer. Safe to call any time."""
    state = client.hget(run_key(run_id), "state")
    if state == RunState.CHECKING:
        pending = sorted(client.smembers(run_key(run_id, "pending")))
        for group_id in pending:
            enqueue(Job.CHECK_GROUP, run_id, group_id)
        if pending:
            return f"queued {len(pending)} groups"
    if state in (RunState.CHECKING, RunState.REPORTING):
        enqueue(Job.FINALIZE_RUN, run_id)
        return "queued finalize"
    return f"nothing to do (state {state})"


def recover_runs(client: redis.Redis, enqueue: Enqueue, stuck_after: float) -> list[str]:
    """Redrive every active run that has not moved for `stuck_after` seconds (`RunLimits.stuck` on the schedule);
    a run whose finalizer waits for a retry has `updated` in the future until then, so it is not stuck."""
    redriven = []
    for run_id in sorted(client.smembers(ACTIVE_RUNS)):
        updated = client.hget(run_key(run_id), "updated")
        if updated is None:
            client.srem(ACTIVE_RUNS, run_id)  # expired or never written
            continue
        if time.time() - float(updated) >= stuck_after:
            log.warning(
                "run %s made no progress for %.0fs: redriving (%s)",
                run_id,
                time.time() - float(updated),
                redrive(client, enqueue, run_id),
            )
            client.hset(run_key(run_id), "updated", time.time())
            redriven.append(run_id)
    return redriven


# --- 2. check ---------------------------------------------------------------------------------------------------


def check_group(client: redis.Redis, settings: Settings, enqueue: Enqueue, run_id: str, group_id: str) -> int:
    """Check one group's links and record them; queues the finalizer when this was the last group."""
    if not client.sismember(run_key(run_id, "pending"), group_id):
        return 0  # done already (a redelivered or redriven message)
    links = json.loads(client.hget(run_key(run_id, "groups"), group_id) or "[]")
    limit = RunLimits.for_group_limit(settings.linkcheck_time_limit).group
    verdicts = check_links(
        [url for url, _ in links],
        CheckOptions(allow_private=settings.allow_private_links),
        deadline=time.monotonic() + limit,
    )
    pipe = client.pipeline()  # one transaction: the verdicts are stored if and only if the group leaves pending
    if verdicts:
        pipe.hset(run_key(run_id, "verdicts"), mapping={url: json.dumps(v.as_dict()) for url, v in verdicts.items()})
    pipe.srem(run_key(run_id, "pending"), group_id)
    pipe.scard(run_key(run_id, "pending"))
    pipe.hset(run_key(run_id), "updated", time.time())
    *_, removed, remaining, _ = pipe.execute()
    if removed and remaining == 0:
        enqueue(Job.FINALIZE_RUN, run_id)
    return len(verdicts)


# --- 3. finalize ------------------------------------------------------------------------------------------------


def finalize_run(
    client: redis.Redis, settings: Settings, slack_for: SlackFor, run_id: str, limits: RunLimits | None = None
) -> str:
    """Apply the run to the history once, deliver to each destination once, answer who asked; resumable.

    Raises `delivery.RetryLater` when Slack (or another copy of this job) asks to wait; a retry continues where
    this call stopped.
    """
    limits = limits or RunLimits.for_group_limit(settings.linkcheck_time_limit)
    key = run_key(run_id)
    state = client.hget(key, "state")
    if state is None:
        return "unknown run"
    if state == RunState.CHECKING:
        if client.scard(run_key(run_id, "pending")):
            return "still checking"
        _apply(client, run_id, settings.fail_threshold)
    client.hset(key, "updated", time.time())
    try:
        outcomes = _deliver(client, slack_for, run_id, destinations(settings), limits)
    except RetryLater as exc:
        exc.seconds = min(exc.seconds, limits.max_wait)
        client.hset(key, "updated", time.time() + exc.seconds)  # waiting on Slack is not being stuck
        raise
    run = client.hgetall(key)
    counts = json.loads(run.get("counts") or "{}")
    askers.answer_askers(
        client,
        key,
        client.lrange(run_key(run_id, "responders"), 0, -1),
        askers.asker_message(counts, outcomes, time.time(), name_destinations=not settings.oauth),
        settings.slack_api_url,
    )
    if run.get("state") == RunState.DONE:
        return "done already"
    pipe = client.pipeline()
    pipe.hset(key, mapping={"state": RunState.DONE, "updated": time.time()})
    pipe.srem(ACTIVE_RUNS, run_id)
    for part in ("", "groups", "pending", "verdicts", "responders"):
        pipe.expire(run_key(run_id, part), RUN_KEEP)
    pipe.execute()
    _release_lock(client, run_id)  # normally freed already; not if a worker died right after applying
    log.info(
        "run %s done: %s; %s",
        run_id,
        counts_text(counts),
        "; ".join(f"{o.destination}: {o.state}" for o in outcomes) or "no report channel",
    )
    return "done"


def _deliver(
    client: redis.Redis, slack_for: SlackFor, run_id: str, where: list[Destination], limits: RunLimits
) -> list[Outcome]:
    """Each destination's outcome, delivering where it is not recorded yet (`outcome:{destination}`)."""
    key = run_key(run_id)
    entries = {url: entry for text in client.hvals(run_key(run_id, "groups")) for url, entry in json.loads(text)}
    outcomes = []
    for destination in where:
        recorded = client.hget(key, f"outcome:{destination.key}")
        if recorded:
            outcomes.append(Outcome.from_json(recorded))
            continue
        outcome = delivery.deliver(client, slack_for(destination), destination, run_id, entries, limits.claim_stale)
        client.hset(key, f"outcome:{destination.key}", outcome.to_json())
        outcomes.append(outcome)
    return outcomes


def _apply(client: redis.Redis, run_id: str, threshold: int) -> None:
    """The history, in one transaction that happens only while the run is still `checking`."""
    key = run_key(run_id)
    lifted: list[dict] = []

    def apply(pipe) -> None:
        if pipe.hget(key, "state") != RunState.CHECKING:
            return  # another finalizer got here first
        verdicts = {
            url: Verdict.from_dict(json.loads(text)) for url, text in pipe.hgetall(run_key(run_id, "verdicts")).items()
        }
        entries = {url: entry for text in pipe.hvals(run_key(run_id, "groups")) for url, entry in json.loads(text)}
        urls = list(verdicts)
        states = dict(zip(urls, [pipe.hgetall(history.link_key(url)) for url in urls], strict=True))
        new_states, counts = plan_run(run_id, verdicts, entries, states, threshold)
        pipe.multi()
        history.write_states(pipe, new_states)
        pipe.hset(key, mapping={"state": RunState.REPORTING, "counts": json.dumps(counts), "updated": time.time()})
        lifted[:] = [new_states]

    # WATCH the run hash: if another finalizer moves the run on meanwhile, this transaction is redone and then
    # finds the run no longer `checking`, so the history moves exactly once per run.
    client.transaction(apply, key)
    if lifted:
        mutes.lift_changed(client, lifted[0])  # "until it changes" mutes end when the verdict does
    _release_lock(client, run_id)  # the run is checked: the next one may start


def _release_lock(client: redis.Redis, run_id: str) -> None:
    """Free the run lock if `run_id` holds it (compare and delete in one step, so another run's lock survives)."""
    client.eval(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
        1,
        CURRENT_RUN,
        run_id,
    )
