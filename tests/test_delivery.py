"""Delivering a report to a destination, on a real Redis and the Slack stand-in, without Celery: joins, refusals,
undelivered reports delivered later with everything since, and the atomic claims that make each post happen once."""

from __future__ import annotations

import json
import threading
import time
from email.utils import formatdate

import pytest

from common.settings import Settings
from linkwatch import delivery, history, posting
from linkwatch.changes import plan_run
from linkwatch.delivery import DeliveryState
from linkwatch.destination import Destination, dest_key
from linkwatch.posting import RetryLater, retry_after_seconds
from linkwatch.report import report_messages
from linkwatch.verdict import Verdict

CHANNEL = "C0REPORTS"
DEST = Destination("-", CHANNEL)
GONE, MOVED, OK = "https://docs.example.test/gone", "https://docs.example.test/old", "https://docs.example.test/ok"
ENTRIES = {GONE: "Django", MOVED: "FastAPI", OK: "Flask"}
STALE = 2.0  # seconds after which a claim on a part counts as left by a dead poster


@pytest.fixture
def slack(slack_api):
    return delivery.web_client(Settings(slack_bot_token="xoxb-delivery-test", slack_api_url=slack_api.api_url))


def record(store, verdicts: list[Verdict], now: float, run_id: str = "run") -> None:
    """A run's verdicts into the history, as the finalizer writes them (threshold 1)."""
    by_url = {v.url: v for v in verdicts}
    new_states, _ = plan_run(run_id, by_url, ENTRIES, history.read_states(store, list(by_url)), 1, now)
    pipe = store.pipeline()
    history.write_states(pipe, new_states)
    pipe.execute()


def broken_and_moved(store, now: float = 1_790_000_000.0) -> None:
    record(
        store,
        [
            Verdict(GONE, "broken", 410, detail="gone (410)"),
            Verdict(MOVED, "moved", 301, final_url="https://docs.example.test/new"),
            Verdict(OK, "ok", 200),
        ],
        now,
    )


def deliver(store, slack, report_id: str):
    return delivery.deliver(store, slack, DEST, report_id, ENTRIES, STALE)


def test_not_in_a_public_channel_pyfw_joins_it_once_and_posts(redis_client, slack, slack_api):
    broken_and_moved(redis_client)
    slack_api.outside.add(CHANNEL)
    outcome = deliver(redis_client, slack, "run-1")
    assert outcome.state == DeliveryState.DELIVERED
    assert [c.method for c in slack_api.calls] == ["chat.postMessage", "conversations.join", "chat.postMessage"]
    assert len(slack_api.calls_to("chat.postMessage")) == 1


def test_a_channel_pyfw_cannot_join_leaves_the_report_undelivered_with_what_to_do(redis_client, slack, slack_api):
    broken_and_moved(redis_client)
    slack_api.outside.add(CHANNEL)
    slack_api.private.add(CHANNEL)
    outcome = deliver(redis_client, slack, "run-1")
    assert outcome.state == DeliveryState.UNDELIVERED
    assert "invite @pyfw to #C0REPORTS" in outcome.reason
    assert [c.method for c in slack_api.calls] == ["chat.postMessage", "conversations.join"]  # no retry storm
    problem = delivery.problem(redis_client, DEST)
    assert problem["error"] == "not_in_channel" and problem["attempts"] == "1"
    assert redis_client.hgetall(dest_key(DEST, "told")) == {}  # nothing counts as told
    assert deliver(redis_client, slack, "run-1").state == DeliveryState.UNDELIVERED  # a retry of that run: no post
    assert len([c for c in slack_api.calls if c.method == "chat.postMessage"]) == 1


