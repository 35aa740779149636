"""Loading Virtuoso two ways, against the embedded store: `sotk-kg load --virtuoso-bulk` (its bulk
loader through isql) and `sotk-kg load --remote-store` (Graph Store Protocol, digest auth), for
the seed or a generated corpus of N regulations, and the catalogue's p50 on each engine.

    python -m bench.virtuoso_load [N]      # no N: the seed graph of data/graph/

Prints the figures; the record goes to bench/results/ by hand (one run, shared machine).
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings
from sotk_kg.store.load import load_memory, read_quads, with_versions
from sotk_kg.store.remote import RemoteEndpoint, push
from sotk_kg.store.virtuoso import VirtuosoServer, bulk_load, create_loader_user

REPO = Path(__file__).resolve().parent.parent


def corpus_root(n: int, work: Path) -> Path:
    """A project root whose data/graph holds N generated regulations, built by the pipeline."""
    from bench.corpus import write_corpus
    from sotk_kg.pipeline.build import build_files

    root = work / "root"
    (root / "data" / "graph").mkdir(parents=True)
    for name in ("ontology", "shapes", "queries"):
        (root / name).symlink_to(REPO / name)
    src = work / "src"
    src.mkdir()
    write_corpus(n, src, 20261128)
    build_files(sorted(src.glob("*.txt")), root / "data" / "graph", DEFAULT_BASE)
    return root


def p50(run: object, queries: list[str], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            run(q)  # type: ignore[operator]
            times.append(time.perf_counter() - started)
    times.sort()
    return times[len(times) // 2] * 1000


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 0
    work = Path(tempfile.mkdtemp(prefix="sotk-vload-"))
    try:
        settings = dataclasses.replace(Settings(), base=DEFAULT_BASE)
        if n:
            started = time.perf_counter()
            settings = dataclasses.replace(settings, root=corpus_root(n, work))
            print(f"N={n}: corpus built in {time.perf_counter() - started:.1f} s")
        quads = sum(1 for _ in read_quads(settings))
        print(f"quads: {quads:,}")
        started = time.perf_counter()
        store = load_memory(settings)
        print(f"embedded (in memory, with the materialised union): "
              f"{time.perf_counter() - started:.2f} s")  # fmt: skip
        queries = [p.read_text("utf-8") for p in sorted((REPO / "queries").glob("*.rq"))]
        with VirtuosoServer(work / "virtuoso", buffers=100_000) as server:
            print(f"virtuoso start-up: {server.startup_s:.1f} s")
            started = time.perf_counter()
            bulk_load(with_versions(settings)[0], server.load_dir, server.sql, server.user,
                      server.password)  # fmt: skip
            print(f"virtuoso bulk loader (with text index): {time.perf_counter() - started:.2f} s,"
                  f" disk {server.disk_bytes() / 2**20:.0f} MiB")  # fmt: skip
            create_loader_user(server.sql, server.password, "loader", "loader-pw")
            gsp = RemoteEndpoint(server.sparql, server.gsp, "loader", "loader-pw")
            started = time.perf_counter()
            push(gsp, with_versions(settings)[0], default_union=False)
            print(f"virtuoso Graph Store push (digest auth): {time.perf_counter() - started:.2f} s")
            endpoint = RemoteEndpoint(server.sparql)
            print(f"catalogue p50: embedded {p50(store.query, queries):.1f} ms, "
                  f"virtuoso {p50(endpoint.query, queries):.1f} ms")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
