"""The link report's buttons: Re-check (this link, now), Mute (7 days, 30 days, until it changes), Apply moves.

Each answers only the person who clicked (ephemeral, through the click's response_url), as a lazy listener after
the ack (bot/listeners/actions.py). Apply moves never writes the catalog from the web process: the catalog is a
file under version control, so the button shows the exact command to run and the diff it will make.
"""

from __future__ import annotations

import logging

from catalog import SHIPPED_CATALOG, CatalogError
from catalog.curate import apply_moves
from common.mrkdwn import date, escape, fit, link
from linkwatch import health, history, mutes
from linkwatch.checker import CheckOptions, check_links
from linkwatch.report import MUTE_ACTION

log = logging.getLogger(__name__)

DIFF_CHARS = 2600  # what of a diff fits in one section beside its words


def recheck(watch, url: str) -> str:
    """Check `url` now (a catalog link) and say what the checker sees; the history moves with the next run."""
    if url not in watch.catalog.links_by_url():
        return f"{fit(url, 300)} is not a link in the catalog any more."
    verdict = check_links([url], CheckOptions(allow_private=watch.settings.allow_private_links))[url]
    code = f" ({verdict.code})" if verdict.code else ""
    where = f" → {link(verdict.final_url, verdict.final_url, 500)}" if verdict.status == "moved" else ""
    detail = f": {escape(verdict.detail)}" if verdict.detail else ""
    return (
        f"Re-checked {link(url, url, 600)} just now: *{verdict.status}*{code}{where}{detail}\n"
        "_The next scheduled run records it; `/pyfw links check` runs every link now._"
    )


def mute(watch, url: str, action_id: str, user: str) -> str:
    """Mute `url` as the button says (`pyfw_mute_{mode}_{n}`); muted links stop alerting and unmute themselves."""
    mode = action_id.removeprefix(f"{MUTE_ACTION}_").rsplit("_", 1)[0]
    if url not in watch.catalog.links_by_url():
        return f"{fit(url, 300)} is not a link in the catalog any more."
    if watch.store is None:
        return "Muting needs Redis (REDIS_URL)."
    try:
        state = history.read_states(watch.store, [url])[url]
        record = mutes.mute(watch.store, url, mode, by=user, state=state)
    except Exception as exc:  # noqa: BLE001 - Redis away, or a mode this version does not know
        log.warning("mute of %s failed: %s", url, exc)
        return "Could not mute the link right now (Redis cannot be reached)."
    until = f"until {date(record.until)}" if record.until else "until its verdict changes"
    return f"🔕 Muted {link(url, url, 600)} {until}: it will not alert until then. `/pyfw links` lists muted links."


def preview_moves(watch) -> str:
    """The command that rewrites the moved links, and the diff it makes to the catalog (nothing is written)."""
    if watch.store is None:
        return "Moved links are kept in Redis (REDIS_URL), which is not configured here."
    try:
        latest = health.latest_health(watch.store, watch.catalog)
    except health.Unavailable:
        return "The moved links cannot be read right now because Redis cannot be reached."
    moves = {h.url: h.final_url for links in latest.values() for h in links if h.status == "moved" and h.final_url}
    path = watch.settings.catalog_path or SHIPPED_CATALOG
    try:
        diff, changed = apply_moves(path, moves, dry_run=True)
    except CatalogError as exc:
        return f"The moves would not give a valid catalog: {escape('; '.join(exc.problems))[:1500]}"
    if not changed:
        return "No link is moved any more: nothing to apply."
    shown = fit(diff, DIFF_CHARS)  # escaped, and cut with "…" when long: the command prints all of it
    return (
        f"Run this where `catalog.toml` is kept, then commit it ({changed} link{'s' if changed != 1 else ''}):\n"
        f"```pyfw catalog apply-moves```\nIt makes this change (`--dry-run` shows it without writing):\n"
        f"```{shown}```"
    )