def test_an_undelivered_report_is_delivered_once_after_the_fix_with_everything_since(redis_client, slack, slack_api):
    broken_and_moved(redis_client)
    slack_api.refuse("chat.postMessage", "is_archived")
    assert deliver(redis_client, slack, "run-1").reason.startswith("#C0REPORTS is archived")
    record(redis_client, [Verdict(OK, "broken", 404, detail="not found (404)")], now=1_790_000_600.0, run_id="run-2")
    slack_api.refuse("chat.postMessage", None)  # unarchived
    outcome = deliver(redis_client, slack, "run-2")
    assert outcome.state == DeliveryState.DELIVERED and delivery.problem(redis_client, DEST) is None
    [post] = slack_api.calls_to("chat.postMessage")
    shown = json.dumps(post.args["blocks"])
    assert GONE in shown and OK in shown and "https://docs.example.test/new" in shown
    assert post.args["text"].startswith("Link health: 2 docs links broke, 1 moved")
    assert deliver(redis_client, slack, "run-3").state == DeliveryState.NOTHING  # told: not news again
    assert len(slack_api.calls_to("chat.postMessage")) == 1


def test_a_token_without_a_scope_is_named_in_the_reason(redis_client, slack, slack_api):
    broken_and_moved(redis_client)
    slack_api.refuse("chat.postMessage", "missing_scope", needed="chat:write", provided="commands")
    assert deliver(redis_client, slack, "run-1").reason.startswith("the token lacks chat:write")


def test_slacks_retry_after_is_read_as_seconds_or_an_http_date(redis_client, slack, slack_api):
    assert retry_after_seconds("7") == 7 and retry_after_seconds("100000") == posting.MAX_WAIT
    assert 5 <= retry_after_seconds(formatdate(time.time() + 6, usegmt=True)) <= 6
    assert retry_after_seconds("soon") == 5.0 and retry_after_seconds(None) == 5.0
    broken_and_moved(redis_client)
    slack_api.fail_next("chat.postMessage", 429, retry_after_text=formatdate(time.time() + 8, usegmt=True))
    with pytest.raises(RetryLater) as waited:
        deliver(redis_client, slack, "run-1")
    assert 6 <= waited.value.seconds <= 8
    assert deliver(redis_client, slack, "run-1").state == DeliveryState.DELIVERED


def test_a_part_already_posted_is_not_posted_again(redis_client, slack, slack_api):
    messages = [("first", report_messages_for(redis_client)[0][1]), ("second", [])]
    key = "pyfw:test:parts"
    redis_client.hset(key, "part:0", "1700000099.000100")  # posted and recorded by an earlier try
    ts = posting.post_parts(redis_client, slack, DEST, key, "run-1", messages, time.time() - 60, STALE)
    [reply] = slack_api.calls_to("chat.postMessage")
    assert ts == "1700000099.000100" and reply.args["text"] == "second"
    assert reply.args["thread_ts"] == "1700000099.000100"


def report_messages_for(store):
    broken_and_moved(store)
    report, _ = delivery.pending(store, DEST, ENTRIES, "run-1")
    return report_messages(report)


def test_a_fresh_claim_is_left_to_its_poster_and_a_stale_one_is_looked_up_before_posting(
    redis_client, slack, slack_api
):
    messages = [("only", report_messages_for(redis_client)[0][1])]
    key = "pyfw:test:claims"
    redis_client.hset(key, "part:0", f"posting {time.time():.3f} other")
    with pytest.raises(RetryLater):
        posting.post_parts(redis_client, slack, DEST, key, "run-1", messages, time.time() - 60, STALE)
    assert slack_api.calls_to("chat.postMessage") == []
    redis_client.hset(key, "part:0", f"posting {time.time() - 10:.3f} dead")  # its poster died
    ts = posting.post_parts(redis_client, slack, DEST, key, "run-1", messages, time.time() - 60, STALE)
    assert len(slack_api.calls_to("chat.postMessage")) == 1 and slack_api.calls_to("conversations.history")
    redis_client.hset(key, "part:0", f"posting {time.time() - 10:.3f} dead")  # died again, after Slack took it
    assert posting.post_parts(redis_client, slack, DEST, key, "run-1", messages, time.time() - 60, STALE) == ts
    assert len(slack_api.calls_to("chat.postMessage")) == 1  # found in the channel, not posted again


