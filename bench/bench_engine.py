"""Benchmark of the answer engine: accuracy beside the naive baselines, time per question, start-up and memory.

    python bench/bench_engine.py            # shipped catalog and a 10,000-entry catalog, pinned to one core
    python bench/bench_engine.py --size 2000 --rounds 5 --no-validate

What it reports:
- accuracy on the tune and validate parts of tests/eval/ (aggregates only; every validate score is logged in
  tests/eval/validate-log.tsv) for the engine and the two naive baselines of tests/eval_baselines.py: rapidfuzz
  `extractOne` over the names with `WRatio`, and plain BM25 over the entry text;
- time per question on the shipped catalog (every tune question, several rounds);
- on a catalog imported from a generated guide in the seed's shape (bench/make_guide.py), with two keywords per
  entry: start-up (load the TOML + build the index), time per question for the tune questions and generated names
  with one typo, and how many of those typo'd names come back as the right lookup;
- the resident memory of a bot process (the web app built as `pyfw web` builds it, every tune question answered);
- `pyfw ask --json -` answering 5,000 questions in one process.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.make_guide import make_guide  # noqa: E402
from catalog import load_catalog  # noqa: E402
from catalog.engine import AnswerEngine  # noqa: E402
from catalog.guide import catalog_toml, parse_guide  # noqa: E402
from tests.engine_eval import PURPOSE, RIGHT_NONES, answerer, category_sets, log_validate, percent, read_cases, score  # noqa: E402


def pin_to_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity here)"


def accuracy(catalog, parts: list[str]) -> None:
    categories = category_sets(catalog)
    print(f"{'':10} {'answerer':8} {'overall':>18} {'purpose questions':>18} {'right nones':>18}")
    for part in parts:
        cases = read_cases(part)
        for name in ("engine", "wratio", "bm25"):
            result = score(cases, answerer(name, catalog), categories)
            if part == "validate":
                log_validate(result, name)
            print(
                f"{part:10} {name:8} {percent(result.overall):>18} {percent(result.rate(PURPOSE)):>18} "
                f"{percent(result.rate(RIGHT_NONES)):>18}"
            )


def time_questions(engine: AnswerEngine, questions: list[str], rounds: int) -> dict[str, float]:
    """Per-question times in milliseconds: mean over all rounds, median and 99th percentile of single calls."""
    singles = []
    start = time.perf_counter()
    for _ in range(rounds):
        for question in questions:
            t0 = time.perf_counter()
            engine.answer(question)
            singles.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    singles.sort()
    return {
        "mean": 1000 * total / len(singles),
        "median": 1000 * statistics.median(singles),
        "p99": 1000 * singles[int(0.99 * (len(singles) - 1))],
        "max": 1000 * singles[-1],
    }


def with_typo(name: str, rng: random.Random) -> str:
    """The name in lower case with one letter dropped, doubled, swapped with the next, or replaced."""
    word = name.lower()
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    i = rng.choice(letters[1:-1] or letters)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiou" if word[i] not in "aeiou" else "bcdfg") + word[i + 1 :]


def big_catalog_toml(size: int) -> str:
    """A generated catalog with two keywords per entry (one word, one phrase), as a curated one would have."""
    text = catalog_toml(parse_guide(make_guide(size)))
    number = iter(range(1, size + 1))
    return re.sub(
        r"^keywords = \[\]$",
        lambda _: f'keywords = ["kw{(n := next(number))}", "phrase {n} here"]',
        text,
        flags=re.MULTILINE,
    )


MEMORY_PROBE = """
import gc, re, sys
sys.path.insert(0, {root!r})
from common.settings import Settings
from catalog import load_catalog
from bot.app import build_app
from bot.dedupe import ClaimedAtTheEdge, EventDedupe
from bot.links import LinkWatch
from bot.responder import Responder
from bot.web import wsgi_app
from tests.engine_eval import read_cases
settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret="bench", redis_url="redis://127.0.0.1:1/0")
catalog = load_catalog()
responder = Responder(catalog, links=LinkWatch(settings, catalog))
bolt = build_app(settings, responder, dedupe=ClaimedAtTheEdge())
app = wsgi_app(bolt, catalog, settings.redis_url, settings.slack_signing_secret, EventDedupe(settings.redis_url))
gc.freeze()
for case in read_cases("tune"):
    responder.engine.answer(case.question)
