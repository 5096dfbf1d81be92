"""The link watch's pure functions, without Redis, Celery or Slack: how a run groups its links, what its verdicts
change (plan_run), what a destination has not been told yet (changes), and what its report says."""

from __future__ import annotations

import json

import pytest

from catalog import Catalog, Entry, Link
from linkwatch.changes import changes, plan_run
from linkwatch.report import Item, Report, digest_report, report_messages, summary_text
from linkwatch.runs import group_links
from linkwatch.verdict import FAILING, PASSING, LinkStatus, Verdict
from tests.slack_standin import block_problems

NOW = 1_790_000_000.0
URL = "https://docs.example.test/guide"


def entry(name: str, *urls: str) -> Entry:
    return Entry(name, "Backend Frameworks", f"{name}.", ("things",), (), tuple(Link(f"{name} docs", u) for u in urls))


def plan(verdicts: list[Verdict], states: dict | None = None, threshold: int = 2, now: float = NOW):
    """plan_run, then what a destination told `told` (default: nothing yet) should hear: (states, report, told)."""
    new_states, _ = plan_run(
        "run-1", {v.url: v for v in verdicts}, {v.url: "Flask" for v in verdicts}, states or {}, threshold, now
    )
    stored = {url: {k: str(v) for k, v in state.items()} for url, state in new_states.items()}  # as Redis gives
    return new_states, stored


def tell(stored: dict, told: dict | None = None, muted: frozenset = frozenset(), now: float = NOW):
    return changes("run-1", {url: "Flask" for url in stored}, stored, told or {}, muted, now)


# -- the catalog's links, grouped -----------------------------------------------------------------------------------


def test_a_url_shared_by_entries_is_checked_once_and_reported_with_all_of_them():
    catalog = Catalog(
        (
            entry("Flask", "https://a.test/1", "https://b.test/x"),
            entry("Quart", "https://a.test/1"),
            entry("Django", "https://A.test:8443/2", "https://a.test/1"),
        )
    )
    assert list(catalog.links_by_url()) == ["https://a.test/1", "https://b.test/x", "https://A.test:8443/2"]
    assert [e.name for e in catalog.links_by_url()["https://a.test/1"]] == ["Flask", "Quart", "Django"]
    assert group_links(catalog.links_by_url()) == {
        "a.test": [("https://a.test/1", "Flask, Quart, Django"), ("https://A.test:8443/2", "Django")],
        "b.test": [("https://b.test/x", "Flask")],
    }


def test_an_entry_listing_a_url_twice_counts_once():
    catalog = Catalog((entry("Flask", URL, URL),))
    assert [e.name for e in catalog.links_by_url()[URL]] == ["Flask"]


# -- what a run's verdicts change ------------------------------------------------------------------------------------


def test_a_failure_is_news_only_at_the_threshold_and_keeps_its_start():
    first, stored = plan([Verdict(URL, "broken", 404, detail="not found (404)")])
    report, told = tell(stored)
    assert report.broken == [] and told == {} and first[URL]["fail_streak"] == 1 and first[URL]["broken"] == 0
    second, stored = plan([Verdict(URL, "timeout")], stored, now=NOW + 86400)
    report, told = tell(stored, now=NOW + 86400)
    assert report.broken == [Item(URL, "Flask", "", NOW)]  # failing since the first failure, not this one
    assert second[URL]["broken"] == 1 and second[URL]["failing_since"] == NOW
    assert told == {URL: {"broken_since": NOW, "moved_to": ""}}


def test_fail_recover_fail_under_a_threshold_of_two_is_not_reported_after_one_new_failure():
    _, stored = plan([Verdict(URL, "broken", 404)])
    _, stored = plan([Verdict(URL, "ok", 200)], stored, now=NOW + 1)
    states, stored = plan([Verdict(URL, "broken", 404)], stored, now=NOW + 2)
    assert states[URL]["fail_streak"] == 1 and states[URL]["broken"] == 0 and states[URL]["failing_since"] == NOW + 2
    report, told = tell(stored, now=NOW + 2)
    assert not report.changed and told == {}
    _, stored = plan([Verdict(URL, "broken", 404)], stored, now=NOW + 3)
    assert [item.since for item in tell(stored, now=NOW + 3)[0].broken] == [NOW + 2]


def test_a_told_link_that_passes_again_is_recovered_with_how_long_it_was_down_and_one_still_failing_is_named():
    reported = {"broken": "1", "fail_streak": "3", "failing_since": str(NOW)}
    _, stored = plan(
        [Verdict(URL, "ok", 200), Verdict(URL + "2", "unreachable", detail="connection refused")],
        {URL: reported, URL + "2": reported},
        now=NOW + 3 * 86400,
    )
    told = {URL: {"broken_since": NOW, "moved_to": ""}, URL + "2": {"broken_since": NOW, "moved_to": ""}}
    report, new_told = tell(stored, told, now=NOW + 3 * 86400)
    assert [(item.url, item.since, item.until) for item in report.recovered] == [(URL, NOW, NOW + 3 * 86400)]
    assert report.broken == [] and [(i.url, i.detail) for i in report.still] == [(URL + "2", "connection refused")]
    assert new_told == {URL: None}  # only the recovery changes what the destination knows
    shown = json.dumps([b.to_dict() for b in report_messages(report)[0][1]])
    assert "back after 3 days" in shown and "Still broken" in shown and "connection refused" in shown


