"""What well-known tools of other stacks are, in the catalog's words. A team leaving Rails for Python, or asking
for "the python equivalent of hibernate", asks for a web framework or an ORM, but the guide never names Rails or
Hibernate: the bot reads such a tool, where it is only where the asker comes from or what they want Python's like,
as the kind of tool it is. Named as what is asked about ("rails vs laravel?"), it stays a thing the catalog lacks."""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from catalog.context_words import LANGUAGE, LEAVING, WHO_OR_WHERE, a_reference, left_behind, moves_to_python
from catalog.question_words import ELSEWHERE, sentences_of

# One word each, as the question reads it (catalog.idiom_table joins "power bi", "entity framework", "r shiny"),
# with the one word the catalog uses for that kind of tool. (Not tools that have Python bindings or are Python
# themselves, like GTK or Superset: "gtk for python?" asks for GTK.)
_KINDS = {
    "micro": "sinatra javalin",  # the small ones
    "backend": """
rails laravel symfony spring springboot express expressjs nestjs aspnet codeigniter cgi struts servlet servlets
micronaut quarkus ktor gin actix phoenix fastify koa hapi cakephp yii grails hanami adonisjs cowboy oak
""",
    "orm": """
hibernate activerecord eloquent doctrine gorm sequelize typeorm prisma jpa mybatis dapper entityframework efcore
""",
    "desktop": "winforms wpf winui maui avalonia swing javafx electron tauri vcl delphi vb6 cocoa",
    "dashboard": "rshiny flexdashboard tableau powerbi looker metabase",
    "websocket": "signalr actioncable netty ratchet pusher phoenixchannels",
    "background": "sidekiq resque hangfire bull bullmq delayedjob activejob quartz",
    "graphql": "apollo hotchocolate",
}
KIND_OF = {tool: kind for kind, tools in _KINDS.items() for tool in tools.split()}
# Words that only say "Python's like the tool next to it": said with the tool's kind, they say nothing more.
_SAYING_LIKE = frozenset(
    "equivalent equivalents equiv equivs counterpart counterparts replacement replacements like style ish esque".split()
)
# The long ones, which people misspell by up to two letters.
_LONG = 8
_LONG_LIKES = sorted(word for word in _SAYING_LIKE if len(word) >= _LONG)
# ... and words after a tool that ask for Python's like it ("hibernate alternatives in python", "want python instead").
_LIKE_IT = _SAYING_LIKE | {"alternative", "alternatives", "instead"}
# Words that finish a tool's name: "spring boot", "entity framework core", "express js".
_NAME_TAILS = frozenset({"boot", "mvc", "webflux", "core", "js"})
# ... and words after it saying what kind of tool it is: "quartz scheduler equivalent", "sinatra but for python".
_SAID_OF_IT = _NAME_TAILS | {"scheduler", "framework", "orm", "gem", "library", "lib", "package", "queue", "but"}
# Words after "the python" asking for its like: "what's the python thing" (but "not a python thing i know").
_PYTHON_ONES = frozenset({"thing", "analog", "analogue", "answer"})
# Said of a tool named before: "what's like that in python" (but "i like that python has notebooks").
_LIKE_THAT = frozenset({"that", "this", "it", "those"})
_LIKING = frozenset({"d", "would", "i", "we", "you", "they", "really", "also", "just"})
# Words that join tools written together ("tableau / power bi" reads "tableau the powerbi").
_JOINING = frozenset({"the", "and", "or", "a"})
# Words after a tool saying it is being left: "java swing app from 2006 needs a rewrite".
_BEING_LEFT = frozenset(
    "rewrite rewritten rewriting replaced replacing retired retiring phased sunset sunsetting deprecated".split()
)
_TOWARDS = frozenset({"to", "for", "with", "into", "onto"})
# Words right before a tool (or one word before it: "used to build wpf apps") saying the asker knows it.
_KNOWING = frozenset({("used", "to"), ("ive", "used"), ("ve", "used"), ("we", "use"), ("we", "used")})
# Words after which a question says what an equivalent is for or in: "sidekiq equivalent for go", "tableau
# equivalent in r", "electron equivalent for the web".
_FOR_WHAT = frozenset({"for", "in", "with", "using", "on", "written"})


