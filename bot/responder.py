"""What pyfw says: text from a slash command, a mention or a DM -> a Reply. Shared by Slack and the console chat.

The listeners in `bot.listeners` and `pyfw chat` both call a `Responder`, so the terminal shows exactly what Slack
would. Routing: the first word may name a subcommand in `Responder.subcommands` (today `help`); anything else goes
to the answer engine.

Link health (`bot.links.LinkWatch`, given as `links=`): the `links` subcommand, the App Home section
(`link_health`), and warnings on entry cards. Replies to plain questions are cached per text AND per the current
card warnings, which LinkWatch reads through a short TTL cache, so a link turning broken shows within that TTL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from slack_sdk.models.blocks import Block

from bot.blocks import Reply, card_reply, compare_reply, error_reply, help_reply, home_blocks, render_answer
from bot.learning_blocks import curator_gaps, shown_names, with_votes
from bot.links import NO_NOTES, LinkWatch, Notes
from catalog.answer import Answer
from catalog.engine import AnswerEngine
from catalog.model import Catalog
from learning.loop import LearningLoop, Surface

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Asker:
    """Who asked, where, and where a later answer can go (a slash command's response_url); empty in the console."""

    user_id: str | None = None
    channel_id: str | None = None
    response_url: str | None = None


# A subcommand: the rest of the text after its name, and who asked -> the reply.
Subcommand = Callable[[str, Asker], Reply]
# The link watcher's hook: blocks for the App Home (None until the link watcher exists).
HomeSection = Callable[[], Sequence[Block]]

CACHED_REPLIES = 4096
CACHED_TEXT_LENGTH = 200  # longer texts are rare and not worth keeping

LEADING_MENTIONS = re.compile(r"^\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*)+")


class Responder:
    """Answers for one catalog. Cheap to call from many threads: the engine's index is built once here."""

    def __init__(
        self,
        catalog: Catalog,
        engine: AnswerEngine | None = None,
        link_health: HomeSection | None = None,
        links: LinkWatch | None = None,
        learning: LearningLoop | None = None,
    ) -> None:
        self.catalog = catalog
        self.engine = engine or AnswerEngine(catalog)
        self.links = links
        self.learning = learning  # records what was not answered confidently; votes (learning/)
        self.link_health = link_health or (links.home_section if links else None)
        # OAuth mode's App Home section for the workspace it is shown in (bot.oauth: the report channel select).
        self.workspace_section: Callable[[str | None], Sequence[Block]] | None = None
        self.subcommands: dict[str, Subcommand] = {"help": lambda rest, asker: help_reply(self.catalog)}
        if links:
            self.subcommands["links"] = lambda rest, asker: links.command(rest, asker.response_url)
        # A reply depends only on the text and the card warnings (the catalog never changes in a running process),
        # and people ask the same short questions again and again: those are answered from this cache
        # (bench/bench_web.py).
        self._cached = lru_cache(maxsize=CACHED_REPLIES)(self._answer)

    def command(
        self, text: str, *, share: bool = True, asker: Asker = Asker(), surface: Surface = Surface.SLASH
    ) -> Reply:
        """The reply to `/pyfw TEXT` (shown to the asker first, so `share` offers a "Share in channel" button)."""
        try:
            first, _, rest = text.strip().partition(" ")
            subcommand = self.subcommands.get(first.casefold())
            if subcommand:  # never cached: a subcommand may answer from data that changes
                return subcommand(rest.strip(), asker)
        except Exception:  # one bad answer must not take the request down; the log has the details
            log.exception("answering %r failed", text[:200])
            return error_reply()
        return self.answer(text, share=share, surface=surface)

    def answer(self, text: str, *, share: bool = True, surface: Surface = Surface.SLASH) -> Reply:
        """The answer engine's reply to `text`, never a subcommand (a message's text, an example question)."""
        try:
            notes = self._notes()
            cached = len(text) <= CACHED_TEXT_LENGTH
            reply, answer = self._cached(text, share, notes) if cached else self._answer(text, share, notes)
            if self.learning and not answer.confident:  # queued for a background thread: never waits on Redis
                self.learning.record(text, surface, answer.answered)
            return reply
        except Exception:  # one bad answer must not take the request down; the log has the details
            log.exception("answering %r failed", text[:200])
            return error_reply()

    def _answer(self, text: str, share: bool, notes: Notes) -> tuple[Reply, Answer]:
        answer = self.engine.answer(text)
        reply = render_answer(answer, self.catalog, share=share, notes=dict(notes))
        if self.learning:
            reply = with_votes(reply, self.learning.vote_value(text, shown_names(answer)))
        return reply, answer

    def _notes(self) -> Notes:
        return self.links.card_notes() if self.links else NO_NOTES

    def message(self, text: str, surface: Surface = Surface.MENTION) -> Reply:
        """The reply to a mention or DM: the same answers, without leading @-mentions and already public."""
        return self.command(LEADING_MENTIONS.sub("", text), share=False, surface=surface)

    def show(self, names: Sequence[str], *, share: bool) -> Reply:
        """A card (one name) or a comparison (several), by exact entry names, as a button asked for it."""
        entries = [e for e in (self.catalog.get(name) for name in names) if e]
        if not entries:
            return self.command(" ".join(names), share=share)
        if len(entries) == 1:
            return card_reply(entries[0], share=share, note=dict(self._notes()).get(entries[0].name))
        return compare_reply(entries, share=share)

    def home(self, user_id: str | None = None, team_id: str | None = None) -> list[Block]:
        """The App Home tab's blocks: for the workspace `team_id` (its report channel, in OAuth mode) and for
        `user_id` (curators also see the gaps)."""
        extra = list(self.link_health()) if self.link_health else []
        extra += list(self.workspace_section(team_id)) if self.workspace_section else []
        extra += curator_gaps(self.learning, user_id)
        return home_blocks(self.catalog, extra)
