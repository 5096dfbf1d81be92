"""The words that say how a question asks (for help, a list, a comparison, another entry), apart from what it is
about, and the small readings of them the engine makes. Kept apart so the engine reads as the steps it takes."""

from __future__ import annotations

import re
from collections.abc import Callable

from catalog.context_words import WHO_OR_WHERE
from catalog.names import Found
from catalog.text import COMPARE_WORDS, LOOKUP_WORDS, STOPWORDS, tokens

# fmt: off
HELP_PHRASES = frozenset({
    "help", "h", "usage", "commands", "what can you do", "what do you do", "what can i ask", "what can i ask you",
    "how do i use this", "how do i use you", "how does this work", "how to use", "how to use this", "who are you",
    "what are you", "what is this", "how do i use pyfw", "what does pyfw do", "help me", "instructions",
    "where do i start", "where do i begin", "where to start", "where to begin", "getting started",
})
HELP_FILLER = frozenset({"please", "pls", "pyfw", "bot", "hi", "hello", "hey"})
THE_BOT = frozenset({"pyfw", "bot"})
# Questions about using the bot are made only of these words, and ask with one of HELP_ASKS.
HELP_VOCABULARY = frozenset("""
what which how can could do does you your i me my with this it is are to the a an of kind kinds sort sorts type types
things help use work works ask questions question commands command usage instructions able supposed should
s about know for thing capabilities stuff u ur answer kinda person human robot ai or answers
who made built created wrote and where its info information come comes from lol haha real am
meant talk interaction interact understand knowledge capable yo exactly actually take takes many out re get gets
source sources
""".split())
HELP_ASKS = frozenset({"help", "do", "use", "capabilities", "work", "works", "ask", "questions", "commands", "usage",
                        "instructions", "answer", "capable"})
LIST_TRIGGERS = frozenset({"list", "ls", "all", "everything", "catalog", "catalogue", "framework", "frameworks",
                            "tools", "technologies", "libraries", "entries", "categories", "whole", "entire",
                            "available", "covered", "overview", "options", "guide"})
TO_THE_BOT = frozenset({"you", "your", "pyfw", "bot", "u", "ur"})
# Words that ask for a comparison when two entries are named ("flask or django?"); without one, two names in a
# sentence may be one entry as context and one as the answer.
COMPARE_SIGNALS = frozenset({"vs", "v", "versus", "compare", "comparing", "comparison", "compared", "or",
                              "difference", "differences", "differ", "different", "between", "against", "better",
                              "worse", "fastest", "faster", "quicker", "quickest", "slower", "slowest"})
# A question that mentions an entry only as context asks for something ("what do people use", "which orm",
# "anything on top of flask", "is there a framework that..."); one without such a word is about the named entry
# ("is celery overkill for a small project?").
ASKS_FOR_ONE = frozenset({"what", "whats", "which", "anything", "something", "use", "recommend", "recommended",
                           "library", "libraries", "framework", "frameworks", "tool", "tools", "option", "options",
                           "alternative", "alternatives", "instead", "else", "suggest", "suggestion", "suggestions",
                           "recommendation", "recommendations", "advice", "tips", "ideas", "looking", "go",
                           "need", "needs", "want", "wants", "wanted"})
# "how do we ...", "how should I ...", "how do people ...": asking for a way to do something, as ASKS_FOR_ONE does.
HOW_VERBS = frozenset({"do", "can", "could", "should", "would", "to"})
HOW_WHO = frozenset({"i", "we", "people", "you", "folks", "one", "teams"})
# Words that ask about an entry itself, whatever else the question says: "we picked sqlalchemy, which version
# supports async?".
ABOUT_AN_ENTRY = frozenset({"version", "versions", "release", "releases", "changelog", "tutorial", "tutorials",
                            "license", "licence", "licensing", "maintained", "maintainers", "summary", "summarize",
                            "summarise"})
