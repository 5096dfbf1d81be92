"""The catalog's categories as a question meets them: "list backend", "which frameworks do you cover?", and broad
asks that a category answers ("I need a web framework", "what do you have besides web frameworks?"). Built once
beside the purpose index; the engine asks it before ranking entries one by one."""

from __future__ import annotations

from collections.abc import Sequence

from catalog.answer import Answer, Intent, Match
from catalog.broad import (
    ASKS_OPTIONS,
    category_words,
    domains_named,
    named_categories,
    naming_positions,
    qualifies,
    set_aside,
)
from catalog.model import Entry
from catalog.question_words import GENERIC_CATEGORY_WORDS, LIST_TRIGGERS, TO_THE_BOT, asks_where_to_begin
from catalog.ranking import Group, PurposeIndex, Ranking
from catalog.scope import SHORT_QUESTION
from catalog.synonyms import SYNONYMS
from catalog.text import LIST_FILLER, STOPWORDS, is_number, stem, tokens

# What a catalog's entries are, and words asking for the options: a domain ("a website") with one of these asks for
# its category's entries (a tool or library for a website may be anything: "a load testing tool for my web app").
KINDS_OF_ENTRY = frozenset({"framework", "frameworks", "technology", "technologies"})
ASKS_FOR_KINDS = KINDS_OF_ENTRY | {"options", "choices", "alternatives", "candidates", "contenders", "equivalents"}


# Thanks and greetings said around a request for a list.
_THANKS = frozenset({"ty", "thx", "cheers", "thank", "thanks", "hey", "hi", "hello", "kindly", "listing"})


