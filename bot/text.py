"""Block Kit -> readable terminal text, for the console chat (`pyfw chat`).

Dates `<!date^…|fallback>` become their fallback, links `<url|title>` become `title: url`, escaped characters are
restored, `*bold*`/`_italic_` marks dropped, and buttons are shown as `[label]`.
"""

from __future__ import annotations

import re

_DATE = re.compile(r"<!date\^[^<>|]*\|([^<>]*)>")  # Slack's date in the reader's zone: its UTC fallback here
_LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>")
_BARE_LINK = re.compile(r"<([^<>|]+)>")
_EMPHASIS = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])|(?<![\w_])_([^_\n]+)_(?![\w_])")


def mrkdwn_to_text(text: str) -> str:
    text = _DATE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: f"{m.group(2)}: {m.group(1)}", text)
    text = _BARE_LINK.sub(lambda m: m.group(1), text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return as_typed(text)


def as_typed(text: str) -> str:
    """Slack's text with its three escapes undone, as the person typed it: Slack sends "flask <-> django" in a slash
    command or a message as "flask &lt;-&gt; django", and the engine should read the arrow, not "lt" and "gt"."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def blocks_to_text(blocks: list[dict]) -> str:
    """The blocks of one message as plain text lines."""
    out: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            name = block["text"]["text"]
            out += [name, "=" * min(len(name), 60)]
        elif kind == "section":
            if block.get("text"):
                out.append(_text(block["text"]))
            for field in block.get("fields") or []:
                out.append(_text(field))
            accessory = block.get("accessory")
            if accessory and accessory.get("type") == "button":
                out.append(f"  [{accessory['text']['text']}]")
        elif kind == "context":
            out.append("  ".join(_text(e) for e in block.get("elements", []) if "text" in e))
        elif kind == "actions":
            out.append(" ".join(f"[{e['text']['text']}]" for e in block.get("elements", []) if "text" in e))
        elif kind == "divider":
            out.append("-" * 40)
    return "\n".join(out) + "\n"


def _text(obj: dict) -> str:
    return mrkdwn_to_text(obj["text"]) if obj.get("type") == "mrkdwn" else obj.get("text", "")
