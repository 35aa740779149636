"""Loading the store: named graphs, the default graph as their set union, the base rewrite, the
on-disk store's staleness check and its safe rebuild."""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from servertree import BEKASI_GRAPH, DIRECT_UNITS, SUB_BAGIAN, SUKAMAJU_GRAPH, make_tree

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings
from sotk_kg.store.load import (
    MANIFEST,
    StoreError,
    build_disk,
    is_stale,
    load_memory,
    named_graphs,
    open_store,
)

UNITS = "SELECT ?u WHERE { ?u a <http://www.w3.org/ns/org#OrganizationalUnit> }"


def _count(store: ox.Store, query: str = UNITS) -> int:
    return len(list(store.query(query)))


def test_each_regulation_ontology_and_shapes_in_its_own_graph(settings: Settings) -> None:
    store = load_memory(settings)
    assert named_graphs(store) == sorted(
        [BEKASI_GRAPH, SUKAMAJU_GRAPH, f"{DEFAULT_BASE}/graph/ontology",
         f"{DEFAULT_BASE}/graph/shapes"]
    )  # fmt: skip
    # Units exist only in the Bekasi graph: Pasal 7 ayat (1) names 5 direct units and 2 Sub Bagian.
    in_bekasi = f"SELECT ?u WHERE {{ GRAPH <{BEKASI_GRAPH}> {{ ?u a ?t }} }}"
    assert _count(store) == len(DIRECT_UNITS) + len(SUB_BAGIAN)
    assert _count(store, in_bekasi.replace("?t", "<http://www.w3.org/ns/org#OrganizationalUnit>"))
    # The default graph is the set union of the named graphs (a triple several state, once).
    in_default = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert in_default == {q.triple for q in store if isinstance(q.graph_name, ox.NamedNode)}


def test_other_base_rewrites_data_iris_but_not_the_ontology_namespace(tmp_path: Path) -> None:
    public = "https://sotk.example.go.id"
    settings = dataclasses.replace(Settings(), root=make_tree(tmp_path / "t"), base=public)
    store = load_memory(settings)
    graphs = named_graphs(store)
    assert f"{public}/graph/perbup/kab-bekasi/2021/99" in graphs
    assert f"{public}/graph/ontology" in graphs
    assert not any(g.startswith(DEFAULT_BASE) for g in graphs)
    units = [s["u"].value for s in store.query(UNITS)]
    assert len(units) == len(DIRECT_UNITS) + len(SUB_BAGIAN)
    assert all(u.startswith(f"{public}/id/org/kab-bekasi/") for u in units)
    # The class IRI is in the fixed ontology namespace: unchanged.
    dinas = store.query("ASK { ?d a <https://w3id.org/sotk-kg/def/sotk#Dinas> }")
    assert bool(dinas)
    assert not list(
        store.quads_for_pattern(
            ox.NamedNode(
                f"{DEFAULT_BASE}/id/org/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah"
            ),
            None,
            None,
        )
    )


def test_a_bad_file_is_named_in_the_error(settings: Settings) -> None:
    bad = settings.graph_dir / "broken.nq"
    bad.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"broken\.nq"):
        load_memory(settings)


def test_triples_without_graph_in_a_regulation_file_are_refused(settings: Settings) -> None:
    (settings.graph_dir / "nograph.nq").write_text(
        "<http://a> <http://b> <http://c> .\n", encoding="utf-8"
    )
    with pytest.raises(StoreError, match=r"nograph\.nq.*outside any named graph"):
        load_memory(settings)


def test_on_disk_store_is_reused_then_rebuilt_when_data_changes(
    settings: Settings, tmp_path: Path
) -> None:
    directory = tmp_path / "db"
    build_disk(directory, settings)
    assert not is_stale(directory, settings)
    manifest_mtime = (directory / MANIFEST).stat().st_mtime_ns
    build_disk(directory, settings)  # up to date: not rebuilt
    assert (directory / MANIFEST).stat().st_mtime_ns == manifest_mtime

    # A new regulation file appears: the store is stale and the rebuild picks it up.
    extra = settings.graph_dir / "perwal-kota-lain-2024-1.nq"
    extra.write_text(
        "<https://w3id.org/sotk-kg/id/org/kota-lain> "
        "<http://www.w3.org/ns/org#hasUnit> <https://w3id.org/sotk-kg/id/org/kota-lain/x> "
        "<https://w3id.org/sotk-kg/graph/perwal/kota-lain/2024/1> .\n",
        encoding="utf-8",
    )
    assert is_stale(directory, settings)
    store = open_store(settings, directory)
    assert "https://w3id.org/sotk-kg/graph/perwal/kota-lain/2024/1" in named_graphs(store)
    del store

    # An edited file (same name, new content) also makes it stale.
    os.utime(extra, ns=(extra.stat().st_atime_ns, extra.stat().st_mtime_ns + 10**9))
    assert is_stale(directory, settings)


def test_failed_rebuild_keeps_the_old_store_serving(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = tmp_path / "db"
    build_disk(directory, settings)
    (settings.graph_dir / "broken.nq").write_text("not n-quads\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="sotk_kg.store.load"):
        store = open_store(settings, directory)
    assert "broken.nq" in caplog.text
    assert _count(store) == len(DIRECT_UNITS) + len(SUB_BAGIAN)  # the old, complete store
    assert not (tmp_path / "db.building").exists()


def test_failed_first_build_raises(settings: Settings, tmp_path: Path) -> None:
    (settings.graph_dir / "broken.nq").write_text("not n-quads\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"broken\.nq"):
        open_store(settings, tmp_path / "db")
    assert not (tmp_path / "db").exists()


def test_on_disk_store_loaded_in_batches_holds_every_quad(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`build_disk` bulk-loads in batches (constant memory); a batch size far below the number of
    quads must give the same store as loading everything at once."""
    from sotk_kg.store import load as store_load

    monkeypatch.setattr(store_load, "BULK_BATCH", 5)
    build_disk(tmp_path / "db", settings)
    on_disk = ox.Store.read_only(str(tmp_path / "db"))
    in_memory = load_memory(settings)
    assert len(in_memory) > 5 * 10  # many batches
    assert len(on_disk) == len(in_memory)

    def named(store: ox.Store) -> set[ox.Quad]:  # blank nodes are renamed by each load
        return {q for q in store if not any(isinstance(t, ox.BlankNode) for t in q)}

    assert named(on_disk) == named(in_memory)