class CategoryIndex:
    """Each category's members, the words that name it, and its listing made ready once."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        """Each category's telling words ('backend', 'frontend', 'other'), and every listing made ready once."""
        self.listings: dict[str | None, tuple[Match, ...]] = {None: tuple(Match(e, 100.0) for e in entries)}
        self._category_words: dict[str, str] = {}
        self._members: dict[str, set[int]] = {}
        for index, entry in enumerate(entries):
            self._members.setdefault(entry.category, set()).add(index)
        self._category_names = category_words(list(self._members))
        for category in self._members:
            self.listings[category] = tuple(m for m in self.listings[None] if m.entry.category == category)
            for word in tokens(category):
                if word not in GENERIC_CATEGORY_WORDS:
                    self._category_words.setdefault(word, category)
                    self._category_words.setdefault(stem(word), category)
        # The generic words naming the *other* categories ("framework" beside "Other Relevant Technologies"): a
        # question answered with this category but speaking of those means the members that are not one of them.
        self._others_words = {
            category: {
                stem(w)
                for other in self._members
                if other != category
                for w in tokens(other)
                if w in GENERIC_CATEGORY_WORDS
            }
            - {stem(w) for w in tokens(category)}
            for category in self._members
        }
        self._apart: dict[tuple[str | None, frozenset[str]], tuple[Match, ...]] = {}
        for word, alternatives in SYNONYMS.items():  # "ui" -> frontend
            for alternative in alternatives:
                if alternative in self._category_words:
                    self._category_words.setdefault(word, self._category_words[alternative])

    def category_of_members(self, members: set[int]) -> str | None:
        """The category whose entries are exactly `members`, if one is."""
        return next((category for category, entries in self._members.items() if entries == members), None)

    def list_answer(self, question: str, category: str | None, words: list[str]) -> Answer:
        """The category's listing. "supporting libs that go next to a web framework" or "besides web frameworks"
        answered with a category not named for frameworks leaves out its members that call themselves one."""
        apart = frozenset(self._others_words.get(category, set()) & {stem(w) for w in words})
        if (category, apart) not in self._apart:  # made once per category and words (a race only makes it twice)
            listing = self.listings[category]
            kept = tuple(m for m in listing if not apart & {stem(w) for w in tokens(m.entry.overview)})
            self._apart[category, apart] = kept or listing
        return Answer(question, Intent.LIST, self._apart[category, apart], category=category)

    def broad_category(self, words: list[str], ranking: Ranking, purpose: PurposeIndex) -> str | None:
        """The category a broad ask is about: "backend options for a new service" (a category's word or domain, and
        nothing that tells entries apart), "what do you have besides web frameworks?" (the one category left), or
        "web frameworks" (only words shared by many entries, and one category whose every entry has them). Never
        for a question naming a technology outside the catalog ("frontend frameworks in typescript")."""
        if ranking.names_elsewhere(purpose.elsewhere):
            return None
        aside, setting_aside = set_aside(words, self._category_names)
        kept = [w for i, w in enumerate(words) if i not in setting_aside]
        named = named_categories(kept, self._category_words)
        if aside and len(set(self._members) - aside) == 1:
            named |= set(self._members) - aside
        domains, naming_domains = domains_named(words, self._category_words)
        spent = setting_aside | naming_domains | naming_positions(kept, self._category_words)
        groups = [g for g in ranking.groups if not spent.issuperset(g.positions)]
        telling = [
            g
            for g in groups
            if g.known
            and g.telling
            and not g.filler
            and not any(t in self._category_words or t in self._category_names for t in g.terms)
        ]
        # In a short question every word counts ("crystal web frameworks" is not a request for this catalog's),
        # unless it names a category and asks for options ("backend frameworks you'd point a new hire at?").
        if ranking.content_words <= SHORT_QUESTION and not all(g.known for g in groups):
            # ... or names a domain and asks for options or where to begin ("an internal website for the ops team,
            # what frameworks could do it?", "starting a website for my club, where do i begin?").
            # (a domain with frameworks: "a load testing tool for my web app" asks for a tool, not for the website)
            asks = ASKS_OPTIONS if named else ASKS_FOR_KINDS
            asks_for_it = len(named | domains) == 1 and (asks.intersection(words) or asks_where_to_begin(words))
            # ... or asks for frameworks and its unknown words only say what the asker does with them ("python web
            # frameworks to evaluate"), not which ones ("crystal web frameworks", "web frameworks in crystal").
            context_only = ASKS_FOR_KINDS.intersection(words) and not self.qualified(words, groups)
            if not (asks_for_it or context_only):
                return None
        named |= domains  # a domain ("a website") only where nothing unknown is said beside it
        if len(named) == 1 and not telling:
            return named.pop()
        if named or telling or not any(g.known and not g.filler for g in groups):
            return None
        # The entries that use every word of the question: all of one category's, and no other category complete,
        # say which category the question is about.
        matched = ranking.matching_all(purpose.postings)
        complete = [category for category, members in self._members.items() if members <= matched]
        return complete[0] if len(complete) == 1 else None

    def named_alone(self, words: list[str], ranking: Ranking, purpose: PurposeIndex) -> str | None:
        """The one category a question asking for options names (by a word of its name or its domain), when no word
        the catalog does not know says which options ("web frameworks in zig, suggestions?") and no
        technology outside the catalog is asked about: a broad ask, however much else it says."""
        if ranking.names_elsewhere(purpose.elsewhere):
            return None
        named = named_categories(words, self._category_words) | domains_named(words, self._category_words)[0]
        if len(named) != 1:
            return None
        return None if self.qualified(words, ranking.groups) else named.pop()

    @staticmethod
    def qualified(words: list[str], groups: Sequence[Group]) -> bool:
        """Whether a word of `groups` the catalog does not know says which options are asked for: "zig web
        frameworks", "web frameworks in zig", "machine learning libs"."""
        known = {p for g in groups if g.known for p in g.positions}
        return any(qualifies(words, p, known) for g in groups if not g.known for p in g.positions)

    def listing(self, question: str, words: list[str]) -> Answer | None:
        """A list answer when the words only ask for everything or for one category ("list backend")."""
        if not words:
            return None
        # "anything apart from the web frameworks?" asks for the one category left, if one is.
        aside, setting_aside = set_aside(words, self._category_names)
        left = sorted(set(self._members) - aside, key=list(self._members).index)
        if aside and len(left) != 1:
            return None
        said, words = words, [w for i, w in enumerate(words) if i not in setting_aside]
        joined = words + [a + b for a, b in zip(words, words[1:], strict=False)]
        categories = [self._category_words[w] for w in joined if w in self._category_words]
        pieces = set(words)
        for a, b in zip(words, words[1:], strict=False):
            if a + b in self._category_words:
                pieces -= {a, b}
        # "list async frameworks" asks for a purpose: that is a search, not the whole catalog ("all 13" is not).
        said_of_all = LIST_FILLER | STOPWORDS | set(self._category_names)
        extra = {w for w in pieces if w not in said_of_all and not is_number(w)}
        if stem("list") in {stem(w) for w in pieces}:  # "pls list all frameworks ty" is asked politely, no more
            extra -= _THANKS
        if extra or not (aside or categories or pieces & (LIST_TRIGGERS | TO_THE_BOT)):
            return None
        category = left[0] if aside else categories[0] if categories else None
        # (the words set aside count there: "anything apart from the web frameworks" is not Sanic, a web framework)
        return self.list_answer(question, category, said)