def said_as_kinds(words: list[str], text: str) -> list[str]:
    """The question's words with each tool of another stack that is only context said as its kind, and the words
    near it that only made it context dropped ("equivalent", "user" after it, the language before it): "hibernate
    equivalent in python?" reads "orm in python?", "a java spring guy" "a backend". `text`: what the words were read
    from, whose sentences bound a tool's cue and the tools that are one background ("express / rails", but not
    "coming from rails; laravel or symfony?"). As many words as before, so positions found in the question hold."""
    if not KIND_OF.keys() & set(words):
        return words
    words = [_as_spelt(word) for word in words]
    sentences = sentences_of(text)  # (only for a question naming such a tool)
    python_like = _asks_pythons_like(words)
    context = {
        position
        for position, word in enumerate(words)
        if word in KIND_OF
        and (
            python_like
            or left_behind(*_own_sentence(words, sentences, position))
            or moves_to_python(words, position)
            or _left_here(words, position)
            or a_reference(words, position)
            or _python_like(words, position)
            or _left_after(words, position)
        )
    }
    while grown := {
        near
        for position in context
        for near in _neighbours(words, position)
        if near not in context
        and words[near] in KIND_OF
        and _sentence(sentences, near) == _sentence(sentences, position)
    }:
        context |= grown
    if not context:
        return words
    said = list(words)
    if python_like:  # "python equivalent?"
        for at in range(1, len(words)):
            if words[at - 1] in LANGUAGE and words[at] in _SAYING_LIKE:
                said[at] = "the"
    for position in sorted(context):
        said[position] = KIND_OF[words[position]]
        for before in (position - 2, position - 1):
            if (
                before >= 0
                and before not in context
                and (words[before] in LEAVING or before == position - 1 and words[before] in ELSEWHERE)
            ):
                said[before] = "the"  # "leaving laravel", "java servlets", "php codeigniter"
        after = position + 1
        if after < len(words) and after not in context and words[after] in WHO_OR_WHERE | _NAME_TAILS | ELSEWHERE:
            said[after] = "the"  # "R shiny user", "spring boot", "doctrine (php)"
        # its language said after it: "bullmq in node -> python", "entity framework is what we use in .net", "we
        # use prisma on the node side"
        for at in range(after, min(len(words) - 1, position + 8)):
            language = at + 1 if words[at] == "in" else at + 2 if words[at : at + 2] == ["on", "the"] else None
            if (
                language is not None
                and language < len(words)
                and words[language] in ELSEWHERE
                and language not in context
            ):
                said[language] = "the"
                break
        # "hibernate equivalent", "doctrine (php) equivalent", "equivalent of the entityframework"
        for near in _saying_like_it(words, position):
            said[near] = "the"
    return said


def _as_spelt(word: str) -> str:
    """A long like-word as meant, however it was typed: "equivilent", "equivelant", "replacment" (read before the
    engine corrects misspellings, which comes after names are found)."""
    if len(word) < _LONG or word in _SAYING_LIKE or not word.isalpha():
        return word
    hit = process.extractOne(word, _LONG_LIKES, scorer=OSA.distance, score_cutoff=2)
    return word if hit is None else hit[0]


def _saying_like_it(words: list[str], position: int) -> list[int]:
    """Where the like-words said of the tool at `position` are: right after it (past its name's tail or language,
    "express js equivalents"), or right before it (past "of", "to", "the": "counterpart of the entity framework")."""
    found = []
    after = position + 1
    while after < len(words) and after <= position + 2 and (words[after] in _SAID_OF_IT or words[after] in ELSEWHERE):
        after += 1
    if after < len(words) and words[after] in _SAYING_LIKE:
        found.append(after)
    before = position - 1
    while before >= 0 and before >= position - 2 and words[before] in ("of", "to", "the", "for"):
        before -= 1
    if before >= 0 and words[before] in _SAYING_LIKE:
        found.append(before)
    return found


def _own_sentence(words: list[str], sentences: list[int], position: int) -> tuple[list[str], int]:
    """The words of the sentence holding `position`, and where it is in them: "coming from rails; laravel or symfony?"
    comes from rails only."""
    own = _sentence(sentences, position)
    start, end = position, position + 1
    while start > 0 and _sentence(sentences, start - 1) == own:
        start -= 1
    while end < len(words) and _sentence(sentences, end) == own:
        end += 1
    return words[start:end], position - start


