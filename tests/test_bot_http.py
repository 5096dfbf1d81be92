"""The Slack app over real HTTP: `pyfw web` (gunicorn) on a loopback port, requests signed exactly as Slack signs
them, the Web API played by the stand-in, event dedupe in a real Redis."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.helpers import BOT_TOKEN, SECRET, WebApp, all_text, clean_env, direct_message, event_body, free_port, mention
from tests.slack_standin import SlackStandIn, block_problems


@pytest.fixture(scope="module")
def web(standin, redis_url, tmp_path_factory):
    app = WebApp(standin, redis_url, tmp_path_factory.mktemp("web"))
    yield app
    app.stop()


SENTINEL_TS = "1799999999.000001"


def answers_before_sentinel(slack: WebApp) -> list:
    """Every chat.postMessage the app made for earlier requests.

    A mention is sent as a sentinel and awaited: requests are sent one after another and each answer is queued at
    ack time, so answers to earlier requests have been queued (and, in practice, delivered) before it.
    """
    slack.event(mention("sentinel", ts=SENTINEL_TS))
    calls = slack.standin.wait_until(
        lambda c: c.method == "chat.postMessage" and c.args.get("thread_ts") == SENTINEL_TS
    )
    return [c for c in calls if c.method == "chat.postMessage" and c.args.get("thread_ts") != SENTINEL_TS]


# -- the slash command ----------------------------------------------------------------------------------------------


def test_slash_command_answers_with_the_card_only_to_the_asker(slack):
    response = slack.command("flask")
    assert response.status_code == 200
    reply = response.json()
    assert reply["response_type"] == "ephemeral"
    text = all_text(reply["blocks"])
    assert "Flask" in text and "https://flask.palletsprojects.com/en/latest/" in text
    assert "Share in channel" in text
    assert slack.standin.calls_to("chat.postMessage") == []  # answered in the ack itself


def test_empty_command_is_help(slack):
    reply = slack.command("").json()
    assert "/pyfw list" in all_text(reply["blocks"])


def test_unknown_command_gets_an_honest_answer_with_help(slack):
    reply = slack.command("zzqqxx nothing like this").json()
    text = all_text(reply["blocks"])
    assert "zzqqxx" in text and "/pyfw help" in text


def test_share_button_posts_the_card_for_everyone_and_removes_the_private_one(slack):
    reply = slack.command("flask").json()
    share = next(e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert slack.action(share["action_id"], share["value"]).status_code == 200
    posts = slack.standin.wait_for("response_url", count=2)
    public = next(c.args for c in posts if c.args.get("response_type") == "in_channel")
    assert "https://flask.palletsprojects.com/en/latest/" in all_text(public["blocks"])
    assert "U0ASKER" in all_text(public["blocks"])  # "Shared by <@U0ASKER>"
    assert "Share in channel" not in all_text(public["blocks"])
    assert any(c.args.get("delete_original") for c in posts)


def test_show_button_replaces_the_private_answer_with_the_card(slack):
    assert slack.action("pyfw_show_0", "Django").status_code == 200
    call = slack.standin.wait_for("response_url")[0]
    assert call.args["replace_original"] is True
    assert "Django" in all_text(call.args["blocks"])


def test_show_button_on_a_public_answer_answers_only_the_clicker(slack):
    assert slack.action("pyfw_show_1", "Streamlit", ephemeral=False).status_code == 200
    call = slack.standin.wait_for("response_url")[0]
    assert call.args["replace_original"] is False and call.args["response_type"] == "ephemeral"
    assert "docs.streamlit.io" in all_text(call.args["blocks"])


SHOW = "pyfw_show_0"


@pytest.mark.parametrize(
    "action_id, value",
    [("pyfw_share", "not json"), ("pyfw_share", '{"names": 7}'), (SHOW, "<!channel> " + "z" * 3000), (SHOW, "")],
)
def test_odd_button_values_never_fail(slack, action_id, value):
    assert slack.action(action_id, value).status_code == 200
    if action_id == SHOW:  # shows whatever the engine makes of the value, escaped
        reply = slack.standin.wait_for("response_url")[0].args
        assert "<!channel>" not in all_text(reply["blocks"]) and block_problems(reply["blocks"]) == []
    else:  # a share button whose value pyfw did not write shares nothing
        assert answers_before_sentinel(slack) == [] and slack.standin.calls_to("response_url") == []


def test_user_text_is_escaped_and_never_becomes_a_mention(slack):
    reply = slack.command("<!channel> <!here> <@U0BOSS> & friends").json()
    text = all_text(reply["blocks"]) + reply["text"]
    for live in ("<!channel>", "<!here>", "<@U0BOSS>"):
        assert live not in text
    assert "&lt;!channel&gt;" in text and "&amp;" in text


def test_what_slack_escapes_is_read_as_typed(slack):
    # Slack sends "flask <-> django" as "flask &lt;-&gt; django": the arrow asks for a comparison, not a Flask card.
    reply = slack.command("flask &lt;-&gt; django").json()
    text = all_text(reply["blocks"])
    assert "Flask vs Django" in text
    slack.event(mention("django &gt; flask?", ts="1700000402.000100"))
    call = slack.standin.wait_for("chat.postMessage")[0]
    assert "Django vs Flask" in all_text(call.args["blocks"])


# -- signatures -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["missing", "wrong", "old"])
def test_requests_without_a_valid_signature_get_401_and_run_nothing(slack, how):
    body = json.dumps(event_body(mention("flask", ts="1700000300.000100")))
    if how == "missing":
        response = slack.post(body, "application/json", signed=False)
    elif how == "wrong":
        response = slack.post(body, "application/json", headers={"X-Slack-Signature": "v0=" + "0" * 64})
    else:
        response = slack.post(body, "application/json", timestamp=int(time.time()) - 6 * 60)
    assert response.status_code == 401
    assert "Flask" not in response.text
    command = slack.command("flask", signed=False)
    assert command.status_code == 401 and "flask.palletsprojects" not in command.text
    assert answers_before_sentinel(slack) == []


# -- events ---------------------------------------------------------------------------------------------------------


def test_mention_is_answered_in_the_thread_of_that_message(slack):
    assert slack.event(mention("what is flask?", ts="1700000400.000500")).status_code == 200
    call = slack.standin.wait_for("chat.postMessage")[0]
    assert call.args["channel"] == "C0GENERAL"
    assert call.args["thread_ts"] == "1700000400.000500"
    assert "flask.palletsprojects.com" in all_text(call.args["blocks"])
    assert call.authorization == f"Bearer {BOT_TOKEN}"


def test_mention_inside_a_thread_stays_in_that_thread(slack):
    slack.event(mention("django", ts="1700000401.000100", thread_ts="1700000390.000100"))
    call = slack.standin.wait_for("chat.postMessage")[0]
    assert call.args["thread_ts"] == "1700000390.000100"


def test_direct_message_is_answered_in_the_dm(slack):
    slack.event(direct_message("django"))
    call = slack.standin.wait_for("chat.postMessage")[0]
    assert call.args["channel"] == "D0ASKER"
    assert "thread_ts" not in call.args
    assert "Django" in all_text(call.args["blocks"])


def test_slack_retries_are_answered_once(slack):
    event = mention("flask", ts="1700000500.000100")
    first = slack.event(event, event_id="EvRETRY0001")
    again = slack.event(
        event, event_id="EvRETRY0001", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    assert first.status_code == again.status_code == 200
    calls = answers_before_sentinel(slack)
    assert [c.args["thread_ts"] for c in calls] == ["1700000500.000100"]


@pytest.mark.parametrize(
    "event",
    [
        mention("flask", ts="1700000600.000100", bot_id="B0OTHER"),
        direct_message("flask", ts="1700000600.000200", bot_id="B0OTHER", subtype="bot_message"),
        direct_message("flask", ts="1700000600.000300", user="U0PYFW", bot_id="B0PYFW"),  # pyfw's own message
        direct_message("flask", ts="1700000600.000400", subtype="message_changed"),
        dict(direct_message("flask", ts="1700000600.000500"), channel_type="channel", channel="C0GENERAL"),
    ],
    ids=["other-bot-mention", "bot-message-dm", "own-message", "edited", "channel-message"],
)
def test_bots_the_bot_itself_and_non_questions_are_not_answered(slack, event):
    assert slack.event(event).status_code == 200
    assert answers_before_sentinel(slack) == []


def test_app_home_shows_what_pyfw_does_and_the_catalog(slack):
    slack.event(
        {
            "type": "app_home_opened",
            "user": "U0ASKER",
            "channel": "D0ASKER",
            "tab": "home",
            "event_ts": "1700000700.000100",
        }
    )
    call = slack.standin.wait_for("views.publish")[0]
    assert call.args["user_id"] == "U0ASKER"
    view = call.args["view"]
    assert view["type"] == "home"
    text = all_text(view["blocks"])
    for expected in ("/pyfw", "Backend Frameworks", "Frontend Frameworks", "Flask", "Streamlit"):
        assert expected in text
    assert len(view["blocks"]) <= 100


def test_healthz_reports_redis_and_catalog(slack):
    response = requests.get(slack.url + "/healthz", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"redis": "ok", "catalog": 13}


def test_unknown_paths_are_404(slack):
    assert requests.get(slack.url + "/nope", timeout=5).status_code == 404


# -- Redis down -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def web_without_redis(tmp_path_factory):
    standin = SlackStandIn(check_blocks=True).start()
    app = WebApp(standin, f"redis://127.0.0.1:{free_port()}/0", tmp_path_factory.mktemp("web-no-redis"))
    yield app
    app.stop()
    standin.stop()


def test_redis_down_is_reported_by_healthz_commands_are_answered_and_events_wait(web_without_redis):
    slack = web_without_redis
    slack.standin.reset()
    health = requests.get(slack.url + "/healthz", timeout=5)
    assert health.status_code == 200
    assert health.json() == {"redis": "down", "catalog": 13}
    assert "flask.palletsprojects.com" in slack.command("flask").text
    # No process can record the event as answered, so none answers it now: 503 asks Slack to send it again later
    # (tests/faults/test_edge_dedupe.py follows one through the outage and after it).
    event = mention("flask", ts="1700000800.000100")
    assert slack.event(event, event_id="EvNOREDIS01").status_code == 503
    assert slack.event(event, event_id="EvNOREDIS01", headers={"X-Slack-Retry-Num": "1"}).status_code == 503
    assert slack.standin.calls_to("chat.postMessage") == []


# -- the start-up check ---------------------------------------------------------------------------------------------


def run_pyfw(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pyfw.cli", *args],
        cwd=tmp_path,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=30,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess, *expected: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in expected:
        assert word in lines[0]
    assert BOT_TOKEN not in result.stderr + result.stdout and SECRET not in result.stderr + result.stdout


def test_web_without_tokens_says_what_is_missing(tmp_path):
    result = run_pyfw(["web", "--port", str(free_port())], tmp_path)
    assert_one_clear_line(result, "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")


def test_web_with_a_bad_catalog_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[entry]]\nname = 'X'\n")
    result = run_pyfw(
        ["web", "--port", str(free_port())],
        tmp_path,
        PYFW_CATALOG=str(bad),
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
    )
    assert_one_clear_line(result, "catalog", "bad.toml")


def test_web_with_a_token_slack_rejects_says_so(tmp_path):
    standin = SlackStandIn(accepted_tokens={"xoxb-the-right-one"}).start()
    try:
        result = run_pyfw(
            ["web", "--port", str(free_port())],
            tmp_path,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=standin.api_url,
        )
    finally:
        standin.stop()
    assert_one_clear_line(result, "SLACK_BOT_TOKEN", "invalid_auth")


def test_web_when_slack_cannot_be_reached_says_so(tmp_path):
    result = run_pyfw(
        ["web", "--port", str(free_port())],
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/",
    )
    assert_one_clear_line(result, "cannot reach the Slack Web API")


def test_web_on_a_busy_port_says_so(tmp_path, slack):
    result = run_pyfw(
        ["web", "--host", "127.0.0.1", "--port", str(slack.port)],
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.standin.api_url,
    )
    assert_one_clear_line(result, str(slack.port), "in use")


def test_socket_mode_needs_an_app_token(tmp_path):
    result = run_pyfw(["socket"], tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN)
    assert_one_clear_line(result, "SLACK_APP_TOKEN")
    result = run_pyfw(["socket"], tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xoxb-not-an-app-token")
    assert_one_clear_line(result, "SLACK_APP_TOKEN", "xapp-")


# -- fuzzing --------------------------------------------------------------------------------------------------------


def fuzz_texts(count: int, seed: int = 99) -> list[str]:
    rng = random.Random(seed)
    alphabet = (
        [chr(c) for c in range(0x20, 0x2FF)]
        + list("<>&|*_~`@!#%+=\n\t\u200b\u202e\ufeff")
        + ["🐍", "👍🏽", "𝔉𝔩𝔞𝔰𝔨", "\x7f"]
    )
    fixed = [
        "<!channel> flask",
        "x" * 10_000,
        ("<@U0PYFW> " * 1000)[:10_000],
        "&amp;&lt;<>" * 1000,
        "compare " + "flask vs " * 1000,
        "list " + "<!here>" * 500,
        "%00%ff%",
        "\\u0000",
        "flask\x00\x01\x1b[31m",
    ]
    fixed += [
        "".join(chr(rng.randrange(0x20, 0xD7FF)) for _ in range(rng.choice([1, 50, 3000]))) for _ in range(count // 3)
    ]
    return fixed + [
        "".join(rng.choice(alphabet) for _ in range(rng.choice([1, 10, 200, 2000, 10_000])))
        for _ in range(count - len(fixed))
    ]


def test_fuzzed_commands_always_get_a_valid_reply(slack):
    for text in fuzz_texts(60):
        response = slack.command(text)
        assert response.status_code == 200, (response.status_code, text[:80])
        reply = response.json()
        assert reply["response_type"] == "ephemeral"
        assert block_problems(reply["blocks"]) == []
        assert "<!channel>" not in response.text and "<!here>" not in response.text
    log = slack.log_text()
    assert "Traceback" not in log and " ERROR " not in log
    assert BOT_TOKEN not in log and SECRET not in log


def test_fuzzed_mentions_and_dms_are_always_answered(slack):
    texts = fuzz_texts(16, seed=7)
    for number, text in enumerate(texts):
        make = mention if number % 2 else direct_message
        assert slack.event(make(text, ts=f"1700001000.{number:06d}")).status_code == 200
    # every one answered (the stand-in refuses blocks beyond Slack's limits, so these all passed that check too)
    slack.standin.wait_for("chat.postMessage", count=len(texts))
