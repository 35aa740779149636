"""The loader's per-regulation duty tallies (store/stats.py): counted from each regulation file,
stored in its statistics graph, and rewritten, kept or dropped with the regulation's graph on every
refresh; a graph without posts gets none."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from servertree import BEKASI_GRAPH

from sotk_kg.settings import Settings
from sotk_kg.store.load import build_disk
from sotk_kg.store.stats import stats_graph

BASE = "https://w3id.org/sotk-kg"
GRAPH = f"{BASE}/graph/perbup/kab-lain/2024/5"
POST = f"{BASE}/id/post/kab-lain/dinas-x/kepala-dinas"
ORG = f"{BASE}/id/org/kab-lain/dinas-x"
CATEGORY = f"{BASE}/id/concept/kategori-tugas/"
SOTK = "https://w3id.org/sotk-kg/def/sotk#"
TALLIES = f"""PREFIX sotk: <{SOTK}>
SELECT ?post ?category ?n WHERE {{ ?t sotk:tallyOf ?post ; sotk:tallyCategory ?category ;
  sotk:tallyCount ?n }} ORDER BY ?post ?category"""


def _regulation(duties: dict[str, str]) -> str:
    """N-Quads of one post (and its organisation, not a post) with `duties` (slug -> category)."""
    lines = [
        f"<{POST}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        f"<http://www.w3.org/ns/org#Post> <{GRAPH}> .",
        f"<{ORG}> <{SOTK}hasDuty> <{ORG}/tugas-pokok> <{GRAPH}> .",  # not a post: no tally
        f"<{ORG}/tugas-pokok> <{SOTK}dutyCategory> <{CATEGORY}tugas-pokok> <{GRAPH}> .",
    ]
    for slug, category in duties.items():
        duty = f"{POST}/{slug}"
        lines += [f"<{POST}> <{SOTK}hasDuty> <{duty}> <{GRAPH}> .",
                  f"<{duty}> <{SOTK}dutyCategory> <{CATEGORY}{category}> <{GRAPH}> ."]  # fmt: skip
    return "\n".join(lines) + "\n"


def _tallies(directory: Path) -> list[tuple[str, str, int]]:
    store = ox.Store.read_only(str(directory))
    return [(s["post"].value, s["category"].value.rsplit("/", 1)[-1], int(s["n"].value))
            for s in store.query(TALLIES)]  # type: ignore[union-attr]  # fmt: skip


@pytest.fixture()
def regulation(settings: Settings) -> Path:
    path = settings.graph_dir / "perbup-kab-lain-2024-5.nq"
    path.write_text(_regulation({"a": "fungsi", "b": "fungsi", "c": "tugas-pokok"}), "utf-8")
    return path


def test_tallies_count_each_posts_duties_by_category(
    settings: Settings, regulation: Path, tmp_path: Path
) -> None:
    build_disk(tmp_path / "db", settings)
    assert _tallies(tmp_path / "db") == [(POST, "fungsi", 2), (POST, "tugas-pokok", 1)]
    store = ox.Store.read_only(str(tmp_path / "db"))
    graphs = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    assert f"{BASE}/graph/stats/perbup/kab-lain/2024/5" in graphs
    assert stats_graph(BEKASI_GRAPH, BASE) not in graphs  # no post there: no statistics


def test_tallies_follow_the_refresh(settings: Settings, regulation: Path, tmp_path: Path) -> None:
    db = tmp_path / "db"
    build_disk(db, settings)
    mtime = regulation.stat().st_mtime_ns
    regulation.write_text(_regulation({"a": "fungsi", "d": "uraian-tugas-utama"}), "utf-8")
    os.utime(regulation, ns=(mtime, mtime + 10**9))
    refresh = build_disk(db, settings)
    assert set(refresh.graphs) == {GRAPH, stats_graph(GRAPH, BASE)}
    assert _tallies(db) == [(POST, "fungsi", 1), (POST, "uraian-tugas-utama", 1)]
    regulation.unlink()
    build_disk(db, settings)
    assert _tallies(db) == []
