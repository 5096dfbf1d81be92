"""Block Kit rendering: every kind of answer fits Slack's limits, whatever the catalog or the question holds, and
text nobody at pyfw wrote is escaped so it never becomes a live mention or link."""

from __future__ import annotations

import json
import random
import re

import pytest
from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.blocks import MAX_FALLBACK_TEXT, Reply, render_answer
from bot.responder import Asker, Responder
from bot.text import blocks_to_text
from catalog import load_catalog
from catalog.engine import INTENTS, Answer, AnswerEngine, Match
from catalog.model import Catalog, Entry, Link
from common.mrkdwn import escape, fit, link
from tests.engine_eval import read_cases
from tests.slack_standin import MAX_VIEW_BLOCKS, block_problems

# What may appear between < and > in a message: links pyfw built and the sharer's mention, nothing else.
_ALLOWED_ANGLE = re.compile(r"^<(?:https?://[^<>|\s]+\|[^<>]+|@U[A-Z0-9]+)>$")
HOSTILE = "<!channel> <!here> <@U0BOSS> <#C0SECRET> <https://evil.example|click> & *bold* _x_ ~s~ `code`"


def assert_fits_slack(reply: Reply) -> None:
    blocks = reply.block_dicts()  # slack_sdk validates many limits itself here
    assert block_problems(blocks) == []
    assert reply.text and len(reply.text) <= MAX_FALLBACK_TEXT
    assert not re.search(r"<[!@#]", reply.text)
    for shown in mrkdwn_texts(blocks):
        for token in re.findall(r"<[^<>]*>", shown):
            assert _ALLOWED_ANGLE.match(token), token
        assert not re.search(r"<(?![h@])|&(?!amp;|lt;|gt;)", shown.replace("<http", "<h")), shown[:200]


def mrkdwn_texts(value) -> list[str]:
    """Every mrkdwn text in blocks: what Slack reads for mentions and links."""
    if isinstance(value, list):
        return [t for item in value for t in mrkdwn_texts(item)]
    if isinstance(value, dict):
        own = [value["text"]] if value.get("type") == "mrkdwn" else []
        return own + [t for v in value.values() if isinstance(v, (list, dict)) for t in mrkdwn_texts(v)]
    return []


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def huge_catalog() -> Catalog:
    """Entries far beyond anything sensible: long names, hostile text, many features, links and entries."""
    rng = random.Random(4)
    entries = []
    for number in range(400):
        name = f"Frame{number} " + HOSTILE + "x" * rng.choice([0, 10, 300])
        entries.append(
            Entry(
                name=name,
                category=f"Category {number % 7} " + HOSTILE * rng.choice([1, 20]),
                overview=(HOSTILE + " ") * rng.choice([1, 100]),
                features=tuple(f"feature {i} {HOSTILE}" * rng.choice([1, 10]) for i in range(rng.choice([0, 3, 60]))),
                use_cases=tuple(f"use {i} {HOSTILE}" for i in range(rng.choice([0, 2, 80]))),
                links=tuple(
                    Link(
                        f"docs {i} {HOSTILE}",
                        f"https://docs.example.org/{number}/{i}?a=1&b=<2>|" + "p" * rng.choice([5, 3000]),
                    )
                    for i in range(rng.choice([0, 1, 40]))
                ),
                aliases=tuple(f"alias{number}-{i} {HOSTILE}" for i in range(rng.choice([0, 30]))),
            )
        )
    return Catalog(tuple(entries))


CATALOGS = {"shipped": load_catalog(), "huge": huge_catalog()}
LONG_QUESTION = ("what should I use " + HOSTILE + " ") * 150  # > 10k characters


def every_answer(catalog: Catalog) -> list[Answer]:
    """One answer of each intent and shape the engine's contract allows, with few and with many matches."""
    entries = list(catalog)
    matches = tuple(Match(e, 90.0 - i / 10) for i, e in enumerate(entries))
    answers = []
    for question in ("flask", LONG_QUESTION):
        answers += [
            Answer(question, "help"),
            Answer(question, "lookup", matches[:1]),
            Answer(question, "lookup", matches),
            Answer(question, "search", matches[:1]),
            Answer(question, "search", matches[:3]),
            Answer(question, "search", matches),
            Answer(question, "compare", matches[:1]),
            Answer(question, "compare", matches[:2]),
            Answer(question, "compare", matches),
            Answer(question, "list", matches),
            Answer(question, "list", matches[:2], category=entries[0].category),
            Answer(question, "list", (), category="Nothing here"),
            Answer(question, "none"),
            Answer(question, "none", suggestions=matches[:1]),
            Answer(question, "none", suggestions=matches),
            Answer(question, "search", ()),
            Answer(question, "compare", ()),
        ]
    assert {a.intent for a in answers} == set(INTENTS)
    return answers


