"""Time and peak memory of building the seed regulation N times (prints a table).

    .venv/bin/python bench/build_bench.py [--n 10] [FILE]

Stages: parse (text -> provision tree), build (tree -> graph, parse included), serialise (Turtle +
sorted N-Quads). Times are measured without tracemalloc (it slows Python down); peak Python
allocation is measured in a separate traced run; ru_maxrss is the process's peak resident size.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from sotk_kg.pipeline.build import build_graph
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.resources import DATA_ROOT
from sotk_kg.settings import Settings

SEED = DATA_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"


def timed(fn: Callable[[], object], n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def peak_bytes(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, default=SEED)
    ap.add_argument("--n", type=int, default=10, help="repetitions per stage (default 10)")
    args = ap.parse_args()
    text = args.file.read_text(encoding="utf-8")
    base = Settings().base
    result = build_graph(text, args.file.name, base)  # warm-up (imports, regex compilation)

    stages: dict[str, Callable[[], object]] = {
        "parse": lambda: parse_document(text, args.file.name),
        "build (parse included)": lambda: build_graph(text, args.file.name, base),
        "serialise ttl + nq": lambda: (result.turtle(), result.nquads()),
    }
    print(
        f"{args.file.name}: {len(text.splitlines())} lines, {len(result.graph)} triples, "
        f"n = {args.n}"
    )
    print(f"{'stage':<24} {'median ms':>10} {'min ms':>9} {'max ms':>9} {'peak alloc MiB':>15}")
    for name, fn in stages.items():
        times = timed(fn, args.n)
        peak = peak_bytes(fn) / 2**20
        print(
            f"{name:<24} {statistics.median(times) * 1000:>10.1f} {min(times) * 1000:>9.1f} "
            f"{max(times) * 1000:>9.1f} {peak:>15.1f}"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"process peak RSS (ru_maxrss): {rss:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
