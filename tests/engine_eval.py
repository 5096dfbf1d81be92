"""Scoring the answer engine on the three-part evaluation set in tests/eval/ (format: tests/eval/FORMAT.md).

    python -m tests.engine_eval tune [--wrong]   # per kind, purpose rate, right-none rate; --wrong lists misses
    python -m tests.engine_eval validate         # aggregates only, logged with the commit in eval/validate-log.tsv
    python -m tests.engine_eval sealed --final     # the lead's one run at the end; refused without --final
    python -m tests.engine_eval tune --answerer wratio|bm25   # the naive baselines on the same rules

The parts: `tune` is looked at while building the engine (it holds every spent held-out part, folded in once it was
spent, and the fresh sets written during the rounds); `validate` (the current held-out set) was written from the
guide alone by helper sessions that never saw the engine, and only its aggregate scores are ever shown; `sealed` is
scored once, at the end of a round.

The rules, one per intent (FORMAT.md):
lookup: that entry's card is shown (a lookup, or a search answered with a single entry);
search: the first match is accepted (a card of an accepted entry counts; "best matches" count by their first);
compare: exactly those entries in that order; list: that category (or all);
broad: that category's list, or two or more options all from the accepted set (a category accepts its entries; one
accepted entry is scored as a search);
help: help, or the whole-catalog overview; none: no matches, and the named suggestion when one is given.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EVAL_DIR = Path(__file__).with_name("eval")
PARTS = ("tune", "validate", "sealed")
KINDS = ("name", "version", "mention", "purpose", "paraphrase", "long", "context", "broad", "compare", "meta", "oos")
INTENTS = ("lookup", "search", "compare", "broad", "list", "help", "none")
VALIDATE_LOG = EVAL_DIR / "validate-log.tsv"


@dataclass(frozen=True)
class Case:
    split: str
    kind: str
    intent: str
    expected: str
    question: str


def part_path(part: str) -> Path:
    return EVAL_DIR / f"{part}.tsv"


def read_cases(part: str = "tune", *, final: bool = False) -> list[Case]:
    """The questions of one part. The sealed part is read only with `final=True` (the lead's last run)."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r} (parts: {', '.join(PARTS)})")
    if part == "sealed" and not final:
        raise PermissionError("the sealed part is scored once, at the end, with --final")
    path = part_path(part)
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 5:
            raise ValueError(f"{path}:{number}: expected 5 tab-separated columns, got {len(parts)}")
        case = Case(*parts)
        if case.kind not in KINDS or case.intent not in INTENTS:
            raise ValueError(f"{path}:{number}: unknown kind {case.kind!r} or intent {case.intent!r}")
        cases.append(case)
    return cases


def names(answer) -> list[str]:
    return [match.entry.name for match in answer.matches]


def shows_card(answer) -> bool:
    """The bot shows one entry's card: a lookup, or a search answered with a single entry."""
    return answer.intent == "lookup" or (answer.intent == "search" and len(answer.matches) == 1)


def accepted_entries(case: Case, categories: dict[str, set[str]]) -> set[str]:
    """The entries a broad ask accepts: those of the category it expects, or those it names ("Dash|Streamlit")."""
    return categories[case.expected] if case.expected in categories else set(case.expected.split("|"))


def is_right(case: Case, answer, categories: dict[str, set[str]]) -> bool:
    """Whether `answer` (an engine Answer) is what the case expects; `categories` maps a category to its entries."""
    found = names(answer)
    if case.intent == "lookup":
        return shows_card(answer) and found[:1] == [case.expected]
    if case.intent == "search":
        return answer.intent in ("search", "lookup") and found[:1] != [] and found[0] in case.expected.split("|")
    if case.intent == "compare":
        return answer.intent == "compare" and found == case.expected.split(",")
    if case.intent == "broad":
        if case.expected in categories and answer.intent == "list" and answer.category == case.expected:
            return True
        accepted = accepted_entries(case, categories)
        if len(accepted) == 1:  # a broad ask only one entry answers: scored as a search
            return answer.intent in ("search", "lookup") and found[:1] == list(accepted)
        return answer.intent in ("search", "list") and len(found) >= 2 and set(found) <= accepted
    if case.intent == "list":
        category = None if case.expected == "*" else case.expected
        return answer.intent == "list" and answer.category == category and bool(found)
    if case.intent == "help":
        return answer.intent == "help" or (answer.intent == "list" and answer.category is None and bool(found))
    if case.intent == "none":
        if answer.intent != "none" or answer.matches:
            return False
        wanted = case.expected.removeprefix("~")
        return case.expected == "-" or wanted in [m.entry.name for m in answer.suggestions]
    raise ValueError(f"unknown intent {case.intent!r}")


@dataclass(frozen=True)
class Score:
    """Right answers per kind, for purpose questions (intent search) and right nones on out-of-scope questions."""

    right: Counter
    total: Counter
    wrong: tuple[tuple[Case, object], ...]

    @property
    def overall(self) -> tuple[int, int]:
        return sum(self.right[kind] for kind in KINDS), sum(self.total[kind] for kind in KINDS)

    def rate(self, key: str) -> tuple[int, int]:
        return self.right[key], self.total[key]


PURPOSE = "purpose questions (intent search)"
RIGHT_NONES = "right nones (kind oos)"


def score(cases: list[Case], answer: Callable[[str], object], categories: dict[str, set[str]]) -> Score:
    right: Counter = Counter()
    total: Counter = Counter()
    wrong = []
    for case in cases:
        result = answer(case.question)
        ok = is_right(case, result, categories)
        keys = (
            [case.kind] + ([PURPOSE] if case.intent == "search" else []) + ([RIGHT_NONES] if case.kind == "oos" else [])
        )
        for key in keys:
            total[key] += 1
            right[key] += ok
        if not ok:
            wrong.append((case, result))
    return Score(right, total, tuple(wrong))


def percent(pair: tuple[int, int]) -> str:
    right, total = pair
    return f"{right}/{total} = {100 * right / total:.1f} %" if total else "-"


def aggregate_lines(result: Score) -> list[str]:
    """Per kind, then purpose questions, right nones and overall: never a question's text."""
    lines = [f"  {kind:12} {percent(result.rate(kind))}" for kind in KINDS if result.total[kind]]
    lines += [
        f"  {PURPOSE}: {percent(result.rate(PURPOSE))}",
        f"  {RIGHT_NONES}: {percent(result.rate(RIGHT_NONES))}",
        f"  overall: {percent(result.overall)}",
    ]
    return lines


def answerer(name: str, catalog) -> Callable[[str], object]:
    if name == "engine":
        from catalog.engine import AnswerEngine

        return AnswerEngine(catalog).answer
    from tests.eval_baselines import bm25_baseline, wratio_baseline

    return {"wratio": wratio_baseline(catalog), "bm25": bm25_baseline(catalog)}[name]


def category_sets(catalog) -> dict[str, set[str]]:
    return {category: {e.name for e in catalog.in_category(category)} for category in catalog.categories}


def _commit() -> str:
    root = Path(__file__).resolve().parents[1]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=root).stdout
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "catalog", "tests/engine_eval.py"],
        capture_output=True,
        text=True,
        cwd=root,
    ).stdout
    return head.strip() + ("+changes" if dirty.strip() else "")