def test_two_copies_of_one_delivery_at_once_post_once(redis_client, slack, slack_api):
    broken_and_moved(redis_client)
    release = slack_api.hold_next("chat.postMessage")
    results: list = []

    def first() -> None:
        results.append(deliver(redis_client, slack, "run-1"))

    poster = threading.Thread(target=first)
    poster.start()
    assert slack_api.held.wait(10)
    with pytest.raises(RetryLater):  # the second copy finds the part claimed a moment ago
        deliver(redis_client, slack, "run-1")
    release.set()
    poster.join(10)
    assert results[0].state == DeliveryState.DELIVERED
    assert deliver(redis_client, slack, "run-1").state == DeliveryState.DELIVERED
    assert len(slack_api.calls_to("chat.postMessage")) == 1


def test_a_delivery_that_died_between_posting_and_moving_told_posts_no_second_copy(redis_client, slack, slack_api):
    broken_and_moved(redis_client)
    report, told = delivery.pending(redis_client, DEST, ENTRIES, "run-1")
    outbox = dest_key(DEST, "outbox")
    delivery.fill_outbox(redis_client, outbox, report, told)
    posting.post_parts(redis_client, slack, DEST, outbox, "run-1", report_messages(report), time.time() - 60, STALE)
    # ... and the worker died here: every part posted and recorded, `told` not moved yet.
    assert redis_client.hgetall(dest_key(DEST, "told")) == {}
    outcome = deliver(redis_client, slack, "run-1")
    assert outcome.state == DeliveryState.DELIVERED and len(slack_api.calls_to("chat.postMessage")) == 1
    assert set(redis_client.hgetall(dest_key(DEST, "told"))) == {GONE, MOVED}
    assert deliver(redis_client, slack, "run-2").state == DeliveryState.NOTHING


def test_what_an_older_version_reported_is_not_reported_again_after_the_upgrade(redis_client, slack, slack_api):
    broken_and_moved(redis_client)
    redis_client.hset(history.link_key(GONE), "reported_broken", "1")  # as the version before kept it
    redis_client.hset(history.link_key(MOVED), "moved_reported", "https://docs.example.test/new")
    assert deliver(redis_client, slack, "run-1").state == DeliveryState.NOTHING
    assert set(redis_client.hgetall(dest_key(DEST, "told"))) == {GONE, MOVED}
    assert slack_api.calls_to("chat.postMessage") == []


def test_without_a_history_scope_a_report_is_still_posted_once_and_the_cost_is_logged(
    redis_client, slack, slack_api, caplog
):
    # channels:history / groups:history are opt-in: the lookup is refused with missing_scope.
    slack_api.refuse("conversations.history", "missing_scope", needed="channels:history", provided="chat:write")
    broken_and_moved(redis_client)
    assert deliver(redis_client, slack, "run-1").state == DeliveryState.DELIVERED
    assert deliver(redis_client, slack, "run-1").state == DeliveryState.DELIVERED  # a retry of the same job
    assert len(slack_api.calls_to("chat.postMessage")) == 1
    assert slack_api.calls == [c for c in slack_api.calls if c.method != "conversations.history"]  # never looked
    # What is lost: a poster that died after Slack took its post, before recording it, cannot be looked up.
    messages = [("only", report_messages_for(redis_client)[0][1])]
    key = "pyfw:test:claims"
    redis_client.hset(key, "part:0", f"posting {time.time() - 10:.3f} dead")
    with caplog.at_level("WARNING", logger="pyfw.delivery"):
        posting.post_parts(redis_client, slack, DEST, key, "run-2", messages, time.time() - 60, STALE)
    assert len(slack_api.calls_to("chat.postMessage")) == 2  # posted again: the one copy this can cost
    assert any("channels:history" in r.getMessage() and "posted again" in r.getMessage() for r in caplog.records)
