"""The link-health report: what changed for a destination (or a digest), and the Block Kit messages that tell it.

Pure. `report_messages(report)` turns a Report into the messages to post. The first goes to the channel: a header
that states the change ("2 docs links broke, 1 moved"), then one line per link leading with the framework's name,
newly broken links each with **Re-check** and **Mute** buttons, moved links with an **Apply moves** button,
recoveries with how long the link was down, and the links still broken from earlier reports. Lists longer than
`LIST_LIMIT` show that many lines and continue in thread replies. Posting them is `linkwatch.delivery`'s job.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from catalog import Entry
from common.mrkdwn import date, duration, escape, fit, link, one_line, pack_lines

LIST_LIMIT = 10  # lines per list in the channel message; the rest goes to the thread
SECTION_CHARS = 2900  # Slack allows 3000 characters in a section's text
THREAD_BLOCKS = 40  # sections per thread reply (Slack allows 50 blocks per message)
URL_LINK_CHARS = 1000  # a link to a URL longer than this shows the URL as text
BUTTON_VALUE = 2000  # Slack's limit on a button's value: a link with a longer URL gets no buttons

# The report's buttons (handled by the bot: bot/listeners/actions.py). Ids carry the line's number, since Slack
# wants every action id of a message to be different.
RECHECK_ACTION = "pyfw_recheck"  # pyfw_recheck_{n}, value: the URL
MUTE_ACTION = "pyfw_mute"  # pyfw_mute_{mode}_{n}, value: the URL
APPLY_MOVES_ACTION = "pyfw_apply_moves"
MUTE_CHOICES = (("7d", "Mute 7 days"), ("30d", "Mute 30 days"), ("change", "Mute until it changes"))


@dataclass(frozen=True)
class Item:
    """One line of a report: a link, the entries using it, what is wrong (or new), since when, until when."""

    url: str
    entry: str
    detail: str = ""
    since: float | None = None
    new_url: str | None = None
    until: float | None = None  # a recovery: when the link was seen working again


@dataclass(frozen=True)
class Report:
    """What a destination has not been told yet (`linkwatch.changes`), or a digest of every link's health."""

    run_id: str
    finished_at: float
    counts: dict[str, int]
    broken: list[Item] = field(default_factory=list)
    moved: list[Item] = field(default_factory=list)
    recovered: list[Item] = field(default_factory=list)
    still: list[Item] = field(default_factory=list)  # reported broken earlier and still failing
    muted: int = 0  # links whose change is not told because someone muted them
    digest: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.broken or self.moved or self.recovered)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Report:
        data = json.loads(text)
        for key in ("broken", "moved", "recovered", "still"):
            data[key] = [Item(**item) for item in data.get(key, [])]
        return cls(**data)


