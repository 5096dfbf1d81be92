"""Whether a word is an everyday English word: a name like "Tornado" or "Flask" may then be meant as the thing.

The list is SCOWL's size-35 American English word list (lowercase words only), as Debian's wamerican-small ships
it; its licence (free to use, copy, modify and distribute with the notice kept) is in catalog/data/SCOWL-LICENSE.
It is read once, on first use."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("data") / "english-words.txt.gz"


@cache
def everyday_words() -> frozenset[str]:
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def is_everyday_word(name: str) -> bool:
    """Whether `name`, case folded, is one everyday English word ("Tornado" yes; "FastAPI", "Django" no)."""
    return name.casefold() in everyday_words()
