"""Importing a study guide written in markdown into a catalog file.

The guide's shape: `## Category`, `### Name`, then a bullet list of `**Overview**: text`, `**Features**:` with a
nested list, `**Use Cases**:` with a nested list and `**Resources**:` with a nested list of markdown links.
markdown-it-py parses it into tokens, so emphasis, links and nesting are read the way a markdown renderer reads
them rather than guessed with regular expressions.
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from markdown_it import MarkdownIt

from catalog.loader import CatalogError, build_entries
from catalog.model import Entry
from catalog.shape import file_too_large

# Which bullet label fills which field; labels are compared in lower case without spaces.
SECTION_FIELDS = {
    "overview": "overview",
    "features": "features",
    "usecases": "use_cases",
    "resources": "links",
    "documentation": "links",
    "links": "links",
}
# Block structure for the whole guide, inline parsing only where links are read: inline parsing every bullet
# would double the time of a 10,000-entry import for nothing (labels are read from the raw item text).
_BLOCK_PARSER = MarkdownIt("commonmark").disable("inline")
_INLINE_PARSER = MarkdownIt("commonmark")
# markdown-it drops links to javascript:, vbscript:, file: and most data: URLs (a renderer must never make them
# clickable), which would make the importer lose them silently and then blame an empty `links` field. The importer
# renders nothing: it keeps every link, so the catalog's own check refuses it by name, file and line.
_INLINE_PARSER.validateLink = lambda url: True
_LABEL = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*", re.DOTALL)


def read_guide(path: str | Path) -> str:
    """The guide's text; invalid UTF-8 or an unreadable file is a CatalogError naming the file and line."""
    path = Path(path)
    try:
        too_large = file_too_large(path, path.stat().st_size, "guide")
        if too_large:
            raise CatalogError([too_large])
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError([f"{path}: guide file not found"]) from None
    except OSError as exc:
        raise CatalogError([f"{path}: cannot read guide: {exc.strerror}"]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError([f"{path}:{line}: not valid UTF-8 (byte {exc.start}); save the guide as UTF-8"]) from None


def parse_guide(text: str, source: str = "<guide>") -> list[Entry]:
    """All entries of a guide, checked like a catalog file; raises CatalogError naming the guide's lines."""
    chunks = _split_for_workers(text)
    if len(chunks) > 1:
        with ProcessPoolExecutor(len(chunks)) as pool:
            scans = list(pool.map(_scan, chunks))
    else:
        scans = [_scan(chunks[0])]
    raw_entries: list[dict] = []
    lines: list[int] = []
    category: str | None = None
    for chunk_entries, chunk_lines, chunk_category in scans:
        for raw in chunk_entries:
            if raw.pop("_before_any_category", False) and category:
                raw["category"] = category  # the chunk started under the previous chunk's ## heading
        raw_entries += chunk_entries
        lines += chunk_lines
        category = chunk_category or category
    entries, problems = build_entries(raw_entries, source, lines)
    if not raw_entries:
        problems.append(f"{source}: no entries found (expected '## Category' and '### Name' headings)")
    if problems:
        raise CatalogError(problems)
    return entries


def _split_for_workers(text: str) -> list[tuple[str, int]]:
    """Large guides are cut at `### ` headings into one piece per core, each with its first line's offset.

    A `### ` at the start of a line always starts a heading block in CommonMark, except inside fenced code or
    raw HTML, so guides containing those are parsed in one piece.
    """
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(text) < 1_000_000 or "```" in text or "~~~" in text or "\n<" in text:
        return [(text, 0)]
    cuts, target = [0], len(text) // workers
    for _ in range(workers - 1):
        cut = text.find("\n### ", cuts[-1] + target)
        if cut < 0:
            break
        cuts.append(cut + 1)
    cuts.append(len(text))
    pieces, offset = [], 0
    for begin, end in zip(cuts, cuts[1:], strict=False):
        pieces.append((text[begin:end], offset))
        offset += text.count("\n", begin, end)
    return pieces


def _scan(piece: tuple[str, int]) -> tuple[list[dict], list[int], str | None]:
    """Raw entries of one piece of a guide, their 1-based lines, and the last ## category seen in it."""
    text, line_offset = piece
    raw_entries: list[dict] = []
    lines: list[int] = []
    category: str | None = None
    heading: str | None = None
    current: dict | None = None
    section: str | None = None
    # The entry's own bullet list sits at nesting level 0 right after its ### heading.
    list_depth = 0
    for token in _BLOCK_PARSER.parse(text):
        kind = token.type
        if kind == "heading_open":
            heading = token.tag
            continue
        if kind == "heading_close":
            heading = None
            continue
        if heading is not None and kind == "inline":
            if heading == "h2":
                category, current = token.content.strip(), None
            elif heading == "h3":
                current = {"name": token.content.strip()}
                if category:
                    current["category"] = category
                else:
                    current["_before_any_category"] = True
                raw_entries.append(current)
                lines.append(line_offset + (token.map[0] + 1 if token.map else 0))
                section = None
            else:
                current = None
            continue
        if current is None:
            continue
        if kind == "bullet_list_open":
            list_depth += 1
        elif kind == "bullet_list_close":
            list_depth -= 1
        elif kind == "inline" and list_depth == 1:
            section = _start_section(current, token.content)
        elif kind == "inline" and list_depth == 2 and section:
            _add_item(current, section, token)
    return raw_entries, lines, category


def _start_section(entry: dict, content: str) -> str | None:
    match = _LABEL.match(content)
    if not match:
        return None
    field = SECTION_FIELDS.get(re.sub(r"\s+", "", match.group(2)).lower().rstrip(":"))
    rest = content[match.end() :].strip()
    if field == "overview":
        entry["overview"] = rest
        return None
    if field:
        entry.setdefault(field, [])
    return field


def _add_item(entry: dict, field: str, token) -> None:
    if field != "links":
        entry[field].append(token.content.strip())
        return
    href, title = None, []
    inline = _INLINE_PARSER.parseInline(token.content)
    for child in inline[0].children if inline else []:
        if child.type == "link_open":
            href, title = child.attrGet("href"), []
        elif child.type in ("text", "code_inline") and href is not None:
            title.append(child.content)
        elif child.type == "link_close" and href is not None:
            entry[field].append({"title": "".join(title).strip() or str(href), "url": str(href)})
            href = None


def catalog_toml(entries: list[Entry]) -> str:
    """A catalog file holding `entries`, in the shipped catalog's layout."""
    out = ["# pyfw catalog: one [[entry]] per framework or tool. Check with `pyfw catalog validate`.\n"]
    for entry in entries:
        out.append("\n[[entry]]\n")
        out.append(f"name = {_toml_str(entry.name)}\n")
        out.append(f"category = {_toml_str(entry.category)}\n")
        out.append(f"aliases = {_toml_list(entry.aliases)}\n")
        out.append(f"keywords = {_toml_list(entry.keywords)}\n")
        out.append(f"overview = {_toml_str(entry.overview)}\n")
        out.append(f"features = {_toml_list(entry.features)}\n")
        out.append(f"use_cases = {_toml_list(entry.use_cases)}\n")
        out.append("links = [\n")
        for link in entry.links:
            out.append(f"  {{ title = {_toml_str(link.title)}, url = {_toml_str(link.url)} }},\n")
        out.append("]\n")
    return "".join(out)


def _toml_str(value: str) -> str:
    # A JSON string is a valid TOML basic string, except that TOML also wants DEL escaped.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_list(values) -> str:
    if not values:
        return "[]"
    if sum(len(v) for v in values) < 80:
        return "[" + ", ".join(_toml_str(v) for v in values) + "]"
    return "[\n" + "".join(f"  {_toml_str(v)},\n" for v in values) + "]"
