"""The parts of issue 14 that need no server: which entry a pasted link belongs to (and how links are compared),
the manifest's unfurl domains, the welcome remembered in Redis (and without it), the example questions, the
accessibility labels on buttons that look alike, and `pyfw --version`."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from types import SimpleNamespace

import pytest
import redis

from bot.blocks import render_answer
from bot.listeners.shortcuts import question_of
from bot.onboarding import EXAMPLES, Visitors, dm_reply, examples_blocks
from bot.responder import Responder
from bot.unfurls import LinkStates, unfurl_blocks
from catalog import load_catalog
from catalog.engine import AnswerEngine
from catalog.model import Catalog, Entry, Link
from catalog.urls import LinkIndex, normalise, unfurl_domains
from linkwatch import history
from linkwatch.report import link_buttons
from tests.helpers import all_text, free_port
from tests.slack_standin import MAX_VIEW_BLOCKS, block_problems


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def entry(name: str, *urls: str) -> Entry:
    return Entry(name, "Tools", f"{name} does things.", (), (), tuple(Link(name, u) for u in urls))


# -- which entry a pasted link belongs to ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pasted",
    [
        "https://flask.palletsprojects.com/en/latest/",
        "https://flask.palletsprojects.com/en/latest",  # no trailing slash
        "http://flask.palletsprojects.com/en/latest/",  # http
        "https://FLASK.PalletsProjects.com:443/en/latest/#installation",  # host case, default port, fragment
        "https://flask.palletsprojects.com/en/latest/?utm_source=slack",  # query
        "https://flask.palletsprojects.com/en/latest/patterns/celery/",  # a page under the entry's docs
    ],
)
def test_a_pasted_docs_link_belongs_to_its_entry_however_it_is_written(catalog, pasted):
    match = LinkIndex(catalog).find(pasted)
    assert match is not None and [e.name for e in match.entries] == ["Flask"]
    assert match.exact == ("patterns" not in pasted)


@pytest.mark.parametrize(
    "pasted",
    [
        "https://flask.palletsprojects.com/en/",  # above the entry's page, not under it
        "https://flask.palletsprojects.com/en/latest-old/",  # a longer segment is another page
        "https://flask.palletsprojects.com:8443/en/latest/",  # another port is another server
        "https://www.flask.palletsprojects.com/en/latest/",  # www. is another host
        "ftp://flask.palletsprojects.com/en/latest/",
        "https://example.com/",
        "not a url",
        "https://[::1/",
    ],
)
def test_links_of_no_entry_belong_to_none(catalog, pasted):
    assert LinkIndex(catalog).find(pasted) is None


def test_a_link_several_entries_share_belongs_to_them_all_and_the_nearest_page_wins():
    shared = Catalog(
        (
            entry("A", "https://docs.example.test/"),
            entry("B", "https://docs.example.test/b/"),
            entry("C", "https://docs.example.test/"),
        )
    )
    index = LinkIndex(shared)
    assert [e.name for e in index.find("https://docs.example.test/x").entries] == ["A", "C"]
    assert [e.name for e in index.find("https://docs.example.test/b/deep/page").entries] == ["B"]
    assert normalise("HTTPS://Docs.Example.Test:443/B/") == "https://docs.example.test/B"


def test_unfurl_domains_keep_the_curators_choice_then_the_hosts_with_most_links():
    hosts = Catalog(
        tuple(entry(f"E{i}", f"https://h{i}.example.test/") for i in range(7))
        + (entry("X", "https://h6.example.test/a", "https://h6.example.test/b"),)
    )
    assert unfurl_domains(hosts) == ["h6.example.test", *(f"h{i}.example.test" for i in range(4))]
    assert unfurl_domains(hosts, keep=["h5.example.test", "gone.example.test"])[:2] == [
        "h5.example.test",
        "h6.example.test",
    ]
    assert unfurl_domains(Catalog((entry("A", "https://a.example.test/"),))) == ["a.example.test"]


def test_an_unfurl_card_is_compact_escaped_and_within_slacks_limits():
    hostile = Catalog((entry("<!channel> & co", "https://docs.example.test/"),))
    blocks = [b.to_dict() for b in unfurl_blocks(LinkIndex(hostile).find("https://docs.example.test/"))]
    assert block_problems(blocks) == [] and "<!channel>" not in all_text(blocks)


# -- the shortcut's question ----------------------------------------------------------------------------------------


def test_a_messages_question_keeps_its_words_and_drops_its_markup():
    message = {"text": "<@U0BOSS> is <https://fastapi.tiangolo.com|fastapi> ok? cc <!here> &amp; <#C0DEV|dev>"}
    assert question_of(message) == "is fastapi ok? cc &"
    assert question_of({"text": None}) == question_of({}) == ""


# -- onboarding -----------------------------------------------------------------------------------------------------


def test_each_example_question_gets_one_answer_with_no_button(catalog):
    engine = AnswerEngine(catalog)
    for question in EXAMPLES:
        answer = engine.answer(question)
        assert answer.confident, question  # a card or a comparison: nothing to click in the Home
        blocks = render_answer(answer, catalog, share=False).block_dicts()
        assert "actions" not in [b["type"] for b in blocks] and not any("accessory" in b for b in blocks)


def test_the_welcome_is_shown_once_per_person_and_remembered_in_redis(redis_client):
    visitors = Visitors(redis_client)
    assert visitors.first_visit("U0NEW") is True
    assert visitors.first_visit("U0NEW") is False
    assert Visitors(redis_client).first_visit("U0NEW") is False  # another process knows too
    assert Visitors(redis_client).first_visit("U0OTHER") is True


def test_without_redis_the_welcome_is_remembered_by_the_process():
    down = redis.Redis(port=free_port(), socket_connect_timeout=0.5, socket_timeout=0.5)
    for visitors in (Visitors(None), Visitors(down)):
        assert visitors.first_visit("U0NEW") is True
        assert visitors.first_visit("U0NEW") is False


def test_look_alike_buttons_carry_accessibility_labels(catalog):
    responder = Responder(catalog)
    several = responder.command("python gui options?").block_dicts()
    shows = [b["accessory"] for b in several if "accessory" in b]
    assert len(shows) >= 2 and len({s["accessibility_label"] for s in shows}) == len(shows)
    assert "Tkinter" in all_text(shows)
    share = responder.command("flask vs django").block_dicts()[-1]["elements"][0]
    assert share["accessibility_label"] == "Share the comparison of Flask and Django in this channel"
    labels = [e["accessibility_label"] for e in examples_blocks()[1].to_dict()["elements"]]
    assert len(set(labels)) == len(EXAMPLES) and all(len(label) <= 75 for label in labels)


def test_the_dm_introduction_fits_slack_and_other_dms_are_answered(catalog):
    responder = Responder(catalog)
    intro = dm_reply("  Help? ", responder).block_dicts()
    assert block_problems(intro) == [] and "Welcome to pyfw" in all_text(intro)
    assert "Flask" in all_text(dm_reply("flask", responder).block_dicts())
    assert len(intro) < MAX_VIEW_BLOCKS


# -- conventions ----------------------------------------------------------------------------------------------------


def test_version_is_the_packages():
    result = subprocess.run([sys.executable, "-m", "pyfw.cli", "--version"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stdout.strip() == f"pyfw {metadata.version('pyfw')}"


def test_a_reports_rows_of_buttons_say_which_link_each_acts_on():
    buttons = link_buttons("https://docs.example.test/flask/", 3).to_dict()["elements"]
    labels = [b["accessibility_label"] for b in buttons]
    assert labels[0] == "Re-check: docs.example.test/flask/" and labels[1] == "Mute 7 days: docs.example.test/flask/"
    long = link_buttons("https://docs.example.test/" + "x" * 200, 4).to_dict()["elements"]
    assert all(len(b["accessibility_label"]) <= 75 for b in long)


def test_unfurls_go_on_when_link_health_holds_a_status_this_version_cannot_read(redis_client):
    # A newer worker may write a status this web process does not know: unfurls then show no health, not fail.
    catalog = load_catalog()
    url = next(iter(catalog.links_by_url()))
    redis_client.hset(history.link_key(url), mapping={"status": "from-the-future", "checked_at": "1"})
    states = LinkStates(SimpleNamespace(store=redis_client, catalog=catalog))
    assert states.get(url) is None
