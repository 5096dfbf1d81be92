"""The link-health report in Block Kit, and the Slack calls that post it.

`report_messages(report)` turns a Report into the messages to post: the first goes to the channel (counts, each
newly broken link with its entry, reason and since when, each moved link with its new address, recoveries); when
the lists are long, the first message shows `LIST_LIMIT` lines per list with a count of the rest, and the rest
follows as thread replies. Rendering is pure; posting is in `post_message` and `respond`.
"""

from __future__ import annotations

import time

from slack_sdk import WebClient
from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock
from slack_sdk.webhook import WebhookClient

from linkwatch.history import Item, Report

LIST_LIMIT = 10          # lines per list in the channel message; the rest goes to the thread
SECTION_CHARS = 2900     # Slack allows 3000 characters in a section's text
THREAD_BLOCKS = 40       # sections per thread reply (Slack allows 50 blocks per message)
_ICONS = {"ok": ":white_check_mark:", "moved": ":twisted_rightwards_arrows:", "broken": ":x:",
          "restricted": ":lock:", "timeout": ":hourglass:", "unreachable": ":no_entry:", "refused": ":shield:"}


def escape(text: str) -> str:
    """Slack mrkdwn escaping for text from web pages and the catalog."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(url: str) -> str:
    return f"<{url.replace('>', '%3E').replace('|', '%7C')}|{escape(url)}>"


def _when(epoch: float | None) -> str:
    if not epoch:
        return ""
    fallback = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(epoch))
    return f"<!date^{int(epoch)}^{{date_short_pretty}} {{time}}|{fallback}>"


def _line(kind: str, item: Item) -> str:
    entry = f" — *{escape(item.entry)}*" if item.entry else ""
    if kind == "broken":
        return f"• {_link(item.url)}{entry}: {escape(item.detail)}, failing since {_when(item.since)}"
    if kind == "moved":
        return f"• {_link(item.url)}{entry} → {_link(item.new_url or '')}"
    return f"• {_link(item.url)}{entry}: {escape(item.detail)} (failing since {_when(item.since)})"


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
    """Lines packed into as few sections as fit Slack's text limit."""
    sections, current = [], ""
    for line in lines:
        if current and len(current) + 1 + len(line) > SECTION_CHARS:
            sections.append(SectionBlock(text=MarkdownTextObject(text=current)))
            current = ""
        current = f"{current}\n{line}" if current else line[:SECTION_CHARS]
    if current:
        sections.append(SectionBlock(text=MarkdownTextObject(text=current)))
    return sections


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


def post_message(client: WebClient, channel: str, text: str, blocks: list[Block], thread_ts: str | None,
                 run_id: str, part: int) -> str:
    """Post one message; returns its ts. The run id and part ride along as message metadata, so a post whose
    outcome was never recorded can be found again (`find_posted`)."""
    response = client.chat_postMessage(
        channel=channel, text=text, blocks=blocks, thread_ts=thread_ts, unfurl_links=False,
        metadata={"event_type": "pyfw_link_report", "event_payload": {"run_id": run_id, "part": part}})
    return response["ts"]


def find_posted(client: WebClient, channel: str, run_id: str, part: int, oldest: float,
                thread_ts: str | None = None) -> str | None:
    """The ts of a message this run already posted as `part`, if Slack shows one (best effort).

    A first message is looked for in the channel's history, a thread reply among the replies of `thread_ts`
    (Slack's channel history does not list thread replies).
    """
    try:
        if thread_ts:
            response = client.conversations_replies(channel=channel, ts=thread_ts, include_all_metadata=True,
                                                    limit=200)
        else:
            response = client.conversations_history(channel=channel, oldest=str(oldest), include_all_metadata=True,
                                                    limit=200)
    except Exception:  # noqa: BLE001 - no history scope or no answer: treat as not posted
        return None
    for message in response.get("messages") or []:
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        if payload.get("run_id") == run_id and payload.get("part") == part:
            return message.get("ts")
    return None


def respond(response_url: str, report: Report) -> int:
    """Answer a `/pyfw links check` through its response_url with the run's summary (only to the asker);
    returns the HTTP status. The summary says "no changes" too: the asker wants to hear that the run ended."""
    text, blocks = report_messages(report)[0]
    return WebhookClient(response_url, timeout=30).send(text=text, blocks=blocks, response_type="ephemeral").status_code
