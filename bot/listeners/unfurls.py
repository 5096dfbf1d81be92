"""`link_shared`: a pasted docs link that belongs to a catalog entry unfurls as that entry's compact card, saying
when the link is known broken or moved (bot/unfurls.py). Links of no entry are left alone (no unfurl).

Acked at once; `chat.unfurl` runs in a lazy listener.
"""

from __future__ import annotations

import logging
from functools import partial

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.responder import Responder
from bot.unfurls import LinkStates, unfurls
from catalog.urls import LinkIndex

log = logging.getLogger(__name__)


def ack_now(ack: Ack) -> None:
    ack()


def unfurl_links(event: dict, client: WebClient, index: LinkIndex, states: LinkStates) -> None:
    """Unfurl the event's links that belong to catalog entries, in one `chat.unfurl`."""
    found = unfurls(event.get("links") or [], index, states)
    if not found:
        return
    where = (
        {"unfurl_id": event["unfurl_id"], "source": event["source"]}
        if event.get("unfurl_id") and event.get("source")
        else {"channel": event.get("channel"), "ts": event.get("message_ts")}
    )
    try:
        client.chat_unfurl(unfurls=found, **where)
    except SlackApiError as exc:
        log.warning("could not unfurl %d link(s): %s", len(found), exc.response.get("error"))


def register(app: App, responder: Responder) -> None:
    listener = partial(unfurl_links, index=LinkIndex(responder.catalog), states=LinkStates(responder.links))
    app.event("link_shared")(ack=ack_now, lazy=[listener])
