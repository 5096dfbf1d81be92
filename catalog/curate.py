"""A curator's changes to the catalog file: keywords added by hand, and curated fields kept across a re-import.

Curated fields (`aliases`, `keywords`) are not in the markdown guide, so importing the guide again over a catalog
must carry them over, never drop them. `add_keyword` edits the TOML with tomlkit so that comments and layout stay
as the curator left them, and writes nothing unless the whole catalog still validates; `apply_moves` rewrites
permanently moved link URLs the same way.
"""

from __future__ import annotations

import difflib
import os
import tempfile
import tomllib
from dataclasses import replace
from pathlib import Path

import tomlkit

from catalog.loader import MAX_KEYWORD_LENGTH, CatalogError, keyword_key, load_catalog, parse_catalog
from catalog.model import Entry
from catalog.shape import too_deep
from catalog.text import compact

CURATED_FIELDS = ("aliases", "keywords")


def merge_curated(entries: list[Entry], existing: str | Path) -> tuple[list[Entry], int]:
    """`entries` (freshly imported) with the aliases and keywords the catalog at `existing` gives the same names;
    returns them and how many entries kept something. A missing file keeps nothing; an unreadable one is an error,
    so a broken catalog is never silently replaced."""
    path = Path(existing)
    if not path.exists():
        return entries, 0
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(
            [
                f"{path}: cannot read the catalog to keep its keywords and aliases ({exc}); "
                "fix it or write to another file"
            ]
        ) from None
    except RecursionError:
        raise CatalogError([too_deep(path.read_text(encoding="utf-8"), str(path))]) from None
    curated: dict[str, dict[str, list[str]]] = {}
    for raw in document.get("entry", []) if isinstance(document.get("entry"), list) else []:
        if isinstance(raw, dict) and isinstance(raw.get("name"), str):
            fields = {
                f: [v for v in raw.get(f, []) if isinstance(v, str)]
                for f in CURATED_FIELDS
                if isinstance(raw.get(f), list)
            }
            curated[raw["name"].strip().casefold()] = fields
    merged, kept = [], 0
    for entry in entries:
        fields = curated.get(entry.name.casefold(), {})
        aliases = tuple(dict.fromkeys((*entry.aliases, *fields.get("aliases", ()))))
        keywords = tuple(dict.fromkeys((*entry.keywords, *fields.get("keywords", ()))))
        if (aliases, keywords) != (entry.aliases, entry.keywords):
            kept += 1
        merged.append(replace(entry, aliases=aliases, keywords=keywords))
    return merged, kept


class KeywordError(ValueError):
    """A keyword that cannot be added; the message says why, for a person."""


def add_keyword(path: str | Path, entry_name: str, keyword: str) -> str:
    """Add `keyword` to the entry named `entry_name` (or an alias) in the catalog file at `path`.

    Returns what was done, for a person. Raises CatalogError when the catalog is broken, KeywordError when the
    keyword is empty, too long, another entry's name, or another entry's keyword.
    """
    path = Path(path)
    catalog = load_catalog(path)
    entry = catalog.get(entry_name)
    if entry is None:
        names = ", ".join(e.name for e in catalog)
        raise KeywordError(f"{path}: no entry named '{entry_name}' (entries: {names})")
    keyword = " ".join(keyword.split())
    key = keyword_key(keyword)
    if not key:
        raise KeywordError("the keyword is empty" if not keyword else f"keyword '{keyword}' has no letters or digits")
    if len(keyword) > MAX_KEYWORD_LENGTH:
        raise KeywordError(
            f"keyword '{keyword}' is longer than {MAX_KEYWORD_LENGTH} characters: use a word or a short phrase"
        )
    for other in catalog:
        if any(keyword_key(k) == key for k in other.keywords):
            if other is entry:
                return f"{entry.name} already has the keyword '{keyword}'; nothing changed"
            raise KeywordError(f"keyword '{keyword}' is already a keyword of entry '{other.name}'")
        if other is not entry and compact(keyword) in {compact(n) for n in (other.name, *other.aliases)}:
            raise KeywordError(f"'{keyword}' is the name or alias of entry '{other.name}'")
    text = path.read_text(encoding="utf-8")
    document = tomlkit.parse(text)
    table = next(t for t in document["entry"] if str(t.get("name", "")).strip() == entry.name)
    if "keywords" in table:
        table["keywords"].append(keyword)
    else:
        table.append("keywords", [keyword])
    new_text = tomlkit.dumps(document)
    parse_catalog(new_text, str(path))  # the whole catalog must still be valid before anything is written
    _write_atomically(path, new_text)
    return f"added keyword '{keyword}' to {entry.name} in {path}"


def apply_moves(path: str | Path, moves: dict[str, str], *, dry_run: bool = False) -> tuple[str, int]:
    """Rewrite each link URL in `moves` (old → new) in the catalog at `path`; returns (unified diff, links changed).

    tomlkit keeps every comment and the layout; the result must validate as a whole before anything is written,
    and with `dry_run` nothing is. Raises CatalogError when the catalog (or the result) is not valid.
    """
    path = Path(path)
    load_catalog(path)
    text = path.read_text(encoding="utf-8")
    document = tomlkit.parse(text)
    changed = 0
    for table in document.get("entry", []):
        for item in table.get("links", []):
            new = moves.get(str(item.get("url", "")))
            if new and new != item["url"]:
                item["url"] = new
                changed += 1
    new_text = tomlkit.dumps(document)
    if not changed:
        return "", 0
    parse_catalog(new_text, str(path))  # a move to a URL the catalog refuses stops here, before any write
    diff = "".join(
        difflib.unified_diff(
            text.splitlines(keepends=True), new_text.splitlines(keepends=True), f"a/{path.name}", f"b/{path.name}"
        )
    )
    if not dry_run:
        _write_atomically(path, new_text)
    return diff, changed


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename, so a failure never leaves half a catalog."""
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
