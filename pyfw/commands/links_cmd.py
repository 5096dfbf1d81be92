"""`pyfw links`: check the catalog's documentation links (or a file of URLs) here and now, with no broker.

Exit 0 when every link is ok, moved or restricted; 1 when any is broken, timed out, unreachable or refused (or the
input is unusable); 2 for a mistake in the arguments.

`pyfw links report` shows what the report channel has not been told yet (and why, when Slack refused the last
report); `--resend` posts it now, once, without waiting for the next run. Exit 1 when it cannot be posted.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from catalog import load_catalog
from catalog.loader import iter_links, url_problem
from linkwatch.checker import CheckOptions, check_links_on_cpus
from linkwatch.verdict import PASSING, LinkStatus, Verdict
from pyfw.terminal import write_raw


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("links", help="check the catalog's documentation links now; `links report`")
    parser.add_argument(
        "action",
        nargs="?",
        choices=["report"],
        help="report: what the report channel has not been told yet (needs REDIS_URL)",
    )
    parser.add_argument("--resend", action="store_true", help="with report: post it now")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--catalog", metavar="PATH", help="catalog file (default: PYFW_CATALOG or the shipped one)")
    source.add_argument("--urls", metavar="FILE", help="a file with one URL per line ('-' for stdin) instead")
    parser.add_argument("--json", action="store_true", help="print results and a summary as JSON")
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="also check loopback and private addresses (as PYFW_ALLOW_PRIVATE_LINKS=1)",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive(int),
        default=CheckOptions.concurrency,
        metavar="N",
        help=f"links checked at once (default {CheckOptions.concurrency})",
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float),
        default=CheckOptions.timeout,
        metavar="S",
        help=f"seconds to wait for a connection or an answer (default {CheckOptions.timeout:g})",
    )
    parser.add_argument(
        "--no-soft-404",
        dest="soft_404",
        action="store_false",
        help="do not read pages for 'not found' pages answered with 200 (no impossible-path probe per host)",
    )
    parser.add_argument(
        "--no-fragments", dest="fragments", action="store_false", help="do not check that #fragments exist"
    )
    parser.set_defaults(run=run)


def _positive(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0, got {text!r}")
        return value

    return parse


class InputError(Exception):
    """A URL list that cannot be used; the message names the file and line."""


def read_urls(path: str) -> list[str]:
    """URLs from a file, one per line; blank lines and '#' comments skipped; every bad line reported."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    urls, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        problem = url_problem(line)
        if problem:
            problems.append(f"{path}:{number}: '{line}' {problem}")
        else:
            urls.append(line)
    if problems:
        raise InputError("\n".join(problems))
    if not urls:
        raise InputError(f"{path}: no URLs in it")
    return urls


def run(args: argparse.Namespace, settings) -> int:
    if args.action == "report":
        return run_report(args, settings)
    if args.resend:
        print("pyfw: --resend goes with `pyfw links report --resend`", file=sys.stderr)
        return 2
    if args.urls:
        try:
            pairs = [(None, url) for url in read_urls(args.urls)]
        except InputError as exc:
            print(f"pyfw: {exc}", file=sys.stderr)
            return 1
    else:
        pairs = [
            (entry.name, link.url) for entry, link in iter_links(load_catalog(args.catalog or settings.catalog_path))
        ]
    options = CheckOptions(
        concurrency=args.concurrency,
        timeout=args.timeout,
        budget=max(30.0, 3 * args.timeout),
        allow_private=args.allow_private or settings.allow_private_links,
        soft_404=args.soft_404,
        fragments=args.fragments,
    )
    urls = [url for _, url in pairs]
    # This process only waits on sockets now: a longer GIL switch interval means fewer forced hand-offs between
    # hundreds of I/O-bound threads, so less CPU per link (seen in bench/bench_links.py runs).
    sys.setswitchinterval(0.02)
    progress = _Progress(len(set(urls))) if sys.stderr.isatty() else None
    verdicts = check_links_on_cpus(urls, options, on_result=progress.step if progress else None)
    if progress:
        progress.finish()
    rows = [(entry, verdicts[url]) for entry, url in pairs]
    summary = Counter(verdict.status for _, verdict in rows)
    if args.json:
        document = {
            "results": [_row(entry, verdict) for entry, verdict in rows],
            "summary": {status: summary[status] for status in LinkStatus if summary[status]},
        }
        # One write: json.dump writes every token on its own, and each write is escaped (pyfw.terminal), which
        # cost 25-40 ms for 1,000 links against 7 ms for the whole text at once.
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_text(rows, summary)
    return 0 if all(verdict.status in PASSING for _, verdict in rows) else 1


