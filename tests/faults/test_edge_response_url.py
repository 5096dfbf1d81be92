"""A signed request whose response_url points anywhere but Slack, against a running `pyfw web`.

A listening loopback socket stands for what an attacker would aim at (Redis, a metadata service, an internal
admin port): it must see no connection at all, whatever listener the request is for, and the web log must say
the response_url was refused, naming its host. The stand-in's response_url (SLACK_API_URL's host) still works.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.helpers import WebApp, command_body, connection_trap
from tests.slack_standin import SlackStandIn


@pytest.fixture(scope="module")
def web(redis_url, tmp_path_factory):
    standin = SlackStandIn().start()
    app = WebApp(standin, redis_url, tmp_path_factory.mktemp("web-response-url"))
    yield app
    app.stop()
    standin.stop()


@pytest.fixture
def target():
    """A loopback port that records every connection offered to it: the place a hostile response_url aims at."""
    with connection_trap() as trap:
        yield trap


def refused_lines(web: WebApp, port: int) -> list[str]:
    return [
        line for line in web.log_text().splitlines() if f"refused a response_url to http://127.0.0.1:{port}" in line
    ]


@pytest.mark.parametrize("text", ["flask", "links check", "help", "links"])
def test_a_command_with_a_loopback_response_url_is_refused_and_nothing_connects(web, target, text):
    port, connections = target
    body = command_body(text, f"http://127.0.0.1:{port}/")
    response = web.post(body, "application/x-www-form-urlencoded")
    time.sleep(1.5)  # the time a lazy listener or a queued check would take to post, were it allowed to
    assert connections == []
    assert response.status_code == 400
    assert len(refused_lines(web, port)) == 1


@pytest.mark.parametrize(
    "action_id, value", [("pyfw_share", json.dumps({"names": ["Flask"]})), ("pyfw_show_0", "Django")]
)
def test_a_button_with_a_loopback_response_url_is_refused_and_nothing_connects(web, target, action_id, value):
    port, connections = target
    response = web.action(action_id, value, response_url=f"http://127.0.0.1:{port}/")
    time.sleep(1.5)
    assert connections == []
    assert response.status_code == 400
    assert len(refused_lines(web, port)) == 1


def test_the_standins_response_url_still_works(web):
    web.standin.reset()
    assert web.action("pyfw_show_0", "Django").status_code == 200
    call = web.standin.wait_for("response_url")[0]
    assert "Django" in json.dumps(call.args["blocks"])
    assert web.command("flask").status_code == 200
