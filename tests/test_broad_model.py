"""The learned reading of broad asks (catalog/broad_model.py): what it changes in the engine's answers, where each
of its thresholds lies (with a model made by hand, so a probability sits just either side), and that the shipped
table is what the evaluation's tune part trains."""

from __future__ import annotations

import gzip
import math

import pytest

from catalog import load_catalog
from catalog.answer import Answer, Intent
from catalog.broad_model import (
    NONE,
    NOTHING_AT,
    PYTHON_SAID_AT,
    REPLACE_AT,
    SURE_AT,
    TERSE,
    VETO_AT,
    WIDEN_AT,
    BroadAskModel,
    BroadAsks,
    ModelError,
)
from catalog.categories import CategoryIndex
from catalog.ranking import PurposeIndex, Scored
from catalog.synonyms import SYNONYMS
from tests import train_broad_model
from tests.engine_eval import names

# ---- in the engine, with the shipped model (questions written for these tests, not rows of the eval set) --------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the rules had answered nothing
        ("python web fw?", {"Django", "Flask", "FastAPI", "Pyramid", "Tornado", "Sanic"}),
        (
            "need a py thing for the server part of our app, what exists?",
            {"Django", "Flask", "FastAPI", "Pyramid", "Tornado", "Sanic"},
        ),
        ("what can i use to put a window on my script", {"Tkinter", "PyQt"}),
        # the rules had answered one entry, or options partly outside what is asked for
        ("which frameworks let me do a reporting page for finance numbers in python", {"Dash", "Streamlit"}),
        ("which python frameworks can keep thousands of browser connections open for a chat", {"Tornado", "Sanic"}),
    ],
)
def test_a_broad_ask_in_the_askers_words_gets_several_options_of_the_group_asked_for(engine, question, expected):
    answer = engine.answer(question)
    assert answer.intent is Intent.SEARCH and len(answer.matches) >= 2
    assert set(names(answer)) <= expected


def test_a_broad_ask_for_the_interface_side_gets_the_frontend_list(engine):
    answer = engine.answer("what can my team use for the UI bits in python")
    assert answer.intent is Intent.LIST and answer.category == "Frontend Frameworks"


@pytest.mark.parametrize(
    "question",
    [
        "rust web frameworks worth a look?",
        "what are my options for unit testing in python",
        "secrets management libs for python, options?",
        "game engines for python, what are my choices",
    ],
)
def test_an_ask_for_options_the_catalog_does_not_have_is_still_answered_none(engine, question):
    assert engine.answer(question).intent is Intent.NONE


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the rules' second option had been Tornado, FastAPI, Pyramid
        ("frameworks for a big web app with many teams, options?", ["Django", "Pyramid"]),
        ("which frameworks for pushing live scores to thousands of browsers", ["Tornado", "Sanic"]),
        ("what python options for mapping objects to sql tables", ["SQLAlchemy", "Django"]),
    ],
)
def test_options_after_the_best_come_from_the_group_that_holds_it(engine, question, expected):
    assert names(engine.answer(question)) == expected


@pytest.mark.parametrize(
    "question",
    [
        # each had got a card or two for one incidental word ("learning", "generation", "processing")
        "good python libs for reinforcement learning?",
        "pdf generation libraries in python?",
        "any good image processing libraries for python?",
    ],
)
def test_options_resting_on_one_word_of_an_ask_for_what_the_catalog_lacks_give_way_to_nothing(engine, question):
    assert engine.answer(question).intent is Intent.NONE


def test_a_question_for_one_job_keeps_its_one_card(engine):
    answer = engine.answer("something to auto-generate swagger docs for my endpoints")
    assert names(answer) == ["FastAPI"]


# ---- the thresholds, with a model made by hand ------------------------------------------------------------------


def model_reading(group: str, probability: float) -> BroadAskModel:
    """A model that reads every question as `group` with `probability` (and NONE with the rest)."""
    return BroadAskModel([group, NONE], [math.log(probability / (1 - probability)), 0.0], {})


@pytest.fixture(scope="module")
def shipped():
    catalog = load_catalog()
    purpose = PurposeIndex(catalog.entries, SYNONYMS)
    return catalog.entries, purpose, CategoryIndex(catalog.entries)


