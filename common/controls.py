"""Characters that must never reach a log line or a terminal as they are: one definition, used by both.

C0 and C1 controls, DEL, the Unicode line and paragraph separators (line breaks to many log readers) and the
bidirectional marks, overrides and isolates (they reorder what a terminal shows: U+202E makes "txt.exe" read
"exe.txt"). `escape_controls` writes them as visible escapes; the catalog refuses them in names and titles.
"""

from __future__ import annotations

import re

CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str, keep: str = "") -> str:
    """`text` with every control character written as a visible escape (`\\n`, `\\x1b`, `\\u202e`), except those
    in `keep` (a terminal keeps its line breaks and tabs)."""
    if not keep:
        return CONTROLS.sub(_escape_one, text)
    return CONTROLS.sub(lambda match: match.group() if match.group() in keep else _escape_one(match), text)


def first_control(text: str) -> str | None:
    """The first control character in `text`, escaped for a message (`\\u202e`), or None when there is none."""
    match = CONTROLS.search(text)
    return _escape_one(match) if match else None


def _escape_one(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
