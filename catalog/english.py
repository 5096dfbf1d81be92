"""The English words (SCOWL's size-35 American English word list, lowercase words only, as Debian's wamerican-small
ships it; its licence, free to use, copy, modify and distribute with the notice kept, is in
catalog/data/SCOWL-LICENSE): a name like "Tornado" or "Flask" that is one may be meant as the thing, and a word that
is one is never read as a misspelling (catalog.spelling). Read once per index build."""

from __future__ import annotations

import gzip
import itertools
from array import array
from collections.abc import Iterable
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("data") / "english-words.txt.gz"


def everyday_words_among(names: Iterable[str], english: EnglishWords) -> set[str]:
    """The names (case folded) that are one everyday English word: {"tornado"} of ("Tornado", "FastAPI")."""
    return {name.casefold() for name in names if name.casefold() in english}


class EnglishWords:
    """The words sorted in one string, searched by halves: the 40,000 English words in under a megabyte, where a set
    of them would cost five (the bot keeps one engine per process)."""

    def __init__(self, words: Iterable[str]) -> None:
        ordered = sorted(set(words))
        self._text = "\n".join(ordered)
        self._starts = array("I", itertools.accumulate((len(w) + 1 for w in ordered[:-1]), initial=0))

    def __contains__(self, word: str) -> bool:
        low, high = 0, len(self._starts)
        while low < high:
            middle = (low + high) // 2
            start = self._starts[middle]
            end = self._text.find("\n", start)
            found = self._text[start:] if end < 0 else self._text[start:end]
            if found == word:
                return True
            if found < word:
                low = middle + 1
            else:
                high = middle
        return False

    @classmethod
    def load(cls) -> EnglishWords:
        """The shipped list, read once."""
        with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as lines:
            return cls(line.strip() for line in lines)
