"""Two `pyfw beat`s on one deployment: one schedule in Redis, one firing per period, the other standing by and taking
over when the first dies."""

from __future__ import annotations

import re
import time

import redis

from linkwatch.limits import RunLimits
from tasks.app import BEAT_LOCK, BEAT_TICK
from tests.helpers import Process, link_env, wait_until, write_catalog


def sent(worker: Process) -> int:
    """How many recover-runs jobs the worker received: one per period of that schedule entry."""
    return len(re.findall(r"Task pyfw\.recover_runs\[[^\]]+\] received", worker.output()))


def test_two_beats_one_schedule_one_run_per_period_and_the_standby_takes_over(own_redis_url, tmp_path, slack_api):
    catalog = write_catalog(tmp_path / "catalog.toml", {"Flask": ["http://127.0.0.1:9/docs"]})
    # A time limit of 4 s makes recover-runs, a schedule entry like any other, fire every ~3.3 s.
    env = link_env(own_redis_url, catalog, slack_api, PYFW_LINKCHECK_TIME_LIMIT="4")
    period = RunLimits.for_group_limit(4).recover_every
    worker = Process(["worker", "--concurrency=1"], env, tmp_path, "worker")
    beats = [Process(["beat"], env, tmp_path, f"beat-{n}") for n in (1, 2)]
    store = redis.Redis.from_url(own_redis_url, decode_responses=True)
    try:
        active = wait_until(
            lambda: [b for b in beats if "Acquired lock" in b.output()], timeout=30, what="a beat to take the lock"
        )
        assert len(active) == 1  # the other stands by
        standby = next(b for b in beats if b is not active[0])
        assert store.exists("pyfw:beat:schedule") and store.exists("pyfw:beat:lock")
        first = wait_until(lambda: sent(worker), timeout=30, what="the first recover-runs")
        wait_until(lambda: sent(worker) > first, timeout=2 * period + BEAT_TICK, what="the next send")
        start, started = sent(worker), time.monotonic()  # just after a send
        wait_until(lambda: sent(worker) >= start + 4, timeout=6 * period + 2 * BEAT_TICK, what="four more sends")
        # One beat needs four periods for four more sends; two beats firing would need about two.
        assert time.monotonic() - started >= 3.2 * period, worker.output()[-2000:]
        assert "Acquired lock" not in standby.output()

        active[0].kill_all()
        wait_until(
            lambda: "Acquired lock" in standby.output(),
            timeout=BEAT_LOCK + 3 * BEAT_TICK,
            what="the standby beat to take over",
        )
        after = sent(worker)
        wait_until(lambda: sent(worker) >= after + 2, timeout=3 * period + 2 * BEAT_TICK, what="the schedule to go on")
    finally:
        for process in (*beats, worker):
            process.stop()
