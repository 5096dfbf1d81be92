"""Onboarding: what a person sees the first time they open pyfw's App Home, and the same introduction in a DM.

The first visit shows a welcome (what pyfw does, in two lines) above example questions; a click on an example
answers it in place (the Home is updated with that answer at the top). Who has seen the welcome is remembered in
a Redis set (`pyfw:home:welcomed`); without Redis, or while it cannot be reached, each process remembers on its
own, so a person may see the welcome again after a restart, never an error.

The Home is put together in `home_view_blocks`, one call line per section.
"""

from __future__ import annotations

import logging
import threading
from weakref import WeakKeyDictionary

import redis
from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, DividerBlock, PlainTextObject

from bot.blocks import MAX_HOME_BLOCKS, NO_MARKUP, Reply, context_block, fit_plain, section_block
from bot.responder import LEADING_MENTIONS, Responder
from common.mrkdwn import cut, fit, one_line
from learning.loop import Surface

log = logging.getLogger(__name__)

WELCOMED_KEY = "pyfw:home:welcomed"
EXAMPLE_ACTION = "pyfw_example"
# Questions that each get one answer (a card or a comparison), so the answer shown in the Home needs no button;
# tests/test_onboarding.py keeps them so.
EXAMPLES = (
    "how do I run tasks in the background?",
    "flask vs django",
    "an ORM for my database",
    "I need a fast API with automatic docs",
)
WELCOME = (
    "👋 *Welcome to pyfw.* I answer questions about Python frameworks and tools from a curated catalog: "
    "a framework's card, a comparison, or the best matches for what you need.\n"
    "Ask with `/pyfw`, mention @pyfw in a channel, message me here, or use *Ask pyfw about this* on any message; "
    "I also keep the catalog's docs links checked."
)
INTRO_TEXT = "pyfw answers questions about Python frameworks: try an example, or /pyfw help for every command."


class Visitors:
    """Who has seen the welcome: a Redis set, or this process's memory when there is no Redis to ask."""

    def __init__(self, store: redis.Redis | None) -> None:
        self.store = store
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._warned = False

    def first_visit(self, user_id: str) -> bool:
        """True once per person: the first time they are asked about (and then never again)."""
        if self.store is not None:
            try:
                return bool(self.store.sadd(WELCOMED_KEY, user_id))
            except redis.RedisError as exc:
                if not self._warned:
                    log.warning("cannot remember who saw the App Home welcome (Redis): %s", exc)
                    self._warned = True
        with self._lock:
            if user_id in self._seen:
                return False
            self._seen.add(user_id)
            return True


def welcome_blocks() -> list[Block]:
    """The first-visit welcome: what pyfw does, in two lines."""
    return [section_block(WELCOME)]


def examples_blocks() -> list[Block]:
    """Example questions as buttons; a click answers the question where it was clicked."""
    buttons = [
        ButtonElement(
            text=PlainTextObject(text=cut(question, 75), emoji=False),
            action_id=f"{EXAMPLE_ACTION}_{index}",
            value=question,
            accessibility_label=cut(f"Ask pyfw the example question: {question}", 75),
        )
        for index, question in enumerate(EXAMPLES)
    ]
    return [context_block("*Try an example* (the answer shows here):"), ActionsBlock(elements=buttons)]


def answer_blocks(question: str, reply: Reply) -> list[Block]:
    """An answer shown in the Home, under the question it answers."""
    asked = context_block(f"*You asked:* _{fit(one_line(question), 200)}_")
    return [asked, *reply.blocks, DividerBlock()]


def home_view_blocks(
    responder: Responder,
    user_id: str,
    *,
    first_visit: bool,
    question: str | None = None,
    reply: Reply | None = None,
    team_id: str | None = None,
) -> list[Block]:
    """The whole App Home for `user_id`: the welcome (first visit), an example's answer, the examples, then the
    catalog and link health (`Responder.home`)."""
    blocks: list[Block] = []
    if first_visit:
        blocks += welcome_blocks()
    if question is not None and reply is not None:
        blocks += answer_blocks(question, reply)
    blocks += examples_blocks()
    blocks += responder.home(user_id, team_id)  # the catalog, link health, the workspace, curators' gaps
    return blocks[:MAX_HOME_BLOCKS]


def home_for(user_id: str, responder: Responder, team_id: str | None = None) -> list[Block]:
    """The App Home for `user_id` opening it (in workspace `team_id`): with the welcome the first time only."""
    first_visit = visitors_of(responder).first_visit(user_id)
    return home_view_blocks(responder, user_id, first_visit=first_visit, team_id=team_id)


def introduction(responder: Responder) -> Reply:
    """The DM answer to "help" or nothing: the welcome, the examples, the categories."""
    catalog = responder.catalog
    categories = ", ".join(f"{fit(c, 100)} ({len(catalog.in_category(c))})" for c in catalog.categories)
    blocks: list[Block] = [
        *welcome_blocks(),
        *examples_blocks(),
        context_block(fit_plain(f"Catalog: {len(catalog)} entries — {categories}", 1900)),
        context_block("`/pyfw help` lists every command; the App Home tab shows the catalog and link health."),
    ]
    return Reply(INTRO_TEXT.translate(NO_MARKUP), tuple(blocks))


def dm_reply(text: str, responder: Responder) -> Reply:
    """A direct message's answer: the introduction for "help" or nothing, else what the engine says."""
    if strip_mentions(text).strip().strip("?!. ").casefold() in ("", "help", "hi", "hello"):
        return introduction(responder)
    return responder.message(text, surface=Surface.DM)


def strip_mentions(text: str) -> str:
    return LEADING_MENTIONS.sub("", text)


_VISITORS: WeakKeyDictionary[Responder, Visitors] = WeakKeyDictionary()
_VISITORS_LOCK = threading.Lock()


def visitors_of(responder: Responder) -> Visitors:
    """The Visitors of a responder's app (one per process), on the Redis its link watch reads."""
    with _VISITORS_LOCK:
        visitors = _VISITORS.get(responder)
        if visitors is None:
            visitors = _VISITORS[responder] = Visitors(responder.links.store if responder.links else None)
        return visitors
