"""The answer engine: text a person typed -> an Answer (intent and ranked matches), over an index built once.

Pure functions and frozen dataclasses: no Slack, no I/O. The bot, the console chat and `pyfw ask` all call
`AnswerEngine.answer`.

How a question is read, in order:
1. help: empty, "help", "what can you do?" and the like.
2. names: every name or alias in the text, exact (any case, spacing or punctuation: "fast api", "sql-alchemy")
   or with a typo ("djnago", "flsk"). Two or more entries named -> compare; one -> lookup.
3. list: "list", "list backend", "frontend frameworks" - words that only name a category or ask for everything.
4. search by purpose: the question's meaningful words, folded to stems, weighed by how rare they are in the
   catalog (a word in every entry tells nothing), against each entry's overview, features and use cases.
5. none: nothing above is confident. A near miss of a name is offered as a suggestion, never as an answer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from catalog.model import Catalog, Entry
from catalog.text import COMPARE_WORDS, LOOKUP_WORDS, STOPWORDS, SYNONYMS, compact, sound, stem, tokens

INTENTS = ("lookup", "search", "compare", "list", "help", "none")

# Where a word is found in an entry says how much it tells: use cases are what the entry is *for*.
FIELD_WEIGHTS = {"name": 1.5, "use_cases": 1.5, "overview": 1.0, "features": 1.0, "category": 0.5}
_BEST_FIELD = max(FIELD_WEIGHTS.values())
REPEAT_BONUS = 0.1
# A search answer needs this share of the question's weight covered by its best entry (0-1) ...
SEARCH_MIN_COVERAGE = 0.35
# ... and entries after the first are kept while they reach this share of the best one's score.
SEARCH_KEEP_RATIO = 0.6
SEARCH_LIMIT = 3
# Fuzzy name candidates: rapidfuzz's Indel ratio (fuzz.ratio) is the cheap first cut over all names, in C++;
# only survivors get the Damerau-style OSA distance, which counts a swapped pair of letters ("djnago") as one edit.
CANDIDATE_CUTOFF = 70.0
SUGGESTION_LIMIT = 3
# Only the start of a very long message is read, so a pasted page costs what a long question costs.
MAX_WORDS = 60

HELP_PHRASES = frozenset({
    "help", "h", "usage", "commands", "what can you do", "what do you do", "what can i ask", "what can i ask you",
    "how do i use this", "how do i use you", "how does this work", "how to use", "how to use this", "who are you",
    "what are you", "what is this", "how do i use pyfw", "what does pyfw do", "help me", "instructions",
})
_HELP_FILLER = frozenset({"please", "pls", "pyfw", "bot", "hi", "hello", "hey"})

LIST_FILLER = frozenset("""
list ls show me all every everything the what which do you know have are there available of your entries entry
catalog catalogue options please pls in give category categories kind kinds types framework frameworks tool tools
technology technologies library libraries thing things can i see get a for with is tell about whats s
""".split())
_LIST_TRIGGERS = frozenset({"list", "ls", "all", "everything", "catalog", "catalogue", "framework", "frameworks",
                            "tools", "technologies", "libraries", "entries", "categories"})
# Words of category names that do not tell one category from another.
_GENERIC_CATEGORY_WORDS = frozenset({"framework", "frameworks", "technology", "technologies", "tool", "tools",
                                     "library", "libraries", "relevant", "and"})
_MENTION = re.compile(r"^\s*(?:<@[^>]*>|[/@]pyfw\b)[\s,:]*", re.IGNORECASE)
# Words written capitalised in the middle of a sentence; acronyms (API, ORM, I/O) are not names of things.
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


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
    matches: best first. For compare, the entries in the order the person named them. Empty for none.
    unknown: the words the person asked about that the catalog has nothing on ("react" in "tell me about React").
    """

    question: str
    intent: str
    matches: tuple[Match, ...] = ()
    category: str | None = None
    suggestions: tuple[Match, ...] = ()
    unknown: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """The `pyfw ask --json` shape (category and suggestions only when there are any)."""
        data = {"question": self.question, "intent": self.intent,
                "matches": [{"name": m.entry.name, "score": round(m.score, 1)} for m in self.matches]}
        if self.category:
            data["category"] = self.category
        if self.suggestions:
            data["suggestions"] = [{"name": m.entry.name, "score": round(m.score, 1)} for m in self.suggestions]
        return data


