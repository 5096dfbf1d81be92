"""Reading and checking the catalog file.

The catalog is one human-edited TOML file, so every problem is reported the way a person fixes it: the file,
the line, the entry and the field. Problems are collected, not raised one at a time, so one `pyfw catalog
validate` shows everything that needs fixing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from catalog.model import Catalog, Entry, Link
from catalog.shape import file_too_large, one_line, too_deep
from catalog.text import compact, stem, tokens
from common.controls import first_control

SHIPPED_CATALOG = Path(__file__).with_name("catalog.toml")

ENTRY_FIELDS = {"name", "category", "overview", "features", "use_cases", "links", "aliases", "keywords"}
_ENTRY_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*entry[ \t]*\]\]", re.MULTILINE)
_KEYWORDS_LINE = re.compile(r"^[ \t]*keywords[ \t]*=")
# A keyword is a word or a short phrase ("swagger", "task queue"), not a sentence.
MAX_KEYWORD_LENGTH = 40


class CatalogError(Exception):
    """A catalog that cannot be used, with every problem found, each naming where it is."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
        super().__init__(problems[0] + (more if len(problems) > 1 else ""))


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load and validate the catalog at `path` (the shipped one when None); raise CatalogError if unusable."""
    path = Path(path) if path else SHIPPED_CATALOG
    try:
        too_large = file_too_large(path, path.stat().st_size)
        if too_large:
            raise CatalogError([too_large])
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError([f"{path}: catalog file not found"]) from None
    except IsADirectoryError:
        raise CatalogError([f"{path}: is a directory, not a catalog file"]) from None
    except OSError as exc:
        raise CatalogError([f"{path}: cannot read catalog file: {exc.strerror}"]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError([f"{path}:{line}: not valid UTF-8 (byte {exc.start})"]) from None
    return parse_catalog(text, str(path))


def parse_catalog(text: str, source: str = "<catalog>") -> Catalog:
    """Parse catalog TOML text; `source` names the file in messages."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError([f"{source}: invalid TOML: {exc}"]) from None
    except RecursionError:  # Python's TOML parser recurses once per level of nesting
        raise CatalogError([too_deep(text, source)]) from None
    problems = [
        f"{source}: unknown top-level key '{key}' (expected [[entry]] tables)" for key in document if key != "entry"
    ]
    raw_entries = document.get("entry")
    if raw_entries is None:
        raise CatalogError(problems + [f"{source}: no [[entry]] tables: the catalog is empty"])
    if not isinstance(raw_entries, list):
        raise CatalogError(problems + [f"{source}: 'entry' must be an array of tables ([[entry]])"])
    lines = _header_lines(text)
    if len(lines) != len(raw_entries):
        lines = []
    entries, entry_problems = build_entries(raw_entries, source, lines, _keyword_lines(text, lines))
    problems += entry_problems
    if problems:
        raise CatalogError(problems)
    return Catalog(tuple(entries), source=source)


def _header_lines(text: str) -> list[int]:
    """The 1-based line of each [[entry]] header, counted in one pass."""
    lines, line, position = [], 1, 0
    for match in _ENTRY_HEADER.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines.append(line)
    return lines


def _keyword_lines(text: str, lines: list[int]) -> list[int | None]:
    """For each entry, the line of its `keywords =` field (None when it has none), so keyword problems point there."""
    if not lines:
        return []
    found: list[int | None] = [None] * len(lines)
    entry = -1
    for number, line in enumerate(text.splitlines(), start=1):
        while entry + 1 < len(lines) and lines[entry + 1] <= number:
            entry += 1
        if entry >= 0 and found[entry] is None and _KEYWORDS_LINE.match(line):
            found[entry] = number
    return found


def build_entries(
    raw_entries: list, source: str, lines: list[int] | None = None, keyword_lines: list[int | None] | None = None
) -> tuple[list[Entry], list[str]]:
    """Turn raw entry tables into entries, checking each field; returns the entries and the problems found.

    Shared by the TOML loader and the markdown importer, so both reject the same mistakes the same way.
    `keyword_lines`: the line of each entry's `keywords` field, where keyword problems are reported.
    """
    problems: list[str] = []
    entries: list[Entry] = []
    owner_of_key: dict[str, str] = {}
    owner_of_keyword: dict[str, str] = {}
    placed_keywords: list[tuple[str, Callable[[str], None], str]] = []
    for index, raw in enumerate(raw_entries):
        line = lines[index] if lines and index < len(lines) else None
        where = f"{source}:{line}" if line else source
        if not isinstance(raw, Mapping):
            problems.append(f"{where}: entry #{index + 1} is not a table")
            continue
        name = raw.get("name")
        label = f"entry '{name}'" if isinstance(name, str) and name.strip() else f"entry #{index + 1}"

        def problem(message: str, _where: str = where, _label: str = label) -> None:
            problems.append(f"{_where}: {_label}: {message}")

        for key in raw:
            if key not in ENTRY_FIELDS:
                problem(f"unknown field '{key}' (fields are: {', '.join(sorted(ENTRY_FIELDS))})")
        name = one_line(_text(raw, "name", problem), "field 'name'", problem)
        category = one_line(_text(raw, "category", problem), "field 'category'", problem)
        overview = _text(raw, "overview", problem)
        features = _text_list(raw, "features", problem, required=True)
        use_cases = _text_list(raw, "use_cases", problem, required=False)
        aliases = [
            alias
            for number, alias in enumerate(_text_list(raw, "aliases", problem, required=False), start=1)
            if one_line(alias, f"alias #{number}", problem)
        ]
        keyword_line = keyword_lines[index] if keyword_lines and index < len(keyword_lines) else None
        keyword_where = f"{source}:{keyword_line}" if keyword_line else where

        def keyword_problem(message: str, _where: str = keyword_where, _label: str = label) -> None:
            problems.append(f"{_where}: {_label}: {message}")

        keywords = _keywords(raw, keyword_problem, owner_of_keyword, name or label)
        placed_keywords += [(keyword, keyword_problem, name or label) for keyword in keywords]
        links = _links(raw.get("links"), problem)
        for key in dict.fromkeys(k.casefold() for k in (name, *aliases) if k):
            other = owner_of_key.get(key)
            if other is not None:
                problem(f"name or alias '{key}' is already used by entry '{other}'")
            else:
                owner_of_key[key] = name or label
        if name and category and overview and features and links:
            entries.append(
                Entry(
                    name,
                    category,
                    overview,
                    tuple(features),
                    tuple(use_cases),
                    tuple(links),
                    tuple(a for a in aliases if a.casefold() != name.casefold()),
                    tuple(keywords),
                )
            )
    # A keyword that is another entry's name or alias would never be read as a keyword: the name wins.
    name_owner = {compact(key): owner for key, owner in owner_of_key.items()}
    for keyword, keyword_problem, owner in placed_keywords:
        other = name_owner.get(compact(keyword))
        if other is not None and other != owner:
            keyword_problem(f"keyword '{keyword}' is the name or alias of entry '{other}'")
    return entries, problems