@pytest.mark.parametrize("name", CATALOGS)
@pytest.mark.parametrize("share", [True, False])
def test_every_kind_of_answer_fits_slack_limits(name, share):
    catalog = CATALOGS[name]
    for answer in every_answer(catalog):
        assert_fits_slack(render_answer(answer, catalog, share=share))


@pytest.mark.parametrize("name", CATALOGS)
def test_every_card_and_the_app_home_fit(name):
    catalog = CATALOGS[name]
    responder = Responder(catalog)
    for entry in list(catalog)[:80]:
        assert_fits_slack(responder.show([entry.name], share=True))
    home = [block.to_dict() for block in responder.home()]
    assert block_problems(home, MAX_VIEW_BLOCKS) == []


def test_every_evaluation_question_renders_within_limits(catalog):
    responder = Responder(catalog)
    for case in read_cases():
        for reply in (responder.command(case.question), responder.message(case.question)):
            assert_fits_slack(reply)


def test_fuzzed_text_always_gets_a_valid_reply(catalog):
    rng = random.Random(1234)
    responder = Responder(catalog, AnswerEngine(catalog))
    alphabet = (
        [chr(c) for c in range(0x20, 0x2FF)]
        + list("<>&|*_~`@!#\n\t\u200b\u202e\ufeff")
        + ["🐍", "👍🏽", "ﷺ", "𝔉𝔩𝔞𝔰𝔨", "\x00", "\x7f"]
    )
    texts = [
        HOSTILE,
        LONG_QUESTION,
        "x" * 10_000,
        "compare " + " ".join(["flask"] * 500),
        "list " + HOSTILE,
        "vs",
        "vs vs vs",
        "compare",
        "list",
        "   ",
        "<@U0PYFW>",
        "<@U0PYFW> " + HOSTILE,
    ]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.choice([1, 5, 40, 400, 4000]))) for _ in range(150)]
    texts += ["".join(chr(rng.randrange(0x20, 0xD7FF)) for _ in range(rng.choice([3, 300]))) for _ in range(50)]
    for text in texts:
        assert_fits_slack(responder.command(text))
        assert_fits_slack(responder.message(text))


def test_user_text_shown_back_is_escaped(catalog):
    reply = Responder(catalog).command(HOSTILE + " zzqqxx")
    shown = json.dumps(reply.block_dicts())
    assert "&lt;!channel&gt;" in shown and "<!channel>" not in shown and "<@U0BOSS>" not in shown


def test_mrkdwn_helpers():
    assert escape("a & <b> <!here>") == "a &amp; &lt;b&gt; &lt;!here&gt;"
    assert fit("<<<<", 10) == "&lt;&lt;…"  # never half an entity
    assert len(fit("&" * 5000, 3000)) <= 3000 and fit("&" * 5000, 3000).endswith("&amp;…")
    assert link("https://a.example/?x=1&y=2", "Docs | <b>") == "<https://a.example/?x=1&amp;y=2|Docs / &lt;b&gt;>"


def test_console_text_shows_links_and_plain_characters(catalog):
    text = blocks_to_text(Responder(catalog).command("flask").block_dicts())
    assert "Flask Official Documentation: https://flask.palletsprojects.com/en/latest/" in text
    assert "[Share in channel]" in text
    assert "&lt;" not in blocks_to_text(Responder(catalog).command("<b> zzqqxx").block_dicts())


def test_a_failing_engine_still_gets_a_reply(catalog):
    class Broken(AnswerEngine):
        def answer(self, text):
            raise RuntimeError("boom")

    reply = Responder(catalog, Broken(catalog)).command("flask")
    assert "went wrong" in reply.text
    assert_fits_slack(reply)


def test_subcommands_get_the_rest_and_the_asker_and_are_never_cached(catalog):
    responder = Responder(catalog)
    seen = []

    def links(rest, asker):
        seen.append((rest, asker))
        return Reply(f"links {len(seen)}", (SectionBlock(text=MarkdownTextObject(text=f"run {len(seen)}")),))

    responder.subcommands["links"] = links
    asker = Asker("U0ASKER", "C0GENERAL", "http://127.0.0.1:1/response/1")
    assert responder.command("links check", asker=asker).text == "links 1"
    assert responder.command("LINKS  check", asker=asker).text == "links 2"
    assert seen == [("check", asker), ("check", asker)]
    assert "Flask" in responder.command("flask").text  # everything else still goes to the engine


def test_app_home_shows_the_link_health_hook_blocks(catalog):
    section = SectionBlock(text=MarkdownTextObject(text="*Link health*: 14 ok"))
    home = [block.to_dict() for block in Responder(catalog, link_health=lambda: [section]).home()]
    assert home[-1] == section.to_dict()
    assert "Link health" not in json.dumps([b.to_dict() for b in Responder(catalog).home()])