@dataclass(frozen=True)
class _Found:
    """A name found in the question: which tokens, which entry, how sure."""

    start: int
    end: int
    entry: int
    score: float


class AnswerEngine:
    """An index over one catalog, built once at start-up; `answer(text)` is then cheap and thread-safe."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._entries = catalog.entries
        # Names and aliases by their compact form ("fastapi" for "Fast API"); the first entry to claim one wins.
        self._keys: dict[str, int] = {}
        for index, entry in enumerate(self._entries):
            for key in (entry.name, *entry.aliases):
                self._keys.setdefault(compact(key), index)
        self._stem_keys = {stem(key): entry for key, entry in reversed(self._keys.items()) if len(key) >= 5}
        self._key_list = [key for key in self._keys if len(key) >= 4]
        self._key_owner = [self._keys[key] for key in self._key_list]
        self._longest_key = max((len(tokens(k)) for e in self._entries for k in (e.name, *e.aliases)), default=1)
        self._build_terms()
        self._build_categories()
        self._synonyms = {word: tuple(stem(s) for s in alternatives) for word, alternatives in SYNONYMS.items()}

    # ---- index -------------------------------------------------------------------------------------------

    def _build_terms(self) -> None:
        """Postings: stem -> {entry: best field weight}; idf from how many entries use the stem."""
        postings: dict[str, dict[int, float]] = {}
        lowercase_seen: set[str] = set()
        capital_seen: set[str] = set()
        for index, entry in enumerate(self._entries):
            # Aliases are for finding names, not purposes: "django rest" must not make Django the answer to "rest".
            # The name's parts count too: "FastAPI" is about an API.
            fields = {"name": [entry.name, " ".join(_CAMEL.findall(entry.name))], "use_cases": list(entry.use_cases),
                      "overview": [entry.overview], "features": list(entry.features), "category": [entry.category]}
            best: dict[str, float] = {}
            mentions: dict[str, int] = {}
            for field, texts in fields.items():
                weight = FIELD_WEIGHTS[field]
                for text in texts:
                    for term in dict.fromkeys(stem(word) for word in tokens(text) if word not in STOPWORDS):
                        best[term] = max(best.get(term, 0.0), weight)
                        mentions[term] = mentions.get(term, 0) + 1
                    if field != "name":
                        _note_capitals(text, lowercase_seen, capital_seen)
            for term, weight in best.items():
                # Said again elsewhere in the entry, a word is a little more what the entry is about.
                postings.setdefault(term, {})[index] = weight + REPEAT_BONUS * min(mentions[term] - 1, 2)
        count = len(self._entries)
        self._postings = postings
        self._top_weight = {term: max(row.values()) for term, row in postings.items()}
        # A word in more than half of the entries hardly tells one from another ("framework", "python").
        self._telling_df = max(1, count // 2)
        self._idf = {term: math.log((count + 1) / (len(row) + 0.5)) for term, row in postings.items()}
        # A word the catalog never uses weighs like its rarest word: it is part of what was asked.
        self._unknown_idf = math.log((count + 1) / 1.5)
        # Proper names the catalog only mentions ("built on React", "with Alembic"): asked about alone, they are
        # a request for something the catalog does not have, not a purpose.
        self._mentioned_names = frozenset(
            word for word in capital_seen - lowercase_seen
            if compact(word) not in self._keys and len(postings.get(stem(word), ())) <= count / 2)

    def _build_categories(self) -> None:
        """Each category's telling words ('backend', 'frontend', 'other'), and every listing made ready once."""
        self._listings: dict[str | None, tuple[Match, ...]] = {None: tuple(Match(e, 100.0) for e in self._entries)}
        for category in self.catalog.categories:
            self._listings[category] = tuple(m for m in self._listings[None] if m.entry.category == category)
        self._category_words: dict[str, str] = {}
        for category in self.catalog.categories:
            for word in tokens(category):
                if word not in _GENERIC_CATEGORY_WORDS:
                    self._category_words.setdefault(word, category)
                    self._category_words.setdefault(stem(word), category)

    # ---- answering ---------------------------------------------------------------------------------------

    def answer(self, text: str) -> Answer:
        """Read `text` as a person's question and answer it (see the module docstring for the order)."""
        question = text.strip()
        words = tokens(_MENTION.sub("", question))[:MAX_WORDS]
        if _is_help(words):
            return Answer(question, "help")
        found, near = self._find_names(words)
        if len(found) >= 2:
            return Answer(question, "compare", tuple(Match(self._entries[f.entry], f.score) for f in found))
        if found:
            leftover = self._unknown_other_side(words, found[0])
            return Answer(question, "lookup", (Match(self._entries[found[0].entry], found[0].score),),
                          unknown=leftover)
        listing = self._listing(question, words)
        if listing is not None:
            return listing
        content = [w for w in words if w not in STOPWORDS and w not in LOOKUP_WORDS and not w.isdigit()]
        unknown = [w for w in content if self._is_unknown_name(w)]
        unknown_words = (" ".join(unknown),) if unknown and len(unknown) <= 3 else ()
        if content and len(content) <= 2 and len(unknown) == len(content):
            return Answer(question, "none", suggestions=near, unknown=unknown_words)
        matches = self._search(words)
        if matches:
            return Answer(question, "search", matches)
        return Answer(question, "none", suggestions=near, unknown=unknown_words)

    def _find_names(self, words: list[str]) -> tuple[list[_Found], tuple[Match, ...]]:
        """Entries named in `words` (in the order named, each once) and near misses worth suggesting."""
        found: list[_Found] = []
        taken = [False] * len(words)
        position = 0
        while position < len(words):
            for size in range(min(self._longest_key, len(words) - position), 0, -1):
                piece = "".join(words[position:position + size])
                entry = self._keys.get(piece)
                if entry is None and size == 1:
                    entry = self._stem_keys.get(stem(piece))  # "djangos", "streamlite"
                if entry is not None:
                    found.append(_Found(position, position + size, entry, 100.0))
                    taken[position:position + size] = [True] * size
                    position += size
                    break
            else:
                position += 1
        suggestions: dict[int, float] = {}
        for start, end, candidate in self._typo_candidates(words, taken):
            if any(taken[start:end]):
                continue
            nearest, confident = self._closest_names(candidate)
            if confident:
                found.append(_Found(start, end, nearest[0][0], nearest[0][1]))
                taken[start:end] = [True] * (end - start)
                continue
            for entry, score in nearest:
                if score > suggestions.get(entry, 0.0) and self._worth_suggesting(candidate, entry):
                    suggestions[entry] = score
        found.sort(key=lambda f: f.start)
        unique: list[_Found] = []
        for item in found:
            if all(item.entry != other.entry for other in unique):
                unique.append(item)
        named = {f.entry for f in unique}
        near = tuple(Match(self._entries[e], s) for e, s in sorted(suggestions.items(), key=lambda kv: -kv[1])
                     if e not in named)[:SUGGESTION_LIMIT]
        return unique, near

    def _typo_candidates(self, words: list[str], taken: list[bool]):
        """(start, end, text) pieces that may be a misspelt name: words the catalog and English filler do not
        explain, alone and joined with a neighbour ("djangoo rest", "fast apii"); longest first."""
        strange = [not taken[i] and self._is_strange(word) for i, word in enumerate(words)]
        pieces = []
        for i in range(len(words) - 1):
            if (strange[i] or strange[i + 1]) and not taken[i] and not taken[i + 1]:
                pieces.append((i, i + 2, words[i] + words[i + 1]))
        pieces += [(i, i + 1, word) for i, word in enumerate(words) if strange[i] and len(word) >= 4]
        return pieces

    def _is_strange(self, word: str) -> bool:
        return not (_is_filler(word) or word.isdigit() or word in self._synonyms or stem(word) in self._postings)

    def _closest_names(self, candidate: str) -> tuple[list[tuple[int, float]], bool]:
        """The entries whose names are nearest to `candidate` (several when equally near) with their scores, and
        whether the nearest is one entry close enough to answer with."""
        hits = process.extract(candidate, self._key_list, scorer=fuzz.ratio, score_cutoff=CANDIDATE_CUTOFF,
                               limit=5)
        if not hits:
            return [], False
        heard = sound(candidate)
        ranked = []
        for key, score, index in hits:
            written, spoken = OSA.distance(candidate, key), OSA.distance(heard, sound(key))
            ranked.append((min(written, spoken), -score, self._key_owner[index], key, written, spoken))
        ranked.sort()
        distance = ranked[0][0]
        nearest: dict[int, float] = {}
        for edits, _, owner, key, _, _ in ranked:
            if edits == distance:
                # The score says how the text looks (a sound-alike is still a misspelling); the decision uses both.
                nearest.setdefault(owner, 100.0 * OSA.normalized_similarity(candidate, key))
        _, _, _, key, written, spoken = ranked[0]
        confident = len(nearest) == 1 and _close_enough(candidate, key, written, spoken)
        return list(nearest.items()), confident

    def _worth_suggesting(self, candidate: str, entry: int) -> bool:
        """A near miss: a couple of edits from one of the entry's names (a quarter of a long one)."""
        for key in (self._entries[entry].name, *self._entries[entry].aliases):
            key = compact(key)
            if OSA.distance(candidate, key) <= max(2, len(key) // 4):
                return True
        return False

    def _unknown_other_side(self, words: list[str], found: _Found) -> tuple[str, ...]:
        """For "flask vs spring boot": the side of a comparison the catalog does not know."""
        if not any(word in ("vs", "v", "versus", "compare", "or") for word in words):
            return ()
        rest = [w for i, w in enumerate(words) if not found.start <= i < found.end
                and w not in STOPWORDS and w not in COMPARE_WORDS and w not in LOOKUP_WORDS]
        return (" ".join(rest),) if rest and all(self._is_unknown_name(w) for w in rest) else ()

    def _is_unknown_name(self, word: str) -> bool:
        """A word that names something rather than describing a purpose, and that the catalog has no entry for."""
        return word in self._mentioned_names or (stem(word) not in self._postings and word not in self._synonyms)

    def _listing(self, question: str, words: list[str]) -> Answer | None:
        """A list answer when the words only ask for everything or for one category ("list backend")."""
        if not words:
            return None
        joined = words + [a + b for a, b in zip(words, words[1:], strict=False)]
        categories = [self._category_words[w] for w in joined if w in self._category_words]
        pieces = set(words)
        for a, b in zip(words, words[1:], strict=False):
            if a + b in self._category_words:
                pieces -= {a, b}
        # "list async frameworks" asks for a purpose: that is a search, not the whole catalog.
        extra = {w for w in pieces if w not in LIST_FILLER and w not in self._category_words}
        if extra or not (categories or pieces & _LIST_TRIGGERS):
            return None
        category = categories[0] if categories else None
        return Answer(question, "list", self._listings[category], category=category)

    def _search(self, words: list[str]) -> tuple[Match, ...]:
        """Entries by purpose: each meaningful word (with its synonyms) scores the entries that use it.

        An entry's score is the sum, over the question's words, of the word's rarity (idf) times how telling the
        field is where the entry uses it; `possible` is what an entry using every word in its best field would
        get, and unknown words count in it at the highest rarity, so the share tells how much of the question an
        entry covers.
        """
        groups = self._word_groups(words)
        possible = 0.0
        telling = 0  # words that tell entries apart (unknown ones included): most must be covered
        known_groups: list[tuple[float, list[str]]] = []
        for group in groups:
            known = [term for term in group if term in self._postings]
            if not known:
                possible += self._unknown_idf * _BEST_FIELD
                telling += 1
                continue
            possible += max(self._idf[term] for term in known) * _BEST_FIELD
            telling += self._is_telling(known)
            known_groups.append((max(self._idf[term] * self._top_weight[term] for term in known), known))
        needed = SEARCH_MIN_COVERAGE * possible
        # No entry can cover enough of the question when even the best case falls short: answer without looking.
        if not known_groups or sum(ceiling for ceiling, _ in known_groups) < needed:
            return ()
        totals = [0.0] * len(self._entries)
        hits = [0] * len(self._entries)
        for _, known in known_groups:
            best: dict[int, float] = {}
            for term in known:
                idf = self._idf[term]
                for entry, weight in self._postings[term].items():
                    if idf * weight > best.get(entry, 0.0):
                        best[entry] = idf * weight
            counts = self._is_telling(known)
            for entry, value in best.items():
                totals[entry] += value
                hits[entry] += counts
        cut = max(needed, max(totals) * SEARCH_KEEP_RATIO)
        # An entry answers only if it covers enough of the question's weight and half of its telling words, two
        # at least when there are two: "machine learning" is not about Flask because Flask is "easy to learn".
        must_hit = max(1, min(telling, 2), (telling + 1) // 2)
        kept = sorted((-value, entry) for entry, value in enumerate(totals)
                      if value >= cut and hits[entry] >= must_hit)[:SEARCH_LIMIT]
        if not kept or -kept[0][0] < max(totals) * SEARCH_KEEP_RATIO:
            return ()
        return tuple(Match(self._entries[entry], min(100.0, -100.0 * value / possible)) for value, entry in kept)

    def _is_telling(self, terms: list[str]) -> bool:
        return min(len(self._postings[term]) for term in terms) <= self._telling_df

    def _word_groups(self, words: list[str]) -> list[tuple[str, ...]]:
        """The question's meaningful words as stems, each with its synonyms' stems; filler dropped."""
        groups: list[tuple[str, ...]] = []
        for word in words:
            if word in STOPWORDS or word.isdigit():
                continue
            own = stem(word)
            if _is_filler(word) and own not in self._postings:
                continue  # "list", "docs", "versus": how people ask, not what they ask for
            group = tuple(dict.fromkeys((own, *self._synonyms.get(word, ()), *self._synonyms.get(own, ()))))
            if group not in groups:
                groups.append(group)
        return groups


def _is_filler(word: str) -> bool:
    return word in STOPWORDS or word in LOOKUP_WORDS or word in COMPARE_WORDS or word in LIST_FILLER


def _is_help(words: list[str]) -> bool:
    words = [w for w in words if w not in _HELP_FILLER]
    return not words or " ".join(words) in HELP_PHRASES


def _close_enough(candidate: str, key: str, written: int, spoken: int) -> bool:
    """Confident typo: the same sound, or two edits in a long name, one in a middling one. In a short name one
    changed letter mostly makes another word ("flash", "cash"), so there only a dropped, added or swapped letter
    counts, as written ("scenic" sounds one edit from "sanic" but is written two)."""
    if written == 0 or spoken == 0:
        return True
    if len(key) >= 10:
        return min(written, spoken) <= 2
    if len(key) >= 6:
        return min(written, spoken) <= 1
    if written > 1 or candidate[0] != key[0]:
        return False
    return len(candidate) != len(key) or sorted(candidate) == sorted(key)


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
