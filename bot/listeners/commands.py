"""The `/pyfw` slash command: answered in the ack, visible only to the asker (with a "Share in channel" button)."""

from __future__ import annotations

from functools import partial

from slack_bolt import Ack, App

from bot.responder import Asker, Responder
from bot.text import as_typed

COMMAND = "/pyfw"


def pyfw_command(ack: Ack, command: dict, responder: Responder) -> None:
    """Answer `/pyfw TEXT` in the ack itself: the answer comes from memory, so no Web API call is needed."""
    asker = Asker(command.get("user_id"), command.get("channel_id"), command.get("response_url"))
    reply = responder.command(as_typed(command.get("text") or ""), asker=asker)
    ack(response_type="ephemeral", text=reply.text, blocks=reply.block_dicts())


def register(app: App, responder: Responder) -> None:
    # Bolt passes a listener the arguments it names (ack, command, ...); the responder is bound here by keyword.
    app.command(COMMAND)(partial(pyfw_command, responder=responder))
