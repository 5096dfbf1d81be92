"""Docs-link unfurls: a pasted link that belongs to a catalog entry shows that entry's compact card.

Which entry a link belongs to is `catalog.urls.LinkIndex` (over the catalog's own `links_by_url()`); this module
renders the card and says when the link is known broken or moved, from the link watch's latest verdicts. Those
are read through a short TTL cache like the card warnings (`bot.links`): one Redis read per TTL per process, a
Redis that cannot be reached costs nothing per unfurl (the card goes out without the health line), and only the
thread that found the cache expired ever waits on Redis.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence

from slack_sdk.models.blocks import Block

from bot.blocks import context_block, section_block
from bot.links import NOTES_TTL, LinkWatch
from catalog.urls import LinkIndex, LinkMatch
from common.mrkdwn import date, fit, link, one_line
from linkwatch import health
from linkwatch.health import LinkHealth
from linkwatch.verdict import LinkStatus

log = logging.getLogger(__name__)

MAX_ENTRIES_SHOWN = 3  # a link several entries share: the first three, then "and N more"
OVERVIEW_SHOWN = 280


class LinkStates:
    """The latest verdict of each catalog link (URL -> LinkHealth), at most `ttl` old, never blocking a reader
    on Redis but the one refreshing."""

    def __init__(self, watch: LinkWatch | None, ttl: float = NOTES_TTL) -> None:
        self.watch = watch
        self.ttl = ttl
        self._states: Mapping[str, LinkHealth] = {}
        self._expires = 0.0
        self._refreshing = threading.Lock()

    def get(self, url: str) -> LinkHealth | None:
        store = self.watch.store if self.watch else None
        if store is not None and time.monotonic() >= self._expires and self._refreshing.acquire(blocking=False):
            try:
                self._states = self._read(store)
                self._expires = time.monotonic() + self.ttl
            finally:
                self._refreshing.release()
        return self._states.get(url)

    def _read(self, store) -> Mapping[str, LinkHealth]:
        try:
            latest = health.latest_health(store, self.watch.catalog)
        except health.Unavailable as exc:
            log.info("link health unavailable for unfurls: %s", exc)
            return {}
        except ValueError as exc:  # a record this version cannot read (a status a newer worker wrote)
            log.warning("link health unreadable for unfurls: %s", exc)
            return {}
        return {h.url: h for links in latest.values() for h in links}


def unfurls(links: Sequence[dict], index: LinkIndex, states: LinkStates) -> dict[str, dict]:
    """`chat.unfurl`'s `unfurls` for the links of a `link_shared` event: only links that belong to an entry."""
    found: dict[str, dict] = {}
    for item in links:
        url = item.get("url") if isinstance(item, dict) else None
        match = index.find(url) if isinstance(url, str) else None
        if match is not None:
            state = states.get(match.catalog_url) if match.exact else None
            found[url] = {"blocks": [block.to_dict() for block in unfurl_blocks(match, state)]}
    return found


def unfurl_blocks(match: LinkMatch, state: LinkHealth | None = None) -> list[Block]:
    """The compact card: each entry's name, category and first sentence; a line when the link is broken or moved."""
    lines = []
    for entry in match.entries[:MAX_ENTRIES_SHOWN]:
        lines.append(
            f"*{fit(one_line(entry.name), 150)}* · {fit(one_line(entry.category), 150)}\n"
            f"{fit(_first_sentence(entry.overview), OVERVIEW_SHOWN)}"
        )
    more = len(match.entries) - MAX_ENTRIES_SHOWN
    if more > 0:
        lines.append(f"…and {more} more")
    blocks: list[Block] = [section_block("\n\n".join(lines))]
    warning = health_line(state)
    if warning:
        blocks.append(context_block(warning))
    name = match.entries[0].name
    blocks.append(context_block(f"pyfw · `/pyfw {fit(one_line(name), 100)}` shows the whole card"))
    return blocks


def health_line(state: LinkHealth | None) -> str | None:
    """What a reader of the link should know: it is broken (since when, why) or it moved (to where)."""
    if state is None:
        return None
    if state.status == LinkStatus.MOVED and state.final_url:
        return f"↪️ This page has moved: the new address is {link(state.final_url, state.final_url, 1000)}"
    if state.broken:
        return (
            f"⚠️ This docs link is broken: it failed every check since {date(state.failing_since)} "
            f"({fit(one_line(state.detail or state.status), 300)})"
        )
    return None


def _first_sentence(text: str) -> str:
    text = one_line(text)
    end = text.find(". ")
    return text[: end + 1] if 0 < end < OVERVIEW_SHOWN else text