def _sentence(sentences: list[int], position: int) -> int:
    return sentences[position] if position < len(sentences) else -1


def _neighbours(words: list[str], position: int) -> list[int]:
    """The nearest words on either side of `position` that are not only joining words."""
    found = []
    for step in (-1, 1):
        near = position + step
        while 0 <= near < len(words) and words[near] in _JOINING:
            near += step
        if 0 <= near < len(words):
            found.append(near)
    return found


def _left_here(words: list[str], position: int) -> bool:
    """Whether the words before the tool say the asker leaves it ("leaving laravel", "ditching a 12yo symfony app",
    but "leaving spring for quarkus" goes to quarkus) or, in a question about Python, knows it ("used to koa", "ive
    used rails", "used to build wpf apps", "we use entity framework", "X is what we use")."""
    before = words[max(0, position - 4) : position]
    leaving = [at for at, word in enumerate(before) if word in LEAVING]
    if leaving and not _TOWARDS.intersection(before[leaving[-1] + 1 :]):
        return True
    knows = any(pair in _KNOWING for pair in (tuple(before[-2:]), tuple(before[-3:-1])))
    after = [word for word in words[position + 1 : position + 5] if word not in _NAME_TAILS]
    return (knows or after[:3] == ["is", "what", "we"]) and bool(LANGUAGE.intersection(words))


def _asks_pythons_like(words: list[str]) -> bool:
    """Whether the question asks for Python's like of whatever tool it names: "a python equivalent for our power bi
    reports", "want python instead", "what's the python thing", "what's like that in python", "hangfire recurring
    jobs but python?"."""
    if any(w in LANGUAGE and n in _LIKE_IT for w, n in zip(words, words[1:], strict=False)):
        return True
    if any(
        words[at - 1 : at + 1] == ["the", "python"] and words[at + 1] in _PYTHON_ONES for at in range(1, len(words) - 1)
    ):
        return True
    if LANGUAGE.intersection(words) and _like_that(words):
        return True
    return any(
        word == "but"
        and (words[at + 1 : at + 2] == ["python"] or words[at + 1 : at + 3] in (["for", "python"], ["in", "python"]))
        for at, word in enumerate(words)
    )


def _like_that(words: list[str]) -> bool:
    """Whether the question asks for the like of what it said before: "what's like that in python" (but "i'd like
    that")."""
    return any(
        word == "like" and words[at + 1] in _LIKE_THAT and not _LIKING.intersection(words[at - 1 : at])
        for at, word in enumerate(words[:-1])
    )


def _left_after(words: list[str], position: int) -> bool:
    """Whether a word after the tool says it is being left, in a question about Python: "java swing app from 2006
    needs a rewrite, py gui libs??", "power bi is being phased out here, python options?"."""
    return bool(LANGUAGE.intersection(words)) and bool(_BEING_LEFT.intersection(words[position + 1 : position + 7]))


def _python_like(words: list[str], position: int) -> bool:
    """Whether words around the tool at `position` ask for Python's like it: "a hibernate equivalent in python",
    "sinatra-style api in python", "express.js equivalents in python", "doctrine (php) equivalent", "hangfire for
    python?", "the resque of python", "the python answer to java swing", "a python version of tableau"."""
    after = [word for word in words[position + 1 : position + 5] if word not in _SAID_OF_IT and word not in ELSEWHERE]
    if len(after) >= 2 and after[0] in ("for", "of", "in") and after[1] in LANGUAGE:
        return True
    if not LANGUAGE.intersection(words):
        # asked of this bot with no other stack named, an equivalent is Python's: "/pyfw spring boot equivalent"
        others = [at for at, word in enumerate(words) if word in ELSEWHERE or word in KIND_OF]
        # (but its own language beside it: "java spring equivalent"), unless it says for what: "... for go", "in r"
        if not (after and after[0] in _SAYING_LIKE) or _FOR_WHAT.intersection(words[position + 1 :]):
            return False
        return all(abs(at - position) <= 2 for at in others)
    before = [word for word in words[max(0, position - 5) : position] if word != "the"][-3:]
    asked_like = any(pair in (("answer", "to"), ("version", "of")) for pair in zip(before, before[1:], strict=False))
    return asked_like or bool(after) and after[0] in _LIKE_IT
