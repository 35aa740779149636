"""The full-text index of an on-disk store (store/textindex.py): built with the store, in step after
every refresh (only the graphs rewritten are re-read), a stale or missing index detected and
brought in step, and its query language (FTS5) refused with a clear message when unreadable."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from servertree import BEKASI_GRAPH, DINAS, SUKAMAJU_GRAPH

from sotk_kg.settings import Settings
from sotk_kg.store.load import _build_disk, build_disk, sync_text_index
from sotk_kg.store.textindex import (
    INDEX_FILE,
    PREDICATES,
    TextIndex,
    TextQueryError,
    check_syntax,
    memory_index,
)

SUKAMAJU_DINAS = "https://w3id.org/sotk-kg/id/org/kota-sukamaju/dinas-perhubungan"
NEW_GRAPH = "https://w3id.org/sotk-kg/graph/perwal/kota-lain/2024/1"
PREF_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"


def _regulation(graph: str, label: str) -> str:
    return f'<{graph}/unit> {PREF_LABEL} "{label}"@id <{graph}> .\n'


def _edit(path: Path, text: str) -> None:
    """Rewrites `path` with its mtime a second on, so the change shows whatever the clock."""
    mtime = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime, mtime + 10**9))


def _scanned(directory: Path, word: str) -> set[str]:
    """The reference: IRI subjects of an indexed text holding `word` as a whole word, any case,
    read from the store itself."""
    store = ox.Store.read_only(str(directory))
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return {
        q.subject.value
        for p in PREDICATES
        for q in store.quads_for_pattern(None, ox.NamedNode(p), None, None)
        if isinstance(q.subject, ox.NamedNode) and pattern.search(q.object.value)
    }


def _index(directory: Path) -> TextIndex:
    return TextIndex(directory / INDEX_FILE)


@pytest.fixture()
def db(settings: Settings, tmp_path: Path) -> Path:
    directory = tmp_path / "db"
    assert build_disk(directory, settings).kind == "full"
    return directory


@pytest.mark.parametrize("word", ["sukamaju", "Perhubungan", "bidang", "koperasi", "sekretariat"])
def test_index_after_load_finds_what_the_store_holds(db: Path, word: str) -> None:
    expected = _scanned(db, word)
    assert expected, f"the sample tree has no text with {word!r}"
    assert set(_index(db).match(word, 10_000)) == expected


def test_index_names_the_sample_dinas_by_its_label(db: Path) -> None:
    # tests/server/servertree.py: skos:prefLabel "Dinas Perhubungan Kota Sukamaju"@id
    assert _index(db).match('label: "perhubungan kota sukamaju"', 10) == [SUKAMAJU_DINAS]
    assert _index(db).match('"kota perhubungan"', 10) == []  # a phrase is in sequence
    assert _index(db).match("PERHUB*", 10) == [SUKAMAJU_DINAS]  # a prefix, any case
    assert _index(db).match("definition: perhubungan", 10) == []  # not a definition


def test_added_changed_and_removed_regulations_are_indexed_with_the_refresh(
    settings: Settings, db: Path
) -> None:
    added = settings.graph_dir / "perwal-kota-lain-2024-1.nq"
    added.write_text(_regulation(NEW_GRAPH, "Dinas Pariwisata Kota Lain"), encoding="utf-8")
    build_disk(db, settings)
    assert _index(db).match("pariwisata", 10) == [f"{NEW_GRAPH}/unit"]

    sukamaju = settings.graph_dir / "perwal-kota-sukamaju-2023-7.nq"
    _edit(sukamaju, _regulation(SUKAMAJU_GRAPH, "Dinas Lingkungan Hidup"))
    build_disk(db, settings)
    assert _index(db).match("perhubungan", 10) == []
    assert _index(db).match('"lingkungan hidup"', 10) == [f"{SUKAMAJU_GRAPH}/unit"]

    added.unlink()
    build_disk(db, settings)
    assert _index(db).match("pariwisata", 10) == []
    assert DINAS in _index(db).match("koperasi", 100)  # the graphs not touched keep their rows


def _row_ids(directory: Path, graph: str) -> list[int]:
    with sqlite3.connect(directory / INDEX_FILE) as raw:
        return [r for (r,) in raw.execute(
            "SELECT rows.id FROM rows JOIN graphs ON graphs.id = rows.graph WHERE graphs.name = ?"
            " ORDER BY rows.id", (graph,))]  # fmt: skip


def test_a_refresh_rereads_only_the_graphs_it_rewrote(settings: Settings, db: Path) -> None:
    bekasi = _row_ids(db, BEKASI_GRAPH)
    assert bekasi
    _edit(settings.graph_dir / "perwal-kota-sukamaju-2023-7.nq",
          _regulation(SUKAMAJU_GRAPH, "Dinas Lain"))  # fmt: skip
    _build_disk(db, settings)  # the store alone: its index is now behind it
    assert _index(db).match("perhubungan", 10) == [SUKAMAJU_DINAS]  # stale ...
    index = sync_text_index(db)  # ... until brought in step, as every load and start does
    assert index.match("perhubungan", 10) == []
    assert index.match("lain", 10) == [f"{SUKAMAJU_GRAPH}/unit"]
    assert _row_ids(db, BEKASI_GRAPH) == bekasi  # Bekasi's rows were not rewritten


def test_a_missing_or_foreign_index_is_rebuilt_at_the_next_load(
    settings: Settings, db: Path
) -> None:
    (db / INDEX_FILE).unlink()
    build_disk(db, settings)  # the store is current: only the index is built
    assert _index(db).match("sukamaju", 10) == [SUKAMAJU_DINAS]
    with sqlite3.connect(db / INDEX_FILE) as raw:  # an index of another format
        raw.execute("UPDATE meta SET value = 'old' WHERE key = 'format'")
    build_disk(db, settings)
    assert _index(db).match("sukamaju", 10) == [SUKAMAJU_DINAS]


def test_memory_index_of_an_in_memory_store() -> None:
    store = ox.Store()
    graph = ox.NamedNode("https://example.org/g")
    text = ox.NamedNode("https://w3id.org/sotk-kg/def/sotk#verbatimText")
    store.add(ox.Quad(ox.NamedNode("https://example.org/a"), text,
                      ox.Literal("melaksanakan pembinaan koperasi simpan pinjam", language="id"),
                      graph))  # fmt: skip
    store.add(ox.Quad(ox.BlankNode(), text, ox.Literal("simpan pinjam"), graph))
    index = memory_index(store)
    # A blank node cannot be named in a VALUES block: it is not indexed.
    assert index.match('"simpan pinjam"', 10) == ["https://example.org/a"]
    assert index.match("text: pembinaan NOT perikanan", 10) == ["https://example.org/a"]


@pytest.mark.parametrize(
    "query",
    ['"simpan pinjam', "sub-bagian", "koperasi AND", "kolom: x", "(koperasi", "   ", "NEAR(", "*"],
)
def test_an_unreadable_query_is_refused_with_a_message(query: str) -> None:
    with pytest.raises(TextQueryError, match="full-text query"):
        check_syntax(query)


def test_sql_in_a_query_is_only_words(db: Path) -> None:
    index = _index(db)
    assert index.match('"\'; DROP TABLE texts; --"', 10) == []
    assert index.match('"sukamaju\') OR 1=1 --"', 10) == []
    assert index.match("sukamaju", 10) == [SUKAMAJU_DINAS]  # the table is still there
