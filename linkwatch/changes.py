"""What changed, in two pure steps: a run's verdicts → each link's new state, and link states → what a destination
has not been told yet.

    plan_run(run_id, verdicts, entries, states, threshold)  -> new link states (history), counts by status
    changes(report_id, entries, states, told, muted, now)    -> the Report for one destination, and what it will
                                                                have been told once that report is posted

Keeping the two apart is what makes a report impossible to lose: the history moves once per run whatever Slack
says, while what a destination was told (`told`, per destination in Redis) moves only when Slack confirms the post.
A report that could not be delivered is therefore still "what changed" at the next try, together with everything
that changed since.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping

from linkwatch.report import Item, Report
from linkwatch.verdict import FAILING, LinkStatus, Verdict


def plan_run(
    run_id: str,
    verdicts: Mapping[str, Verdict],
    entries: Mapping[str, str],
    states: Mapping[str, dict],
    threshold: int,
    now: float | None = None,
) -> tuple[dict[str, dict], dict[str, int]]:
    """The new state of every link after this run's verdicts, and the counts by status; pure, so it can be retried.

    A link is `broken` once it has failed `threshold` runs in a row (see `FAILING`: `restricted` is not a failure);
    one passing verdict resets the streak, so fail, pass, fail is a streak of one.
    """
    now = time.time() if now is None else now
    new_states: dict[str, dict] = {}
    for url, verdict in verdicts.items():
        old = states.get(url) or {}
        failing = verdict.status in FAILING
        streak = int(old.get("fail_streak") or 0) + 1 if failing else 0
        since = float(old["failing_since"]) if failing and old.get("failing_since") else (now if failing else None)
        new_states[url] = {
            "status": verdict.status,
            "code": verdict.code or "",
            "final_url": verdict.final_url or "",
            "detail": verdict.detail,
            "entry": entries.get(url, ""),
            "checked_at": now,
            "run": run_id,
            "fail_streak": streak,
            "failing_since": since or "",
            "broken": int(failing and streak >= threshold),
        }
    counts = Counter(verdict.status for verdict in verdicts.values())
    return new_states, {status: counts[status] for status in LinkStatus if counts[status]}


def changes(
    report_id: str,
    entries: Mapping[str, str],
    states: Mapping[str, dict],
    told: Mapping[str, dict],
    muted: set[str] | frozenset[str] = frozenset(),
    now: float | None = None,
) -> tuple[Report, dict[str, dict | None]]:
    """The report one destination should get, and its new `told` entries (None: forget the URL) once posted.

    `entries` maps each URL to watch (the catalog's) to the names of the entries using it; `states` are the links'
    states (`plan_run`, as Redis gives them back); `told[url]` is {"broken_since": epoch or None, "moved_to": URL}
    as this destination last heard. A muted link's changes are held back (and counted) until the mute ends.
    """
    now = time.time() if now is None else now
    broken, moved, recovered, still = [], [], [], []
    new_told: dict[str, dict | None] = {}
    held = 0
    counts: Counter[str] = Counter()
    for url, entry in entries.items():
        state = states.get(url) or {}
        if not state.get("status"):
            continue
        status = state["status"]
        counts[status] += 1
        was = told.get(url) or {}
        told_broken = was.get("broken_since")
        told_moved = was.get("moved_to") or ""
        failing = status in FAILING
        since = float(state["failing_since"]) if state.get("failing_since") else None
        checked = float(state.get("checked_at") or now)
        lines: list[tuple[list[Item], Item]] = []
        after = {"broken_since": told_broken, "moved_to": told_moved}
        if state.get("broken") == "1" and told_broken is None:
            lines.append((broken, Item(url, entry, state.get("detail", ""), since)))
            after["broken_since"] = since or checked
        elif told_broken is not None and not failing:
            lines.append((recovered, Item(url, entry, f"{status} again", float(told_broken), until=checked)))
            after["broken_since"] = None
        final_url = state.get("final_url") or ""
        if status == LinkStatus.MOVED and final_url and final_url != told_moved:
            lines.append((moved, Item(url, entry, state.get("detail", ""), None, final_url)))
            after["moved_to"] = final_url
        elif status != LinkStatus.MOVED and not failing and told_moved:
            after["moved_to"] = ""  # back at its old address: a later move is news again
        if url in muted:
            held += bool(lines)
            continue
        for target, item in lines:
            target.append(item)
        if told_broken is not None and failing and not lines:
            still.append(Item(url, entry, state.get("detail", ""), float(told_broken)))
        if after != {"broken_since": told_broken, "moved_to": told_moved}:
            new_told[url] = after if (after["broken_since"] is not None or after["moved_to"]) else None
    for url in told:
        if url not in entries:
            new_told[url] = None  # no longer in the catalog: nothing more to tell about it
    ordered = {status: counts[status] for status in LinkStatus if counts[status]}
    return Report(report_id, now, ordered, broken, moved, recovered, still, held), new_told
