"""`pyfw ask`: one question (or one per line of standard input) to the answer engine, printed for a person or as JSON.

    pyfw ask "flask vs django"
    pyfw ask --json "what should I use for a dashboard?"
    pyfw ask --json - < questions.txt      # one JSON object per line, in the order of the questions

Exit status, like grep: 0 when the question was answered, 1 when the answer is none (nothing in the catalog), 2
for bad usage. With '-' it is 0 once every line has been answered, whatever the answers.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from catalog import Entry, load_catalog
from catalog.engine import Answer, AnswerEngine, Intent

HELP_TEXT = """\
Ask about Python frameworks and tools in the catalog, for example:
  flask                                  one entry by name (typos are fine: "djnago")
  what should I use for a data dashboard?  entries by what they are for, in your own words
  I need a web framework                 a broad ask: the fitting category, or the best two or three
  flask vs django                        two or more side by side
  list, list backend                     everything, or one category
Categories: {categories}."""


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "ask",
        help="ask the answer engine a question (exit 1 when the answer is none)",
        description="Ask the answer engine. Exit status: 0 answered, 1 none (nothing in the catalog); with '-', 0 "
        "once every line is answered.",
    )
    parser.add_argument("question", help="the question, or '-' to read one question per line from standard input")
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"question", "intent", "confidence", "matches": [{"name", "score"}]} per question, one a line',
    )
    parser.add_argument("--catalog", help="catalog file (default: PYFW_CATALOG or the shipped one)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings) -> int:
    catalog = load_catalog(args.catalog or settings.catalog_path)
    engine = AnswerEngine(catalog)
    questions = _stdin_questions() if args.question == "-" else iter([args.question])
    first = True
    answer = None
    for question in questions:
        answer = engine.answer(question)
        if args.json:
            sys.stdout.write(json.dumps(answer.as_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(("" if first else "\n") + render(answer, catalog.categories) + "\n")
        first = False
        sys.stdout.flush()  # a line out for every line in, so another program can talk to pyfw through a pipe
    if args.question != "-" and answer is not None and answer.intent is Intent.NONE:
        return 1  # like grep: nothing found is not an error, but a script can tell
    return 0


def _stdin_questions():
    """Lines of standard input without their line ends; bytes that are not UTF-8 are replaced, with a warning."""
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            print(
                f"pyfw ask: standard input line {number}: not valid UTF-8 (byte {exc.start}); "
                "answering it with the bad bytes replaced",
                file=sys.stderr,
            )
            line = raw.decode("utf-8", errors="replace")
        yield line.rstrip("\r\n")


def render(answer: Answer, categories: list[str]) -> str:
    """The answer as a person reads it in a terminal."""
    if answer.intent == "help":
        return HELP_TEXT.format(categories=", ".join(categories))
    if answer.intent == "lookup":
        return _card(answer.matches[0].entry)
    if answer.intent == "compare":
        return "\n\n".join(_card(match.entry) for match in answer.matches)
    if answer.intent == "list":
        title = answer.category or "All entries"
        by_category: dict[str, list[str]] = {}
        for match in answer.matches:
            by_category.setdefault(match.entry.category, []).append(match.entry.name)
        lines = [f"{title} ({len(answer.matches)})"] if answer.category else [f"{title} ({len(answer.matches)}):"]
        for category, names in by_category.items():
            if not answer.category:
                lines.append(f"{category}:")
            lines += textwrap.wrap(", ".join(names), width=100, initial_indent="  ", subsequent_indent="  ")
        return "\n".join(lines)
    if answer.intent == "search" and len(answer.matches) == 1:
        return _card(answer.matches[0].entry)  # high confidence: the one entry that does the job
    if answer.intent == "search":
        lines = [f"Best matches for “{answer.question}”:"]
        for number, match in enumerate(answer.matches, start=1):
            entry = match.entry
            lines.append(f"{number}. {entry.name} ({entry.category}): {_first_sentence(entry.overview)}")
            lines += [f"   Docs: {link.url}" for link in entry.links[:1]]
        return "\n".join(lines)
    about = f" about “{answer.unknown[0]}”" if answer.unknown else f" for “{answer.question}”"
    lines = [f"Sorry, the catalog has nothing{about}."]
    if answer.suggestions:
        lines.append("Did you mean " + " or ".join(m.entry.name for m in answer.suggestions) + "?")
    lines.append("Type 'help' to see what you can ask, or 'list' for every entry.")
    return "\n".join(lines)


def _first_sentence(text: str) -> str:
    """The overview's first sentence, shortened to one line."""
    sentence = text.split(". ", 1)[0].rstrip(".")
    return textwrap.shorten(sentence + ".", width=100, placeholder="…")


def _card(entry: Entry) -> str:
    lines = [f"{entry.name}  ({entry.category})"]
    lines += textwrap.wrap(entry.overview, width=100, initial_indent="  ", subsequent_indent="  ")
    lines.append("Features:")
    lines += [f"  - {feature}" for feature in entry.features]
    if entry.use_cases:
        lines.append("Use cases:")
        lines += [f"  - {use}" for use in entry.use_cases]
    lines.append("Docs:")
    lines += [f"  {link.title}: {link.url}" for link in entry.links]
    return "\n".join(lines)
