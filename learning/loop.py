"""The learning loop for the shells: record what was not answered confidently, sign and count votes, read gaps.

`LearningLoop(settings)` is all the bot and the CLI hold. Without REDIS_URL it records nothing and offers no vote
buttons; without a Slack secret (the console chat) it records but offers no vote buttons.
"""

from __future__ import annotations

import logging
from enum import StrEnum

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from common.settings import Settings
from learning import gaps
from learning.grouping import Group, group
from learning.recorder import Recorder
from learning.votes import Outcome, VoteKeys, count_vote

log = logging.getLogger(__name__)

TIMEOUT = 0.5  # seconds for any Redis call of the loop: a vote's "thanks" and the App Home never wait longer


class Surface(StrEnum):
    """Where a question was asked (what a curator sees instead of who asked)."""

    SLASH = "slash"
    MENTION = "mention"
    DM = "dm"
    CONSOLE = "console"
    SHORTCUT = "shortcut"  # "Ask pyfw about this" on a message
    HOME = "home"  # an example question clicked in the App Home or the DM introduction
    VOTE = "vote"


class Unavailable(Exception):
    """Redis is not configured or cannot be reached."""


def connect(redis_url: str) -> redis.Redis:
    """A client that fails fast (no retries, short timeouts): the loop is never worth waiting for."""
    return redis.Redis.from_url(
        redis_url,
        decode_responses=True,
        socket_timeout=TIMEOUT,
        socket_connect_timeout=TIMEOUT,
        retry=Retry(NoBackoff(), 0),
    )


class LearningLoop:
    """Safe to share between threads; recording never blocks and never raises."""

    def __init__(self, settings: Settings, client: redis.Redis | None = None) -> None:
        self.limits = gaps.Limits.from_settings(settings)
        self.curators = frozenset(settings.curators)
        self.client = client or (connect(settings.redis_url) if settings.redis_url else None)
        secret = settings.slack_signing_secret or settings.slack_app_token
        self.keys = VoteKeys(secret) if secret and self.client is not None else None
        self.recorder = Recorder(self._write) if self.client is not None else None

    def record(self, question: str, surface: Surface | str, answered: bool) -> None:
        """Note a question answered with less than high confidence (`answered`: "best matches" rather than none)."""
        if self.recorder is not None and question.strip():
            kind = gaps.Kind.UNSURE if answered else gaps.Kind.NONE
            # a 1 MB question waits in the queue as its first few thousand characters (only 300 are kept)
            self.recorder.submit((question[: 20 * gaps.TEXT_KEPT], str(surface), kind))

    def vote_value(self, question: str, shown: tuple[str, ...]) -> str | None:
        """The signed value for an answer's 👍/👎 buttons; None when votes cannot be taken here."""
        return self.keys.value(question, shown) if self.keys and shown and question.strip() else None

    def vote(self, value: str, user_id: str, up: bool) -> Outcome:
        """Count a click once per person and answer; a 👎 makes the question a gap. Raises Unavailable."""
        voted = self.keys.read(value) if self.keys else None
        if voted is None or not user_id:
            return Outcome.REFUSED
        voter = self.keys.voter(user_id)
        try:
            outcome = count_vote(self.client, voted, voter, up, self.limits.retention_seconds)
            if outcome is not Outcome.ALREADY:
                event = f"{voter[:16]}{voted.answer_id[:8]}"  # one 👎 per person and answer among the gap events
                if up:
                    gaps.forget_event(self.client, voted.question, gaps.Kind.DOWN, Surface.VOTE, event)
                else:
                    gaps.record(self.client, voted.question, Surface.VOTE, gaps.Kind.DOWN, self.limits, event=event)
        except redis.RedisError as exc:
            raise Unavailable(str(exc)) from None
        return outcome

    def is_curator(self, user_id: str | None) -> bool:
        return bool(user_id) and user_id in self.curators

    def groups(self, since: float | None = None, most_asked: int | None = None) -> list[Group]:
        """Unanswered and 👎 questions grouped by similarity, biggest first; `most_asked` groups only that many of
        the most asked questions (grouping is quadratic: 5,000 distinct questions take seconds, 500 a few ms).
        Raises Unavailable."""
        if self.client is None:
            raise Unavailable("REDIS_URL is not set")
        try:
            return group(gaps.read(self.client, self.limits, since=since)[:most_asked])
        except redis.RedisError as exc:
            raise Unavailable(str(exc)) from None

    def flush(self, timeout: float = 2.0) -> None:
        """Give queued records a moment to reach Redis (before a short-lived process such as `pyfw chat` exits)."""
        if self.recorder is not None:
            self.recorder.wait_idle(timeout)

    def _write(self, batch: list[tuple[str, str, gaps.Kind]]) -> None:
        gaps.record_many(self.client, batch, self.limits)
