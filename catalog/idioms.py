"""Idioms people write for what catalogs say plainly: "outside the request cycle" is background work, "every night"
a schedule, "nothing extra installed" the standard library. Read from every question before it is ranked; where an
idiom was said, it counts as evidence like a curated phrase."""

from __future__ import annotations

from catalog.idiom_table import IDIOMS
from catalog.text import is_number

# "every night", "every 15 minutes", "every monday morning": a schedule.
TIME_UNITS = frozenset(
    """
min mins minute minutes hr hrs hour hours day days night nights morning mornings evening evenings week weeks month
months weekday weekdays weekend weekends monday tuesday wednesday thursday friday saturday sunday
""".split()
)


def read_idioms(words: list[str]) -> tuple[list[str], frozenset[int]]:
    """The words of a question with its idioms said plainly, and where an idiom's plain words are: an idiom is a
    phrase a curator wrote down, as telling as a curated keyword phrase ("off the request thread")."""
    if "every" in words:
        words = [
            "periodically" if word == "every" and _unit_after(words, position) else word
            for position, word in enumerate(words)
        ]
    if _INSTALLING.intersection(words):
        words = _no_install(words)
    said: set[int] = set()
    if _WAITING.intersection(words):
        words, said = _left_waiting(words)
    if _BIG.intersection(words):
        words = _not_big(words)
    if "go" in words:
        words = _go_as_language(words)
    if _TRAINING.intersection(words) or _TAKING.intersection(words):
        words = _jobs_elsewhere(words)
    if len(_SYSTEMS.intersection(words)) >= 2 or "windows" in words:
        words, said = _operating_systems(words, said)
    if not _IDIOMS_BY_START.keys() & set(words):
        return words, frozenset(said)
    words = list(words)
    for position in range(len(words)):
        # only the idioms opening on this word; what a replacement puts after it is read at its own position ("off
        # the request cycle": "the the background cycle", then "background cycle")
        for idiom, plain in _IDIOMS_BY_START.get(words[position], ()):
            if tuple(words[position : position + len(idiom)]) == idiom:
                words[position : position + len(idiom)] = plain
                said.update(position + n for n, word in enumerate(plain) if word not in ("the", idiom[n]))
    return words, frozenset(said)


_IDIOMS_BY_START: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
for _idiom, _plain in IDIOMS.items():
    _IDIOMS_BY_START.setdefault(_idiom[0], []).append((_idiom, _plain))
# Installing nothing beyond Python itself means what comes with it: "nothing extra to install", "rather not make
# them pip install anything", "pip is blocked on the lab machines".
_INSTALLING = frozenset({"install", "installing", "installs", "installed", "installation", "installations", "pip"})
_REFUSING = frozenset(
    {
        "not",
        "no",
        "nothing",
        "without",
        "dont",
        "don",
        "blocked",
        "locked",
        "cannot",
        "cant",
        "never",
        "won",
        "wont",
        "t",
    }
)


def _no_install(words: list[str]) -> list[str]:
    """The words with an install that is refused said as the standard library: "nothing to install" -> "stdlib"."""
    return [
        "stdlib"
        if word in _INSTALLING
        and _REFUSING.intersection(words[max(0, position - 6) : position] + words[position + 1 : position + 4])
        else word
        for position, word in enumerate(words)
    ]


# A person left waiting on a request ("while the customer waits", "without making the user sit there waiting") waits
# for work that belongs in the background; a program waiting on I/O ("while waiting on slow upstream calls") does not.
_WAITING = frozenset({"wait", "waits", "waiting"})
_WAITERS = frozenset(
    {"user", "users", "customer", "customers", "them", "people", "visitor", "visitors", "shopper", "shoppers"}
)


def _left_waiting(words: list[str]) -> tuple[list[str], set[int]]:
    """The words with a person's waiting said as background work, and where it is said."""
    said = {
        position
        for position, word in enumerate(words)
        if word in _WAITING
        and (
            _WAITERS.intersection(words[max(0, position - 4) : position])
            or "without" in words[max(0, position - 6) : position]
        )
    }
    return ["background" if position in said else word for position, word in enumerate(words)], said


def _unit_after(words: list[str], position: int) -> bool:
    """Whether a time unit follows the word at `position`, maybe after a number ("every 15 minutes")."""
    after = words[position + 1 : position + 3]
    if after and is_number(after[0]):
        after = after[1:]
    return bool(after) and after[0] in TIME_UNITS