_ICONS = {
    "ok": ":white_check_mark:",
    "moved": ":twisted_rightwards_arrows:",
    "broken": ":x:",
    "restricted": ":lock:",
    "timeout": ":hourglass:",
    "unreachable": ":no_entry:",
    "refused": ":shield:",
}
_TITLES = {
    "broken": ":x: *Broken*",
    "moved": ":twisted_rightwards_arrows: *Moved* (update the catalog)",
    "recovered": ":white_check_mark: *Recovered*",
    "still": ":warning: *Still broken*",
}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def counts_text(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = [f"{_ICONS.get(status, '')} {count} {status}" for status, count in counts.items() if count]
    return f"{_plural(total, 'link')} checked: " + " · ".join(parts)


def headline(report: Report) -> str:
    """The change in words: "2 docs links broke, 1 moved, 1 recovered" (or "no changes")."""
    parts = []
    for count, verb in (
        (len(report.broken), "broke"),
        (len(report.moved), "moved"),
        (len(report.recovered), "recovered"),
    ):
        if count:
            parts.append(f"{_plural(count, 'docs link')} {verb}" if not parts else f"{count} {verb}")
    return ", ".join(parts) or "no changes"


def summary_text(report: Report) -> str:
    """The one-line text of a report (notification text, and the fallback for clients without blocks)."""
    return f"Link health: {headline(report)} ({counts_text(report.counts)})"


def _lead(item: Item) -> str:
    """A line's start: the framework's name, then the link."""
    name = f"*{fit(one_line(item.entry), 150)}* — " if item.entry else ""
    return f"• {name}{link(item.url, item.url, URL_LINK_CHARS)}"


def line(kind: str, item: Item) -> str:
    if kind == "broken":
        return f"{_lead(item)}\n{escape(item.detail or 'failing')}, failing since {date(item.since)}"
    if kind == "moved":
        return f"{_lead(item)} → {link(item.new_url or '', item.new_url or '', URL_LINK_CHARS)}"
    if kind == "recovered":
        down = f"back after {duration(item.until - item.since)}" if item.since and item.until else "back"
        return f"{_lead(item)}: {down} (broken since {date(item.since)})"
    return f"{_lead(item)}: {escape(item.detail or 'failing')}, broken since {date(item.since)}"


def _sections(lines: list[str]) -> list[SectionBlock]:
    return [SectionBlock(text=MarkdownTextObject(text=text)) for text in pack_lines(lines, SECTION_CHARS)]


def _button(text: str, action_id: str, value: str, style: str | None = None, about: str = "") -> ButtonElement:
    # `about` names what the button acts on for screen readers: a report has rows of identical buttons.
    label = f"{text}: {about.removeprefix('https://').removeprefix('http://')}" if about else None
    return ButtonElement(
        text=PlainTextObject(text=text, emoji=False),
        action_id=action_id,
        value=value,
        style=style,
        accessibility_label=label[:74] + "…" if label and len(label) > 75 else label,
    )


def link_buttons(url: str, number: int) -> ActionsBlock | None:
    """Re-check this link now; mute it for 7 days, 30 days or until its verdict changes."""
    if len(url) > BUTTON_VALUE:
        return None
    return ActionsBlock(
        elements=[_button("Re-check", f"{RECHECK_ACTION}_{number}", url, about=url)]
        + [_button(label, f"{MUTE_ACTION}_{mode}_{number}", url, about=url) for mode, label in MUTE_CHOICES]
    )


def report_messages(report: Report, limit: int = LIST_LIMIT) -> list[tuple[str, list[Block]]]:
    """[(text, blocks)]: the channel message first, then thread replies with what did not fit."""
    title = "Link health digest" if report.digest else f"Link health: {headline(report)}"
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=fit(title, 150), emoji=False)),
        ContextBlock(elements=[MarkdownTextObject(text=f"{counts_text(report.counts)} — {date(report.finished_at)}")]),
    ]
    rest: list[str] = []
    if report.broken:
        blocks += [DividerBlock(), SectionBlock(text=MarkdownTextObject(text=_TITLES["broken"]))]
        for number, item in enumerate(report.broken[:limit]):
            blocks.append(SectionBlock(text=MarkdownTextObject(text=line("broken", item))))
            buttons = None if report.digest else link_buttons(item.url, number)
            if buttons:
                blocks.append(buttons)
        if len(report.broken) > limit:
            more = report.broken[limit:]
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"_…and {len(more)} more in the thread_")]))
            rest += [f"{_TITLES['broken']} (continued)"] + [line("broken", item) for item in more]
    for kind in ("moved", "recovered", "still"):
        items = getattr(report, kind)
        if not items:
            continue
        lines = [line(kind, item) for item in items]
        shown, more = lines[:limit], lines[limit:]
        if more:
            shown.append(f"_…and {len(more)} more in the thread_")
            rest += [f"{_TITLES[kind]} (continued)"] + more
        blocks += [DividerBlock(), SectionBlock(text=MarkdownTextObject(text=_TITLES[kind]))] + _sections(shown)
        if kind == "moved" and not report.digest:
            blocks.append(ActionsBlock(elements=[_button("Apply moves", APPLY_MOVES_ACTION, report.run_id, "primary")]))
    if report.muted:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"{_plural(report.muted, 'muted link')} not shown: `/pyfw links` lists them."
                    )
                ]
            )
        )
    if report.digest and not report.changed and not report.still:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=":white_check_mark: All links are healthy.")))
    messages = [
        (summary_text(report) if not report.digest else f"Link health digest ({counts_text(report.counts)})", blocks)
    ]
    sections = _sections(rest)
    for start in range(0, len(sections), THREAD_BLOCKS):
        messages.append((f"{title} (continued)", sections[start : start + THREAD_BLOCKS]))
    return messages


def digest_report(
    run_id: str, links_by_url: Mapping[str, Sequence[Entry]], states: Mapping[str, dict], now: float
) -> Report:
    """A digest: the current health of every link (counts, and each broken link), even when all is well."""
    counts: dict[str, int] = {}
    still = []
    for url, entries in links_by_url.items():
        state = states.get(url) or {}
        status = state.get("status") or "unchecked"
        counts[status] = counts.get(status, 0) + 1
        if state.get("broken") == "1":
            still.append(
                Item(
                    url,
                    ", ".join(entry.name for entry in entries),
                    state.get("detail", ""),
                    float(state.get("failing_since") or 0) or None,
                )
            )
    return Report(run_id, now, counts, still=still, digest=True)
