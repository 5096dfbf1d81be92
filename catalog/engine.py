"""The answer engine: text a person typed -> an Answer (intent, ranked matches, confidence), over an index built once.

Pure functions and frozen dataclasses: no Slack, no I/O. The bot, the console chat and `pyfw ask` all call it.

How a question is read, in order:
1. help: empty, "help", "what can you do?" and the like.
2. names: every name or alias in the text, exact or with a typo (catalog.names). A question *about* the named
   entry is a lookup (two or more names and a "vs"/"or": compare); a question that only *mentions* it ("our flask
   app has to send emails in the background, what do people use?") is a search whose best entry is another one,
   scoring far above the named entry on the rest of the question. It asks for another one with "what", "which",
   "how do we", "any advice", "need" ..., or by turning away ("instead of X", "like X but"); a yes/no question
   opening on the name, or one about the entry's versions or tutorials, is about it. The word right after the
   name ("celery workers") and the name's own clause ("streamlit reruns the script, anything with callbacks?")
   describe what the asker has, so they do not count for the named entry against the others; a model learned from
   questions naming entries (catalog.job_asks) has the last word where very sure ("our dash app should email a
   report every night, how?" is Celery's, "how do i add a route in flask" Flask's). Then misspelt
   ordinary words are read as the catalog's words they are one edit from ("web framworks pythn"; catalog.spelling),
   and unknown words naming who a thing is for ("for the ops team") are left out of what is asked.
3. list: "list", "list backend", "frontend frameworks", "which frameworks do you cover?"; a broad ask ("I need a
   web framework", "options for a website backend?", "what do you have besides web frameworks?", "i want to build
   a website, where do i start?") gets the list of the category it is about (catalog.broad).
4. search by purpose (catalog.ranking): BM25 over the entries' fields and keywords, each word weighted by how rare
   it is. One clear best entry: its card (high confidence); two or three close ones: "best matches" (middle).
   A question asking in the plural ("which frameworks ...") shows the runners-up that cover most of it too; a
   broad ask naming several jobs ("supporting libs for db, queues, graphql?") the entry doing each
   (catalog.options). A question asking for options that none of this answers, naming one category ("migrating a
   crusty old perl cgi mess to python, what could the new server be? open to suggestions"), gets that category.
   Where these rules stop short, a model learned from the evaluation's broad asks (catalog.broad_model) reads which
   group of entries the question asks for as a whole: a nothing becomes that group ("python web fw?"), one entry of
   it is shown with the rest, options whose best is in it keep it with the rest of the group, others give way to a
   group it is sure of, options resting on few incidental words of what it reads as out of scope to nothing. Last,
   a second model (catalog.job_asks) reads a job said in everyday words ("nightly invoice emails at 2am").
5. none (low confidence): nothing above is confident, or a short question names a technology outside the catalog
   ("spring security login"), or asks for a thing the catalog never speaks of ("a good host for a web app") or to
   weigh two things that are not entries ("sqlite or postgres", catalog.scope). A near miss of a name is a
   suggestion, never an answer.
"""

from __future__ import annotations

from typing import NamedTuple

from catalog.answer import INTENTS, Answer, Confidence, Intent, Match
from catalog.broad import ASKS_OPTIONS, DOMAINS
from catalog.broad_model import MODEL_PATH, BroadAskModel, BroadAsks
from catalog.categories import CategoryIndex
from catalog.context_words import naming_an_audience, without_a_stack_said_first
from catalog.english import EnglishWords, everyday_words_among
from catalog.idioms import read_idioms
from catalog.job_asks import JOB_MODEL_PATH, NAMED_MODEL_PATH, JobAsks
from catalog.model import Catalog
from catalog.names import Found, NameIndex
from catalog.options import ANY_ASKS, CLOSE_RATIO, FRAMEWORK_WORDS, JOBS_ASKS, OPTIONS_SHOWN, PLURAL_ASKS, OptionPicker
from catalog.other_stacks import said_as_kinds
from catalog.question_words import (
    ABOUT_AN_ENTRY,
    ASKS_FOR_ONE,
    COMPARE_SIGNALS,
    FALLS_SHORT,
    TO_THE_BOT,
    TOGETHER,
    asked_beside,
    asks_how,
    asks_where_to_begin,
    clauses_of,
    has_already,
    is_help,
    turns_away,
    unknown_other_side,
    without_openers,
    yes_no_about,
)
from catalog.ranking import PurposeIndex, Ranking, Scored
from catalog.scope import asks_for_a_stranger, asks_outside_by_name, asks_outside_by_purpose, names_an_everyday_thing
from catalog.spelling import Speller
from catalog.synonyms import SYNONYMS
from catalog.text import is_filler, is_number, stem, tokens

