"""What the reader's pages cost on a corpus: the home page's list of regulations (read once per
process), a regulation's page with its whole text in the reading view, a Pasal's page (previous /
next), the text assembled from the graph, and the organisation chart (layout and routing).

    python -m bench.reader_pages [N] [--repeat 5] [--store DIR]

Builds N generated regulations (bench/corpus.py, default 100) into a store (in memory, or in DIR,
which a later run with the same DIR reuses), then prints the median time of each, in
milliseconds, and the regulation page's size."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from bench.corpus import generate
from sotk_kg.pipeline import build_graph
from sotk_kg.server.orgchart import org_chart_svg
from sotk_kg.server.pages import describe, home, reading, views
from sotk_kg.server.pages.paths import Links
from sotk_kg.server.pages.resource import ResourcePage
from sotk_kg.server.pages.vocab import SPARQL_PROLOGUE
from sotk_kg.store.backend import EmbeddedBackend

BASE = "https://w3id.org/sotk-kg"


def median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reader_pages")
    parser.add_argument("n", type=int, nargs="?", default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", type=Path, help="an on-disk store, built on the first run")
    args = parser.parse_args(argv)
    if args.store and args.store.is_dir():
        store = ox.Store.read_only(str(args.store))
    else:
        store = ox.Store(str(args.store)) if args.store else ox.Store()
        started = time.perf_counter()
        for g in generate(args.n):
            built = build_graph(g.text, g.stem + ".txt", BASE)
            store.load(built.nquads().encode(), ox.RdfFormat.N_QUADS)
        store.flush()
        print(f"built and loaded {args.n} regulations in {time.perf_counter() - started:.1f} s")
    print(f"{len(store)} quads")
    backend = EmbeddedBackend(store)
    links = Links(BASE)
    work = views.regulations(backend)[0].iri
    pasal = str(backend.select(SPARQL_PROLOGUE + f"""SELECT ?p WHERE {{ GRAPH ?g {{
  ?p eli:is_part_of+ <{work}> ; a sotk:Pasal ; eli:number "7" }} }}""")[0]["p"])  # fmt: skip
    org = views.established_organisations(backend, work)[0]

    def page(iri: str) -> str:
        graph = describe.describe(backend, iri)
        return ResourcePage(backend, links, iri, graph, [], lambda o: None).render()

    figures = {
        "home page list (all regulations)": lambda: home.entries(backend, links),
        "regulation page (whole text)": lambda: page(work),
        "Pasal page (previous / next)": lambda: page(pasal),
        "text assembled from the graph": lambda: reading.plain_text(
            views.provision_tree(backend, work)
        ),
        "organisation chart": lambda: org_chart_svg(backend, links, org),
    }
    for name, run in figures.items():
        print(f"{name}: {median_ms(run, args.repeat):.0f} ms (median of {args.repeat})")
    print(f"regulation page: {len(page(work).encode()) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
