"""`pyfw status`: workers alive, the last run, the next one, broken links; a non-zero exit when no worker answers."""

from __future__ import annotations

import json
import subprocess
import time

import redis

from common.settings import Settings
from linkwatch import runs
from tasks.app import make_app
from tests.helpers import PYFW, Process, clean_env, wait_until, write_catalog
from tests.link_server import LinkServer


def status(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYFW, "status", "--timeout", "1", *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_status_shows_live_worker_last_and_next_run_and_broken_links(own_redis_url, tmp_path, slack_api):
    redis_url = own_redis_url
    store = redis.Redis.from_url(redis_url, decode_responses=True)
    server = LinkServer().start()
    catalog = write_catalog(tmp_path / "catalog.toml", {"Flask": [server.url("/ok")], "Django": [server.url("/gone")]})
    env = clean_env(
        REDIS_URL=redis_url,
        PYFW_CATALOG=catalog,
        PYFW_ALLOW_PRIVATE_LINKS="1",
        PYFW_FAIL_THRESHOLD="1",
        PYFW_LINKCHECK_SCHEDULE="3600",
    )
    worker = Process(["worker", "--concurrency=1"], env, tmp_path, "worker")
    try:
        make_app(Settings.from_env(env)).send_task(runs.Job.SCHEDULED_RUN)  # as beat does
        wait_until(lambda: store.get(runs.LAST_RUN), timeout=30, what="a scheduled run")
        run_id = store.get(runs.LAST_RUN)
        wait_until(lambda: store.hget(runs.run_key(run_id), "state") == "done", timeout=30, what="the run")
        result = status(env)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0].startswith("workers:  1 alive (celery@")
        assert lines[1].startswith(f"last run: {run_id} done, started ")
        assert lines[1].endswith("(schedule), 2 links on 1 hosts")
        due = [time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(time.time() + 3600 - slack)) for slack in (0, 60)]
        assert lines[2] in [f"next run: {when} (schedule: every 3600 s)" for when in due]
        assert lines[3] == "broken:   1 link"
        assert lines[4].startswith(f"  Django: {server.url('/gone')} (")
        shown = json.loads(status(env, "--json").stdout)
        assert shown["last_run"]["id"] == run_id and shown["last_run"]["state"] == "done"
        assert abs(shown["next_run_at"] - (time.time() + 3600)) < 120
        assert [b["url"] for b in shown["broken"]] == [server.url("/gone")]
    finally:
        worker.stop()
        server.stop()
    after = status(env)
    assert after.returncode == 1
    assert after.stdout.startswith("workers:  0 alive - start one with `pyfw worker`")


def test_status_without_redis_is_one_line_without_the_password(tmp_path):
    result = status(clean_env(REDIS_URL="redis://:hunter2secret@127.0.0.1:1/0"))
    assert result.returncode == 1
    assert result.stderr.startswith("pyfw: cannot reach Redis at redis://127.0.0.1:1/0 (REDIS_URL)")
    assert len(result.stderr.splitlines()) == 1 and "hunter2secret" not in result.stderr
