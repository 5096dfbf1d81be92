"""Link health in Slack: `/pyfw links`, `/pyfw links check`, warnings on entry cards, the App Home section — over a
real `pyfw web` and a real `pyfw worker` on a real Redis, and what happens when Redis is down or not configured."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
import redis

from bot.links import LinkWatch
from bot.responder import Responder
from catalog import load_catalog
from common.settings import Settings
from linkwatch import history, runs
from linkwatch.verdict import Verdict
from tests.helpers import PYFW, Process, WebApp, all_text, clean_env, free_port, wait_until, write_catalog
from tests.link_server import LinkServer
from tests.slack_standin import MAX_VIEW_BLOCKS, SlackStandIn, block_problems

HOME_OPENED = {
    "type": "app_home_opened",
    "user": "U0ASKER",
    "channel": "D0ASKER",
    "tab": "home",
    "event_ts": "1700000700.000100",
}


def context_texts(blocks: list[dict]) -> list[str]:
    return [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]


SLACK_DATE = r"<!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC>"  # pyfw's own dates


def mrkdwn_texts(value) -> list[str]:
    if isinstance(value, dict):
        own = [value["text"]] if value.get("type") == "mrkdwn" else []
        return own + [t for v in value.values() for t in mrkdwn_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in mrkdwn_texts(v)]
    return []


def assert_no_live_markup(blocks: list[dict]) -> None:
    """Nothing shown can ping a channel or mention someone: only pyfw's own http links are live."""
    texts = mrkdwn_texts(blocks)
    assert texts
    for text in texts:
        for token in re.findall(r"<[^<>]*>", text):
            assert token.startswith("<http") or re.fullmatch(SLACK_DATE, token), token


@pytest.fixture(scope="module")
def server():
    srv = LinkServer().start()
    yield srv
    srv.stop()


# -- end to end: pyfw web + pyfw worker on one Redis ----------------------------------------------------------------


def test_links_check_answers_at_once_then_health_shows_everywhere(own_redis_url, server, tmp_path):
    broken = server.url("/toggle/docs")
    server.broken.add("docs")
    catalog = write_catalog(
        tmp_path / "catalog.toml", {"Flask": [server.url("/ok")], "Django": [broken, server.url("/moved")]}
    )
    settings = {"PYFW_CATALOG": catalog, "PYFW_ALLOW_PRIVATE_LINKS": "1", "PYFW_FAIL_THRESHOLD": "1"}
    standin = SlackStandIn(check_blocks=True).start()
    web = WebApp(standin, own_redis_url, tmp_path, env=settings)
    worker = Process(
        ["worker", "--concurrency=2"],
        clean_env(
            REDIS_URL=own_redis_url,
            SLACK_BOT_TOKEN="xoxb-links-test",
            PYFW_REPORT_CHANNEL="C0LINKS",
            SLACK_API_URL=standin.api_url,
            **settings,
        ),
        tmp_path,
        "worker",
    )
    try:
        before = web.command("links").json()
        assert "No link check has run yet" in all_text(before["blocks"])
        assert "/pyfw links check" in all_text(before["blocks"])
        wait_until(lambda: " ready." in worker.output(), timeout=30, what="the worker to be ready")

        started = time.monotonic()
        answer = web.command("links check")
        assert answer.status_code == 200 and time.monotonic() - started < 3
        assert "Checking 3 links" in answer.json()["text"]
        assert "post the outcome here" in all_text(answer.json()["blocks"])

        [summary] = standin.wait_for("response_url", timeout=30)
        assert summary.args["response_type"] == "ephemeral"
        assert broken in all_text(summary.args["blocks"])

        health = web.command("links").json()
        shown = all_text(health["blocks"])
        assert "*Django*" in shown and broken in shown and "404" in shown
        assert f"moved to {server.url('/ok')}" in shown  # the moved link's new address
        assert "All links ok: Flask (1)" in shown
        assert block_problems(health["blocks"]) == []

        # The first card asks for the warnings in the background (a card never waits on Redis); they follow at once.
        wait_until(lambda: "⚠️" in all_text(web.command("django").json()["blocks"]), timeout=5, what="the warning")
        card = web.command("django").json()
        [warning] = [t for t in context_texts(card["blocks"]) if "⚠️" in t]
        assert "failed every check since" in warning and broken in warning
        flask = web.command("flask").json()
        assert not any("⚠️" in t for t in context_texts(flask["blocks"]))

        web.event(HOME_OPENED)
        view = standin.wait_for("views.publish")[0].args["view"]
        home = all_text(view["blocks"])
        assert "Link health" in home and "*Broken* (1)" in home and broken in home and "Django" in home
        assert "last checked" in home and "1 broken" in home and "1 moved" in home and "1 ok" in home
        assert block_problems(view["blocks"], MAX_VIEW_BLOCKS) == []
        assert "Traceback" not in web.log_text() and "ERROR" not in web.log_text()
    finally:
        worker.stop()
        web.stop()
        standin.stop()


