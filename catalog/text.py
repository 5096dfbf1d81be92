"""Words for the answer engine: splitting text into tokens, folding word forms, and the words that carry no meaning.

Kept apart from the engine so the same folding is applied to the catalog when the index is built and to every
question, and so it can be tested on its own. Plain functions, no state.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters and digits; "c++" or "i/o" become separate pieces, which is what matching wants.
_TOKEN = re.compile(r"[a-z0-9]+")

# Words that say nothing about what a person is after. Question words are kept out of purpose search, so
# "what should I use for dashboards" is searched as "dashboards". "python" is here because every entry of a
# catalog of Python frameworks is about Python: the word tells nothing ("a python web framework").
STOPWORDS = frozenset(
    """
a about above after again all also am an and any anything are as at be been being best better between both but
by can could did do does doing done each else etc even ever every for from get gets getting give go going good
got had has have having he her here hers him his how i if in into is it its itself just like likely lot lots me
might mine more most much must my need needs new no nor not now of off ok okay on one only or other our out over
own please pls plz really recommend recommended recommendation right same say see she should show so some
something somebody someone such suggest sure tell than thank thanks that the their them then there these they
thing things this those through to too try trying u under up us use used uses using very via want wanted wants
was way ways we well were what whats when where which while who whom why will with would yes you your yours
know knows let lets looking look find help me choose pick make makes making made turn turns option options tool
tools tooling thing stuff kind sort either
should shall may idea ideas question questions answer answers time times hi hello hey s t re ll d ve m
besides except excluding beyond apart aside works working worked
isn aren wasn weren don doesn didn won wouldn shouldn couldn hasn haven hadn ain non ish
choosing chose chosen picking consider considering next first
people folks guys anyone everyone everybody anybody somebody team
few several couple gives giving main popular common major top famous usual typical mainstream
programming coding code developer developers programmer programmers
rid replace replacing instead later once soon asap ask asking exactly
choice choices alternative alternatives recommendations suggestions equivalent equivalents
build builds building create creates creating develop developing write writes writing
quarter year years month months week weeks day today tomorrow yesterday project projects company colleague boss
python py
set setup development dev
solid decent nice great handy useful cool awesome favorite favourite preferred proper sane reasonable sensible
y ya em wanna gonna gotta without w kinda sorta worth put recs rec smth sth r capable friendly themselves
suit suits suited suitable fit fits fitting keep keeps keeping straight basically literally myself itself ourselves
knowing
software coworker coworkers colleagues teammate teammates manager managers stakeholders
exec execs executives leadership management mgmt ceo cto vp pm pms
deadline deadlines eod eow
wat ppl im ur tho yall idk imo guy gal
lol lmao lmfao rofl haha hahaha hehe tbh fwiw afaik btw imho omg ngl fyi iirc hmm yeah yep nope ugh meh welp smh
replacement replacements land
stack stacks focused
""".split()
)

# Words that ask for a name rather than describe a purpose: "tell me about X", "docs for X", "what is X".
LOOKUP_WORDS = frozenset(
    """
about tell explain docs doc documentation documentations info information details detail link links page
website site homepage manual guide tutorial tutorials started start starting begin beginning intro
introduction learn overview reference
is whats what who describe show me please pls plz the a an for on of to with do i can you get good any
feature features pros cons version versions release releases latest maintained
example examples read reading changelog url urls repo repository github
""".split()
)

# Words that ask for two or more entries side by side.
COMPARE_WORDS = frozenset(
    "vs v versus compare comparing comparison compared or difference differences differ "
    "between against than better worse and which".split()
)

# Words that ask for a listing or about the catalog as a whole: "list", "which frameworks do you cover?".
LIST_FILLER = frozenset(
    """
