"""`pyfw worker` and `pyfw beat` as processes: the start-up check, and a worker that really runs a link check."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest
import redis

from common.settings import Settings
from linkwatch import runs
from tests.helpers import PYFW, clean_env, link_env, start_run, wait_until, write_catalog
from tests.link_server import LinkServer


def pyfw(args: list[str], env: dict[str, str], cwd, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run([PYFW, *args], env=clean_env(**env), cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize(
    "command, env, message",
    [
        ("worker", {}, "REDIS_URL is not set"),
        (
            "worker",
            {"REDIS_URL": "redis://:hunter2secret@127.0.0.1:1/0"},
            "cannot reach Redis at redis://127.0.0.1:1/0",
        ),
        ("worker", {"PYFW_CATALOG": "/nonexistent/catalog.toml"}, "catalog file not found"),
        ("worker", {"PYFW_LINKCHECK_SCHEDULE": "every day"}, "PYFW_LINKCHECK_SCHEDULE must be seconds or a crontab"),
        ("worker", {"PYFW_DIGEST_SCHEDULE": "61 * * * *"}, "PYFW_DIGEST_SCHEDULE: bad crontab expression"),
        ("worker", {"PYFW_FAIL_THRESHOLD": "0"}, "PYFW_FAIL_THRESHOLD must be at least 1"),
        ("beat", {}, "REDIS_URL is not set"),
        ("beat", {"PYFW_LINKCHECK_SCHEDULE": "0 25 * * *"}, "PYFW_LINKCHECK_SCHEDULE: bad crontab expression"),
    ],
)
def test_bad_footing_stops_with_one_clear_line(command, env, message, redis_url, tmp_path):
    if env and "REDIS_URL" not in env:
        env = {"REDIS_URL": redis_url, **env}
    done = pyfw([command], env, tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "hunter2secret" not in done.stderr


def test_pyfw_worker_runs_a_link_check_and_stops_on_sigterm(own_redis_url, tmp_path, slack_api):
    redis_url = own_redis_url
    server = LinkServer().start()
    try:
        catalog = write_catalog(tmp_path / "catalog.toml", {"Flask": [server.url("/toggle/cli")]})
        server.broken.add("cli")
        env = link_env(redis_url, catalog, slack_api, PYFW_REPORT_CHANNEL="C0CLI", SLACK_BOT_TOKEN="xoxb-cli-test")
        worker = subprocess.Popen(
            [PYFW, "worker", "--concurrency=2"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            run_id = start_run(Settings.from_env(env))
            store = redis.Redis.from_url(redis_url, decode_responses=True)
            wait_until(lambda: store.hget(runs.run_key(run_id), "state") == "done", timeout=30, what="the run")
            [report] = slack_api.wait_for("chat.postMessage", 1)
            assert report.args["channel"] == "C0CLI" and server.url("/toggle/cli") in str(report.args["blocks"])
            assert report.authorization == "Bearer xoxb-cli-test"
        finally:
            worker.send_signal(signal.SIGTERM)
            output, _ = worker.communicate(timeout=20)
        assert worker.returncode == 0, output
        assert "xoxb-cli-test" not in output
    finally:
        server.stop()


def _children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in found.split()]


def test_a_killed_worker_process_loses_no_check_and_the_report_is_posted_once(own_redis_url, tmp_path, slack_api):
    """reject_on_worker_lost: SIGKILL the pool process mid-check; the check is requeued and the run completes."""
    redis_url = own_redis_url
    server = LinkServer().start()
    try:
        slow = server.url("/slow?delay=1.5")
        catalog = write_catalog(tmp_path / "catalog.toml", {"Flask": [slow], "Django": [server.url("/gone")]})
        env = link_env(redis_url, catalog, slack_api, PYFW_REPORT_CHANNEL="C0KILL", SLACK_BOT_TOKEN="xoxb-kill-test")
        worker = subprocess.Popen(
            [PYFW, "worker", "--concurrency=1"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            run_id = start_run(Settings.from_env(env))
            store = redis.Redis.from_url(redis_url, decode_responses=True)
            wait_until(lambda: server.in_flight > 0, timeout=30, what="a check in flight")
            [child] = _children(worker.pid)
            os.kill(child, signal.SIGKILL)
            wait_until(lambda: store.hget(runs.run_key(run_id), "state") == "done", timeout=30, what="the run")
            assert len(server.methods_for("/slow?delay=1.5")) >= 2  # checked again after the kill
            [report] = slack_api.wait_for("chat.postMessage", 1)
            assert server.url("/gone") in str(report.args["blocks"])
        finally:
            worker.send_signal(signal.SIGTERM)
            output, _ = worker.communicate(timeout=20)
        assert "WorkerLostError" in output or "SIGKILL" in output, output
        assert len(slack_api.calls_to("chat.postMessage")) == 1
    finally:
        server.stop()
