"""The evaluation's scoring rules (tests/eval/FORMAT.md), on answers made by hand: a rule that scored wrongly would
move every number the README quotes."""

from __future__ import annotations

import pytest

from catalog import load_catalog
from catalog.answer import Answer, Intent, Match
from tests.engine_eval import Case, category_sets, is_right


@pytest.fixture(scope="module")
def shipped():
    catalog = load_catalog()
    return {entry.name: entry for entry in catalog.entries}, category_sets(catalog)


def answer(entries, intent, *names, category=None):
    return Answer("q", intent, tuple(Match(entries[name], 90.0) for name in names), category=category)


def broad(expected):
    return Case("tune", "broad", "broad", expected, "q")


def test_a_broad_ask_wants_its_category_or_several_of_its_options(shipped):
    entries, categories = shipped
    assert is_right(broad("Tkinter|PyQt"), answer(entries, Intent.SEARCH, "PyQt", "Tkinter"), categories)
    assert not is_right(broad("Tkinter|PyQt"), answer(entries, Intent.SEARCH, "PyQt"), categories)
    assert not is_right(broad("Tkinter|PyQt"), answer(entries, Intent.SEARCH, "PyQt", "Dash"), categories)
    listing = answer(entries, Intent.LIST, "Dash", "Streamlit", "Tkinter", "PyQt", category="Frontend Frameworks")
    assert is_right(broad("Frontend Frameworks"), listing, categories)


def test_a_broad_ask_only_one_entry_answers_is_scored_as_a_search(shipped):
    entries, categories = shipped
    assert is_right(broad("Celery"), answer(entries, Intent.SEARCH, "Celery"), categories)
    assert is_right(broad("Celery"), answer(entries, Intent.LOOKUP, "Celery"), categories)
    assert not is_right(broad("Celery"), answer(entries, Intent.SEARCH, "Sanic", "Celery"), categories)
    assert not is_right(broad("Celery"), Answer("q", Intent.NONE), categories)
