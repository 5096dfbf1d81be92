"""The learned readings of catalog/job_asks.py, of jobs said in everyday words and of questions naming an entry: what
they change in the engine's answers with the shipped models, and where their thresholds and guards lie (with a model
made by hand, so a probability sits just either side of it)."""

from __future__ import annotations

import math

import pytest

from catalog import load_catalog
from catalog.answer import Answer, Confidence, Intent, Match
from catalog.broad_model import NONE, BroadAskModel
from catalog.engine import AnswerEngine
from catalog.job_asks import ITSELF, JOB_AT, MANY, NAMED_AT, JobAsks
from catalog.names import Found
from catalog.ranking import PurposeIndex
from catalog.synonyms import SYNONYMS
from tests.engine_eval import names

# ---- in the engine, with the shipped model (questions written for these tests, not rows of the eval set) --------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the rules had answered nothing: no word of these is the catalog's, or too few of them
        ("monthly statement emails at 3am", {"Celery"}),
        ("photo resizing off the request into workers", {"Celery"}),
        ("online card game lobby over websockets", {"Tornado", "Sanic"}),
    ],
)
def test_a_job_said_in_everyday_words_gets_the_entry_that_does_it(engine, question, expected):
    answer = engine.answer(question)
    assert answer.intent is Intent.SEARCH and set(names(answer)) == expected


def test_a_sure_reading_puts_its_entry_before_the_rules_best_option(engine):
    # the rules' options had been Pyramid (for "routes") before FastAPI
    answer = engine.answer("swagger page that writes itself from my routes")
    assert answer.intent is Intent.SEARCH and names(answer)[0] == "FastAPI"


def test_without_the_learned_models_those_jobs_get_what_the_rules_give():
    rules = AnswerEngine(load_catalog(), learned=False)
    assert rules.answer("monthly statement emails at 3am").intent is Intent.NONE
    assert names(rules.answer("swagger page that writes itself from my routes"))[0] == "Pyramid"


@pytest.mark.parametrize(
    ("question", "expected", "rules_gave"),
    [
        # a name that is only context: the job asked for is another entry's
        ("pyqt is too heavy for a one-button helper script, anything built in?", ["Tkinter"], "PyQt"),
        # a question about the one entry named, which the rules had read as another entry's job
        ("how do i add a route in flask", ["Flask"], "Pyramid"),
        ("how do i define a model in django", ["Django"], "Streamlit"),
    ],
)
def test_a_question_naming_an_entry_gets_the_entry_it_asks_for(engine, question, expected, rules_gave):
    assert names(engine.answer(question))[: len(expected)] == expected
    assert names(AnswerEngine(load_catalog(), learned=False).answer(question))[0] == rules_gave


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("flask docs", ["Flask"]),
        ("is django good for big sites?", ["Django"]),
        ("celery retry settings", ["Celery"]),
        ("our flask app is slow, how to profile it?", ["Flask"]),
        ("django or flask for a blog?", ["Django", "Flask"]),
        ("our flask app has to send emails in the background after signup, what do people use?", ["Celery"]),
    ],
)
def test_questions_the_rules_answered_right_keep_their_answer(engine, question, expected):
    assert names(engine.answer(question)) == expected


def test_a_name_saying_who_the_asker_is_stays_context(engine):
    answer = engine.answer("we're a django shop, want to try something async")
    assert answer.intent is Intent.SEARCH and "Django" not in names(answer)


@pytest.mark.parametrize(
    "question",
    [
        "send sms to customers when their order ships",
        "scrape prices from competitor websites every night",
        "terminal progress bars for long loops",
        "what .net library do people use for background jobs",
        "any good pizza places near the office?",
    ],
)
def test_what_the_catalog_does_not_do_is_still_answered_none(engine, question):
    assert engine.answer(question).intent is Intent.NONE


# ---- the threshold and the guards, with a model made by hand -------------------------------------------------------


def model_reading(wanted: str, probability: float) -> BroadAskModel:
    """A model that reads every question as `wanted` with `probability` (and NONE with the rest)."""
    return BroadAskModel([wanted, NONE], [math.log(probability / (1 - probability)), 0.0], {})


@pytest.fixture(scope="module")
def shipped():
    catalog = load_catalog()
    return catalog.entries, PurposeIndex(catalog.entries, SYNONYMS)


def job_asks(shipped, wanted: str, probability: float) -> JobAsks:
    entries, purpose = shipped
    return JobAsks(entries, purpose, model_reading(wanted, probability))


def ranked(shipped, words):
    return shipped[1].rank(words)


WORDS = ["invoice", "emails", "at", "night"]


def test_nothing_becomes_the_entry_only_above_the_threshold(shipped):
    above = job_asks(shipped, "Celery", JOB_AT + 0.02).instead_of_nothing("q", WORDS, ranked(shipped, WORDS))
    below = job_asks(shipped, "Celery", JOB_AT - 0.02).instead_of_nothing("q", WORDS, ranked(shipped, WORDS))
    assert above is not None and names(above) == ["Celery"] and above.confidence is Confidence.HIGH
    assert below is None


def test_a_pair_is_shown_as_two_options(shipped):
    answer = job_asks(shipped, "Tornado|Sanic", 0.97).instead_of_nothing("q", WORDS, ranked(shipped, WORDS))
    assert answer is not None and set(names(answer)) == {"Tornado", "Sanic"}
    assert answer.confidence is Confidence.MIDDLE


@pytest.mark.parametrize("wanted", [MANY, NONE, "Rails"])
def test_a_reading_of_no_entry_of_this_catalog_answers_nothing(shipped, wanted):
    assert job_asks(shipped, wanted, 0.99).instead_of_nothing("q", WORDS, ranked(shipped, WORDS)) is None