def broad_asks(shipped, group: str, probability: float) -> BroadAsks:
    entries, purpose, categories = shipped
    return BroadAsks(entries, purpose, categories, model_reading(group, probability))


def option(shipped, name: str, telling: int = 1) -> Scored:
    return Scored([e.name for e in shipped[0]].index(name), 1.0, 1.0, telling)


def ranked(shipped, words):
    return shipped[1].rank(words)


WORDS = ["something", "for", "charts"]
NOTHING = Answer("q", Intent.NONE)


def test_nothing_becomes_the_group_only_above_its_threshold(shipped):
    above = broad_asks(shipped, "Dash|Streamlit", NOTHING_AT + 0.02)
    below = broad_asks(shipped, "Dash|Streamlit", NOTHING_AT - 0.02)
    answer = above.instead_of_nothing("q", WORDS, ranked(shipped, WORDS))
    assert answer is not None and set(names(answer)) == {"Dash", "Streamlit"}
    # Options of a group, not a category's list: `pyfw ask --json` shows them as "best matches" with no category.
    assert answer.as_dict()["confidence"] == "middle" and "category" not in answer.as_dict()
    assert below.instead_of_nothing("q", WORDS, ranked(shipped, WORDS)) is None


def test_one_entry_of_the_group_is_widened_only_above_its_threshold(shipped):
    dash = [option(shipped, "Dash")]
    above = broad_asks(shipped, "Dash|Streamlit", WIDEN_AT + 0.02)
    below = broad_asks(shipped, "Dash|Streamlit", WIDEN_AT - 0.02)
    answer = above.instead_of("q", dash, WORDS, ranked(shipped, WORDS), NOTHING)
    assert answer is not None and names(answer) == ["Dash", "Streamlit"]
    assert below.instead_of("q", dash, WORDS, ranked(shipped, WORDS), NOTHING) is None
    # an entry outside the group read is not widened into it
    assert above.instead_of("q", [option(shipped, "Flask")], WORDS, ranked(shipped, WORDS), NOTHING) is None


def test_options_whose_best_is_outside_the_group_give_way_only_above_its_threshold(shipped):
    options = [option(shipped, "PyQt"), option(shipped, "Dash")]
    # between the widening and the replacing thresholds: the rules' two options stand
    middle = broad_asks(shipped, "Dash|Streamlit", (WIDEN_AT + REPLACE_AT) / 2)
    assert middle.instead_of("q", options, WORDS, ranked(shipped, WORDS), NOTHING) is None
    above = broad_asks(shipped, "Dash|Streamlit", REPLACE_AT + 0.02)
    answer = above.instead_of("q", options, WORDS, ranked(shipped, WORDS), NOTHING)
    assert answer is not None and names(answer) == ["Dash", "Streamlit"]  # the kept option first


def test_options_on_one_telling_word_give_way_to_nothing_only_above_its_threshold(shipped):
    flask = [option(shipped, "Flask")]  # one telling word
    # the hand-made model reads NONE with what the group does not have
    sure = broad_asks(shipped, "Dash|Streamlit", 1 - (VETO_AT + 0.02))
    unsure = broad_asks(shipped, "Dash|Streamlit", 1 - (VETO_AT - 0.02))
    assert sure.instead_of("q", flask, WORDS, ranked(shipped, WORDS), NOTHING) is NOTHING
    assert unsure.instead_of("q", flask, WORDS, ranked(shipped, WORDS), NOTHING) is None
    # options resting on two telling words stand, however sure the model is
    two_words = [option(shipped, "Flask", telling=2)]
    assert sure.instead_of("q", two_words, WORDS, ranked(shipped, WORDS), NOTHING) is None


