"""What the checker says about one link: a `Verdict`, whose `status` is one of the closed set `LinkStatus`.

Which statuses count as failing is decided here once: the history's streaks, the reports, the bot's warnings and
`pyfw links`'s exit code all read `FAILING` / `PASSING`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class LinkStatus(StrEnum):
    """A link's verdict, in the order reports list them."""

    OK = "ok"
    MOVED = "moved"  # permanent redirects ending on a working page
    BROKEN = "broken"  # 404, 410, 5xx after retries, loops, too many redirects, soft 404s, missing fragments
    RESTRICTED = "restricted"  # 401, 403, a persistent 429, bot challenges: bot walls and rate limits, not failures
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"  # DNS, refused connection, TLS
    REFUSED = "refused"  # the guard said no


PASSING = frozenset({LinkStatus.OK, LinkStatus.MOVED, LinkStatus.RESTRICTED})  # `pyfw links` exits 0
FAILING = frozenset({LinkStatus.BROKEN, LinkStatus.TIMEOUT, LinkStatus.UNREACHABLE, LinkStatus.REFUSED})


@dataclass(frozen=True)
class Verdict:
    """What the checker saw for one URL. `final_url` is the new address for `moved`, where it landed for `ok`."""

    url: str
    status: LinkStatus
    code: int | None = None
    final_url: str | None = None
    detail: str = ""
    elapsed: float = 0.0
    reason: str = ""  # the short reason ("soft 404", "missing #install"); the detail when not given

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", LinkStatus(self.status))  # "brokne" fails here, not in a report
        if not self.reason:
            object.__setattr__(self, "reason", self.detail)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Verdict:
        return cls(
            **{key: data.get(key) for key in ("url", "status", "code", "final_url")},
            detail=data.get("detail") or "",
            elapsed=data.get("elapsed") or 0.0,
            reason=data.get("reason") or "",
        )
