"""How large a catalog pyfw can take: time and peak memory of `pyfw catalog validate` on generated catalogs.

Each size runs in a fresh process (the peak memory is that process's maximum resident set, from wait4), on a
catalog in the shipped catalog's layout with entries shaped like bench/make_guide.py's (three features, two use
cases, one link, ~450 bytes of TOML an entry).

.venv/bin/python -m bench.bench_catalog_size [--no-limit] [ENTRIES ...]      (default: 10000 100000 300000)
Sizes are MiB; `--no-limit` validates files over MAX_FILE_MB too (to measure what the limit keeps out).
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.make_guide import WORDS
from catalog.guide import catalog_toml
from catalog.model import Entry, Link
from catalog.shape import MAX_FILE_MB

CATEGORIES = ("Frontend Frameworks", "Backend Frameworks", "Other Relevant Technologies")


def make_entries(count: int, seed: int = 7) -> list[Entry]:
    rng = random.Random(seed)

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    entries = []
    for number in range(1, count + 1):
        name = f"{rng.choice(WORDS).title()}{rng.choice(WORDS).title()}{number}"
        entries.append(
            Entry(
                name=name,
                category=CATEGORIES[number % 3],
                overview=f"A {words(3)} framework for {words(8)}.",
                features=tuple(words(5).capitalize() for _ in range(3)),
                use_cases=tuple(words(3).capitalize() for _ in range(2)),
                links=(Link(f"{name} Documentation", f"https://docs{number % 50}.example.org/{name.lower()}/"),),
            )
        )
    return entries


# The child reports its own peak (VmHWM: this process image's high-water mark). wait4's ru_maxrss would not do:
# it keeps the high-water mark from before exec, when the forked child still counted the bench's own pages.
_VALIDATE = (
    "import sys\n"
    "import catalog.shape\n"
    "from pyfw.cli import main\n"
    "catalog.shape.MAX_FILE_MB = int(sys.argv[2])\n"
    "code = main(['catalog', 'validate', sys.argv[1]])\n"
    "peak = next(line for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
    "print('peak', peak.split()[1], file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def measure(path: Path, limit_mb: int) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, first line of its answer) of `pyfw catalog validate path`, a fresh process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _VALIDATE, str(path), str(limit_mb)], capture_output=True, text=True)
    took = time.perf_counter() - started
    lines = (done.stdout + done.stderr).strip().splitlines()
    peak = next(int(line.split()[1]) for line in lines if line.startswith("peak "))
    answer = next(line for line in lines if not line.startswith("peak "))
    return took, peak / 1024, done.returncode, answer[:160]


def main(counts: list[int], limit_mb: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for count in counts:
            path = Path(folder) / f"catalog-{count}.toml"
            path.write_text(catalog_toml(make_entries(count)), encoding="utf-8")
            took, peak, code, last = measure(path, limit_mb)
            size = path.stat().st_size / 1024 / 1024
            print(
                f"{count:>8,} entries  {size:6.1f} MB  validate {took:6.2f} s  peak {peak:6.0f} MB  exit {code}: {last}"
            )
            path.unlink()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    no_limit = "--no-limit" in arguments  # measure past MAX_FILE_MB, as if there were no limit
    sizes = [int(n) for n in arguments if n != "--no-limit"] or [10_000, 100_000, 300_000]
    main(sizes, 1_000_000 if no_limit else MAX_FILE_MB)
