"""Verdicts other link checkers get wrong: soft 404s, bot challenges, missing fragments (tests/link_server.py's
HTML pages and its hosts that answer unknown paths in different ways)."""

from __future__ import annotations

import time

import pytest

from linkwatch.checker import CheckOptions, check_links
from linkwatch.page import PAGE_BYTES, not_found_phrase, read_page
from tests.link_server import LinkServer
from tests.test_checker import no_forbidden_connects  # noqa: F401 - the safety net under the guard, autouse

FAST = CheckOptions(timeout=1.0, budget=4.0, retries=2, backoff=0.02, retry_after_cap=2.0, allow_private=True)
PROBE = "/pyfw-no-such-page-"


@pytest.fixture
def host(request):
    """A link server whose unknown paths answer as the test's parameter says (404, soft, heading, shell, home)."""
    servers: list[LinkServer] = []

    def make(unknown: str = "404") -> LinkServer:
        servers.append(LinkServer(unknown=unknown).start())
        return servers[-1]

    yield make
    for server in servers:
        server.stop()


def check(server: LinkServer, *paths: str, options: CheckOptions = FAST) -> dict[str, tuple[str, str]]:
    results = check_links([server.url(path) for path in paths], options)
    return {path: (results[server.url(path)].status, results[server.url(path)].reason) for path in paths}


def probes(server: LinkServer) -> int:
    with server._lock:
        return sum(1 for _, path in server.requests if path.startswith(PROBE))


# --- soft 404 -----------------------------------------------------------------------------------------------


def test_a_not_found_page_answered_with_200_is_a_soft_404_and_a_real_page_on_the_same_host_is_ok(host):
    docs = host("soft")  # a docs site answering unknown paths with 200 "Page Not Found"
    verdicts = check(docs, "/docs/intro", "/docs/removed-page", "/doc")
    assert verdicts["/docs/removed-page"] == ("broken", "soft 404")
    assert verdicts["/docs/intro"][0] == "ok" and verdicts["/doc"][0] == "ok"


def test_a_not_found_heading_is_a_soft_404_only_under_the_title_of_the_hosts_page_for_nothing(host):
    docs = host("heading")  # unknown paths: 200, the site's usual title, heading "404"
    verdicts = check(docs, "/docs/intro", "/docs/removed-page")
    assert verdicts == {"/docs/intro": ("ok", ""), "/docs/removed-page": ("broken", "soft 404")}
    assert probes(docs) == 1  # the heading alone is not enough: the host was asked once


def test_an_app_shell_answering_every_path_alike_makes_no_page_broken(host):
    app = host("shell")  # a single-page app: the same shell for every path, pages told apart in the browser
    verdicts = check(app, "/docs/intro", "/docs/removed-page", "/doc#install", "/anything")
    assert {status for status, _ in verdicts.values()} == {"ok"}
    assert all("same page" in reason for _, reason in verdicts.values())
    assert probes(app) == 1  # one probe per host per check, however many pages needed it


def test_a_link_redirected_where_unknown_paths_land_is_a_soft_404_but_that_landing_page_is_ok(host):
    docs = host("home")  # unknown paths: 302 to /docs/intro
    verdicts = check(docs, "/docs/intro", "/old/removed-page", "/doc")
    assert verdicts["/old/removed-page"] == ("broken", "soft 404")
    assert verdicts["/docs/intro"] == ("ok", "") and verdicts["/doc"] == ("ok", "")


def test_a_link_sent_to_the_hosts_not_found_page_is_a_soft_404(host):
    docs = host("to-404")  # unknown paths: 302 to /titled-404, a 200 page titled "404 – Page Not Found | Docs"
    verdicts = check(docs, "/old/removed-page", "/docs/intro", "/http-404-docs")
    assert verdicts == {
        "/old/removed-page": ("broken", "soft 404"),
        "/docs/intro": ("ok", ""),
        "/http-404-docs": ("ok", ""),  # titled "404 Not Found - HTTP | MDN", but not the host's page for nothing
    }


def test_on_a_host_that_answers_404_the_status_is_trusted_and_healthy_pages_cost_no_probe(host):
    docs = host("404")
    verdicts = check(docs, "/doc", "/docs/intro", "/missing", "/http-404-docs", "/to-http-404-docs")
    assert verdicts["/missing"] == ("broken", "not found (404)")
    assert verdicts["/doc"] == ("ok", "") and verdicts["/docs/intro"] == ("ok", "")
    # a page about the 404 status (MDN's, say), reached directly or through a redirect, is no soft 404
    assert verdicts["/http-404-docs"] == ("ok", "") and verdicts["/to-http-404-docs"] == ("ok", "")
    assert probes(docs) == 1  # asked once, for the pages that mention "404"; never for /doc or /docs/intro
    quiet = host("404")
    check(quiet, "/doc", "/docs/intro", "/doc#install")
    assert probes(quiet) == 0  # no page showed a sign: the host was never asked


def test_the_probe_for_a_path_that_cannot_exist_goes_through_the_guard(host):
    docs = host("metadata")  # unknown paths redirect to the cloud metadata address
    verdicts = check(docs, "/js-doc")  # an app shell: the host is asked about a path that cannot exist
    assert verdicts["/js-doc"][0] == "ok"
    assert probes(docs) == 1  # asked, its redirect refused by the guard (the autouse safety net saw no connect)
    refused = check_links([docs.url("/js-doc")], CheckOptions(**{**FAST.__dict__, "allow_private": False}))
    assert next(iter(refused.values())).status == "refused" and probes(docs) == 1  # no probe to a refused host


