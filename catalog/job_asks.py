"""A learned reading of jobs described in words the catalog never uses: "/pyfw nightly invoice emails at 2am" (Celery),
"news site where editors publish articles" (Django), "multiplayer game lobby over websockets" (Tornado, Sanic).

The rules (catalog.ranking, catalog.options) answer a short question only when the catalog's words cover most of it,
so that "which orm does laravel use" is not SQLAlchemy's; a short paraphrase made of everyday words ("invoice",
"2am", "editors") then gets nothing although people ask it that way every day. This model is the broad-ask model's
kind (catalog.broad_model: a multinomial logistic regression over the question's words and word pairs, trained on
the evaluation's tune part by tests/train_broad_model.py) with other classes: each purpose question's accepted
entries, MANY for a broad ask, NONE for an out-of-scope question, OTHER for the rest (meta questions). The engine
asks it last, and takes its reading only when it is very sure of one entry or one pair: for a question the rules and
the broad-ask model answer with nothing, and for the rules' options when their best is not what it reads (that entry
then comes first: "a little internal web page for ops ... maybe 3 routes" had got Pyramid before Flask).

A third model of the same kind reads questions that name an entry, where the name is often only context: "our dash
app should email a scheduled report every night, how to schedule that?" asks for Celery. Its classes: each such
question's accepted entries, ITSELF when those are the named ones, NONE, MANY and OTHER. Where the rules answer with
one named entry, or with options, and it is very sure of another entry, that entry is the answer; where they answer
with another entry than the one named and it is very sure the question is about that one, the named entry is.
"""

from __future__ import annotations

from pathlib import Path

from catalog.answer import Answer, Confidence, Intent, Match
from catalog.broad_model import MODEL_PATH, WEIGHING, BroadAskModel, features, trained_for
from catalog.context_words import WHO_OR_WHERE
from catalog.model import Entry
from catalog.names import Found
from catalog.options import OPTIONS_SHOWN
from catalog.ranking import PurposeIndex, Ranking

JOB_MODEL_PATH = Path(MODEL_PATH).with_name("job-asks.json.gz")
NAMED_MODEL_PATH = Path(MODEL_PATH).with_name("named-asks.json.gz")
# The classes that are no entries: a broad ask (the broad-ask model's part), and a question that is not a job at all.
MANY = "MANY"
OTHER = "OTHER"
# ... and, for a question naming an entry, the one whose answer is what it names.
ITSELF = "ITSELF"
# How sure the model must be. On the tune questions after each of three cuts (7,000 / 4,700 / 3,200 questions), with
# models trained before it (README, "The sixteenth round"): +26 -1, +14 -0, +10 -0 right answers; the one lost, "a
# simple notes app on my own desktop ..." read as Flask. (Nothing answered only: at 0.9, 18 right and 1 false answer
# of an out-of-scope question, a .net one, which naming another technology now keeps out; at 0.8, 22 and 6.)
JOB_AT = 0.9
# How sure the named-ask model must be. On the same kind of time split (models trained on tune before its 12,000th,
# 14,500th and 17,000th question, the 7,854 / 5,354 / 2,854 after it answered): +16 -0, +12 -0, +5 -0 right answers,
# context questions given the entry they ask for and mentions given their card. Another entry at 0.7 had done as
# well; the named one at 0.8 lost two (README, "The seventeenth round").
NAMED_AT = 0.9


