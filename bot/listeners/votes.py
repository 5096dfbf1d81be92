"""👍/👎 under an answer: acked at once; the vote is counted (once per person and answer) in a lazy listener, and
the voter alone gets a short thanks. The card is left as it is, so others can vote on it too.
"""

from __future__ import annotations

import logging
import re
from functools import partial

from slack_bolt import Ack, App, Respond

from bot.learning_blocks import VOTE_DOWN_ACTION, VOTE_UP_ACTION
from bot.responder import Responder
from learning.loop import Unavailable
from learning.votes import Outcome

log = logging.getLogger(__name__)

THANKS = {
    (Outcome.COUNTED, True): "Thanks for the 👍 — noted.",
    (Outcome.COUNTED, False): "Thanks for the 👎 — pyfw's curators will see this question.",
    (Outcome.SWITCHED, True): "Changed your vote to 👍. Thanks.",
    (Outcome.SWITCHED, False): "Changed your vote to 👎: pyfw's curators will see this question.",
    (Outcome.ALREADY, True): "You already gave this answer a 👍.",
    (Outcome.ALREADY, False): "You already gave this answer a 👎.",
}


def ack_now(ack: Ack) -> None:
    ack()


def vote(body: dict, action: dict, respond: Respond, responder: Responder) -> None:
    """Count the click and thank the voter (ephemeral, never replacing the card); forged values count nothing."""
    up = action.get("action_id") == VOTE_UP_ACTION
    user = str((body.get("user") or {}).get("id") or "")
    if responder.learning is None:
        return
    try:
        outcome = responder.learning.vote(str(action.get("value") or ""), user, up)
    except Unavailable as exc:
        log.warning("a vote could not be recorded: %s", exc)
        text = "Thanks — but your vote could not be recorded right now."
    else:
        if outcome is Outcome.REFUSED:
            log.warning("a vote with a value pyfw did not issue was ignored")
            return
        text = THANKS[outcome, up]
    respond(response_type="ephemeral", replace_original=False, text=text)


def register(app: App, responder: Responder) -> None:
    votes = re.compile(f"^({VOTE_UP_ACTION}|{VOTE_DOWN_ACTION})$")
    app.action(votes)(ack=ack_now, lazy=[partial(vote, responder=responder)])
