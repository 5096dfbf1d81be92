"""The link watch's pure functions, without Redis, Celery or Slack: how a run groups its links, what its verdicts
change (plan_run), and what its report says (report building)."""

from __future__ import annotations

import json

import pytest

from catalog import Catalog, Entry, Link
from linkwatch.report import Item, Report, digest_report, report_messages, summary_text
from linkwatch.runs import group_links, plan_run
from linkwatch.verdict import FAILING, PASSING, LinkStatus, Verdict
from tests.slack_standin import block_problems

NOW = 1_790_000_000.0
URL = "https://docs.example.test/guide"


def entry(name: str, *urls: str) -> Entry:
    return Entry(name, "Backend Frameworks", f"{name}.", ("things",), (), tuple(Link(f"{name} docs", u) for u in urls))


def plan(verdicts: list[Verdict], states: dict | None = None, threshold: int = 2, now: float = NOW):
    return plan_run("run-1", {v.url: v for v in verdicts}, {v.url: "Flask" for v in verdicts}, states or {},
                    threshold, now)


# -- the catalog's links, grouped -----------------------------------------------------------------------------------

def test_a_url_shared_by_entries_is_checked_once_and_reported_with_all_of_them():
    catalog = Catalog((entry("Flask", "https://a.test/1", "https://b.test/x"), entry("Quart", "https://a.test/1"),
                       entry("Django", "https://A.test:8443/2", "https://a.test/1")))
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
    first, report = plan([Verdict(URL, "broken", 404, detail="not found (404)")])
    assert report.broken == [] and first[URL]["fail_streak"] == 1 and first[URL]["reported_broken"] == 0
    stored = {k: str(v) for k, v in first[URL].items()}  # as Redis gives it back
    second, report = plan([Verdict(URL, "timeout")], {URL: stored}, now=NOW + 86400)
    assert report.broken == [Item(URL, "Flask", "", NOW)]  # failing since the first failure, not this one
    assert second[URL]["reported_broken"] == 1 and second[URL]["failing_since"] == NOW


def test_a_reported_link_that_passes_again_is_recovered_and_one_still_failing_is_counted_not_repeated():
    reported = {"reported_broken": "1", "fail_streak": "3", "failing_since": str(NOW)}
    _, report = plan([Verdict(URL, "ok", 200), Verdict(URL + "2", "unreachable")],
                     {URL: reported, URL + "2": reported})
    assert [item.url for item in report.recovered] == [URL] and report.recovered[0].detail == "ok again"
    assert report.broken == [] and report.still_broken == 1


def test_restricted_is_not_a_failure_and_a_move_is_told_once_per_new_address():
    states, report = plan([Verdict(URL, "restricted", 403), Verdict(URL + "m", "moved", 301, URL + "new")])
    assert states[URL]["fail_streak"] == 0 and report.counts == {"moved": 1, "restricted": 1}
    assert [item.new_url for item in report.moved] == [URL + "new"]
    again = {URL + "m": {k: str(v) for k, v in states[URL + "m"].items()}}
    _, report = plan([Verdict(URL + "m", "moved", 301, URL + "new")], again)
    assert report.moved == [] and not report.changed


def test_statuses_are_a_closed_set():
    assert PASSING | FAILING == set(LinkStatus) and not PASSING & FAILING
    with pytest.raises(ValueError):
        Verdict(URL, "brokne")


# -- what a report says ----------------------------------------------------------------------------------------------

def test_a_report_lists_ten_lines_per_list_and_threads_the_rest_within_slacks_limits():
    broken = [Item(f"https://docs.example.test/{n}?a=1&b=<2>", "<!channel> Lib", "500 & <@U1>", NOW)
              for n in range(130)]
    report = Report("run-1", NOW, {"broken": 130}, broken=broken)
    messages = report_messages(report)
    (text, first), *thread = messages
    assert text == summary_text(report) == "Link health: 130 newly broken (130 links checked: :x: 130 broken)"
    shown = json.dumps([block.to_dict() for block in first], ensure_ascii=False)
    assert "_…and 120 more in the thread_" in shown and "&lt;!channel&gt; Lib" in shown and "<!channel>" not in shown
    assert "a=1&amp;b=&lt;2&gt;" in shown  # the URL is escaped inside the link, not broken by its & and <
    assert "<!date^1790000000^" in shown
    rest = [block.to_dict() for _, blocks in thread for block in blocks]
    assert sum(text.count("• ") for text in (b["text"]["text"] for b in rest)) == 120
    for _, blocks in messages:
        assert block_problems([block.to_dict() for block in blocks]) == []


def test_a_report_survives_the_round_trip_through_redis():
    report = Report("run-1", NOW, {"ok": 2}, moved=[Item(URL, "Flask", "moved", None, URL + "/new")], still_broken=1)
    assert Report.from_json(report.to_json()) == report


def test_a_digest_counts_every_link_and_lists_those_reported_broken():
    links = Catalog((entry("Flask", URL, URL + "2"), entry("Quart", URL), entry("Dash", URL + "3"))).links_by_url()
    states = {URL: {"status": "broken", "reported_broken": "1", "detail": "gone (410)", "failing_since": str(NOW)},
              URL + "2": {"status": "ok"}}
    digest = digest_report("digest-1", links, states, NOW)
    assert digest.digest and digest.counts == {"broken": 1, "ok": 1, "unchecked": 1}
    assert digest.broken == [Item(URL, "Flask, Quart", "gone (410)", NOW)]
    healthy = digest_report("digest-2", links, {url: {"status": "ok"} for url in links}, NOW)
    assert "All links are healthy" in json.dumps([b.to_dict() for b in report_messages(healthy)[0][1]])