class JobAsks:
    """The job model over one catalog: the entries it reads a question as asking for, where it is sure."""

    def __init__(
        self,
        entries: tuple[Entry, ...],
        purpose: PurposeIndex,
        model: BroadAskModel | None,
        named_model: BroadAskModel | None = None,
    ) -> None:
        self._entries = entries
        self._purpose = purpose
        # A model trained for another catalog reads nothing here (its classes and words are not this catalog's).
        ours = (None, trained_for(entries))
        self.model = model if model is not None and model.catalog in ours else None
        self.named_model = named_model if named_model is not None and named_model.catalog in ours else None
        self._index_of = {entry.name: index for index, entry in enumerate(entries)}

    def instead_of_nothing(self, question: str, words: list[str], ranking: Ranking) -> Answer | None:
        """The entry (or the two) the model is sure a question asks for, which the rules would answer with nothing."""
        sure = self._sure(words, ranking)
        if sure is None:
            return None
        return self._answer(question, self._read_as(*sure, ranking))

    def checked(self, answer: Answer, words: list[str], ranking: Ranking) -> Answer:
        """The rules' options, unless the model is sure the question asks for another entry than their best: then
        that entry comes first, and takes the others' places if the rules did not find it ("microservice for model
        inference where clients get docs they can click and test" had got Tornado before FastAPI)."""
        sure = self._sure(words, ranking)
        if sure is None or self._index_of[answer.matches[0].entry.name] in sure[1]:
            return answer
        probability, wanted = sure
        found = [m for m in answer.matches if self._index_of[m.entry.name] in wanted]
        if not found:
            return self._answer(answer.question, self._read_as(probability, wanted, ranking))
        top = max(m.score for m in answer.matches)
        rest = [m for m in answer.matches if m not in found]
        return self._answer(answer.question, [Match(m.entry, top) for m in found] + rest)

    def past_the_name(self, answer: Answer, words: list[str], found: list[Found]) -> Answer:
        """The rules' answer to a question naming the entries `found` (a lookup, or options), unless the named-ask
        model is very sure the question asks for another entry than the answer's first: then that one ("our dash app
        should email a scheduled report every night, how to schedule that?" had got the Dash card); or, naming one
        that is not who the asker is ("we're a django shop ..."), that it asks about that one ("my lead keeps pushing
        fastapi... whats the deal with it" had got Tornado)."""
        if self.named_model is None or answer.intent not in (Intent.LOOKUP, Intent.SEARCH) or not answer.matches:
            return answer
        probability, wanted, entries = self._likeliest(self.named_model, words)
        if probability <= NAMED_AT:
            return answer
        first = self._index_of[answer.matches[0].entry.name]
        if wanted == ITSELF:
            named = {f.entry for f in found}
            if first in named or len(named) != 1 or self._had(words, found[0]):
                return answer
            return Answer(answer.question, Intent.LOOKUP, (Match(self._entries[found[0].entry], 100.0 * probability),))
        if entries is None or first in entries:
            return answer  # (it reads no entry: NONE, MANY, OTHER; or the answer's first is what it reads)
        return self._answer(answer.question, self._read_as(probability, entries, self._purpose.rank(words)))

    @staticmethod
    def _had(words: list[str], name: Found) -> bool:
        """Whether the name says who or where the asker is: "we're a django shop", "a flask dev" (but "how do i add
        routes to my flask app" is about Flask)."""
        return bool(WHO_OR_WHERE.intersection(words[name.end : name.end + 1]))

    def _sure(self, words: list[str], ranking: Ranking) -> tuple[float, set[int]] | None:
        """The entries (by index) the model reads the question as asking for, and how likely, when it is sure; never
        for a question naming a technology outside the catalog ("what .net library do people use for background
        jobs") or weighing things against each other."""
        if self.model is None or ranking.names_elsewhere(self._purpose.elsewhere) or WEIGHING.intersection(words):
            return None
        probability, _, entries = self._likeliest(self.model, words)
        if probability <= JOB_AT or entries is None:
            return None
        return probability, entries

    def _likeliest(self, model: BroadAskModel, words: list[str]) -> tuple[float, str, set[int] | None]:
        """The class `model` reads the question as likeliest, how likely, and its entries by index (None for a class
        that is no entries of this catalog: NONE, MANY, OTHER, ITSELF)."""
        found = features(words, self._purpose.mentioned_names.__contains__, self._purpose.knows)
        probability, wanted = max(zip(model.probabilities(found), model.classes, strict=True))
        entries = {self._index_of.get(name) for name in wanted.split("|")}
        return probability, wanted, None if None in entries else entries

    def _read_as(self, probability: float, wanted: set[int], ranking: Ranking) -> list[Match]:
        """The entries the model reads, those the question's words rank highest first, scored by its probability."""
        shown = sorted(wanted, key=lambda entry: (-ranking.score_of(entry), entry))
        return [Match(self._entries[entry], 100.0 * probability) for entry in shown]

    @staticmethod
    def _answer(question: str, matches: list[Match]) -> Answer:
        confidence = Confidence.HIGH if len(matches) == 1 else Confidence.MIDDLE
        return Answer(question, Intent.SEARCH, tuple(matches[:OPTIONS_SHOWN]), confidence=confidence)
