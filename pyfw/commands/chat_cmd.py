"""`pyfw chat`: the console chat, the bot's answers in a terminal, reading standard input."""

from __future__ import annotations

import argparse
import sys

from catalog import Entry, load_catalog


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("chat", help="talk to pyfw in the terminal (reads standard input)")
    parser.add_argument("--catalog", help="catalog file (default: PYFW_CATALOG or the shipped one)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings) -> int:
    catalog = load_catalog(args.catalog or settings.catalog_path)
    interactive = sys.stdin.isatty()
    if interactive:
        print("pyfw console chat. Type '/pyfw flask' or '@pyfw what is good for dashboards?'; Ctrl-D quits.")
    for line in sys.stdin:
        text = line.strip()
        if not text:
            continue
        for prefix in ("/pyfw", "@pyfw"):
            if text.lower().startswith(prefix):
                text = text[len(prefix):].strip()
        entry = catalog.get(text)
        print(entry_card_text(entry) if entry else f"No entry named '{text}'.")
        sys.stdout.flush()
    return 0


def entry_card_text(entry: Entry) -> str:
    lines = [f"{entry.name}  ({entry.category})", entry.overview, "Features:"]
    lines += [f"  - {feature}" for feature in entry.features]
    lines += ["Use cases:"] + [f"  - {use}" for use in entry.use_cases]
    lines += ["Docs:"] + [f"  {link.title}: {link.url}" for link in entry.links]
    return "\n".join(lines) + "\n"
