"""Posting a report's messages to Slack, each exactly once, and telling Slack's refusals apart.

Each message (part) is claimed atomically in a Redis hash before it is posted (HSETNX `part:{n}` = "posting
{time} {token}") and the claim replaced by the message's ts after Slack answers. A fresh claim of someone else means
another copy of the job is posting that part right now: wait (`RetryLater`). A stale claim was held by a poster that
died before hearing Slack's answer: look for the message in the channel by its metadata (report id, part) and post
it only if it is not there. Compare-and-set scripts make every change of a claim atomic, so two copies can never both
post a part.

Slack's refusals: transient ones (429 with its Retry-After, in seconds or as an HTTP date; 5xx) raise `RetryLater`
or propagate for the caller's retry; permanent ones never retry: `not_in_channel` first tries `conversations.join`
once, anything else raises `Undeliverable` with a reason a person can act on.
"""

from __future__ import annotations

import logging
import time
import uuid
from email.utils import parsedate_to_datetime

import redis
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block

from linkwatch.destination import Destination, error_of, is_transient, reason_for

log = logging.getLogger("pyfw.delivery")

MAX_WAIT = 300  # the longest Retry-After honoured; the Celery shell caps it below the broker's visibility timeout


class RetryLater(Exception):
    """Try again in `seconds`: Slack asked to wait, or another copy of this job is posting right now."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry in {seconds:.1f}s")
        self.seconds = seconds


class Undeliverable(Exception):
    """Slack refused a post for good (`error`); `reason` says what a person should do."""

    def __init__(self, error: str, reason: str) -> None:
        super().__init__(reason)
        self.error, self.reason = error, reason


# --- posting messages, each once --------------------------------------------------------------------------------

_SET_IF = (
    "if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('hset', KEYS[1], ARGV[1], ARGV[3]) "
    "return 1 end return 0"
)
_DEL_IF = (
    "if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) end return 0"
)


def post_parts(
    client: redis.Redis,
    slack: WebClient,
    destination: Destination,
    key: str,
    report_id: str,
    messages: list[tuple[str, list[Block]]],
    oldest: float,
    claim_stale: float,
) -> str:
    """Post each message once (the first to the channel, the rest in its thread), recording parts in hash `key`;
    returns the first message's ts. Raises RetryLater, Undeliverable, or the transient error."""
    thread_ts = None
    for part, (text, blocks) in enumerate(messages):
        ts = _post_part(client, slack, destination, key, report_id, part, text, blocks, thread_ts, oldest, claim_stale)
        thread_ts = thread_ts or ts
    return thread_ts or ""


def _post_part(
    client, slack, destination, key, report_id, part, text, blocks, thread_ts, oldest, claim_stale
) -> str | None:
    field = f"part:{part}"
    while True:
        recorded = client.hget(key, field)
        if recorded is None:
            token = f"posting {time.time():.3f} {uuid.uuid4().hex[:8]}"
            if not client.hsetnx(key, field, token):
                continue  # claimed by another copy a moment ago: look again
        elif not recorded.startswith("posting"):
            return None if recorded.startswith("skipped") else recorded
        else:
            age = time.time() - float(recorded.split()[1])
            if age < claim_stale:
                raise RetryLater(claim_stale - age)  # another copy is posting this part right now
            found = find_posted(slack, destination.channel, report_id, part, oldest, thread_ts if part else None)
            if found:
                client.eval(_SET_IF, 1, key, field, recorded, found)
                continue
            token = f"posting {time.time():.3f} {uuid.uuid4().hex[:8]}"
            if not client.eval(_SET_IF, 1, key, field, recorded, token):
                continue
        try:
            ts = post_message(slack, destination.channel, text, blocks, thread_ts if part else None, report_id, part)
        except SlackApiError as exc:
            client.eval(_DEL_IF, 1, key, field, token)  # Slack answered: nothing was posted, safe to post again
            if is_transient(exc):
                raise _transient(exc, key) from None
            error = error_of(exc)
            if error == "not_in_channel" and client.hsetnx(key, "joined", time.time()) and _join(slack, destination):
                continue
            reason = reason_for(error, destination, exc.response.get("needed"))
            if part == 0:
                raise Undeliverable(error, reason) from None
            log.error("report %s: thread reply %d not posted to %s: %s", report_id, part, destination.label, reason)
            client.hset(key, field, f"skipped {error}")
            return None
        client.eval(_SET_IF, 1, key, field, token, ts)
        return ts


def _transient(exc: SlackApiError, key: str) -> Exception:
    if exc.response.status_code == 429 or error_of(exc) == "ratelimited":
        wait = retry_after_seconds(exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after"))
        log.warning("%s: Slack says 429, retrying in %.0fs", key, wait)
        return RetryLater(wait)
    return exc


def retry_after_seconds(value: str | None, default: float = 5.0) -> float:
    """Slack's Retry-After, in seconds (a number or an HTTP date), between 1 and MAX_WAIT; `default` if unreadable."""
    if value is None or not str(value).strip():
        return default
    text = str(value).strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(text).timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            return default
    return min(MAX_WAIT, max(1.0, seconds))


def _join(slack: WebClient, destination: Destination) -> bool:
    """Join a public report channel pyfw is not in (needs channels:join); False when it cannot."""
    try:
        slack.conversations_join(channel=destination.channel)
    except SlackApiError as exc:
        log.warning("could not join %s to post the link report: %s", destination.label, error_of(exc))
        return False
    log.info("joined %s to post the link report", destination.label)
    return True


def post_message(
    client: WebClient, channel: str, text: str, blocks: list[Block], thread_ts: str | None, run_id: str, part: int
) -> str:
    """Post one message; returns its ts. The report id and part ride along as message metadata, so a post whose
    outcome was never recorded can be found again (`find_posted`)."""
    response = client.chat_postMessage(
        channel=channel,
        text=text,
        blocks=blocks,
        thread_ts=thread_ts,
        unfurl_links=False,
        metadata={"event_type": "pyfw_link_report", "event_payload": {"run_id": run_id, "part": part}},
    )
    return response["ts"]


_warned_scope = False


def _warn_no_history_scope(channel: str, needed: str | None) -> None:
    """Once per process: without channels:history (groups:history) a report post left unconfirmed by a worker
    that died is posted again rather than looked up. The common case never looks (README, "Exactly once")."""
    global _warned_scope
    if not _warned_scope:
        _warned_scope = True
        log.warning(
            "cannot look for an unconfirmed report post in %s: the token lacks %s (opt-in); it is posted again",
            channel,
            needed or "channels:history / groups:history",
        )


def find_posted(
    client: WebClient, channel: str, run_id: str, part: int, oldest: float, thread_ts: str | None = None
) -> str | None:
    """The ts of a message this report already posted as `part`, if Slack shows one (best effort).

    A first message is looked for in the channel's history, a thread reply among the replies of `thread_ts`
    (Slack's channel history does not list thread replies).
    """
    try:
        if thread_ts:
            response = client.conversations_replies(channel=channel, ts=thread_ts, include_all_metadata=True, limit=200)
        else:
            response = client.conversations_history(
                channel=channel, oldest=str(oldest), include_all_metadata=True, limit=200
            )
    except SlackApiError as exc:
        if error_of(exc) == "missing_scope":
            _warn_no_history_scope(channel, exc.response.get("needed"))
        return None  # cannot look: treat as not posted
    except Exception:  # noqa: BLE001 - no answer: treat as not posted
        return None
    for message in response.get("messages") or []:
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        if payload.get("run_id") == run_id and payload.get("part") == part:
            return message.get("ts")
    return None
