"""The message shortcut "Ask pyfw about this": answers, to the person who used it only, what the answer engine
says about that message's text (the card, the comparison or the best matches, with "Share in channel").

Acked at once; the answer goes out in a lazy listener, through the shortcut's response_url (an ephemeral message
in that conversation, which works in any channel or DM, pyfw a member or not), or by `chat.postEphemeral` when a
payload carries no response_url.
"""

from __future__ import annotations

import logging
import re
from functools import partial

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import Reply, context_block, section_block
from bot.responder import Responder
from learning.loop import Surface

log = logging.getLogger(__name__)

SHORTCUT = "pyfw_ask_message"  # the callback_id in manifest.yml's features.shortcuts
NO_TEXT = (
    "That message has no text I can read (a file, an image or an attachment only). "
    "I answer questions written in words: try the shortcut on a message that says what you need."
)
_MENTION = re.compile(r"<[@#!][^<>]*>")  # <@U123>, <#C123|general>, <!here>: not part of the question
_LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>")  # <https://…|label>: the label is what the person wrote
_BARE_LINK = re.compile(r"<([^<>|]+)>")


def ack_now(ack: Ack) -> None:
    ack()


def question_of(message: dict) -> str:
    """The words of a Slack message, without its mentions and with link labels as written."""
    text = message.get("text") if isinstance(message, dict) else None
    if not isinstance(text, str):
        return ""
    text = _MENTION.sub(" ", text)
    text = _LINK.sub(lambda m: m.group(2), text)
    text = _BARE_LINK.sub(lambda m: m.group(1), text)
    return " ".join(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").split())


def reply_for(message: dict, responder: Responder) -> Reply:
    question = question_of(message)
    if not question:
        return Reply(NO_TEXT, (section_block(NO_TEXT), context_block("`/pyfw help` shows what I can answer.")))
    return responder.answer(question, share=True, surface=Surface.SHORTCUT)


def ask_about_message(body: dict, client: WebClient, respond: Respond | None, responder: Responder) -> None:
    """Answer the shortcut's message to the person who used it, in that conversation, visible to them only."""
    reply = reply_for(body.get("message") or {}, responder)
    user = (body.get("user") or {}).get("id")
    channel = (body.get("channel") or {}).get("id")
    if respond is not None and body.get("response_url"):
        try:
            sent = respond(
                response_type="ephemeral", replace_original=False, text=reply.text, blocks=reply.block_dicts()
            )
            status = getattr(sent, "status_code", None)
        except OSError as exc:  # Slack's hooks host unreachable or slow: the fallback below still answers
            status = type(exc).__name__
        if status == 200:
            return
        log.warning("answering a message shortcut at its response_url failed: %s", status)
    if not (user and channel):
        return
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=reply.text, blocks=reply.block_dicts())
    except SlackApiError as exc:
        log.warning("could not answer a message shortcut in %s: %s", channel, exc.response.get("error"))


def register(app: App, responder: Responder) -> None:
    app.shortcut(SHORTCUT)(ack=ack_now, lazy=[partial(ask_about_message, responder=responder)])
