"""Meeting people where they work, over real HTTP: `pyfw web` on a loopback port, requests signed exactly as Slack
signs them, the Web API played by the stand-in, on the suite's Redis: the message shortcut, docs-link unfurls
(with link health), the App Home's first-visit welcome and its example questions, the DM introduction."""

from __future__ import annotations

import itertools
import json
from urllib.parse import urlencode

import pytest

from catalog import load_catalog
from linkwatch import history, runs
from linkwatch.verdict import Verdict
from tests.helpers import WebApp, all_text, direct_message, event_body, message_action
from tests.helpers import link_shared as link_shared_event

FLASK = "https://flask.palletsprojects.com/en/latest/"
DJANGO = "https://docs.djangoproject.com/en/stable/"
_ts = itertools.count(1)


@pytest.fixture(scope="module")
def web(standin, redis_url, tmp_path_factory):
    app = WebApp(standin, redis_url, tmp_path_factory.mktemp("reach"))
    yield app
    app.stop()


def interactive(slack: WebApp, payload: dict):
    base = {"team": {"id": "T0TEST"}, "api_app_id": "A0PYFW", "token": "legacy", "trigger_id": "1.2.3"}
    return slack.post(urlencode({"payload": json.dumps({**base, **payload})}), "application/x-www-form-urlencoded")


def shortcut(slack: WebApp, message: dict, response_url: bool = True):
    payload = message_action(message, slack.standin.response_url("shortcut") if response_url else None)
    return slack.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def link_shared(slack: WebApp, *urls: str, **extra):
    event = link_shared_event(list(urls), ts=f"17000020{next(_ts):02d}.000100", **extra)
    return slack.post(json.dumps(event_body(event)), "application/json")


def open_home(slack: WebApp, user: str = "U0ASKER"):
    event = {"type": "app_home_opened", "user": user, "channel": "D0ASKER", "tab": "home", "event_ts": "1.2"}
    return slack.post(json.dumps(event_body(event)), "application/json")


def record_run(client, verdicts: list[Verdict], now: float = 1_790_000_000.0) -> None:
    """Store a run's verdicts as the link-check jobs do, threshold 1 (so one failed run is broken)."""
    entries = {url: ", ".join(e.name for e in es) for url, es in load_catalog().links_by_url().items()}
    by_url = {v.url: v for v in verdicts}
    new_states, _ = runs.plan_run("run-1", by_url, entries, history.read_states(client, list(by_url)), 1, now)
    pipe = client.pipeline()
    history.write_states(pipe, new_states)
    pipe.execute()


# -- docs-link unfurls ----------------------------------------------------------------------------------------------
# The first unfurl test seeds link health: the web process reads it through a 30 s cache on its first unfurl.


def test_a_broken_or_moved_docs_link_unfurls_saying_so_with_the_new_address(slack, redis_client):
    record_run(
        redis_client,
        [
            Verdict(FLASK, "broken", 404, detail="not found (404)"),
            Verdict(DJANGO, "moved", 301, final_url="https://docs.djangoproject.com/en/5.2/"),
        ],
    )
    assert link_shared(slack, FLASK, DJANGO).status_code == 200
    [call] = slack.standin.wait_for("chat.unfurl")
    flask, django = (all_text(call.args["unfurls"][url]["blocks"]) for url in (FLASK, DJANGO))
    assert "Flask" in flask and "broken" in flask and "not found (404)" in flask
    assert "Django" in django and "moved" in django and "https://docs.djangoproject.com/en/5.2/" in django


def test_a_pasted_docs_link_unfurls_as_its_entrys_compact_card(slack):
    pasted = "http://FLASK.palletsprojects.com/en/latest/quickstart/?highlight=route#a-minimal-application"
    assert link_shared(slack, pasted, source="composer", unfurl_id="C123456.7890.abc").status_code == 200
    [call] = slack.standin.wait_for("chat.unfurl")
    assert call.args["unfurl_id"] == "C123456.7890.abc" and call.args["source"] == "composer"
    [(url, unfurl)] = call.args["unfurls"].items()
    assert url == pasted  # Slack matches unfurls by the URL exactly as it sent it
    text = all_text(unfurl["blocks"])
    assert "Flask" in text and "Backend Frameworks" in text and "/pyfw Flask" in text
    assert len(unfurl["blocks"]) <= 4  # compact: not the whole card


def test_links_of_no_entry_are_not_unfurled(slack):
    assert link_shared(slack, "https://flask.palletsprojects.com/en/", "https://example.com/flask").status_code == 200
    open_home(slack)  # a later request's Web API call: by then the unfurl would have been made
    slack.standin.wait_for("views.publish")
    assert slack.standin.calls_to("chat.unfurl") == []


# -- the message shortcut -------------------------------------------------------------------------------------------


def test_the_shortcut_answers_the_message_only_to_whoever_used_it(slack):
    response = shortcut(slack, {"text": "we're thinking of <https://flask.palletsprojects.com|flask> for the API"})
    assert response.status_code == 200 and response.text == ""  # acked at once, nothing shown in the channel
    [call] = slack.standin.wait_for("response_url")
    assert call.args["response_type"] == "ephemeral" and call.args["replace_original"] is False
    text = all_text(call.args["blocks"])
    assert "Flask" in text and "Share in channel" in text
    assert slack.standin.calls_to("chat.postMessage") == []


