"""Ranking entries by purpose: BM25 over the entry's fields, each field weighted by how much it tells (BM25F).

Every meaningful word of the question counts by how rare it is in the catalog (idf), so a long chatty message is
read whole: the context words that the catalog never uses add nothing, and the word that matters ("websockets")
still finds its entry. Curated `keywords` are a field of their own, and a keyword of several words also counts as
one phrase ("task queue", "query builder"), worth as much as a rare word.

Beside the scores, a ranking says how much of the question the best entries cover (the share of the question's
idf weight they use, unknown words counting as the rarest), which the engine needs to tell a short question it
can answer ("orm for postgres") from one it cannot ("which orm does laravel use"). Names the catalog only mentions
("built on React") and technologies known to be outside it (`catalog.question_words.ELSEWHERE`: Laravel, Spring,
pandas ...) are asked-about names, never purposes.
"""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass

from catalog.context_words import moves_away, only_context
from catalog.model import Entry
from catalog.question_words import ELSEWHERE
from catalog.text import LOOKUP_WORDS, STOPWORDS, is_filler, is_number, stem, tokens

# Where a word is found in an entry says how much it tells: the name, the curated keywords and the use cases say
# what the entry is *for*; the category hardly tells one entry of it from another.
FIELD_WEIGHTS = {
    "name": 2.0,
    "keywords": 2.0,
    "use_cases": 1.5,
    "overview": 1.0,
    "features": 1.0,
    "keyword_words": 1.0,
    "category": 0.5,
}
# BM25's term-frequency saturation and length normalisation (the usual values).
K1 = 1.2
B = 0.75
# How many of the best entries a ranking describes in full (the engine shows at most three).
RANKED_KEPT = 10


@dataclass(frozen=True)
class Group:
    """One meaningful word of the question: its stem and its synonyms' stems (the alternatives), its weight (idf
    of its best-known alternative; unknown words weigh as the rarest), and whether it tells entries apart."""

    terms: tuple[str, ...]
    weight: float
    known: bool
    telling: bool
    positions: tuple[int, ...]
    filler: bool  # a word about how people ask ("docs", "start") that the catalog also happens to use


@dataclass(frozen=True)
class Scored:
    """An entry's standing for one question: BM25F score, share of the question covered, telling words it uses."""

    entry: int
    score: float
    coverage: float
    telling: int


@dataclass(frozen=True)
class Ranking:
    """The entries a question matches, best first, and what the question was made of."""

    scored: tuple[Scored, ...]
    groups: tuple[Group, ...]
    phrases: int  # keyword phrases of the question found in some entry
    scores: dict[int, float]  # every matching entry's score
    # Words that only name who the thing is for ("the ops team"): they make a question longer, nothing more.
    audience: int = 0

    def matching_all(self, postings: dict[str, dict[int, float]]) -> set[int]:
        """The entries that use every known word of the question (or one of its synonyms)."""
        found: set[int] | None = None
        for group in self.groups:
            if group.known:
                entries = set().union(*(postings.get(term, {}).keys() for term in group.terms))
                found = entries if found is None else found & entries
        return found or set()

    def names_elsewhere(self, elsewhere: frozenset[str]) -> bool:
        """Whether the question names a technology the catalog does not cover."""
        return any(term[1:] in elsewhere for group in self.groups for term in group.terms if term[0] == "=")

    @property
    def telling_words(self) -> int:
        return sum(1 for group in self.groups if group.telling)

    @property
    def content_words(self) -> int:
        return len(self.groups) + self.audience

    def score_of(self, entry: int) -> float:
        return self.scores.get(entry, 0.0)


