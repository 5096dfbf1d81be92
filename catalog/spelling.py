"""Misspelt ordinary words: "web framworks pythn", "dashbord libs", "gui frameowrks". A word the engine does not know
and that is not English, one edit (OSA: a swapped pair counts as one) from exactly one word of the catalog's
vocabulary, is read as that word. Names are catalog.names' job: a misspelt name is found there first, and a near miss
of a name stays a suggestion, so entry names are not in the vocabulary here. Built once beside the other indexes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType

from rapidfuzz import process
from rapidfuzz.distance import OSA

from catalog import broad, context_words, idioms, options, question_words, scope, synonyms, text
from catalog.english import EnglishWords
from catalog.text import tokens

# A shorter word is mostly another word or a name one edit away ("vue" and "use"), not a misspelling.
MIN_LENGTH = 5
# Two edits turn derived words into their stems' relatives ("validator" into "validation"): one only.
EDITS = 1
# ... but a word people type in every chat is often misspelt two edits from it: such misspellings, as they are read.
MISSPELT = {"libary": "library", "libaries": "libraries", "libarys": "libraries", "librarys": "libraries"}


def words_read(modules: Iterable[ModuleType]) -> set[str]:
    """Every word the engine's modules read (their word sets, and the keys of their tables: synonyms, idioms): such
    a word is meant as written ("arent" sets a category aside), however it looks."""
    words: set[str] = set()
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, (frozenset, dict)):
                for item in value:
                    words.update(w for w in (item if isinstance(item, tuple) else (item,)) if isinstance(w, str))
    return words


# The words the engine reads, however they look.
ENGINE_WORDS = frozenset(words_read([broad, context_words, idioms, options, question_words, scope, synonyms, text]))


class Speller:
    """The vocabulary (the entries' words and the words the engine reads) by first letter and length, and the English
    words, which are never corrected: "spring" is not a misspelt "string"."""

    def __init__(self, texts: Iterable[str], names: Iterable[str], english: EnglishWords) -> None:
        """`texts`: what the entries say of themselves; `names`: their names and aliases."""
        self._known = ENGINE_WORDS.union(*(tokens(piece) for piece in texts))
        named = {words[0] for words in map(tokens, names) if len(words) == 1}  # "python" of "python tkinter" stays
        # By first letter and length: a misspelling keeps its first letter, and one edit changes the length by one.
        self._near: dict[tuple[str, int], list[str]] = {}
        for word in sorted(self._known - named):
            if word.isalpha():
                self._near.setdefault((word[0], len(word)), []).append(word)
        self._english = english

    def correct(self, words: list[str], kept: set[int], meant: Callable[[str], bool]) -> list[str]:
        """`words` with each misspelt word replaced by the one vocabulary word nearest to it; the words at the `kept`
        positions (names) and those `meant` as written (asked last: few words get that far) are left as they are."""
        corrected = list(words)
        for position, word in enumerate(words):
            if position in kept or len(word) < MIN_LENGTH or not word.isalpha():
                continue
            if word in MISSPELT:
                corrected[position] = MISSPELT[word]
                continue
            if word in self._known or word in self._english or meant(word):
                continue
            right = self._nearest(word)
            if right is not None:
                corrected[position] = right
        return corrected

    def _nearest(self, word: str) -> str | None:
        """The one vocabulary word EDITS away from `word`, if there is exactly one."""
        sizes = range(len(word) - EDITS, len(word) + EDITS + 1)
        candidates = [w for size in sizes for w in self._near.get((word[0], size), ())]
        hits = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=EDITS, limit=2)
        return hits[0][0] if len(hits) == 1 else None
