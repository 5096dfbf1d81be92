"""Slack refuses the report, or accepts it just as the worker dies: the report is still posted exactly once."""

from __future__ import annotations

import redis

from common.settings import Settings
from linkwatch import runs
from tests.helpers import Process, link_env, start_run, wait_until, write_catalog
from tests.link_server import LinkServer


def test_report_refused_with_429_then_500_is_retried_and_posted_exactly_once(own_redis_url, tmp_path, slack_api):
    links = LinkServer().start()
    catalog = write_catalog(tmp_path / "catalog.toml", {"Django": [links.url("/gone")]})
    env = link_env(own_redis_url, catalog, slack_api)
    worker = Process(["worker", "--concurrency=1"], env, tmp_path, "worker")
    store = redis.Redis.from_url(own_redis_url, decode_responses=True)
    try:
        slack_api.fail_next("chat.postMessage", 429, times=1, retry_after=1)
        run_id = start_run(Settings.from_env(env))
        wait_until(lambda: any(c.answered == 429 for c in slack_api.calls), timeout=30, what="Slack's 429")
        slack_api.fail_next("chat.postMessage", 500, times=1)
        wait_until(lambda: any(c.answered == 500 for c in slack_api.calls), timeout=30, what="Slack's 500")
        wait_until(lambda: store.hget(runs.run_key(run_id), "state") == "done", timeout=60, what="the run")
    finally:
        worker.stop()
        links.stop()
    attempts = [c.answered for c in slack_api.calls if c.method == "chat.postMessage"]
    assert attempts == [429, 500, 200]
    assert links.url("/gone") in str(slack_api.calls_to("chat.postMessage")[0].args["blocks"])
    assert "xoxb-fault-test" not in worker.output()


def test_worker_killed_after_slack_accepted_the_report_posts_no_second_copy(own_redis_url, tmp_path, slack_api):
    links = LinkServer().start()
    catalog = write_catalog(tmp_path / "catalog.toml", {"Django": [links.url("/gone")]})
    env = link_env(own_redis_url, catalog, slack_api, PYFW_LINKCHECK_TIME_LIMIT="6")
    first = Process(["worker", "--concurrency=1"], env, tmp_path, "worker-1")
    second = None
    store = redis.Redis.from_url(own_redis_url, decode_responses=True)
    release = slack_api.hold_next("chat.postMessage")
    try:
        run_id = start_run(Settings.from_env(env))
        assert slack_api.held.wait(30), "the report never reached Slack"
        first.kill_all()  # Slack has the message; the worker never hears back and never records its ts
        release.set()
        assert store.hget(runs.run_key(run_id), "part:0") == "posting"
        second = Process(["worker", "--concurrency=1"], env, tmp_path, "worker-2")
        wait_until(lambda: store.hget(runs.run_key(run_id), "state") == "done", timeout=60,
                   what="the run to be finished by the second worker")
        [message] = slack_api.posted
        assert store.hget(runs.run_key(run_id), "part:0") == message["ts"]  # found in the history, not re-posted
    finally:
        release.set()
        first.stop()
        if second:
            second.stop()
        links.stop()
    assert len(slack_api.calls_to("chat.postMessage")) == 1
    assert slack_api.calls_to("conversations.history")
