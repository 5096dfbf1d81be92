"""Everything the link watch sends to Slack, each piece exactly once: run reports, digests, answers to askers.

A report is one or more messages (`linkwatch.report.report_messages`). Before each message the sender records
part:{n}=posting in a Redis hash of its own (the run's, or the digest's); after Slack answers, the message's ts.
An answer that says nothing was posted (a 429, any Slack error) puts the part back: a 429 raises `RetryLater` with
Slack's Retry-After, anything else propagates for the caller's retry with backoff. If the process dies between
Slack's answer and the record, the part stays "posting"; the retry then looks for the message in the channel by
its metadata (run id, part) before posting again. Each retry starts where the last one stopped.

The Slack Web API client is passed in (see `web_client`); this module never retries a post by itself.
"""

from __future__ import annotations

import logging
import time

import redis
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.webhook import WebhookClient

from catalog import load_catalog
from common.settings import Settings
from linkwatch import history
from linkwatch.report import Report, digest_report, report_messages

log = logging.getLogger("pyfw.delivery")

DIGEST_KEEP = 7 * 24 * 60 * 60  # a digest's record of posted parts is kept a week, as a run's


class RetryLater(Exception):
    """Slack asked to wait `seconds` before trying again; nothing was posted by the attempt that raised this."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry in {seconds}s")
        self.seconds = seconds


def web_client(settings: Settings) -> WebClient:
    """The Web API client for reports: the bot token, SLACK_API_URL when set, and no retries of its own.

    slack_sdk's automatic retries are off: a post retried after a dropped connection could post twice. Retries
    happen in the caller, which knows (from the records here) what was posted.
    """
    kwargs = {"base_url": settings.slack_api_url} if settings.slack_api_url else {}
    return WebClient(token=settings.slack_bot_token, timeout=30, retry_handlers=[], **kwargs)


def post_report(client: redis.Redis, settings: Settings, slack: WebClient, key: str, report: Report,
                oldest: float) -> bool:
    """Post `report` to PYFW_REPORT_CHANNEL once, recording its parts in hash `key`; False when not configured.

    `oldest` (epoch seconds) bounds the channel history searched for a post whose outcome was never recorded.
    """
    if not settings.report_channel or not settings.slack_bot_token:
        log.warning("%s: not posted, PYFW_REPORT_CHANNEL or SLACK_BOT_TOKEN is not set", report.run_id)
        return False
    deliver(client, slack, settings.report_channel, key, report.run_id, report_messages(report), oldest)
    return True


def post_digest(client: redis.Redis, settings: Settings, slack: WebClient, digest_id: str) -> str:
    """Post the current health of every catalog link, even when all is well (once per `digest_id`)."""
    links = load_catalog(settings.catalog_path).links_by_url()
    digest = digest_report(f"digest-{digest_id}", links, history.read_states(client, list(links)), time.time())
    key = f"pyfw:digest:{digest_id}"
    if not post_report(client, settings, slack, key, digest, time.time() - 3600):
        return "not posted"
    client.expire(key, DIGEST_KEEP)
    return "posted"


def deliver(client: redis.Redis, slack: WebClient, channel: str, key: str, run_id: str,
            messages: list[tuple[str, list[Block]]], oldest: float) -> None:
    """Post each message once, the first to the channel and the rest in its thread; raises RetryLater on a 429."""
    thread_ts = None
    for part, (text, blocks) in enumerate(messages):
        field = f"part:{part}"
        recorded = client.hget(key, field)
        if recorded and recorded != "posting":
            thread_ts = thread_ts or recorded
            continue
        if recorded == "posting":  # a previous attempt may have reached Slack: look before posting again
            found = find_posted(slack, channel, run_id, part, oldest, thread_ts if part else None)
            if found:
                client.hset(key, field, found)
                thread_ts = thread_ts or found
                continue
        client.hset(key, field, "posting")
        try:
            ts = post_message(slack, channel, text, blocks, thread_ts if part else None, run_id, part)
        except SlackApiError as exc:
            client.hdel(key, field)  # Slack answered with an error, so nothing was posted: safe to post again
            if exc.response.status_code == 429:
                retry_after = float(exc.response.headers.get("Retry-After", exc.response.headers.get(
                    "retry-after", 5)) or 5)
                log.warning("%s: Slack says 429, retrying in %ss", key, retry_after)
                raise RetryLater(min(retry_after, 300)) from None
            raise
        client.hset(key, field, ts)
        thread_ts = thread_ts or ts


def answer_askers(client: redis.Redis, key: str, response_urls: list[str], report: Report) -> None:
    """Answer each `/pyfw links check` that asked for this run, once each (recorded as responded:{url} in `key`)."""
    for response_url in dict.fromkeys(response_urls):
        if client.hget(key, f"responded:{response_url}"):
            continue
        status = respond(response_url, report)
        if status == 429 or status >= 500:
            raise RetryLater(5)
        if status != 200:  # a response_url lives 30 minutes and 5 answers; a stale one is not worth retrying
            log.warning("run %s: the response_url answered %s; summary not delivered", report.run_id, status)
        client.hset(key, f"responded:{response_url}", time.time())


def post_message(client: WebClient, channel: str, text: str, blocks: list[Block], thread_ts: str | None,
                 run_id: str, part: int) -> str:
    """Post one message; returns its ts. The run id and part ride along as message metadata, so a post whose
    outcome was never recorded can be found again (`find_posted`)."""
    response = client.chat_postMessage(
        channel=channel, text=text, blocks=blocks, thread_ts=thread_ts, unfurl_links=False,
        metadata={"event_type": "pyfw_link_report", "event_payload": {"run_id": run_id, "part": part}})
    return response["ts"]


def find_posted(client: WebClient, channel: str, run_id: str, part: int, oldest: float,
                thread_ts: str | None = None) -> str | None:
    """The ts of a message this run already posted as `part`, if Slack shows one (best effort).

    A first message is looked for in the channel's history, a thread reply among the replies of `thread_ts`
    (Slack's channel history does not list thread replies).
    """
    try:
        if thread_ts:
            response = client.conversations_replies(channel=channel, ts=thread_ts, include_all_metadata=True,
                                                    limit=200)
        else:
            response = client.conversations_history(channel=channel, oldest=str(oldest), include_all_metadata=True,
                                                    limit=200)
    except Exception:  # noqa: BLE001 - no history scope or no answer: treat as not posted
        return None
    for message in response.get("messages") or []:
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        if payload.get("run_id") == run_id and payload.get("part") == part:
            return message.get("ts")
    return None


def respond(response_url: str, report: Report) -> int:
    """Answer a `/pyfw links check` through its response_url with the run's summary (only to the asker);
    returns the HTTP status. The summary says "no changes" too: the asker wants to hear that the run ended."""
    text, blocks = report_messages(report)[0]
    return WebhookClient(response_url, timeout=30).send(text=text, blocks=blocks, response_type="ephemeral").status_code
