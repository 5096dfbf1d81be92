"""Buttons: "Share in channel" posts a card for everyone; "Show" / "did you mean" buttons show a card."""

from __future__ import annotations

import json
import logging
import re

from slack_bolt import Ack, App, Respond
from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject

from bot.blocks import SHARE_ACTION, SHOW_ACTION, Reply
from bot.responder import Responder

log = logging.getLogger(__name__)

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")


def register(app: App, responder: Responder) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def share(body: dict, action: dict, respond: Respond) -> None:
        names = _names(action.get("value"))
        if not names:
            log.warning("share button with an unreadable value ignored")
            return
        reply = responder.show(names, share=False)
        user = (body.get("user") or {}).get("id", "")
        blocks = reply.block_dicts()
        if _USER_ID.match(user):
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"Shared by <@{user}>")]).to_dict())
        respond(response_type="in_channel", replace_original=False, text=reply.text, blocks=blocks)
        respond(delete_original=True)

    def show(body: dict, action: dict, respond: Respond) -> None:
        ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
        reply: Reply = responder.show([action.get("value") or ""], share=True)
        # From the asker's own (ephemeral) message: replace it. From a public message: answer only the clicker.
        respond(response_type="ephemeral", replace_original=ephemeral, text=reply.text, blocks=reply.block_dicts())

    app.action(SHARE_ACTION)(ack=ack_now, lazy=[share])
    app.action(re.compile(f"^{SHOW_ACTION}_\\d+$"))(ack=ack_now, lazy=[show])


def _names(value: str | None) -> list[str]:
    try:
        names = json.loads(value or "")["names"]
    except (ValueError, TypeError, KeyError):
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
