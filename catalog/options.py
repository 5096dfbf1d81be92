"""Which entries a purpose ranking shows: one clear best entry (its card), the two or three close ones ("best
matches"), the others a plural ask deserves ("which frameworks ..."), or, for a broad ask naming several jobs ("db,
queues, graphql?"), the entry doing each. Pure functions over a ranking (catalog.ranking); the engine decides when
each applies."""

from __future__ import annotations

import dataclasses

from catalog.broad import DOMAINS
from catalog.context_words import only_context
from catalog.model import Entry
from catalog.ranking import PurposeIndex, Ranking, Scored
from catalog.scope import MEDIUM_QUESTION, MODIFIERS, SHORT_QUESTION, SOFTWARE
from catalog.text import STOPWORDS, is_filler, is_number, stem, tokens

# A short question (catalog.scope.SHORT_QUESTION) must be mostly about its best entry: at least MIN_COVERAGE of
# its weight (unknown words weighing as the rarest), so "which orm does laravel use" is not SQLAlchemy's.
MIN_COVERAGE = 0.5
# A longer question is read for what it tells: its best entry must use this many of its telling words (words in
# at most half of the entries), however many context words the catalog does not know.
LONG_MIN_TELLING = 2
# ... and one more when it names a technology outside the catalog, which is then mostly what it is about ("airflow
# DAG tasks stuck in queued state"), unless the rest clearly asks for an entry ("turn a pandas script into an
# interactive app without frontend work"). In a message of more than MEDIUM_QUESTION meaningful words, a chatty one
# telling what the team has ("our analysts live in pandas and excel ..."), such a name is context like any other.
ELSEWHERE_MIN_TELLING = 3
# Entries scoring within this share of the best one are shown beside it as "best matches" (middle confidence) ...
CLOSE_RATIO = 0.8
# ... and so are those using every word the best one uses, within this share: both are about all that was asked,
# and their scores differ only by how their text says it ("desktop gui options" -> Tkinter and PyQt).
SAME_WORDS_RATIO = 0.5
OPTIONS_SHOWN = 3
# A question asking in the plural ("which frameworks ...") shows beside the best entry the others that cover at least
# this share of what it covers (of the best few by score).
PLURAL_COVERAGE = 0.6
PLURAL_ASKS = frozenset(
    """
frameworks options choices alternatives libraries libs tools toolkits stacks packages modules builders solutions
candidates ones contenders equivalents
""".split()
)
# Asked for frameworks, an entry added to a plural answer must call itself one.
FRAMEWORK_WORDS = frozenset({"framework", "frameworks"})
# Words of a broad ask for what goes around an app ("supporting libs ... db, queues, graphql", "the plumbing"): with
# them or a plural, a question naming several jobs gets the entry doing each, not the one doing the first.
JOBS_ASKS = frozenset({"stuff", "tooling", "things", "helper", "helpers", "supporting", "plumbing"})
# ... and these too, when no entry is named ("anything async-friendly for serving http?", "what do you have ...").
ANY_ASKS = frozenset({"you", "anything"})
# Words naming software of some kind: the word right before one says which kind ("geospatial libs"); the word
# before one naming a kind already ("an orm", "a driver") says which of that kind.
KINDS_OF_SOFTWARE = SOFTWARE - {"orm", "layer", "sdk", "wrapper", "driver"}
# Asking for options, an entry described by a telling word said right after "not" is turned down: "full-featured
# web frameworks (not micro)?" sets Flask aside. Only "not", maybe with "the" ("not a frontend dev" is the asker):
# "no boilerplate" or "without a database" say what the asker wants the entry to spare them, often what it does.
TURNING_DOWN = "not"
# ... what is turned down closes the question or comes before one of these ("not the micro ones").
TURNED_DOWN_BEFORE = PLURAL_ASKS | {"one"}


