"""Where pyfw posts a response_url: Slack's hooks host, or SLACK_API_URL's host when set, and nowhere else.

The rule (`common.response_url`) decided offline for every spelling an attacker might sign into a payload, then
every place that posts to or stores a response_url asked to use a loopback one: nothing connects, one log line.
"""

from __future__ import annotations

import logging

import pytest

from common.response_url import response_url_problem
from common.settings import Settings
from linkwatch import askers, runs
from tests.helpers import connection_trap, write_catalog

STANDIN_API = "http://127.0.0.1:4567/api/"

ALLOWED = [
    ("https://hooks.slack.com/commands/T0/1/abc", None),
    ("https://HOOKS.slack.com:443/actions/T0/1/abc", None),
    ("https://hooks.slack.com/commands/T0/1/abc", STANDIN_API),
    ("http://127.0.0.1:4567/response/1", STANDIN_API),
]
REFUSED = [
    ("http://127.0.0.1:6379/", None),  # the probe: a POST to Redis
    ("http://127.0.0.1:6379/", STANDIN_API),  # the stand-in's host, another port
    ("https://127.0.0.1:4567/response/1", STANDIN_API),  # the stand-in's host and port, another scheme
    ("http://hooks.slack.com/commands/T0/1/abc", None),  # not https
    ("https://hooks.slack.com:8443/commands/T0/1/abc", None),
    ("https://hooks.slack.com.evil.example/x", None),
    ("https://evil.example/hooks.slack.com/x", None),
    ("https://hooks.slack.com@127.0.0.1/x", None),  # user info: the host is 127.0.0.1
    ("https://user:pw@hooks.slack.com/x", None),  # no response_url from Slack has user info
    ("https://127.0.0.1\\@hooks.slack.com/x", None),  # parsers disagree about the backslash
    ("https://hooks.slack.com /x", None),
    ("https://hooks.slack.com\n/x", None),
    ("https://[::1]:6379/", None),
    ("https://169.254.169.254/latest/meta-data/", None),
    ("file:///etc/passwd", None),
    ("gopher://127.0.0.1:6379/_INFO", None),
    ("//hooks.slack.com/x", None),
    ("https://hooks.slack.com:99999/x", None),
    ("", None),
    (None, None),
    (["https://hooks.slack.com/x"], None),
]


@pytest.mark.parametrize("url, api", ALLOWED)
def test_slacks_hooks_host_and_the_configured_api_host_are_allowed(url, api):
    assert response_url_problem(url, api) is None


@pytest.mark.parametrize("url, api", REFUSED)
def test_every_other_place_is_refused(url, api):
    assert response_url_problem(url, api)


def test_the_reason_names_the_host_and_never_the_path():
    problem = response_url_problem("http://127.0.0.1:6379/commands/T0/secret-path-token", None)
    assert "127.0.0.1:6379" in problem and "secret-path-token" not in problem


@pytest.fixture
def listening_socket():
    """A loopback URL that records the connections it is offered."""
    with connection_trap() as (port, seen):
        yield f"http://127.0.0.1:{port}/", seen


def test_a_links_check_asker_on_loopback_is_never_posted_to(listening_socket, caplog):
    url, seen = listening_socket
    with caplog.at_level(logging.WARNING, logger="pyfw.askers"):
        assert askers.respond(url, "the outcome", slack_api_url=STANDIN_API) == 0
    assert seen == []
    assert "refused a response_url to http://127.0.0.1:" in caplog.text


def test_a_run_never_stores_a_foreign_response_url(redis_url, redis_client, tmp_path, caplog):
    catalog = write_catalog(tmp_path / "catalog.toml", {"Flask": ["http://127.0.0.1:9/docs"]})
    settings = Settings(catalog_path=catalog, redis_url=redis_url, slack_api_url=STANDIN_API)
    queued = []
    with caplog.at_level(logging.WARNING, logger="pyfw.runs"):
        run_id = runs.begin_run(
            redis_client, settings, lambda *job: queued.append(job), "slash command", "http://127.0.0.1:6379/"
        )
    assert redis_client.lrange(runs.run_key(run_id, "responders"), 0, -1) == []
    assert "refused a response_url to http://127.0.0.1:6379" in caplog.text
    joined = runs.begin_run(
        redis_client, settings, lambda *job: None, "slash command", "http://127.0.0.1:4567/response/ok"
    )
    assert joined == run_id
    assert redis_client.lrange(runs.run_key(run_id, "responders"), 0, -1) == ["http://127.0.0.1:4567/response/ok"]
