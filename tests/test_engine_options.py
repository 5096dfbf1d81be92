"""Which entries a purpose question shows (catalog.options): a broad ask naming several jobs gets the entry doing
each, a stray option of another kind is left out, a plural ask gets more than one entry, and an ask for frameworks
adds only frameworks."""

from __future__ import annotations

import pytest

from catalog.engine import Confidence, Intent
from tests.engine_eval import names


@pytest.mark.parametrize(
    "text",
    [
        "support libs that sit beside a web app: queues, a db layer, graphql?",  # graphql names Graphene
        "what tooling do you have for queues, databases and graphql",
    ],
)
def test_a_broad_ask_naming_several_jobs_gets_the_entry_doing_each(engine, text):
    answer = engine.answer(text)
    assert answer.intent is Intent.SEARCH and answer.confidence is Confidence.MIDDLE
    assert sorted(names(answer)) == ["Celery", "Graphene", "SQLAlchemy"]


def test_one_job_asked_with_a_name_stays_about_that_job(engine):
    # One job (a queue) and a named entry the asker has: the answer is the entry for the job, not a list of jobs.
    answer = engine.answer("our flask app needs a job queue, what libs do people use?")
    assert names(answer)[:1] == ["Celery"]


def test_anything_for_a_kind_of_server_gets_the_entries_for_each_part(engine):
    answer = engine.answer("anything asyncio-friendly for serving http?")
    assert answer.intent is Intent.SEARCH and len(answer.matches) >= 2
    assert set(names(answer)) <= {"FastAPI", "Tornado", "Sanic"}


def test_a_third_option_of_another_kind_than_the_best_two_is_left_out(engine):
    answer = engine.answer("python options for interactive web apps for our analysts")
    assert names(answer) == ["Dash", "Streamlit"]


def test_a_plural_ask_with_one_entry_for_it_shows_the_next_that_covers_as_much(engine):
    answer = engine.answer("libraries for working with a database?")
    assert names(answer) == ["SQLAlchemy", "Pyramid"]
    # asked for one, SQLAlchemy first ("talking to" a database is interacting with it); whether Django (its ORM) is
    # shown beside it is the broad-ask model's call (catalog/broad_model.py), which the eval's tune part trains
    assert names(engine.answer("python tool for talking to databases?"))[:1] == ["SQLAlchemy"]


def test_an_ask_for_frameworks_adds_only_an_entry_that_is_one(engine):
    # SQLAlchemy's "connection pooling" is about database connections, and it is no framework.
    answer = engine.answer("which frameworks can cope with lots of concurrent connections")
    assert "SQLAlchemy" not in names(answer) and names(answer)[:1] == ["Tornado"]


def test_whats_out_there_asks_for_options(engine):
    answer = engine.answer("whats out there for realtime servers with long-lived connections")
    assert names(answer) == ["Tornado", "Sanic"]
