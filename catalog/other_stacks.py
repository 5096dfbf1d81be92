"""What well-known tools of other stacks are, in the catalog's words. A team leaving Rails for Python, or asking
for "the python equivalent of hibernate", asks for a web framework or an ORM, but the guide never names Rails or
Hibernate: the bot reads such a tool, where it is only where the asker comes from or what they want Python's like,
as the kind of tool it is. Named as what is asked about ("rails vs laravel?"), it stays a thing the catalog lacks."""

from __future__ import annotations

from catalog.context_words import LANGUAGE, LEAVING, WHO_OR_WHERE, a_reference, left_behind
from catalog.question_words import ELSEWHERE

# One word each, as the question reads it (catalog.idiom_table joins "spring boot", "socket.io", "power bi"), with
# the one word the catalog uses for that kind of tool.
_KINDS = {
    "micro": "sinatra javalin",  # the small ones
    "backend": """
rails laravel symfony spring springboot express expressjs nestjs aspnet codeigniter cgi struts servlet servlets
micronaut quarkus ktor gin actix phoenix fastify koa hapi cakephp yii grails hanami adonisjs cowboy oak
""",
    "orm": """
hibernate activerecord eloquent doctrine gorm sequelize typeorm prisma jpa mybatis dapper entityframework efcore
""",
    "desktop": "winforms wpf winui maui avalonia swing javafx electron tauri vcl delphi vb6 cocoa gtk",
    "dashboard": "shiny rshiny tableau powerbi looker metabase superset observable",
    "websocket": "signalr actioncable netty ratchet pusher phoenixchannels",
    "background": "sidekiq resque hangfire bullmq delayedjob activejob quartz",
    "graphql": "apollo hotchocolate",
}
KIND_OF = {tool: kind for kind, tools in _KINDS.items() for tool in tools.split()}
# Words that only say "Python's like the tool next to me": said with the tool's kind, they say nothing more.
_SAYING_LIKE = frozenset(
    "equivalent equivalents counterpart counterparts replacement replacements like style ish esque".split()
)
# Words that finish a tool's name: "spring boot", "entity framework core", "express js".
_NAME_TAILS = frozenset({"boot", "mvc", "webflux", "core", "js"})
_JOINING = frozenset({"the", "and", "or", "a"})
_BEING_LEFT = frozenset(
    "rewrite rewritten rewriting replaced replacing retired retiring phased sunset sunsetting deprecated".split()
)
_LIKE_IT = [[word] for word in _SAYING_LIKE | {"alternative", "alternatives", "instead"}]


def said_as_kinds(words: list[str]) -> list[str]:
    """The question's words with each tool of another stack that is only context said as its kind, and the words
    that only made it context dropped ("equivalent", "user" after it, the language before it): "hibernate
    equivalent in python?" reads "orm in python?", "a java spring guy" "a backend". As many words as before, so
    positions found in the question still hold."""
    if not KIND_OF.keys() & set(words):
        return words
    # "a python equivalent for our power bi reports", "want python instead": whatever tool it names is the reference.
    python_like = any(w in LANGUAGE and [n] in _LIKE_IT for w, n in zip(words, words[1:], strict=False))
    context = {
        position
        for position, word in enumerate(words)
        if word in KIND_OF
        and (
            python_like
            or left_behind(words, position)
            or a_reference(words, position)
            or _python_like(words, position)
            or _left_after(words, position)
        )
    }
    # Tools written together are one background: "express / rails", "servlets + struts shop".
    while grown := {
        near
        for position in context
        for near in _neighbours(words, position)
        if near not in context and words[near] in KIND_OF
    }:
        context |= grown
    if not context:
        return words
    said = list(words)
    for position in context:
        said[position] = KIND_OF[words[position]]
        for before in (position - 2, position - 1):
            if (
                before >= 0
                and before not in context
                and (words[before] in LEAVING or before == position - 1 and words[before] in ELSEWHERE)
            ):
                said[before] = "the"  # "leaving laravel", "java servlets", "php codeigniter"
        if position + 1 < len(words) and words[position + 1] in WHO_OR_WHERE | _NAME_TAILS | ELSEWHERE:
            said[position + 1] = "the"  # "R shiny user", "spring boot", "doctrine (php)"
    return ["the" if word in _SAYING_LIKE else word for word in said]


def _neighbours(words: list[str], position: int) -> list[int]:
    """The nearest words on either side of `position` that are not only joining words ("tableau / power bi" reads
    "tableau the powerbi")."""
    found = []
    for step in (-1, 1):
        near = position + step
        while 0 <= near < len(words) and words[near] in _JOINING:
            near += step
        if 0 <= near < len(words):
            found.append(near)
    return found


def _left_after(words: list[str], position: int) -> bool:
    """Whether a word after the tool says it is being left, in a question about Python: "java swing app from 2006
    needs a rewrite, py gui libs??", "power bi is being phased out here, python options?"."""
    return bool(LANGUAGE.intersection(words)) and bool(_BEING_LEFT.intersection(words[position + 1 : position + 7]))


def _python_like(words: list[str], position: int) -> bool:
    """Whether the tool at `position` is followed by words asking for Python's like it: "a hibernate equivalent in
    python", "sinatra-style api in python", "express.js equivalents in python", "doctrine (php) equivalent",
    "hangfire for python?"."""
    after = [word for word in words[position + 1 : position + 4] if word not in _NAME_TAILS and word not in ELSEWHERE]
    if after[:2] in ([linking, language] for linking in ("for", "of", "in") for language in LANGUAGE):
        return True  # "hangfire for python?", "the resque of python"
    return bool(LANGUAGE.intersection(words)) and after[:1] in _LIKE_IT