def test_an_undelivered_report_is_still_news_at_the_next_try_with_everything_since():
    _, stored = plan([Verdict(URL, "broken", 404), Verdict(URL + "m", "moved", 301, URL + "new")], threshold=1)
    first, _ = tell(stored)  # never posted: `told` stays as it was
    _, stored = plan(
        [Verdict(URL, "broken", 404), Verdict(URL + "m", "moved", 301, URL + "new"), Verdict(URL + "3", "broken", 410)],
        stored,
        threshold=1,
        now=NOW + 60,
    )
    second, told = tell(stored, now=NOW + 60)
    assert [i.url for i in first.broken] == [URL] and [i.url for i in second.broken] == [URL, URL + "3"]
    assert [i.new_url for i in second.moved] == [URL + "new"]
    assert not tell(stored, told, now=NOW + 60)[0].changed  # once told, nothing is news again


def test_a_muted_link_is_held_back_and_counted_until_the_mute_ends():
    _, stored = plan([Verdict(URL, "broken", 404)], threshold=1)
    report, told = tell(stored, muted=frozenset({URL}))
    assert not report.changed and report.muted == 1 and told == {}
    assert [i.url for i in tell(stored)[0].broken] == [URL]


def test_restricted_is_not_a_failure_and_a_move_is_told_once_per_new_address():
    states, stored = plan([Verdict(URL, "restricted", 403), Verdict(URL + "m", "moved", 301, URL + "new")])
    report, told = tell(stored)
    assert states[URL]["fail_streak"] == 0 and report.counts == {"moved": 1, "restricted": 1}
    assert [item.new_url for item in report.moved] == [URL + "new"]
    report, _ = tell(stored, told)
    assert report.moved == [] and not report.changed
    _, stored = plan([Verdict(URL + "m", "moved", 301, URL + "newer")], stored)
    assert [item.new_url for item in tell(stored, told)[0].moved] == [URL + "newer"]


def test_statuses_are_a_closed_set():
    assert PASSING | FAILING == set(LinkStatus) and not PASSING & FAILING
    with pytest.raises(ValueError):
        Verdict(URL, "brokne")


# -- what a report says ----------------------------------------------------------------------------------------------


def test_a_report_lists_ten_lines_per_list_and_threads_the_rest_within_slacks_limits():
    broken = [
        Item(f"https://docs.example.test/{n}?a=1&b=<2>", "<!channel> Lib", "500 & <@U1>", NOW) for n in range(130)
    ]
    report = Report("run-1", NOW, {"broken": 130}, broken=broken)
    messages = report_messages(report)
    (text, first), *thread = messages
    assert text == summary_text(report) == "Link health: 130 docs links broke (130 links checked: :x: 130 broken)"
    shown = json.dumps([block.to_dict() for block in first], ensure_ascii=False)
    assert "_…and 120 more in the thread_" in shown and "&lt;!channel&gt; Lib" in shown and "<!channel>" not in shown
    assert shown.count('"pyfw_recheck_') == 10 and shown.count('"pyfw_mute_7d_') == 10  # buttons for the shown
    assert "a=1&amp;b=&lt;2&gt;" in shown  # the URL is escaped inside the link, not broken by its & and <
    assert "<!date^1790000000^" in shown
    rest = [block.to_dict() for _, blocks in thread for block in blocks]
    assert sum(text.count("• ") for text in (b["text"]["text"] for b in rest)) == 120
    for _, blocks in messages:
        assert block_problems([block.to_dict() for block in blocks]) == []


def test_a_report_survives_the_round_trip_through_redis():
    report = Report(
        "run-1",
        NOW,
        {"ok": 2},
        moved=[Item(URL, "Flask", "moved", None, URL + "/new")],
        still=[Item(URL + "2", "Dash", "gone (410)", NOW)],
        muted=1,
    )
    assert Report.from_json(report.to_json()) == report


def test_a_digest_counts_every_link_and_lists_those_reported_broken():
    links = Catalog((entry("Flask", URL, URL + "2"), entry("Quart", URL), entry("Dash", URL + "3"))).links_by_url()
    states = {
        URL: {"status": "broken", "broken": "1", "detail": "gone (410)", "failing_since": str(NOW)},
        URL + "2": {"status": "ok"},
    }
    digest = digest_report("digest-1", links, states, NOW)
    assert digest.digest and digest.counts == {"broken": 1, "ok": 1, "unchecked": 1}
    assert digest.still == [Item(URL, "Flask, Quart", "gone (410)", NOW)]
    healthy = digest_report("digest-2", links, {url: {"status": "ok"} for url in links}, NOW)
    assert "All links are healthy" in json.dumps([b.to_dict() for b in report_messages(healthy)[0][1]])
