"""The time limits of a link-check run, every one derived from PYFW_LINKCHECK_TIME_LIMIT.

Plain values: the run state machine (`linkwatch.runs`) reads `group` and `stuck`, the Celery app (`tasks.app`) turns
the rest into its time limits and the broker's visibility timeout.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RunLimits:
    """The time limits of a run, all derived from one number: how long checking one group (one host) may take.

    The checker bounds each link (30 s budget) and runs `per_host` links of a host at once, so a host with 500
    links needs at most ~25 minutes: the default group limit is 30 minutes (PYFW_LINKCHECK_TIME_LIMIT). The
    checker stops starting links at `group` seconds (links not started get a `timeout` verdict and the group still
    completes); Celery's soft limit follows a little later and the hard limit is a backstop that kills a stuck
    process. The broker hands an unacknowledged message to another worker after `visibility`, which must exceed
    the hard limit, or a slow but healthy check would run twice at once. A run with no progress for `stuck` is
    redriven by `recover_runs`, which beat runs every `recover_every`. Workers look for messages whose visibility
    timeout has passed (those of a worker killed outright) every `restore_every`.

    Delivery: one Slack call may take `post` seconds; a claim on a report message older than `claim_stale` was held
    by a poster that died. A retry waits at most `max_wait`, well within the visibility timeout: a task waiting
    for its retry holds its message unacknowledged, and one held past the visibility timeout would be handed to
    another worker while the first still has it (two copies, two posts). The finalizer's own time limit,
    `finalize`, stays within the visibility timeout for the same reason.
    """

    group: float
    soft: float
    hard: float
    visibility: float
    stuck: float
    recover_every: float
    restore_every: float
    post: float
    claim_stale: float
    max_wait: float
    finalize: float

    @classmethod
    def for_group_limit(cls, group: float) -> RunLimits:
        # Proportions of the 30-minute default: soft +1 min, hard 35 min, visibility 45 min, stuck 50 min.
        hard = group * 7 / 6
        visibility = hard + group / 3
        stuck = visibility + group / 6
        return cls(
            group=group,
            soft=group + group / 30,
            hard=hard,
            visibility=visibility,
            stuck=stuck,
            recover_every=min(300.0, stuck / 2),
            restore_every=min(100.0, visibility / 2),
            post=min(30.0, max(2.0, group / 3)),
            claim_stale=min(30.0, max(2.0, group / 3)) + 5,
            max_wait=min(300.0, visibility / 3),
            finalize=min(600.0, visibility * 2 / 3),
        )
