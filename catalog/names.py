"""Finding the catalog's names in a question: exact (any case, spacing or punctuation), by alias, or misspelt.

A name is found exactly ("fast api", "sql-alchemy", "djangos"), or with a typo when one entry's name is clearly
nearest ("djnago", "flsk", "grafene"); a near miss that is not clear enough ("fluske", "flash") is only offered as a
suggestion, never used as an answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from catalog.model import Entry
from catalog.text import compact, sound, stem, tokens

# Fuzzy name candidates: rapidfuzz's Indel ratio (fuzz.ratio) is the cheap first cut over all names, in C++;
# only survivors get the Damerau-style OSA distance, which counts a swapped pair of letters ("djnago") as one edit.
CANDIDATE_CUTOFF = 70.0
SUGGESTION_LIMIT = 3
# A word made of an entry's name and more ("customtkinter") suggests the entry with this share of a full score.
SUGGESTION_SHARE = 0.7
MIN_INSIDE = 4
# A version written onto a name: "qt6", "django4", "celery5x" (the name part must be a whole name or alias).
_VERSION = re.compile(r"v?[0-9]+x?$")


@dataclass(frozen=True)
class Found:
    """A name found in the question: which words (start to end), which entry (its index), how sure (0-100)."""

    start: int
    end: int
    entry: int
    score: float


class NameIndex:
    """Every entry's name and aliases, ready for exact and fuzzy look-up; built once."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self._entries = entries
        # Names and aliases by their compact form ("fastapi" for "Fast API"); the first entry to claim one wins.
        self.keys: dict[str, int] = {}
        for index, entry in enumerate(entries):
            for key in (entry.name, *entry.aliases):
                self.keys.setdefault(compact(key), index)
        self._stem_keys = {stem(key): entry for key, entry in reversed(self.keys.items()) if len(key) >= 5}
        # Keys by length: a name more than a few letters longer or shorter than a word cannot be its typo.
        self._by_length: dict[int, list[str]] = {}
        for key in self.keys:
            if len(key) >= 4:
                self._by_length.setdefault(len(key), []).append(key)
        self._near_lengths: dict[int, tuple[list[str], list[int]]] = {}
        self._openings: dict[str, set[int]] = {}
        for key, entry in self.keys.items():
            if len(key) > MIN_INSIDE:
                self._openings.setdefault(key[:MIN_INSIDE], set()).add(entry)
        self._longest_key = max((len(tokens(k)) for e in entries for k in (e.name, *e.aliases)), default=1)

    def find(
        self, words: list[str], is_strange: Callable[[str], bool], elsewhere: frozenset[str] = frozenset()
    ) -> tuple[list[Found], list[tuple[int, float]]]:
        """Entries named in `words` (in the order named, each once) and near misses worth suggesting, best first.

        `is_strange(word)`: whether a word is unexplained by the catalog's vocabulary and English filler, so that it
        may be a misspelt name. `elsewhere`: names of things outside the catalog; one of them spelt like an entry's
        name ("fastai", "djongo") is that other thing, so the entry is only suggested.
        """
        found: list[Found] = []
        taken = [False] * len(words)
        position = 0
        while position < len(words):
            for size in range(min(self._longest_key, len(words) - position), 0, -1):
                piece = "".join(words[position : position + size])
                entry = self.keys.get(piece)
                if entry is None and size == 1:
                    entry = self._stem_keys.get(stem(piece))  # "djangos", "streamlite"
                if entry is None and size == 1 and piece[-1:].isdigit():
                    entry = self.keys.get(_VERSION.sub("", piece))  # "qt6", "django5", "sanicv23"
                if entry is not None:
                    found.append(Found(position, position + size, entry, 100.0))
                    taken[position : position + size] = [True] * size
                    position += size
                    break
            else:
                position += 1
        suggestions: dict[int, float] = {}
        for start, end, candidate in _typo_candidates(words, taken, is_strange):
            if any(taken[start:end]):
                continue
            nearest, confident = self._closest_names(candidate)
            if confident and not elsewhere.intersection(words[start:end]):
                found.append(Found(start, end, nearest[0][0], nearest[0][1]))
                taken[start:end] = [True] * (end - start)
                continue
            for entry, score in nearest:
                if score > suggestions.get(entry, 0.0) and self._worth_suggesting(candidate, entry):
                    suggestions[entry] = score
        for position, word in enumerate(words):
            if not taken[position] and (is_strange(word) or stem(word) in self.keys):
                for entry in self._built_on(word):
                    suggestions.setdefault(entry, 100.0 * SUGGESTION_SHARE)
            if word in elsewhere:  # another technology named like an entry: "fastify" opens like "fastapi"
                for entry in self._openings.get(word[:MIN_INSIDE], ()):
                    suggestions.setdefault(entry, 100.0 * SUGGESTION_SHARE)
        found.sort(key=lambda f: f.start)
        unique: list[Found] = []
        for item in found:
            if all(item.entry != other.entry for other in unique):
                unique.append(item)
        named = {f.entry for f in unique}
        near = [(e, s) for e, s in sorted(suggestions.items(), key=lambda kv: -kv[1]) if e not in named]
        return unique, near[:SUGGESTION_LIMIT]

    def _closest_names(self, candidate: str) -> tuple[list[tuple[int, float]], bool]:
        """The entries whose names are nearest to `candidate` (several when equally near) with their scores, and
        whether the nearest is one entry close enough to answer with."""
        keys, owners = self._keys_near_length(len(candidate))
        hits = process.extract(candidate, keys, scorer=fuzz.ratio, score_cutoff=CANDIDATE_CUTOFF, limit=5)
        if not hits:
            return [], False
        heard = sound(candidate)
        ranked = []
        for key, score, index in hits:
            written, spoken = OSA.distance(candidate, key), OSA.distance(heard, sound(key))
            ranked.append((min(written, spoken), -score, owners[index], key, written, spoken))
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

    def _keys_near_length(self, length: int) -> tuple[list[str], list[int]]:
        """The keys a word of `length` letters can be a typo of (a suggestion allows a quarter of a long name, an
        answer two edits at most), with their entries; made once per length (a race only makes it twice)."""
        if length not in self._near_lengths:
            spread = max(2, length // 3 + 1)
            sizes = range(length - spread, length + spread + 1)
            keys = [key for size in sizes for key in self._by_length.get(size, ())]
            self._near_lengths[length] = (keys, [self.keys[key] for key in keys])
        return self._near_lengths[length]

    def _built_on(self, word: str) -> set[int]:
        """Entries whose name opens or ends a longer word: "customtkinter", "pyqtgraph", "dashing" are other
        things named after them (or like them), worth suggesting, never answering. Only whole names of four
        letters or more, and at least two letters besides ("flasks" is a plural, found by its stem)."""
        return {
            self.keys[piece]
            for size in range(MIN_INSIDE, len(word) - 1)
            for piece in (word[:size], word[-size:])
            if piece in self.keys
        }

    def _worth_suggesting(self, candidate: str, entry: int) -> bool:
        """A near miss: a couple of edits from one of the entry's names (a quarter of a long one)."""
        for key in (self._entries[entry].name, *self._entries[entry].aliases):
            key = compact(key)
            if OSA.distance(candidate, key) <= max(2, len(key) // 4):
                return True
            if len(key) >= 6 and candidate.startswith(key[:-1]):  # "celeriac" looks like "celery" at first sight
                return True
        return False


def _typo_candidates(words: list[str], taken: list[bool], is_strange: Callable[[str], bool]):
    """(start, end, text) pieces that may be a misspelt name: strange words alone and joined with a neighbour
    ("djangoo rest", "fast apii"); pairs first."""
    strange = [not taken[i] and is_strange(word) for i, word in enumerate(words)]
    pieces = []
    for i in range(len(words) - 1):
        if (strange[i] or strange[i + 1]) and not taken[i] and not taken[i + 1]:
            pieces.append((i, i + 2, words[i] + words[i + 1]))
    pieces += [(i, i + 1, word) for i, word in enumerate(words) if strange[i] and len(word) >= 4]
    return pieces


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
