"""`pyfw web` (HTTP mode, gunicorn) and `pyfw socket` (Socket Mode): the Slack app, after a start-up check.

The check (catalog, tokens, auth.test) runs before anything listens, so a bad setup is one clear line and a
non-zero exit instead of a server that fails on its first request.
"""

from __future__ import annotations

import argparse
import errno
import gc
import logging
import socket
import sys

from gunicorn.app.base import BaseApplication

from bot.startup import StartupError, check
from common.logs import RedactSecrets, setup_logging

log = logging.getLogger("pyfw.serve")


def add_parser(subparsers) -> None:
    web = subparsers.add_parser("web", help="serve the Slack app over HTTP with gunicorn (/slack/events, /healthz)")
    web.add_argument("--port", type=int, help="port to listen on (default: PORT or 3000)")
    web.add_argument("--host", default="0.0.0.0", help="address to listen on (default: 0.0.0.0)")
    web.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default: 2)")
    web.add_argument("--threads", type=int, default=4, help="threads per worker (default: 4)")
    web.set_defaults(run=run_web)

    sock = subparsers.add_parser("socket", help="run the Slack app in Socket Mode (needs SLACK_APP_TOKEN)")
    sock.set_defaults(run=run_socket)


def run_web(args: argparse.Namespace, settings) -> int:
    setup_logging(settings)
    port = settings.port if args.port is None else args.port
    try:
        catalog = check(settings, "web")
        if not 0 <= port < 65536:
            raise StartupError(f"--port must be between 0 (any free port) and 65535, got {port}")
        if args.workers < 1 or args.threads < 1:
            raise StartupError("--workers and --threads must be at least 1")
        _check_port_free(args.host, port)
    except StartupError as exc:
        return _fail(settings, str(exc))

    from bot.app import build_app
    from bot.links import LinkWatch
    from bot.responder import Responder
    from bot.web import wsgi_app

    responder = Responder(catalog, links=LinkWatch(settings, catalog))
    app = wsgi_app(build_app(settings, responder), catalog, settings.redis_url)
    gc.freeze()  # the catalog, its index and the app live forever: keep the collector from rescanning them
    log.info("serving %d catalog entries on http://%s:%d/slack/events", len(catalog), args.host, port)
    _Gunicorn(app, {
        "bind": f"{args.host}:{port}",
        "workers": args.workers,
        "worker_class": "gthread",  # threads keep connections alive and let lazy listeners run beside requests
        "threads": args.threads,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 30,
        "graceful_timeout": 10,
    }).run()
    return 0


def run_socket(args: argparse.Namespace, settings) -> int:
    setup_logging(settings)
    try:
        catalog = check(settings, "socket")
    except StartupError as exc:
        return _fail(settings, str(exc))

    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import build_app, web_client
    from bot.links import LinkWatch
    from bot.responder import Responder

    app = build_app(settings, Responder(catalog, links=LinkWatch(settings, catalog)), socket_mode=True)
    log.info("connecting to Slack in Socket Mode with %d catalog entries", len(catalog))
    SocketModeHandler(app, settings.slack_app_token, web_client=web_client(settings)).start()
    return 0


def _fail(settings, message: str) -> int:
    redact = RedactSecrets([settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token])
    print(f"pyfw: {redact.redact(message)}", file=sys.stderr)
    return 1


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = "already in use" if exc.errno == errno.EADDRINUSE else exc.strerror
            raise StartupError(f"cannot listen on {host}:{port}: {reason}") from None


class _Gunicorn(BaseApplication):
    """gunicorn serving an app object built (and checked) in this process before the workers fork."""

    def __init__(self, app, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application
