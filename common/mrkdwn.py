"""Slack mrkdwn helpers: escaping text people typed (or the catalog holds), fitting text into Slack's limits.

Slack reads `&`, `<` and `>` as control characters in mrkdwn: `<!channel>` pings a whole channel and `<@U123>`
mentions someone. Every piece of text pyfw did not write itself goes through `escape` before it is shown.
"""

from __future__ import annotations

ELLIPSIS = "…"


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
