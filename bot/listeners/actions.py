"""Buttons: "Share in channel" posts a card for everyone; "Show" / "did you mean" buttons show a card; the link
report's Re-check, Mute and Apply moves (bot/link_buttons.py).

Each click is acked at once; the answer, which goes through the click's response_url, runs as a lazy listener.
"""

from __future__ import annotations

import json
import logging
import re
from functools import partial

from slack_bolt import Ack, App, Respond
from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject

from bot import link_buttons
from bot.blocks import SHARE_ACTION, SHOW_ACTION, section_block
from bot.responder import Responder
from bot.text import mrkdwn_to_text
from linkwatch.report import APPLY_MOVES_ACTION, MUTE_ACTION, RECHECK_ACTION

log = logging.getLogger(__name__)

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")


def ack_now(ack: Ack) -> None:
    ack()


def share(body: dict, action: dict, respond: Respond, responder: Responder) -> None:
    """Post the card (or comparison) for everyone, saying who shared it, and remove the asker's private copy."""
    names = _names(action.get("value"))
    if not names:
        log.warning("share button with an unreadable value ignored")
        return
    reply = responder.show(names, share=False)
    user = (body.get("user") or {}).get("id", "")
    blocks = reply.block_dicts()
    if _USER_ID.match(user):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"Shared by <@{user}>")]).to_dict())
    shared = respond(response_type="in_channel", replace_original=False, text=reply.text, blocks=blocks)
    if getattr(shared, "status_code", None) != 200:  # keep the private card: it is all the asker has
        log.warning("sharing a card failed: %s %s", getattr(shared, "status_code", None), getattr(shared, "body", ""))
        respond(
            response_type="ephemeral",
            replace_original=False,
            text="Could not share this in the channel (Slack refused the post); the card is still here.",
        )
        return
    respond(delete_original=True)


def show(body: dict, action: dict, respond: Respond, responder: Responder) -> None:
    """Show the card a "Show" or "did you mean" button names, to the clicker only."""
    ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
    reply = responder.show([action.get("value") or ""], share=True)
    # From the asker's own (ephemeral) message: replace it. From a public message: answer only the clicker.
    respond(response_type="ephemeral", replace_original=ephemeral, text=reply.text, blocks=reply.block_dicts())


def link_button(body: dict, action: dict, respond: Respond, responder: Responder) -> None:
    """A link report's Re-check, Mute or Apply moves: the answer goes to the clicker only."""
    watch = responder.links
    if watch is None:
        text = "Link health is not set up here (it needs REDIS_URL and workers)."
    elif action.get("action_id", "").startswith(RECHECK_ACTION):
        text = link_buttons.recheck(watch, action.get("value") or "")
    elif action.get("action_id", "").startswith(MUTE_ACTION):
        text = link_buttons.mute(
            watch, action.get("value") or "", action["action_id"], (body.get("user") or {}).get("id", "")
        )
    else:
        text = link_buttons.preview_moves(watch)
    respond(
        response_type="ephemeral",
        replace_original=False,
        text=mrkdwn_to_text(text)[:3000],
        blocks=[section_block(text).to_dict()],
    )


def register(app: App, responder: Responder) -> None:
    app.action(SHARE_ACTION)(ack=ack_now, lazy=[partial(share, responder=responder)])
    app.action(re.compile(f"^{SHOW_ACTION}_\\d+$"))(ack=ack_now, lazy=[partial(show, responder=responder)])
    link_actions = re.compile(f"^({RECHECK_ACTION}_\\d+|{MUTE_ACTION}_[a-z0-9]+_\\d+|{APPLY_MOVES_ACTION})$")
    app.action(link_actions)(ack=ack_now, lazy=[partial(link_button, responder=responder)])


def _names(value: str | None) -> list[str]:
    try:
        names = json.loads(value or "")["names"]
    except (ValueError, TypeError, KeyError):
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