print(re.search(r"^VmRSS:\\s+(\\d+) kB", open("/proc/self/status").read(), re.M).group(1))
"""


def bot_memory_mb(runs: int = 3) -> float:
    """Median resident memory (MB) of a process holding the web app and the engine, after answering questions."""
    sizes = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", MEMORY_PROBE.format(root=str(ROOT))],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        sizes.append(int(out.strip()) / 1024)
    return statistics.median(sizes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="entries in the generated catalog")
    parser.add_argument("--rounds", type=int, default=20, help="passes over the questions on the shipped catalog")
    parser.add_argument("--typos", type=int, default=500, help="generated names with a typo asked of the big one")
    parser.add_argument("--no-validate", action="store_true", help="score the tune part only")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {pin_to_one_core()}")

    shipped = load_catalog()
    questions = [case.question for case in read_cases("tune")]
    t0 = time.perf_counter()
    engine = AnswerEngine(shipped)
    build_ms = 1000 * (time.perf_counter() - t0)
    print(f"\n== shipped catalog ({len(shipped)} entries) ==\nindex build: {build_ms:.1f} ms")
    accuracy(shipped, ["tune"] if args.no_validate else ["tune", "validate"])
    times = time_questions(engine, questions, args.rounds)
    print(
        f"time per question ({len(questions)} tune questions): mean {times['mean']:.3f} ms, median "
        f"{times['median']:.3f} ms, p99 {times['p99']:.3f} ms, max {times['max']:.3f} ms ({args.rounds} rounds)"
    )

    print(f"\n== generated catalog ({args.size} entries, two keywords each) ==")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.toml"
        path.write_text(big_catalog_toml(args.size), encoding="utf-8")
        t0 = time.perf_counter()
        big = load_catalog(path)
        t1 = time.perf_counter()
        big_engine = AnswerEngine(big)
        t2 = time.perf_counter()
    print(f"start-up: load {t1 - t0:.2f} s + index {t2 - t1:.2f} s = {t2 - t0:.2f} s")
    rng = random.Random(3)
    sample = rng.sample(list(big), min(args.typos, len(big)))
    typos = [(with_typo(entry.name, rng), entry.name) for entry in sample]
    verdicts = {"right": 0, "wrong entry": 0, "none": 0, "other": 0}
    for text, name in typos:
        answer = big_engine.answer(text)
        if answer.intent == "lookup":
            verdicts["right" if answer.matches[0].entry.name == name else "wrong entry"] += 1
        else:
            verdicts["none" if answer.intent == "none" else "other"] += 1
    exact = sum(
        1 for entry in sample if [m.entry for m in big_engine.answer(entry.name.lower()).matches[:1]] == [entry]
    )
    print(
        f"names asked exactly (lower case): {exact}/{len(sample)} right; with one typo: "
        + ", ".join(f"{count} {verdict}" for verdict, count in verdicts.items())
    )
    mixed = questions + [text for text, _ in typos]
    times = time_questions(big_engine, mixed, 3)
    print(
        f"time per question ({len(mixed)} questions: the tune questions + typo'd names): "
        f"mean {times['mean']:.3f} ms, median {times['median']:.3f} ms, p99 {times['p99']:.3f} ms, "
        f"max {times['max']:.3f} ms"
    )
    print(f"\n== bot process ==\nresident memory after answering the tune questions: {bot_memory_mb():.1f} MB")
    stream_benchmark(questions)
    return 0


def stream_benchmark(questions: list[str], count: int = 5000) -> None:
    """`pyfw ask --json -` with `count` questions in one process: wall time including start-up."""
    lines = "\n".join(questions[i % len(questions)] for i in range(count)) + "\n"
    t0 = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pyfw.cli", "ask", "--json", "-"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    elapsed = time.perf_counter() - t0
    answered = len(result.stdout.splitlines())
    print(
        f"\n== pyfw ask --json - (shipped catalog) ==\n{answered} questions in one process: {elapsed:.2f} s "
        f"wall, start-up included ({1000 * elapsed / answered:.3f} ms per question)"
    )


if __name__ == "__main__":
    sys.exit(main())