# A question opening with one of these, the name at most YES_NO_NAME_BY words later, asks about the named entry:
# "does celery ...", "do I need celery ...", "do we really need celery ..." (the name is the question's subject).
YES_NO_NAME_BY = 4
YES_NO = frozenset({"do", "does", "did", "is", "are", "was", "can", "could", "should", "will", "would", "has", "have"})
# Two names joined by one of these are one used with the other ("is graphene used with django?"), not a comparison.
TOGETHER = frozenset({"with", "on", "in", "inside", "into", "using", "via", "behind", "under", "atop"})
# Words just before a name that turn away from it: "instead of streamlit", "simpler than dash", "moving off flask".
AWAY_FROM = frozenset({"instead", "than", "off", "from", "besides", "replace", "replacing", "outgrew", "outgrown",
                        "leaving", "ditch", "ditching", "alternative", "alternatives", "except", "beyond", "like",
                        "similar", "not", "without", "non", "no", "arent",
                        "aren"})
# Words saying a named entry falls short or is being left: "tkinter looks dated, what's the step up?", "django is
# overkill, what's lighter?". The named entry is then context as much as one the asker has.
FALLS_SHORT = frozenset(
    """
dated outdated overkill heavy bloated clunky ugly limited limiting outgrew outgrown outgrowing tired sick frustrated
lighter simpler step upgrade migrate migrating switch switching move moving replace replacement worries scares
messy slow painful hacky unmaintainable pain headache nightmare chokes choking struggles struggling unwieldy
""".split()
)
# Words just after a name that make it a point of comparison: "a flask-like framework", "streamlit-style".
LIKE_AFTER = frozenset({"like", "style", "ish", "alternative", "alternatives"})
# Words after a name that say "a thing of its kind" ("graphql servers for node"), not the entry itself.
OF_A_KIND = [[w] for w in "server servers lib libs library libraries client clients framework frameworks gems".split()]
# Words asking for a thing's like, said before "of" and its name: "the php version of flask".
LIKE_OF = frozenset({"version", "equivalent", "equivalents", "counterpart", "counterparts", "analog", "analogue"})
# Who use a language, said after it: "flask for php devs" is for them, about Flask.
ITS_PEOPLE = WHO_OR_WHERE | {"people", "programmers", "engineers", "coders", "team", "teams"}
# Other languages and their runtimes, said right after "for" or "in" ("celery for go"; not "flask in docker").
OTHER_LANGUAGES = frozenset("""
node nodejs deno js javascript ts typescript react vue angular svelte java kotlin scala ruby php go golang rust csharp
dotnet swift elixir erlang haskell clojure perl lua julia
""".split())
# Words of category names that do not tell one category from another.
GENERIC_CATEGORY_WORDS = frozenset({"framework", "frameworks", "technology", "technologies", "tool", "tools",
                                     "library", "libraries", "relevant", "and"})
# fmt: on

