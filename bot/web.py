"""The WSGI app gunicorn serves: Bolt at `/slack/events`, and `GET /healthz` for load balancers and people.

/healthz answers 200 with `{"redis": "ok" | "down" | "not configured", "catalog": <entries>}` when the catalog
is loaded (answers only need the catalog), 503 when it is not. Redis down is reported, not a failure.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

import redis
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from catalog.model import Catalog

EVENTS_PATH = "/slack/events"


def wsgi_app(bolt_app: App, catalog: Catalog, redis_url: str | None) -> Callable:
    slack = SlackRequestHandler(bolt_app, path=EVENTS_PATH)
    client = (redis.Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
              if redis_url else None)

    def redis_state() -> str:
        if client is None:
            return "not configured"
        try:
            client.ping()
            return "ok"
        except redis.RedisError:
            return "down"

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                return _json(start_response, "405 Method Not Allowed", {"error": "use GET"})
            loaded = len(catalog) > 0
            return _json(start_response, "200 OK" if loaded else "503 Service Unavailable",
                         {"redis": redis_state(), "catalog": len(catalog)})
        return slack(environ, start_response)

    return app


def _json(start_response: Callable, status: str, payload: dict) -> list[bytes]:
    data = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
