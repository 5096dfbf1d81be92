"""Broad asks the engine reads as a category: the categories a question sets aside ("what do you have besides web
frameworks?" asks for the one left), and the domains a person names instead of a category ("I want to build a
website in python, where do I start?" asks for the backend frameworks). Pure functions over the question's words;
the engine decides whether the rest of the question lets a category answer it."""

from __future__ import annotations

from catalog.text import stem, tokens

# Words that set what follows aside: "besides web frameworks", "apart from the frameworks", "other than ...".
ASIDE_ONE = frozenset({"besides", "except", "excluding", "beyond", "arent", "neither"})
ASIDE_TWO = frozenset({("apart", "from"), ("aside", "from"), ("other", "than"), ("outside", "of"), ("aren", "t")})
# What is set aside runs on over category words and these ("besides the frontend and backend frameworks").
ASIDE_JOINERS = frozenset(
    {"the", "a", "for", "and", "or", "nor", "all", "both", "of", "web", "python", "your", "those", "main", "usual"}
    | {"big"}
)
# What people call a category's domain rather than the category ("a website" is what backend frameworks build;
# "supporting libraries" are the other relevant technologies), mapped to a word of the category's name; a catalog
# without such a category ignores them.
DOMAINS = {
    "website": "backend",
    "websites": "backend",
    "saas": "backend",
    "server": "backend",
    "servers": "backend",
    "webserver": "backend",
    "webservers": "backend",
    "webapp": "backend",
    "webapps": "backend",
    "webapplication": "backend",
    "webapplications": "backend",
    "webdevelopment": "backend",
    "webdev": "backend",
    "supporting": "other",
    "helper": "other",
    "helpers": "other",
    "companion": "other",
    "companions": "other",
    "auxiliary": "other",
    "ecosystem": "other",
    "misc": "other",
    "miscellaneous": "other",
    "extra": "other",
    "extras": "other",
}
# Words that ask for options or for where to begin: with one of them, a named category is what the question wants
# even beside words the catalog does not know ("backend frameworks you'd point a new hire at?").
ASKS_OPTIONS = frozenset(
    """
framework frameworks library libraries tool tools toolkit toolkits option options choice choices alternatives
recommend recommendation recommendations suggest suggestions start begin build make create candidates recs lib libs
contenders equivalents
""".split()
)


def category_words(categories: list[str]) -> dict[str, set[str]]:
    """Every word of the categories' names (with its stem), generic ones included, to the categories using it:
    "frameworks" names both framework categories."""
    words: dict[str, set[str]] = {}
    for category in categories:
        for word in tokens(category):
            for form in (word, stem(word)):
                words.setdefault(form, set()).add(category)
    return words


def set_aside(words: list[str], by_word: dict[str, set[str]]) -> tuple[set[str], set[int]]:
    """The categories a question sets aside ("besides the frontend and backend frameworks"), and the positions of
    the words doing so (the marker and the names it sets aside), which say nothing else about the question."""
    aside: set[str] = set()
    positions: set[int] = set()
    for i, word in enumerate(words):
        if word in ASIDE_ONE:
            start = i + 1
        elif (word, words[i + 1] if i + 1 < len(words) else "") in ASIDE_TWO:
            start = i + 2
        else:
            continue
        end = start
        while end < len(words) and (words[end] in by_word or words[end] in ASIDE_JOINERS):
            end += 1
        named = {j for j in range(start, end) if words[j] in by_word}
        if named:
            aside.update(*(by_word[words[j]] for j in named))
            positions.update(range(i, max(named) + 1))
    return aside, positions


def domains_named(words: list[str], category_of: dict[str, str]) -> tuple[set[str], set[int]]:
    """The categories whose domain the question names ("a website", "web site"), and where it names them."""
    named: set[str] = set()
    positions: set[int] = set()
    for i, word in enumerate(words):
        for length, joined in ((1, word), (2, word + (words[i + 1] if i + 1 < len(words) else ""))):
            if joined in DOMAINS and DOMAINS[joined] in category_of:
                named.add(category_of[DOMAINS[joined]])
                positions.update(range(i, i + length))
    return named, positions


def named_categories(words: list[str], category_of: dict[str, str]) -> set[str]:
    """The categories named by a telling word of their name (or its plural: "backends"), alone or written in two
    ("server side")."""
    return {category_of[form] for word in words for form in (word, stem(word)) if form in category_of} | {
        category_of[a + b] for a, b in zip(words, words[1:], strict=False) if a + b in category_of
    }


def naming_positions(words: list[str], category_of: dict[str, str]) -> set[int]:
    """Where the question names a category in two words ("server side", "client side"): those words say which
    category, not what an entry does."""
    return {
        position
        for i, (a, b) in enumerate(zip(words, words[1:], strict=False))
        if a + b in category_of
        for position in (i, i + 1)
    }


# Words after which a word says what the options must be for or be in: "web frameworks in crystal".
QUALIFYING_AFTER = frozenset({"in", "for", "with", "using", "on", "via", "under", "written"})


def qualifies(words: list[str], position: int, known: set[int]) -> bool:
    """Whether the word at `position` says what kind of option is asked for: right before a word the catalog knows
    (at a position in `known`: "crystal web frameworks") or after "in", "for" ... ("web frameworks in crystal").
    Other words say what the asker does ("python web frameworks to evaluate")."""
    return position + 1 in known or (position > 0 and words[position - 1] in QUALIFYING_AFTER)