# Technologies people ask a Python-framework bot about that are not Python frameworks: other languages and their
# frameworks, front-end libraries, infrastructure, data-science libraries, other Python libraries, and the Python
# language's own things (dict, decorator, regex, packaging), and an HTTP client library ("httpclient", what
# catalog.idioms makes of "making http requests": the catalog's entries serve them). Asked about, they
# are a request for something the catalog does not have (like the names it only mentions, "built on React"); an
# entry that names one of them as its own name, alias or keyword takes it back.
# fmt: off
ELSEWHERE = frozenset("""
react reactjs vue vuejs angular svelte nextjs nuxt jquery javascript typescript js ts node nodejs deno express
expressjs nestjs java spring springboot micronaut quarkus hibernate kotlin scala ruby rails sinatra sidekiq php
laravel symfony wordpress drupal golang gin rust actix csharp dotnet aspnet swift swiftui electron flutter
android ios kubernetes k8s helm docker terraform ansible nginx apache heroku aws azure gcp kafka mongodb mongo
fastify elasticsearch cassandra pandas numpy scipy matplotlib seaborn sklearn tensorflow pytorch keras opencv jupyterlab
pytest unittest tox mypy pyright ruff flake8 pylint poetry pipenv conda virtualenv venv aiohttp httpx
urllib beautifulsoup bs4 scrapy selenium playwright pydantic marshmallow peewee ponyorm
tortoise kivy wxpython pygame bokeh openpyxl nltk spacy langchain openai llm chatgpt bootstrap tailwind
css webpack vite
airflow prefect luigi dagster rq dramatiq huey apscheduler urllib3 httpie typer argparse gunicorn hypercorn
starlette elixir phoenix erlang haskell clojure perl lua julia matlab cobol fortran gatsby preact solidjs htmx
apollo hasura prisma sequelize typeorm mongoose jest mocha cypress vitest npm yarn git gitlab jenkins circleci
linux ubuntu excel tableau powerbi looker grafana kibana prometheus datadog sentry splunk jira confluence discord
telegram twilio stripe firebase supabase vercel netlify cloudflare s3 ec2 bigquery snowflake redshift databricks
spark pyspark hadoop dask polars xgboost lightgbm huggingface jax statsmodels sympy networkx pillow pil ffmpeg
moviepy reportlab weasyprint pypdf xlsxwriter boto3 paramiko psutil psycopg psycopg2 asyncpg pymongo zeromq zmq
grpc protobuf pyinstaller nuitka cython numba pypy anaconda pycharm vscode vim emacs voila gradio nicegui flet toga
beeware dearpygui pysimplegui falcon bottle cherrypy web2py quart litestar masonite twisted gevent eventlet
strawberry ariadne altair vega d3 chartjs highcharts puppeteer locust jmeter ansible vagrant mkdocs sphinx loguru
structlog slack fastai djongo grapheme graphemes sonic scrape scraping scraper crawl crawler crawling
dict dicts dictionary dictionaries tuple tuples lambda lambdas decorator decorators generator generators
comprehension comprehensions walrus fstring regex regexp gil metaclass metaclasses dataclass dataclasses enum enums
namedtuple itertools functools subprocess multiprocessing threading pathlib pickle yaml toml xml pypi setuptools
pyproject docstring docstrings unicode utf8 httpclient sms loadbalancer reverseproxy modeltraining jsonlibrary
""".split())
# fmt: on

_MENTION = re.compile(r"^\s*(?:<@[^>]*>|[/@]pyfw\b)[\s,:]*", re.IGNORECASE)
# An arrow between words, as typed or as Slack sends it (">" escaped): "koa -> python", "koa -&gt; python".
_ARROW = re.compile(r"\s*(?:[-=]+(?:>|&gt;)|\u2192|\u21d2|\u27f6)\s*")
# How a Slack message often opens, before what it asks: "quick question:", "quick one -", "hey! quick q -".
_OPENER = re.compile(
    r"^\s*(?:(?:hey|hi|hello|yo|ok|so)\b[\s,:;.!-]*)?quick\s+(?:question|q|one)\b[\s,:;.!-]*", re.IGNORECASE
)


def without_openers(question: str) -> str:
    """The question without the bot's mention ("@pyfw", "<@U123>") and a Slack opener ("quick question:"); an arrow
    between words is read as the "to" it says ("spring boot -> python")."""
    return _ARROW.sub(" to ", _OPENER.sub("", _MENTION.sub("", question)))


# Words that soften or stress a question without changing what it asks: "what exactly is graphene?"
SOFTENERS = frozenset({"exactly", "actually", "really", "even", "heck"})


def yes_no_about(words: list[str], start: int) -> bool:
    """A yes/no question with the name in its opening words is about the named entry: "do I need celery for a small
    project?", "does django come with authentication?" (but "is there something like django ..." is not); so is a
    question on what the entry does ("what does flask give me out of the box?"), softened or not ("what exactly is
    graphene?")."""
    softening = [i for i, word in enumerate(words[:start]) if word in SOFTENERS]
    if softening and words[:1] in (["what"], ["whats"], ["how"], ["why"]):
        words = [word for i, word in enumerate(words) if i not in softening]
        start -= len(softening)
    if words[:1] in (["what"], ["whats"], ["how"], ["why"]) and words[1:2] != [] and words[1] in YES_NO:
        return start == 2  # "what does flask give me out of the box?", "how does celery retry?"
    if words[:1] == ["whats"] and start == 1:
        return True  # "whats tkinter, is it built in?"
    return bool(words) and words[0] in YES_NO and words[1:2] != ["there"] and start <= YES_NO_NAME_BY


