"""Questions the catalog cannot answer although they use its words: two things that are not entries weighed against
each other, a thing the catalog never speaks of asked for, and a name read in its everyday sense ("celery soup",
"a dash of salt"). Read before ranking, on the question's words."""

from __future__ import annotations

from catalog.broad import ASKS_OPTIONS, DOMAINS
from catalog.context_words import LEAVING, MOVING, REWRITING, only_context
from catalog.names import Found
from catalog.other_stacks import KIND_OF
from catalog.question_words import ITS_PEOPLE, OTHER_LANGUAGES
from catalog.ranking import PurposeIndex
from catalog.text import is_filler, is_number

# A question of up to this many meaningful words is short: every word of it counts (catalog.engine, catalog.categories).
SHORT_QUESTION = 4
# A question of up to this many meaningful words is read as asking for what it names; in a longer, chatty message
# names and openings are mostly context (what the team has, what happened).
MEDIUM_QUESTION = 8
# "postgres or sqlite", "rabbitmq vs kafka": two things that are not entries weighed against each other.
THING_COMPARE = frozenset({"or", "vs", "v", "versus"})


# Kinds of thing an entry works with but none is: "the best database for a chat app" asks for a database, not for
# the toolkit that talks to one ...
NOT_ENTRIES = frozenset(
    {
        "database",
        "databases",
        "db",
        "dbs",
        "broker",
        "brokers",
        "host",
        "hosting",
        "hardware",
        "laptop",
        "cloud",
        "provider",
    }
)
# ... unless software is what is asked for ("a database library for ...").
SOFTWARE = frozenset(
    {
        "library",
        "libraries",
        "toolkit",
        "toolkits",
        "framework",
        "frameworks",
        "tool",
        "tools",
        "orm",
        "package",
        "packages",
        "module",
        "modules",
        "layer",
        "lib",
        "libs",
        "sdk",
        "wrapper",
        "driver",
    }
)


# Words of everyday life that no question about a Python framework needs: with one of them and no word the catalog
# knows, a name that is also a common word ("celery", "flask", "tornado", "dash", "pyramid") is that word.
# fmt: off
EVERYDAY = frozenset("""
soup recipe recipes salad salt pepper sugar stir cook cooking bake baking kitchen lunch dinner breakfast snack snacks
hummus vegetable vegetables veggies fruit juice smoothie coffee tea beer wine drink drinks stalk stalks sticks pizza
sandwich restaurant eat eating food diet calories weather storm storms rain snow wind forecast hurricane siren
shelter earthquake egypt giza pharaoh pharaohs ancient travel vacation holiday trip flight hotel museum tomb mummy
movie movies film films unchained tarantino actor actress cinema netflix song songs music guitar jazz band concert
album hedgehog sonic meme memes football soccer basketball sprint marathon race olympics material materials carbon
atom atoms physics chemistry nobel birthday wedding dog cat pet kids baby gym workout doctor hospital
county evacuate chaser chasers pinch teaspoon tablespoon whiskey thermos hip scheme schemes
""".split())
# fmt: on


def everyday_sense(purpose: PurposeIndex, rest: list[str], outside: list[str], everyday_name: bool) -> bool:
    """Whether the words around a name read it in its everyday sense: "anyone got a good celery soup recipe?",
    "add a dash of salt" (an everyday word, nothing the catalog knows, and nothing built: "a pyqt music player with
    album art" is software about an everyday thing; `everyday_name`: the name is an everyday word)."""
    built = BUILT if everyday_name else BUILT | BUILT_OR_NOT
    return (
        bool(EVERYDAY.intersection(rest))
        and not any(purpose.knows(w) for w in rest if w not in EVERYDAY)
        and not built.intersection(outside)
    )


def names_an_everyday_thing(
    purpose: PurposeIndex, outside: list[str], rest: list[str], words: list[str], name: Found
) -> bool:
    """Whether a name that is also an everyday word is used in that sense: "the tornado sirens went off twice last
    night", "add a dash of salt and stir" (two words or more besides it that the catalog does not know, at most one
    that it knows, and nothing that speaks of software, "just use celery" or "the flask docs"). Asking what it is or
    does asks about the entry: "can someone remind me what pyramid is actually for"."""
    if words[name.start - 1 : name.start] in (["what"], ["whats"]) and words[name.end : name.end + 1] in (
        ["is"],
        ["does"],
    ):
        return False
    rest = [word for word in rest if not is_number(word)]
    strangers = {word for word in rest if not purpose.knows(word)}
    if len(strangers) < 2 or len(set(rest) - strangers) > 1:
        return False
    near = words[max(0, name.start - 2) : name.end + 2]
    dev_talk = len(DEV_TALK.intersection(outside)) >= 2 or bool(DEV_TALK.intersection(near))
    built = BUILT.intersection(outside) or runs_in_it(words, name)
    return not (SOFTWARE_TALK.intersection(outside) or built or dev_talk or purpose.elsewhere.intersection(outside))