@pytest.mark.parametrize(
    "title", ["404", "Page not found", "404 – Page Not Found | Docs", "Not Found", "Oops! Page not found", "Error 404"]
)
def test_titles_that_are_a_not_found_message(title):
    assert not_found_phrase(title)


@pytest.mark.parametrize(
    "title", ["Custom 404 pages", "Handling Not Found errors — Flask", "NotFound — Werkzeug", "401", "Error", "Docs"]
)
def test_titles_that_only_mention_one_are_not(title):
    assert not not_found_phrase(title)


# --- bot challenges ---------------------------------------------------------------------------------------------


def test_bot_challenges_are_restricted_never_broken_and_not_retried(host):
    site = host()
    verdicts = check(site, "/challenge", "/challenge-503", "/forbidden")
    assert verdicts["/challenge"] == ("restricted", "bot challenge")  # 403 + cf-mitigated: challenge
    assert verdicts["/challenge-503"] == ("restricted", "bot challenge")  # 503 + "Just a moment..." page
    assert verdicts["/forbidden"] == ("restricted", "forbidden (403), often a bot wall")
    assert site.methods_for("/challenge-503") == ["GET"]  # a challenge does not go away by asking again


def test_a_503_challenge_is_found_even_when_pages_are_not_read(host):
    site = host()
    head_first = CheckOptions(**{**FAST.__dict__, "soft_404": False, "fragments": False})
    assert check(site, "/challenge-503", options=head_first)["/challenge-503"] == ("restricted", "bot challenge")
    assert site.methods_for("/challenge-503") == ["HEAD"] * (1 + FAST.retries) + ["GET"]


# --- fragments --------------------------------------------------------------------------------------------------


def test_fragments_are_checked_with_one_get_per_page_however_many_point_into_it(host):
    site = host()
    paths = ["/doc", "/doc#install", "/doc#usage", "/doc#legacy", "/doc#api", "/doc#caf%C3%A9", "/doc#top"]
    verdicts = check(site, *paths, "/doc#nope")
    assert site.methods_for("/doc") == ["GET"]
    assert verdicts["/doc#nope"] == ("broken", "missing #nope")
    assert verdicts["/doc#caf%C3%A9"] == ("broken", "missing #caf%C3%A9")
    # ids, <a name>, GitHub's user-content- ids, and #top (the top of any page) are all there
    assert {path: verdicts[path] for path in paths if path != "/doc#caf%C3%A9"} == {
        path: ("ok", "") for path in paths if path != "/doc#caf%C3%A9"
    }


def test_anchors_built_by_javascript_stay_ok_with_a_note(host):
    site = host()
    verdicts = check(site, "/js-doc#install", "/anchor-js#configuration", "/json-headings#install")
    for path in ("/js-doc#install", "/anchor-js#configuration", "/json-headings#install"):
        status, reason = verdicts[path]
        assert status == "ok" and "builds its content with JavaScript" in reason
    assert check(site, "/json-headings#nowhere")["/json-headings#nowhere"] == ("broken", "missing #nowhere")


def test_a_huge_page_is_read_only_up_to_the_cap_and_an_unseen_fragment_stays_ok_with_a_note(host):
    site = host()
    started = time.monotonic()
    status, reason = check(site, "/huge-page#far")["/huge-page#far"]
    assert status == "ok" and "not in the first 2 MiB" in reason
    assert time.monotonic() - started < 3.0
    assert site.bytes_sent < 10 * PAGE_BYTES  # the rest of the 10 GB was never asked for (socket buffers aside)


def test_with_the_checks_off_a_fragment_is_not_looked_for_and_pages_are_not_read(host):
    site = host()
    off = CheckOptions(**{**FAST.__dict__, "soft_404": False, "fragments": False})
    assert check(site, "/doc#nope", options=off)["/doc#nope"] == ("ok", "")
    assert site.methods_for("/doc") == ["HEAD"]


def test_the_reader_stops_once_every_wanted_anchor_is_found():
    chunks = [b'<html><head><title>T</title></head><body><h2 id="a">A</h2>'] + [b"<p>more</p>" * 1000] * 100
    page = read_page(iter(chunks), "text/html; charset=utf-8", {"a"}, PAGE_BYTES)
    assert page.ids == {"a"} and page.bytes_read < 20_000 and not page.complete


@pytest.mark.parametrize("piece", [b"404 <!--", b"404<title", b"<h1>", b"404<b>"])
def test_a_hostile_page_cannot_hold_the_reader_for_long(piece):
    # thousands of unclosed comments or titles: HTMLParser.close() on Python < 3.11.13 takes seconds on these
    body = piece * (240_000 // len(piece))
    for wanted, limit in (((), 256 * 1024), ({"nope"}, PAGE_BYTES)):
        started = time.monotonic()
        page = read_page(iter([body[n : n + 16384] for n in range(0, len(body), 16384)]), "text/html", wanted, limit)
        assert time.monotonic() - started < 2.0 and not page.ids
