"""Refreshing an on-disk store in place: only the graphs of added, changed or removed files are
rewritten, a file that does not parse changes nothing, and the result is the store a full build
gives."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from servertree import BEKASI_GRAPH, SUKAMAJU_GRAPH

from sotk_kg.settings import Settings
from sotk_kg.store.load import MANIFEST, Manifest, Refresh, StoreError, build_disk

NEW_GRAPH = "https://w3id.org/sotk-kg/graph/perwal/kota-lain/2024/1"
ONTOLOGY_GRAPH = "https://w3id.org/sotk-kg/graph/ontology"
SKOS_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"


def _regulation(graph: str, label: str) -> str:
    """One N-Quads line: a unit of `graph` with the label `label`."""
    return f'<{graph}/unit> {SKOS_LABEL} "{label}"@id <{graph}> .\n'


def _write(path: Path, text: str) -> None:
    """Rewrites `path`, its mtime a second on, so the edit shows whatever the clock resolution."""
    mtime = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime, mtime + 10**9))


def _quads(directory: Path) -> dict[str, set[str]]:
    """Per named graph, its quads exactly as stored (blank node labels included: a graph that was
    not rewritten keeps them). The default graph, their union, has tests of its own."""
    store = ox.Store.read_only(str(directory))
    found: dict[str, set[str]] = {}
    for quad in store:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            continue
        found.setdefault(quad.graph_name.value, set()).add(str(quad))
    return found


def _dump(directory: Path) -> list[str]:
    """The store as sorted N-Quads lines, blank nodes canonically relabelled (each load renames
    them)."""
    dataset = ox.Dataset(ox.Store.read_only(str(directory)))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted(ox.serialize(dataset, format=ox.RdfFormat.N_QUADS).decode().splitlines())


def _fresh_dump(settings: Settings, tmp_path: Path) -> list[str]:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    assert build_disk(fresh, settings).kind == "full"
    return _dump(fresh)


@pytest.fixture()
def db(settings: Settings, tmp_path: Path) -> Path:
    directory = tmp_path / "db"
    first = build_disk(directory, settings)
    assert first.kind == "full"
    assert set(first.graphs) == {BEKASI_GRAPH, SUKAMAJU_GRAPH, ONTOLOGY_GRAPH,
                                 "https://w3id.org/sotk-kg/graph/shapes"}  # fmt: skip
    assert build_disk(directory, settings) == Refresh("current")
    return directory


def test_adding_a_regulation_rewrites_only_its_graph(settings: Settings, db: Path) -> None:
    before = _quads(db)
    (settings.graph_dir / "perwal-kota-lain-2024-1.nq").write_text(
        _regulation(NEW_GRAPH, "Dinas Baru"), encoding="utf-8"
    )
    assert build_disk(db, settings) == Refresh("graphs", (NEW_GRAPH,))
    after = _quads(db)
    assert after.pop(NEW_GRAPH) == {_regulation(NEW_GRAPH, "Dinas Baru").strip(" .\n")}
    assert after == before  # every other graph untouched, down to its blank node labels
    manifest = Manifest.read(db)
    assert manifest is not None
    assert manifest.graphs[NEW_GRAPH].keys() == {"data/graph/perwal-kota-lain-2024-1.nq"}
    assert build_disk(db, settings) == Refresh("current")


def test_changing_a_file_replaces_exactly_its_graph(settings: Settings, db: Path) -> None:
    before = _quads(db)
    assert any('"Dinas Perhubungan Kota Sukamaju"@id' in q for q in before[SUKAMAJU_GRAPH])
    _write(settings.graph_dir / "perwal-kota-sukamaju-2023-7.nq",
           _regulation(SUKAMAJU_GRAPH, "Dinas Lain"))  # fmt: skip
    assert build_disk(db, settings) == Refresh("graphs", (SUKAMAJU_GRAPH,))
    after = _quads(db)
    assert after.pop(SUKAMAJU_GRAPH) == {_regulation(SUKAMAJU_GRAPH, "Dinas Lain").strip(" .\n")}
    del before[SUKAMAJU_GRAPH]
    assert after == before


def test_removing_a_file_drops_its_graph(settings: Settings, db: Path) -> None:
    before = _quads(db)
    (settings.graph_dir / "perwal-kota-sukamaju-2023-7.nq").unlink()
    assert build_disk(db, settings) == Refresh("graphs", (SUKAMAJU_GRAPH,))
    after = _quads(db)
    del before[SUKAMAJU_GRAPH]
    assert after == before
    assert not ox.Store.read_only(str(db)).contains_named_graph(ox.NamedNode(SUKAMAJU_GRAPH))
    manifest = Manifest.read(db)
    assert manifest is not None and SUKAMAJU_GRAPH not in manifest.graphs


def test_a_file_that_does_not_parse_changes_nothing(settings: Settings, db: Path) -> None:
    """All changed files are parsed before the store is written: the good new file is not
    loaded either, and the manifest is the old one."""
    before, manifest = _quads(db), (db / MANIFEST).read_bytes()
    (settings.graph_dir / "a-good-one.nq").write_text(_regulation(NEW_GRAPH, "Baru"), "utf-8")
    (settings.graph_dir / "z-broken.nq").write_text("<http://a> <http://b> .\n", "utf-8")
    with pytest.raises(StoreError, match=r"z-broken\.nq"):
        build_disk(db, settings)
    assert _quads(db) == before
    assert (db / MANIFEST).read_bytes() == manifest


def test_a_base_change_rebuilds_everything(settings: Settings, db: Path) -> None:
    public = dataclasses.replace(settings, base="https://sotk.example.go.id")
    refresh = build_disk(db, public)
    assert refresh.kind == "full"
    assert set(refresh.graphs) == set(_quads(db))
    assert all(g.startswith("https://sotk.example.go.id/graph/") for g in _quads(db))


@pytest.mark.parametrize("damage", ["missing", "corrupt", "force"])
def test_no_usable_manifest_or_force_rebuilds_everything(
    settings: Settings, db: Path, damage: str
) -> None:
    if damage == "missing":
        (db / MANIFEST).unlink()
    elif damage == "corrupt":
        (db / MANIFEST).write_text('{"format": 2, "base"', encoding="utf-8")
    assert build_disk(db, settings, force=damage == "force").kind == "full"
    assert build_disk(db, settings) == Refresh("current")


def test_refreshed_store_equals_a_fresh_build(settings: Settings, db: Path, tmp_path: Path) -> None:
    """After an addition, an edit, a removal and an edit of one of the two ontology files (the
    ontology graph is rewritten from both), the store dumps exactly as one built from scratch."""
    scheme = settings.ontology_dir / "schemes" / "jenis.ttl"
    scheme.write_text(
        "<https://w3id.org/sotk-kg/def/jenis/perwal> "
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "Peraturan Wali Kota"@id .\n',
        encoding="utf-8",
    )
    assert build_disk(db, settings) == Refresh("graphs", (ONTOLOGY_GRAPH,))
    assert _dump(db) == _fresh_dump(settings, tmp_path)

    (settings.graph_dir / "perwal-kota-lain-2024-1.nq").write_text(
        _regulation(NEW_GRAPH, "Dinas Baru"), encoding="utf-8"
    )
    _write(settings.graph_dir / "perwal-kota-sukamaju-2023-7.nq",
           _regulation(SUKAMAJU_GRAPH, "Dinas Lain"))  # fmt: skip
    (settings.graph_dir / "perbup-kab-bekasi-2021-99.nq").unlink()
    _write(scheme, scheme.read_text(encoding="utf-8").replace("Wali Kota", "Walikota"))
    refresh = build_disk(db, settings)
    assert refresh.kind == "graphs"
    assert set(refresh.graphs) == {BEKASI_GRAPH, ONTOLOGY_GRAPH, SUKAMAJU_GRAPH, NEW_GRAPH}
    assert _dump(db) == _fresh_dump(settings, tmp_path)


def test_an_interrupted_refresh_is_redone_whole_by_the_next(
    settings: Settings, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest is marked "refreshing" before the store is touched and rewritten after: if
    the process stops in between, the store may be half-refreshed (the default graph too), so the
    next run rebuilds it whole, to the result of a fresh build."""
    _write(settings.graph_dir / "perwal-kota-sukamaju-2023-7.nq",
           _regulation(SUKAMAJU_GRAPH, "Dinas Lain"))  # fmt: skip
    real_write = Manifest.write

    def crash(self: Manifest, directory: Path, refreshing: bool = False) -> None:
        if not refreshing:
            raise OSError("killed before the manifest")
        real_write(self, directory, refreshing=True)

    with monkeypatch.context() as patch:
        patch.setattr(Manifest, "write", crash)
        with pytest.raises(OSError, match="killed"):
            build_disk(db, settings)
    assert Manifest.read(db) is None  # marked: not trusted for an in-place refresh
    assert build_disk(db, settings).kind == "full"
    assert _dump(db) == _fresh_dump(settings, tmp_path)


