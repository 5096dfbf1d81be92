"""The link report's buttons and what `/pyfw links`, the App Home and `pyfw` commands show about refused reports,
muted links and moved links: listeners called as plain functions on a real Redis, a real link server and real
catalog files; the commands as processes."""

from __future__ import annotations

import json
import subprocess
import time

import pytest

from bot.links import LinkWatch
from bot.listeners.actions import link_button
from bot.responder import Responder
from catalog import load_catalog
from common.settings import Settings
from linkwatch import delivery, history, mutes
from linkwatch.changes import plan_run
from linkwatch.destination import Destination
from linkwatch.report import Item, Report, report_messages
from linkwatch.verdict import Verdict
from tests.helpers import PYFW, all_text, clean_env, write_catalog
from tests.link_server import LinkServer
from tests.slack_standin import block_problems

NOW = 1_790_000_000.0


class Respond:
    """A plain `respond`: remembers what was said."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def __call__(self, **kwargs) -> None:
        self.calls.append(kwargs)


@pytest.fixture(scope="module")
def server():
    srv = LinkServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def world(redis_url, redis_client, server, tmp_path):
    """A catalog (with a comment the moves must keep), its link watch, and a run's verdicts in the history."""
    path = tmp_path / "catalog.toml"
    write_catalog(
        path, {"Flask": [server.url("/ok")], "Django": [server.url("/gone")], "FastAPI": [server.url("/moved")]}
    )
    path.write_text("# curated by hand: keep this comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    catalog = load_catalog(path)
    settings = Settings(
        redis_url=redis_url,
        catalog_path=str(path),
        allow_private_links=True,
        report_channel="C0LINKS",
        slack_bot_token="xoxb-buttons-test",
    )
    verdicts = [
        Verdict(server.url("/ok"), "ok", 200),
        Verdict(server.url("/gone"), "broken", 410, detail="gone"),
        Verdict(server.url("/moved"), "moved", 301, final_url=server.url("/ok")),
    ]
    entries = {url: entry.name for entry in catalog for url in (x.url for x in entry.links)}
    states, _ = plan_run("run-1", {v.url: v for v in verdicts}, entries, {}, 1, NOW)
    pipe = redis_client.pipeline()
    history.write_states(pipe, states)
    pipe.execute()
    watch = LinkWatch(settings, catalog, ttl=0)
    return Responder(catalog, links=watch), path, redis_client


def click(responder, action_id: str, value: str) -> str:
    respond = Respond()
    link_button(
        body={"user": {"id": "U0CURATOR"}},
        action={"action_id": action_id, "value": value},
        respond=respond,
        responder=responder,
    )
    [answer] = respond.calls
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    assert block_problems(answer["blocks"]) == []
    return "\n".join(block["text"]["text"] for block in answer["blocks"])


def test_recheck_checks_the_link_now_and_says_what_it_sees(world, server):
    responder, _, _ = world
    shown = click(responder, "pyfw_recheck_0", server.url("/gone"))
    assert "Re-checked" in shown and "*broken* (410)" in shown
    assert "not a link in the catalog" in click(responder, "pyfw_recheck_0", "http://elsewhere.test/x")


def test_mute_stops_alerting_until_it_ends_and_is_listed_everywhere(world, server):
    responder, _, store = world
    gone = server.url("/gone")
    shown = click(responder, "pyfw_mute_7d_0", gone)
    assert "Muted" in shown and "until <!date^" in shown
    [record] = mutes.active(store).values()
    assert record.url == gone and record.by == "U0CURATOR" and 6.9 * 86400 < record.until - time.time() <= 7 * 86400
    entries = {gone: "Django"}
    report, _ = delivery.pending(store, Destination("-", "C0LINKS"), entries)
    assert report.broken == [] and report.muted == 1  # muted: not alerting
    assert "Muted* (1)" in all_text(responder.command("links").block_dicts())
    assert "Muted* (1)" in all_text([b.to_dict() for b in responder.home()])
    click(responder, "pyfw_mute_change_0", gone)  # until it changes: a new verdict lifts it
    states, _ = plan_run("run-2", {gone: Verdict(gone, "broken", 404)}, entries, {}, 1, NOW + 60)
    assert mutes.lift_changed(store, states) == [gone] and mutes.active(store) == {}


def test_apply_moves_shows_the_command_and_the_diff_and_writes_nothing(world, server):
    responder, path, _ = world
    before = path.read_text(encoding="utf-8")
    shown = click(responder, "pyfw_apply_moves", "run-1")
    assert "```pyfw catalog apply-moves```" in shown
    assert f'-links = [{{ title = "FastAPI docs 0", url = "{server.url("/moved")}" }}]' in shown
    assert f'+links = [{{ title = "FastAPI docs 0", url = "{server.url("/ok")}" }}]' in shown
    assert path.read_text(encoding="utf-8") == before  # the web process never writes the catalog


def test_catalog_apply_moves_rewrites_keeping_comments_and_validates(world, server, redis_url):
    _, path, _ = world
    env = clean_env(REDIS_URL=redis_url, PYFW_CATALOG=str(path))
    dry = subprocess.run(
        [PYFW, "catalog", "apply-moves", "--dry-run"], env=env, capture_output=True, text=True, timeout=30
    )
    assert (
        dry.returncode == 0
        and f'+links = [{{ title = "FastAPI docs 0", url = "{server.url("/ok")}"' in dry.stdout
        and "would rewrite 1 moved link" in dry.stderr
    )
    assert server.url("/moved") in path.read_text(encoding="utf-8")
    done = subprocess.run([PYFW, "catalog", "apply-moves"], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and "rewrote 1 moved link" in done.stderr
    text = path.read_text(encoding="utf-8")
    assert server.url("/moved") not in text and text.startswith("# curated by hand: keep this comment\n")
    assert load_catalog(path).get("FastAPI").links[0].url == server.url("/ok")
    again = subprocess.run([PYFW, "catalog", "apply-moves"], env=env, capture_output=True, text=True, timeout=30)
    assert again.returncode == 0 and "no moved links to rewrite" in again.stderr


def test_a_refused_report_shows_in_links_home_and_status_with_what_to_do(world, slack_api, redis_url):
    responder, path, store = world
    slack_api.outside.add("C0LINKS")
    slack_api.private.add("C0LINKS")
    settings = responder.links.settings
    slack = delivery.web_client(Settings(slack_bot_token="xoxb-buttons-test", slack_api_url=slack_api.api_url))
    entries = {url: entry.name for entry in responder.catalog for url in (x.url for x in entry.links)}
    assert delivery.deliver(store, slack, Destination("-", "C0LINKS"), "run-1", entries, 5).state == "undelivered"
    for blocks in (responder.command("links").block_dicts(), [b.to_dict() for b in responder.home()]):
        shown = all_text(blocks)
        assert "could not be posted* to <#C0LINKS>" in shown and "invite @pyfw to #C0LINKS" in shown
        assert "pyfw links report --resend" in shown
    env = clean_env(
        REDIS_URL=redis_url,
        PYFW_CATALOG=settings.catalog_path,
        PYFW_REPORT_CHANNEL="C0LINKS",
        SLACK_BOT_TOKEN="xoxb-buttons-test",
        SLACK_API_URL=slack_api.api_url,
    )
    pending = subprocess.run([PYFW, "links", "report"], env=env, capture_output=True, text=True, timeout=30)
    assert "NOT delivered (not_in_channel)" in pending.stdout and "to tell: 1 broke; 1 moved" in pending.stdout
    refused = subprocess.run([PYFW, "links", "report", "--resend"], env=env, capture_output=True, text=True, timeout=30)
    assert refused.returncode == 1 and "NOT posted to #C0LINKS: pyfw is not in #C0LINKS" in refused.stdout
    slack_api.invite("C0LINKS")
    resent = subprocess.run([PYFW, "links", "report", "--resend"], env=env, capture_output=True, text=True, timeout=30)
    assert resent.returncode == 0 and resent.stdout.strip() == "posted to #C0LINKS"
    assert len(slack_api.calls_to("chat.postMessage")) == 1
    assert "could not be posted" not in all_text(responder.command("links").block_dicts())


def test_a_report_states_the_change_leads_with_names_and_fits_slack():
    report = Report(
        "run-1",
        NOW,
        {"broken": 2, "moved": 1, "ok": 4},
        broken=[
            Item("https://a.test/x", "Django", "gone (410)", NOW - 86400),
            Item("https://b.test/y", "Flask", "not found (404)", NOW),
        ],
        moved=[Item("https://c.test/old", "FastAPI", "", None, "https://c.test/new")],
        recovered=[Item("https://d.test/z", "Dash", "ok again", NOW - 5 * 3600, until=NOW)],
    )
    ((text, blocks),) = report_messages(report)
    shown = json.dumps([b.to_dict() for b in blocks], ensure_ascii=False)
    assert text.startswith("Link health: 2 docs links broke, 1 moved, 1 recovered")
    assert "• *Django* — <https://a.test/x|https://a.test/x>" in shown and "back after 5 hours" in shown
    assert shown.count("pyfw_recheck_") == 2 and "pyfw_mute_30d_1" in shown and "pyfw_apply_moves" in shown
    assert block_problems([b.to_dict() for b in blocks]) == []