def clauses_of(text: str) -> list[int]:
    """For each word of `text` (as `tokens` splits it), the number of the clause it is in: clauses end at
    punctuation and at "but"."""
    return _numbered(_CLAUSE, text)


_CLAUSE = re.compile(r"[,.;:!?()]+|\bbut\b", re.IGNORECASE)


def sentences_of(text: str) -> list[int]:
    """For each word of `text` (as `tokens` splits it), the number of the sentence it is in (they end at . ; ! ?)."""
    return _numbered(_SENTENCE, text)


_SENTENCE = re.compile(r"[.;!?]+(?:\s|$)")


def _numbered(ends: re.Pattern[str], text: str) -> list[int]:
    """For each word of `text`, how many of `ends` come before it."""
    numbers: list[int] = []
    for number, piece in enumerate(ends.split(text)):
        numbers += [number] * len(tokens(piece))
    return numbers


def turns_away(words: list[str], start: int, end: int, elsewhere: frozenset[str] = frozenset()) -> bool:
    """Whether the question turns away from a named entry or names it as a point of comparison: "instead of
    streamlit", "something like django but lighter", "a flask-like framework" (but "I'd like the django docs")."""
    before = words[max(0, start - 3) : start]
    if "like" in before and before[before.index("like") - 1 : before.index("like")] in (["d"], ["would"]):
        before.remove("like")
    # ("flask but for node?", "flask equivalent for .net": its like in `elsewhere`, but not "celery but with redis")
    like_it = words[end : end + 1] in (["but"], ["equivalent"], ["equivalents"])
    # ("graphql servers for node", "celery for go": its kind in another language, but not "flask in docker")
    said = end + 1 if like_it else end
    while said < end + 2 and words[said : said + 1] in OF_A_KIND:
        said += 1
    but_for = words[said : said + 1] in (["for"], ["in"]) and (
        bool(elsewhere.intersection(words[said + 1 :]))
        if like_it
        else bool(OTHER_LANGUAGES.intersection(words[said + 1 : said + 2]))
        and "python" not in words
        and not ITS_PEOPLE.intersection(words[said + 2 : said + 3])  # "django for java devs" is Django
    )
    # ("php version of flask", "ruby equivalent of celery": its like in another language, asked for)
    of_another = before[-2:] in ([w, "of"] for w in LIKE_OF) and bool(
        elsewhere.intersection(words[start - 3 : start - 2])
    )
    return bool(
        AWAY_FROM.intersection(before[-2:]) or LIKE_AFTER.intersection(words[end : end + 1]) or but_for or of_another
    )


# What any app has of its own, not a part added beside it: "auth for our streamlit app", "async support in our flask
# app", "performance tuning for our flask app" ask about the named entry.
APPS_OWN = frozenset(
    "auth authentication login logins signin sessions permissions performance speed async asynchronous security".split()
)


def asked_beside(words: list[str], name: Found, phrased: bool, another_kind: bool) -> bool:
    """Whether a question asks for another entry beside the named one the asker has: one of its curated phrases
    ("task queue for our flask app"), or a word of another kind of entry's, said before "for/in our" and the name
    ("orm for our flask app", "websockets for our flask app"; not "auth for our flask app", an app's own, nor
    "streamlit app for tracking my running", which opens on what the asker has)."""
    if not has_already(words, name.start, name.end):
        return False
    for_ours = words[name.start - 2 : name.start] in ([a, b] for a in ("for", "in") for b in ("our", "my"))
    its_own = bool(APPS_OWN.intersection(words[: name.start]))
    return phrased or (another_kind and for_ours and not its_own)