def _default_graph(directory: Path) -> set[str]:
    store = ox.Store.read_only(str(directory))
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def test_the_default_graph_stays_the_set_union_of_the_named_graphs(
    settings: Settings, db: Path
) -> None:
    """A triple two regulations state is in the default graph once, and stays there until the
    last regulation stating it is gone; every refresh keeps the default graph the set union."""

    def union(directory: Path) -> set[str]:
        store = ox.Store.read_only(str(directory))
        return {str(q.triple) for q in store
                if isinstance(q.graph_name, ox.NamedNode)}  # fmt: skip

    assert _default_graph(db) == union(db)
    shared = f'<{ONTOLOGY_GRAPH}/cited-act> {SKOS_LABEL} "Undang-Undang"@id'
    first = settings.graph_dir / "perwal-kota-lain-2024-1.nq"
    second = settings.graph_dir / "perwal-kota-lain-2024-2.nq"
    first.write_text(f"{shared} <{NEW_GRAPH}> .\n", encoding="utf-8")
    second.write_text(f"{shared} <{NEW_GRAPH}-2> .\n", encoding="utf-8")
    build_disk(db, settings)
    triple = f'<{ONTOLOGY_GRAPH}/cited-act> {SKOS_LABEL} "Undang-Undang"@id'
    store = ox.Store.read_only(str(db))
    count = f'SELECT * WHERE {{ ?s {SKOS_LABEL} "Undang-Undang"@id }}'
    assert len(list(store.query(count))) == 1  # not once per graph
    del store
    first.unlink()
    assert build_disk(db, settings).graphs == (NEW_GRAPH,)
    assert any(triple in t for t in _default_graph(db))
    assert _default_graph(db) == union(db)
    second.unlink()
    build_disk(db, settings)
    assert not any(triple in t for t in _default_graph(db))
    assert _default_graph(db) == union(db)


