"""A learned reading of broad asks: which group of entries a question asks for as a whole ("py web fw?", "frontend
dev here, need to pick a python thing for the backend side", "something for kpi dashboards, what are my picks?"),
or that it asks for one entry's job, or for something the catalog does not have.

The engine's rules read a broad ask by its words (catalog.broad, catalog.options); eleven rounds of them left about
one broad ask in twenty answered nothing and one in six with a single entry, each fresh set bringing new shapes. This
is a small multinomial logistic regression over the question's words and word pairs, trained on the evaluation's
tune part (tests/train_broad_model.py) and shipped as a table of weights: no runtime dependency, a dict lookup per
word. Words are read as the catalog sees them: a word of the catalog's vocabulary by its stem, a technology the
catalog names only as context as OUT ("rust", "laravel"), any other word as UNK besides itself, so "zig web frameworks"
and "crystal web frameworks" share every feature but the unknown word itself.

The model is trained for one catalog: its groups are that catalog's entries and its features that catalog's
vocabulary. It is stored with the entries it was trained on (name and category) and not used with any other catalog.

The engine asks it only where its rules stop short (BroadAsks): a question they would answer with nothing, with one
entry of a group the model reads, with options not all in the group it reads (kept to it when their best is in it,
replaced by it when the model is sure of it), or with options resting on one incidental word of a question it reads
as asking for what the catalog lacks.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from catalog.answer import Answer, Confidence, Intent, Match
from catalog.broad import ASKS_OPTIONS
from catalog.categories import CategoryIndex
from catalog.context_words import WHO_OR_WHERE
from catalog.model import Entry
from catalog.options import ANY_ASKS, JOBS_ASKS, OPTIONS_SHOWN, PLURAL_ASKS
from catalog.question_words import ASKS_FOR_ONE, TO_THE_BOT
from catalog.ranking import PurposeIndex, Ranking, Scored
from catalog.text import STOPWORDS, is_filler, is_number, stem, tokens

MODEL_PATH = Path(__file__).with_name("data") / "broad-asks.json.gz"
# The two classes that are not a group of entries: a question for one entry's job, and one the catalog cannot answer.
ONE = "ONE"
NONE = "NONE"
OUT = "OUT"
UNKNOWN = "UNK"
# How sure the model must be, each measured on the tune questions of the last two rounds held out of its training
# (README, "The twelfth round"): below these, the rules' answer stands.
# - A question the rules answer with nothing gets the group when the model reads any group this likely.
NOTHING_AT = 0.7
# - One entry the rules found, of the group the model reads, is shown with the rest of the group ("python for kpi
#   dashboards?" -> Dash and Streamlit) when the groups holding that entry are together this likely.
WIDEN_AT = 0.7
# - Options whose best is not in the group the model reads ("options for a point-and-click app that runs offline" had
#   got Celery, FastAPI, Streamlit) give way to the group when the model reads that very group this likely. Options
#   whose best is in it keep it, and the group's entries take the places of the others at any likelihood: on the
#   time-split tune questions that never turned a right answer wrong (README, "The thirteenth round").
REPLACE_AT = 0.8
# - Options resting on one telling word of a question the model reads as asking for what the catalog lacks ("feature
#   store options for ml?" had got Streamlit for "ml") give way to the honest nothing when it reads that this likely.
VETO_AT = 0.7
# - ... and so do options resting on up to VETO_SURE_TELLING telling words when the model is this sure ("progress bar
#   libs for long loops" had got Tornado, "swift ui frameworks for mac apps" PyQt). On the time splits of the fifteenth
#   round (models trained before each cut, 2,600/3,800/4,900 questions after it): +15 -1, +16 -0, +7 -1 (at 0.8: +17
#   -2, +19 -0, +10 -1; at 0.95: +13 -1, +15 -0, +5 -1).
VETO_SURE_AT = 0.9
VETO_SURE_TELLING = 3
# - ... and where the rules see nothing the catalog knows, or a word it does not know next to one it knows, the model
#   must read one group this likely (on the time splits of the fourteenth round, 0.5 false-answered out-of-scope
#   asks, 0.7 to 0.97 none).
SURE_AT = 0.8
# - ... but a question naming a technology outside the catalog is read only when it says "python" and the model reads
#   one group this likely (on the time splits of the sixteenth round: +5 -0, +4 -0, +4 -0; at 0.8 one more each).
PYTHON_SAID_AT = 0.9
PYTHON_WORDS = frozenset({"python", "py"})
WEIGHING = frozenset({"vs", "v", "versus", "compare", "comparing", "compared"})
# Words by which a message asks for something; without one (or a question mark) it tells rather than asks ("our
# backend intern starts monday"), and the rules' nothing stands.
ASKING = ASKS_FOR_ONE | ASKS_OPTIONS | PLURAL_ASKS | ANY_ASKS | JOBS_ASKS | TO_THE_BOT
ASKING |= {"any", "how", "where", "pick", "ways"}  # ("all the ways to put a ui on python code")
# A terse search ("rest api", "orm for postgres") keeps its one card unless it asks for options: fewer meaningful
# words than this, and no asking word.
TERSE = 3


class ModelError(Exception):
    """The shipped model cannot be read: one line naming the file and what is wrong."""


def softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    total = sum(exps)
    return [value / total for value in exps]


def trained_for(entries: Iterable[Entry]) -> list[str]:
    """What a model remembers of the catalog it was trained for: each entry's name and category."""
    return sorted(f"{entry.name}/{entry.category}" for entry in entries)