# Words that put a name in software's world whatever else the message says.
SOFTWARE_TALK = frozenset(
    """
use used uses using install installed installing pip import docs doc documentation tutorial tutorials version
versions release releases code coding python py app apps application framework frameworks library libraries lib libs
package packages module modules api project projects repo github standup team dev devs developer developers deploy
deployed production prod server servers backend frontend learn learning job jobs stack tech tool tools codebase
legacy pick picked choose chose choice migrate migrating switch switching maintained coworker coworkers colleague
colleagues teammate teammates mentioning mentioned about repos repository repositories summary summarize
explain service services microservice microservices thoughts opinion opinions
""".split()
)
# Things people build with software, about everyday things or not: "a streamlit app to track my diet", "celery tasks
# for our food delivery kitchen", "a dash dashboard for football stats" ...
BUILT = frozenset("app apps application webapp dashboard dashboards widget widgets gui".split())
# ... and some that are also everyday things ("the tornado cancelled our football game", "a celery soup recipe
# website"): built only with a name that is no everyday word ("a pyqt music player", "a tkinter game for kids",
# "django for a hotel booking site").
BUILT_OR_NOT = frozenset("game games player players site sites website websites bot bots tracker ui".split())
# ... and what runs in software, right after the name: "celery tasks" (not "tasks for tonight: chop the celery").
BUILT_BESIDE = frozenset({"task", "tasks", "worker", "workers", "queue", "queues"})
# ... and words of a web developer's day, two of which do ("how to serve static files in flask"), or one beside the
# name ("flask template not found"; but one further off may be an everyday word: "template for a tornado safety plan").
DEV_TALK = frozenset(
    """
static files upload uploads download downloads json request response session sessions cookie cookies headers config
timezone broker endpoint endpoints template templates middleware traceback exception
""".split()
)


def runs_in_it(words: list[str], name: Found) -> bool:
    """Whether the word right after a name is what runs in that software: "celery tasks", "celery workers"."""
    return bool(BUILT_BESIDE.intersection(words[name.end : name.end + 1]))


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


# Words that say what kind of thing is wanted, not which thing: "an internal tool for analysts" asks for a tool.
MODIFIERS = frozenset(
    """
internal simple small quick little tiny basic custom modern easy lightweight cheap free reliable stable fast codebase
meant designed intended built made suited geared aimed tailored optimized optimised ideal
""".split()
)


# Verbs whose "for" opens what is asked rather than what it is for: "let clients ask for exactly the fields".
ASKING_FOR = frozenset({"ask", "asks", "asking", "asked", "look", "looking", "search", "searching", "hunting"})
# "wordpress is too clunky for our content site, ...": before "for" a statement about something (a thing, then one of
# these), not the thing asked for; what is asked comes later. (A question opens with what it asks: "what is a good
# host for ...".)
STATING = frozenset({"is", "are", "was", "were", "isn", "aren", "wasn", "weren"})
ASKING_OPENERS = frozenset({"what", "whats", "which", "who", "where", "how", "is", "are", "any", "anything"})
# What people do with their tools: "what do python devs use for ..." asks what they use, "what orm do go devs use".
PEOPLE_USE = frozenset({"use", "using", "pick", "prefer", "reach", "choose", "recommend"})


def asks_for_a_stranger(purpose: PurposeIndex, words: list[str], content: list[str]) -> bool:
    """Whether a question of up to MEDIUM_QUESTION meaningful words asks for a thing the catalog never speaks of:
    "a good host for a small web app", "rate limiting for a public api" (what comes before "for" is what is asked
    for; what comes after is only what it is for)."""
    if "for" not in words or len(content) > MEDIUM_QUESTION:
        return False
    start, before = 0, None
    for position, word in enumerate(words):
        if word == "for" and position and words[position - 1] in ASKING_FOR:
            start = position + 1  # "clients ask for exactly the fields": what is asked comes after this "for"
        elif word == "for":
            before = words[start:position]
            break
    if before is None or (before and before[0] not in ASKING_OPENERS and STATING.intersection(before[1:])):
        return False
    # (a technology the asker does without is no part of it: "no-javascript tools for data people"; nor are the
    # people asked about: "what do python devs use for web backends")
    people_use = bool(PEOPLE_USE.intersection(before))
    head = [
        w
        for i, w in enumerate(before, start=start)
        if not is_filler(w)
        and not is_number(w)
        and w not in MODIFIERS
        and w not in ASKS_OPTIONS  # "the python equivalents for ..." asks for options, not for a thing
        and w not in MOVING  # "coming from php, what do people use for websites" tells where the asker is from
        and not (w in purpose.mentioned_names and only_context(words, i))
        and not (people_use and w in ITS_PEOPLE)
    ]
    if SOFTWARE.intersection(before):  # "a database library for ...": software is asked for
        return bool(head) and not any(purpose.knows(w) for w in head)
    # (a category's domain is a thing the catalog speaks of: "helpers for databases and jobs")
    return bool(head) and not any((purpose.knows(w) or w in DOMAINS) and w not in NOT_ENTRIES for w in head)


