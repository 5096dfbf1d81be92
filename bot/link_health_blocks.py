"""Link health rendered for Slack: `/pyfw links`, the notices it and the App Home share, and card warnings.

Pure functions from `linkwatch.health` values to Block Kit; no Redis. `bot.links` reads Redis and calls these.
Everything shown that pyfw did not write (URLs, titles, entry names, checker details) is escaped (`common.mrkdwn`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from slack_sdk.models.blocks import Block, HeaderBlock, PlainTextObject

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
from linkwatch.health import LinkHealth
from linkwatch.mutes import Mute
from linkwatch.verdict import FAILING


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
    return reply_of(text, blocks[:MAX_MESSAGE_BLOCKS])


def counts_line(latest: dict[str, list[LinkHealth]]) -> str:
    """ "14 links: 12 ok · 1 broken · 1 moved — last checked <date>" (Slack shows the date in the reader's zone)."""
    links = unique(latest)
    counts = " · ".join(f"{n} {status}" for status, n in _counts(latest).items())
    return f"{len(links)} links: {counts} — last checked {date(max(h.checked_at for h in links))}"


def _state(h: LinkHealth) -> str:
    if h.status == "moved":
        return f"moved to {fit(h.final_url or '?', 500)}"
    if h.status in FAILING:
        return (
            failure(h)
            if h.broken
            else f"{fit(h.status, 20)} in the last check, not reported yet ({fit(one_line(h.detail), 200)})"
        )
    return f"{fit(h.status, 20)} ({fit(one_line(h.detail), 200)})" if h.detail else fit(h.status, 20)


def failure(h: LinkHealth) -> str:
    return f"*{fit(h.status, 20)}* since {date(h.failing_since)} ({fit(one_line(h.detail or h.status), 200)})"


def unique(latest: dict[str, list[LinkHealth]]) -> list[LinkHealth]:
    """One LinkHealth per URL (a URL several entries share counts once)."""
    return list({h.url: h for links in latest.values() for h in links}.values())


def _counts(latest: dict[str, list[LinkHealth]]) -> dict[str, int]:
    return dict(Counter(h.status for h in unique(latest)).most_common())


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


def reply_of(text: str, blocks: Sequence[Block]) -> Reply:
    return Reply(cut(text, MAX_FALLBACK_TEXT).translate(NO_MARKUP), tuple(blocks))