@pytest.mark.parametrize(
    "words",
    [
        ["background", "jobs", "for", "laravel"],  # a technology outside the catalog is what is asked about
        ["cron", "vs", "workers"],  # two things weighed against each other
    ],
)
def test_a_question_naming_an_outside_technology_or_weighing_is_never_read(shipped, words):
    assert job_asks(shipped, "Celery", 0.99).instead_of_nothing("q", words, ranked(shipped, words)) is None


def options(shipped, *wanted: str) -> Answer:
    entries = {entry.name: entry for entry in shipped[0]}
    matches = tuple(Match(entries[name], 80.0 - n) for n, name in enumerate(wanted))
    return Answer("q", Intent.SEARCH, matches, confidence=Confidence.MIDDLE)


def test_a_sure_reading_moves_its_entry_first_and_keeps_the_other_options(shipped):
    rules = options(shipped, "Pyramid", "FastAPI")
    checked = job_asks(shipped, "FastAPI", 0.97).checked(rules, WORDS, ranked(shipped, WORDS))
    assert names(checked) == ["FastAPI", "Pyramid"]
    unsure = job_asks(shipped, "FastAPI", JOB_AT - 0.02).checked(rules, WORDS, ranked(shipped, WORDS))
    assert unsure is rules


def test_a_sure_reading_the_rules_did_not_find_takes_the_options_places(shipped):
    rules = options(shipped, "Tornado")
    checked = job_asks(shipped, "FastAPI", 0.97).checked(rules, WORDS, ranked(shipped, WORDS))
    assert names(checked) == ["FastAPI"] and checked.confidence is Confidence.HIGH


def test_options_whose_best_is_what_the_model_reads_stay_as_they_are(shipped):
    rules = options(shipped, "Celery", "Tornado")
    assert job_asks(shipped, "Celery", 0.99).checked(rules, WORDS, ranked(shipped, WORDS)) is rules


def named_asks(shipped, wanted: str, probability: float) -> JobAsks:
    entries, purpose = shipped
    return JobAsks(entries, purpose, None, model_reading(wanted, probability))


def lookup(shipped, name: str) -> Answer:
    entry = next(entry for entry in shipped[0] if entry.name == name)
    return Answer("q", Intent.LOOKUP, (Match(entry, 100.0),))


def index_of(shipped, name: str) -> int:
    return [entry.name for entry in shipped[0]].index(name)


def named(shipped, *names: str) -> list[Found]:
    """The names as found at the start of WORDS (where none of them is: what stands there is no matter here)."""
    return [Found(0, 1, index_of(shipped, name), 100.0) for name in names]


def test_a_named_entry_gives_way_to_the_one_read_only_above_the_threshold(shipped):
    rules = lookup(shipped, "Dash")
    above = named_asks(shipped, "Celery", NAMED_AT + 0.02).past_the_name(rules, WORDS, named(shipped, "Dash"))
    below = named_asks(shipped, "Celery", NAMED_AT - 0.02).past_the_name(rules, WORDS, named(shipped, "Dash"))
    assert above.intent is Intent.SEARCH and names(above) == ["Celery"]
    assert below is rules


def test_options_for_a_question_about_the_one_named_entry_become_its_card(shipped):
    rules = options(shipped, "Pyramid", "Tornado")
    flask = named(shipped, "Flask")
    answer = named_asks(shipped, ITSELF, NAMED_AT + 0.02).past_the_name(rules, WORDS, flask)
    assert answer.intent is Intent.LOOKUP and names(answer) == ["Flask"]
    assert named_asks(shipped, ITSELF, NAMED_AT - 0.02).past_the_name(rules, WORDS, flask) is rules
    # with two names, which one it is about is the rules' to say
    two = named(shipped, "Flask", "Django")
    assert named_asks(shipped, ITSELF, 0.99).past_the_name(rules, WORDS, two) is rules
    # nor when the name is what the asker has: "we're a django shop, want to try something async"
    words = ["we", "re", "a", "django", "shop", "want", "something", "async"]
    shop = [Found(3, 4, index_of(shipped, "Django"), 100.0)]
    assert named_asks(shipped, ITSELF, 0.99).past_the_name(rules, words, shop) is rules


@pytest.mark.parametrize("wanted", [NONE, MANY, "Rails"])
def test_a_named_reading_of_no_entry_of_this_catalog_keeps_the_rules_answer(shipped, wanted):
    rules = lookup(shipped, "Flask")
    assert named_asks(shipped, wanted, 0.99).past_the_name(rules, WORDS, named(shipped, "Flask")) is rules


def test_a_comparison_or_none_is_never_changed_by_the_named_reading(shipped):
    entries = {entry.name: entry for entry in shipped[0]}
    compared = Answer("q", Intent.COMPARE, (Match(entries["Flask"], 90.0), Match(entries["Django"], 90.0)))
    none = Answer("q", Intent.NONE)
    for rules in (compared, none):
        assert named_asks(shipped, "Celery", 0.99).past_the_name(rules, WORDS, named(shipped, "Flask")) is rules


def test_a_model_trained_for_another_catalog_reads_nothing(shipped):
    entries, purpose = shipped
    other = BroadAskModel(["Celery", NONE], [5.0, 0.0], {}, ["Rails/Backend"])
    assert JobAsks(entries, purpose, other).instead_of_nothing("q", WORDS, ranked(shipped, WORDS)) is None
    rules = lookup(shipped, "Flask")
    assert JobAsks(entries, purpose, None, other).past_the_name(rules, WORDS, named(shipped, "Flask")) is rules
