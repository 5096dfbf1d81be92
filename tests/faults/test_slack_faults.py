"""Slack refuses the report (for a while, or until someone invites pyfw), or accepts it just as the worker dies: the
report is still posted exactly once."""

from __future__ import annotations

import json
import subprocess

import redis

from common.settings import Settings
from linkwatch import runs
from tasks.app import make_app
from tasks.jobs import enqueuer
from tests.helpers import PYFW, Process, link_env, start_run, wait_until, write_catalog
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
        assert store.hget("pyfw:dest:-:C0FAULT:outbox", "part:0").startswith("posting")
        second = Process(["worker", "--concurrency=1"], env, tmp_path, "worker-2")
        wait_until(
            lambda: store.hget(runs.run_key(run_id), "state") == "done",
            timeout=60,
            what="the run to be finished by the second worker",
        )
        [message] = slack_api.posted
        assert store.hget("pyfw:dest:-:C0FAULT:last", "ts") == message["ts"]  # found in the history, not re-posted
    finally:
        release.set()
        first.stop()
        if second:
            second.stop()
        links.stop()
    assert len(slack_api.calls_to("chat.postMessage")) == 1
    assert slack_api.calls_to("conversations.history")


def test_report_channel_refuses_with_not_in_channel_then_is_fixed_one_report_after_the_fix(
    own_redis_url, tmp_path, slack_api
):
    links = LinkServer().start()
    catalog = write_catalog(
        tmp_path / "catalog.toml", {"Django": [links.url("/gone")], "FastAPI": [links.url("/moved")]}
    )
    env = link_env(own_redis_url, catalog, slack_api, PYFW_LINKCHECK_TIME_LIMIT="20")
    slack_api.outside.add("C0FAULT")
    slack_api.private.add("C0FAULT")  # pyfw cannot join it: someone has to invite it
    worker = Process(["worker", "--concurrency=2"], env, tmp_path, "worker")
    store = redis.Redis.from_url(own_redis_url, decode_responses=True)
    settings = Settings.from_env(env)

    def run(**kwargs) -> str:
        run_id = runs.begin_run(store, settings, enqueuer(make_app(settings)), trigger="test", **kwargs)
        wait_until(lambda: store.hget(runs.run_key(run_id), "state") == "done", timeout=60, what=f"run {run_id}")
        return run_id

    def status(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYFW, "status", "--timeout", "1", *args], env=env, capture_output=True, text=True, timeout=60
        )

    try:
        run(response_url=slack_api.response_url("asker"))
        [answer] = slack_api.wait_for("response_url", 1)
        assert (
            "The report could not be posted to #C0FAULT because pyfw is not in #C0FAULT: invite @pyfw"
            in answer.args["text"]
        )
        run()  # still refused: the next run tries once more, no storm
        shown = status()
        assert "REPORT NOT DELIVERED to #C0FAULT" in shown.stdout and "2 attempts, not_in_channel" in shown.stdout
        assert "invite @pyfw to #C0FAULT" in shown.stdout
        [problem] = json.loads(status("--json").stdout)["undelivered"]
        assert problem["error"] == "not_in_channel" and problem["attempts"] == 2
        assert worker.output().count("NOT delivered to #C0FAULT: pyfw is not in #C0FAULT: invite @pyfw") == 2

        slack_api.invite("C0FAULT")  # fixed
        run()
        [report] = slack_api.calls_to("chat.postMessage")
        shown_blocks = str(report.args["blocks"])
        assert links.url("/gone") in shown_blocks and links.url("/moved") in shown_blocks
        assert "Django" in shown_blocks and "FastAPI" in shown_blocks and links.url("/ok") in shown_blocks
        run()  # nothing new: nothing posted
        assert "NOT DELIVERED" not in status().stdout
    finally:
        worker.stop()
        links.stop()
    attempts = [c for c in slack_api.calls if c.method == "chat.postMessage"]
    assert len(attempts) == 3 and len(slack_api.calls_to("chat.postMessage")) == 1  # 2 refused, 1 delivered
    assert len([c for c in slack_api.calls if c.method == "conversations.join"]) == 2
