"""Output a terminal cannot be spoofed by: every control character pyfw prints is written as a visible escape.

Catalog and guide text (names, overviews, titles, URLs, problems quoting them) reaches the terminal through
`pyfw catalog`, `ask`, `chat`, `links` and `status`. Validation refuses control and bidi characters where a catalog
should never have them, and this is the second line: whatever is printed, an escape sequence cannot recolour or
clear the screen, a carriage return cannot overwrite a line, and U+202E cannot reverse one (`common.controls`).
Line breaks and tabs are kept. JSON and TOML stay valid and mean the same (`\\u202e` is their own escape).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from common.controls import escape_controls

KEPT = "\n\t"


class SafeStream:
    """A text stream writing `escape_controls(text)` to the stream it wraps; `write_raw` is for pyfw's own codes
    (the progress bar's carriage return)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(escape_controls(text, keep=KEPT))
        return len(text)

    def write_raw(self, text: str) -> int:
        return self.stream.write(text)

    def __getattr__(self, name: str):  # flush, isatty, fileno, encoding...: the wrapped stream's
        return getattr(self.stream, name)


def safe_text(text: str) -> str:
    """`text` as it may be printed to a terminal (for messages printed outside `safe_output`)."""
    return escape_controls(text, keep=KEPT)


@contextmanager
def safe_output() -> Iterator[None]:
    """Within it, sys.stdout and sys.stderr escape control characters; put back as they were after."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def write_raw(stream: TextIO, text: str) -> None:
    """Write pyfw's own control codes (a carriage return) past a SafeStream, or to any other stream."""
    getattr(stream, "write_raw", stream.write)(text)
