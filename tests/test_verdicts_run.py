"""The new verdicts go through a real run like the classic ones: history, the failure threshold, the report, and
`pyfw links --json` (a real Celery worker, Redis, the Slack stand-in; tests/test_jobs.py's fixtures)."""

from __future__ import annotations

import json

import pytest

from linkwatch.history import link_key
from pyfw.cli import main
from tests import test_jobs
from tests.link_server import LinkServer
from tests.test_jobs import posts, run_once

setup, store = test_jobs.setup, test_jobs.store  # the jobs' fixtures: a worker with this test's settings, Redis


@pytest.fixture(scope="module")
def sites():
    docs, spa = LinkServer().start(), LinkServer(unknown="soft").start()
    yield docs, spa
    docs.stop()
    spa.stop()


def test_soft_404s_and_missing_fragments_are_reported_after_the_threshold_and_challenges_never(
    setup, sites, store, slack_api
):
    docs, spa = sites
    soft, fragment = spa.url("/docs/removed-page"), docs.url("/doc#nope")
    challenge, good = docs.url("/challenge-503"), docs.url("/doc#install")
    watch = setup({"Flask": [soft, good], "Django": [fragment], "Sanic": [challenge]})  # PYFW_FAIL_THRESHOLD=2
    run_once(watch, store)
    assert posts(slack_api) == []  # one failed run is not yet news
    assert store.hget(link_key(soft), "fail_streak") == "1"

    run_once(watch, store)
    [report] = slack_api.wait_for("chat.postMessage", 1)
    text = str(report.args["blocks"])
    assert soft in text and "soft 404" in text and "Flask" in text
    assert fragment in text and "missing #nope" in text and "Django" in text
    assert challenge not in text and good not in text
    assert report.args["text"].startswith("Link health: 2 docs links broke")
    assert store.hgetall(link_key(challenge))["status"] == "restricted"
    assert store.hget(link_key(challenge), "fail_streak") == "0"  # a bot wall is never a failure

    run_once(watch, store)  # nothing changed: nothing posted
    assert len(posts(slack_api)) == 1


def test_pyfw_links_json_gives_status_and_reason(sites, tmp_path, capsys, monkeypatch):
    docs, spa = sites
    monkeypatch.chdir(tmp_path)
    urls = [spa.url("/docs/removed-page"), docs.url("/doc#nope"), docs.url("/challenge"), docs.url("/js-doc#x")]
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n")
    assert main(["links", "--urls", str(tmp_path / "urls.txt"), "--allow-private", "--json"]) == 1
    results = {row["url"]: row for row in json.loads(capsys.readouterr().out)["results"]}
    assert [(results[url]["status"], results[url]["reason"]) for url in urls[:3]] == [
        ("broken", "soft 404"),
        ("broken", "missing #nope"),
        ("restricted", "bot challenge"),
    ]
    assert results[urls[3]]["status"] == "ok" and "JavaScript" in results[urls[3]]["reason"]


def test_pyfw_links_text_names_ok_links_that_carry_a_note_and_exits_0(sites, tmp_path, capsys, monkeypatch):
    docs, _ = sites
    monkeypatch.chdir(tmp_path)
    (tmp_path / "urls.txt").write_text(f"{docs.url('/doc#install')}\n{docs.url('/js-doc#x')}\n")
    assert main(["links", "--urls", str(tmp_path / "urls.txt"), "--allow-private"]) == 0
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if docs.url("/js-doc#x") in line]
    assert line.startswith("ok") and "builds its content with JavaScript" in line
    assert docs.url("/doc#install") not in out  # a plain ok is not listed
    assert "2 links: 2 ok" in out
