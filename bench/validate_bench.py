"""Time SHACL validation: the published graph, and a synthetic staffing roster (prints a table).

    .venv/bin/python bench/validate_bench.py [--n 3] [--rows 1000]

Rows: every published regulation validated on its own (data/graph/*.ttl + ontology), once with the
pySHACL speed fixes of sotk_kg/checks/pyshacl_compat.py and once without them (same results, see
tests/shapes/test_engine.py); then a roster of ROWS rows generated from the published posts (valid
NIPs, grades from the ontology ladders), validated against the structure. Medians of N runs.
Rosters of 1,000 to 50,000 rows, with memory: bench/roster_bench.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from sotk_kg.checks import shacl
from sotk_kg.checks.validation import (
    Sources,
    _ontology_triples,
    _published_units,
    _store,
    validate_paths,
)

POSTS = """
PREFIX org: <http://www.w3.org/ns/org#> PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?post ?name ?leads ?graded WHERE {
  ?post a org:Post ; sotk:establishedBy ?work ; skos:prefLabel ?name .
  BIND(EXISTS { ?post sotk:leads ?u } AS ?leads)
  BIND(EXISTS { ?post sotk:gradeRequirement ?r } AS ?graded)
} ORDER BY ?post"""


def timed(fn: Callable[[], object], n: int) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def unique_nip(i: int) -> str:
    """A valid NIP of its own for row i (a person per row, as in a real roster): born one of
    12,000 days from 1960, appointed 22-31 years later, the serial number telling apart rows born
    the same day."""
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=i % 12_000)
    appointed = f"{birth.year + 22 + i % 10}{1 + i % 12:02d}"
    return f"{birth:%Y%m%d}{appointed}{1 + i % 2}{i // 12_000:03d}"


def synthetic_roster(store: ox.Store, rows: int) -> str:
    """CSV rows cycling over the posts: one holder per leading post, the rest shared posts."""
    posts = [(r["name"].value, r["leads"].value == "true", r["graded"].value == "true")
             for r in store.query(POSTS)]  # fmt: skip
    leading = [p for p in posts if p[1] or p[2]]
    shared = [p for p in posts if not (p[1] or p[2])] or posts
    lines = ["nama,nip,jabatan,jenis_jabatan,jenjang,mulai"]
    for i in range(rows):
        name, leads, graded = leading[i] if i < len(leading) else shared[i % len(shared)]
        jenis, grade = ("struktural", "") if leads else ("fungsional", "Ahli Muda")
        if not leads and not graded and i % 2:
            jenis, grade = "pelaksana", ""
        lines.append(f'Pegawai {i},{unique_nip(i)},"{name}",{jenis},{grade},2022-01-03')
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--rows", type=int, default=1000, help="rows of the synthetic roster")
    args = parser.parse_args(argv)
    sources = Sources.from_settings()
    units = _published_units(sources)
    if not units:
        print("no published graph in data/graph: run `sotk-kg build` first", file=sys.stderr)
        return 2
    ontology = _ontology_triples(sources)
    shapes = shacl.load_shapes(sources.shapes_dir, shacl.STRUCTURE)
    print(f"{'measurement':<66} {'triples':>8} {'median s':>9}")
    for name, triples in units:
        size = len(triples) + len(ontology)
        for fast in (True, False):
            label = f"{name} structure ({'with' if fast else 'without'} pySHACL fixes)"

            def run(c: bool = fast, t: list = triples) -> object:
                return shacl.run(_store(ontology, t), shapes, fast=c)

            seconds = timed(run, args.n)
            print(f"{label:<66} {size:>8} {seconds:>9.2f}")
    print(f"{'validate_paths([]) (all published, end to end)':<66} {'':>8} "
          f"{timed(lambda: validate_paths([]), args.n):>9.2f}")  # fmt: skip
    context = _store(ontology, *(t for _, t in units))
    with tempfile.TemporaryDirectory() as tmp:
        roster = Path(tmp) / "roster.csv"
        roster.write_text(synthetic_roster(context, args.rows), encoding="utf-8")
        outcome = validate_paths([roster])
        seconds = timed(lambda: validate_paths([roster]), args.n)
        label = f"roster of {args.rows} rows ({len(outcome.findings)} findings)"
        print(f"{label:<66} {'':>8} {seconds:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