__all__ = ["INTENTS", "Answer", "AnswerEngine", "Confidence", "Intent", "Match"]

# A named entry is only context when another entry scores this much more than it on the rest of the question.
CONTEXT_MARGIN = 2.0
# ... or this much more, when the question says the asker has it ("our celery workers crunch numbers, what can show
# the results as charts?"): what one has is context, not what one asks for.
HAD_MARGIN = 1.0
# Only the start of a very long message is read, so a pasted page costs what a long question costs.
MAX_WORDS = 60


class Reading(NamedTuple):
    """A question as the engine reads it (AnswerEngine._read)."""

    words: list[str]
    said: frozenset[int]  # where idioms were said plainly
    found: list[Found]  # the entries named
    near: list[tuple[int, float]]  # near misses of a name: (entry, score)
    audience: int  # words left out that only named who the thing is for


class AnswerEngine:
    """An index over one catalog, built once at start-up; `answer(text)` is then cheap and thread-safe."""

    def __init__(self, catalog: Catalog, *, learned: bool = True) -> None:
        """`learned=False` leaves the learned models out: the rules alone (their trainer reads questions so)."""
        self.catalog = catalog
        self._entries = catalog.entries
        self.names = NameIndex(self._entries)
        self.purpose = PurposeIndex(self._entries, SYNONYMS)
        # Entries whose name is also an everyday English word ("Tornado", "Flask", "Dash"): only such a name can be
        # read in its everyday sense ("the tornado sirens went off twice last night").
        english = EnglishWords.load()
        everyday = everyday_words_among((entry.name for entry in self._entries), english)
        self._everyday_names = [entry.name.casefold() in everyday for entry in self._entries]
        self.categories = CategoryIndex(self._entries)
        self.options = OptionPicker(self._entries, self.purpose)
        paths = (MODEL_PATH, JOB_MODEL_PATH, NAMED_MODEL_PATH)
        broad, job, named = (BroadAskModel.load(path) if learned else None for path in paths)
        self.broad_asks = BroadAsks(self._entries, self.purpose, self.categories, broad)
        self.job_asks = JobAsks(self._entries, self.purpose, job, named)
        self.speller = Speller(
            (t for e in self._entries for t in (e.overview, e.category, *e.features, *e.use_cases, *e.keywords)),
            (name for e in self._entries for name in (e.name, *e.aliases)),
            english,
        )

    # ---- answering ---------------------------------------------------------------------------------------

    def answer(self, text: str) -> Answer:
        """Read `text` as a person's question and answer it (see the module docstring for the order)."""
        question = text.strip()
        read = self._read(question)
        if read is None:
            return Answer(question, Intent.HELP)
        words, said, found, near, audience = read
        if found:
            named = self._named(question, words, found, clauses_of(without_openers(question)))
            return self.job_asks.past_the_name(named, words, found)
        listing = self.categories.listing(question, words)
        if listing is not None:
            return listing
        suggestions = tuple(Match(self._entries[entry], score) for entry, score in near)
        return self._by_purpose(question, words, suggestions, said, audience)

    def _read(self, question: str) -> Reading | None:
        """The question's words (openers and a stack the asker only has left out, idioms said plainly, misspelt ordinary
        words corrected: "web framworks pythn"); where idioms were said; the names in it and the near misses of one;
        how many words only named who the thing is for ("the ops team"), left out. None for a call for help."""
        text = without_openers(question)
        words, said = read_idioms(tokens(text)[:MAX_WORDS])
        words = said_as_kinds(words, text)
        if is_help(words):
            return None
        found, near = self.names.find(words, self._is_strange, self.purpose.elsewhere)
        named = {i for f in found for i in range(f.start, f.end)}
        words = self.speller.correct(words, named, self._meant_as_written)
        # (unknown words naming only who a thing is for, "for the ops team", beside a word telling what is asked)
        groups = [
            g for g in naming_an_audience(words) if not any(p in named or self._meant_as_written(words[p]) for p in g)
        ]
        audience = {p for g in groups for p in g}
        if not (audience and any(self._tells(w) for p, w in enumerate(words) if p not in audience)):
            audience = set()
        words = ["the" if p in audience else w for p, w in enumerate(words)]
        words = without_a_stack_said_first(words, clauses_of(text), self._tells, self.purpose.mentioned_names)
        return Reading(words, said, found, near, len(audience))

    def learned_features(self, text: str) -> tuple[set[str], frozenset[str]] | None:
        """What the learned models read of a question, and the entries it names (the named-ask model reads those that
        name one, the others the rest); None for help. The trainer reads tune's questions the way the engine does."""
        if (read := self._read(text.strip())) is None:
            return None
        return self.broad_asks.features(read.words), frozenset(self._entries[f.entry].name for f in read.found)

    def _named(self, question: str, words: list[str], found: list[Found], clauses: list[int]) -> Answer:
        """A lookup or a comparison of the named entries, unless the rest of the question is about another one."""
        outside = [w for i, w in enumerate(words) if not any(f.start <= i < f.end for f in found)]
        # The rest of the question without how people ask ("docs", "get started"): what it is about.
        rest = [w for w in outside if not is_filler(w)]
        if asks_outside_by_name(self.purpose, words, rest, found, self._everyday_names):
            return Answer(question, Intent.NONE)
        if (
            all(self._everyday_names[f.entry] and f.end - f.start == 1 for f in found)  # "plotly dash" is software
            # "is dash any good? a coworker keeps mentioning it" (but "did anyone see the tornado footage?")
            and not (yes_no_about(words, found[0].start) and found[0].start <= 2)
            and names_an_everyday_thing(self.purpose, outside, rest, words, found[0])
        ):
            return Answer(question, Intent.NONE)
        named = [f.entry for f in found]
        matches = tuple(Match(self._entries[f.entry], f.score) for f in found)
        if len(found) >= 2 and (
            COMPARE_SIGNALS.intersection(outside) or not (TOGETHER.intersection(outside) or self.purpose.groups(rest))
        ):
            return Answer(question, Intent.COMPARE, matches)
        ranking = self._rest_ranking(words, rest, found)
        # "supporting libs (queues, db layer, graphql)?": a name among several jobs asked for is one of the answers.
        if (
            len(found) == 1
            and (PLURAL_ASKS | JOBS_ASKS).intersection(words)
            and not has_already(words, found[0].start, found[0].end)
        ):
            jobs = self.options.jobs(self.purpose.rank(words))
            if len(jobs) >= 2 and found[0].entry in [s.entry for s in jobs]:
                return self._search_answer(question, jobs)
        # Naming an entry puts the question in scope, so the rest need not be mostly covered: when the question asks
        # for something, another entry that uses a telling word of it and scores far above the named ones (or
        # above none at all, for the ones it wants to get away from: "instead of streamlit") is the answer.
        away = {f.entry for f in found if turns_away(words, f.start, f.end, self.purpose.elsewhere)}
        others = [s for s in ranking.scored if s.entry not in named and s.telling]
        # With two names or more, one of them is what is asked for unless the question turns away from it. (Beside
        # an entry the asker has, another kind of entry's word asks for it: "orm for our flask app", not "auth for ...")
        kinds = {self._entries[e].category for e in (found[0].entry, others[0].entry)} if others else set()
        had_one = asked_beside(words, found[0], ranking.phrases > 0, len(kinds) == 2)
        asking = bool(ASKS_FOR_ONE.intersection(outside)) or asks_how(outside) or had_one
        asks = len(found) == 1 and asking
        asks = asks and not yes_no_about(words, found[0].start) and not ABOUT_AN_ENTRY.intersection(outside)
        asks = asks and words[found[0].start - 1 : found[0].start] != ["about"]  # "what about pyramid, worth it?"
        # Saying the named entry falls short ("tkinter looks dated, what's the step up?") asks for another one,
        # whatever else is said about it ("pyqt licensing worries legal ..."), and any that does the job will do.
        leaving = asking and len(found) == 1 and bool(FALLS_SHORT.intersection(outside))
        if others and (away or asks or leaving):
            kept = [entry for entry in named if entry not in away]
            for_named = self._named_scores(words, rest, found, clauses)
            had = leaving or all(has_already(words, f.start, f.end) for f in found)
            margin = HAD_MARGIN if had else CONTEXT_MARGIN
            if others[0].score > margin * max((for_named.score_of(entry) for entry in kept), default=0.0) and (
                leaving or self._tells_more(others[0].entry, kept, ranking)
            ):
                close = [s for s in others[:OPTIONS_SHOWN] if s.score >= CLOSE_RATIO * others[0].score]
                return self._search_answer(question, close)
        if away and len(away) == len(found):
            # Turning away from every name, and no entry doing what is asked: "something like flask in go?" is
            # none; "alternatives to django?" the named entry's category, "what do you cover besides django?" all.
            if ranking.names_elsewhere(self.purpose.elsewhere):
                return Answer(question, Intent.NONE)
            category = None if TO_THE_BOT.intersection(outside) else self._entries[found[0].entry].category
            left = tuple(
                m for m in self.categories.listings[category] if not any(m.entry is self._entries[e] for e in away)
            )
            return Answer(question, Intent.LIST, left, category=category)
        if len(found) >= 2:
            # Two names in a sentence without a comparison word: the one asked for beside those the asker has
            # ("our flask app ... the frontend folks want graphql, what do we add?"); else ("is graphene used with
            # django?") the one the rest is about when it asks for one or is clearly about one, else the first.
            # (turning away from all but one, "moving from flask to fastapi", asks about that one)
            wanted = [f for f in found if not has_already(words, f.start, f.end) and f.entry not in away]
            if (asking or away) and len(wanted) == 1:
                return Answer(question, Intent.LOOKUP, (Match(self._entries[wanted[0].entry], wanted[0].score),))
            by_rest = sorted(((ranking.score_of(f.entry), f) for f in found), key=lambda pair: -pair[0])
            (top, best), (second, _) = by_rest[0], by_rest[1]
            if not (top > 0 and (ASKS_FOR_ONE.intersection(outside) or top > CONTEXT_MARGIN * second)):
                best = found[0]
            return Answer(question, Intent.LOOKUP, (Match(self._entries[best.entry], best.score),))
        return Answer(
            question, Intent.LOOKUP, matches, unknown=unknown_other_side(words, found[0], self._is_unknown_name)
        )

    def _named_scores(self, words: list[str], rest: list[str], found: list[Found], clauses: list[int]) -> Ranking:
        """What the rest of the question says for the one named entry: only what is outside the name's own clause.
        In "streamlit reruns the whole script on every click, anything with proper callbacks?" the first clause
        tells what the asker has; what they ask is elsewhere. (One clause, several names, or nothing telling in the
        other clauses: all of the rest.)"""
        whole = self._rest_ranking(words, rest, found)
        if len(found) != 1 or len(set(clauses)) < 2 or found[0].start >= len(clauses):
            return whole
        own = clauses[found[0].start]
        elsewhere = self.purpose.rank([w for w, c in zip(words, clauses, strict=False) if c != own and w in rest])
        return elsewhere if any(g.known and g.telling for g in elsewhere.groups) else whole

    def _rest_ranking(self, words: list[str], rest: list[str], found: list[Found]) -> Ranking:
        """The entries ranked on the rest of a question naming entries, but the word right after the one name: it
        describes what the asker has ("celery workers", "our flask app"), so it does not speak for another entry."""
        after = found[0].end if len(found) == 1 else -1
        return self.purpose.rank([w for i, w in enumerate(words) if i != after and w in rest])

    def _tells_more(self, entry: int, named: list[int], ranking: Ranking) -> bool:
        """Whether `entry` uses a telling word of the question that none of the `named` entries uses: then it is
        about something they are not ("send emails in the background"), not the same thing said more often."""
        postings = self.purpose.postings
        for group in ranking.groups:
            if group.telling and group.known:
                users = set().union(*(postings.get(term, {}).keys() for term in group.terms))
                if entry in users and not users.intersection(named):
                    return True
        return False

    def _by_purpose(
        self, question: str, words: list[str], suggestions: tuple[Match, ...], said: frozenset[int], audience: int
    ) -> Answer:
        """Entries by what they are for, a category for a broad ask, or an honest none."""
        content = [w for w in words if not is_filler(w) and not is_number(w)]
        unknown = [w for w in content if self._is_unknown_name(w) and w not in DOMAINS]
        unknown_words = (" ".join(unknown),) if unknown and len(unknown) <= 3 else ()
        nothing = Answer(question, Intent.NONE, suggestions=suggestions, unknown=unknown_words)
        if content and len(content) <= 2 and len(unknown) == len(content) and not asks_where_to_begin(words):
            return nothing
        if asks_outside_by_purpose(self.purpose, words):
            return nothing
        ranking = self.purpose.rank(words, said, audience)
        category = self.categories.broad_category(words, ranking, self.purpose)
        if category is not None:
            return self.categories.list_answer(question, category, words)
        if asks_for_a_stranger(self.purpose, words, content):
            return self.broad_asks.for_python(question, words, ranking) or nothing
        # "what's out there for ..." asks for options as much as "which frameworks ..." does.
        plural = bool(PLURAL_ASKS.intersection(words)) or asks_where_to_begin(words)
        if plural:
            ranking = self.options.without_turned_down(ranking, words)
        options = self.options.best(ranking, plural=plural, frameworks=bool(FRAMEWORK_WORDS.intersection(words)))
        if len(options) == 1 and (plural or (JOBS_ASKS | ANY_ASKS).intersection(words)):
            jobs = self.options.jobs(ranking)
            if len(jobs) >= 2:
                options = jobs
        if not options and plural:
            options = self.options.broad(ranking, words)
        if options:
            return self.broad_asks.instead_of(question, options, words, ranking, nothing) or self.job_asks.checked(
                self._search_answer(question, options), words, ranking
            )
        # A broad ask naming one category, however much else it says, gets that category rather than nothing.
        if plural or (ASKS_OPTIONS | TO_THE_BOT).intersection(words):
            category = self.categories.named_alone(words, ranking, self.purpose)
            if category is not None:
                return self.categories.list_answer(question, category, words)
        broad = self.broad_asks.instead_of_nothing(question, words, ranking)
        return broad or self.job_asks.instead_of_nothing(question, words, ranking) or nothing

    def _search_answer(self, question: str, options: list[Scored]) -> Answer:
        best = options[0]
        matches = tuple(
            Match(self._entries[s.entry], 100.0 * min(1.0, best.coverage) * s.score / best.score) for s in options
        )
        confidence = Confidence.HIGH if len(matches) == 1 else Confidence.MIDDLE
        return Answer(question, Intent.SEARCH, matches, confidence=confidence)

    def _is_strange(self, word: str) -> bool:
        """A word neither filler nor in the catalog's vocabulary: it may be a misspelt name."""
        return not (is_filler(word) or is_number(word) or self.purpose.knows(word))

    def _meant_as_written(self, word: str) -> bool:
        """A word the catalog's vocabulary or English filler explains, or a technology only mentioned: no typo."""
        return not self._is_strange(word) or word in self.purpose.mentioned_names

    def _tells(self, word: str) -> bool:
        """A word the catalog knows that tells entries apart ("dashboard", not "framework" or "tool")."""
        return not is_filler(word) and self.purpose.knows(word) and self.purpose.is_telling(stem(word))

    def _is_unknown_name(self, word: str) -> bool:
        """A word that names something rather than describing a purpose, and that the catalog has no entry for."""
        return word in self.purpose.mentioned_names or not self.purpose.knows(word)