def _row(entry: str | None, verdict: Verdict) -> dict:
    return {
        "url": verdict.url,
        "entry": entry,
        "status": verdict.status,
        "code": verdict.code,
        "final_url": verdict.final_url,
        "reason": verdict.reason,
        "detail": verdict.detail,
    }


def _print_text(rows: list[tuple[str | None, Verdict]], summary: Counter) -> None:
    width = max(len(status) for status in LinkStatus)
    for entry, verdict in rows:
        if verdict.status == "ok" and not verdict.detail:
            continue  # ok links are not listed, unless with a note (a fragment that could not be checked, ...)
        where = f" ({entry})" if entry else ""
        code = f" {verdict.code}" if verdict.code else ""
        print(f"{verdict.status:<{width}}{code:>4}  {verdict.url}{where}: {verdict.detail}")
    counts = ", ".join(f"{summary[status]} {status}" for status in LinkStatus if summary[status])
    print(f"{len(rows)} link{'s' if len(rows) != 1 else ''}: {counts}")


class _Progress:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.failing = total, 0, 0
        self.lock = threading.Lock()
        self.drawn = 0.0

    def step(self, verdict: Verdict) -> None:
        with self.lock:
            self.done += 1
            self.failing += verdict.status not in PASSING
            now = time.monotonic()
            if now - self.drawn >= 0.1 or self.done == self.total:
                self.drawn = now
                self._draw()

    def _draw(self) -> None:
        filled = int(30 * self.done / max(1, self.total))
        failing = f", {self.failing} failing" if self.failing else ""
        write_raw(sys.stderr, "\r")  # the bar's own carriage return, past the terminal's escaping
        sys.stderr.write(f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} links{failing} ")
        sys.stderr.flush()

    def finish(self) -> None:
        sys.stderr.write("\n")


def run_report(args: argparse.Namespace, settings) -> int:
    """What each destination has not been told; with --resend, post it now (exactly once, as a run would)."""
    import redis

    from common.settings import SettingsError, redis_location
    from linkwatch import delivery
    from linkwatch.destination import destinations
    from tasks.app import slack_for

    if not settings.redis_url:
        raise SettingsError("REDIS_URL is not set: what was reported lives in Redis, where the workers run")
    where = destinations(settings)
    if not where and settings.oauth:
        raise SettingsError("no workspace has chosen a report channel yet (each picks one in pyfw's App Home)")
    if not where:
        raise SettingsError("PYFW_REPORT_CHANNEL and SLACK_BOT_TOKEN must be set: they say where reports go")
    client = redis.Redis.from_url(settings.redis_url, decode_responses=True, socket_connect_timeout=3)
    try:
        if args.resend:
            outcomes = delivery.resend(client, settings, slack_for(settings))
            for outcome in outcomes:
                shown = {
                    "delivered": f"posted to {outcome.destination}",
                    "nothing": f"nothing new to tell {outcome.destination}",
                    "undelivered": f"NOT posted to {outcome.destination}: {outcome.reason}",
                }[outcome.state]
                print(shown)
            return 1 if any(o.state == delivery.DeliveryState.UNDELIVERED for o in outcomes) else 0
        for destination in where:
            problem = delivery.problem(client, destination)
            if problem:
                print(
                    f"{destination.label}: the last report was NOT delivered ({problem.get('error')}): "
                    f"{problem.get('reason')}"
                )
            links = load_catalog(settings.catalog_path).links_by_url()
            entries = {url: ", ".join(entry.name for entry in used) for url, used in links.items()}
            report, _ = delivery.pending(client, destination, entries)
            print(
                f"{destination.label}: {'to tell: ' if report.changed else ''}"
                + (
                    "; ".join(
                        f"{len(items)} {kind}"
                        for kind, items in (
                            ("broke", report.broken),
                            ("moved", report.moved),
                            ("recovered", report.recovered),
                        )
                        if items
                    )
                    or "nothing new to tell"
                )
            )
        return 0
    except redis.RedisError as exc:
        print(f"pyfw: cannot reach Redis at {redis_location(settings.redis_url)} (REDIS_URL): {exc}", file=sys.stderr)
        return 1
