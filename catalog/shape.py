"""Checks that keep a hostile or broken catalog file from doing harm: nesting too deep to parse, and control or
bidi characters in what is shown on one line.

A catalog needs arrays and inline tables two deep (`links = [{ ... }]`); Python's TOML parser recurses once per
level and dies with a RecursionError near 500, which must be one line naming where, not a 3,000-line traceback.
A control or bidirectional character (`common.controls`) in a name, category, alias, keyword or link title could
rewrite or reorder what a terminal shows (U+202E reverses the rest of a line), so those fields refuse them; long
texts (overview, features) may hold them and are escaped wherever they are printed (`pyfw.terminal`).
"""

from __future__ import annotations

from collections.abc import Callable

from common.controls import first_control

NESTING_NAMED = 100  # a file that failed to parse is searched for the line where nesting first passes this
# The largest catalog or guide file pyfw reads. Every pyfw process parses and checks the catalog at start-up, and
# Python's TOML parser needs ~10 bytes of memory per byte of file: a 48 MB catalog (100,000 entries) took 18 s and
# 480 MB to validate on a busy 2-CPU machine, a 146 MB one (300,000) 37 s and 1.4 GB (bench/bench_catalog_size.py).
MAX_FILE_MB = 64


def file_too_large(path: object, size: int, what: str = "catalog") -> str | None:
    """The one-line problem for a file over MAX_FILE_MB, before any of it is read; None when it is not."""
    if size <= MAX_FILE_MB * 1024 * 1024:
        return None
    return (
        f"{path}: the {what} file is {size / 1024 / 1024:.0f} MB, more than the {MAX_FILE_MB} MB pyfw reads "
        "(about 130,000 entries); split it or trim it"
    )


def one_line(value: str, what: str, problem: Callable[[str], None]) -> str:
    """`value`, or "" with a problem when it holds a control or bidi character (named as an escape: `\\u202e`)."""
    control = first_control(value)
    if control:
        problem(f"{what} contains the control character {control} (it could rewrite what a terminal shows)")
        return ""
    return value


def too_deep(text: str, source: str) -> str:
    """The one-line problem for a file nested too deep to parse: `file:line: ...` when the line can be found."""
    line = _deep_line(text)
    where = f"{source}:{line}" if line else source
    return f"{where}: arrays or tables nested too deep to read (more than {NESTING_NAMED} levels; a catalog needs 2)"


def _deep_line(text: str) -> int | None:
    """The line where arrays or inline tables first nest deeper than NESTING_NAMED; brackets in strings and
    comments are skipped. Only run after the parser gave up, so its speed does not matter."""
    depth, line, quote, position, end = 0, 1, "", 0, len(text)
    while position < end:
        char = text[position]
        if char == "\n":
            line += 1
        if quote:
            if text.startswith(quote, position):
                position, quote = position + len(quote), ""
                continue
            if char == "\\" and quote[0] == '"':  # an escape: the next character is part of the string
                line += text[position + 1 : position + 2] == "\n"
                position += 1
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, position) else char
            position += len(quote)
            continue
        elif char == "#":
            newline = text.find("\n", position)
            position = end if newline < 0 else newline
            continue
        elif char in "[{":
            depth += 1
            if depth > NESTING_NAMED:
                return line
        elif char in "]}":
            depth -= 1
        position += 1
    return None
