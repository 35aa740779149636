"""Fixtures of the shapes tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapes_support import STRUCTURE, other_dinas, sources_with_graph

from sotk_kg.checks.validation import Sources


@pytest.fixture
def published(tmp_path: Path) -> Sources:
    """Sources whose published graph is the conforming fixture structure alone."""
    graph_dir = tmp_path / "graph"
    graph_dir.mkdir()
    (graph_dir / "perbup-kab-contoh-2024-7.ttl").write_bytes(STRUCTURE.read_bytes())
    return sources_with_graph(graph_dir)


@pytest.fixture
def two_dinas(tmp_path: Path) -> Sources:
    """The fixture structure published next to a second Dinas with the same post names."""
    graph_dir = tmp_path / "graph-two"
    graph_dir.mkdir()
    (graph_dir / "perbup-kab-contoh-2024-7.ttl").write_bytes(STRUCTURE.read_bytes())
    other_dinas(graph_dir / "perbup-kab-lain-2024-8.ttl")
    return sources_with_graph(graph_dir)


@pytest.fixture(autouse=True)
def cli_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`sotk-kg validate` caches results under the checkout by default; in the tests, under
    tmp_path, so that no test writes into the repository or sees another test's results."""
    target = tmp_path / "validation-cache"
    monkeypatch.setattr("sotk_kg.commands.validate.default_cache_dir", lambda: target)
    return target
