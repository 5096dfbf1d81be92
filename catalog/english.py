"""Which names are everyday English words: a name like "Tornado" or "Flask" may then be meant as the thing.

The list is SCOWL's size-35 American English word list (lowercase words only), as Debian's wamerican-small ships
it; its licence (free to use, copy, modify and distribute with the notice kept) is in catalog/data/SCOWL-LICENSE.
It is streamed once per index build and not kept: only the names found in it are."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("data") / "english-words.txt.gz"


def everyday_words_among(names: Iterable[str]) -> set[str]:
    """The names (case folded) that are one everyday English word: {"tornado"} of ("Tornado", "FastAPI")."""
    wanted = {name.casefold() for name in names}
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as lines:
        return {word for word in (line.strip() for line in lines) if word in wanted}
