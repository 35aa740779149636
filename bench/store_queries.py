"""The query catalogue on an on-disk store, in process (no HTTP, no worker pool): per query, the
best of `--repeat` runs, each query in a fresh child process with a time limit. Separates the
engine's cost from the server's, and measures what compacting a freshly loaded store changes.

    .venv/bin/python -m bench.store_queries --store DIR --sidecar REG.json [--compare-compaction]

`--sidecar` is a generated regulation's sidecar (bench/corpus.py): the catalogue's VALUES
parameters point at it, as in bench/scale.py. With `--compare-compaction`, the store is measured,
compacted (`Store.optimize`, timed) and measured again. Two probes are added to the catalogue:
`probe-scan` counts every `sotk:verbatimText` and `probe-contains` filters them with CONTAINS, so
the difference is the cost of reading the literals' strings.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from bench.scale import Query, catalogue, parameters

REPO = Path(__file__).resolve().parent.parent
SOTK = "PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#>\n"
PROBES = [
    Query("probe-scan", SOTK + "SELECT (COUNT(*) AS ?n) WHERE { ?node sotk:verbatimText ?text }",
          "corpus"),
    Query("probe-contains", SOTK + "SELECT (COUNT(*) AS ?n) WHERE { ?node sotk:verbatimText ?text "
          'FILTER (CONTAINS(LCASE(STR(?text)), "bimbingan teknis")) }', "corpus"),
]  # fmt: skip

# Runs in the child: open read-only, run the query `repeat` times, print best ms and rows.
_CHILD = """
import sys, time, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
query, best, rows = sys.stdin.read(), None, 0
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    result = store.query(query)
    rows = 1 if isinstance(result, ox.QueryBoolean) else sum(1 for _ in result)
    took = time.perf_counter() - started
    best = took if best is None else min(best, took)
print(f"{best * 1000:.1f} {rows}")
"""


def measure(store: Path, queries: list[Query], repeat: int, timeout: float) -> dict[str, str]:
    out = {}
    for q in queries:
        try:
            done = subprocess.run([sys.executable, "-c", _CHILD, str(store), str(repeat)],
                                  input=q.text, capture_output=True, text=True, timeout=timeout,
                                  check=True)  # fmt: skip
            ms, rows = done.stdout.split()
            out[q.name] = f"{float(ms):,.1f} ms ({rows} rows)"
        except subprocess.TimeoutExpired:
            out[q.name] = f"> {timeout:g} s"
        except subprocess.CalledProcessError as exc:
            out[q.name] = f"error: {exc.stderr.strip().splitlines()[-1][:80]}"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_queries",
                                     description=__doc__.split("\n\n")[0])  # fmt: skip
    parser.add_argument("--store", type=Path, required=True, help="on-disk store directory")
    parser.add_argument(
        "--sidecar",
        type=Path,
        required=True,
        help="sidecar .json of the regulation the one-regulation queries ask about",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (best is kept)")
    parser.add_argument("--timeout", type=float, default=120.0, help="limit per query (s)")
    parser.add_argument(
        "--compare-compaction",
        action="store_true",
        help="measure, compact the store, measure again",
    )
    args = parser.parse_args(argv)

    from sotk_kg.iris import DEFAULT_BASE

    sidecar = json.loads(args.sidecar.read_text("utf-8"))
    queries = catalogue(REPO / "queries", parameters(sidecar, DEFAULT_BASE)) + PROBES
    columns = {"as loaded" if args.compare_compaction else "store": measure(
        args.store, queries, args.repeat, args.timeout)}  # fmt: skip
    if args.compare_compaction:
        import pyoxigraph as ox

        started = time.perf_counter()
        store = ox.Store(str(args.store))
        store.optimize()
        store.flush()
        del store
        print(f"compaction (Store.optimize): {time.perf_counter() - started:.1f} s")
        columns["compacted"] = measure(args.store, queries, args.repeat, args.timeout)
    print(
        f"store {args.store}; one-regulation queries ask about {sidecar['work']['path']}; "
        f"best of {args.repeat} runs, in process"
    )
    print("query".ljust(36) + "scope".ljust(16) + "".join(c.rjust(26) for c in columns))
    for q in queries:
        print(
            q.name.ljust(36)
            + q.scope.ljust(16)
            + "".join(col[q.name].rjust(26) for col in columns.values())
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
