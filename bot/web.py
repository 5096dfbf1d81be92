"""The WSGI app gunicorn serves: Bolt at `/slack/events`, and `GET /healthz` for load balancers and people.

Every POST to /slack/events passes the edge before Bolt sees it, cheapest check first, so a stranger's request
costs little and its body is never parsed or logged (a refusal logs the reason, the size and the peer, not the body):
1. no stated length → 411, a body over MAX_BODY_BYTES → 413, both before a byte of the body is read;
2. Slack's signature (v0: an HMAC-SHA256 of the timestamp and the body, the timestamp within 5 minutes) → 401 when
   it is missing, malformed (a timestamp of `abc`, `NaN` or nothing), old or wrong;
3. a signed body Bolt could not parse (not UTF-8, JSON that is not an object, `payload=null`, nesting too deep)
   → 400;
4. an event (`event_callback`) is claimed once across every web process (`bot.dedupe`): a repeat gets an empty
   200, and while Redis cannot be reached an event this process has not seen gets 503, so Slack sends it again
   (except the Home tab being opened: publishing it twice does no harm).
Anything Bolt or a listener raises becomes one log line and a 500 whose body says nothing more.

/healthz answers 200 with `{"redis": "ok" | "down" | "not configured", "catalog": <entries>}` when the catalog
is loaded (answers only need the catalog), 503 when it is not. Redis down is reported, not a failure.
"""

from __future__ import annotations

import hmac
import io
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

import redis
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.dedupe import Claim, EventDedupe, request_path_redis
from catalog.model import Catalog

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# Slack's payloads are small: the largest is a button press on the App Home tab, which carries the whole view
# (at most 100 blocks of at most 3,000 characters, ~300 KB in the worst case). A bigger body is not from Slack.
MAX_BODY_BYTES = 512 * 1024
MAX_AGE_SECONDS = 5 * 60  # Slack's own rule for the request timestamp: older requests may be replays
_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # ASCII digits only: int() would also take "١٢", " 12" and "1_2"
# Events whose answer may safely happen twice, so they need no record in Redis: publishing the Home tab again
# replaces it. Every other event posts a message, and is answered only once recorded.
REPEATABLE_EVENTS = frozenset({"app_home_opened"})


def wsgi_app(
    bolt_app: App, catalog: Catalog, redis_url: str | None, signing_secret: str, dedupe: EventDedupe
) -> Callable:
    """The app: /healthz, and /slack/events through the edge checks to Bolt (see the module docstring)."""
    slack = SlackRequestHandler(bolt_app, path=EVENTS_PATH)
    secret = signing_secret.encode()
    client = request_path_redis(redis_url)

    def redis_state() -> str:
        if client is None:
            return "not configured"
        try:
            client.ping()
            return "ok"
        except redis.RedisError:
            return "down"

    def slack_events(environ: dict, start_response: Callable) -> Iterable[bytes]:
        refused = _refusal(environ, secret, dedupe)
        if refused is not None:
            return _json(start_response, *refused)
        try:
            return slack(environ, start_response)
        except Exception:
            log.exception("Slack request failed inside Bolt")
            return _json(start_response, "500 Internal Server Error", {"error": "internal error"})

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO")
        if path == "/healthz":
            if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                return _json(start_response, "405 Method Not Allowed", {"error": "use GET"})
            loaded = len(catalog) > 0
            return _json(
                start_response,
                "200 OK" if loaded else "503 Service Unavailable",
                {"redis": redis_state(), "catalog": len(catalog)},
            )
        if path == EVENTS_PATH and environ.get("REQUEST_METHOD") == "POST":
            return slack_events(environ, start_response)
        return slack(environ, start_response)

    return app


def _refusal(environ: dict, secret: bytes, dedupe: EventDedupe) -> tuple[str, dict] | None:
    """(status, JSON body) when the edge answers the request itself; None to hand it to Bolt, body in place."""
    length_text = environ.get("CONTENT_LENGTH") or ""
    if not length_text.isascii() or not length_text.isdigit():
        return _refuse(environ, "411 Length Required", "no Content-Length")
    length = int(length_text)
    if length > MAX_BODY_BYTES:
        return _refuse(environ, "413 Content Too Large", f"a body of {length} bytes (at most {MAX_BODY_BYTES})")
    try:
        body = environ["wsgi.input"].read(length)
    except OSError as exc:  # the peer stalled past the server's deadline or went away
        return _refuse(environ, "400 Bad Request", f"the body could not be read ({type(exc).__name__})")
    if len(body) != length:
        return _refuse(environ, "400 Bad Request", f"a body of {len(body)} bytes, not the {length} announced")
    problem = _signature_problem(environ, secret, body)
    if problem:
        return _refuse(environ, "401 Unauthorized", problem)
    parsed = _parse_like_bolt(body, environ.get("CONTENT_TYPE") or "")
    if isinstance(parsed, str):
        return _refuse(environ, "400 Bad Request", f"a signed body that is {parsed}")
    event_id = parsed.get("event_id") if parsed.get("type") == "event_callback" else None
    if event_id:
        claim = dedupe.claim(str(event_id))
        if claim is Claim.REPEAT:
            return "200 OK", {}
        event = parsed.get("event")
        if claim is Claim.UNKNOWN and not (isinstance(event, dict) and event.get("type") in REPEATABLE_EVENTS):
            log.warning(
                "event %s not answered yet: Redis cannot be reached to record it; Slack will send it again", event_id
            )
            return "503 Service Unavailable", {"error": "cannot record the event now, send it again later"}
    environ["wsgi.input"] = io.BytesIO(body)  # Bolt reads the body again
    return None


def _signature_problem(environ: dict, secret: bytes, body: bytes) -> str | None:
    """Why the request is not signed by Slack (https://api.slack.com/authentication/verifying-requests-from-slack)."""
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or ""
    signature = environ.get("HTTP_X_SLACK_SIGNATURE") or ""
    if not timestamp or not signature:
        return "no Slack signature"
    if not _TIMESTAMP.fullmatch(timestamp):
        return "a request timestamp that is not a number"
    if abs(time.time() - int(timestamp)) > MAX_AGE_SECONDS:
        return "a request timestamp more than 5 minutes off"
    expected = b"v0=" + hmac.digest(secret, b"v0:" + timestamp.encode() + b":" + body, "sha256").hex().encode()
    if not hmac.compare_digest(expected, signature.encode("latin-1", "replace")):
        return "a wrong Slack signature"
    return None


def _parse_like_bolt(body: bytes, content_type: str) -> dict | str:
    """The body as Bolt will parse it (slack_bolt.request.internals.parse_body), or what is wrong with it.

    Form fields without a `payload` (slash commands) always parse and are not needed here: {} stands for them.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    try:
        if content_type.split(";")[0] == "application/json" or text.startswith("{"):
            parsed = json.loads(text)
        elif "payload" in text:
            payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
            parsed = {} if payload is None else json.loads(payload)
        else:
            return {}
    except (ValueError, RecursionError):
        return "not valid JSON"
    return parsed if isinstance(parsed, dict) else f"JSON {type(parsed).__name__}, not an object"


def _refuse(environ: dict, status: str, reason: str) -> tuple[str, dict]:
    log.info("refused a request from %s: %s", environ.get("REMOTE_ADDR") or "?", reason)
    return status, {"error": status.split(" ", 1)[1].lower()}


def _json(start_response: Callable, status: str, payload: dict) -> list[bytes]:
    data = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
