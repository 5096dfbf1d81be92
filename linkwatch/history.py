"""Link history in Redis, and what a run's verdicts change: newly broken, recovered, moved.

Plain Python on a `redis.Redis` client (decode_responses=True); no Celery, no Slack.

Keys:
    pyfw:link:{url}           hash: the latest verdict (status, code, final_url, detail, entry, checked_at) and the
                              streak: fail_streak, failing_since, reported_broken (0/1), moved_reported (new URL)
    pyfw:link:{url}:history   list: the last HISTORY_LENGTH verdicts, newest first (JSON: run, at, status, code)

A link is reported broken once it has failed `threshold` consecutive runs (failing = broken, timeout, unreachable,
refused; `restricted` is not a failure); it is reported recovered when a link that was reported broken passes
again; a `moved` link is reported once per new address.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field

from linkwatch.verdict import FAILING, LinkStatus, Verdict

HISTORY_LENGTH = 20
LINK_KEY = "pyfw:link:{url}"


@dataclass(frozen=True)
class Item:
    """One line of a report: a link, the entries using it, what is wrong (or new), since when."""

    url: str
    entry: str
    detail: str = ""
    since: float | None = None
    new_url: str | None = None


@dataclass(frozen=True)
class Report:
    """What one run found: counts by status, and the changes worth telling people about."""

    run_id: str
    finished_at: float
    counts: dict[str, int]
    broken: list[Item] = field(default_factory=list)
    moved: list[Item] = field(default_factory=list)
    recovered: list[Item] = field(default_factory=list)
    still_broken: int = 0
    digest: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.broken or self.moved or self.recovered)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Report:
        data = json.loads(text)
        for key in ("broken", "moved", "recovered"):
            data[key] = [Item(**item) for item in data[key]]
        return cls(**data)


def link_key(url: str) -> str:
    return LINK_KEY.format(url=url)


def read_states(client, urls: list[str]) -> dict[str, dict]:
    """The stored state of each URL ({} for one never checked)."""
    pipe = client.pipeline(transaction=False)
    for url in urls:
        pipe.hgetall(link_key(url))
    return dict(zip(urls, pipe.execute(), strict=True))


def plan_run(run_id: str, verdicts: dict[str, Verdict], entries: dict[str, str], states: dict[str, dict],
             threshold: int, now: float | None = None) -> tuple[dict[str, dict], Report]:
    """The new state of every link after this run's verdicts, and the report; pure, so it can be retried freely."""
    now = time.time() if now is None else now
    new_states: dict[str, dict] = {}
    counts = dict.fromkeys(LinkStatus, 0)
    broken, moved, recovered = [], [], []
    still_broken = 0
    for url, verdict in verdicts.items():
        old = states.get(url) or {}
        counts[verdict.status] = counts.get(verdict.status, 0) + 1
        failing = verdict.status in FAILING
        was_reported = old.get("reported_broken") == "1"
        streak = int(old.get("fail_streak") or 0) + 1 if failing else 0
        since = float(old["failing_since"]) if failing and old.get("failing_since") else (now if failing else None)
        reported = was_reported
        entry = entries.get(url, "")
        if failing and streak >= threshold and not was_reported:
            reported = True
            broken.append(Item(url, entry, verdict.detail, since))
        elif failing and was_reported:
            still_broken += 1
        elif not failing and was_reported:
            reported = False
            recovered.append(Item(url, entry, f"{verdict.status} again", float(old.get("failing_since") or now)))
        moved_reported = old.get("moved_reported", "")
        if verdict.status == "moved":
            if verdict.final_url != moved_reported:
                moved.append(Item(url, entry, verdict.detail, None, verdict.final_url))
            moved_reported = verdict.final_url or ""
        elif not failing:
            moved_reported = ""
        new_states[url] = {
            "status": verdict.status, "code": verdict.code or "", "final_url": verdict.final_url or "",
            "detail": verdict.detail, "entry": entry, "checked_at": now, "run": run_id,
            "fail_streak": streak, "failing_since": since or "", "reported_broken": int(reported),
            "moved_reported": moved_reported,
        }
    counts = {status: count for status, count in counts.items() if count}
    return new_states, Report(run_id, now, counts, broken, moved, recovered, still_broken)


def write_states(pipe, new_states: dict[str, dict]) -> None:
    """Queue the new states and history entries on a (transaction) pipeline."""
    for url, state in new_states.items():
        pipe.hset(link_key(url), mapping=state)
        entry = json.dumps({"run": state["run"], "at": state["checked_at"], "status": state["status"],
                            "code": state["code"] or None})
        pipe.lpush(link_key(url) + ":history", entry)
        pipe.ltrim(link_key(url) + ":history", 0, HISTORY_LENGTH - 1)


def history(client, url: str) -> list[dict]:
    """The last verdicts of a URL, newest first."""
    return [json.loads(item) for item in client.lrange(link_key(url) + ":history", 0, -1)]
