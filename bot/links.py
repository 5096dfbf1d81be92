"""Link health in Slack: `/pyfw links`, `/pyfw links check`, the App Home section, and warnings on entry cards.

A thin shell over `linkwatch.health`, which reads what the link-check runs stored in Redis. Redis is read on the
request path only here, and it never stops an answer: when Redis cannot be reached, cards go out without
warnings and `/pyfw links` says link health is unavailable right now. Card warnings are read through a short
TTL cache (`LinkWatch.card_notes`), so a busy bot asks Redis at most once per TTL, not once per request, and a dead
Redis costs nothing per request either (a failed read is also kept for one TTL).

Everything shown that pyfw did not write (URLs, titles, entry names, checker details) is escaped (`common.mrkdwn`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeVar

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock, PlainTextObject

from bot.blocks import (
    MAX_CONTEXT_TEXT,
    MAX_FALLBACK_TEXT,
    MAX_MESSAGE_BLOCKS,
    NO_MARKUP,
    Reply,
    context_block,
    fit_plain,
    section_block,
    split_sections,
)
from catalog.model import Catalog
from common.mrkdwn import channel, cut, date, fit, join_lines, link, one_line
from common.settings import Settings
from linkwatch import askers, health
from linkwatch.health import LinkHealth
from linkwatch.mutes import Mute
from linkwatch.verdict import FAILING

log = logging.getLogger(__name__)

NOTES_TTL = 30.0  # seconds a card warning may lag behind a run (and between two Redis reads on the request path)
HOME_BROKEN_LINES = 30  # broken links listed on the App Home; the rest are counted

NEEDS_REDIS = (
    "Link health needs Redis and workers: set `REDIS_URL` and run `pyfw worker` (and `pyfw beat` for the schedule)."
)
UNAVAILABLE = (
    "Link health is unavailable right now because Redis cannot be reached. Questions about frameworks still work."
)
NEVER_CHECKED = "No link check has run yet. `/pyfw links check` starts one now."
USAGE = "`/pyfw links` shows the latest link health; `/pyfw links check` checks every docs link now."

Notes = frozenset  # of (entry name, warning mrkdwn) pairs: hashable, so replies can be cached per notes
NO_NOTES: Notes = frozenset()
T = TypeVar("T")


QueueCheck = Callable[[str | None], None]  # queue a check whose outcome goes to response_url (or the channel)
WorkersAlive = Callable[[], list[str]]  # the workers that answer a ping
NO_WORKER = (
    "No link-check worker answered: the check is queued and runs once `pyfw worker` is running "
    "(`pyfw status` shows the workers)."
)


class LinkWatch:
    """Link health for one catalog, read from the Redis at settings.redis_url. Safe to share between threads.

    `queue_check` queues `/pyfw links check` for the Celery workers and `workers_alive` pings them (`tasks.app`).
    """

    def __init__(
        self,
        settings: Settings,
        catalog: Catalog,
        *,
        ttl: float = NOTES_TTL,
        queue_check: QueueCheck | None = None,
        workers_alive: WorkersAlive | None = None,
    ) -> None:
        self.settings = settings
        self.catalog = catalog
        self.ttl = ttl
        self.link_count = len(catalog.links_by_url())
        self.queue_check = queue_check or partial(_on_workers, "queue_check", settings)
        self.workers_alive = workers_alive or partial(_on_workers, "workers_alive", settings)
        self._redis = health.connect(settings.redis_url) if settings.redis_url else None
        self._notes: Notes = NO_NOTES
        self._expires = 0.0
        self._refreshing = threading.Lock()
        self._redis_down = False

    @property
    def store(self):
        """The Redis client link health is read from (None without REDIS_URL), for the report's buttons."""
        return self._redis

    def _read(self, read: Callable[[], T]) -> T | None:
        """`read()`, or None (and one log line when it first happens) when Redis cannot be reached."""
        try:
            value = read()
        except health.Unavailable as exc:
            if not self._redis_down:
                log.warning("link health unavailable, Redis cannot be reached: %s", exc)
            self._redis_down = True
            return None
        if self._redis_down:
            log.info("link health available again")
        self._redis_down = False
        return value

    def _entries_of(self, url: str) -> str:
        return ", ".join(entry.name for entry in self.catalog.links_by_url()[url])

    # -- card warnings --------------------------------------------------------------------------------------------

    def card_notes(self) -> Notes:
        """(entry name, warning) for every entry with a docs link currently reported broken; at most TTL old.

        One thread refreshes while the others go on with the previous notes, so no request waits on Redis but
        the one that found them expired.
        """
        if time.monotonic() < self._expires or self._redis is None:
            return self._notes
        if not self._refreshing.acquire(blocking=False):
            return self._notes
        try:
            if time.monotonic() >= self._expires:
                self._notes = self._read(self._read_notes) or NO_NOTES  # cards without warnings if Redis is down
                self._expires = time.monotonic() + self.ttl
        finally:
            self._refreshing.release()
        return self._notes

    def _read_notes(self) -> Notes:
        broken = health.broken_urls(self._redis, self.catalog)
        latest = health.latest_health(self._redis, self.catalog) if broken else {}
        notes = []
        for name, links in latest.items():
            failing = [h for h in links if h.url in broken]
            if failing:
                notes.append((name, card_warning(failing)))
        return frozenset(notes)

    # -- /pyfw links ----------------------------------------------------------------------------------------------

    def command(self, rest: str, response_url: str | None = None) -> Reply:
        """`/pyfw links [check]`; a check's summary goes to `response_url` when the run is done."""
        words = rest.casefold().split()
        if words == ["check"]:
            return self._check(response_url)
        if words:
            return _reply("Link health: " + USAGE, [section_block(USAGE)])
        if self._redis is None:
            return _reply(NEEDS_REDIS, [section_block(NEEDS_REDIS)])
        latest = self._read(lambda: health.latest_health(self._redis, self.catalog))
        if latest is None:
            return _reply(UNAVAILABLE, [section_block(UNAVAILABLE)])
        notices = self._notices()
        if not latest:
            return _reply(NEVER_CHECKED, [section_block(NEVER_CHECKED), *notices])
        reply = health_reply(latest, self.catalog)
        blocks = list(reply.blocks)
        return _reply(reply.text, blocks[:1] + notices + blocks[1 : MAX_MESSAGE_BLOCKS - len(notices)])

    def _notices(self) -> list[Block]:
        """Reports Slack refused (and what to do), and muted links: `/pyfw links` and the App Home show both."""
        found = self._read(lambda: (health.shared_problems(self._redis, self.settings), health.muted(self._redis)))
        return notice_blocks(*found) if found else []

    def _check(self, response_url: str | None) -> Reply:
        if self._redis is None:
            return _reply(NEEDS_REDIS, [section_block(NEEDS_REDIS)])
        # From memory: the link count was counted at start-up; queuing is one Redis call with a short timeout.
        if self._read(lambda: self.queue_check(response_url) or True) is None:
            text = "Cannot start a link check right now because Redis cannot be reached."
            return _reply(text, [section_block(text)])
        if response_url:  # after the ack: tell the asker if no worker will pick the check up
            threading.Thread(target=self._warn_without_workers, args=(response_url,), daemon=True).start()
        where = (
            "I'll post the outcome here when done."
            if response_url
            else "The report goes to the report channel when done; `/pyfw links` shows the results."
        )
        text = f"Checking {self.link_count} links… {where}"
        note = context_block("Needs `pyfw worker` running; a run already going is joined.")
        return _reply(text, [section_block(text), note])

    def _warn_without_workers(self, response_url: str) -> None:
        if not self.workers_alive():
            askers.respond(response_url, NO_WORKER, [section_block(f":warning: {NO_WORKER}")])

    # -- App Home -------------------------------------------------------------------------------------------------

    def home_section(self) -> list[Block]:
        """The App Home's link-health section: counts per status, broken links with entry and since when."""
        title = [DividerBlock(), HeaderBlock(text=PlainTextObject(text="Link health", emoji=False))]
        if self._redis is None:
            return title + [context_block(NEEDS_REDIS)]
        latest = self._read(lambda: health.latest_health(self._redis, self.catalog))
        if latest is None:
            return title + [context_block(UNAVAILABLE)]
        if not latest:
            return title + [context_block(NEVER_CHECKED)]
        blocks: list[Block] = [*title, context_block(counts_line(latest)), *self._notices()[:8]]
        broken = [h for h in _unique(latest) if h.broken]
        if broken:
            lines = [
                f"• *{fit(one_line(self._entries_of(h.url)), 150)}* — {link(h.url, h.title, 500)}: {_failure(h)}"
                for h in broken[:HOME_BROKEN_LINES]
            ]
            blocks += split_sections(f"*Broken* ({len(broken)})", lines)[:6]
            if len(broken) > HOME_BROKEN_LINES:
                blocks.append(context_block(f"…and {len(broken) - HOME_BROKEN_LINES} more: `/pyfw links` lists them."))
        else:
            blocks.append(section_block("No docs link is broken."))
        blocks.append(context_block("`/pyfw links` shows every entry; `/pyfw links check` checks now."))
        return blocks


