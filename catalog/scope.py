"""Questions the catalog cannot answer although they use its words: two things that are not entries weighed against
each other, and a thing the catalog never speaks of asked for. Read before ranking, on the question's words."""

from __future__ import annotations

from catalog.ranking import PurposeIndex
from catalog.text import is_filler, is_number

# A question of up to this many meaningful words is read as asking for what it names; in a longer, chatty message
# names and openings are mostly context (what the team has, what happened).
MEDIUM_QUESTION = 8
# "postgres or sqlite", "rabbitmq vs kafka": two things that are not entries weighed against each other.
THING_COMPARE = frozenset({"or", "vs", "v", "versus"})


def compares_things(purpose: PurposeIndex, words: list[str]) -> bool:
    """Whether the question weighs two things that are not entries against each other ("sqlite or postgres",
    "rabbitmq vs kafka"): things an entry works with, or technologies outside the catalog. The catalog compares
    its entries; which database or broker to pick is another question."""
    things = purpose.things
    for i, word in enumerate(words[1:-1], start=1):
        if word in THING_COMPARE and words[i - 1] in things and words[i + 1] in things:
            # ... and nothing else in the question asks for what an entry does ("a worker queue backed by redis or
            # rabbitmq" asks for one).
            rest = words[: i - 1] + words[i + 2 :]
            return not any(g.known and g.telling for g in purpose.groups(rest))
    return False


def asks_for_a_stranger(purpose: PurposeIndex, words: list[str], content: list[str]) -> bool:
    """Whether a question of up to MEDIUM_QUESTION meaningful words asks for a thing the catalog never speaks of:
    "a good host for a small web app", "rate limiting for a public api" (what comes before "for" is what is asked
    for; what comes after is only what it is for)."""
    if "for" not in words or len(content) > MEDIUM_QUESTION:
        return False
    head = [w for w in words[: words.index("for")] if not is_filler(w) and not is_number(w)]
    return bool(head) and not any(purpose.knows(w) for w in head)
