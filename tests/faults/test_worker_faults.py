"""Workers die, Slack refuses, Redis restarts: every run's report is still delivered, exactly once."""

from __future__ import annotations

from pyfw.settings import Settings
from tasks import jobs
from tests.faults.procs import Process, clean_env
from tests.link_server import LinkServer
from tests.test_jobs import wait_until, write_catalog


def link_env(redis_url: str, catalog: str, slack_api, **extra: str) -> dict[str, str]:
    return clean_env(REDIS_URL=redis_url, PYFW_CATALOG=catalog, PYFW_ALLOW_PRIVATE_LINKS="1",
                     PYFW_FAIL_THRESHOLD="1", PYFW_REPORT_CHANNEL="C0FAULT", SLACK_BOT_TOKEN="xoxb-fault-test",
                     SLACK_API_URL=slack_api.api_url, **extra)


def test_whole_worker_killed_mid_run_and_another_started_report_posted_once(redis_url, redis_client, tmp_path,
                                                                            slack_api):
    server = LinkServer().start()
    slow = server.url("/slow?delay=2")
    catalog = write_catalog(tmp_path / "catalog.toml", {"Flask": [slow], "Django": [server.url("/gone")]})
    # Short limits so the broker's visibility timeout (the real redelivery path) passes in seconds.
    env = link_env(redis_url, catalog, slack_api, PYFW_LINKCHECK_TIME_LIMIT="6")
    first = Process(["worker", "--concurrency=1"], env, tmp_path, "worker-1")
    second = None
    try:
        app = jobs.make_app(Settings.from_env(env))
        run_id = jobs.begin_run(app, trigger="test")
        wait_until(lambda: server.in_flight > 0, timeout=30, what="a check in flight")
        first.kill_all()  # main process and pool child at once: nothing is acknowledged or requeued by it
        assert redis_client.hget(jobs.run_key(run_id), "state") == "checking"
        second = Process(["worker", "--concurrency=1"], env, tmp_path, "worker-2")
        wait_until(lambda: redis_client.hget(jobs.run_key(run_id), "state") == "done", timeout=60,
                   what="the run to finish on the second worker")
        [report] = slack_api.wait_for("chat.postMessage", 1)
        assert server.url("/gone") in str(report.args["blocks"])
        assert len(server.methods_for("/slow?delay=2")) >= 2  # the killed check was run again
    finally:
        first.stop()
        if second:
            second.stop()
        server.stop()
    assert len(slack_api.calls_to("chat.postMessage")) == 1