def log_validate(result: Score, answerer_name: str) -> None:
    """Every score taken on the validate part is written down, with the commit it was taken on."""
    right, total = result.overall
    purpose, nones = result.rate(PURPOSE), result.rate(RIGHT_NONES)
    kinds = " ".join(f"{kind}={result.right[kind]}/{result.total[kind]}" for kind in KINDS if result.total[kind])
    with VALIDATE_LOG.open("a", encoding="utf-8") as log:
        log.write(
            f"{time.strftime('%Y-%m-%d %H:%M')}\t{_commit()}\t{answerer_name}\t{right}/{total}\t"
            f"purpose={purpose[0]}/{purpose[1]}\tnones={nones[0]}/{nones[1]}\t{kinds}\n"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="score the answer engine on one part of the evaluation set")
    parser.add_argument("part", choices=PARTS)
    parser.add_argument("--answerer", choices=("engine", "wratio", "bm25"), default="engine")
    parser.add_argument("--wrong", action="store_true", help="list the wrong answers (tune only)")
    parser.add_argument("--final", action="store_true", help="allow the sealed part (the lead's one run)")
    args = parser.parse_args(argv)
    if args.part == "sealed" and not args.final:
        print("refused: the sealed part is scored once, at the end, by the lead, with --final", file=sys.stderr)
        return 2
    if args.wrong and args.part != "tune":
        print(f"refused: only aggregates are shown for the {args.part} part", file=sys.stderr)
        return 2
    from catalog import load_catalog

    catalog = load_catalog()
    cases = read_cases(args.part, final=args.final)
    result = score(cases, answerer(args.answerer, catalog), category_sets(catalog))
    print(f"{args.part}, {args.answerer}:")
    print("\n".join(aggregate_lines(result)))
    if args.part == "validate":
        log_validate(result, args.answerer)
    if args.wrong:
        for case, answer in result.wrong:
            print(
                f"  [{case.kind}] {case.question!r}: expected {case.intent} {case.expected}, got "
                f"{answer.intent}{'/' + answer.confidence if hasattr(answer, 'confidence') else ''} "
                f"{names(answer)}{' ' + str(answer.category) if answer.category else ''}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
