"""The link-check jobs on a real Redis with a real Celery worker in this process, reporting to the Slack stand-in.

Each test gets a database of its own and a worker of its own, started with that test's settings (catalog,
threshold, the stand-in's address): the core takes its settings when the app is made, not from a global.
"""

from __future__ import annotations

import dataclasses
import time
from contextlib import ExitStack

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker

from catalog import load_catalog
from common.settings import Settings, SettingsError
from linkwatch import delivery, health, runs
from linkwatch.destination import Destination, dest_key
from linkwatch.history import link_key
from linkwatch.runs import Enqueue
from tasks.app import make_app, parse_schedule, queue_check
from tasks.jobs import enqueuer
from tests.helpers import wait_until, write_catalog
from tests.link_server import LinkServer

CHANNEL = "C0LINKS"
DEST = Destination("-", CHANNEL)


@pytest.fixture(scope="module")
def server():
    srv = LinkServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def store(own_redis_url):
    client = redis.Redis.from_url(own_redis_url, decode_responses=True)
    yield client
    client.close()


@dataclasses.dataclass(frozen=True)
class Watch:
    """One test's link watch: its settings, its Celery app (with a worker running) and the app's `enqueue`."""

    settings: Settings
    app: Celery
    enqueue: Enqueue


@pytest.fixture
def setup(own_redis_url, slack_api, tmp_path):
    """A configure function: settings for this test's catalog and the stand-in, and a worker running them."""
    workers = ExitStack()

    def configure(links: dict[str, list[str]], **overrides) -> Watch:
        settings = Settings(
            redis_url=own_redis_url,
            slack_api_url=slack_api.api_url,
            slack_bot_token="xoxb-test-token",
            report_channel=CHANNEL,
            fail_threshold=2,
            allow_private_links=True,
            catalog_path=write_catalog(tmp_path / "catalog.toml", links),
        )
        settings = dataclasses.replace(settings, **overrides)
        app = make_app(settings)
        workers.enter_context(
            start_worker(
                app, pool="threads", concurrency=4, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
            )
        )
        return Watch(settings, app, enqueuer(app))

    with workers:
        yield configure


def run_once(watch: Watch, store, **kwargs) -> str:
    run_id = runs.begin_run(store, watch.settings, watch.enqueue, trigger="test", **kwargs)
    wait_until(lambda: store.hget(runs.run_key(run_id), "state") == "done", what=f"run {run_id} to finish")
    return run_id


def posts(slack_api):
    return slack_api.calls_to("chat.postMessage")


def test_a_link_is_reported_broken_after_the_threshold_once_and_then_its_recovery(setup, server, store, slack_api):
    good, flappy = server.url("/ok"), server.url("/toggle/threshold")
    watch = setup({"Flask": [good], "Django": [flappy]})
    server.broken.add("threshold")
    run_once(watch, store)
    assert posts(slack_api) == []  # one failure is not yet news with PYFW_FAIL_THRESHOLD=2

    run_once(watch, store)
    [report] = slack_api.wait_for("chat.postMessage", 1)
    assert report.args["channel"] == CHANNEL
    text = str(report.args["blocks"])
    assert flappy in text and "Django" in text and "not found (404)" in text and "failing since" in text
    assert good not in text

    run_once(watch, store)  # still broken: no change, nothing posted
    assert len(posts(slack_api)) == 1

    server.broken.discard("threshold")
    run_once(watch, store)
    recovery = slack_api.wait_for("chat.postMessage", 2)[1]
    assert "Recovered" in str(recovery.args["blocks"]) and flappy in str(recovery.args["blocks"])
    assert "back after" in str(recovery.args["blocks"]) and recovery.args["text"].startswith(
        "Link health: 1 docs link recovered"
    )


def test_a_moved_link_is_reported_with_its_new_address_once(setup, server, store, slack_api):
    watch = setup({"FastAPI": [server.url("/moved-308")]}, fail_threshold=1)
    run_once(watch, store)
    [report] = slack_api.wait_for("chat.postMessage", 1)
    assert "Moved" in str(report.args["blocks"]) and server.url("/ok") in str(report.args["blocks"])
    run_once(watch, store)
    assert len(posts(slack_api)) == 1


def test_a_run_with_no_change_posts_nothing(setup, server, store, slack_api):
    watch = setup({"Flask": [server.url("/ok")], "Sanic": [server.url("/head-405")]}, fail_threshold=1)
    run_once(watch, store)
    run_once(watch, store)
    assert posts(slack_api) == []


def test_history_keeps_each_verdict_and_the_first_failure_time(setup, server, store, slack_api):
    url = server.url("/toggle/history")
    watch = setup({"Tornado": [url]})
    server.broken.add("history")
    first = run_once(watch, store)
    since = store.hget(link_key(url), "failing_since")
    second = run_once(watch, store)
    assert store.hget(link_key(url), "failing_since") == since  # the streak keeps its start
    entries = [item for item in store.lrange(link_key(url) + ":history", 0, -1)]
    assert second in entries[0] and first in entries[1] and '"broken"' in entries[0]