def test_in_place_refreshes_compact_once_they_add_up(
    settings: Settings, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full build compacts; refreshes count what they write and compact once it reaches
    COMPACT_AFTER of the store, then start counting again."""
    from sotk_kg.store import load as store_load

    compactions: list[int] = []
    real = store_load._compact
    monkeypatch.setattr(store_load, "_compact", lambda s: (compactions.append(1), real(s)))
    manifest = Manifest.read(db)
    assert manifest is not None and manifest.quads > 0 and manifest.uncompacted == 0
    # one quad per new graph, and its default-graph copy: 2 quads written per refresh
    monkeypatch.setattr(store_load, "COMPACT_AFTER", 5 / manifest.quads)
    for n in range(1, 4):
        (settings.graph_dir / f"perwal-kota-lain-2024-{n}.nq").write_text(
            _regulation(f"{NEW_GRAPH}-{n}", "Dinas Baru"), encoding="utf-8"
        )
        refresh = build_disk(db, settings)
        assert refresh.kind == "graphs"
        assert refresh.compacted == (n == 3)  # 2, 4, then 6 >= 5 quads written in place
    after = Manifest.read(db)
    assert compactions == [1]
    assert after is not None and after.uncompacted == 0
    assert after.quads == manifest.quads + 6


def test_a_store_open_in_another_process_is_not_written(settings: Settings, db: Path) -> None:
    """A reader (here a child process that opened the store as the server does) holds the store's
    lock: a refresh then fails with StoreBusy and touches nothing; once the reader is gone, it
    goes through."""
    import subprocess
    import sys

    from sotk_kg.store.load import StoreBusy

    reader = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, dataclasses, pathlib\n"
         "from sotk_kg.settings import Settings\n"
         "from sotk_kg.store.load import open_store\n"
         "s = dataclasses.replace(Settings(), root=pathlib.Path(sys.argv[1]), base=sys.argv[3])\n"
         "open_store(s, pathlib.Path(sys.argv[2]))\n"
         "print('open', flush=True)\n"
         "sys.stdin.read()\n",
         str(settings.root), str(db), settings.base],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert reader.stdout is not None and reader.stdout.readline() == "open\n"
        before = _quads(db)
        (settings.graph_dir / "perwal-kota-lain-2024-1.nq").write_text(
            _regulation(NEW_GRAPH, "Dinas Baru"), encoding="utf-8"
        )
        with pytest.raises(StoreBusy, match="in use by another process"):
            build_disk(db, settings)
        with pytest.raises(StoreBusy):
            build_disk(db, settings, force=True)
        assert _quads(db) == before
    finally:
        reader.communicate("", timeout=30)
    assert build_disk(db, settings) == Refresh("graphs", (NEW_GRAPH,))
