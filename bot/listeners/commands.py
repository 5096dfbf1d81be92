"""The `/pyfw` slash command: answered in the ack, visible only to the asker (with a "Share in channel" button)."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.responder import Asker, Responder

COMMAND = "/pyfw"


def register(app: App, responder: Responder) -> None:
    @app.command(COMMAND)
    def pyfw_command(ack: Ack, command: dict) -> None:
        asker = Asker(command.get("user_id"), command.get("channel_id"), command.get("response_url"))
        reply = responder.command(command.get("text") or "", asker=asker)
        ack(response_type="ephemeral", text=reply.text, blocks=reply.block_dicts())
