"""The Bolt app factory: builds the App, adds event dedupe, and registers every listener group. Nothing else.

`process_before_response=True`: Bolt's default runner executes a listener on a thread and waits for its `ack()`
by polling every 10 ms, which adds up to 10 ms to every request and ties up a thread while it sleeps. With
`process_before_response` the ack function runs on the request's own thread and the response goes out the moment
it returns; slow work (Web API calls) is in lazy listeners, so nothing slow sits before the ack.
(bench/bench_web.py measures both; the numbers are in the README.)
"""

from __future__ import annotations

import logging

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.dedupe import EventDedupe
from bot.listeners import ALL as LISTENER_GROUPS
from bot.responder import Responder
from pyfw.settings import Settings


def web_client(settings: Settings, logger: logging.Logger | None = None) -> WebClient:
    """A Web API client with the bot token, talking to SLACK_API_URL when set."""
    return WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url or WebClient.BASE_URL,
                     logger=logger)


def build_app(settings: Settings, responder: Responder, *, socket_mode: bool = False,
              dedupe: EventDedupe | None = None) -> App:
    """The Bolt app: every request verified with the signing secret (HTTP mode), each event answered once."""
    app = App(
        client=web_client(settings),
        signing_secret=settings.slack_signing_secret,
        request_verification_enabled=not socket_mode,  # Socket Mode messages arrive over an authenticated socket
        token_verification_enabled=False,  # the start-up check has already called auth.test
        process_before_response=True,
        logger=logging.getLogger("pyfw.bolt"),
    )
    dedupe = dedupe or EventDedupe(settings.redis_url)

    @app.middleware
    def answer_each_event_once(body: dict, next) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not dedupe.first_time(str(event_id)):
            return BoltResponse(status=200, body="")
        return next()

    for group in LISTENER_GROUPS:
        group.register(app, responder)
    return app
