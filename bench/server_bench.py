"""Latency (p50/p95) and throughput of the `queries/` catalogue, single and concurrent clients,
side by side in one run:

1. this server over HTTP (`sotk-kg serve` in a subprocess, SPARQL JSON results),
2. pyoxigraph called in-process (the engine's own limit: no HTTP, no worker pipe),
3. rdflib's default in-memory store (its own SPARQL engine).

Each system answers every query and serialises the result as SPARQL JSON (or N-Triples for
graphs), so the work compared is the same. Prints tables; asserts nothing.

    .venv/bin/python bench/server_bench.py [--root DIR] [--rounds 10] [--clients 4]

`--root` is a project tree with ontology/, shapes/, queries/ and data/graph/*.nq (default: this
repository; build the graph first with `sotk-kg build`).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox
from rdflib import Dataset

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sotk_kg.server.examples import load_examples
from sotk_kg.settings import Settings
from sotk_kg.store.load import load_memory, sources

Runner = Callable[[str], int]  # runs one query, returns the size of the serialised answer


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(root: Path, workers: int) -> tuple[subprocess.Popen[bytes], str, float]:
    port = free_port()
    env = {**os.environ, "SOTK_ROOT": str(root), "SOTK_WORKERS": str(workers)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sotk_kg.cli", "serve", "--port", str(port), "--log-level",
         "warning"],
        env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return proc, url, time.perf_counter() - started
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("server exited")
        time.sleep(0.02)


def http_runner(url: str) -> Runner:
    local = threading.local()

    def run(query: str) -> int:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=60)
        resp = local.client.post(
            url + "/sparql",
            data={"query": query},
            headers={"Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
        )
        resp.raise_for_status()
        return len(resp.content)

    return run


def oxigraph_runner(store: ox.Store) -> Runner:
    def run(query: str) -> int:
        result = store.query(query)
        if isinstance(result, ox.QueryTriples):
            return len(ox.serialize(result, format=ox.RdfFormat.N_TRIPLES))
        return len(result.serialize(format=ox.QueryResultsFormat.JSON))

    return run


def rdflib_runner(settings: Settings) -> Runner:
    ds = Dataset(default_union=True)
    for src in sources(settings):
        if src.graph:
            ds.graph(src.graph).parse(src.path, format="turtle")
        else:
            ds.parse(src.path, format="nquads")

    def run(query: str) -> int:
        result = ds.query(query)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return len(result.serialize(format="nt"))
        return len(result.serialize(format="json"))

    return run


def measure(name: str, runner: Runner, queries: dict[str, str], rounds: int, clients: int,
            per_query: dict[str, dict[str, float]]) -> dict[str, float]:  # fmt: skip
    failed: list[str] = []
    ok: dict[str, str] = {}
    for qname, q in queries.items():  # warm-up, and find what this system can run at all
        try:
            runner(q)
            ok[qname] = q
        except Exception as exc:  # a system that cannot run a query is reported, not fatal
            failed.append(f"{qname}: {type(exc).__name__}: {str(exc)[:80]}")
    latencies: list[float] = []
    for qname, q in ok.items():
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            runner(q)
            times.append((time.perf_counter() - t) * 1000)
        per_query.setdefault(qname, {})[name] = statistics.median(times)
        latencies += times
    jobs = [q for q in ok.values() for _ in range(rounds)]
    t = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(runner, jobs))
    wall = time.perf_counter() - t
    for f in failed:
        print(f"  [{name}] could not run {f}")
    return {
        "queries": len(ok),
        "p50": percentile(latencies, 50) if latencies else float("nan"),
        "p95": percentile(latencies, 95) if latencies else float("nan"),
        "single_qps": len(latencies) / (sum(latencies) / 1000) if latencies else 0.0,
        "conc_qps": len(jobs) / wall if jobs else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Settings().root)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="server query workers")
    parser.add_argument("--skip-rdflib", action="store_true")
    args = parser.parse_args()

    settings = dataclasses.replace(Settings(), root=args.root.resolve())
    queries = {ex.name: ex.query for ex in load_examples(settings.queries_dir)}
    t = time.perf_counter()
    store = load_memory(settings)
    load_s = time.perf_counter() - t
    print(f"graph: {len(store)} quads in {len(list(store.named_graphs()))} named graphs; "
          f"{len(queries)} queries; pyoxigraph load {load_s:.2f} s")  # fmt: skip

    # The bench's clients share one address: let each have its query in flight.
    os.environ.setdefault("SOTK_CLIENT_QUERIES", str(args.clients))
    proc, url, startup = start_server(settings.root, args.workers)
    print(f"server start-up until /health answers: {startup:.2f} s "
          f"(process start, imports, store load, {args.workers} workers)")  # fmt: skip
    results: dict[str, dict[str, float]] = {}
    per_query: dict[str, dict[str, float]] = {}

    def run(name: str, runner: Runner, rounds: int) -> None:
        results[name] = measure(name, runner, queries, rounds, args.clients, per_query)

    try:
        run("server (HTTP)", http_runner(url), args.rounds)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    run("pyoxigraph in-process", oxigraph_runner(store), args.rounds)
    if not args.skip_rdflib:
        t = time.perf_counter()
        runner = rdflib_runner(settings)
        print(f"rdflib load: {time.perf_counter() - t:.2f} s")
        run("rdflib in-memory", runner, max(1, args.rounds // 5))

    print(f"\nall queries, {args.rounds} rounds each (rdflib: a fifth), "
          f"{args.clients} concurrent clients")  # fmt: skip
    print(f"{'system':24} {'queries':>7} {'p50 ms':>9} {'p95 ms':>9} {'q/s 1 client':>13} "
          f"{'q/s ' + str(args.clients) + ' clients':>14}")  # fmt: skip
    for name, r in results.items():
        print(f"{name:24} {r['queries']:7d} {r['p50']:9.2f} {r['p95']:9.2f} "
              f"{r['single_qps']:13.1f} {r['conc_qps']:14.1f}")  # fmt: skip
    systems = list(results)
    print("\nmedian ms per query")
    print(f"{'query':40} " + " ".join(f"{s[:16]:>16}" for s in systems))
    for qname, row in per_query.items():
        cells = " ".join(f"{row[s]:16.2f}" if s in row else f"{'-':>16}" for s in systems)
        print(f"{qname[:40]:40} {cells}")


if __name__ == "__main__":
    main()
