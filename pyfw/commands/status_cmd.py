"""`pyfw status`: are workers alive, how did the last run go (and its report), when is the next, which links are
broken or muted, and any report Slack refused with what to do about it.

Exit 0 when at least one worker answers, 1 when none does or Redis cannot be reached, so it doubles as a probe.
"""

from __future__ import annotations

import argparse
import json
import sys

from common.mrkdwn import utc_text


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("status", help="workers alive, last and next link check, broken links")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.add_argument("--timeout", type=float, default=2.0, metavar="S", help="seconds to wait for workers")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings) -> int:
    import redis

    from common.settings import SettingsError, redis_location
    from linkwatch.health import Unavailable
    from tasks.app import status

    if not settings.redis_url:
        raise SettingsError("REDIS_URL is not set: status lives in Redis, where the workers and beat run")
    try:
        current = status(settings, ping_timeout=args.timeout)
    except (redis.RedisError, Unavailable) as exc:
        print(f"pyfw: cannot reach Redis at {redis_location(settings.redis_url)} (REDIS_URL): {exc}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(
            {
                "workers": current.workers,
                "last_run": current.last_run,
                "next_run_at": current.next_run_at,
                "schedule": current.schedule,
                "broken": current.broken,
                "undelivered": current.undelivered,
                "muted": current.muted,
                "active_runs": current.active,
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        print(render(current))
    return 0 if current.workers else 1


def render(current) -> str:
    lines = [
        f"workers:  {len(current.workers)} alive"
        + (f" ({', '.join(current.workers)})" if current.workers else " - start one with `pyfw worker`")
    ]
    run = current.last_run
    if run:
        lines.append(f"last run: {_run(run)}")
    else:
        lines.append("last run: none yet")
    for other in current.active:
        lines.append(f"  also going: {_run(other)}")
    if current.next_run_at:
        lines.append(f"next run: {utc_text(current.next_run_at)} (schedule: {_schedule(current.schedule)})")
    else:
        lines.append(f"next run: one schedule period after beat starts (schedule: {_schedule(current.schedule)})")
    lines.append(f"broken:   {len(current.broken)} link{'s' if len(current.broken) != 1 else ''}")
    for link in current.broken:
        since = f", since {utc_text(link['since'])}" if link["since"] else ""
        lines.append(f"  {link['entry']}: {link['url']} ({link['detail'] or link['status']}{since})")
    if current.muted:
        lines.append(f"muted:    {len(current.muted)} link{'s' if len(current.muted) != 1 else ''}")
        for mute in current.muted:
            until = f"until {utc_text(mute['until'])}" if mute["until"] else "until its verdict changes"
            lines.append(f"  {mute['url']} ({until})")
    for problem in current.undelivered:
        lines.append(
            f"REPORT NOT DELIVERED to {problem['destination']} since {utc_text(problem['since'])} "
            f"({problem['attempts']} attempt{'s' if problem['attempts'] != 1 else ''}, {problem['error']}): "
            f"{problem['reason']}"
        )
        lines.append(
            "  it is posted, with everything that changed since, by the next run once fixed, or now by "
            "`pyfw links report --resend`"
        )
    return "\n".join(lines)


def _run(run: dict) -> str:
    delivery = "; ".join(f"report {state}" for state in run.get("delivery", {}).values())
    return (
        f"{run['id']} {run['state']}, started {utc_text(run['started'])} ({run['trigger']}), "
        f"{run['links']} links on {run['hosts']} hosts" + (f"; {delivery}" if delivery else "")
    )


def _schedule(text: str) -> str:
    return f"every {int(float(text))} s" if text.replace(".", "", 1).isdigit() else f"cron '{text}'"