def asks_how(words: list[str]) -> bool:
    """Whether the question asks how people do something ("how do we run periodic tasks", "how do people do
    that", or a bare "..., how?" at its end): an ask for a way, unlike "how does celery handle retries", which asks
    about the entry."""
    return words[-1:] == ["how"] or any(
        word == "how"
        and words[i + 1 : i + 2]
        and words[i + 1] in HOW_VERBS
        and HOW_WHO.intersection(words[i + 2 : i + 4])
        for i, word in enumerate(words)
    )


def is_help(words: list[str]) -> bool:
    """Empty, a known help phrase, or a question made only of words about using the bot ("what can you help me
    with?", "how do I use pyfw?", "what kind of questions can I ask?")."""
    # "what is pyfw?", "what's this bot about?", "where does your info come from?"
    to_the_bot = bool(THE_BOT.intersection(words) or {"your", "yours"}.intersection(words))
    words = [w for w in words if w not in HELP_FILLER]
    if not words or " ".join(words) in HELP_PHRASES:
        return True
    return set(words) <= HELP_VOCABULARY and (to_the_bot or bool(HELP_ASKS.intersection(words)))


# What the asker already has, named before what they ask for: "our flask app", "my django project", "we use
# sqlalchemy", "we're on fastapi", "we have a django backend", "the flask api is done".
HAS_RIGHT_BEFORE = frozenset(
    {"our", "my", "existing", "current", "using", "on", "have", "had", "running", "building", "built", "in", "got"}
)
ARTICLES = frozenset({"a", "an", "the"})
HAS_AFTER = frozenset(
    {
        "app",
        "apps",
        "project",
        "backend",
        "service",
        "api",
        "server",
        "site",
        "codebase",
        "stack",
        "workers",
        "models",
        "code",
        "setup",
        "monolith",
        "prototype",
        "schema",
        "page",
        "pages",
        "script",
        "scripts",
        "dashboard",
        "worker",
        "tasks",
        "jobs",
    }
)


def has_already(words: list[str], start: int, end: int) -> bool:
    """Whether the name at words[start:end] is something the asker has, told as context ("our flask app")."""
    ahead = [word for word in words[:start] if word != "already"]  # "we already use celery"
    before = ahead[-1] if ahead else ""
    two_before = ahead[-2] if len(ahead) >= 2 else ""
    return (
        before in HAS_RIGHT_BEFORE
        or (two_before == "we" and before in ("use", "run"))
        or (before in ARTICLES and two_before in HAS_RIGHT_BEFORE)
        or ((not start or before in ("the", "our", "my")) and words[end : end + 1] != [] and words[end] in HAS_AFTER)
    )


def unknown_other_side(words: list[str], found: Found, is_unknown_name: Callable[[str], bool]) -> tuple[str, ...]:
    """For "flask vs spring boot": the side of a comparison the catalog does not know."""
    if not any(word in ("vs", "v", "versus", "compare", "or") for word in words):
        return ()
    rest = [
        w
        for i, w in enumerate(words)
        if not found.start <= i < found.end and w not in STOPWORDS and w not in COMPARE_WORDS and w not in LOOKUP_WORDS
    ]
    return (" ".join(rest),) if rest and all(is_unknown_name(w) for w in rest) else ()


def asks_where_to_begin(words: list[str]) -> bool:
    """Whether the question asks where to begin or what is out there: "where do i start?", "what's out there for
    real-time services": a broad ask, whatever else it says."""
    joined = " ".join(words)
    return any(phrase in joined for phrase in _WHERE_TO_BEGIN)


_WHERE_TO_BEGIN = (
    "where do i start",
    "where do i begin",
    "where should i start",
    "where to start",
    "where to begin",
    "out there",
    "what are my options",
    "what are the options",
    "what are the choices",
    "whats there",
    "what is there",
    "what s there",
)
