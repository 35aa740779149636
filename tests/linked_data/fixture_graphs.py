"""The regulation texts of tests/fixtures, each built into a store of its own (once per session),
for the tests that draw or read every kind of regulation."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

from sotk_kg.pipeline import build_graph
from sotk_kg.store.backend import EmbeddedBackend

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEXTS = sorted(p for p in FIXTURES.glob("*.txt") if p.name != "not-a-regulation.txt")


@cache
def backend_of(text: Path, base: str) -> EmbeddedBackend:
    built = build_graph(text.read_text(encoding="utf-8"), text.name, base)
    store = ox.Store()
    store.load(built.nquads().encode(), ox.RdfFormat.N_QUADS)
    return EmbeddedBackend(store)
