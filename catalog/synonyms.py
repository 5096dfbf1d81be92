"""Everyday words and idioms for what a catalog says in its own words: "db" is a database, "every night" is a
schedule, "outside the request cycle" is background work. Applied to every question before it is ranked (and the
synonyms to the index's words), so the catalog's text need not guess how people write."""

from __future__ import annotations

from catalog.text import is_number

# A few everyday words people use for what catalogs say in other words (stemmed when the index is built).
# Small on purpose: a synonym here must hold for any catalog, not just steer one question.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "db": ("database",),
    "dbs": ("database",),
    "sql": ("sql", "database"),
    "async": ("asynchronous",),
    "asyncio": ("asynchronous",),
    "realtime": ("real", "time"),
    "live": ("real", "time"),
    "ui": ("interface", "frontend"),
    "uis": ("interface", "frontend"),
    "serverside": ("backend",),
    "clientside": ("frontend",),
    "tiny": ("small",),
    "button": ("widget", "gui"),
    "buttons": ("widget", "gui"),
    "light": ("lightweight",),
    "lighter": ("lightweight",),
    "screen": ("interface",),
    "screens": ("interface",),
    "gui": ("gui", "desktop"),
    "guis": ("gui", "desktop"),
    "auth": ("authentication",),
    "login": ("authentication",),
    "cron": ("periodic", "scheduling"),
    "crontab": ("periodic", "scheduling"),
    "nightly": ("periodic", "scheduling"),
    "daily": ("periodic", "scheduling"),
    "hourly": ("periodic", "scheduling"),
    "chart": ("visualization",),
    "charts": ("visualization",),
    "graph": ("visualization",),
    "graphs": ("visualization",),
    "plot": ("visualization",),
    "plots": ("visualization",),
    "plotting": ("visualization",),
    "dashboard": ("dashboard", "visualization"),
    "dashboards": ("dashboard", "visualization"),
    "concurrency": ("concurrent",),
    "microframework": ("micro", "framework"),
    "lightweight": ("lightweight", "minimal"),
    "minimal": ("minimal", "lightweight"),
    "docs": ("documentation",),
    "endpoint": ("api",),
    "endpoints": ("api",),
    "socket": ("websocket", "connection"),
    "sockets": ("websocket", "connection"),
    "plugin": ("extension",),
    "plugins": ("extension",),
    "addons": ("extension",),
    "visualise": ("visualization",),
    "visualisation": ("visualization",),
    "jobs": ("job", "task"),
    "cms": ("content", "management"),
    "tech": ("technology",),
    # What a content site is made of: articles written, edited and published by staff.
    "articles": ("content",),
    "article": ("content",),
    "editors": ("content",),
    "newsroom": ("content",),
    # A page in a browser is an interactive web page; a connection kept open is a long-lived one.
    "browser": ("web", "interactive"),
    "browsers": ("web", "interactive"),
    "persistent": ("long", "lived"),
    # A program is an application.
    "program": ("application",),
    "programs": ("application",),
    # Menus, tabs and dialogs are widgets; a barebones framework is a minimal one.
    "menus": ("widgets",),
    "menu": ("widgets",),
    "tabs": ("widgets",),
    "dialogs": ("widgets",),
    "toolbars": ("widgets",),
    "barebones": ("minimal",),
    "selects": ("sql",),
    # Updates that arrive at once are real-time ones; a rich, polished interface is an advanced one.
    "instant": ("real", "time"),
    "fancy": ("advanced",),
    "polished": ("advanced",),
    "sophisticated": ("advanced",),
    # Joins and subqueries are SQL, whatever the question calls them.
    "join": ("sql",),
    "joins": ("sql",),
    "subquery": ("sql",),
    "subqueries": ("sql",),
    # Vanilla and preinstalled Python is Python's standard library.
    "vanilla": ("standard",),
    "preinstalled": ("included",),
    "builtin": ("included",),
    # Changing any piece of a framework is what flexible, modular ones allow.
    "customize": ("flexible",),
    "customise": ("flexible",),
    "customizable": ("flexible",),
    "override": ("flexible",),
    "reconfigure": ("flexible",),
    "swap": ("modular",),
    "swappable": ("modular",),
    "pluggable": ("modular",),
    "techs": ("technology",),
    "ships": ("included",),
    "shipped": ("included",),
    "bundled": ("included",),
    "beginner": ("easy", "simple"),
    "beginners": ("easy", "simple"),
    "newbie": ("easy", "simple"),
    "newbies": ("easy", "simple"),
    "webapp": ("web", "app"),
    "webapps": ("web", "app"),
    "website": ("web",),
    "websites": ("web",),
    "worker": ("task", "background"),
    "workers": ("task", "background"),
    "app": ("app", "application"),
    "apps": ("app", "application"),
    "science": ("science", "scientist"),
    "big": ("large",),
    "huge": ("large",),
    "speed": ("fast", "performance"),
    "perf": ("performance",),
    "quick": ("quick", "rapid", "fast"),
    "quickly": ("quick", "rapid", "fast"),
    "easy": ("easy", "simple"),
    "simple": ("simple", "easy"),
    "little": ("small",),
    "mail": ("email",),
    "notification": ("push",),
    "notifications": ("push",),
    "backoffice": ("admin",),
    "ws": ("websocket",),
    "rps": ("request", "second"),
    "qps": ("request", "second"),
    "ipynb": ("notebook",),
    "viz": ("visualization",),
    "dataviz": ("data", "visualization"),
    "recurring": ("periodic", "scheduling"),
    "weekly": ("periodic", "scheduling"),
    "monthly": ("periodic", "scheduling"),
    "periodically": ("periodic", "scheduling"),
    "performant": ("performance",),
    "minimalist": ("minimal",),
    "nonblocking": ("non", "blocking"),
    "authorization": ("permissions",),
}


