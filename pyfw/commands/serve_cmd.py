"""`pyfw web` (HTTP mode, gunicorn) and `pyfw socket` (Socket Mode): the Slack app, after a start-up check.

The check (catalog, tokens, auth.test) runs before anything listens, so a bad setup is one clear line and a
non-zero exit instead of a server that fails on its first request.

`pyfw web` faces the network itself (compose publishes its port), so it must survive slow clients on its own:
gunicorn's gevent worker, the worker class gunicorn's docs name for clients that are not behind a buffering proxy.
A connection costs a greenlet, not a thread, so 200 connections trickling their headers a byte at a time leave
/healthz and real Slack requests answered at once; `SlowClientWorker` adds the deadlines gunicorn leaves open
(EdgeLimits). The Slack app is built in each worker, after gevent has patched the standard library (gunicorn
discourages preloading an app into gevent workers); the catalog is loaded and checked once, before the fork.
"""

from __future__ import annotations

import argparse
import errno
import gc
import logging
import socket
import sys
from dataclasses import dataclass

import gevent
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger as GunicornLogger
from gunicorn.workers.ggevent import GeventWorker

from bot.startup import StartupError, check
from common.logs import RedactSecrets, setup_logging
from pyfw.terminal import safe_text

log = logging.getLogger("pyfw.serve")


def add_parser(subparsers) -> None:
    web = subparsers.add_parser("web", help="serve the Slack app over HTTP with gunicorn (/slack/events, /healthz)")
    web.add_argument("--port", type=int, help="port to listen on (default: PORT or 3000)")
    web.add_argument("--host", default="0.0.0.0", help="address to listen on (default: 0.0.0.0)")
    web.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default: 2)")
    # Accepted and ignored since the gevent worker (one greenlet per connection), so older scripts keep working.
    web.add_argument("--threads", type=int, default=4, help=argparse.SUPPRESS)
    web.set_defaults(run=run_web)

    sock = subparsers.add_parser("socket", help="run the Slack app in Socket Mode (needs SLACK_APP_TOKEN)")
    sock.set_defaults(run=run_socket)


@dataclass(frozen=True)
class EdgeLimits:
    """How long a client may take, at most, before `pyfw web` closes its connection."""

    # The request line and headers, and an idle kept-alive connection (gunicorn's keepalive: under gevent it bounds
    # the whole header read). Slack sends a request in one go; a client that trickles its headers is cut off here.
    header_seconds: int = 5  # whole seconds: it is gunicorn's keepalive setting
    # Reading the body, answering and writing the answer. Slack gives up after 3 s, so nothing useful runs longer;
    # a body trickled a byte at a time, or a client that never reads the answer, is cut off here.
    request_seconds: float = 10.0


LIMITS = EdgeLimits()


def run_web(args: argparse.Namespace, settings) -> int:
    setup_logging(settings)
    port = settings.port if args.port is None else args.port
    try:
        catalog = check(settings, "web")
        if not 0 <= port < 65536:
            raise StartupError(f"--port must be between 0 (any free port) and 65535, got {port}")
        if args.workers < 1:
            raise StartupError("--workers must be at least 1")
        _check_port_free(args.host, port)
    except StartupError as exc:
        return _fail(settings, str(exc))

    def build_in_worker():
        from bot.app import build_app
        from bot.dedupe import ClaimedAtTheEdge, EventDedupe
        from bot.links import LinkWatch
        from bot.responder import Responder
        from bot.web import wsgi_app
        from learning.loop import LearningLoop

        responder = Responder(catalog, links=LinkWatch(settings, catalog), learning=LearningLoop(settings))
        bolt = build_app(settings, responder, dedupe=ClaimedAtTheEdge())  # bot.web claims events before Bolt
        app = wsgi_app(
            bolt, catalog, settings.redis_url, settings.slack_signing_secret, EventDedupe(settings.redis_url)
        )
        gc.freeze()  # the catalog, its index and the app live forever: keep the collector from rescanning them
        return app

    gc.freeze()  # the catalog, loaded before the fork, stays shared between the workers
    log.info("serving %d catalog entries on http://%s:%d/slack/events", len(catalog), args.host, port)
    _Gunicorn(
        build_in_worker,
        {
            "bind": f"{args.host}:{port}",
            "workers": args.workers,
            "worker_class": SlowClientWorker,
            "worker_connections": 1000,  # per worker; a connection is a greenlet and a file descriptor
            "keepalive": LIMITS.header_seconds,
            "accesslog": None,
            "errorlog": "-",
            "logger_class": LogThroughPyfw,
            "loglevel": "warning",
            "timeout": 30,
            "graceful_timeout": 10,
        },
    ).run()
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
    from learning.loop import LearningLoop

    responder = Responder(catalog, links=LinkWatch(settings, catalog), learning=LearningLoop(settings))
    app = build_app(settings, responder, socket_mode=True)
    log.info("connecting to Slack in Socket Mode with %d catalog entries", len(catalog))
    SocketModeHandler(app, settings.slack_app_token, web_client=web_client(settings)).start()
    return 0


def _fail(settings, message: str) -> int:
    redact = RedactSecrets(settings.secrets)
    print(f"pyfw: {safe_text(redact.redact(message))}", file=sys.stderr)
    return 1


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = "already in use" if exc.errno == errno.EADDRINUSE else exc.strerror
            raise StartupError(f"cannot listen on {host}:{port}: {reason}") from None


class SlowClientWorker(GeventWorker):
    """gunicorn's gevent worker with a deadline on each request, which gevent's worker does not have.

    Headers are already bounded (gunicorn reads them under gevent.Timeout(keepalive)); after them nothing is: a body
    trickled a byte a minute, or an answer the client never reads, would hold the connection forever.
    """

    def handle_request(self, listener_name, req, sock, addr):
        deadline = gevent.Timeout(LIMITS.request_seconds)
        deadline.start()
        try:
            return super().handle_request(listener_name, req, sock, addr)
        except gevent.Timeout as exc:
            if exc is not deadline:
                raise
            self.log.warning(
                "closed a connection from %s: its request took over %gs (a slow body or a client "
                "not reading the answer)",
                addr[0] if isinstance(addr, tuple) else addr,
                LIMITS.request_seconds,
            )
            raise StopIteration from None  # gunicorn's way of saying "close this connection"
        finally:
            deadline.close()
            # Let other connections' greenlets run: a kept-alive client whose next request is already waiting
            # would otherwise be served again and again while the others wait (seen as a 0.5 s p99 under wrk).
            gevent.sleep(0)


class LogThroughPyfw(GunicornLogger):
    """gunicorn's own messages as pyfw log records: LOG_FORMAT, secrets redacted, control characters escaped."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            logger.propagate = True


class _Gunicorn(BaseApplication):
    """gunicorn serving an app that each worker builds (after gevent's patching) with `build()`."""

    def __init__(self, build, options: dict) -> None:
        self.build = build
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.build()