def test_options_outside_the_group_holding_the_best_one_give_way_to_its_entries(shipped):
    # however unsure the model is of the group, short of reading NONE
    unsure = broad_asks(shipped, "Dash|Streamlit", 1 - VETO_AT + 0.1)
    dash_first = [option(shipped, "Dash"), option(shipped, "PyQt")]
    answer = unsure.instead_of("q", dash_first, WORDS, ranked(shipped, WORDS), NOTHING)
    assert answer is not None and names(answer) == ["Dash", "Streamlit"]
    # the best option outside the group: the rules' options stand; all inside it: nothing to trim
    pyqt_first = [option(shipped, "PyQt"), option(shipped, "Dash")]
    assert unsure.instead_of("q", pyqt_first, WORDS, ranked(shipped, WORDS), NOTHING) is None
    inside = [option(shipped, "Streamlit"), option(shipped, "Dash")]
    assert unsure.instead_of("q", inside, WORDS, ranked(shipped, WORDS), NOTHING) is None


def test_a_group_that_is_a_whole_category_is_answered_with_its_list(shipped):
    frontend = broad_asks(shipped, "Dash|Streamlit|Tkinter|PyQt", 0.95)
    answer = frontend.instead_of_nothing("q", WORDS, ranked(shipped, WORDS))
    assert answer is not None and answer.intent is Intent.LIST and answer.category == "Frontend Frameworks"


def test_a_question_naming_another_stack_is_read_only_when_it_says_python_and_the_model_is_sure(shipped):
    """ "we use tableau, python options?": the other stack is context when the asker says they want Python's."""
    said = ["we", "use", "tableau", "python", "options"]
    unsaid = ["we", "use", "tableau", "options"]
    sure = broad_asks(shipped, "Dash|Streamlit", PYTHON_SAID_AT + 0.02)
    unsure = broad_asks(shipped, "Dash|Streamlit", PYTHON_SAID_AT - 0.02)
    answer = sure.instead_of_nothing("q", said, ranked(shipped, said))
    assert answer is not None and set(names(answer)) == {"Dash", "Streamlit"}
    assert sure.instead_of_nothing("q", unsaid, ranked(shipped, unsaid)) is None
    assert unsure.instead_of_nothing("q", said, ranked(shipped, said)) is None


def test_a_thing_the_rules_think_asked_for_gives_way_to_pythons_group_the_model_is_sure_of(shipped):
    """ "building a little offline tool for the lab pcs, python options?": not a "little offline tool" the catalog
    never speaks of; but not when the rules' best entry is outside the group, nor when what is asked after "python"
    is a kind of thing the catalog does not know."""
    said = ["a", "tool", "for", "the", "lab", "python", "options"]
    unsaid = ["a", "tool", "for", "the", "lab", "options"]
    sure = broad_asks(shipped, "Tkinter|PyQt", PYTHON_SAID_AT + 0.02)
    answer = sure.for_python("q", said, ranked(shipped, said))
    assert answer is not None and set(names(answer)) == {"Tkinter", "PyQt"}
    assert sure.for_python("q", unsaid, ranked(shipped, unsaid)) is None
    unsure = broad_asks(shipped, "Tkinter|PyQt", PYTHON_SAID_AT - 0.02)
    assert unsure.for_python("q", said, ranked(shipped, said)) is None
    queue = ["a", "tool", "for", "the", "lab", "python", "task", "queue"]  # Celery's words, outside the group
    assert sure.for_python("q", queue, ranked(shipped, queue)) is None
    frames = ["a", "tool", "for", "the", "lab", "python", "dataframe", "options"]  # a kind the catalog lacks
    assert sure.for_python("q", frames, ranked(shipped, frames)) is None


def test_a_group_of_entries_the_catalog_lacks_is_never_read(shipped):
    elsewhere = broad_asks(shipped, "Rails|Sinatra", 0.99)
    assert elsewhere.instead_of_nothing("q", WORDS, ranked(shipped, WORDS)) is None


# ---- the shipped table --------------------------------------------------------------------------------------------


def test_the_shipped_model_is_what_the_tune_part_trains(capsys):
    """Changing tune (folding a spent held-out part in), or the catalog's words the features are read by, means
    training again: the table must not go stale."""
    assert train_broad_model.main(["--check"]) == 0, capsys.readouterr().out


