"""Events: a mention is answered in its thread, a direct message in the DM, the App Home tab is published.

The bot never answers itself (Bolt drops its own events) or any other bot (`bot_id` / `bot_message` below).
Each event is acked at once; the answer, which calls the Web API, runs as a lazy listener after the ack.
"""

from __future__ import annotations

import logging
from functools import partial

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import onboarding
from bot.blocks import Reply
from bot.responder import Responder
from bot.text import as_typed

log = logging.getLogger(__name__)


def ack_now(ack: Ack) -> None:
    ack()


def answer_mention(event: dict, client: WebClient, responder: Responder) -> None:
    """Answer a mention in the thread of the message that mentioned pyfw."""
    if _from_a_bot(event):
        return
    _post(
        client,
        responder.message(as_typed(event.get("text") or "")),
        event["channel"],
        thread_ts=event.get("thread_ts") or event.get("ts"),
    )


def answer_direct_message(event: dict, client: WebClient, responder: Responder) -> None:
    """Answer a direct message in the DM; edits, deletions, joins and channel messages are not questions."""
    if event.get("channel_type") != "im" or event.get("subtype") or _from_a_bot(event):
        return
    _post(
        client,
        onboarding.dm_reply(as_typed(event.get("text") or ""), responder),
        event["channel"],
        event.get("thread_ts"),
    )


def publish_home(event: dict, client: WebClient, body: dict | None = None, *, responder: Responder) -> None:
    """Publish the App Home tab for the person who opened it (in the workspace of `body`, Slack's request)."""
    if event.get("tab", "home") != "home":
        return
    team_id = (body or {}).get("team_id")
    blocks = [block.to_dict() for block in onboarding.home_for(event["user"], responder, team_id=team_id)]
    try:
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})
    except SlackApiError as exc:
        log.warning("could not publish the App Home for %s: %s", event.get("user"), exc.response.get("error"))


def register(app: App, responder: Responder) -> None:
    app.event("app_mention")(ack=ack_now, lazy=[partial(answer_mention, responder=responder)])
    app.event("message")(ack=ack_now, lazy=[partial(answer_direct_message, responder=responder)])
    app.event("app_home_opened")(ack=ack_now, lazy=[partial(publish_home, responder=responder)])


def _from_a_bot(event: dict) -> bool:
    return bool(event.get("bot_id") or event.get("subtype") == "bot_message" or event.get("bot_profile"))


def _post(client: WebClient, reply: Reply, channel: str, thread_ts: str | None) -> None:
    try:
        client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=reply.text,
            blocks=reply.block_dicts(),
            unfurl_links=False,
            unfurl_media=False,
        )
    except SlackApiError as exc:
        log.warning("could not answer in %s: %s", channel, exc.response.get("error"))
