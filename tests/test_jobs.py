"""The link-check jobs on a real Redis with a real Celery worker in this process, reporting to the Slack stand-in."""

from __future__ import annotations

import dataclasses
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker

from catalog import load_catalog
from common.settings import Settings, SettingsError
from linkwatch import health
from linkwatch.history import link_key
from tasks import jobs
from tests.link_server import LinkServer

CHANNEL = "C0LINKS"


def write_catalog(path, links: dict[str, list[str]]) -> str:
    """A catalog file with one entry per name, each with the given URLs."""
    parts = []
    for name, urls in links.items():
        link_lines = ", ".join(f'{{ title = "{name} docs {n}", url = "{url}" }}' for n, url in enumerate(urls))
        parts.append(f'[[entry]]\nname = "{name}"\ncategory = "Backend Frameworks"\noverview = "{name}."\n'
                     f'features = ["things"]\nlinks = [{link_lines}]\n')
    path.write_text("\n".join(parts), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def server():
    srv = LinkServer().start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def app(redis_url):
    app = jobs.make_app(Settings(redis_url=redis_url))
    with start_worker(app, pool="threads", concurrency=4, perform_ping_check=False, loglevel="WARNING",
                      shutdown_timeout=10):
        yield app


@pytest.fixture
def store(redis_url):
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def setup(app, slack_api, tmp_path, redis_url, request):
    """Point the running worker's app at this test's catalog and the stand-in; returns a configure function."""

    def configure(links: dict[str, list[str]], **overrides) -> Settings:
        settings = Settings(redis_url=redis_url, slack_api_url=slack_api.api_url, slack_bot_token="xoxb-test-token",
                            report_channel=CHANNEL, fail_threshold=2, allow_private_links=True,
                            catalog_path=write_catalog(tmp_path / "catalog.toml", links))
        settings = dataclasses.replace(settings, **overrides)
        app.pyfw_settings = settings
        return settings

    return configure


def wait_until(condition, timeout: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def run_once(app, store, **kwargs) -> str:
    run_id = jobs.begin_run(app, trigger="test", **kwargs)
    wait_until(lambda: store.hget(jobs.run_key(run_id), "state") == "done", what=f"run {run_id} to finish")
    return run_id


def posts(slack_api):
    return slack_api.calls_to("chat.postMessage")


def test_a_link_is_reported_broken_after_the_threshold_once_and_then_its_recovery(app, setup, server, store,
                                                                                   slack_api):
    good, flappy = server.url("/ok"), server.url("/toggle/threshold")
    setup({"Flask": [good], "Django": [flappy]})
    server.broken.add("threshold")
    run_once(app, store)
    assert posts(slack_api) == []  # one failure is not yet news with PYFW_FAIL_THRESHOLD=2

    run_once(app, store)
    [report] = slack_api.wait_for("chat.postMessage", 1)
    assert report.args["channel"] == CHANNEL
    text = str(report.args["blocks"])
    assert flappy in text and "Django" in text and "not found (404)" in text and "failing since" in text
    assert good not in text

    run_once(app, store)  # still broken: no change, nothing posted
    assert len(posts(slack_api)) == 1

    server.broken.discard("threshold")
    run_once(app, store)
    recovery = slack_api.wait_for("chat.postMessage", 2)[1]
    assert "Recovered" in str(recovery.args["blocks"]) and flappy in str(recovery.args["blocks"])


def test_a_moved_link_is_reported_with_its_new_address_once(app, setup, server, store, slack_api):
    setup({"FastAPI": [server.url("/moved-308")]}, fail_threshold=1)
    run_once(app, store)
    [report] = slack_api.wait_for("chat.postMessage", 1)
    assert "Moved" in str(report.args["blocks"]) and server.url("/ok") in str(report.args["blocks"])
    run_once(app, store)
    assert len(posts(slack_api)) == 1


def test_a_run_with_no_change_posts_nothing(app, setup, server, store, slack_api):
    setup({"Flask": [server.url("/ok")], "Sanic": [server.url("/head-405")]}, fail_threshold=1)
    run_once(app, store)
    run_once(app, store)
    assert posts(slack_api) == []


def test_history_keeps_each_verdict_and_the_first_failure_time(app, setup, server, store, slack_api):
    url = server.url("/toggle/history")
    setup({"Tornado": [url]})
    server.broken.add("history")
    first = run_once(app, store)
    since = store.hget(link_key(url), "failing_since")
    second = run_once(app, store)
    assert store.hget(link_key(url), "failing_since") == since  # the streak keeps its start
    entries = [item for item in store.lrange(link_key(url) + ":history", 0, -1)]
    assert second in entries[0] and first in entries[1] and '"broken"' in entries[0]


def test_slack_429_is_retried_after_retry_after_and_posted_once(app, setup, server, store, slack_api):
    setup({"Pyramid": [server.url("/gone")]}, fail_threshold=1)
    slack_api.fail_next("chat.postMessage", 429, times=1, retry_after=1)
    started = time.monotonic()
    run_id = run_once(app, store)
    attempts = [call for call in slack_api.calls if call.method == "chat.postMessage"]
    assert [call.answered for call in attempts] == [429, 200]
    assert time.monotonic() - started >= 1.0  # waited as asked
    assert store.hget(jobs.run_key(run_id), "part:0").endswith(".000100")  # the ts Slack gave is recorded


def test_long_lists_are_cut_with_the_rest_in_a_thread_reply(app, setup, server, store, slack_api):
    broken = [server.url(f"/missing?n={n}") for n in range(14)]
    setup({f"Entry{n}": [url] for n, url in enumerate(broken)}, fail_threshold=1)
    run_once(app, store)
    main, reply = slack_api.wait_for("chat.postMessage", 2)
    assert "and 4 more in the thread" in str(main.args["blocks"])
    assert "thread_ts" not in main.args or not main.args["thread_ts"]
    assert reply.args["thread_ts"].endswith(".000100")
    shown = [url for url in broken if url + "|" in str(main.args["blocks"])]
    rest = [url for url in broken if url + "|" in str(reply.args["blocks"])]
    assert len(shown) == 10 and len(rest) == 4 and not set(shown) & set(rest)


def test_finalizing_again_neither_moves_history_nor_posts_twice(app, setup, server, store, slack_api):
    url = server.url("/toggle/again")
    setup({"Graphene": [url]}, fail_threshold=1)
    server.broken.add("again")
    run_id = run_once(app, store)
    slack_api.wait_for("chat.postMessage", 1)
    # As if the finalizer's message were delivered again, and a check message too, through the real worker:
    again = app.send_task("pyfw.finalize_run", args=[run_id], ignore_result=False)
    assert again.get(timeout=10) == "done already"
    recheck = app.send_task("pyfw.check_group", args=[run_id, "g0"], ignore_result=False)
    assert recheck.get(timeout=10) == 0
    assert store.hget(link_key(url), "fail_streak") == "1"
    assert len(posts(slack_api)) == 1


def test_a_finalizer_that_died_mid_report_resumes_with_the_parts_not_yet_posted(app, setup, server, store,
                                                                                 slack_api):
    broken = [server.url(f"/missing?resume={n}") for n in range(12)]
    setup({f"Resume{n}": [url] for n, url in enumerate(broken)}, fail_threshold=1)
    run_id = run_once(app, store)
    main, _ = slack_api.wait_for("chat.postMessage", 2)
    streak = store.hget(link_key(broken[0]), "fail_streak")
    # Rewind the run to the moment a worker died: channel message posted and recorded, thread reply not yet.
    store.hset(jobs.run_key(run_id), "state", "reporting")
    store.hdel(jobs.run_key(run_id), "part:1")
    slack_api.reset()
    assert jobs.redrive(app, run_id) == "queued finalize"
    [reply] = slack_api.wait_for("chat.postMessage", 1)
    assert reply.args["thread_ts"] == store.hget(jobs.run_key(run_id), "part:0")
    assert "Resume" in str(reply.args["blocks"]) and "Link health changed" not in str(reply.args["blocks"])
    wait_until(lambda: store.hget(jobs.run_key(run_id), "state") == "done", what="run done")
    assert len(posts(slack_api)) == 1
    assert store.hget(link_key(broken[0]), "fail_streak") == streak  # the history moved once


def test_lost_messages_are_recovered_by_redriving_the_run(app, setup, server, store, slack_api):
    url = server.url("/toggle/lost")
    setup({"Celery": [url]}, fail_threshold=1)
    server.broken.add("lost")
    # A run whose queued checks vanished (say Redis restarted without them): written, but nothing queued.
    run_id = "lost-run"
    store.hset(jobs.run_key(run_id), mapping={"state": "checking", "created": time.time() - 3600,
                                              "updated": time.time() - 3600})
    store.hset(jobs.run_key(run_id, "groups"), "g0", f'[["{url}", "Celery"]]')
    store.sadd(jobs.run_key(run_id, "pending"), "g0")
    store.sadd(jobs.ACTIVE_RUNS, run_id)
    assert jobs.recover_runs(app, stuck_after=60) == [run_id]
    wait_until(lambda: store.hget(jobs.run_key(run_id), "state") == "done", what="recovered run")
    assert url in str(slack_api.wait_for("chat.postMessage", 1)[0].args["blocks"])


def test_slash_check_answers_its_response_url_and_a_second_asker_joins_the_run(app, setup, server, store,
                                                                               slack_api):
    settings = setup({"Dash": [server.url("/slow?delay=0.5")]})
    run_id = health.start_check(settings, response_url=slack_api.response_url("first"))
    assert health.start_check(settings, response_url=slack_api.response_url("second")) == run_id
    answers = slack_api.wait_for("response_url", 2)
    assert {call.path for call in answers} == {"/response/first", "/response/second"}
    assert all("1 ok" in str(call.args) for call in answers)


def test_health_api_is_empty_before_any_run_then_shows_each_entry(app, setup, server, store, slack_api):
    url_ok, url_bad = server.url("/ok?health"), server.url("/toggle/health")
    settings = setup({"Streamlit": [url_ok], "PyQt": [url_bad]}, fail_threshold=1)
    catalog = load_catalog(settings.catalog_path)
    assert health.latest_health(settings, catalog) == {}
    server.broken.add("health")
    run_once(app, store)
    latest = health.latest_health(settings, catalog)
    assert [h.status for h in latest["Streamlit"]] == ["ok"]
    assert [(h.status, h.code, h.broken) for h in latest["PyQt"]] == [("broken", 404, True)]
    assert health.broken_urls(settings, catalog) == {url_bad}


def test_digest_posts_a_summary_even_when_all_is_well(app, setup, server, store, slack_api):
    setup({"Flask": [server.url("/ok?digest")]}, fail_threshold=1)
    run_once(app, store)
    assert posts(slack_api) == []
    app.send_task("pyfw.post_digest")
    [digest] = slack_api.wait_for("chat.postMessage", 1)
    assert "digest" in str(digest.args["blocks"]).lower() and "All links are healthy" in str(digest.args["blocks"])


def test_schedules_are_seconds_or_crontab_and_bad_ones_are_named():
    assert jobs.parse_schedule("86400", "PYFW_LINKCHECK_SCHEDULE").run_every.total_seconds() == 86400
    assert jobs.parse_schedule("0 6 * * 1-5", "PYFW_LINKCHECK_SCHEDULE").hour == {6}
    for bad in ("daily", "0 6 * *", "99 * * * *", "5"):
        with pytest.raises(SettingsError, match="PYFW_LINKCHECK_SCHEDULE"):
            jobs.parse_schedule(bad, "PYFW_LINKCHECK_SCHEDULE")


def test_a_stale_run_lock_is_taken_over_but_a_fresh_one_is_joined(app, setup, server, store, slack_api):
    setup({"Flask": [server.url("/ok?lock")]})
    # A lock written by a process that died before writing its run, two minutes ago: taken over.
    store.set(jobs.CURRENT_RUN, "ghost-run", ex=jobs.RUN_LOCK_TTL - 120)
    run_id = run_once(app, store)
    assert run_id != "ghost-run" and store.get(jobs.CURRENT_RUN) is None
    # A lock taken a moment ago whose run is still being written: joined, not duplicated.
    store.set(jobs.CURRENT_RUN, "being-written", ex=jobs.RUN_LOCK_TTL)
    assert jobs.begin_run(app, trigger="test") == "being-written"
    store.delete(jobs.CURRENT_RUN)


def test_an_asker_who_joined_as_the_run_finished_is_still_answered_once(app, setup, server, store, slack_api):
    setup({"Flask": [server.url("/gone?late")]}, fail_threshold=1)
    run_id = run_once(app, store, response_url=slack_api.response_url("early"))
    slack_api.wait_for("response_url", 1)
    # The race begin_run guards against: an asker added after the finalizer read the list of askers.
    store.rpush(jobs.run_key(run_id, "responders"), slack_api.response_url("late"))
    assert jobs.finalize_run(app, run_id) == "done already"
    assert jobs.finalize_run(app, run_id) == "done already"
    answers = slack_api.calls_to("response_url")
    assert sorted(call.path for call in answers) == ["/response/early", "/response/late"]
    assert len(posts(slack_api)) == 1  # the channel report was not posted again
