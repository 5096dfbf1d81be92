"""What the answer engine gives back: the intent, the matches and how sure it is. Values only, shared by the bot,
the console chat and `pyfw ask`.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from enum import StrEnum

from catalog.model import Entry


class Intent(StrEnum):
    """What kind of answer this is; a StrEnum, so `answer.intent == "lookup"` still reads (and a typo fails)."""

    LOOKUP = "lookup"  # one entry, asked about by name
    SEARCH = "search"  # entries by what they are for
    COMPARE = "compare"  # two or more named entries side by side
    LIST = "list"  # every entry, or one category's
    HELP = "help"  # what the bot is and what can be asked
    NONE = "none"  # nothing in the catalog answers it


class Confidence(StrEnum):
    """How sure the engine is, in the three steps a person sees.

    high: one answer (an entry's card, a comparison, a list, help);
    middle: "best matches", two or three options close to each other, one line each;
    low: nothing confident enough, an honest none (with "did you mean" when a name was nearly typed).
    """

    HIGH = "high"
    MIDDLE = "middle"
    LOW = "low"


INTENTS = tuple(Intent)


@dataclass(frozen=True)
class Match:
    """A catalog entry and how well it answers the question (0-100, higher is better)."""

    entry: Entry
    score: float


@dataclass(frozen=True)
class Answer:
    """What the engine made of a question.

    intent: see `Intent`. matches: best first; for compare, the entries in the order named; empty for none.
    category: the category of a list answer (None: the whole catalog). suggestions: near misses of a name ("did you
    mean"), only with none. unknown: the words asked about that the catalog has nothing on ("react").
    confidence: see `Confidence`; when not given it follows from the rest (none: low; a search with several
    matches: middle; anything else: high).
    """

    question: str
    intent: Intent
    matches: tuple[Match, ...] = ()
    _: KW_ONLY  # the rest by name: a confidence passed where the category goes had shown "category": "middle"
    category: str | None = None
    suggestions: tuple[Match, ...] = ()
    unknown: tuple[str, ...] = ()
    confidence: Confidence | None = None

    def __post_init__(self) -> None:
        intent = Intent(self.intent)
        object.__setattr__(self, "intent", intent)
        if self.confidence is None:
            if intent is Intent.NONE or (intent is Intent.SEARCH and not self.matches):
                confidence = Confidence.LOW
            elif intent is Intent.SEARCH and len(self.matches) > 1:
                confidence = Confidence.MIDDLE
            else:
                confidence = Confidence.HIGH
            object.__setattr__(self, "confidence", confidence)
        else:
            object.__setattr__(self, "confidence", Confidence(self.confidence))

    @property
    def confident(self) -> bool:
        """One clear answer. False for "best matches" and for none: the questions a curator should look at."""
        return self.confidence is Confidence.HIGH

    @property
    def answered(self) -> bool:
        """Something from the catalog was offered (a card, matches, a list or help), not an honest none."""
        return self.confidence is not Confidence.LOW

    def as_dict(self) -> dict:
        """The `pyfw ask --json` shape (category, suggestions and unknown only when there are any)."""
        data = {
            "question": self.question,
            "intent": str(self.intent),
            "confidence": str(self.confidence),
            "matches": [{"name": m.entry.name, "score": round(m.score, 1)} for m in self.matches],
        }
        if self.category:
            data["category"] = self.category
        if self.suggestions:
            data["suggestions"] = [{"name": m.entry.name, "score": round(m.score, 1)} for m in self.suggestions]
        if self.unknown:
            data["unknown"] = list(self.unknown)
        return data