def weighs_outsiders(words: list[str], elsewhere: frozenset[str]) -> bool:
    """Whether the question weighs two technologies outside the catalog against each other, whatever else it says:
    "vue or svelte for the frontend of my django app?" asks which of those two, not about Django, and "java desktop
    gui toolkits - swing vs javafx?" which of another stack's tools (those still named, not read as their kind)."""
    outside = elsewhere | KIND_OF.keys()
    return any(
        word in THING_COMPARE
        and words[i - 1] in outside
        and words[i + 1] in outside
        and not only_context(words, i - 1)  # "python alternatives to express or rails" asks for Python's
        for i, word in enumerate(words[1:-1], start=1)
    )


# Front-end libraries are not where a backend is written: "an api for our react app" asks for Python's.
_FRONT_ENDS = frozenset({"react", "vue", "angular", "svelte", "js", "javascript", "ts", "typescript"})
# ("in go" is read "in golang"; "c#", "c++" are "c"; "ruby on rails" is "rails", and a stack's platform is one too)
LANGUAGES = (OTHER_LANGUAGES - _FRONT_ENDS) | {"golang", "c", "rails", "laravel", "springboot", "aspnet", "symfony"}
PYTHON = frozenset({"python", "py", "python3", "pythonic", "pythonista", "pythonistas"})


def asks_in_another_language(words: list[str], named: bool = False) -> bool:
    """Whether a question asks for a thing in another language and never says Python: "options for a rest api in
    go?", "whats the go-to orm for c# these days", "what orm do go devs actually use". Not where the asker comes
    from ("coming from gtk in c, desktop gui?") or who the thing is for ("web frameworks for go devs", "pyqt for c++
    qt developers"). With an entry `named`, neither what a language's people use ("as a ruby dev should i pick django
    or flask") nor a move of it ("rewriting our flask app in go, does flask scale?": leaves_for_another_stack)."""
    if PYTHON.intersection(words) or (_MOVES_IT if named else MOVING).intersection(words):
        return False
    for i, word in enumerate(words[:-1]):
        at = i + 1 + (words[i + 1] == "the" and words[i + 2 : i + 3] == ["the"]) * 2  # "for ruby on rails"
        language, then = words[at : at + 1], words[at + 1 : at + 2]
        if language == ["go"] and then in (["to"], ["live"]):  # "a dashboard for go-to-market metrics"
            continue
        for_them = ITS_PEOPLE.intersection(words[at + 1 : at + 3])
        if word in ("in", "for") and LANGUAGES.intersection(language) and not for_them:
            return True
        if (
            not named
            and word in LANGUAGES
            and ITS_PEOPLE.intersection(words[i + 1 : i + 2])
            and PEOPLE_USE.intersection(words[i + 2 : i + 5])
        ):
            return True
    return False


# Other stacks a project moves to, and the words of moving it: "migrating our django monolith to rails".
DESTINATIONS = LANGUAGES | _FRONT_ENDS | KIND_OF.keys() | {"flutter", "grafana", "nextjs", "bun"}
_MOVES_IT = MOVING | LEAVING | REWRITING | {"drop", "dropping", "dropped"}
_TO = frozenset({"to", "for", "in", "into", "onto"})
_ARTICLES = frozenset({"a", "an", "the", "our", "my"})


def leaves_for_another_stack(words: list[str], names: set[str]) -> bool:
    """Whether a question moves what it names to another stack and asks nothing more of Python: "we're migrating our
    django monolith to rails next quarter, anything i should know?", "rewrite our fastapi service in typescript?".
    Not a move to Python, nor one asking what to use with an entry named after where it goes ("porting the views to
    react, how do we serve the api from django?"). `names`: the words naming the entries."""
    for i, word in enumerate(words):
        if word not in _MOVES_IT:
            continue
        for j in range(i + 1, min(len(words) - 1, i + 8)):
            k = j + 1 + (words[j + 1] in _ARTICLES)
            if words[j] in _TO and words[k : k + 1] and words[k] in DESTINATIONS:
                return not (PYTHON | names).intersection(words[k:])
    return False


def asks_outside_by_name(
    purpose: PurposeIndex, words: list[str], rest: list[str], found: list[Found], everyday_names: list[bool]
) -> bool:
    """Whether a question naming entries asks for nothing the catalog has: a name in its everyday sense, two outside
    technologies weighed, what it names moved to another stack, or its kind in another language ("graphql servers in
    node?"; `rest`: the question's words besides the names and filler; `everyday_names`: by entry, whether its name is
    an everyday word)."""
    names = {words[i] for f in found for i in range(f.start, f.end)}
    beside = any(runs_in_it(words, f) for f in found)
    return (
        (not beside and everyday_sense(purpose, rest, words, all(everyday_names[f.entry] for f in found)))
        or weighs_outsiders(words, purpose.elsewhere)
        or leaves_for_another_stack(words, names)
        or asks_in_another_language(words, named=True)
    )


def asks_outside_by_purpose(purpose: PurposeIndex, words: list[str]) -> bool:
    """Whether a question naming no entry asks for nothing the catalog has: two things that are not entries weighed,
    or a kind of thing in another language."""
    return (
        compares_things(purpose, words) or weighs_outsiders(words, purpose.elsewhere) or asks_in_another_language(words)
    )
