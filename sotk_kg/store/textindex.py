"""The full-text index over the graph's texts: SQLite FTS5 (Python's standard library).

Oxigraph has no text index, so a `CONTAINS` filter reads every literal of the corpus (worked
question 09 took 6.7 s at 1,000 regulations). This index answers "which resources have a text with
these words" from an inverted index instead; the SPARQL route turns the pattern
`?hit sotk:matches "words"` into a `VALUES ?hit { … }` of its answer before the engine runs
(server/textmatch.py, docs/queries.md).

Three columns, one filled per row, so that a query may name one of them (FTS5's `text : …`):
- `text`: the verbatim texts (`sotk:verbatimText`);
- `label`: labels, names, titles and headings;
- `definition`: `skos:definition`.

One row per (named graph, subject, predicate, literal): rows are replaced graph by graph, so a
refresh of the store that rewrites a few graphs rewrites only their rows. Each graph's rows carry a
stamp (on disk, the files the store's manifest lists for the graph: their sizes and mtimes); a
graph whose stamp differs from the store's is re-read, one the store no longer has is dropped. So
an index left behind by an older store, a crash or a copy is detected and brought in step at the
next load or start (`sync`), never served stale.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox

INDEX_FILE = "sotk-text.sqlite"  # inside the store's directory, next to its manifest
FORMAT = 1  # of the index's tables; another value rebuilds it

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SOTK = "https://w3id.org/sotk-kg/def/sotk#"
# Column -> the predicates whose literals it holds.
COLUMNS: dict[str, tuple[str, ...]] = {
    "text": (SOTK + "verbatimText",),
    "label": (
        RDFS + "label",
        SKOS + "prefLabel",
        SKOS + "altLabel",
        "http://purl.org/dc/terms/title",
        "http://xmlns.com/foaf/0.1/name",
        SOTK + "heading",
    ),
    "definition": (SKOS + "definition",),
}
COLUMN_OF = {p: column for column, preds in COLUMNS.items() for p in preds}
PREDICATES = tuple(COLUMN_OF)
# unicode61 folds case and (with 2) diacritics; Indonesian needs no stemmer for whole words.
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS graphs (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL,
                                   stamp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, graph INTEGER NOT NULL,
                                 subject TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS rows_graph ON rows (graph);
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5(
    {", ".join(COLUMNS)}, tokenize = "unicode61 remove_diacritics 2");
"""

Entry = tuple[str, str, str]  # subject IRI, predicate IRI, the literal's text


class TextQueryError(ValueError):
    """A full-text query the index cannot read (FTS5 syntax); the message says why and how."""


def check_syntax(query: str) -> None:
    """Raise TextQueryError if `query` is not a full-text query (FTS5 syntax), on an empty index:
    for engines that evaluate the query themselves (Virtuoso), so that a query is refused
    the same way everywhere."""
    with contextlib.closing(_connect(":memory:")) as db:
        _match(db, query, 1)


def _connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.executescript(_SCHEMA)
    return db


# The matching resources, each once, by IRI; or by their shortest matching label (search page).
_BY_IRI = (
    "SELECT DISTINCT subject FROM rows WHERE id IN "
    "(SELECT rowid FROM texts WHERE texts MATCH ?) ORDER BY subject LIMIT ? OFFSET ?"
)
_BY_LABEL = (
    "SELECT rows.subject FROM texts JOIN rows ON rows.id = texts.rowid WHERE texts MATCH ? "
    "GROUP BY rows.subject ORDER BY MIN(length(texts.label)), rows.subject LIMIT ? OFFSET ?"
)


def _match(
    db: sqlite3.Connection, query: str, limit: int, sql: str = _BY_IRI, offset: int = 0
) -> list[str]:
    if not query.strip():
        raise TextQueryError("the full-text query is empty: give one or more words")
    try:
        rows = db.execute(sql, (query, limit, offset)).fetchall()
    except sqlite3.OperationalError as exc:
        raise TextQueryError(
            f"the full-text query {query!r} cannot be read ({exc}). Words are matched whole and "
            'in any case; "two words" matches them in sequence, word* a prefix, AND / OR / NOT '
            "combine; put a word with - or : between double quotes; text: / label: / "
            "definition: restrict the search to verbatim texts, labels or definitions"
        ) from None
    return [subject for (subject,) in rows]


