"""What in a question is only context around what it asks: a technology the asker avoids ("without yaml"), comes
from ("coming from express", "our perl scripts to python", "php land") or wants Python's like ("python alternatives
to express"). Pure functions over the question's words; ranking, scope and options ask them."""

from __future__ import annotations

from collections.abc import Callable

# Words after which a named technology is what the asker wants to avoid: "without yaml", "no javascript".
AVOIDING = frozenset(
    {"without", "no", "not", "non", "zero", "avoid", "avoiding", "instead", "skip", "skipping", "ditch"}
)


def avoided(words: list[str], position: int) -> bool:
    """Whether the word at `position` comes at most two words after an avoiding word ("without writing yaml"), or
    is joined to such a word ("without knowing html or js")."""
    if any(word in AVOIDING for word in words[max(0, position - 3) : position]):
        return True
    return position >= 2 and words[position - 1] in ("or", "and", "nor") and avoided(words, position - 2)


# A technology the asker moves away from ("coming from express", "move off our perl scripts") or towards Python from
# ("our php monolith to python") is where they come from.
MOVING = frozenset(
    """
come comes coming move moves moving moved migrate migrating migrated switch switching switched port porting ported
leave leaving transition transitioning
""".split()
)
# ... or has it as their background or beside what they ask for: "a java spring guy", "php/laravel land", "a react spa".
# (the first of these say who or where the asker is, and nothing more: "php land")
WHO_OR_WHERE = frozenset(
    """
guy guys dev devs developer developers person background land shop world user users fan fans veteran veterans
refugee folks ppl crowd camp
""".split()
)
BACKGROUND_AFTER = WHO_OR_WHERE | {"spa", "frontend", "front"}
_THEY_USE = frozenset({"use", "using", "pick", "prefer", "choose", "like"})
_KINDS_ASKED = frozenset("framework frameworks library libraries lib libs toolkit toolkits options".split())
# ... or says they leave it: "leaving laravel for python", "ditching our electron app".
LEAVING = frozenset(
    """
leave leaving ditch ditching abandon abandoning retire retiring killing sunset sunsetting phasing
""".split()
)
TOWARDS = frozenset({"to", "onto", "into", "going"})  # "going python"
FROM = frozenset({"from", "off"})
LANGUAGE = frozenset({"python", "py", "pythonic", "pythons"})  # ("whats pythons answer to swing")
# A question saying it moves to Python ("rewriting our perl cgi scripts in python", "off our perl scripts and onto
# python") leaves behind every technology it names before "python".
REWRITING = frozenset(
    """
rewrite rewrites rewriting rewritten redo redoing rebuild rebuilding replace replacing replaced modernize modernizing
modernise modernising convert converting
""".split()
)
_MOVES = MOVING | LEAVING | REWRITING | {"off"}  # ("from" only after a word of moving: "data from tableau")
_INTO = TOWARDS | {"in", "with"}
_ASKING = frozenset({"best", "what", "whats", "which", "how", "way", "ways", "options", "recommend", "suggest"})


def left_behind(words: list[str], position: int) -> bool:
    """Whether the technology named at `position` is where the asker comes from, or what they already have beside
    what they ask for, not what they ask about: "coming from node/express", "our perl cgi scripts to python", "a java
    spring guy", "backend for a react spa", "leaving laravel". Where one moves to is asked about: "migrating from
    flask to express". So is what a question names before "to python" when it says it moves there
    (`moves_to_python`)."""
    before = words[max(0, position - 4) : position]
    moving = [i for i, word in enumerate(before) if word in MOVING]
    if moving and FROM.intersection(before[moving[0] + 1 :]) and not TOWARDS.intersection(before[moving[0] + 1 :]):
        return True
    after = words[position + 1 : position + 5]
    if any(a in TOWARDS and b in LANGUAGE for a, b in zip(after, after[1:], strict=False)):
        return True
    # (but "what do the rust folks use" asks what those people use, unless it asks about python)
    if BACKGROUND_AFTER.intersection(words[position + 1 : position + 3]):
        if _KINDS_ASKED.intersection(words[position + 2 : position + 3]):
            return False  # "js frontend frameworks" asks for that technology's frameworks, not a backend for its app
        return not _THEY_USE.intersection(words[position + 2 : position + 4]) or bool(LANGUAGE.intersection(words))
    return moves_to_python(words, position) or said_to_go(words, position)


# Words saying a technology is on its way out, after "is": "php is officially out", "java is dead here".
_GONE = frozenset({"out", "dead", "gone", "done", "banned", "over", "deprecated"})


def said_to_go(words: list[str], position: int) -> bool:
    """Whether the question says the technology at `position` is going, in a question about Python: "ok so php is
    officially out. backend in python?" (but "php is out of date", "is java over python?")."""
    after = words[position + 1 : position + 4]
    if after[:1] not in (["is"], ["s"], ["are"]) or not LANGUAGE.intersection(words):
        return False
    gone = [at for at, word in enumerate(after) if word in _GONE]
    return bool(gone) and words[position + 2 + gone[0] : position + 3 + gone[0]] not in (["of"], ["python"])


