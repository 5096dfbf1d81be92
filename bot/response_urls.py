"""A Bolt middleware that refuses a request carrying a response_url pyfw must not post to (`common.response_url`).

Bolt builds each listener's `respond` from the request's response_url (a lazy listener rebuilds it from the body),
so the one clean place to stop a hostile one is before any listener runs: the request is answered 400 with one
log line naming the host, and nothing is ever posted there. Slack's own requests always carry hooks.slack.com.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from common.response_url import allowed_response_url

log = logging.getLogger(__name__)


class RefuseForeignResponseUrls(Middleware):
    """Answers 400, before any listener, a request whose `response_url` (or `response_urls`) is not Slack's."""

    def __init__(self, slack_api_url: str | None) -> None:
        self.slack_api_url = slack_api_url

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        for url in response_urls(req.body):
            if not allowed_response_url(url, self.slack_api_url, log, "a signed Slack request"):
                return BoltResponse(status=400, body="response_url not allowed")
        return next()


def response_urls(body: dict) -> list[object]:
    """Every response_url a request body carries: a command's or a button's, and a modal's `response_urls`."""
    found = [body["response_url"]] if "response_url" in body else []
    listed = body.get("response_urls")
    if isinstance(listed, list):
        found += [item.get("response_url") for item in listed if isinstance(item, dict)]
    return found