def test_slack_429_is_retried_after_retry_after_and_posted_once(setup, server, store, slack_api):
    watch = setup({"Pyramid": [server.url("/gone")]}, fail_threshold=1)
    slack_api.fail_next("chat.postMessage", 429, times=1, retry_after=1)
    started = time.monotonic()
    run_id = run_once(watch, store)
    attempts = [call for call in slack_api.calls if call.method == "chat.postMessage"]
    assert [call.answered for call in attempts] == [429, 200]
    assert time.monotonic() - started >= 1.0  # waited as asked
    last = store.hgetall(dest_key(DEST, "last"))
    assert last["id"] == run_id and last["ts"].endswith(".000100")  # the ts Slack gave is recorded


def test_long_lists_are_cut_with_the_rest_in_a_thread_reply(setup, server, store, slack_api):
    broken = [server.url(f"/missing?n={n}") for n in range(14)]
    watch = setup({f"Entry{n}": [url] for n, url in enumerate(broken)}, fail_threshold=1)
    run_once(watch, store)
    main, reply = slack_api.wait_for("chat.postMessage", 2)
    assert "and 4 more in the thread" in str(main.args["blocks"])
    assert "thread_ts" not in main.args or not main.args["thread_ts"]
    assert reply.args["thread_ts"].endswith(".000100")
    shown = [url for url in broken if url + "|" in str(main.args["blocks"])]
    rest = [url for url in broken if url + "|" in str(reply.args["blocks"])]
    assert len(shown) == 10 and len(rest) == 4 and not set(shown) & set(rest)


def test_finalizing_again_neither_moves_history_nor_posts_twice(setup, server, store, slack_api):
    url = server.url("/toggle/again")
    watch = setup({"Graphene": [url]}, fail_threshold=1)
    server.broken.add("again")
    run_id = run_once(watch, store)
    slack_api.wait_for("chat.postMessage", 1)
    # As if the finalizer's message were delivered again, and a check message too, through the real worker:
    again = watch.app.send_task("pyfw.finalize_run", args=[run_id], ignore_result=False)
    assert again.get(timeout=10) == "done already"
    recheck = watch.app.send_task("pyfw.check_group", args=[run_id, "g0"], ignore_result=False)
    assert recheck.get(timeout=10) == 0
    assert store.hget(link_key(url), "fail_streak") == "1"
    assert len(posts(slack_api)) == 1


def test_a_report_refused_half_way_resumes_with_the_parts_not_yet_posted(setup, server, store, slack_api):
    broken = [server.url(f"/missing?resume={n}") for n in range(12)]
    watch = setup(
        {f"Resume{n}": [url] for n, url in enumerate(broken)}, fail_threshold=1, linkcheck_time_limit=12
    )  # retries within 4 s (RunLimits.max_wait)
    slack_api.fail_next("chat.postMessage", 500, after=1)  # the channel message goes out, its thread reply fails
    run_id = run_once(watch, store)
    main, reply = slack_api.wait_for("chat.postMessage", 2)
    assert [call.answered for call in slack_api.calls if call.method == "chat.postMessage"] == [200, 500, 200]
    assert reply.args["thread_ts"] == store.hget(dest_key(DEST, "last"), "ts") == "1700000001.000100"
    assert "Resume" in str(reply.args["blocks"]) and "docs links broke" not in str(reply.args["blocks"])
    assert store.hget(link_key(broken[0]), "fail_streak") == "1"  # the history moved once
    assert store.hget(runs.run_key(run_id), "state") == "done"


def test_lost_messages_are_recovered_by_redriving_the_run(setup, server, store, slack_api):
    url = server.url("/toggle/lost")
    watch = setup({"Celery": [url]}, fail_threshold=1)
    server.broken.add("lost")
    # A run whose queued checks vanished (say Redis restarted without them): written, but nothing queued.
    run_id = "lost-run"
    store.hset(
        runs.run_key(run_id),
        mapping={"state": "checking", "created": time.time() - 3600, "updated": time.time() - 3600},
    )
    store.hset(runs.run_key(run_id, "groups"), "g0", f'[["{url}", "Celery"]]')
    store.sadd(runs.run_key(run_id, "pending"), "g0")
    store.sadd(runs.ACTIVE_RUNS, run_id)
    assert runs.recover_runs(store, watch.enqueue, stuck_after=60) == [run_id]
    wait_until(lambda: store.hget(runs.run_key(run_id), "state") == "done", what="recovered run")
    assert url in str(slack_api.wait_for("chat.postMessage", 1)[0].args["blocks"])