def test_a_terse_search_keeps_its_card_and_a_longer_one_is_widened(shipped):
    """Fewer than TERSE meaningful words and no asking word: a search ("live charts"), not an ask for options."""
    asks = broad_asks(shipped, "Dash|Streamlit", 0.95)
    dash = [option(shipped, "Dash")]
    terse = ["live", "charts"]
    assert len(ranked(shipped, terse).groups) < TERSE
    assert asks.instead_of("q", dash, terse, ranked(shipped, terse), NOTHING) is None
    longer = ["live", "charts", "sales", "numbers"]
    assert len(ranked(shipped, longer).groups) >= TERSE
    assert names(asks.instead_of("q", dash, longer, ranked(shipped, longer), NOTHING)) == ["Dash", "Streamlit"]


def test_nothing_becomes_a_group_only_for_a_message_that_asks(shipped):
    asks = broad_asks(shipped, "Dash|Streamlit", 0.95)
    telling = ["our", "dashboard", "is", "for", "the", "sales", "team"]
    assert asks.instead_of_nothing("our dashboard is for the sales team", telling, ranked(shipped, telling)) is None
    answer = asks.instead_of_nothing("our dashboard is for the sales team?", telling, ranked(shipped, telling))
    assert answer is not None and set(names(answer)) == {"Dash", "Streamlit"}


def test_a_question_of_no_known_word_or_one_qualified_by_an_unknown_word_needs_a_sure_model(shipped):
    group = "Django|Flask|FastAPI|Pyramid|Tornado|Sanic"
    unsure = broad_asks(shipped, group, SURE_AT - 0.02)
    sure = broad_asks(shipped, group, SURE_AT + 0.02)
    assert NOTHING_AT < SURE_AT - 0.02
    for words in (["python", "site", "choices"], ["offline", "web", "frameworks"]):
        assert unsure.instead_of_nothing("q?", words, ranked(shipped, words)) is None
        answer = sure.instead_of_nothing("q?", words, ranked(shipped, words))
        assert answer is not None and set(names(answer)) <= set(group.split("|")) and len(answer.matches) >= 2
    # Even a sure model does not answer for another technology named, or for two things weighed.
    for words in (["rails", "web", "frameworks"], ["vs", "offline", "web", "frameworks"]):
        assert sure.instead_of_nothing("q?", words, ranked(shipped, words)) is None


def test_one_entry_is_widened_by_how_likely_the_groups_holding_it_are_together(shipped):
    """Two groups holding Dash at 0.4 each ask for Dash among others (0.8); Dash's group at 0.4 beside another at
    0.4 does not."""
    holding = BroadAsks(
        *shipped, BroadAskModel(["Dash|Streamlit", "Dash|Streamlit|Tkinter|PyQt", NONE], [0.0, 0.0, -0.69], {})
    )
    apart = BroadAsks(*shipped, BroadAskModel(["Dash|Streamlit", "Tkinter|PyQt", NONE], [0.0, 0.0, -0.69], {}))
    words = ["live", "charts", "sales", "numbers"]
    dash = [option(shipped, "Dash")]
    assert names(holding.instead_of("q", dash, words, ranked(shipped, words), NOTHING))[:1] == ["Dash"]
    assert apart.instead_of("q", dash, words, ranked(shipped, words), NOTHING) is None


def test_one_option_outside_a_group_the_model_is_sure_of_gives_way_to_it(shipped):
    asks = broad_asks(shipped, "Tkinter|PyQt", REPLACE_AT + 0.02)
    answer = asks.instead_of("q", [option(shipped, "Flask")], WORDS, ranked(shipped, WORDS), NOTHING)
    assert answer is not None and set(names(answer)) == {"Tkinter", "PyQt"}


def test_a_model_trained_for_another_catalog_is_not_used(shipped):
    other = BroadAskModel(["Dash|Streamlit", NONE], [5.0, 0.0], {}, catalog=["Rails/Web Frameworks"])
    asks = BroadAsks(*shipped, other)
    assert asks.reading(WORDS) is None
    assert asks.instead_of_nothing("q", WORDS, ranked(shipped, WORDS)) is None


@pytest.mark.parametrize("content", [None, b"not gzip at all", gzip.compress(b'{"classes": []}')])
def test_a_missing_or_broken_model_file_is_one_clear_error_naming_it(tmp_path, content):
    path = tmp_path / "broad-asks.json.gz"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelError, match=str(path)) as raised:
        BroadAskModel.load(path)
    assert "train it again" in str(raised.value)
