"""Time the query worker's evaluation of the corpus-wide worked questions on a built store, as a
worker runs them (`server/worker.py` `evaluate`: the engine, the caps, the SPARQL JSON written),
without HTTP. For large answers (question 10 answers 22 MB at 1,000 regulations), the part the
answer's writer takes.

    python -m bench.worker_answers /tmp/corpus-dev/1000/store [--queries 04,05,10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyoxigraph as ox

from sotk_kg.server.worker import Job, evaluate
from sotk_kg.settings import Settings

QUERIES = Path(__file__).resolve().parents[1] / "queries"
JSON = "application/sparql-results+json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker_answers", description=__doc__)
    parser.add_argument("store", type=Path, help="an on-disk store (e.g. bench/scale.py --keep)")
    parser.add_argument("--queries", default="04,05,10", help="worked question numbers")
    parser.add_argument("--rounds", type=int, default=3, help="evaluations per question (best)")
    opts = parser.parse_args(argv)
    store = ox.Store.read_only(str(opts.store))
    settings = Settings()
    print("question                         best ms    bytes  written by")
    for number in opts.queries.split(","):
        (path,) = QUERIES.glob(f"{number}-*.rq")
        job = Job(path.read_text(encoding="utf-8"), JSON, None, settings.max_rows,
                  max_bytes=settings.max_result_bytes)  # fmt: skip
        times = []
        for _ in range(opts.rounds):
            start = time.perf_counter()
            answer = evaluate(store, job)
            times.append(time.perf_counter() - start)
        body = getattr(answer, "body", b"")
        writer = "engine" if getattr(answer, "rows", 0) is None else "row by row"
        print(f"{path.stem:32} {min(times) * 1000:7.0f} {len(body):8} {writer}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