def test_slash_check_is_queued_for_a_worker_answers_its_response_url_and_a_second_asker_joins_the_run(
    setup, server, store, slack_api
):
    watch = setup({"Dash": [server.url("/slow?delay=0.5")]})
    queue_check(watch.settings, response_url=slack_api.response_url("first"))
    wait_until(lambda: store.get(runs.CURRENT_RUN), what="the worker to begin the run")
    queue_check(watch.settings, response_url=slack_api.response_url("second"))
    answers = slack_api.wait_for("response_url", 2)
    assert {call.path for call in answers} == {"/response/first", "/response/second"}
    assert all("1 ok" in str(call.args) for call in answers)
    assert len({store.get(runs.LAST_RUN)}) == 1 and len(store.keys("pyfw:run:*:groups")) == 1  # one run


def test_a_slash_check_whose_catalog_cannot_be_read_is_told_why(setup, server, store, slack_api, tmp_path):
    watch = setup({"Dash": [server.url("/ok")]})
    (tmp_path / "catalog.toml").write_text("this is not [toml", encoding="utf-8")
    queue_check(watch.settings, response_url=slack_api.response_url("bad"))
    [answer] = slack_api.wait_for("response_url", 1)
    assert "could not start" in answer.args["text"] and "catalog.toml" in answer.args["text"]


def test_health_api_is_empty_before_any_run_then_shows_each_entry(setup, server, store, slack_api):
    url_ok, url_bad = server.url("/ok?health"), server.url("/toggle/health")
    watch = setup({"Streamlit": [url_ok], "PyQt": [url_bad]}, fail_threshold=1)
    catalog = load_catalog(watch.settings.catalog_path)
    assert health.latest_health(store, catalog) == {}
    server.broken.add("health")
    run_once(watch, store)
    latest = health.latest_health(store, catalog)
    assert [h.status for h in latest["Streamlit"]] == ["ok"]
    assert [(h.status, h.code, h.broken) for h in latest["PyQt"]] == [("broken", 404, True)]
    assert health.broken_urls(store, catalog) == {url_bad}


def test_digest_posts_a_summary_even_when_all_is_well(setup, server, store, slack_api):
    watch = setup({"Flask": [server.url("/ok?digest")]}, fail_threshold=1)
    run_once(watch, store)
    assert posts(slack_api) == []
    watch.app.send_task("pyfw.post_digest")
    [digest] = slack_api.wait_for("chat.postMessage", 1)
    assert "digest" in str(digest.args["blocks"]).lower() and "All links are healthy" in str(digest.args["blocks"])


def test_schedules_are_seconds_or_crontab_and_bad_ones_are_named():
    assert parse_schedule("86400", "PYFW_LINKCHECK_SCHEDULE").run_every.total_seconds() == 86400
    assert parse_schedule("0 6 * * 1-5", "PYFW_LINKCHECK_SCHEDULE").hour == {6}
    for bad in ("daily", "0 6 * *", "99 * * * *", "5"):
        with pytest.raises(SettingsError, match="PYFW_LINKCHECK_SCHEDULE"):
            parse_schedule(bad, "PYFW_LINKCHECK_SCHEDULE")


def test_a_stale_run_lock_is_taken_over_but_a_fresh_one_is_joined(setup, server, store, slack_api):
    watch = setup({"Flask": [server.url("/ok?lock")]})
    # A lock written by a process that died before writing its run, two minutes ago: taken over.
    store.set(runs.CURRENT_RUN, "ghost-run", ex=runs.RUN_LOCK_TTL - 120)
    run_id = run_once(watch, store)
    assert run_id != "ghost-run" and store.get(runs.CURRENT_RUN) is None
    # A lock taken a moment ago whose run is still being written: joined, not duplicated.
    store.set(runs.CURRENT_RUN, "being-written", ex=runs.RUN_LOCK_TTL)
    assert runs.begin_run(store, watch.settings, watch.enqueue, trigger="test") == "being-written"
    store.delete(runs.CURRENT_RUN)


def test_an_asker_who_joined_as_the_run_finished_is_still_answered_once(setup, server, store, slack_api):
    watch = setup({"Flask": [server.url("/gone?late")]}, fail_threshold=1)
    run_id = run_once(watch, store, response_url=slack_api.response_url("early"))
    slack_api.wait_for("response_url", 1)
    # The race begin_run guards against: an asker added after the finalizer read the list of askers.
    store.rpush(runs.run_key(run_id, "responders"), slack_api.response_url("late"))
    slack = delivery.web_client(watch.settings)
    assert runs.finalize_run(store, watch.settings, lambda _: slack, run_id) == "done already"
    assert runs.finalize_run(store, watch.settings, lambda _: slack, run_id) == "done already"
    answers = slack_api.calls_to("response_url")
    assert sorted(call.path for call in answers) == ["/response/early", "/response/late"]
    assert len(posts(slack_api)) == 1  # the channel report was not posted again