def test_links_check_acks_from_memory_and_says_so_when_no_worker_answers(own_redis_url, server, tmp_path):
    catalog = tmp_path / "catalog.toml"
    write_catalog(catalog, {"Flask": [server.url("/ok")], "Django": [server.url("/gone")]})
    standin = SlackStandIn(check_blocks=True).start()
    web = WebApp(standin, own_redis_url, tmp_path, env={"PYFW_CATALOG": str(catalog)})
    try:
        catalog.write_text("not a catalog any more [", encoding="utf-8")  # the ack must not read it
        answer = web.command("links check")
        assert answer.status_code == 200 and "Checking 2 links" in answer.json()["text"]
        [warning] = standin.wait_for("response_url", timeout=15)
        assert "No link-check worker answered" in warning.args["text"] and "pyfw worker" in warning.args["text"]
        queued = redis.Redis.from_url(own_redis_url).lrange("pyfw", 0, -1)
        assert len(queued) == 1 and b"pyfw.start_check" in queued[0]  # waiting for a worker
    finally:
        web.stop()
        standin.stop()


# -- Redis down, Redis not configured --------------------------------------------------------------------------------


def test_with_redis_down_links_say_unavailable_and_cards_still_answer(tmp_path):
    standin = SlackStandIn(check_blocks=True).start()
    web = WebApp(standin, f"redis://127.0.0.1:{free_port()}/0", tmp_path)
    try:
        for text in ("links", "links check"):
            response = web.command(text)
            assert response.status_code == 200
            assert "Redis cannot be reached" in all_text(response.json()["blocks"])
        card = web.command("flask")
        assert card.status_code == 200 and "flask.palletsprojects.com" in card.text
        assert not any("⚠️" in t for t in context_texts(card.json()["blocks"]))
        web.event(HOME_OPENED)
        view = standin.wait_for("views.publish")[0].args["view"]
        assert "Link health is unavailable right now" in all_text(view["blocks"])
        assert "Flask" in all_text(view["blocks"])
        assert "Traceback" not in web.log_text()
    finally:
        web.stop()
        standin.stop()


