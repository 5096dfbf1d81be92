"""Slow clients against `pyfw web` alone (no proxy in front): 200 connections that trickle their headers or body, or
say nothing, held for 25 s, while /healthz and a signed `/pyfw flask` must each answer within 1 s throughout."""

from __future__ import annotations

import json
import selectors
import socket
import threading
import time
from collections import Counter

import pytest
import requests

from pyfw.commands.serve_cmd import LIMITS
from tests.helpers import SECRET, WebApp, command_body
from tests.slack_standin import signed_headers

HELD_SECONDS = 25
SLOW_CONNECTIONS = 200
TRICKLE_EVERY = 0.5  # seconds between two bytes of a trickling client


class SlowClients:
    """`count` connections to `port`, a third each trickling headers, trickling a body, or silent; a connection the
    server closes is opened again at once (as an attacker would), and counted in `cut` by kind."""

    KINDS = ("headers", "body", "silent")

    def __init__(self, port: int, count: int) -> None:
        self.port = port
        self.count = count
        self.cut: Counter[str] = Counter()
        self.open_counts: list[int] = []
        self._stop = threading.Event()
        self._selector = selectors.DefaultSelector()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> SlowClients:
        for number in range(self.count):
            self._open(self.KINDS[number % 3])
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(10)
        for key in list(self._selector.get_map().values()):
            key.fileobj.close()
        self._selector.close()

    def _open(self, kind: str) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        sock.setblocking(False)
        if kind == "body":  # complete headers, then a body that never ends
            sock.send(
                b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100000\r\n\r\n"
            )
        elif kind == "headers":  # a request line, then headers a byte at a time
            sock.send(b"POST /slack/events HTTP/1.1\r\n")
        self._selector.register(sock, selectors.EVENT_READ, kind)

    def _run(self) -> None:
        next_trickle = time.monotonic()
        while not self._stop.is_set():
            for key, _ in self._selector.select(timeout=0.05):
                self._reopen(key)  # readable: closed, or answered though half sent; either way the server gave up
            if time.monotonic() >= next_trickle:
                next_trickle += TRICKLE_EVERY
                for key in list(self._selector.get_map().values()):
                    if key.data == "silent":
                        continue
                    try:
                        key.fileobj.send(b"X" if key.data == "headers" else b"{")
                    except OSError:
                        self._reopen(key)
            self.open_counts.append(len(self._selector.get_map()))

    def _reopen(self, key) -> None:
        self.cut[key.data] += 1
        self._selector.unregister(key.fileobj)
        key.fileobj.close()
        self._open(key.data)


def signed_command(web: WebApp, timeout: float) -> requests.Response:
    body = command_body("flask", web.standin.response_url())
    headers = signed_headers(SECRET, body, "application/x-www-form-urlencoded")
    return requests.post(web.url + "/slack/events", data=body.encode(), headers=headers, timeout=timeout)


@pytest.fixture
def web(slack_api, redis_url, tmp_path):
    app = WebApp(slack_api, redis_url, tmp_path, env={"LOG_FORMAT": "json"})
    yield app
    app.stop()


def test_200_slow_clients_held_25s_never_delay_healthz_or_a_signed_command(web):
    slowest = {"healthz": 0.0, "command": 0.0}
    with SlowClients(web.port, SLOW_CONNECTIONS) as attack:
        started = time.monotonic()
        while time.monotonic() - started < HELD_SECONDS:
            begin = time.monotonic()
            health = requests.get(web.url + "/healthz", timeout=1)
            slowest["healthz"] = max(slowest["healthz"], time.monotonic() - begin)
            begin = time.monotonic()
            command = signed_command(web, timeout=1)
            slowest["command"] = max(slowest["command"], time.monotonic() - begin)
            assert health.status_code == 200 and command.status_code == 200
            assert "flask.palletsprojects.com" in command.text
            time.sleep(0.2)
        held = sorted(attack.open_counts)[len(attack.open_counts) // 2]
    assert slowest["healthz"] < 1 and slowest["command"] < 1, slowest
    assert held == SLOW_CONNECTIONS  # the attack really held its 200 connections (the median moment)
    # The server's deadlines cut every kind of slow client, so none holds a connection for long.
    assert attack.cut["silent"] >= SLOW_CONNECTIONS // 3, attack.cut
    assert attack.cut["headers"] >= SLOW_CONNECTIONS // 3, attack.cut
    assert attack.cut["body"] >= SLOW_CONNECTIONS // 3, attack.cut
    # gunicorn's own warning about a cut body is a pyfw record in LOG_FORMAT, like every other line.
    records = [json.loads(line) for line in web.log_text().splitlines()]
    assert any(
        r["logger"] == "gunicorn.error" and f"took over {LIMITS.request_seconds:g}s" in r["message"] for r in records
    )
    assert not any("Traceback" in r["message"] for r in records)
