"""Time `pyfw catalog import` of a generated 10,000-entry guide and the load of the catalog it writes.

.venv/bin/python -m bench.bench_import [ENTRIES]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.make_guide import make_guide
from catalog import load_catalog
from catalog.guide import catalog_toml, parse_guide


def main(count: int) -> None:
    text = make_guide(count)
    started = time.perf_counter()
    entries = parse_guide(text, "generated")
    toml = catalog_toml(entries)
    imported = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.toml"
        path.write_text(toml, encoding="utf-8")
        started = time.perf_counter()
        catalog = load_catalog(path)
        loaded = time.perf_counter() - started
    print(f"guide: {count} entries, {len(text) / 1e6:.1f} MB")
    print(f"import (parse + validate + write TOML): {imported:.2f} s")
    print(f"load (tomllib + validate): {loaded:.2f} s for {len(catalog)} entries")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
