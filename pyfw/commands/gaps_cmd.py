"""`pyfw gaps`: what people asked that pyfw could not answer (none or only "best matches") and answers they gave
a 👎, grouped by similarity, biggest group first, each with its count, surfaces and an example. Reads the Redis the
bot records into (REDIS_URL). Teach the bot with `pyfw catalog add-keyword ENTRY "phrase"`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time

UNITS = {"d": 86400, "h": 3600, "m": 60}
_SINCE = re.compile(r"^([1-9][0-9]{0,5})([dhm])$")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("gaps", help="questions pyfw could not answer, and 👎 answers, grouped")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.add_argument("--since", metavar="AGE", help="only questions asked within AGE: 7d, 12h or 30m")
    parser.set_defaults(run=run)


def parse_age(text: str) -> int | None:
    """Seconds in `7d`, `12h` or `30m`; None when it is not of that form."""
    found = _SINCE.match(text.strip().lower())
    return int(found[1]) * UNITS[found[2]] if found else None


def run(args: argparse.Namespace, settings) -> int:
    from common.settings import SettingsError, redis_location
    from learning.loop import LearningLoop, Unavailable

    age = None
    if args.since is not None:
        age = parse_age(args.since)
        if age is None:
            print(
                f"pyfw gaps: --since must be a number and d, h or m (7d, 12h, 30m), got {args.since!r}", file=sys.stderr
            )
            return 2
    if not settings.redis_url:
        raise SettingsError("REDIS_URL is not set: pyfw gaps reads the questions the bot records in that Redis")
    try:
        groups = LearningLoop(settings).groups(since=time.time() - age if age else None)
    except Unavailable as exc:
        print(f"pyfw: cannot reach Redis at {redis_location(settings.redis_url)} (REDIS_URL): {exc}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(
            {"since": args.since, "groups": [g.as_dict() for g in groups]}, sys.stdout, indent=2, ensure_ascii=False
        )
        sys.stdout.write("\n")
        return 0
    window = f"in the last {args.since}" if args.since else f"in the last {settings.gaps_retention_days} days"
    if not groups:
        print(f"No gaps {window}: every question got a confident answer.")
        return 0
    total = sum(g.count for g in groups)
    print(f"{len(groups)} gaps {window} ({total} questions), biggest first:")
    for g in groups:
        where = ", ".join(f"{s} {n}" for s, n in sorted(g.surfaces.items(), key=lambda kv: -kv[1]))
        extra = (f" · {len(g.questions)} wordings" if len(g.questions) > 1 else "") + (
            f" · {g.down_votes} 👎" if g.down_votes else ""
        )
        print(f"{g.count:6d}  {_one_line(g.example, 70)}  ({where}{extra})")
    print('Teach pyfw: pyfw catalog add-keyword ENTRY "phrase"')
    return 0


def _one_line(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