def test_the_shortcut_gives_a_comparison_or_the_best_matches_as_the_engine_would(slack):
    shortcut(slack, {"text": "<@U0BOSS> django or flask for the new service, thoughts?"})
    [call] = slack.standin.wait_for("response_url")
    assert "Django vs Flask" in all_text(call.args["blocks"])
    slack.standin.reset()
    shortcut(slack, {"text": "links check"})  # the engine's answer, never a subcommand run from someone's message
    [call] = slack.standin.wait_for("response_url")
    assert "Checking" not in all_text(call.args["blocks"])


def test_the_shortcut_on_a_message_without_text_says_so_plainly(slack):
    shortcut(slack, {"text": "", "files": [{"id": "F0FILE", "name": "diagram.png"}]})
    [call] = slack.standin.wait_for("response_url")
    assert "no text I can read" in call.args["text"]


def test_the_shortcut_without_a_response_url_answers_by_post_ephemeral(slack):
    shortcut(slack, {"text": "sqlalchemy"}, response_url=False)
    [call] = slack.standin.wait_for("chat.postEphemeral")
    assert call.args["user"] == "U0ASKER" and call.args["channel"] == "C0GENERAL"
    assert "SQLAlchemy" in all_text(call.args["blocks"])


# -- onboarding -----------------------------------------------------------------------------------------------------


def test_the_first_visit_to_the_app_home_welcomes_and_a_return_does_not(slack):
    open_home(slack)
    first = slack.standin.wait_for("views.publish")[0].args["view"]["blocks"]
    text = all_text(first)
    assert "Welcome to pyfw" in text
    for expected in ("Try an example", "flask vs django", "Backend Frameworks", "Link health"):
        assert expected in text
    examples = [e for b in first if b["type"] == "actions" for e in b["elements"]]
    assert all(e["action_id"].startswith("pyfw_example_") and e.get("accessibility_label") for e in examples)
    open_home(slack)
    again = slack.standin.wait_for("views.publish", count=2)[1].args["view"]["blocks"]
    assert "Welcome to pyfw" not in all_text(again) and "Try an example" in all_text(again)


def test_an_example_clicked_in_the_app_home_is_answered_in_place(slack):
    view = {"id": "V0HOME", "type": "home", "hash": "1700000000.abcd"}
    payload = {
        "type": "block_actions",
        "user": {"id": "U0ASKER"},
        "container": {"type": "view", "view_id": "V0HOME"},
        "view": view,
        "actions": [{"type": "button", "action_id": "pyfw_example_1", "block_id": "b", "value": "flask vs django"}],
    }
    assert interactive(slack, payload).status_code == 200
    [call] = slack.standin.wait_for("views.update")
    assert call.args["view_id"] == "V0HOME" and call.args["hash"] == "1700000000.abcd"
    blocks = call.args["view"]["blocks"]
    assert blocks[0]["type"] == "context" and "flask vs django" in all_text(blocks[:1])
    assert blocks[1]["text"]["text"] == "Flask vs Django"  # the comparison, at the top of the Home
    assert "Share in channel" not in all_text(blocks)  # the Home has no channel to share into
    slack.standin.reset()
    slack.standin.refuse("views.update", "hash_conflict")  # the Home changed meanwhile: published over it
    try:
        assert interactive(slack, payload).status_code == 200
        [call] = slack.standin.wait_for("views.publish")
    finally:
        slack.standin.refuse("views.update", None)
    assert call.args["user_id"] == "U0ASKER" and "Flask vs Django" in all_text(call.args["view"]["blocks"])


@pytest.mark.parametrize("text", ["help", "", "<@U0PYFW> help"])
def test_a_dm_saying_help_or_nothing_gets_the_introduction(slack, text):
    slack.post(json.dumps(event_body(direct_message(text, ts="1700003000.000100"))), "application/json")
    [call] = slack.standin.wait_for("chat.postMessage")
    assert call.args["channel"] == "D0ASKER"
    blocks = call.args["blocks"]
    assert "Welcome to pyfw" in all_text(blocks) and "Try an example" in all_text(blocks)


def test_an_example_clicked_in_the_dm_is_answered_there(slack):
    payload = {
        "type": "block_actions",
        "user": {"id": "U0ASKER"},
        "container": {"type": "message", "is_ephemeral": False, "channel_id": "D0ASKER"},
        "channel": {"id": "D0ASKER"},
        "response_url": slack.standin.response_url("example"),
        "actions": [{"type": "button", "action_id": "pyfw_example_0", "block_id": "b", "value": EXAMPLE}],
    }
    assert interactive(slack, payload).status_code == 200
    [call] = slack.standin.wait_for("response_url")
    assert "Celery" in all_text(call.args["blocks"]) and call.args["replace_original"] is False


EXAMPLE = "how do I run tasks in the background?"
