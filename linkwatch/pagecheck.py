"""Verdicts a status code cannot give: soft 404s and missing fragments, judged from the page itself.

One page, one GET, however many links point into it (`page#install`, `page#usage` and `page` are one check):
`check_page` fetches it through `linkwatch.probe` (the guard on every hop), reading at most `CUE_BYTES`
(`PAGE_BYTES` when fragments point into it), and hands each link its verdict. With both checks off it is the
classic HEAD-first check.

**Soft 404** (a "not found" page answered with 200). Two things must hold for `broken`, reason "soft 404":
the host answers a path that cannot exist with a page too (2xx, perhaps after redirects), and the page is that
answer:
1. it was redirected, and lands where the path that cannot exist lands (hosts that send unknown paths home); or
2. it has the title of the host's page for that path, and its title or first heading *is* a not-found message
   ("Page not found", "404 – Not Found | X": some part of it between separators, not "Custom 404 pages"); or
3. it has that title and 90 % of that page's opening words, and both pages say "not found" in their text.
A page that is the host's impossible-path page but says nothing of "not found" is an app shell told apart in the
browser (a single-page app answering every path alike): it stays `ok`, with a note. A page titled "404 Not Found"
on a host that answers 404 for what does not exist (MDN's page about the status, say) stays `ok`: the status is
trusted where the host shows it can give one. The host's answer (`HostProbes`: a random name,
`/pyfw-no-such-page-…`, through the same guard) is asked at most once per host per check, and only when a page
shows a sign (a redirect, "not found" in its title, heading or text, an app shell), from the thread checking
that page, inside that page's per-host slot, so a host never has more requests in flight than its limit.

**Fragments.** `…#install` needs an element with id "install" (or `<a name="install">`; GitHub's
"user-content-install" counts) in the first `PAGE_BYTES` of the page. Missing: `broken`, reason "missing
#install"; unless the page builds its content with JavaScript (`Page.scripted`), names the anchor in a script
(GitHub's file views carry their headings as JSON), or was cut at the cap, then `ok` with a note. Fragments
that name no element (`#`, `#top`, `#/route`, `#:~:text=`, `#L10`) are not checked.
"""

from __future__ import annotations

import secrets
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import requests

from linkwatch.page import CUE_BYTES, PAGE_BYTES, Page, anchor_name, not_an_anchor, not_found_phrase, says_not_found
from linkwatch.probe import CheckOptions, fetch_page
from linkwatch.verdict import LinkStatus, Verdict

SAME_WORDS = 0.9  # share of opening words two pages must have in common to be "the same page"


@dataclass(frozen=True)
class HostAnswer:
    """How a host answered a path that cannot exist: `soft` when with a page (2xx, perhaps after redirects),
    `landed` where its redirects ended (None without redirects); `page` is what was read of it."""

    url: str
    soft: bool = False
    landed: str | None = None
    page: Page | None = None


class HostProbes:
    """At most one impossible-path request per host (scheme, name and port) per check: the first page that needs
    it asks, with its own session and inside its own per-host slot; pages needing it meanwhile wait for that."""

    def __init__(self, options: CheckOptions) -> None:
        self._options = replace(options, retries=0, budget=min(options.budget, 2 * options.timeout))
        self._futures: dict[str, Future[HostAnswer]] = {}
        self._lock = threading.Lock()

    def answer(self, url: str, session: requests.Session, deadline: float) -> HostAnswer | None:
        """The answer of `url`'s host, asked now or waited for until `deadline`; None when it is not in time."""
        origin = _origin(url)
        with self._lock:
            future = self._futures.get(origin)
            mine = future is None
            if mine:
                future = self._futures[origin] = Future()
        if mine:
            try:
                future.set_result(self._probe(origin, session, deadline))
            except Exception as exc:  # noqa: BLE001 - handed to the waiters; a failed probe only means no comparison
                future.set_exception(exc)
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except Exception:  # noqa: BLE001
            return None

    def _probe(self, origin: str, session: requests.Session, deadline: float) -> HostAnswer:
        url = f"{origin}/pyfw-no-such-page-{secrets.token_hex(8)}"
        verdict, page, landed = fetch_page(session, url, self._options, read=CUE_BYTES, deadline=deadline)
        if verdict.status not in (LinkStatus.OK, LinkStatus.MOVED):
            return HostAnswer(url)  # 404, 410, or no answer: nothing to compare with
        return HostAnswer(url, soft=True, landed=landed if landed != url else None, page=page)


