"""Link health in Slack: `/pyfw links`, `/pyfw links check`, the App Home section, and warnings on entry cards.

A thin shell over `linkwatch.health`, which reads what the link-check runs stored in Redis. Redis is read on the
request path only here, and it never stops an answer: when Redis cannot be reached, cards go out without
warnings and `/pyfw links` says link health is unavailable right now. Card warnings are read through a short
TTL cache (`LinkWatch.card_notes`) refreshed by a background thread, so a busy bot asks Redis at most once per TTL,
and no card ever waits on Redis, even one that has stopped answering (a failed read is also kept for one TTL).
Every read has a 0.5 s timeout (`linkwatch.health.connect`) and a command stops at its first failed read.

Rendering lives in `bot.link_health_blocks`; everything shown that pyfw did not write is escaped there.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock, PlainTextObject

from bot.blocks import MAX_MESSAGE_BLOCKS, Reply, context_block, section_block, split_sections
from bot.link_health_blocks import card_warning, counts_line, failure, health_reply, notice_blocks, reply_of, unique
from catalog.model import Catalog
from common.mrkdwn import fit, link, one_line
from common.response_url import allowed_response_url
from common.settings import Settings
from linkwatch import askers, health

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
CANNOT_START = "Cannot start a link check right now because Redis cannot be reached."
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

        Never waits on Redis: when the notes are older than the TTL, one background thread reads them again while
        every request goes on with the previous ones (none before the first read, nor while Redis is away).
        """
        if self._redis is not None and time.monotonic() >= self._expires and self._refreshing.acquire(blocking=False):
            threading.Thread(target=self._refresh_notes, name="pyfw-card-notes", daemon=True).start()
        return self._notes

    def _refresh_notes(self) -> None:
        try:
            self._notes = self._read(self._read_notes) or NO_NOTES  # cards without warnings if Redis is away
            self._expires = time.monotonic() + self.ttl
        finally:
            self._refreshing.release()

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
            if response_url and not allowed_response_url(response_url, self.settings.slack_api_url, log, "/pyfw links"):
                response_url = None  # the check still runs; its outcome goes to the report channel only
            return self._check(response_url)
        if words:
            return reply_of("Link health: " + USAGE, [section_block(USAGE)])
        if self._redis is None:
            return reply_of(NEEDS_REDIS, [section_block(NEEDS_REDIS)])
        latest = self._read(lambda: health.latest_health(self._redis, self.catalog))
        if latest is None:
            return reply_of(UNAVAILABLE, [section_block(UNAVAILABLE)])
        notices = self._notices()
        if not latest:
            return reply_of(NEVER_CHECKED, [section_block(NEVER_CHECKED), *notices])
        rendered = health_reply(latest, self.catalog)
        blocks = list(rendered.blocks)
        return reply_of(rendered.text, blocks[:1] + notices + blocks[1 : MAX_MESSAGE_BLOCKS - len(notices)])

    def _notices(self) -> list[Block]:
        """Reports Slack refused (and what to do), and muted links: `/pyfw links` and the App Home show both."""
        found = self._read(lambda: (health.shared_problems(self._redis, self.settings), health.muted(self._redis)))
        return notice_blocks(*found) if found else []

    def _check(self, response_url: str | None) -> Reply:
        if self._redis is None:
            return reply_of(NEEDS_REDIS, [section_block(NEEDS_REDIS)])
        # From memory: the link count was counted at start-up. The ack waits on one ping with a short timeout
        # (a Redis that is away is said at once); queuing, which imports Celery the first time, happens after it.
        if self._read(lambda: health.ping(self._redis) or True) is None:
            return reply_of(CANNOT_START, [section_block(CANNOT_START)])
        if response_url:
            threading.Thread(target=self._queue_then_follow_up, args=(response_url,), daemon=True).start()
        elif self._read(lambda: self.queue_check(None) or True) is None:
            return reply_of(CANNOT_START, [section_block(CANNOT_START)])
        where = (
            "I'll post the outcome here when done."
            if response_url
            else "The report goes to the report channel when done; `/pyfw links` shows the results."
        )
        text = f"Checking {self.link_count} links… {where}"
        note = context_block("Needs `pyfw worker` running; a run already going is joined.")
        return reply_of(text, [section_block(text), note])

    def _queue_then_follow_up(self, response_url: str) -> None:
        """After the ack: queue the check, then tell the asker if it could not be queued or no worker answers."""
        if self._read(lambda: self.queue_check(response_url) or True) is None:
            text = "The link check could not start: Redis cannot be reached. Try again in a moment."
            askers.respond(
                response_url, text, [section_block(f":warning: {text}")], slack_api_url=self.settings.slack_api_url
            )
            return
        self._warn_without_workers(response_url)

    def _warn_without_workers(self, response_url: str) -> None:
        if not self.workers_alive():
            askers.respond(
                response_url,
                NO_WORKER,
                [section_block(f":warning: {NO_WORKER}")],
                slack_api_url=self.settings.slack_api_url,
            )

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
        broken = [h for h in unique(latest) if h.broken]
        if broken:
            lines = [
                f"• *{fit(one_line(self._entries_of(h.url)), 150)}* — {link(h.url, h.title, 500)}: {failure(h)}"
                for h in broken[:HOME_BROKEN_LINES]
            ]
            blocks += split_sections(f"*Broken* ({len(broken)})", lines)[:6]
            if len(broken) > HOME_BROKEN_LINES:
                blocks.append(context_block(f"…and {len(broken) - HOME_BROKEN_LINES} more: `/pyfw links` lists them."))
        else:
            blocks.append(section_block("No docs link is broken."))
        blocks.append(context_block("`/pyfw links` shows every entry; `/pyfw links check` checks now."))
        return blocks


def _on_workers(name: str, settings: Settings, *args):
    import tasks.app  # Celery is imported when someone asks for a check, not for every answer

    return getattr(tasks.app, name)(settings, *args)