class PurposeIndex:
    """BM25F postings over every entry's fields, built once: term -> {entry: the term's score for the entry}."""

    def __init__(self, entries: tuple[Entry, ...], synonyms: dict[str, tuple[str, ...]]) -> None:
        self._synonyms = {word: tuple(stem(s) for s in alternatives) for word, alternatives in synonyms.items()}
        weighted: list[dict[str, float]] = []
        self.purposes: list[set[str]] = []
        lengths: list[int] = []
        self.longest_phrase = 1  # words in the longest keyword: no longer run of the question can match one
        for entry in entries:
            # A keyword of one word weighs as a keyword; the words of a longer one only as much as a feature's (the
            # phrase itself counts whole): "user accounts" is about accounts, not about every "user interface".
            single = [k for k in entry.keywords if len(tokens(k)) == 1]
            words = [k for k in entry.keywords if len(tokens(k)) > 1]
            fields = {
                "name": [entry.name, " ".join(_name_parts(entry.name))],
                "keywords": single,
                "keyword_words": words,
                "use_cases": list(entry.use_cases),
                "overview": [entry.overview],
                "features": list(entry.features),
                "category": [entry.category],
            }
            counts: dict[str, float] = {}
            length = 0
            # What the entry is for (all but its feature list), so a runner-up can be told from an entry that only
            # has what was asked among its features ("Real-time updates" in a dashboard tool).
            self.purposes.append(
                {
                    stem(word)
                    for field, texts in fields.items()
                    if field not in ("features", "category")
                    for text in texts
                    for word in tokens(text)
                }
            )
            for field, texts in fields.items():
                weight = FIELD_WEIGHTS[field]
                for text in texts:
                    terms = [stem(word) for word in tokens(text) if word not in STOPWORDS]
                    length += len(terms)
                    for term in terms:
                        counts[term] = counts.get(term, 0.0) + weight
            for keyword in entry.keywords:  # a keyword of several words is also one phrase, worth its own
                phrase = phrase_key(tokens(keyword))
                self.longest_phrase = max(self.longest_phrase, phrase.count(" ") + 1)
                if " " in phrase:
                    counts[phrase] = counts.get(phrase, 0.0) + FIELD_WEIGHTS["keywords"]
            weighted.append(counts)
            lengths.append(length)
        count = len(entries)
        average = sum(lengths) / count if count else 1.0
        frequency: dict[str, int] = {}
        for counts in weighted:
            for term in counts:
                frequency[term] = frequency.get(term, 0) + 1
        self.idf = {term: _idf(count, n) for term, n in frequency.items()}
        # A word the catalog never uses weighs as its rarest could: it is part of what was asked.
        self.unknown_idf = _idf(count, 0)
        # A word in more than half of the entries hardly tells one from another ("framework", "python").
        self._telling_df = max(1, count // 2)
        self._frequency = frequency
        # What more than half of the entries are for tells none of them apart: most are for "applications".
        purpose_frequency: dict[str, int] = {}
        for own in self.purposes:
            for term in own:
                purpose_frequency[term] = purpose_frequency.get(term, 0) + 1
        self.purposes = [{t for t in own if purpose_frequency[t] <= self._telling_df} for own in self.purposes]
        self.postings: dict[str, dict[int, float]] = {}
        for index, counts in enumerate(weighted):
            norm = K1 * (1 - B + B * lengths[index] / average)
            for term, tf in counts.items():
                self.postings.setdefault(term, {})[index] = self.idf[term] * tf * (K1 + 1) / (tf + norm)
        # Technologies known to be outside a catalog of Python frameworks, unless an entry claims the word.
        own = {
            word for entry in entries for name in (entry.name, *entry.aliases, *entry.keywords) for word in tokens(name)
        }
        self.elsewhere = ELSEWHERE - own
        self._keyword_words = {word for entry in entries for keyword in entry.keywords for word in tokens(keyword)}
        # Things an entry works with or a question may name, each one word: curated one-word keywords ("postgres",
        # "rabbitmq") and the names above.
        single = {tuple(tokens(keyword)) for entry in entries for keyword in entry.keywords}
        self.things = {words[0] for words in single if len(words) == 1}
        self.mentioned_names = _names_only_mentioned(entries, self.postings) | self.elsewhere
        self.things |= self.mentioned_names

    def is_for(self, entry: int, ranking: Ranking) -> bool:
        """Whether the entry is *for* a telling word of the question (its name, keywords, overview or use cases use
        it), not only has it among its features."""
        own = self.purposes[entry]
        return any(g.known and g.telling and own.intersection(g.terms) for g in ranking.groups)

    def knows(self, word: str) -> bool:
        """Whether the catalog uses the word (or one of its synonyms, by the word or its stem as groups() reads them)
        for what an entry is for."""
        own = stem(word)
        return word not in self.mentioned_names and bool(own in self.postings or {word, own} & self._synonyms.keys())

    def is_telling(self, term: str) -> bool:
        return self._frequency.get(term, 0) <= self._telling_df

    def groups(self, words: list[str]) -> list[Group]:
        """The question's meaningful words, each with its synonyms; filler and repeats dropped."""
        by_terms: dict[tuple[str, ...], list[int]] = {}
        filler: set[tuple[str, ...]] = set()
        for position, word in enumerate(words):
            if word in STOPWORDS or is_number(word):
                continue
            own = stem(word)
            if is_filler(word) and (own not in self.postings or word in LOOKUP_WORDS):
                continue  # "list", "docs", "get started", "versus": how people ask, not what they ask for
            if moves_away(words, position, self.mentioned_names):
                continue  # "coming from", "switching off": where the asker comes from is context
            if word in self.mentioned_names:
                if only_context(words, position):
                    continue  # "without writing yaml", "coming from express": not what they ask about
                terms: tuple[str, ...] = ("=" + word,)  # asked about by name: not a purpose (never in postings)
            else:
                # A curated keyword means itself: its stem may look like another word ("plotly" -> "plot").
                by_stem = () if word in self._keyword_words else self._synonyms.get(own, ())
                terms = tuple(dict.fromkeys((own, *self._synonyms.get(word, ()), *by_stem)))
            by_terms.setdefault(terms, []).append(position)
            if is_filler(word):
                filler.add(terms)
        groups = []
        for terms, positions in by_terms.items():
            known = [term for term in terms if term in self.postings]
            weight = max((self.idf[term] for term in known), default=self.unknown_idf)
            telling = not known or min(self._frequency[term] for term in known) <= self._telling_df
            if terms in filler:  # how people ask ("library", "docs"): scores, but is not what the question is about
                weight, telling = 0.0, False
            groups.append(Group(terms, weight, bool(known), telling, tuple(positions), terms in filler))
        return groups

    def rank(self, words: list[str], said: frozenset[int] = frozenset(), audience: int = 0) -> Ranking:
        """The entries that match a word of the question, best first (the best RANKED_KEPT of them).

        Scores are summed over every posting (the only work proportional to the catalog); what the engine decides
        with (coverage, telling words) is worked out for the few best entries only.
        """
        groups = self.groups(words)
        scores: dict[int, float] = {}
        for group in groups:
            rows = [self.postings[term] for term in group.terms if term in self.postings]
            if len(rows) == 1:
                for entry, value in rows[0].items():
                    scores[entry] = scores.get(entry, 0.0) + value
            elif rows:
                best: dict[int, float] = {}
                for row in rows:
                    for entry, value in row.items():
                        if value > best.get(entry, 0.0):
                            best[entry] = value
                for entry, value in best.items():
                    scores[entry] = scores.get(entry, 0.0) + value
        phrases: list[tuple[dict[int, float], list[int]]] = []
        for phrase, positions in _phrases(words, self.longest_phrase):
            row = self.postings.get(phrase)
            if row:
                phrases.append((row, [n for n, g in enumerate(groups) if any(p in positions for p in g.positions)]))
                for entry, value in row.items():
                    scores[entry] = scores.get(entry, 0.0) + value
        # The best few by score (in C), then ties put in catalog order.
        best = heapq.nlargest(RANKED_KEPT, scores, key=scores.__getitem__)
        top = sorted(((entry, scores[entry]) for entry in best), key=lambda kv: (-kv[1], kv[0]))
        total = sum(group.weight for group in groups) or 1.0
        curated = len(phrases)
        # An idiom said plainly (`said`: its words' positions) is a curated phrase too, and as much evidence.
        phrases += [({}, [n]) for n, g in enumerate(groups) if g.known and said.intersection(g.positions)]
        scored = tuple(self._standing(entry, score, groups, phrases, total) for entry, score in top)
        return Ranking(scored, tuple(groups), curated, scores, audience)

    def _standing(
        self,
        entry: int,
        score: float,
        groups: list[Group],
        phrases: list[tuple[dict[int, float], list[int]]],
        total: float,
    ) -> Scored:
        """How much of the question one entry covers, and how many of its telling words it uses."""
        matched = {n for n, g in enumerate(groups) if any(entry in self.postings.get(t, ()) for t in g.terms)}
        evidence = 0
        for row, inside in phrases:
            # a curated phrase the entry has, or an idiom (no row of its own) whose plain word the entry uses
            if entry in row or (not row and matched.issuperset(inside)):
                matched.update(inside)  # the phrase's words count as covered even if the entry lacks them alone
                evidence += 1  # and a curated phrase is evidence of its own
        covered = sum(groups[n].weight for n in matched)
        telling = evidence + sum(1 for n in matched if groups[n].telling)
        return Scored(entry, score, covered / total, telling)


def phrase_key(words: list[str]) -> str:
    """A phrase as the index keeps it: its words' stems, joined by spaces."""
    return " ".join(stem(word) for word in words)


def _phrases(words: list[str], longest: int):
    """Every run of 2 to `longest` words, as (phrase key, positions)."""
    stems = [stem(word) for word in words]
    for size in range(2, longest + 1):
        for start in range(len(words) - size + 1):
            yield " ".join(stems[start : start + size]), range(start, start + size)


def _names_only_mentioned(entries: tuple[Entry, ...], postings: dict[str, dict[int, float]]) -> frozenset[str]:
    """Proper names the catalog only mentions ("built on React", "with Alembic"): asked about, they are a request
    for something the catalog does not have, not a purpose. Names and keywords of entries are not among them."""
    lowercase_seen: set[str] = set()
    capital_seen: set[str] = set()
    own: set[str] = set()
    for entry in entries:
        own.update(tokens(" ".join((entry.name, *entry.aliases, *entry.keywords))))
        for text in (entry.overview, *entry.features, *entry.use_cases):
            _note_capitals(text, lowercase_seen, capital_seen)
    half = len(entries) / 2
    return frozenset(word for word in capital_seen - lowercase_seen - own if len(postings.get(stem(word), ())) <= half)


def _note_capitals(text: str, lowercase_seen: set[str], capital_seen: set[str]) -> None:
    """Sort the words of a catalog sentence into written-lowercase and capitalised-mid-sentence."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for number, match in enumerate(_WORD.finditer(sentence)):
            word = match.group()
            folded = word.casefold()
            if word.islower():
                lowercase_seen.add(folded)
            elif number > 0 and word[0].isupper() and not word.rstrip("s").isupper():
                capital_seen.add(folded)


# Words written capitalised in the middle of a sentence; acronyms (API, ORM, I/O) are not names of things.
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _idf(count: int, frequency: int) -> float:
    """BM25's idf, never negative."""
    return math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))


def _name_parts(name: str) -> list[str]:
    """'FastAPI' -> ['Fast', 'API']: the parts of a name are words of what it is about."""
    return _CAMEL.findall(name)


_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