# Windows beside another operating system, or said as one ("on windows", "windows laptops"), is the system a program
# runs on, not the windows a GUI toolkit creates: "must run on windows and linux" asks for a cross-platform one.
_SYSTEMS = frozenset({"windows", "linux", "mac", "macs", "macos", "osx", "ubuntu"})
_AS_SYSTEM_BEFORE = frozenset({"on", "for", "under", "native", "both", "to"})
_AS_SYSTEM_AFTER = frozenset(
    {"laptop", "laptops", "pc", "pcs", "machine", "machines", "box", "boxes", "users", "computers"}
)
# ... and a program for one system is a desktop program: "a windows app", "a proper mac program".
_PROGRAMS = frozenset({"app", "apps", "program", "programs", "application", "applications", "software"})


def _operating_systems(words: list[str], said: set[int]) -> tuple[list[str], set[int]]:
    """The words with operating systems named together said as "cross platform", and Windows said as a system
    dropped; where it is said."""
    systems = [position for position, word in enumerate(words) if word in _SYSTEMS]
    words = list(words)
    said = set(said)
    if len({words[position] for position in systems}) >= 2:
        for n, position in enumerate(systems):
            words[position] = ("cross", "platform")[n] if n < 2 else "the"
            said.add(position)
        return words, said
    for position in systems:
        before = words[max(0, position - 1) : position]
        after = words[position + 1 : position + 2]
        if _PROGRAMS.intersection(after):
            words[position] = "desktop"
            said.add(position)
        elif (
            _AS_SYSTEM_BEFORE.intersection(before)
            or _AS_SYSTEM_AFTER.intersection(after)
            or is_number((after or [""])[0])
        ):
            words[position] = "the"
    return words, said


# Two jobs no entry does, said in words the entries use: training a model ("fit a gradient boosting model on our
# sales data": a dashboard only shows one) and taking data off other people's web pages ("pull product prices off
# competitor websites": the web frameworks serve pages, they do not read them). Said so, they are the words
# catalog.question_words.ELSEWHERE knows for them.
_TRAINING = frozenset({"train", "training", "trains", "fit", "fitting", "retrain", "retraining"})
_MODELS = frozenset({"model", "models", "classifier", "classifiers", "regressor", "network", "networks"})
_TAKING = frozenset(
    {"pull", "pulling", "grab", "grabbing", "extract", "extracting", "harvest", "harvesting", "collect", "collecting"}
)
_OWN = frozenset({"our", "my", "own", "user", "users"})
_PAGES = frozenset({"website", "websites", "site", "sites", "page", "pages", "webpage", "webpages", "html"})


def _jobs_elsewhere(words: list[str]) -> list[str]:
    """The words with a model's training said as "modeltraining" and taking data off web pages as "scrape"."""
    words = list(words)
    for position, word in enumerate(words):
        ahead = words[position + 1 : position + 9]
        if word in _TRAINING and _MODELS.intersection(ahead):
            words[position] = "modeltraining"
        elif (
            word in _TAKING
            and {"off", "from"}.intersection(ahead[:4])
            and _PAGES.intersection(ahead)
            and not _OWN.intersection(ahead)  # "pull data from our own site's database" is no scraping
        ):
            words[position] = "scrape"
    return words


# Not wanting a big framework is wanting a lightweight one: "don't want a giant framework", "rather than a big
# framework with opinions", "no huge framework".
_BIG = frozenset({"big", "giant", "huge", "large", "heavy", "heavyweight", "massive", "bloated", "enormous"})
_NOT_WANTING = frozenset({"dont", "don", "not", "no", "without", "never", "than", "avoid", "hate", "hates"})


def _not_big(words: list[str]) -> list[str]:
    """The words with a size the asker does not want said as "lightweight"."""
    return [
        "lightweight" if word in _BIG and _NOT_WANTING.intersection(words[max(0, position - 4) : position]) else word
        for position, word in enumerate(words)
    ]


# Go the language, not the verb: "something like django for go", "go web frameworks" (but "good to go web framework
# for beginners", "a dashboard for go to market metrics", "ready for go-live").
_GO_BEFORE = frozenset({"for", "with"})
_GO_KINDS = frozenset({"web", "framework", "frameworks", "orm", "orms", "gui", "backend", "backends"})
_GO_VERB_AFTER = frozenset({"to", "live", "ahead", "back", "through", "over", "out", "for", "with", "and", "on"})


def _go_as_language(words: list[str]) -> list[str]:
    """The words with "go" that names the language said as "golang"."""
    said = list(words)
    for position, word in enumerate(words):
        if word != "go":
            continue
        before, after = words[position - 1 : position], words[position + 1 : position + 2]
        if before and before[0] in _GO_BEFORE and not _GO_VERB_AFTER.intersection(after):
            said[position] = "golang"
        elif after and after[0] in _GO_KINDS and before != ["to"]:
            said[position] = "golang"
    return said
