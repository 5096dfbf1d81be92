"""The link-health report: what a run (or a digest) found, and the Block Kit messages that tell it. Pure.

`report_messages(report)` turns a Report into the messages to post: the first goes to the channel (counts, each
newly broken link with its entry, reason and since when, each moved link with its new address, recoveries); when
the lists are long, the first message shows `LIST_LIMIT` lines per list with a count of the rest, and the rest
follows as thread replies. Posting them is `linkwatch.delivery`'s job.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from catalog import Entry
from common.mrkdwn import date, escape, link, pack_lines

LIST_LIMIT = 10          # lines per list in the channel message; the rest goes to the thread
SECTION_CHARS = 2900     # Slack allows 3000 characters in a section's text
THREAD_BLOCKS = 40       # sections per thread reply (Slack allows 50 blocks per message)
URL_LINK_CHARS = 1000    # a link to a URL longer than this shows the URL as text


@dataclass(frozen=True)
class Item:
    """One line of a report: a link, the entries using it, what is wrong (or new), since when."""

    url: str
    entry: str
    detail: str = ""
    since: float | None = None
    new_url: str | None = None


@dataclass(frozen=True)
class Report:
    """What one run found: counts by status, and the changes worth telling people about (`runs.plan_run`)."""

    run_id: str
    finished_at: float
    counts: dict[str, int]
    broken: list[Item] = field(default_factory=list)
    moved: list[Item] = field(default_factory=list)
    recovered: list[Item] = field(default_factory=list)
    still_broken: int = 0
    digest: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.broken or self.moved or self.recovered)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Report:
        data = json.loads(text)
        for key in ("broken", "moved", "recovered"):
            data[key] = [Item(**item) for item in data[key]]
        return cls(**data)


_ICONS = {"ok": ":white_check_mark:", "moved": ":twisted_rightwards_arrows:", "broken": ":x:",
          "restricted": ":lock:", "timeout": ":hourglass:", "unreachable": ":no_entry:", "refused": ":shield:"}


def _line(kind: str, item: Item) -> str:
    entry = f" — *{escape(item.entry)}*" if item.entry else ""
    if kind == "broken":
        return f"• {_link(item.url)}{entry}: {escape(item.detail)}, failing since {date(item.since)}"
    if kind == "moved":
        return f"• {_link(item.url)}{entry} → {_link(item.new_url or '')}"
    return f"• {_link(item.url)}{entry}: {escape(item.detail)} (failing since {date(item.since)})"


def _link(url: str) -> str:
    return link(url, url, URL_LINK_CHARS)


_TITLES = {"broken": ":x: *Broken*", "moved": ":twisted_rightwards_arrows: *Moved* (update the catalog)",
           "recovered": ":white_check_mark: *Recovered*"}


def counts_text(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = [f"{_ICONS.get(status, '')} {count} {status}" for status, count in counts.items() if count]
    return f"{total} link{'s' if total != 1 else ''} checked: " + " · ".join(parts)


def summary_text(report: Report) -> str:
    """The one-line text of a report (notification text, and the fallback for clients without blocks)."""
    bits = [f"{len(report.broken)} newly broken" if report.broken else "",
            f"{len(report.moved)} moved" if report.moved else "",
            f"{len(report.recovered)} recovered" if report.recovered else ""]
    changes = ", ".join(bit for bit in bits if bit) or "no changes"
    return f"Link health: {changes} ({counts_text(report.counts)})"


def _sections(lines: list[str]) -> list[SectionBlock]:
    return [SectionBlock(text=MarkdownTextObject(text=text)) for text in pack_lines(lines, SECTION_CHARS)]


def report_messages(report: Report, limit: int = LIST_LIMIT) -> list[tuple[str, list[Block]]]:
    """[(text, blocks)]: the channel message first, then thread replies with what did not fit."""
    title = ("Link health digest" if report.digest else "Link health changed" if report.changed
             else "Link health: no changes")
    blocks: list[Block] = [HeaderBlock(text=title),
                           ContextBlock(elements=[MarkdownTextObject(text=counts_text(report.counts))])]
    rest: list[str] = []
    for kind in ("broken", "moved", "recovered"):
        items = getattr(report, kind)
        if not items:
            continue
        lines = [_line(kind, item) for item in items]
        shown, more = lines[:limit], lines[limit:]
        if more:
            shown.append(f"_…and {len(more)} more in the thread_")
            rest += [f"{_TITLES[kind]} (continued)"] + more
        blocks += [DividerBlock(), SectionBlock(text=MarkdownTextObject(text=_TITLES[kind]))] + _sections(shown)
    if report.still_broken:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=f"{report.still_broken} link{'s' if report.still_broken != 1 else ''} still broken "
                 "from earlier reports")]))
    if report.digest and not report.changed and not report.still_broken:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=":white_check_mark: All links are healthy.")))
    messages = [(summary_text(report), blocks)]
    sections = _sections(rest)
    for start in range(0, len(sections), THREAD_BLOCKS):
        messages.append((f"{title} (continued)", sections[start:start + THREAD_BLOCKS]))
    return messages


def digest_report(run_id: str, links_by_url: Mapping[str, Sequence[Entry]], states: Mapping[str, dict],
                  now: float) -> Report:
    """A digest: the current health of every link (counts, and each link reported broken), even when all is well."""
    counts: dict[str, int] = {}
    broken = []
    for url, entries in links_by_url.items():
        state = states.get(url) or {}
        status = state.get("status") or "unchecked"
        counts[status] = counts.get(status, 0) + 1
        if state.get("reported_broken") == "1":
            broken.append(Item(url, ", ".join(entry.name for entry in entries), state.get("detail", ""),
                               float(state.get("failing_since") or 0) or None))
    return Report(run_id, now, counts, broken=broken, digest=True)
