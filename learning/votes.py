"""👍/👎 on an answer: button values pyfw signs, and one counted vote per person and answer.

A button value is `MAC.JSON`: the JSON names the answer (the question and the entries shown) and the MAC is an
HMAC-SHA256 over that JSON with a key derived from the app's Slack secret, so a value pyfw did not issue (changed,
made up, or malformed) counts nothing. People are kept only as a salted hash of their user id (HMAC with a second
key derived from the same secret, never stored in Redis: a copy of Redis alone does not say who voted). A person
votes once per answer; a second click on the other thumb switches the vote, on the same thumb it counts nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from enum import StrEnum

import redis

from learning.gaps import TEXT_KEPT

PREFIX = "pyfw:votes"
MAC_CHARS = 32  # 128 bits of HMAC-SHA256, hex
MAX_VALUE = 2000  # Slack's limit on a button value


_NO_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


class Outcome(StrEnum):
    COUNTED = "counted"  # a first vote on this answer
    SWITCHED = "switched"  # 👍 became 👎 or the other way round
    ALREADY = "already"  # the same vote again: counts nothing
    REFUSED = "refused"  # not a value pyfw issued, or no user: counts nothing


@dataclass(frozen=True)
class Voted:
    """An answer a button value names: the question and the entry names shown."""

    question: str
    shown: tuple[str, ...]

    @property
    def answer_id(self) -> str:
        data = json.dumps([" ".join(self.question.casefold().split()), list(self.shown)], ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8", "replace")).hexdigest()[:24]


class VoteKeys:
    """The two keys, both derived from one secret (the signing secret, or the app token in Socket Mode)."""

    def __init__(self, secret: str) -> None:
        self._mac = hmac.new(secret.encode(), b"pyfw votes: button values", hashlib.sha256).digest()
        self._salt = hmac.new(secret.encode(), b"pyfw votes: voter salt", hashlib.sha256).digest()

    def value(self, question: str, shown: tuple[str, ...]) -> str | None:
        """The signed button value for this answer; None if even a shortened question does not fit Slack's limit."""
        question = " ".join(question.split())[:TEXT_KEPT]
        while True:
            body = json.dumps({"q": question, "s": list(shown)}, ensure_ascii=False, separators=(",", ":"))
            body = body.translate(_NO_MARKUP)  # still the same JSON, but never "<!channel>" anywhere in a message
            if len(body) + MAC_CHARS + 1 <= MAX_VALUE:
                return f"{self._sign(body)}.{body}"
            if not question:
                return None
            question = question[: len(question) // 2]

    def read(self, value: str) -> Voted | None:
        """The answer a value names, or None when pyfw did not issue it (or it is malformed)."""
        mac, _, body = (value or "").partition(".")
        if len(value or "") > MAX_VALUE or not mac.isascii() or not _is_utf8(body):
            return None  # a value pyfw issued is a hex MAC and JSON text (never a lone surrogate)
        if not hmac.compare_digest(mac.encode(), self._sign(body).encode()):
            return None
        try:
            data = json.loads(body)
            question, shown = data["q"], data["s"]
        except (ValueError, TypeError, KeyError):
            return None
        if not isinstance(question, str) or not isinstance(shown, list) or not all(isinstance(n, str) for n in shown):
            return None
        return Voted(question, tuple(shown))

    def voter(self, user_id: str) -> str:
        """The salted hash that stands for a person in Redis."""
        return hmac.new(self._salt, user_id.encode(), hashlib.sha256).hexdigest()[:32]

    def _sign(self, body: str) -> str:
        return hmac.new(self._mac, body.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:MAC_CHARS]


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# One vote per voter and answer, atomically: KEYS = the answer's voters, its tallies; ARGV = voter, vote, ttl,
# question, shown. Returns 0 (the same vote again), 1 (a first vote) or 2 (switched).
_VOTE = """
local previous = redis.call('HGET', KEYS[1], ARGV[1])
if previous == ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('HSET', KEYS[2], 'question', ARGV[4], 'shown', ARGV[5])
if previous then redis.call('HINCRBY', KEYS[2], previous, -1) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
if previous then return 2 end
return 1
"""


def count_vote(client: redis.Redis, voted: Voted, voter: str, up: bool, ttl_seconds: int) -> Outcome:
    """Count `voter`'s 👍 (`up`) or 👎 on `voted` once; the answer's record lives as long as gaps are kept."""
    aid = voted.answer_id
    result = client.eval(
        _VOTE,
        2,
        f"{PREFIX}:voters:{aid}",
        f"{PREFIX}:answer:{aid}",
        voter,
        "up" if up else "down",
        ttl_seconds,
        voted.question,
        json.dumps(list(voted.shown), ensure_ascii=False),
    )
    return {0: Outcome.ALREADY, 1: Outcome.COUNTED, 2: Outcome.SWITCHED}[int(result)]


def tally(client: redis.Redis, voted: Voted) -> tuple[int, int]:
    """(👍, 👎) counted for an answer."""
    up, down = client.hmget(f"{PREFIX}:answer:{voted.answer_id}", "up", "down")
    return int(up or 0), int(down or 0)