# -- rendering ------------------------------------------------------------------------------------------------------


def card_warning(failing: Sequence[LinkHealth]) -> str:
    """The context line on an entry card whose docs links are reported broken."""
    if len(failing) == 1:
        h = failing[0]
        text = (
            f"⚠️ This docs link failed every check since {date(h.failing_since)}: "
            f"{link(h.url, h.title, 700)} ({fit(one_line(h.detail or h.status), 300)})"
        )
    else:
        lines = [
            f"• {link(h.url, h.title, 500)} since {date(h.failing_since)} ({fit(one_line(h.detail or h.status), 200)})"
            for h in failing
        ]
        text = join_lines([f"⚠️ {len(failing)} docs links failed every check:", *lines], MAX_CONTEXT_TEXT - 100)
    return text + "\n`/pyfw links` shows link health."


def health_reply(latest: dict[str, list[LinkHealth]], catalog: Catalog) -> Reply:
    """`/pyfw links`: counts, then each entry with a link needing attention and what is wrong; the rest in one line."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text="Link health", emoji=False)),
        context_block(counts_line(latest)),
    ]
    attention, fine = [], []
    for entry in catalog:
        links = latest.get(entry.name)
        if not links:
            continue
        odd = [h for h in links if h.status != "ok"]
        name = fit(one_line(entry.name), 150)
        if odd:
            mark = "🔴" if any(h.broken for h in odd) else "🟡"
            attention.append(
                f"{mark} *{name}*\n"
                + join_lines(
                    [f"    • {link(h.url, h.title, 500)} — {_state(h)}" for h in odd], 1400, "    …and {n} more"
                )
            )
        else:
            fine.append(f"{name} ({len(links)})")
    room = MAX_MESSAGE_BLOCKS - len(blocks) - 2
    if attention:
        sections = split_sections("*Needs attention*", attention)
    else:
        sections = [section_block("Every checked link is fine.")]
    blocks += sections[:room]
    if len(sections) > room:
        blocks.append(context_block("…more entries need attention than fit here; the channel report lists them all."))
    if fine:
        blocks.append(context_block(fit_plain("✅ All links ok: " + ", ".join(fine), MAX_CONTEXT_TEXT)))
    unchecked = len([e for e in catalog if e.links and e.name not in latest])
    if unchecked:
        blocks.append(context_block(f"{unchecked} entries not checked yet: `/pyfw links check` checks now."))
    counts = _counts(latest)
    text = "Link health: " + ", ".join(f"{n} {status}" for status, n in counts.items())
    return _reply(text, blocks[:MAX_MESSAGE_BLOCKS])


def counts_line(latest: dict[str, list[LinkHealth]]) -> str:
    """ "14 links: 12 ok · 1 broken · 1 moved — last checked <date>" (Slack shows the date in the reader's zone)."""
    links = _unique(latest)
    counts = " · ".join(f"{n} {status}" for status, n in _counts(latest).items())
    return f"{len(links)} links: {counts} — last checked {date(max(h.checked_at for h in links))}"


def _state(h: LinkHealth) -> str:
    if h.status == "moved":
        return f"moved to {fit(h.final_url or '?', 500)}"
    if h.status in FAILING:
        return (
            _failure(h)
            if h.broken
            else f"{fit(h.status, 20)} in the last check, not reported yet ({fit(one_line(h.detail), 200)})"
        )
    return f"{fit(h.status, 20)} ({fit(one_line(h.detail), 200)})" if h.detail else fit(h.status, 20)


def _failure(h: LinkHealth) -> str:
    return f"*{fit(h.status, 20)}* since {date(h.failing_since)} ({fit(one_line(h.detail or h.status), 200)})"


def _unique(latest: dict[str, list[LinkHealth]]) -> list[LinkHealth]:
    """One LinkHealth per URL (a URL several entries share counts once)."""
    return list({h.url: h for links in latest.values() for h in links}.values())


def _counts(latest: dict[str, list[LinkHealth]]) -> dict[str, int]:
    return dict(Counter(h.status for h in _unique(latest)).most_common())


def notice_blocks(problems: Sequence[dict], muted: Sequence[Mute]) -> list[Block]:
    """A report Slack refused, with what to do; the muted links and until when."""
    blocks: list[Block] = []
    for p in problems:
        where = channel(p["destination"].lstrip("#"))
        attempts = f", {p['attempts']} attempt{'s' if p['attempts'] != 1 else ''}" if p["attempts"] else ""
        blocks.append(
            section_block(
                fit_plain(
                    f":warning: *The link report could not be posted* to {where} since {date(p['since'])}{attempts}: "
                    f"{fit(p['reason'], 1500)}. It is posted, with everything that changed since, by the next run once "
                    "fixed (or `pyfw links report --resend`).",
                    2900,
                )
            )
        )
    if muted:
        lines = [
            f"• {link(m.url, m.url, 500)} — " + (f"until {date(m.until)}" if m.until else m.describe()) for m in muted
        ]
        blocks += split_sections(f"🔕 *Muted* ({len(muted)}): not alerting", lines)[:3]
    return blocks


def _on_workers(name: str, settings: Settings, *args):
    import tasks.app  # Celery is imported when someone asks for a check, not for every answer

    return getattr(tasks.app, name)(settings, *args)


def _reply(text: str, blocks: Sequence[Block]) -> Reply:
    return Reply(cut(text, MAX_FALLBACK_TEXT).translate(NO_MARKUP), tuple(blocks))
