"""Broad asks as people write them on their own (the tenth round): misspelt ordinary words, ... Each test is a
question the engine answered with nothing or with the wrong options before the change it covers."""

from __future__ import annotations

import pytest

from catalog import load_catalog
from catalog.engine import AnswerEngine, Intent
from catalog.spelling import Speller

BACKEND = {"Django", "Flask", "FastAPI", "Pyramid", "Tornado", "Sanic"}


@pytest.fixture(scope="module")
def engine() -> AnswerEngine:
    return AnswerEngine(load_catalog())


def names(answer) -> list[str]:
    return [match.entry.name for match in answer.matches]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("web frameworks pythn", BACKEND),
        ("gui frameowrks", {"Tkinter", "PyQt"}),
        ("dashbord libs", {"Dash", "Streamlit"}),
        ("asynchronus frameworks", {"FastAPI", "Tornado", "Sanic"}),
    ],
)
def test_a_misspelt_ordinary_word_is_read_as_the_word(engine, text, shown):
    answer = engine.answer(text)
    assert len(answer.matches) >= 2 and set(names(answer)) <= shown


@pytest.mark.parametrize(
    "text",
    [
        "a good code editor for python",  # an English word is meant as written, however near a catalog word
        "the dash button on my keyboard is broken",
        "pydantic validator for email fields",  # two edits away: a derived word, not a misspelt "validation"
    ],
)
def test_words_that_are_not_misspellings_are_left_as_written(engine, text):
    assert engine.answer(text).intent is Intent.NONE


def test_a_short_word_is_not_read_as_a_misspelling(engine):
    # "ppl" is one letter from "pip"
    assert names(engine.answer("cron-like periodic jobs in python, what do ppl use"))[:1] == ["Celery"]


def test_a_word_equally_near_two_words_is_left_as_written():
    speller = Speller(["tables and tablet"], [])
    assert speller.correct(["tablex", "tabels"], set()) == ["tablex", "tables"]


def test_a_misspelt_name_is_still_found_as_the_name(engine):
    assert names(engine.answer("djnago admin"))[:1] == ["Django"]
