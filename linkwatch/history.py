"""Link history in Redis: the latest verdict of each link, its failure streak, and its last verdicts.

Plain Python on a `redis.Redis` client (decode_responses=True); no Celery, no Slack. What a run's verdicts change
(newly broken, recovered, moved) is decided by `linkwatch.runs.plan_run`, which returns the states written here.

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

import redis

HISTORY_LENGTH = 20
LINK_KEY = "pyfw:link:{url}"


def link_key(url: str) -> str:
    return LINK_KEY.format(url=url)


def read_states(client: redis.Redis, urls: list[str]) -> dict[str, dict]:
    """The stored state of each URL ({} for one never checked)."""
    pipe = client.pipeline(transaction=False)
    for url in urls:
        pipe.hgetall(link_key(url))
    return dict(zip(urls, pipe.execute(), strict=True))


def write_states(pipe: redis.client.Pipeline, new_states: dict[str, dict]) -> None:
    """Queue the new states and history entries on a (transaction) pipeline."""
    for url, state in new_states.items():
        pipe.hset(link_key(url), mapping=state)
        entry = json.dumps(
            {"run": state["run"], "at": state["checked_at"], "status": state["status"], "code": state["code"] or None}
        )
        pipe.lpush(link_key(url) + ":history", entry)
        pipe.ltrim(link_key(url) + ":history", 0, HISTORY_LENGTH - 1)
