"""Answering who asked: what `/pyfw links check` tells its asker at the command's response_url when the run is
done (the report, where it went, or why it could not be posted), each asker at most once."""

from __future__ import annotations

import logging
import time

import redis
from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock
from slack_sdk.webhook import WebhookClient

from common.mrkdwn import channel, date, escape
from common.response_url import allowed_response_url
from linkwatch.delivery import DeliveryState, Outcome
from linkwatch.posting import RetryLater
from linkwatch.report import counts_text, report_messages

log = logging.getLogger("pyfw.askers")


def asker_message(
    counts: dict[str, int], outcomes: list[Outcome], finished: float, *, name_destinations: bool = True
) -> tuple[str, list[Block]]:
    """What `/pyfw links check` tells its asker when the run is done: the report, where it went, or why not.

    Without `name_destinations` (OAuth mode: the askers may be in any workspace) no report channel is named: each
    workspace sees where its own report went, or why not, in its App Home."""
    blocks: list[Block] = []
    texts = []
    for outcome in outcomes if name_destinations else []:
        where = channel(outcome.destination.lstrip("#"))
        if outcome.state == DeliveryState.UNDELIVERED:
            texts.append(f"The report could not be posted to {outcome.destination} because {outcome.reason}.")
            blocks.append(
                SectionBlock(
                    text=MarkdownTextObject(
                        text=f":warning: The report could not be posted to {where} because {escape(outcome.reason)}."
                    )
                )
            )
        elif outcome.state == DeliveryState.DELIVERED:
            texts.append(f"Report posted to {outcome.destination}.")
    shown = next((o.report for o in outcomes if o.report and o.report.changed), None)
    if shown:
        text, report_blocks = report_messages(shown)[0]
        blocks = blocks + report_blocks
    else:
        text = f"Link check done: no changes ({counts_text(counts)})"
        blocks.insert(
            0,
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"Link check done, {date(finished)}: no changes to report.\n{counts_text(counts)}"
                )
            ),
        )
    if name_destinations and any(o.state == DeliveryState.DELIVERED for o in outcomes):
        posted = ", ".join(channel(o.destination.lstrip("#")) for o in outcomes if o.state == DeliveryState.DELIVERED)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"Posted to {posted}.")]))
    if not name_destinations:
        where = "Each workspace's link reports go to the channel chosen in pyfw's App Home, which also shows a refusal."
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=where)]))
    elif not outcomes:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="No report channel is set (PYFW_REPORT_CHANNEL), so this answer is the only report."
                    )
                ]
            )
        )
    return " ".join([text, *texts]), blocks


def answer_askers(
    client: redis.Redis,
    key: str,
    response_urls: list[str],
    message: tuple[str, list[Block]],
    slack_api_url: str | None = None,
) -> None:
    """Answer each `/pyfw links check` that asked, at most once each: `responded:{url}` in hash `key` is claimed
    (HSETNX) before the answer is sent, so two copies of a finalizer never both answer. A response_url that is not
    Slack's (`common.response_url`) is refused with a log line and never retried."""
    text, blocks = message
    for response_url in dict.fromkeys(response_urls):
        field = f"responded:{response_url}"
        if not client.hsetnx(key, field, "answering"):
            continue
        status = respond(response_url, text, blocks, slack_api_url=slack_api_url)
        if status == 429 or status >= 500:
            client.hdel(key, field)
            raise RetryLater(5)
        if status != 200:  # a response_url lives 30 minutes and 5 answers; a stale one is not worth retrying
            log.warning("%s: the response_url answered %s; the summary was not delivered", key, status)
        client.hset(key, field, time.time())


def respond(response_url: str, text: str, blocks: list[Block] | None = None, *, slack_api_url: str | None) -> int:
    """Answer through a response_url, only to the asker; returns the HTTP status (0 when it cannot be reached or
    is refused: only Slack's hooks host, or SLACK_API_URL's host when set, is ever posted to)."""
    if not allowed_response_url(response_url, slack_api_url, log, "answering a /pyfw links check"):
        return 0
    try:
        return (
            WebhookClient(response_url, timeout=30)
            .send(text=text, blocks=blocks, response_type="ephemeral")
            .status_code
        )
    except OSError as exc:
        log.warning("cannot reach a response_url: %s", exc)
        return 0