def features(words: Iterable[str], is_outside: Callable[[str], bool], knows: Callable[[str], bool]) -> set[str]:
    """The question's words as the model reads them: each word's class, the pairs of classes in a row, and how long
    the question is (a long message asks differently from a slash command)."""
    classes = []
    found = set()
    for word in words:
        if is_outside(word):
            classes.append(OUT)
        elif word in STOPWORDS or knows(word):
            classes.append(stem(word))
        else:
            classes.append(UNKNOWN)
            found.add("w:" + stem(word))
    found.update("u:" + c for c in classes)
    found.update(f"b:{a}_{b}" for a, b in zip(classes, classes[1:], strict=False))
    found.add(f"len:{min(len(classes) // 4, 6)}")
    return found


@dataclass(frozen=True)
class Reading:
    """What the model makes of a question: each group of entries (names) with its probability, likeliest first."""

    groups: tuple[tuple[float, tuple[str, ...]], ...]
    none_probability: float = 0.0  # how likely the question asks for something the catalog does not have

    @property
    def group(self) -> tuple[str, ...]:
        return self.groups[0][1]

    @property
    def group_probability(self) -> float:
        return self.groups[0][0]

    @property
    def broad_probability(self) -> float:
        """How likely the question asks for some group at all (against one entry's job, and nothing)."""
        return sum(p for p, _ in self.groups)

    def probability_with(self, name: str) -> float:
        """How likely the question asks for a group holding the entry `name`."""
        return sum(p for p, group in self.groups if name in group)


class BroadAskModel:
    """The weights of the trained model; `read` gives the likeliest group among those the catalog has."""

    def __init__(
        self,
        classes: list[str],
        bias: list[float],
        weights: dict[str, dict[int, float]],
        catalog: list[str] | None = None,
    ) -> None:
        self.classes = classes
        self.bias = bias
        self.weights = weights
        self.catalog = catalog  # trained_for() of the catalog it was trained for; None: any catalog (tests)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> BroadAskModel:
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
            weights = {feature: {int(k): v for k, v in row.items()} for feature, row in data["weights"].items()}
            return cls(data["classes"], data["bias"], weights, data["catalog"])
        except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise ModelError(
                f"{path}: the broad-ask model cannot be read ({type(error).__name__}: {error}); reinstall pyfw, or "
                "train it again with python -m tests.train_broad_model"
            ) from None

    def to_bytes(self) -> bytes:
        """The model as shipped: sorted JSON, gzip without a timestamp, so training twice gives the same bytes."""
        data = {"catalog": self.catalog, "classes": self.classes, "bias": self.bias, "weights": self.weights}
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return gzip.compress(text.encode("utf-8"), mtime=0)

    def probabilities(self, found: set[str]) -> list[float]:
        scores = list(self.bias)
        for feature in found:
            for index, weight in self.weights.get(feature, {}).items():
                scores[index] += weight
        return softmax(scores)

    def read(self, found: set[str], names: set[str]) -> Reading | None:
        """The likeliest group whose entries are all in the catalog (`names`), or None when no group is."""
        probabilities = self.probabilities(found)
        groups = [
            (p, tuple(c.split("|")))
            for c, p in zip(self.classes, probabilities, strict=True)
            if c not in (ONE, NONE) and names.issuperset(c.split("|"))
        ]
        if not groups:
            return None
        return Reading(tuple(sorted(groups, reverse=True)), probabilities[self.classes.index(NONE)])


