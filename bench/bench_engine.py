"""Benchmark of the answer engine: accuracy against the naive baseline, time per question, start-up on 10k entries.

    python bench/bench_engine.py            # shipped catalog and a 10,000-entry catalog, pinned to one core
    python bench/bench_engine.py --size 2000 --rounds 5

What it reports:
- accuracy on tests/eval_questions.tsv (tuned part, held-out part, all) for the engine and for the naive baseline,
  `rapidfuzz.process.extractOne` over the names with `fuzz.WRatio` (a lookup when the score reaches the first
  engine's cutoff of 85, else "none"; also without any cutoff);
- time per question on the shipped catalog (all evaluation questions, several rounds);
- on a catalog imported from a generated guide in the seed's shape (bench/make_guide.py): start-up (load the TOML
  + build the index), time per question for a mix of the evaluation questions and generated names with one typo,
  and how many of those typo'd names come back as the right lookup.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz, process  # noqa: E402

from bench.make_guide import make_guide  # noqa: E402
from catalog import load_catalog  # noqa: E402
from catalog.engine import Answer, AnswerEngine, Match  # noqa: E402
from catalog.guide import catalog_toml, parse_guide  # noqa: E402
from tests.engine_eval import read_cases, score  # noqa: E402


def pin_to_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity here)"


def baseline(catalog, cutoff: float | None):
    """The naive matcher: the single best name by WRatio, a lookup when it reaches `cutoff`."""
    names = [entry.name for entry in catalog]

    def answer(question: str) -> Answer:
        best = process.extractOne(question, names, scorer=fuzz.WRatio, score_cutoff=cutoff or 0)
        if best is None:
            return Answer(question, "none")
        return Answer(question, "lookup", (Match(catalog.entries[best[2]], best[1]),))

    return answer


def accuracy(cases, answer) -> dict[str, str]:
    out = {}
    for split in ("tune", "holdout", None):
        chosen = [c for c in cases if split is None or c.split == split]
        right, _ = score(chosen, answer)
        out[split or "all"] = f"{right}/{len(chosen)} = {100 * right / len(chosen):.1f} %"
    return out


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
    return {"mean": 1000 * total / len(singles), "median": 1000 * statistics.median(singles),
            "p99": 1000 * singles[int(0.99 * (len(singles) - 1))], "max": 1000 * singles[-1]}


def with_typo(name: str, rng: random.Random) -> str:
    """The name in lower case with one letter dropped, doubled, swapped with the next, or replaced."""
    word = name.lower()
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    i = rng.choice(letters[1:-1] or letters)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice("aeiou" if word[i] not in "aeiou" else "bcdfg") + word[i + 1:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="entries in the generated catalog")
    parser.add_argument("--rounds", type=int, default=20, help="passes over the questions on the shipped catalog")
    parser.add_argument("--typos", type=int, default=500, help="generated names with a typo asked of the big one")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {pin_to_one_core()}")

    cases = read_cases()
    shipped = load_catalog()
    t0 = time.perf_counter()
    engine = AnswerEngine(shipped)
    build_ms = 1000 * (time.perf_counter() - t0)
    print(f"\n== shipped catalog ({len(shipped)} entries), evaluation set of {len(cases)} questions ==")
    print(f"index build: {build_ms:.1f} ms")
    ours = accuracy(cases, engine.answer)
    naive = accuracy(cases, baseline(shipped, 85))
    naive_any = accuracy(cases, baseline(shipped, None))
    print(f"{'accuracy':34} {'tuned':>18} {'held out':>18} {'all':>18}")
    for label, result in (("engine", ours), ("baseline WRatio, cutoff 85", naive),
                          ("baseline WRatio, no cutoff", naive_any)):
        print(f"{label:34} {result['tune']:>18} {result['holdout']:>18} {result['all']:>18}")
    questions = [case.question for case in cases]
    times = time_questions(engine, questions, args.rounds)
    print(f"time per question: mean {times['mean']:.3f} ms, median {times['median']:.3f} ms, "
          f"p99 {times['p99']:.3f} ms, max {times['max']:.3f} ms ({args.rounds} rounds)")

    print(f"\n== generated catalog ({args.size} entries) ==")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.toml"
        path.write_text(catalog_toml(parse_guide(make_guide(args.size))), encoding="utf-8")
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
    exact = sum(1 for entry in sample if [m.entry for m in big_engine.answer(entry.name.lower()).matches[:1]]
                == [entry])
    print(f"names asked exactly (lower case): {exact}/{len(sample)} right; with one typo: "
          + ", ".join(f"{count} {verdict}" for verdict, count in verdicts.items()))
    mixed = questions + [text for text, _ in typos]
    times = time_questions(big_engine, mixed, 3)
    print(f"time per question ({len(mixed)} questions: the evaluation set + typo'd names): "
          f"mean {times['mean']:.3f} ms, median {times['median']:.3f} ms, p99 {times['p99']:.3f} ms, "
          f"max {times['max']:.3f} ms")
    stream_benchmark(questions)
    return 0


def stream_benchmark(questions: list[str], count: int = 5000) -> None:
    """`pyfw ask --json -` with `count` questions in one process: wall time including start-up."""
    lines = "\n".join(questions[i % len(questions)] for i in range(count)) + "\n"
    t0 = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pyfw.cli", "ask", "--json", "-"], input=lines,
                            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], check=True)
    elapsed = time.perf_counter() - t0
    answered = len(result.stdout.splitlines())
    print(f"\n== pyfw ask --json - (shipped catalog) ==\n{answered} questions in one process: {elapsed:.2f} s "
          f"wall, start-up included ({1000 * elapsed / answered:.3f} ms per question)")


if __name__ == "__main__":
    sys.exit(main())