class OptionPicker:
    """The entries to show for a ranking, over one catalog's entries and purpose index."""

    def __init__(self, entries: tuple[Entry, ...], purpose: PurposeIndex) -> None:
        self._entries = entries
        self.purpose = purpose
        # Entries that call themselves a framework (by name, overview or category): Sanic does, a database toolkit
        # does not.
        self._frameworks = [
            bool(FRAMEWORK_WORDS.intersection(tokens(f"{entry.name} {entry.overview} {entry.category}")))
            for entry in entries
        ]

    def without_turned_down(self, ranking: Ranking, words: list[str]) -> Ranking:
        """The ranking without the entries the question turns down by what they are ("not micro"), unless it turns
        down all of them."""
        down: set[int] = set()
        for position, word in enumerate(words[:-1]):
            if word != TURNING_DOWN:
                continue
            after = words[position + 1 : position + 4]
            if after[0] == "the":
                after = after[1:]
            # what is turned down ends the question or names the options: "(not micro)", "not the micro ones"
            if not after or (len(after) > 1 and after[1] not in TURNED_DOWN_BEFORE):
                continue
            turned = after[0]
            term = stem(turned)
            if turned not in STOPWORDS and term in self.purpose.postings and self.purpose.is_telling(term):
                down.update(self.purpose.postings[term])
        kept = tuple(s for s in ranking.scored if s.entry not in down)
        return dataclasses.replace(ranking, scored=kept) if down and kept else ranking

    def jobs(self, ranking: Ranking) -> list[Scored]:
        """The entries that each own a different telling word of the question (score highest on it) and are *for* it,
        best first: "db, queues, graphql" -> SQLAlchemy, Celery, Graphene. One owner only: the question names one
        job."""
        postings = self.purpose.postings
        owners: list[int] = []
        for group in ranking.groups:
            if not (group.known and group.telling):
                continue
            best: dict[int, float] = {}
            for term in group.terms:
                for entry, value in postings.get(term, {}).items():
                    best[entry] = max(best.get(entry, 0.0), value)
            owner = max(best, key=best.__getitem__)
            if self.purpose.purposes[owner].intersection(group.terms) and owner not in owners:
                owners.append(owner)
        by_entry = {s.entry: s for s in ranking.scored}
        return [by_entry[e] for e in sorted(owners, key=lambda e: -ranking.score_of(e)) if e in by_entry][
            :OPTIONS_SHOWN
        ]

    def broad(self, ranking: Ranking, words: list[str]) -> list[Scored]:
        """A broad ask the catalog answers only in part ("good libs for building desktop apps?", "which async-capable
        web frameworks are there?"): asking for options of a kind, it deserves the entries that do the part the
        catalog knows, rather than nothing; never when it names a technology outside the catalog or a kind of
        software the catalog does not know ("geospatial libs")."""
        if not ranking.scored or ranking.names_elsewhere(self.purpose.elsewhere) or self._unknown_kind(words):
            return []
        best = ranking.scored[0]
        if best.telling == 0:
            return []
        return self._one_kind(
            [s for s in ranking.scored[:OPTIONS_SHOWN] if s.telling and s.coverage >= PLURAL_COVERAGE * best.coverage]
        )

    def _unknown_kind(self, words: list[str]) -> bool:
        """Whether a word the catalog does not know comes right before "libs", "toolkits" ... and says which kind of
        software is asked for ("geospatial libs", "2d game libs", "compression libraries"), not how it should be
        ("lightweight libs", "helper libs") nor what it does to a thing the catalog knows ("db access libs")."""
        for position in range(1, len(words)):
            kind = words[position - 1]
            if words[position] not in KINDS_OF_SOFTWARE or is_filler(kind) or is_number(kind):
                continue
            if (
                self.purpose.knows(kind)
                or kind in MODIFIERS
                or kind in DOMAINS
                or kind in JOBS_ASKS
                or kind in ANY_ASKS
            ):
                continue
            if (position >= 2 and self.purpose.knows(words[position - 2])) or only_context(words, position - 1):
                continue
            return True
        return False

    def _one_kind(self, options: list[Scored]) -> list[Scored]:
        """Three options whose best two are of one kind (category) without the third of another: "interactive web
        apps for analysts" are Dash and Streamlit, not a backend framework that also serves web apps."""
        kinds = [self._entries[s.entry].category for s in options]
        if len(options) == OPTIONS_SHOWN and kinds[0] == kinds[1] != kinds[2]:
            return options[:2]
        return options

    def best(self, ranking: Ranking, plural: bool = False, frameworks: bool = False) -> list[Scored]:
        """The entries confidently answering a purpose question (one, or the two or three closest), else none. A
        question asking in the plural ("which frameworks ...", "what are my options ...") shows the others that
        answer most of it too."""
        if not ranking.scored:
            return []
        best = ranking.scored[0]
        if not self.clear(ranking, best):
            return []
        best_is_for = self.purpose.is_for(best.entry, ranking)
        options = [
            s
            for s in ranking.scored[:OPTIONS_SHOWN]
            if s.telling
            and (
                s.score >= CLOSE_RATIO * best.score
                or (s.coverage >= best.coverage - 1e-9 and s.score >= SAME_WORDS_RATIO * best.score)
                or (plural and s.coverage >= PLURAL_COVERAGE * best.coverage)
            )
            # Beside a best entry that is *for* what was asked, a runner-up must be too, not merely have it among its
            # features: real-time web services are what Tornado and Sanic are for; a dashboard tool's "real-time
            # updates" are a feature of it.
            and (s is best or self.purpose.is_for(s.entry, ranking) or not best_is_for)
        ]
        options = self._one_kind(options)
        if plural and len(options) == 1:
            # Asked in the plural, one answer is not options: the next of the best one's kind (its category) that
            # does part of what was asked ("cross platform gui libs": PyQt, and Tkinter for the gui).
            kind = self._entries[best.entry].category
            same_kind = [s for s in ranking.scored[1:] if s.telling and self._entries[s.entry].category == kind]
            # ... or, none of its kind doing any of it, the next that is *for* part of it ("realtime push options":
            # Tornado, and Sanic, filed elsewhere).
            # Asked for frameworks, the one added must call itself one (Sanic does; a database toolkit does not).
            others = [s for s in ranking.scored[1:] if s.telling and (self._frameworks[s.entry] or not frameworks)]
            near = [s for s in others if s.coverage >= PLURAL_COVERAGE * best.coverage]
            options += (same_kind or [s for s in others if self.purpose.is_for(s.entry, ranking)] or near)[:1]
        return options

    def clear(self, ranking: Ranking, scored: Scored) -> bool:
        """Whether an entry answers the question on its own: most of a short question, two telling words of a
        longer one."""
        if scored.telling == 0:
            return False
        if ranking.content_words <= SHORT_QUESTION:
            # A short question naming a technology outside the catalog is about it: "spring security login".
            return scored.coverage >= MIN_COVERAGE and not ranking.names_elsewhere(self.purpose.elsewhere)
        if ranking.content_words <= MEDIUM_QUESTION and ranking.names_elsewhere(self.purpose.elsewhere):
            return scored.telling >= ELSEWHERE_MIN_TELLING
        return scored.telling >= LONG_MIN_TELLING
