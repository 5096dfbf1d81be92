"""Events: a mention is answered in its thread, a direct message in the DM, the App Home tab is published.

The bot never answers itself (Bolt drops its own events) or any other bot (`bot_id` / `bot_message` below).
"""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.responder import Responder

log = logging.getLogger(__name__)


def register(app: App, responder: Responder) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def answer_mention(event: dict, client: WebClient) -> None:
        if _from_a_bot(event):
            return
        _post(client, responder.message(event.get("text") or ""), event["channel"],
              thread_ts=event.get("thread_ts") or event.get("ts"))

    def answer_direct_message(event: dict, client: WebClient) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or _from_a_bot(event):
            return  # edits, deletions, joins... and channel messages are not questions for us
        _post(client, responder.message(event.get("text") or ""), event["channel"], thread_ts=event.get("thread_ts"))

    def publish_home(event: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        blocks = [block.to_dict() for block in responder.home()]
        try:
            client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})
        except SlackApiError as exc:
            log.warning("could not publish the App Home for %s: %s", event.get("user"), exc.response.get("error"))

    app.event("app_mention")(ack=ack_now, lazy=[answer_mention])
    app.event("message")(ack=ack_now, lazy=[answer_direct_message])
    app.event("app_home_opened")(ack=ack_now, lazy=[publish_home])


def _from_a_bot(event: dict) -> bool:
    return bool(event.get("bot_id") or event.get("subtype") == "bot_message" or event.get("bot_profile"))


def _post(client: WebClient, reply, channel: str, thread_ts: str | None) -> None:
    try:
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=reply.text, blocks=reply.block_dicts(),
                                unfurl_links=False, unfurl_media=False)
    except SlackApiError as exc:
        log.warning("could not answer in %s: %s", channel, exc.response.get("error"))
