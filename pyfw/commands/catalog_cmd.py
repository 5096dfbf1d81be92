"""`pyfw catalog import|validate|show|add-keyword|apply-moves|unfurl-domains`: the catalog file, by command."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from catalog import SHIPPED_CATALOG, CatalogError, load_catalog
from catalog.curate import KeywordError, add_keyword, merge_curated
from catalog.guide import catalog_toml, parse_guide, read_guide
from catalog.loader import parse_catalog
from catalog.urls import MAX_UNFURL_DOMAINS, catalog_hosts, unfurl_domains


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("catalog", help="import, validate or show the catalog")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    importer = actions.add_parser(
        "import",
        help="turn a markdown study guide into a catalog file",
        description="Turn a markdown study guide into a catalog file. Written over an existing catalog, the "
        "aliases and keywords it gives an entry of the same name are kept.",
    )
    importer.add_argument("guide", help="the guide (markdown in the seed's shape)")
    importer.add_argument("-o", "--output", required=True, help="the catalog file to write ('-' for stdout)")
    importer.set_defaults(run=run_import)

    validate = actions.add_parser("validate", help="check a catalog file (default: the one in use)")
    validate.add_argument("path", nargs="?", help="catalog file (default: PYFW_CATALOG or the shipped one)")
    validate.set_defaults(run=run_validate)

    show = actions.add_parser("show", help="print the catalog")
    show.add_argument("--json", action="store_true", help="print a JSON list of entries")
    show.add_argument("--catalog", help="catalog file (default: PYFW_CATALOG or the shipped one)")
    show.set_defaults(run=run_show)

    keyword = actions.add_parser(
        "add-keyword",
        help="teach an entry a word or phrase people use for it (keeps the file's comments)",
        description='Add a keyword to an entry, e.g. pyfw catalog add-keyword FastAPI "swagger". The file keeps '
        "its comments and layout; nothing is written unless the catalog still validates, and a keyword "
        "another entry owns is refused.",
    )
    keyword.add_argument("entry", help="the entry's name or alias")
    keyword.add_argument("keyword", help="a word or short phrase (at most 40 characters)")
    keyword.add_argument("--catalog", help="catalog file (default: PYFW_CATALOG or the shipped one)")
    keyword.set_defaults(run=run_add_keyword)

    moves = actions.add_parser(
        "apply-moves",
        help="rewrite the links the link watch found permanently moved (keeps the file's comments)",
        description="Rewrite every catalog link that the last link checks found permanently moved (301/308 to a "
        "working page) to its new address, keeping comments and layout, and print the diff. Needs "
        "REDIS_URL (where the link watch keeps its verdicts). Nothing is written unless the catalog "
        "still validates.",
    )
    moves.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    moves.add_argument("--catalog", help="catalog file (default: PYFW_CATALOG or the shipped one)")
    moves.set_defaults(run=run_apply_moves)

    domains = actions.add_parser(
        "unfurl-domains",
        help="the docs hosts whose links unfurl in Slack (manifest.yml's unfurl_domains)",
        description="Print the hosts of the catalog's docs links for manifest.yml's features.unfurl_domains: "
        "the manifest's current choice while those hosts still have links, then the hosts with most links, "
        f"{MAX_UNFURL_DOMAINS} at most (Slack's limit). --write puts them into the manifest, keeping the rest.",
    )
    domains.add_argument("--manifest", default="manifest.yml", help="the app manifest (default: ./manifest.yml)")
    domains.add_argument("--write", action="store_true", help="rewrite the manifest's unfurl_domains list")
    domains.add_argument("--catalog", help="catalog file (default: PYFW_CATALOG or the shipped one)")
    domains.set_defaults(run=run_unfurl_domains)


def run_import(args: argparse.Namespace, settings) -> int:
    try:
        entries = parse_guide(read_guide(args.guide), args.guide)
    except CatalogError as exc:  # every problem, each naming the guide's line, as `validate` does
        for problem in exc.problems:
            print(f"pyfw: {problem}", file=sys.stderr)
        return 1
    kept = 0
    try:
        if args.output != "-":
            entries, kept = merge_curated(entries, args.output)
        text = catalog_toml(entries)
        if kept:  # what was kept is checked like the rest: nothing is written unless the result validates
            parse_catalog(text, args.output)
    except CatalogError as exc:
        for problem in exc.problems:
            print(f"pyfw: {problem}", file=sys.stderr)
        return 1
    if args.output == "-":
        sys.stdout.write(text)
    else:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"pyfw: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return 1
        note = f" (kept the aliases and keywords of {kept} of them)" if kept else ""
        print(f"wrote {len(entries)} entries to {args.output}{note}", file=sys.stderr)
    return 0


def run_add_keyword(args: argparse.Namespace, settings) -> int:
    try:
        print(add_keyword(args.catalog or settings.catalog_path or SHIPPED_CATALOG, args.entry, args.keyword))
    except CatalogError as exc:
        for problem in exc.problems:
            print(f"pyfw: {problem}", file=sys.stderr)
        return 1
    except KeywordError as exc:
        print(f"pyfw: {exc}", file=sys.stderr)
        return 1
    return 0


def run_apply_moves(args: argparse.Namespace, settings) -> int:
    import redis

    from catalog.curate import apply_moves
    from common.settings import SettingsError, redis_location
    from linkwatch import health

    if not settings.redis_url:
        raise SettingsError("REDIS_URL is not set: the moved links are the link watch's verdicts, kept in Redis")
    path = args.catalog or settings.catalog_path or SHIPPED_CATALOG
    catalog = load_catalog(path)
    try:
        latest = health.latest_health(health.connect(settings.redis_url), catalog)
    except (health.Unavailable, redis.RedisError) as exc:
        print(f"pyfw: cannot reach Redis at {redis_location(settings.redis_url)} (REDIS_URL): {exc}", file=sys.stderr)
        return 1
    moves = {h.url: h.final_url for links in latest.values() for h in links if h.status == "moved" and h.final_url}
    try:
        diff, changed = apply_moves(path, moves, dry_run=args.dry_run)
    except CatalogError as exc:
        for problem in exc.problems:
            print(f"pyfw: {problem}", file=sys.stderr)
        return 1
    sys.stdout.write(diff)
    verb = "would rewrite" if args.dry_run else "rewrote"
    print(
        f"{verb} {changed} moved link{'s' if changed != 1 else ''} in {path}"
        if changed
        else f"no moved links to rewrite in {path}",
        file=sys.stderr,
    )
    return 0


def run_validate(args: argparse.Namespace, settings) -> int:
    try:
        catalog = load_catalog(args.path or settings.catalog_path)
    except CatalogError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''} found", file=sys.stderr)
        return 1
    links = sum(len(entry.links) for entry in catalog)
    print(f"{catalog.source}: ok ({len(catalog)} entries, {len(catalog.categories)} categories, {links} links)")
    return 0


def run_show(args: argparse.Namespace, settings) -> int:
    catalog = load_catalog(args.catalog or settings.catalog_path)
    if args.json:
        json.dump([entry.as_dict() for entry in catalog], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for category in catalog.categories:
        print(category)
        for entry in catalog.in_category(category):
            aliases = f"  (also: {', '.join(entry.aliases)})" if entry.aliases else ""
            print(f"  {entry.name}{aliases}")
            for link in entry.links:
                print(f"    {link.url}")
    return 0


# -- unfurl domains -----------------------------------------------------------------------------------------------

_DOMAINS_BLOCK = re.compile(r"(?m)^(?P<indent>[ \t]*)unfurl_domains:[^\n]*\n(?:(?P=indent)[ \t]*- [^\n]*\n)*")


def run_unfurl_domains(args: argparse.Namespace, settings) -> int:
    """Print (or with --write, put into the manifest) the docs hosts Slack should send pyfw links of."""
    manifest = Path(args.manifest)
    try:
        text = manifest.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"pyfw: cannot read the manifest {manifest}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    match = _DOMAINS_BLOCK.search(text)
    if match is None:
        print(f"pyfw: {manifest} has no 'unfurl_domains:' list under features", file=sys.stderr)
        return 1
    current = re.findall(r"- ([^\s#]+)", match.group(0))
    catalog = load_catalog(args.catalog or settings.catalog_path)
    domains = unfurl_domains(catalog, keep=current)
    left_out = [host for host in catalog_hosts(catalog) if host not in domains]
    print("\n".join(domains))
    if left_out:
        print(f"(Slack takes {MAX_UNFURL_DOMAINS} at most; not unfurled: {', '.join(left_out)})", file=sys.stderr)
    if args.write and domains != current:
        indent = match.group("indent")
        block = f"{indent}unfurl_domains:\n" + "".join(f"{indent}  - {d}\n" for d in domains)
        manifest.write_text(text[: match.start()] + block + text[match.end() :], encoding="utf-8")
        print(f"wrote {manifest}", file=sys.stderr)
    return 0
