"""Running pySHACL: which shapes files, on which data-graph backend, with which workarounds.

Backend: a `pyoxigraph.Store` per validation call (stack-findings §3: 3-7x faster than rdflib's
in-memory graph, SHACL-SPARQL constraints run on Oxigraph's engine). No `inference=`: it crashes on
a raw Store (§2) and the class hierarchy is followed by sh:targetClass through the ontology's
rdfs:subClassOf triples, which are loaded into the same store.

pySHACL's defects are worked around in `checks.pyshacl_compat` (what each is, the upstream
references, and the tests that tell when one can go): two correctness fixes on every run, two
speed fixes unless `fast=False`, all applied for the duration of one validation and then undone.
What this module adds is ours, not a workaround: messages in a stable order (`order_messages`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, Literal, Namespace

from sotk_kg.checks import pyshacl_compat
from sotk_kg.iris import DEFAULT_BASE, read_rebased

SH = Namespace("http://www.w3.org/ns/shacl#")

STRUCTURE = "structure"
ROSTER = "roster"
COMMON_FILE = "common.shacl.ttl"
ROSTER_FILE = "roster.shacl.ttl"


def shapes_files(shapes_dir: Path, kind: str) -> list[Path]:
    """The shapes files of one kind: `roster` = roster.shacl.ttl, `structure` = all the others."""
    if kind not in (STRUCTURE, ROSTER):
        raise ValueError(f"unknown kind of shapes: {kind!r}")
    files = sorted(shapes_dir.glob("*.shacl.ttl"))
    chosen = [f for f in files if (f.name == ROSTER_FILE) == (kind == ROSTER)]
    common = shapes_dir / COMMON_FILE
    return [common, *(f for f in chosen if f.name != COMMON_FILE)]


def load_shapes(shapes_dir: Path, kind: str, base: str = DEFAULT_BASE) -> Graph:
    files = shapes_files(shapes_dir, kind)
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    return _load_shapes_cached(stamp, base)


@lru_cache(maxsize=8)
def _load_shapes_cached(stamp: tuple[tuple[str, int], ...], base: str) -> Graph:
    graph = Graph()
    for path, _mtime in stamp:
        graph.parse(data=read_rebased(Path(path), base), format="turtle", publicID=path)
    return graph


def run(store: ox.Store, shapes: Graph, *, fast: bool = True) -> tuple[bool, Graph]:
    """Validate the default graph of `store`; returns (conforms, sh:ValidationReport graph).
    `fast=False` runs pySHACL without the speed fixes (for the equivalence test and the
    benchmark)."""
    with pyshacl_compat.applied(speedups=fast):
        conforms, report, _text = pyshacl.validate(
            store,  # type: ignore[arg-type]  # pySHACL 0.40 takes a Store; its hint omits it
            shacl_graph=shapes,
        )
    if not isinstance(report, Graph):  # pySHACL returns its ValidationFailure instead of raising
        raise RuntimeError(f"SHACL validation failed to run: {report}")
    pyshacl_compat.restore_message_languages(report, shapes)
    order_messages(report)
    return bool(conforms), report


def order_messages(report: Graph) -> None:
    """Store each result's messages sorted (by language, then text). pySHACL emits them in an order
    that follows Python's per-process string hashing, so reports made in different processes
    (worker processes, cached runs) would list the same messages in another order."""
    for result in set(report.subjects(SH.resultMessage, None)):
        messages = list(report.objects(result, SH.resultMessage))
        if len(messages) < 2:
            continue
        report.remove((result, SH.resultMessage, None))
        for message in sorted(messages, key=_message_order):
            report.add((result, SH.resultMessage, message))


def _message_order(message: object) -> tuple[str, str]:
    language = message.language if isinstance(message, Literal) else None
    return (language or "", str(message))