def keyword_key(keyword: str) -> str:
    """How two keywords are told apart: as the engine reads them ("Task-Queues" and "task queue" are one)."""
    return " ".join(stem(word) for word in tokens(keyword))


def _keywords(raw: Mapping, problem, owner_of_keyword: dict[str, str], owner: str) -> list[str]:
    """The entry's keywords: a list of short texts, each owned by one entry only (else the bot could not choose)."""
    value = raw.get("keywords")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problem("field 'keywords' must be a list of text")
        return []
    keywords: list[str] = []
    seen: set[str] = set()
    for number, item in enumerate(value, start=1):
        keyword = " ".join(item.split())
        if one_line(keyword, f"keyword #{number}", problem) != keyword:
            continue
        key = keyword_key(keyword)
        if not key:
            problem(f"keyword #{number} {'is empty' if not keyword else 'has no letters or digits'}")
            continue
        if len(keyword) > MAX_KEYWORD_LENGTH:
            problem(f"keyword #{number} '{keyword[:40]}…' is longer than {MAX_KEYWORD_LENGTH} characters")
            continue
        if key in seen:
            problem(f"keyword '{keyword}' is listed twice")
            continue
        seen.add(key)
        other = owner_of_keyword.get(key)
        if other is not None:
            problem(f"keyword '{keyword}' is already a keyword of entry '{other}'")
            continue
        owner_of_keyword[key] = owner
        keywords.append(keyword)
    return keywords


def _text(raw: Mapping, field: str, problem) -> str:
    value = raw.get(field)
    if value is None:
        problem(f"field '{field}' is missing")
        return ""
    if not isinstance(value, str):
        problem(f"field '{field}' must be text, not {_kind(value)}")
        return ""
    if not value.strip():
        problem(f"field '{field}' is empty")
        return ""
    return value.strip()


def _text_list(raw: Mapping, field: str, problem, required: bool) -> list[str]:
    value = raw.get(field)
    if value is None:
        if required:
            problem(f"field '{field}' is missing (give at least one)")
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problem(f"field '{field}' must be a list of text")
        return []
    items = [item.strip() for item in value if item.strip()]
    if required and not items:
        problem(f"field '{field}' is empty (give at least one)")
    return items


def _links(value: object, problem) -> list[Link]:
    if value is None:
        problem("field 'links' is missing (give at least one documentation link)")
        return []
    if not isinstance(value, list) or not value:
        problem("field 'links' must be a non-empty list of {title, url} tables")
        return []
    links = []
    for number, raw in enumerate(value, start=1):
        if not isinstance(raw, Mapping):
            problem(f"link #{number} must be a table with 'title' and 'url'")
            continue
        url, title = raw.get("url"), raw.get("title")
        if not isinstance(url, str) or not url.strip():
            problem(f"link #{number} has no 'url'")
            continue
        reason = url_problem(url)
        if reason:
            problem(f"link #{number} '{url}' {reason}")
            continue
        if title is not None and not isinstance(title, str):
            problem(f"link #{number} 'title' must be text")
            continue
        if title and one_line(title, f"link #{number} 'title'", problem) != title:
            continue
        links.append(Link(title=(title or url).strip(), url=url.strip()))
    return links


def url_problem(url: str) -> str | None:
    """Why `url` is not an absolute http(s) URL, or None when it is one."""
    url = url.strip()
    if any(ch.isspace() for ch in url):
        return "contains whitespace"
    control = first_control(url)
    if control:
        return f"contains the control character {control}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"'{parts.scheme}:'" if parts.scheme else "no"
        return f"is not an absolute http(s) URL ({scheme} scheme)"
    if not parts.hostname:
        return "is not an absolute http(s) URL (no host)"
    return None


def _kind(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


def iter_links(catalog: Iterable[Entry]) -> Iterable[tuple[Entry, Link]]:
    """Every (entry, link) pair in catalog order."""
    for entry in catalog:
        for link in entry.links:
            yield entry, link
