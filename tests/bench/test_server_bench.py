"""bench/server_bench.py sends the Oxigraph server, which has no text index, the scan that our
`sotk:matches` pattern replaces: it must ask the same question (docs/queries.md, "Full-text
search": whole words, any case, the words next to each other, in the column named)."""

from __future__ import annotations

import pyoxigraph as ox

from bench.server_bench import scan_equivalent

PREFIXES = """PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
DATA = """@prefix sotk: <https://w3id.org/sotk-kg/def/sotk#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
ex:a sotk:verbatimText "pembinaan koperasi Simpan Pinjam dan pembiayaan syariah" .
ex:b sotk:verbatimText "simpan pinjamnya tidak" .
ex:c sotk:verbatimText "simpan dan pinjam" .
ex:d rdfs:label "simpan pinjam"@id .
ex:e sotk:verbatimText "usaha simpan\\npinjam" , "simpan pinjam lagi" .
"""


def hits(query: str) -> list[str]:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    rows = store.query(scan_equivalent(PREFIXES + query))
    assert isinstance(rows, ox.QuerySolutions)
    return [row["n"].value for row in rows]


def test_a_phrase_in_verbatim_texts_is_found_as_the_index_finds_it() -> None:
    found = hits("SELECT ?n WHERE { ?n sotk:matches 'text: \"simpan pinjam\"' . } ORDER BY ?n")
    # any case (a), across a line break (e), each resource once (e has two matching texts);
    # not a longer word (b), not the words apart (c), not a label (d: `text:` only)
    assert found == ["http://example.org/a", "http://example.org/e"]


def test_without_a_column_labels_are_searched_too() -> None:
    found = hits('SELECT ?n WHERE { ?n sotk:matches "pinjam" . } ORDER BY ?n')
    assert found == [f"http://example.org/{n}" for n in "acde"]


def test_a_query_without_the_pattern_is_sent_unchanged() -> None:
    query = "SELECT ?n WHERE { ?n sotk:verbatimText ?t }"
    assert scan_equivalent(query) == query
