"""The cost of the law over time at load: an on-disk store built whole (`build_disk(force=True)`:
the named graphs, then the versions graph and the default graph of the graphs in force) and an
in-memory load, on a project tree; prints seconds, quads and the versions found.

    .venv/bin/python -m bench.load_versions ROOT [--repeat 3] [--queries]

With `--queries`, each worked query of queries/ is timed on the in-memory store twice: on the
store's own default graph (a query naming no dataset, today) and on the list of graphs in force
(what `as-of` another day gives: Oxigraph merges a list as a bag, stack-findings §7.12).

ROOT holds ontology/, shapes/ and data/graph/ (e.g. `bench/corpus.py` texts built with
`sotk-kg build --out ROOT/data/graph`). Run it with another checkout on PYTHONPATH to compare.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import tempfile
import time
from pathlib import Path

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings
from sotk_kg.store import load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", action="store_true")
    args = parser.parse_args()
    settings = dataclasses.replace(Settings(), root=args.root.resolve(), base=DEFAULT_BASE)
    disk, memory = [], []
    quads = versions = 0
    for _ in range(args.repeat):
        work = Path(tempfile.mkdtemp(prefix="sotk-bench-load-"))
        try:
            started = time.perf_counter()
            load.build_disk(work / "store", settings, force=True)
            disk.append(time.perf_counter() - started)
            manifest = load.Manifest.read(work / "store")
            assert manifest is not None
            quads, versions = manifest.quads, len(getattr(manifest, "versions", ()))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        started = time.perf_counter()
        store = load.load_memory(settings)
        memory.append(time.perf_counter() - started)
        del store
    if args.queries:
        _queries(settings)
    graphs = len(list(settings.graph_dir.glob("*.nq")))
    print(f"regulation graphs {graphs}, store quads {quads}, versions {versions}")
    print(f"build_disk (full) best {min(disk):.2f} s  runs {', '.join(f'{t:.2f}' for t in disk)}")
    print(
        f"load_memory       best {min(memory):.2f} s  runs {', '.join(f'{t:.2f}' for t in memory)}"
    )


def _queries(settings: Settings) -> None:
    import pyoxigraph as ox

    from sotk_kg import versions as vs

    store = load.load_memory(settings)
    rows = vs.read_versions(
        {k: v.value for k, v in zip(["work", "expr", "graph", "from", "until"], sol, strict=True)
         if v is not None}
        for sol in store.query(vs.versions_query(settings.base))  # type: ignore[union-attr]
    )  # fmt: skip
    names = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    listed = [ox.NamedNode(g) for g in sorted(vs.visible(rows, names, vs.today()))]
    print(f"graphs in force today: {len(listed)} of {len(names)}")
    for path in sorted((settings.root / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        timings = []
        for dataset in (None, listed):
            started = time.perf_counter()
            n = sum(1 for _ in store.query(text, default_graph=dataset))  # type: ignore[arg-type]
            timings.append((time.perf_counter() - started) * 1000)
        print(f"  {path.stem:40s} default {timings[0]:9.1f} ms   listed {timings[1]:9.1f} ms"
              f"   ({n} rows)")  # fmt: skip


if __name__ == "__main__":
    main()