# Idioms people write for what catalogs say plainly ("async out of the box" is built-in async, not a dialog box).
# Said plainly in as many words (stopwords pad), so each word keeps its place in the question.
IDIOMS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("out", "of", "the", "box"): ("the", "the", "the", "built"),
    ("off", "the", "shelf"): ("the", "the", "built"),
    ("under", "the", "hood"): ("the", "the", "the"),
    # Making requests is what an HTTP client library does (another library); the entries answer them. A client
    # alone is just who asks ("the client picks the fields").
    ("making", "http", "requests"): ("the", "http", "httpclient"),
    ("make", "http", "requests"): ("the", "http", "httpclient"),
    ("sending", "http", "requests"): ("the", "http", "httpclient"),
    ("send", "http", "requests"): ("the", "http", "httpclient"),
    ("making", "requests"): ("the", "httpclient"),
    ("make", "requests"): ("the", "httpclient"),
    ("http", "client"): ("http", "httpclient"),
    ("http", "clients"): ("http", "httpclient"),
    ("at", "work"): ("the", "the"),  # at one's job, not background work
    ("last", "night"): ("the", "the"),  # when, not nightly jobs
    ("in", "go"): ("in", "golang"),  # the language, not "to go"
    ("using", "go"): ("using", "golang"),
    ("user", "interface"): ("the", "ui"),
    ("user", "interfaces"): ("the", "uis"),
    # Work done outside a web request is background work, whatever the request is served by.
    ("outside", "the", "request"): ("the", "the", "background"),
    ("out", "of", "the", "request"): ("the", "the", "the", "background"),
    ("off", "the", "request"): ("the", "the", "background"),
    ("after", "the", "request"): ("the", "the", "background"),
    ("request", "cycle"): ("the", "background"),
    ("request", "thread"): ("the", "background"),
    ("kick", "off"): ("the", "background"),
    # What comes with Python is in its standard library.
    ("ships", "with", "python"): ("included", "the", "standard"),
    ("comes", "with", "python"): ("included", "the", "standard"),
    ("built", "into", "python"): ("included", "the", "standard"),
    ("bundled", "with", "python"): ("included", "the", "standard"),
    ("part", "of", "python"): ("included", "the", "standard"),
    ("nothing", "fancy"): ("the", "simple"),
    ("same", "time"): ("the", "concurrent"),
    ("back", "office"): ("the", "admin"),
    ("hello", "world"): ("the", "minimal"),
    ("text", "messages"): ("the", "sms"),
    ("full", "stack"): ("batteries", "featured"),
    # A request that must not wait is work for the background.
    ("request", "returns"): ("the", "background"),
    ("without", "blocking"): ("the", "background"),
    ("request", "wait"): ("the", "background"),
    ("comes", "back", "instantly"): ("the", "the", "background"),
    ("come", "back", "instantly"): ("the", "the", "background"),
    # "what's the deal with streamlit?" asks about it.
    ("deal", "with"): ("the", "about"),
    # ASP.NET is written with a dot.
    ("asp", "net"): ("the", "aspnet"),
    # A full-featured framework is one with the batteries included.
    ("full", "featured"): ("batteries", "featured"),
    # "explain it like i'm 5": simply, not a comparison with something else.
    ("like", "im"): ("the", "the"),
    ("like", "i", "m"): ("the", "the", "the"),
    ("kicks", "off"): ("the", "background"),
}
# "every night", "every 15 minutes", "every monday morning": a schedule.
TIME_UNITS = frozenset(
    """
minute minutes hour hours day days night nights morning mornings evening evenings week weeks month months weekday
weekdays weekend weekends monday tuesday wednesday thursday friday saturday sunday
""".split()
)


def without_idioms(words: list[str]) -> list[str]:
    """The words of a question with its idioms said plainly, word for word."""
    if "every" in words:
        words = [
            "periodically" if word == "every" and _unit_after(words, position) else word
            for position, word in enumerate(words)
        ]
    if _INSTALLING.intersection(words):
        words = _no_install(words)
    if not _IDIOM_STARTS.intersection(words):
        return words
    words = list(words)
    for position in range(len(words)):
        for idiom, plain in IDIOMS.items():
            if tuple(words[position : position + len(idiom)]) == idiom:
                words[position : position + len(idiom)] = plain
    return words


_IDIOM_STARTS = frozenset(idiom[0] for idiom in IDIOMS)
# Installing nothing beyond Python itself means what comes with it: "nothing extra to install", "rather not make
# them pip install anything", "pip is blocked on the lab machines".
_INSTALLING = frozenset({"install", "installing", "installs", "pip"})
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
    """The words with an install that is refused said as what is included: "nothing to install" -> "included"."""
    return [
        "included"
        if word in _INSTALLING
        and _REFUSING.intersection(words[max(0, position - 4) : position] + words[position + 1 : position + 4])
        else word
        for position, word in enumerate(words)
    ]


def _unit_after(words: list[str], position: int) -> bool:
    """Whether a time unit follows the word at `position`, maybe after a number ("every 15 minutes")."""
    after = words[position + 1 : position + 3]
    if after and is_number(after[0]):
        after = after[1:]
    return bool(after) and after[0] in TIME_UNITS
