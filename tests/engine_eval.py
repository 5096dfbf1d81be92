"""Reading and scoring the answer engine's evaluation set (`eval_questions.tsv`), for the test and the benchmark.

One rule per intent, written down before the engine was tuned (see the file's header):
lookup: that entry first; search: one of the listed entries first (a lookup of one of them counts too: naming an
entry in a purpose question is answered with its card); compare: exactly those entries in that order; list: that
category (or all); help: help; none: no matches at all, and the named suggestion when one is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EVAL_FILE = Path(__file__).with_name("eval_questions.tsv")


@dataclass(frozen=True)
class Case:
    split: str
    intent: str
    expected: str
    question: str


def read_cases(path: Path = EVAL_FILE) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise ValueError(f"{path}:{number}: expected 4 tab-separated columns, got {len(parts)}")
        cases.append(Case(*parts))
    return cases


def is_right(case: Case, answer) -> bool:
    """Whether `answer` (an engine Answer) is what the case expects."""
    names = [m.entry.name for m in answer.matches]
    if case.intent == "lookup":
        return answer.intent == "lookup" and names[:1] == [case.expected]
    if case.intent == "search":
        return answer.intent in ("search", "lookup") and bool(names) and names[0] in case.expected.split("|")
    if case.intent == "compare":
        return answer.intent == "compare" and names == case.expected.split(",")
    if case.intent == "list":
        category = None if case.expected == "*" else case.expected
        return answer.intent == "list" and answer.category == category and bool(names)
    if case.intent == "help":
        return answer.intent == "help"
    if case.intent == "none":
        if answer.intent != "none" or answer.matches:
            return False
        wanted = case.expected.removeprefix("~")
        return case.expected == "-" or wanted in [m.entry.name for m in answer.suggestions]
    raise ValueError(f"unknown intent {case.intent!r} in the evaluation set")


def score(cases: list[Case], answer: Callable[[str], object]) -> tuple[int, list[tuple[Case, object]]]:
    """(number right, [(case, answer) for every wrong one])."""
    wrong = []
    for case in cases:
        result = answer(case.question)
        if not is_right(case, result):
            wrong.append((case, result))
    return len(cases) - len(wrong), wrong