class BroadAsks:
    """The model over one catalog: the answer it gives instead of the rules' one, where it gives one."""

    def __init__(
        self, entries: tuple[Entry, ...], purpose: PurposeIndex, categories: CategoryIndex, model: BroadAskModel | None
    ) -> None:
        self._entries = entries
        self._purpose = purpose
        self._categories = categories
        # A model trained for another catalog reads nothing here (its groups and words are not this catalog's).
        self.model = model if model is not None and model.catalog in (None, trained_for(entries)) else None
        self._names = {entry.name for entry in entries}
        self._index_of = {entry.name: index for index, entry in enumerate(entries)}
        self._keywords = [{" ".join(tokens(keyword)) for keyword in entry.keywords} for entry in entries]

    def features(self, words: list[str]) -> set[str]:
        return features(words, self._purpose.mentioned_names.__contains__, self._purpose.knows)

    def reading(self, words: list[str]) -> Reading | None:
        return None if self.model is None else self.model.read(self.features(words), self._names)

    def instead_of_nothing(self, question: str, words: list[str], ranking: Ranking) -> Answer | None:
        """The group for a question the rules would answer with nothing, when the model reads one."""
        asks = bool(ASKING.intersection(words)) or "?" in question
        if not asks:
            return None
        reading = self.reading(words)
        if reading is None or reading.broad_probability <= NOTHING_AT:
            return None
        # Nothing the catalog knows in it ("need to stand up a site in python, choices?"), or a word it does not know
        # right by one it knows ("offline desktop software", but also "zig web frameworks"): the rules cannot tell,
        # and the model answers only for one group it is sure of, in a question that names no other technology and
        # weighs nothing ("c# async/await vs python asyncio, gotchas?").
        unsure = not any(g.known for g in ranking.groups) or CategoryIndex.qualified(words, ranking.groups)
        if unsure and (
            reading.group_probability <= SURE_AT
            or (ranking.names_elsewhere(self._purpose.elsewhere) and not self._asks_pythons(reading, words))
            or WEIGHING.intersection(words)
        ):
            return None
        return self._group_answer(question, reading, self._members(reading), [], ranking, words)

    def for_python(self, question: str, words: list[str], ranking: Ranking) -> Answer | None:
        """The group for a question the rules read as asking for a thing the catalog never speaks of, when it says
        "python" and the model is sure of the group ("building a little offline tool for the lab pcs, needs windows
        and dialog boxes. python options?"), unless the rules' best entry for its telling words is outside the group
        ("... forced to write python for a side project, which task queue should i look at" asks for Celery) or its
        last clause names a kind of thing the catalog does not know ("..., which dataframe library ...")."""
        reading = self.reading(words)
        if reading is None or not self._asks_pythons(reading, words):
            return None
        group = self._members(reading)
        if ranking.scored and ranking.scored[0].telling and ranking.scored[0].entry not in group:
            return None
        last = words[max((i for i, w in enumerate(words) if w in PYTHON_WORDS), default=0) :]
        if any(not (is_filler(w) or is_number(w) or self._purpose.knows(w) or w in ASKING) for w in last):
            return None
        return self._group_answer(question, reading, group, [], ranking, words)

    @staticmethod
    def _asks_pythons(reading: Reading, words: list[str]) -> bool:
        """Whether a question naming another stack asks for Python's own group ("c# dev, ASP.NET Core at work. which
        python web frameworks should i look at"), which the model is sure of: the other stack is then context."""
        return reading.group_probability > PYTHON_SAID_AT and not PYTHON_WORDS.isdisjoint(words)

    def instead_of(
        self, question: str, options: list[Scored], words: list[str], ranking: Ranking, nothing: Answer
    ) -> Answer | None:
        """What to answer instead of the rules' `options`: `nothing` (the honest none) when they rest on one telling
        word and the model is sure the question asks for what the catalog lacks; the group, for one entry of it
        (widened to the group's options), for options whose best is outside a group the model is sure of (those of them
        in it first), or for options whose best is in the group it reads (those in it kept, the others replaced)."""
        reading = self.reading(words)
        if reading is None:
            return None
        if reading.none_probability > self._veto_at(options[0], words, ranking):
            return nothing
        group = self._members(reading)
        inside = [option.entry for option in options if option.entry in group]
        terse = len(ranking.groups) < TERSE and not ASKING.intersection(words)
        widens = (
            len(options) == 1
            and inside
            and len(group) >= 2
            and not terse
            and reading.probability_with(self._entries[options[0].entry].name) > WIDEN_AT
        )
        best_inside = options[0].entry in group
        if widens or (not best_inside and reading.group_probability > REPLACE_AT):
            return self._group_answer(question, reading, group, inside, ranking, words)
        if best_inside and len(inside) < len(options):
            return self._trimmed(question, options, group, inside, ranking)
        return None

    def _veto_at(self, best: Scored, words: list[str], ranking: Ranking) -> float:
        """How likely the model must read nothing to veto options resting on the `best` one's telling words (1.0:
        never). A curated phrase of the question ("task queue") is as sure a sign of the entry as the model's of
        nothing, and so is a question that is one of its keywords taught after the model was trained ("htmx", added
        by a curator: the model has never seen the word, and reads a lone unknown word as nothing); the model reads
        any technology outside the catalog as a sign of nothing, even one that is only context ("python alternative
        to grafana for business dashboards"), and one saying whose world the asker is from ("gui toolkit for java
        devs") no more than that."""
        elsewhere = self._purpose.elsewhere
        only_context = not ranking.names_elsewhere(elsewhere) and any(word in elsewhere for word in words)
        if best.telling <= 1:
            said = [word for word in words if not is_filler(word)]
            taught = " ".join(said) in self._keywords[best.entry] and not any(
                f"u:{stem(word)}" in self.model.weights for word in said
            )
            people = any(a in elsewhere and b in WHO_OR_WHERE for a, b in zip(words, words[1:], strict=False))
            return 1.0 if taught or (only_context and people) else VETO_AT
        if best.telling > VETO_SURE_TELLING or ranking.phrases:
            return 1.0
        return 1.0 if only_context else VETO_SURE_AT

    def _trimmed(
        self, question: str, options: list[Scored], group: set[int], inside: list[int], ranking: Ranking
    ) -> Answer:
        """The rules' options in the group the model reads as holding their best one, then the group's other entries
        the question's words rank highest: "a window app for fun, what are my choices" had got Tkinter and Flask."""
        best = options[0]
        scale = 100.0 * min(1.0, best.coverage) / best.score
        shown = self._shown(group, inside, ranking)
        matches = tuple(Match(self._entries[entry], scale * ranking.score_of(entry)) for entry in shown)
        return Answer(question, Intent.SEARCH, matches, confidence=Confidence.MIDDLE)

    def _members(self, reading: Reading) -> set[int]:
        """The entries (by index) of the group the model reads."""
        return {self._index_of[name] for name in reading.group}

    def _group_answer(
        self, question: str, reading: Reading, group: set[int], first: list[int], ranking: Ranking, words: list[str]
    ) -> Answer:
        """The group (`group`, the entries of the one read): its category's list when it is a whole category and none
        of the rules' options is kept, else options, the kept ones first, then the others the question's words rank
        highest."""
        category = None if first else self._categories.category_of_members(group)
        if category is not None:
            return self._categories.list_answer(question, category, words)
        score = 100.0 * reading.group_probability
        shown = self._shown(group, first, ranking)
        return Answer(
            question, Intent.SEARCH, tuple(Match(self._entries[e], score) for e in shown), confidence=Confidence.MIDDLE
        )

    @staticmethod
    def _shown(group: set[int], first: list[int], ranking: Ranking) -> list[int]:
        """The options shown for a group: `first` (the rules' options kept), then the group's others the question's
        words rank highest."""
        rest = sorted(group - set(first), key=lambda entry: (-ranking.score_of(entry), entry))
        return (first + rest)[:OPTIONS_SHOWN]