class TextIndex:
    """An FTS5 index in a file (a store on disk) or in memory. Thread-safe: one connection,
    used under a lock (a match takes milliseconds)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._db = _connect(str(path) if path else ":memory:")
        self._lock = threading.Lock()
        if self._meta("format") != str(FORMAT):
            self._reset()

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _reset(self) -> None:
        with self._lock:
            self._db.executescript(
                "DROP TABLE IF EXISTS texts; DROP TABLE IF EXISTS rows; "
                "DROP TABLE IF EXISTS graphs; DROP TABLE IF EXISTS meta;" + _SCHEMA
            )
            self._db.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT),))

    def stamps(self) -> dict[str, str]:
        """Per indexed graph, the stamp it was indexed with."""
        return dict(self._db.execute("SELECT name, stamp FROM graphs").fetchall())

    def match(self, query: str, limit: int, offset: int = 0) -> list[str]:
        """The IRIs (sorted) of the resources with a text matching `query` (FTS5 syntax), at most
        `limit`, after the first `offset`. Raises TextQueryError naming the problem."""
        with self._lock:
            return _match(self._db, query, limit, offset=offset)

    def labelled(self, words: Iterable[str], limit: int) -> list[str]:
        """The resources with a label holding a word starting with each of `words`, those of
        the shortest labels first, at most `limit` (for the search page, which keeps its own
        substring filter on them)."""
        query = "label : (" + " AND ".join('"' + w.replace('"', '""') + '"*' for w in words) + ")"
        with self._lock:
            return _match(self._db, query, limit, _BY_LABEL)

    def replace(
        self, graphs: Mapping[str, tuple[str, Iterable[Entry]]], drop: Iterable[str] = ()
    ) -> None:
        """In one transaction: drop the graphs `drop`, and replace each graph of `graphs` by its
        (stamp, entries)."""
        with self._lock:
            db = self._db
            db.execute("BEGIN")
            try:
                for name in [*drop, *graphs]:
                    row = db.execute("SELECT id FROM graphs WHERE name = ?", (name,)).fetchone()
                    if row is None:
                        continue
                    db.execute(
                        "DELETE FROM texts WHERE rowid IN (SELECT id FROM rows WHERE graph = ?)",
                        row,
                    )
                    db.execute("DELETE FROM rows WHERE graph = ?", row)
                    db.execute("DELETE FROM graphs WHERE id = ?", row)
                for name, (stamp, entries) in graphs.items():
                    gid = db.execute(
                        "INSERT INTO graphs (name, stamp) VALUES (?, ?)", (name, stamp)
                    ).lastrowid
                    self._insert(gid, entries)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _insert(self, gid: int | None, entries: Iterable[Entry]) -> None:
        db = self._db
        position = {column: i for i, column in enumerate(COLUMNS)}
        start = db.execute("SELECT COALESCE(MAX(id), 0) FROM rows").fetchone()[0] + 1
        rows: list[tuple[int, int | None, str]] = []
        texts: list[tuple[object, ...]] = []
        for n, (subject, predicate, text) in enumerate(entries, start):
            cells: list[object] = [None] * len(COLUMNS)
            cells[position[COLUMN_OF[predicate]]] = text
            rows.append((n, gid, subject))
            texts.append((n, *cells))
        db.executemany("INSERT INTO rows VALUES (?, ?, ?)", rows)
        marks = ", ".join("?" * (len(COLUMNS) + 1))
        db.executemany(f"INSERT INTO texts (rowid, {', '.join(COLUMNS)}) VALUES ({marks})", texts)

    def close(self) -> None:
        self._db.close()


def store_entries(store: ox.Store, graph: str) -> Iterator[Entry]:
    """The indexed texts of one named graph of an Oxigraph store (IRI subjects only: a blank
    node cannot be named in the VALUES the index's answer becomes)."""
    name = ox.NamedNode(graph)
    for predicate in PREDICATES:
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, name):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                yield quad.subject.value, predicate, quad.object.value


def sync(index: TextIndex, store: ox.Store, stamps: Mapping[str, str]) -> list[str]:
    """Bring `index` in step with `store`, whose named graphs have the given stamps: re-read the
    graphs whose stamp changed, drop those gone. Returns the graphs re-read."""
    held = index.stamps()
    stale = sorted(g for g, stamp in stamps.items() if held.get(g) != stamp)
    gone = [g for g in held if g not in stamps]
    if stale or gone:
        index.replace({g: (stamps[g], store_entries(store, g)) for g in stale}, gone)
    return stale


def memory_index(store: ox.Store) -> TextIndex:
    """An in-memory index of every named graph of `store` (an in-memory store has no stamps)."""
    index = TextIndex()
    graphs = [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    sync(index, store, dict.fromkeys(graphs, ""))
    return index


def stamp(files: Mapping[str, object]) -> str:
    """A graph's stamp: the manifest's record of the files it was loaded from."""
    return json.dumps(files, sort_keys=True)
