"""Delivering reports to destinations exactly once, never losing one; digests; answering who asked.

A destination's report (`linkwatch.changes`: what it has not been told yet) is computed once and put in its
**outbox** (`pyfw:dest:{key}:outbox`) with the `told` entries it stands for; whoever finalizes next posts what is
in the outbox (`linkwatch.posting`, each message once), so a retry or another worker continues the same report.
Only when every message is posted does one transaction move `told` and empty the outbox: what people were told
moves only when Slack has confirmed.

When Slack refuses for good (after one `conversations.join` for `not_in_channel`), the outbox is marked
**undelivered** and the problem recorded (`pyfw:dest:{key}:problem`: error, reason, since, attempts), shown by
`pyfw status`, `/pyfw links` and the App Home, with one log line saying what to do. The next run (or `pyfw links
report --resend`) computes the report again — everything since the destination was last told — and posts it once.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum

import redis
from slack_sdk import WebClient

from catalog import load_catalog
from common.settings import Settings
from linkwatch import history, mutes
from linkwatch.changes import changes
from linkwatch.destination import SINGLE_WORKSPACE, Destination, dest_key, destinations
from linkwatch.limits import RunLimits
from linkwatch.posting import RetryLater, Undeliverable, post_parts
from linkwatch.report import Report, digest_report, report_messages

log = logging.getLogger("pyfw.delivery")

SlackFor = Callable[[Destination], WebClient]  # the Web API client (its bot token) for a destination

DIGEST_KEEP = 7 * 24 * 60 * 60  # a digest's record of posted parts is kept a week, as a run's


class DeliveryState(StrEnum):
    DELIVERED = "delivered"
    NOTHING = "nothing"  # nothing new to tell this destination
    UNDELIVERED = "undelivered"  # Slack refused for good; the reason says what to fix
    NOT_CONFIGURED = "not configured"


@dataclass(frozen=True)
class Outcome:
    """How delivering to one destination ended; `report` is what was (or would have been) posted."""

    state: DeliveryState
    destination: str
    reason: str = ""
    ts: str | None = None
    report: Report | None = None

    def to_json(self) -> str:
        data = asdict(self)
        data["report"] = self.report.to_json() if self.report else None
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> Outcome:
        data = json.loads(text)
        report = Report.from_json(data.pop("report")) if data.get("report") else None
        return cls(**{**data, "state": DeliveryState(data["state"])}, report=report)


def web_client(settings: Settings, timeout: float = 30, token: str | None = None) -> WebClient:
    """The Web API client for reports: the bot token (or `token`), SLACK_API_URL when set, no retries of its own.

    slack_sdk's automatic retries are off: a post retried after a dropped connection could post twice. Retries
    happen in the caller, which knows (from the records here) what was posted.
    """
    kwargs = {"base_url": settings.slack_api_url} if settings.slack_api_url else {}
    return WebClient(token=token or settings.slack_bot_token, timeout=timeout, retry_handlers=[], **kwargs)


def slack_for(settings: Settings, timeout: float = 30) -> SlackFor:
    """The Web API client for each destination: the one bot token's in single-workspace mode; in OAuth mode the
    destination workspace's bot token, read from the installation store at each delivery (so an uninstalled
    workspace is never posted to with its old token: without a token Slack refuses, and the report waits)."""
    if not settings.oauth:
        slack = web_client(settings, timeout)
        return lambda destination: slack
    from workspaces import open_workspaces

    def for_workspace(destination: Destination) -> WebClient:
        return web_client(settings, timeout, token=open_workspaces(settings).report_token(destination.team_id) or "")

    return for_workspace


# --- a destination's report ---------------------------------------------------------------------------------------


def deliver(
    client: redis.Redis,
    slack: WebClient,
    destination: Destination,
    report_id: str,
    entries: dict[str, str],
    claim_stale: float,
    now: float | None = None,
) -> Outcome:
    """Tell `destination` what changed for the links in `entries` (URL → entry names), exactly once."""
    outbox = dest_key(destination, "outbox")
    last = client.hgetall(dest_key(destination, "last"))
    for _ in range(4):  # an earlier report still on its way is finished first, then this one is computed
        box = client.hgetall(outbox)
        if box.get("status") == DeliveryState.UNDELIVERED:
            if box["id"] == report_id:
                return Outcome(
                    DeliveryState.UNDELIVERED,
                    destination.label,
                    box.get("reason", ""),
                    report=Report.from_json(box["report"]),
                )
            _drop(client, outbox, box["id"])  # superseded: computed again below, with everything since
            continue
        if not box:
            if last.get("id") == report_id:  # posted by an earlier try that died before saying so
                return Outcome(
                    DeliveryState.DELIVERED,
                    destination.label,
                    ts=last.get("ts"),
                    report=Report.from_json(last["report"]) if last.get("report") else None,
                )
            report, told = pending(client, destination, entries, report_id, now)
            if not report.changed:
                return Outcome(DeliveryState.NOTHING, destination.label, report=report)
            fill_outbox(client, outbox, report, told)
            continue  # read it back: another finalizer's report may have got there first
        outcome = _post_outbox(client, slack, destination, box, claim_stale)
        if box["id"] == report_id or outcome.state == DeliveryState.UNDELIVERED:
            return outcome
        last = client.hgetall(dest_key(destination, "last"))
    raise RetryLater(1)


def pending(
    client: redis.Redis,
    destination: Destination,
    entries: dict[str, str],
    report_id: str = "pending",
    now: float | None = None,
) -> tuple[Report, dict]:
    """What `destination` has not been told about the links in `entries`, and its `told` entries once it is."""
    states = history.read_states(client, list(entries))
    told = {url: json.loads(text) for url, text in client.hgetall(dest_key(destination, "told")).items()}
    if not told and destination.team_id == SINGLE_WORKSPACE:
        told = _seed_told(client, destination, states)
    return changes(report_id, entries, states, told, set(mutes.active(client)), now)


def _seed_told(client: redis.Redis, destination: Destination, states: dict[str, dict]) -> dict:
    """What the report channel was told by a version that kept it in the link history (`reported_broken`,
    `moved_reported`), so upgrading does not report every broken link again. Written once, if there is any."""
    told = {
        url: {
            "broken_since": float(state.get("failing_since") or state.get("checked_at") or 1)
            if state.get("reported_broken") == "1"
            else None,
            "moved_to": state.get("moved_reported", ""),
        }
        for url, state in states.items()
        if state.get("reported_broken") == "1" or state.get("moved_reported")
    }
    if told:
        key = dest_key(destination, "told")
        client.hset(key, mapping={url: json.dumps(value) for url, value in told.items()})
        pipe = client.pipeline()
        for url in told:
            pipe.hdel(history.link_key(url), "reported_broken", "moved_reported")
        pipe.execute()
    return told


def fill_outbox(client: redis.Redis, outbox: str, report: Report, told: dict) -> None:
    """Put the report in the outbox unless one is there already (WATCH: of two finalizers, one report wins)."""

    def fill(pipe) -> None:
        if pipe.exists(outbox):
            return
        pipe.multi()
        pipe.hset(
            outbox,
            mapping={"id": report.run_id, "report": report.to_json(), "told": json.dumps(told), "created": time.time()},
        )

    client.transaction(fill, outbox)


def _drop(client: redis.Redis, outbox: str, box_id: str) -> None:
    client.eval(
        "if redis.call('hget', KEYS[1], 'id') == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
        1,
        outbox,
        box_id,
    )


def _post_outbox(
    client: redis.Redis, slack: WebClient, destination: Destination, box: dict, claim_stale: float
) -> Outcome:
    report = Report.from_json(box["report"])
    outbox = dest_key(destination, "outbox")
    try:
        ts = post_parts(
            client,
            slack,
            destination,
            outbox,
            report.run_id,
            report_messages(report),
            float(box.get("created") or time.time()) - 60,
            claim_stale,
        )
    except Undeliverable as exc:
        _mark_undelivered(client, destination, outbox, report.run_id, exc)
        return Outcome(DeliveryState.UNDELIVERED, destination.label, exc.reason, report=report)
    _commit(client, destination, box["id"], ts)
    log.info("report %s posted to %s (ts %s)", report.run_id, destination.label, ts)
    return Outcome(DeliveryState.DELIVERED, destination.label, ts=ts, report=report)


def _commit(client: redis.Redis, destination: Destination, box_id: str, ts: str) -> None:
    """The destination was told: move `told`, empty the outbox, clear the problem — once, in one transaction."""
    outbox, told_key = dest_key(destination, "outbox"), dest_key(destination, "told")

    def commit(pipe) -> None:
        if pipe.hget(outbox, "id") != box_id:
            return  # committed already by another copy
        box = pipe.hgetall(outbox)
        told = json.loads(box["told"])
        pipe.multi()
        kept = {url: json.dumps(value) for url, value in told.items() if value}
        if kept:
            pipe.hset(told_key, mapping=kept)
        gone = [url for url, value in told.items() if not value]
        if gone:
            pipe.hdel(told_key, *gone)
        pipe.delete(outbox, dest_key(destination, "problem"), dest_key(destination, "last"))
        pipe.hset(
            dest_key(destination, "last"), mapping={"id": box_id, "ts": ts, "at": time.time(), "report": box["report"]}
        )

    client.transaction(commit, outbox)


def _mark_undelivered(
    client: redis.Redis, destination: Destination, outbox: str, report_id: str, exc: Undeliverable
) -> None:
    problem = dest_key(destination, "problem")
    pipe = client.pipeline()
    pipe.hset(outbox, mapping={"status": DeliveryState.UNDELIVERED, "reason": exc.reason, "error": exc.error})
    pipe.hsetnx(problem, "since", time.time())
    pipe.hset(
        problem,
        mapping={
            "error": exc.error,
            "reason": exc.reason,
            "last": time.time(),
            "report": report_id,
            "destination": destination.label,
        },
    )
    pipe.hincrby(problem, "attempts", 1)
    pipe.execute()
    log.error(
        "link report %s NOT delivered to %s: %s. It is posted, with everything that changed since, by the "
        "next run once fixed, or now by `pyfw links report --resend`",
        report_id,
        destination.label,
        exc.reason,
    )


def problem(client: redis.Redis, destination: Destination) -> dict | None:
    """Why the last report could not be posted to `destination` (error, reason, since, attempts), if it could not."""
    found = client.hgetall(dest_key(destination, "problem"))
    return found or None


# --- digests and askers ------------------------------------------------------------------------------------------


def post_digest(
    client: redis.Redis,
    slack: WebClient,
    destination: Destination,
    digest_id: str,
    links_by_url: dict,
    claim_stale: float,
) -> str:
    """Post the current health of every catalog link to `destination`, even when all is well (once per id)."""
    digest = digest_report(
        f"digest-{digest_id}", links_by_url, history.read_states(client, list(links_by_url)), time.time()
    )
    key = f"pyfw:digest:{digest_id}"
    try:
        post_parts(
            client, slack, destination, key, digest.run_id, report_messages(digest), time.time() - 3600, claim_stale
        )
    except Undeliverable as exc:
        log.error("link digest NOT delivered to %s: %s", destination.label, exc.reason)
        return "undelivered"
    finally:
        client.expire(key, DIGEST_KEEP)
    return "posted"


def resend(client: redis.Redis, settings: Settings, slack_for: SlackFor) -> list[Outcome]:
    """Deliver now, without a new check, what each destination has not been told (`pyfw links report --resend`)."""
    limits = RunLimits.for_group_limit(settings.linkcheck_time_limit)
    links = load_catalog(settings.catalog_path).links_by_url()
    entries = {url: ", ".join(entry.name for entry in used_by) for url, used_by in links.items()}
    report_id = f"resend-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:8]}"
    return [
        deliver(client, slack_for(destination), destination, report_id, entries, limits.claim_stale)
        for destination in destinations(settings)
    ]