def moves_to_python(words: list[str], position: int) -> bool:
    """Whether the technology at `position` is what a question moves to Python: named before "to/in/with python" in
    a question with a word of moving, leaving or rewriting before that ("off our perl cgi scripts and onto python",
    "a java servlet app ... rewritten in python"), and not asked for after the move was said ("coming from puppeteer,
    best way to do web scraping in python")."""
    target = next(
        (at for at in range(position + 2, len(words)) if words[at] in LANGUAGE and words[at - 1] in _INTO), None
    )
    if target is None or not _MOVES.intersection(words[:target]):
        return False
    moves = [at for at in range(position) if words[at] in _MOVES]
    return not (moves and _ASKING.intersection(words[moves[-1] + 1 : position]))


# Words before a technology that make it the point of reference of what is asked: "python alternatives to express".
REFERENCE_BEFORE = frozenset(
    """
alternative alternatives instead replace replacing replacement equivalent equivalents like similar counterpart
counterparts
""".split()
)


def a_reference(words: list[str], position: int) -> bool:
    """Whether the technology named at `position` is what the asker wants Python's like or instead of: "python
    alternatives to express or rails", "something like laravel in python" (but "i'd like ...", and "a go framework
    like gin" asks for Go's)."""
    if not LANGUAGE.intersection(words):
        return False
    before = words[max(0, position - 3) : position]
    if before[-1:] == ["like"] and words[position - 2 : position - 1] in (["d"], ["would"]):
        return False
    if REFERENCE_BEFORE.intersection(before):
        return True
    return position >= 2 and words[position - 1] in ("or", "and") and a_reference(words, position - 2)


def moves_away(words: list[str], position: int, elsewhere: frozenset[str]) -> bool:
    """Whether the word at `position` only says where the asker comes from or what they avoid: "coming from",
    "switching off", "php land" (a word of WHO_OR_WHERE right after a technology that is only context), "without
    learning js" (a word between an avoiding word and the technology avoided)."""
    word = words[position]
    if 0 < position < len(words) - 1 and words[position - 1] in AVOIDING and words[position + 1] in elsewhere:
        return True
    if word in MOVING:
        return bool(FROM.intersection(words[position + 1 : position + 3]))
    return word in WHO_OR_WHERE and any(
        words[i] in elsewhere and only_context(words, i) for i in range(max(0, position - 2), position)
    )


# Who a thing is for, said as a group of people: "for the ops team", "our marketing folks". The word naming the group
# ("ops", "marketing") says nothing about the thing asked for.
AUDIENCE = frozenset(
    """
team teams folks people department dept departments staff crew squad colleagues coworkers
""".split()
)
_OWNERS = frozenset({"the", "our", "my", "their", "your", "his", "her", "whole"})
# ... but a team named for the kind of software it builds says what is asked: "an app for the mobile team".
_BUILDING = frozenset({"mobile", "embedded", "firmware", "ux", "cli", "game", "games", "gaming"})


def naming_an_audience(words: list[str]) -> list[tuple[int, ...]]:
    """Where a question names the group of people a thing is for, one or two words between an owner and a word of
    AUDIENCE ("for the ops team", "our data science folks", not "a webpage coworkers can use"): each group's
    positions. Such words are no part of what is asked, unless they are all it asks ("a framework for our mobile
    team"), which the engine decides."""
    named: list[tuple[int, ...]] = []
    for position, word in enumerate(words):
        if word not in AUDIENCE or position < 2 or words[position - 1] in _OWNERS:
            continue
        if _BUILDING.intersection(words[position - 2 : position]):
            continue
        if words[position - 2] in _OWNERS:
            named.append((position - 1,))
        elif position >= 3 and words[position - 3] in _OWNERS and words[position - 2] not in _OWNERS:
            named.append((position - 2, position - 1))
    return named


def only_context(words: list[str], position: int) -> bool:
    """Whether the technology named at `position` is no part of what is asked: avoided ("without yaml"), left
    behind ("coming from express") or a point of reference ("alternatives to express")."""
    return avoided(words, position) or left_behind(words, position) or a_reference(words, position)


def without_a_stack_said_first(
    words: list[str], clauses: list[int], tells: Callable[[str], bool], names: frozenset[str]
) -> list[str]:
    """`words` without the technologies named in a clause of their own that tells nothing the catalog knows, before
    the one that says "python" and asks for something it knows: "rails at work; which python gui toolkit should i look
    at", "we're a node shop, python orm?" (what the asker has, then what they ask). `clauses`: each word's clause."""
    if len(clauses) != len(words):
        return words  # (an idiom read plainly changed the words: the clauses no longer line up)
    by_clause: dict[int, list[str]] = {}
    for word, clause in zip(words, clauses, strict=True):
        by_clause.setdefault(clause, []).append(word)
    told = {clause for clause, own in by_clause.items() if any(tells(word) for word in own)}
    asking = [clause for clause in told if LANGUAGE.intersection(by_clause[clause])]
    if not asking:
        return words
    first = min(asking)
    return [
        "the" if word in names and clauses[p] < first and clauses[p] not in told else word
        for p, word in enumerate(words)
    ]
