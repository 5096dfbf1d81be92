"""Example questions (the App Home's and the DM introduction's buttons): a click answers the question in place.

In the App Home the Home is updated (`views.update`, or `views.publish` when the view changed meanwhile) with the
answer at its top; in a message (the DM introduction) the answer goes to the clicker at the click's response_url.
Acked at once; the answer runs as a lazy listener.
"""

from __future__ import annotations

import logging
import re
from functools import partial

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.onboarding import EXAMPLE_ACTION, home_view_blocks
from bot.responder import Responder
from learning.loop import Surface

log = logging.getLogger(__name__)

MAX_QUESTION = 300  # an example's value is pyfw's own text; anything longer was not written by pyfw


def ack_now(ack: Ack) -> None:
    ack()


def answer_example(body: dict, action: dict, client: WebClient, respond: Respond, responder: Responder) -> None:
    question = (action.get("value") or "")[:MAX_QUESTION]
    view = body.get("view") or {}
    if view.get("type") == "home":
        reply = responder.answer(question, share=False, surface=Surface.HOME)  # the Home has no channel to share into
        user = (body.get("user") or {}).get("id") or ""
        home = {
            "type": "home",
            "blocks": [
                b.to_dict()
                for b in home_view_blocks(
                    responder, user, first_visit=False, question=question, reply=reply, team_id=_team_of(body)
                )
            ],
        }
        try:
            client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=home)
        except SlackApiError as exc:  # hash_conflict: the Home changed meanwhile; publish over it
            log.info("views.update of the App Home failed (%s); publishing it", exc.response.get("error"))
            try:
                client.views_publish(user_id=user, view=home)
            except SlackApiError as again:
                log.warning("could not show an example's answer in the App Home: %s", again.response.get("error"))
        return
    reply = responder.answer(question, share=True, surface=Surface.HOME)
    respond(response_type="ephemeral", replace_original=False, text=reply.text, blocks=reply.block_dicts())


def _team_of(body: dict) -> str | None:
    """The workspace a click came from (its report channel shows in the Home in OAuth mode)."""
    return (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")


def register(app: App, responder: Responder) -> None:
    examples = re.compile(f"^{EXAMPLE_ACTION}_\\d+$")
    app.action(examples)(ack=ack_now, lazy=[partial(answer_example, responder=responder)])