def test_console_chat_without_redis_says_link_health_needs_redis_and_workers(tmp_path):
    done = subprocess.run(
        [PYFW, "chat"],
        input="/pyfw links\n/pyfw links check\n/pyfw help\n",
        env=clean_env(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Link health needs Redis and workers") == 2
    assert "/pyfw links check" in done.stdout  # help mentions both
    assert "Traceback" not in done.stderr


# -- card warnings: the TTL cache and the reply cache ----------------------------------------------------------------


def record_run(client: redis.Redis, verdicts: list[Verdict], entries: dict[str, str], now: float) -> None:
    """Store a run's verdicts as the link-check jobs do (linkwatch.history), threshold 1."""
    by_url = {v.url: v for v in verdicts}
    states = history.read_states(client, list(by_url))
    new_states, _ = runs.plan_run(f"run-{now}", by_url, entries, states, threshold=1, now=now)
    pipe = client.pipeline()
    history.write_states(pipe, new_states)
    pipe.execute()


@pytest.fixture
def two_entries(tmp_path):
    return load_catalog(
        write_catalog(
            tmp_path / "catalog.toml",
            {"Flask": ["http://docs.example.test/flask"], "Django": ["http://docs.example.test/django"]},
        )
    )


def test_card_warning_appears_after_the_ttl_and_goes_when_the_link_recovers(redis_url, redis_client, two_entries):
    responder = Responder(two_entries, links=LinkWatch(Settings(redis_url=redis_url), two_entries, ttl=1.5))
    django = "http://docs.example.test/django"
    entries = {django: "Django", "http://docs.example.test/flask": "Flask"}

    def warned(text: str = "django") -> bool:
        return any("⚠️" in t for t in context_texts(responder.command(text).block_dicts()))

    assert not warned()
    record_run(
        redis_client,
        [Verdict(django, "broken", 404, detail="404 Not Found"), Verdict("http://docs.example.test/flask", "ok", 200)],
        entries,
        now=1_790_000_000,
    )
    assert not warned()  # the broken set read a moment ago is still fresh: no Redis read per request
    wait_until(warned, timeout=5, what="the card warning")
    [note] = [t for t in context_texts(responder.command("django").block_dicts()) if "⚠️" in t]
    assert "since <!date^1790000000^{date_short_pretty} {time}|2026-09-21 14:13 UTC>" in note  # in the reader's zone
    assert django in note and "404 Not Found" in note
    assert not warned("flask")
    assert any("⚠️" in t for t in context_texts(responder.show(["Django"], share=True).block_dicts()))

    record_run(redis_client, [Verdict(django, "ok", 200)], entries, now=1_790_086_400)
    wait_until(lambda: not warned(), timeout=5, what="the warning to go")


def test_redis_going_down_drops_warnings_but_not_answers(two_entries):
    responder = Responder(
        two_entries, links=LinkWatch(Settings(redis_url=f"redis://127.0.0.1:{free_port()}/0"), two_entries, ttl=0)
    )
    for _ in range(3):
        reply = responder.command("django")
        assert "Django" in reply.text and not any("⚠️" in t for t in context_texts(reply.block_dicts()))
    assert "Redis cannot be reached" in responder.command("links").text
    assert "Redis cannot be reached" in all_text([b.to_dict() for b in responder.home()])


# -- escaping and Slack's limits ----------------------------------------------------------------------------------


def test_hostile_details_and_a_huge_catalog_stay_escaped_and_within_slack_limits(redis_url, redis_client, tmp_path):
    links = {
        f"<!channel> Lib & co {n} <@U123>": [
            f"http://docs.example.test/{n}?a=1&b=<2>",
            f"http://docs.example.test/{n}/moved",
        ]
        for n in range(400)
    }
    catalog = load_catalog(
        write_catalog(tmp_path / "catalog.toml", {name.replace('"', ""): urls for name, urls in links.items()})
    )
    entries = {url: entry.name for entry in catalog for url in (x.url for x in entry.links)}
    verdicts = []
    for entry in catalog:
        first, second = (x.url for x in entry.links)
        verdicts += [
            Verdict(first, "broken", 500, detail="<!here> 500 & <@U999|boss> *bold*"),
            Verdict(second, "moved", 301, final_url="http://new.example.test/<!channel>&x"),
        ]
    record_run(redis_client, verdicts, entries, now=time.time())
    responder = Responder(catalog, links=LinkWatch(Settings(redis_url=redis_url), catalog, ttl=0))
    health = responder.command("links").block_dicts()
    assert block_problems(health) == []
    assert_no_live_markup(health)
    assert "&lt;!channel&gt; Lib &amp; co 0" in all_text(health)
    home = [b.to_dict() for b in responder.home()]
    assert block_problems(home, MAX_VIEW_BLOCKS) == []
    assert_no_live_markup(home)
    assert "*Broken* (400)" in all_text(home) and "…and 370 more" in all_text(home)
    name = list(catalog)[7].name
    wait_until(lambda: "⚠️" in all_text(responder.command(name).block_dicts()), timeout=5, what="the warning")
    card = responder.command(name).block_dicts()
    assert block_problems(card) == []
    assert_no_live_markup(card)
    assert any("⚠️" in t and "&lt;!here&gt;" in t for t in context_texts(card))


def test_links_check_without_a_response_url_says_where_the_report_goes(own_redis_url, two_entries, tmp_path):
    watch = LinkWatch(Settings(redis_url=own_redis_url, catalog_path=str(tmp_path / "catalog.toml")), two_entries)
    reply = watch.command("check")
    assert "Checking 2 links" in reply.text and "report channel" in reply.text
    assert "links check" in watch.command("bogus words").text


def test_help_mentions_link_health(two_entries):
    shown = all_text(Responder(two_entries).command("help").block_dicts())
    assert "/pyfw links" in shown and "/pyfw links check" in shown


def test_startup_imports_no_celery(tmp_path):
    code = (
        "import sys; from bot.links import LinkWatch; from bot.responder import Responder; "
        "import pyfw.commands.serve_cmd, pyfw.commands.chat_cmd; print('celery' in sys.modules)"
    )
    done = subprocess.run(
        [str(Path(PYFW).with_name("python")), "-c", code], capture_output=True, text=True, timeout=30, cwd=tmp_path
    )
    assert done.stdout.strip() == "False", done.stderr


# -- a Redis that hangs ----------------------------------------------------------------------------------------------


@pytest.fixture
def silent_redis_url():
    """A port that accepts connections and never answers: what a stopped (SIGSTOPped) Redis looks like to a client.

    (tests/faults/test_edge_hung_redis.py does the same with a real Valkey server and SIGSTOP.)"""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)  # the kernel completes the handshakes; nothing ever reads or answers
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


def test_cards_links_and_checks_never_wait_long_on_a_hung_redis(silent_redis_url, two_entries):
    watch = LinkWatch(Settings(redis_url=silent_redis_url), two_entries, ttl=0)
    responder = Responder(two_entries, links=watch)
    slowest = 0.0
    for _ in range(20):
        started = time.monotonic()
        assert "Django" in responder.command("django").text
        slowest = max(slowest, time.monotonic() - started)
    assert slowest < 0.1  # a card never waits on Redis: its warnings are refreshed in the background
    for text, expected in [("links", "Redis cannot be reached"), ("links check", "Cannot start a link check")]:
        started = time.monotonic()
        assert expected in responder.command(text).text
        assert time.monotonic() - started < 1.0  # one call with a 0.5 s timeout, no retry


def test_a_check_that_cannot_be_queued_after_the_ack_is_told_at_the_response_url(redis_url, two_entries):
    from linkwatch import health

    def cannot_queue(response_url):
        raise health.Unavailable("Timeout reading from socket")

    standin = SlackStandIn().start()
    try:
        settings = Settings(redis_url=redis_url, slack_api_url=standin.api_url)
        watch = LinkWatch(settings, two_entries, queue_check=cannot_queue, workers_alive=lambda: ["w1"])
        reply = watch.command("check", standin.response_url("check"))
        assert "Checking 2 links" in reply.text
        [told] = standin.wait_for("response_url")
        assert "could not start" in told.args["text"] and "Redis cannot be reached" in told.args["text"]
    finally:
        standin.stop()
