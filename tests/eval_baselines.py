"""The two naive baselines the engine is measured against, scored by the same rules (tests/engine_eval.py).

- wratio: `rapidfuzz.process.extractOne` over the entry names with `fuzz.WRatio`; the best name is the answer (a
  card) when it scores 85 or more (the first engine's cutoff), else none.
- bm25: plain Okapi BM25 (k1 1.5, b 0.75) over each entry's whole text (name, aliases, overview, features, use
  cases), words folded by the engine's tokenizer and stemmer, stopwords dropped; the best entry is the answer (a
  card), none when no word of the question is in any entry.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

from rapidfuzz import fuzz, process

from catalog.engine import Answer, Match
from catalog.text import STOPWORDS, stem, tokens

WRATIO_CUTOFF = 85


def wratio_baseline(catalog) -> Callable[[str], Answer]:
    entries = catalog.entries
    names = [entry.name for entry in entries]

    def answer(question: str) -> Answer:
        best = process.extractOne(question, names, scorer=fuzz.WRatio, score_cutoff=WRATIO_CUTOFF)
        if best is None:
            return Answer(question, "none")
        return Answer(question, "lookup", (Match(entries[best[2]], best[1]),))

    return answer


def _terms(text: str) -> list[str]:
    return [stem(word) for word in tokens(text) if word not in STOPWORDS]


def bm25_baseline(catalog, k1: float = 1.5, b: float = 0.75) -> Callable[[str], Answer]:
    entries = catalog.entries
    docs = [Counter(_terms(" ".join((e.name, *e.aliases, e.overview, *e.features, *e.use_cases)))) for e in entries]
    lengths = [sum(doc.values()) for doc in docs]
    average = sum(lengths) / len(lengths)
    df = Counter(term for doc in docs for term in doc)
    idf = {term: math.log(1 + (len(docs) - n + 0.5) / (n + 0.5)) for term, n in df.items()}

    def answer(question: str) -> Answer:
        scores = [0.0] * len(docs)
        for term in set(_terms(question)):
            for index, doc in enumerate(docs):
                tf = doc.get(term, 0)
                if tf:
                    scores[index] += idf[term] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[index] / average))
        best = max(range(len(docs)), key=scores.__getitem__)
        if scores[best] <= 0:
            return Answer(question, "none")
        return Answer(question, "search", (Match(entries[best], scores[best]),))

    return answer