def check_page(
    session: requests.Session, page_url: str, links: list[str], options: CheckOptions, probes: HostProbes | None
) -> dict[str, Verdict]:
    """The verdict of each of `links` (the page's URL, with or without a fragment), from one look at the page."""
    started = time.monotonic()
    deadline = started + options.budget
    wanted = {anchor_name(link.partition("#")[2]) for link in links if "#" in link} if options.fragments else set()
    wanted = frozenset(name for name in wanted if not not_an_anchor(name))
    read = PAGE_BYTES if wanted else (CUE_BYTES if options.soft_404 else None)
    verdict, page, landed = fetch_page(session, page_url, options, read=read, wanted=wanted)
    if verdict.status in (LinkStatus.OK, LinkStatus.MOVED) and options.soft_404 and page is not None and page.html:
        judged = _soft_404(session, verdict, page, landed, probes or HostProbes(options), deadline)
        if judged is not verdict:  # it may have asked the host: the time includes that
            verdict = replace(judged, elapsed=round(time.monotonic() - started, 3))
    return {link: _for_link(link, verdict, page, options) for link in links}


def _soft_404(
    session: requests.Session, verdict: Verdict, page: Page, landed: str, probes: HostProbes, deadline: float
) -> Verdict:
    redirected = landed != verdict.url
    if not (redirected or says_not_found(page) or not_found_phrase(page.heading) or page.scripted):
        return verdict  # no sign of "not found" (a not-found title says it too): the host need not be asked
    host = probes.answer(landed, session, deadline)
    if host is None or not host.soft:
        return verdict  # the host answers 404 for what does not exist (or did not say): the status is trusted
    if redirected and host.landed == landed:
        return _broken(verdict, f"lands on {landed}, where a path that cannot exist lands too")
    if host.page is None or host.landed == landed:
        return verdict  # the page unknown paths are sent to (the docs' home, say) is no soft 404 itself
    if host.page.title != page.title:
        return verdict
    for what, text in (("title", page.title), ("heading", page.heading)):
        if not_found_phrase(text):
            return _broken(verdict, f"its {what} is {text!r}, as on the host's page for a path that cannot exist")
    if _same_words(page, host.page):
        if says_not_found(host.page) and says_not_found(page):
            return _broken(verdict, "the same page the host gives for a path that cannot exist")
        note = "the host answers every path with this same page (an app that tells pages apart in the browser)"
        return replace(verdict, detail=_join(verdict.detail, note))
    return verdict


def _for_link(link: str, verdict: Verdict, page: Page | None, options: CheckOptions) -> Verdict:
    fragment = link.partition("#")[2]
    if link != verdict.url:
        verdict = replace(verdict, url=link)
    if not fragment or not options.fragments or verdict.status not in (LinkStatus.OK, LinkStatus.MOVED):
        return verdict
    name = anchor_name(fragment)
    if not_an_anchor(name) or page is None:
        return verdict
    if not page.html:
        return replace(verdict, detail=_join(verdict.detail, f"#{fragment} not checked: not an HTML page"))
    if name in page.ids:
        return verdict
    if page.scripted or name in page.script_ids:
        note = f"#{fragment} is not in the HTML; the page builds its content with JavaScript, so it may be added there"
        return replace(verdict, detail=_join(verdict.detail, note))
    if not page.complete:
        note = f"#{fragment} not in the first {PAGE_BYTES // 1024 // 1024} MiB read of the page"
        return replace(verdict, detail=_join(verdict.detail, note))
    return replace(
        verdict,
        status=LinkStatus.BROKEN,
        reason=f"missing #{fragment}",
        detail=f"missing #{fragment}: no element with that id or name on the page",
    )


def _broken(verdict: Verdict, why: str) -> Verdict:
    return replace(verdict, status=LinkStatus.BROKEN, reason="soft 404", detail=f"soft 404: {why}")


def _same_words(one: Page, other: Page) -> bool:
    a, b = one.words(), other.words()
    if not a and not b:
        return True
    return len(a & b) / max(1, len(a | b)) >= SAME_WORDS


def _join(detail: str, note: str) -> str:
    return f"{detail}; {note}" if detail else note


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
