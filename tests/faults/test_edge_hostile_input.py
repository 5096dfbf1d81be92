"""Hostile requests against a running `pyfw web`: oversized, malformed, unsigned, or written to forge log lines.

Each gets a 4xx chosen before any of it is trusted (411/413 before the body is read, 401 before it is parsed, 400 for
a signed body Bolt could not parse), never a 500 or a traceback; no body a stranger sent ever reaches the log; and
every log line keeps the configured LOG_FORMAT.
"""

from __future__ import annotations

import json
import re
import socket

import pytest
import requests

from tests.helpers import SECRET, WebApp
from tests.slack_standin import SlackStandIn, signed_headers

EVENTS = "/slack/events"
FORGED = "2026-01-01 00:00:00,000 ERROR pyfw.web: FORGED-LINE"
TEXT_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+: ")

MALFORMED_BODIES = {
    "not-json": (b"{not json", "application/json"),
    "null": (b"null", "application/json"),
    "array": (b"[]", "application/json"),
    "deep-nesting": (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    "non-utf8-form": (b"command=%2Fpyfw&text=\xff\xfe\xfd", "application/x-www-form-urlencoded"),
    "payload-null": (b"payload=null", "application/x-www-form-urlencoded"),
    "payload-not-json": (b"payload=%7Bnope", "application/x-www-form-urlencoded"),
    "forged-log-line": (f'{{"type": "event_callback", "text": "\n{FORGED}\n"}}'.encode(), "application/json"),
}


@pytest.fixture(scope="module", params=["text", "json"])
def web(request, redis_url, tmp_path_factory):
    standin = SlackStandIn().start()
    app = WebApp(standin, redis_url, tmp_path_factory.mktemp(f"web-{request.param}"), env={"LOG_FORMAT": request.param})
    app.log_format = request.param
    yield app
    app.stop()
    standin.stop()


def post(web: WebApp, body: bytes, headers: dict) -> requests.Response:
    return requests.post(web.url + EVENTS, data=body, headers=headers, timeout=10)


def assert_refused(response: requests.Response, *statuses: int) -> None:
    assert response.status_code in statuses, (response.status_code, response.text[:200])
    assert response.headers["Content-Type"] == "application/json" and "Traceback" not in response.text


@pytest.mark.parametrize("name", MALFORMED_BODIES)
def test_malformed_unsigned_body_gets_401_and_is_never_parsed_or_logged(web, name):
    body, content_type = MALFORMED_BODIES[name]
    assert_refused(post(web, body, {"Content-Type": content_type}), 401)
    wrong = {**signed_headers("not-the-secret", body, content_type)}
    assert_refused(post(web, body, wrong), 401)


@pytest.mark.parametrize("name", MALFORMED_BODIES)
def test_malformed_signed_body_gets_400_not_500(web, name):
    body, content_type = MALFORMED_BODIES[name]
    assert_refused(post(web, body, signed_headers(SECRET, body, content_type)), 400)


@pytest.mark.parametrize(
    "timestamp", ["abc", "NaN", "", "+1700000000", "1700000000.5", "1e9", "١٧٠٠٠٠٠٠٠٠", "99999999999999999999"]
)
def test_a_timestamp_that_is_not_a_number_gets_401(web, timestamp):
    body = b"command=%2Fpyfw&text=flask"
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp.encode(),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    assert_refused(post(web, body, headers), 401)


def test_a_body_over_the_cap_gets_413_before_it_is_sent(web):
    # Announce 100 MB, send 10 bytes, and wait: the answer comes without the server reading (or waiting for) more.
    with socket.create_connection(("127.0.0.1", web.port), timeout=5) as sock:
        sock.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100000000\r\n\r\n{"x": 1, '
        )
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413 ")


def test_a_one_megabyte_unsigned_body_is_refused_and_not_logged(web):
    before = len(web.log_text())
    body = b'{"type": "event_callback", "pad": "' + b"A" * 1_000_000 + b'"}'
    assert_refused(post(web, body, {"Content-Type": "application/json"}), 413)
    small = b'{"type": "event_callback", "pad": "' + b"B" * 10_000 + b'"}'
    assert_refused(post(web, small, {"Content-Type": "application/json"}), 401)
    grown = web.log_text()[before:]
    assert len(grown) < 1_000 and "AAAA" not in grown and "BBBB" not in grown


def test_a_body_with_no_stated_length_gets_411(web):
    def chunks():
        yield b'{"type": "event_callback"}'

    assert_refused(requests.post(web.url + EVENTS, data=chunks(), timeout=10), 411)


def test_every_log_line_keeps_the_log_format_and_nothing_sent_is_logged(web):
    for body, content_type in MALFORMED_BODIES.values():  # unsigned and signed, so every path has logged
        post(web, body, {"Content-Type": content_type})
        post(web, body, signed_headers(SECRET, body, content_type))
    assert web.command("flask").status_code == 200
    lines = web.log_text().splitlines()
    assert lines and "FORGED-LINE" not in "\n".join(lines) and "Traceback" not in "\n".join(lines)
    assert any("refused a request" in line for line in lines)
    for line in lines:
        if web.log_format == "json":
            assert isinstance(json.loads(line), dict), line
        else:
            assert TEXT_LINE.match(line), line
