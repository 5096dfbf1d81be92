"""Slack text (mrkdwn), in one place for the bot and the link reports: escaping, links, dates, fitting into limits.

Slack reads `&`, `<` and `>` as control characters in mrkdwn: `<!channel>` pings a whole channel and `<@U123>`
mentions someone. Every piece of text pyfw did not write itself goes through `escape` before it is shown.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from slack_sdk.models.messages import DateLink

ELLIPSIS = "…"
SECTION_TEXT = 3000  # Slack's limit on a section block's text


def escape(text: str) -> str:
    """Text with Slack's three control characters escaped, so it shows literally and never becomes a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(text: str, limit: int) -> str:
    """`text` escaped for mrkdwn and cut to at most `limit` characters (ending in '…' when cut).

    The cut happens before escaping, so an entity such as `&amp;` is never split in half.
    """
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    raw = text[: max(0, limit - 1)]
    while len(escape(raw)) > limit - 1:
        raw = raw[: len(raw) - max(1, (len(escape(raw)) - (limit - 1)) // 5)]  # a character escapes to at most 5
    return escape(raw) + ELLIPSIS


def cut(text: str, limit: int) -> str:
    """Plain text (not mrkdwn) cut to at most `limit` characters, ending in '…' when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + ELLIPSIS


def link(url: str, title: str, limit: int = 600) -> str:
    """A mrkdwn link `<url|title>`; title and URL escaped, the whole link at most `limit` characters.

    A URL too long for the limit is shown as escaped text instead of a broken link.
    """
    safe_url = escape(url).replace("|", "%7C")
    safe_title = fit(title.replace("|", "/"), max(20, limit - len(safe_url) - 3))
    text = f"<{safe_url}|{safe_title}>"
    return text if len(text) <= limit else fit(url, limit)


def one_line(text: str) -> str:
    """Whitespace (newlines included) folded to single spaces."""
    return " ".join(text.split())


def join_lines(lines: list[str], limit: int, more: str = "…and {n} more") -> str:
    """Whole lines joined with newlines up to `limit` characters; the rest summarised as '…and N more'."""
    out: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        tail = len(more.format(n=len(lines) - index)) + 1 if index < len(lines) - 1 else 0
        if used + len(line) + tail + (1 if out else 0) > limit:
            rest = len(lines) - index
            note = more.format(n=rest)
            if not out:  # not even one line fits: cut it
                return cut(line, limit)
            return "\n".join(out) + "\n" + note
        out.append(line)
        used += len(line) + (1 if len(out) > 1 else 0)
    return "\n".join(out)


def utc_text(epoch: float) -> str:
    """A time as plain text, the same everywhere: "2026-11-24 21:40 UTC"."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(epoch))


def date(epoch: float | None) -> str:
    """A time in mrkdwn that Slack shows in the reader's own time zone ("Yesterday at 9:40 PM"), with the UTC text
    for clients that cannot (and for the console chat); "an unknown time" when there is none."""
    if not epoch:
        return "an unknown time"
    return str(DateLink(date=int(epoch), date_format="{date_short_pretty} {time}", fallback=utc_text(epoch)))


def duration(seconds: float) -> str:
    """A span of time for people, in its largest whole unit: "40 seconds", "5 hours", "3 days"."""
    seconds = max(0.0, seconds)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    count = int(seconds)
    return f"{count} second{'s' if count != 1 else ''}"


def channel(channel_id: str) -> str:
    """A channel in mrkdwn: `<#C123>` (Slack shows its name) for an id, `#name` for a name."""
    if channel_id[:1] in ("C", "G") and channel_id[1:].isalnum() and channel_id.isupper():
        return f"<#{channel_id}>"
    return escape("#" + channel_id.lstrip("#"))


def pack_lines(lines: Sequence[str], limit: int = SECTION_TEXT) -> list[str]:
    """Lines joined with newlines into as few texts of at most `limit` characters as they fit in, in order (one
    text per section block); a single line longer than `limit` is cut."""
    texts: list[str] = []
    current = ""
    for line in lines:
        line = cut(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            texts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        texts.append(current)
    return texts
