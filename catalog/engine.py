"""The answer engine: text a person typed -> an Answer (intent and ranked matches), over an index built once.

Pure functions and frozen dataclasses: no Slack, no I/O. The bot, the console chat and `pyfw ask` all call
`AnswerEngine.answer`.

(First version: exact names and aliases, then rapidfuzz over names. Issue 3 replaces the internals; the
interface below is the contract the shells rely on.)
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from catalog.model import Catalog, Entry

INTENTS = ("lookup", "search", "compare", "list", "help", "none")


@dataclass(frozen=True)
class Match:
    """A catalog entry and how well it answers the question (0-100, higher is better)."""

    entry: Entry
    score: float


@dataclass(frozen=True)
class Answer:
    """What the engine made of a question.

    intent: lookup (one entry by name), search (entries by purpose), compare (two or more named entries),
    list (entries, optionally of one `category`), help, none (nothing known; `suggestions` may hold near misses).
    matches: best first. For compare, the entries in the order the person named them.
    """

    question: str
    intent: str
    matches: tuple[Match, ...] = ()
    category: str | None = None
    suggestions: tuple[Match, ...] = ()

    def as_dict(self) -> dict:
        """The `pyfw ask --json` shape."""
        return {"question": self.question, "intent": self.intent,
                "matches": [{"name": m.entry.name, "score": round(m.score, 1)} for m in self.matches]}


class AnswerEngine:
    """An index over one catalog, built once at start-up; `answer(text)` is then cheap and thread-safe."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._names = [entry.name.casefold() for entry in catalog]

    def answer(self, text: str) -> Answer:
        question = text.strip()
        words = question.casefold().split()
        if not words or words == ["help"]:
            return Answer(question, "help")
        if words[0] == "list":
            category = next((c for c in self.catalog.categories
                             if len(words) > 1 and words[1] in c.casefold()), None)
            entries = self.catalog.in_category(category) if category else list(self.catalog)
            return Answer(question, "list", tuple(Match(e, 100.0) for e in entries), category=category)
        entry = self.catalog.get(question)
        if entry:
            return Answer(question, "lookup", (Match(entry, 100.0),))
        best = process.extractOne(question.casefold(), self._names, scorer=fuzz.WRatio, score_cutoff=85)
        if best:
            return Answer(question, "lookup", (Match(self.catalog.entries[best[2]], best[1]),))
        return Answer(question, "none")
