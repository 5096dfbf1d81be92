"""The Bolt app factory: builds the App, adds event dedupe, and registers every listener group. Nothing else.

`process_before_response=True`: Bolt's default runner executes a listener on a thread and waits for its `ack()`
by polling every 10 ms, which adds up to 10 ms to every request and ties up a thread while it sleeps. With
`process_before_response` the ack function runs on the request's own thread and the response goes out the moment
it returns; slow work (Web API calls) is in lazy listeners, so nothing slow sits before the ack.
(bench/bench_web.py measures both; the numbers are in the README.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient

from bot.dedupe import EventDedupe
from bot.listeners import ALL as LISTENER_GROUPS
from bot.responder import Responder
from bot.response_urls import RefuseForeignResponseUrls
from common.settings import Settings


class AnswerEachEventOnce(Middleware):
    """Drops an event whose id was seen before (Slack's retries), with a plain 200 so Slack stops retrying.

    A Middleware class rather than a decorated function: Bolt then calls it directly, without inspecting its
    arguments on every request (that inspection costs ~30 µs, a measurable share of a slash command).
    """

    def __init__(self, dedupe: EventDedupe) -> None:
        self.dedupe = dedupe

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not self.dedupe.first_time(str(event_id)):
            return BoltResponse(status=200, body="")
        return next()


def _not_the_token_warning(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN from the environment itself and then warns that our client (which has that very
    # token, and SLACK_API_URL) wins over it: true, expected, and noise in every start-up log.
    return "`token` will be unused" not in record.getMessage()


def web_client(settings: Settings, logger: logging.Logger | None = None) -> WebClient:
    """A Web API client with the bot token, talking to SLACK_API_URL when set."""
    return WebClient(
        token=settings.slack_bot_token, base_url=settings.slack_api_url or WebClient.BASE_URL, logger=logger
    )


def build_app(
    settings: Settings, responder: Responder, *, socket_mode: bool = False, dedupe: EventDedupe | None = None
) -> App:
    """The Bolt app: every request verified with the signing secret (HTTP mode), each event answered once."""
    bolt_logger = logging.getLogger("pyfw.bolt")
    bolt_logger.addFilter(_not_the_token_warning)
    oauth = None
    if settings.oauth:  # each workspace answered with its own bot token, from its installation (bot/oauth.py)
        from bot.oauth import OAuthMode  # SQLAlchemy only where it is used

        oauth = OAuthMode(settings)
    client = web_client(settings)
    app = App(
        **(oauth.app_options(client) if oauth else {}),
        client=client,
        signing_secret=settings.slack_signing_secret,
        request_verification_enabled=not socket_mode,  # Socket Mode messages arrive over an authenticated socket
        token_verification_enabled=False,  # the start-up check has already called auth.test
        process_before_response=True,
        logger=bolt_logger,
    )
    app.use(AnswerEachEventOnce(dedupe or EventDedupe(settings.redis_url)))
    app.use(RefuseForeignResponseUrls(settings.slack_api_url))
    for group in LISTENER_GROUPS:
        group.register(app, responder)
    if oauth:
        oauth.register(app, responder)
    return app