list ls show me all every everything the what which do you know have are there available of your entries entry
catalog catalogue options please pls in give category categories kind kinds types framework frameworks tool tools
technology technologies library libraries thing things can i see get a for with is tell about whats s
cover covered support supported familiar whole entire full complete offer include included contain python py pythons
information info knowledge topic topics subject subjects area areas many toolkit toolkits
overview exist exists pyfw bot guide lib libs module modules stack stacks section sections ones side candidates
lineup bucket roster landscape gimme ur u chance mind
""".split()
)


def is_number(word: str) -> bool:
    """A number, also as people write counts: "10k", "2x", "1990s". It says how many, not what."""
    return _NUMBER.fullmatch(word) is not None


_NUMBER = re.compile(r"[0-9]+(?:k|m|x|s)?")


def is_filler(word: str) -> bool:
    """A word about how people ask (not what they ask for): stopwords, look-up, comparison and listing words."""
    return word in STOPWORDS or word in LOOKUP_WORDS or word in COMPARE_WORDS or word in LIST_FILLER


def fold(text: str) -> str:
    """Lower case without accents: 'Django' and 'DJANGO' and 'Djángo' are one word."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """The words of `text`, folded, in order; punctuation separates words, and words people run together are two
    ("webframeworks for python??")."""
    folded = fold(text)
    found = _TOKEN.findall(folded)
    if "webframework" in folded:  # (one look at the text, not at each word: the catalog's texts are many)
        return [part for word in found for part in _COMPOUNDS.get(word, (word,))]
    return found


_COMPOUNDS = {"webframework": ("web", "framework"), "webframeworks": ("web", "frameworks")}


def compact(text: str) -> str:
    """A name with everything but letters and digits removed: 'Fast-API' and 'fast api' are both 'fastapi'."""
    return "".join(tokens(text))


@lru_cache(maxsize=1 << 16)  # a catalog and its questions use a few thousand words, again and again
def stem(word: str) -> str:
    """A crude but consistent root, so 'tasks', 'scheduling', 'scheduled' and 'schedule' meet.

    Only suffixes are stripped and only from words long enough to keep a root; the result need not be a word,
    it only has to be the same for the forms of one word. Applied to catalog and question alike.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement, minimum in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= minimum:
            word = word[: len(word) - len(suffix)] + replacement
            if suffix in ("ing", "ings", "ed", "ers") and len(word) > 3 and _DOUBLED_END.search(word):
                word = word[:-1]  # 'mapping' -> 'map', 'shipped' -> 'ship'
            break
    # A second, shorter pass for words like 'visualizations' -> 'visualization' -> 'visualiz'.
    for suffix, replacement, minimum in _SECOND:
        if word.endswith(suffix) and len(word) - len(suffix) >= minimum:
            return word[: len(word) - len(suffix)] + replacement
    return word


# Longest first within each pass; (suffix, replacement, shortest root kept).
_SUFFIXES = (
    ("isations", "iz", 3),
    ("isation", "iz", 3),
    ("ations", "", 4),
    ("ation", "", 4),
    ("ings", "", 3),
    ("ing", "", 3),
    ("ities", "", 3),
    ("ity", "", 4),
    ("ies", "y", 2),
    ("ied", "y", 2),
    ("ses", "s", 3),
    ("xes", "x", 2),
    ("ches", "ch", 2),
    ("shes", "sh", 2),
    ("ers", "", 4),
    ("ed", "", 3),
    ("ss", "ss", 0),
    ("us", "us", 0),
    ("is", "is", 4),
    ("s", "", 3),
)
_SECOND = (
    ("ation", "", 4),
    ("ability", "", 3),
    ("ible", "", 4),
    ("able", "", 4),
    ("ment", "", 4),
    ("ily", "y", 3),
    ("ly", "", 4),
    ("est", "", 4),
    ("er", "", 4),
    ("ize", "iz", 3),
    ("ise", "iz", 3),
    ("is", "is", 4),
    ("ate", "", 5),
    ("at", "", 5),
    ("e", "", 3),
)


def sound(word: str) -> str:
    """A rough spoken form, so misspellings by ear meet the name: 'grafene' and 'graphene', 'selery' and 'celery'.

    Letters that sound alike are folded (ph/f, c/k/s, q/k, z/s, y/i) and doubled letters are written once.
    """
    word = word.replace("ph", "f").replace("ck", "k").replace("q", "k").replace("z", "s")
    word = _SOFT_C.sub("s", word).replace("c", "k").replace("y", "i")
    return _DOUBLE.sub(r"\1", word)


_DOUBLED_END = re.compile(r"([b-df-hj-km-np-rtv-z])\1$")  # a doubled consonant other than l, s
_SOFT_C = re.compile(r"c(?=[eiy])")
_DOUBLE = re.compile(r"(.)\1+")
