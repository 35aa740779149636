"""`?hit sotk:matches "…"` through `/sparql` on the seed: answered by the text index (Indonesian
words, phrases, prefixes, fields), and a query text that is not a full-text query, or a misuse of
the pattern, refused with 400 and a message saying what to write; never able to change the SPARQL
query around it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from repo_paths import REPO_ROOT

from sotk_kg.settings import Settings

SOURCE = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
PREFIXES = """PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


@pytest.fixture(scope="module")
def client(seed_store: ox.Store, canonical_settings: Settings) -> Iterator[TestClient]:
    from sotk_kg.server.app import create_app
    from sotk_kg.store.backend import EmbeddedBackend

    app = create_app(canonical_settings, EmbeddedBackend(seed_store))
    with TestClient(app) as test_client:
        yield test_client


def rows(client: TestClient, query: str) -> list[dict[str, str]]:
    response = client.post("/sparql", data={"query": PREFIXES + query},
                           headers={"Accept": "text/csv"})  # fmt: skip
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def source_lines(pattern: str) -> set[int]:
    """The numbers of the source text's lines matching `pattern` (any case)."""
    text = SOURCE.read_text(encoding="utf-8").splitlines()
    return {n for n, line in enumerate(text, 1) if re.search(pattern, line, re.IGNORECASE)}


def lines_of_hits(client: TestClient, text_query: str) -> set[int]:
    found = rows(
        client,
        f"""SELECT DISTINCT ?line WHERE {{
  ?n sotk:matches {text_query} .
  ?n prov:wasDerivedFrom? ?p . ?p sotk:sourceLine ?line }}""",
    )
    return {int(r["line"]) for r in found}


def test_an_abbreviation_finds_every_line_naming_it(client: TestClient) -> None:
    # KSPPS: Koperasi Simpan Pinjam Pembiayaan Syariah, on 11 lines of the source.
    assert lines_of_hits(client, "'text: KSPPS'") == source_lines(r"\bKSPPS\b")


def test_a_phrase_is_matched_in_sequence(client: TestClient) -> None:
    phrase = "laporan tahunan"
    assert lines_of_hits(client, f"'text: \"{phrase}\"'") == source_lines(phrase)
    assert lines_of_hits(client, "'text: \"tahunan laporan\"'") == set()


def test_words_and_prefixes_in_any_case(client: TestClient) -> None:
    both = source_lines(r"\bkantor kas\b") & source_lines(r"\bcabang pembantu\b")
    assert both
    assert lines_of_hits(client, '\'text: "KANTOR KAS" AND "cabang pembantu"\'') == both
    assert lines_of_hits(client, "'text: pembiaya*'") == source_lines(r"\bpembiaya")


def test_labels_are_searched_apart(client: TestClient) -> None:
    # Pasal 3 ayat (2): "Dinas dipimpin oleh Kepala Dinas"; the post's label is "Kepala Dinas".
    found = rows(
        client,
        """SELECT ?post WHERE { ?post sotk:matches 'label: "kepala dinas"' .
  ?post a <http://www.w3.org/ns/org#Post> }""",
    )
    assert any(r["post"].endswith("/kepala-dinas") for r in found)


def test_no_hit_is_an_empty_answer(client: TestClient) -> None:
    # a word in neither the seed's text nor the ontology's schemes (the glossary has "perikanan")
    assert rows(client, "SELECT ?n WHERE { ?n sotk:matches 'antariksa' }") == []


@pytest.mark.parametrize(
    ("text_query", "said"),
    [
        ("'\"simpan pinjam'", "unterminated string"),
        ("'sub-bagian'", "between double quotes"),
        ("'koperasi AND'", "syntax error"),
        ("''", "empty"),
    ],
)
def test_an_unreadable_text_query_is_a_400_saying_why(
    client: TestClient, text_query: str, said: str
) -> None:
    response = client.post(
        "/sparql", data={"query": PREFIXES + f"SELECT ?n WHERE {{ ?n sotk:matches {text_query} }}"}
    )
    assert response.status_code == 400
    assert "full-text query" in response.text and said in response.text


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?n WHERE { ?n sotk:matches ?text }",
        "SELECT ?n WHERE { ?n a sotk:Tugas ; sotk:matches 'koperasi' }",
        "SELECT ?n WHERE { <https://example.org/x> sotk:matches 'koperasi' }",
        "SELECT ?n WHERE { ?n sotk:matches 'koperasi'@id }",
    ],
)
def test_a_misused_pattern_is_a_400(client: TestClient, query: str) -> None:
    response = client.post("/sparql", data={"query": PREFIXES + query})
    assert response.status_code == 400
    assert "sotk:matches" in response.text


@pytest.mark.parametrize(
    "text_query",
    [
        "'\"x\" } } SELECT * WHERE { ?s ?p ?o'",  # SPARQL in the string stays inside it
        "'\"koperasi\\'); DROP TABLE texts; --\"'",  # SQL too: a phrase of words
        "'\"> } ?s ?p ?o . <x:\"'",
    ],
)
def test_the_text_query_cannot_leave_its_string(client: TestClient, text_query: str) -> None:
    response = client.post(
        "/sparql",
        data={"query": PREFIXES + f"SELECT ?n WHERE {{ ?n sotk:matches {text_query} }}"},
        headers={"Accept": "text/csv"},
    )
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        assert response.text.splitlines()[0].strip() == "n"
        assert len(response.text.splitlines()) == 1  # no word of it is in any text
    assert lines_of_hits(client, "'text: KSPPS'")  # the index is still there


# A page of hits: the sub-select of the pattern alone with ORDER BY ?n LIMIT/OFFSET, which the
# index answers itself (server/textmatch.py); the same page as the whole sorted list gives.
def every_hit(client: TestClient, text_query: str) -> list[str]:
    found = rows(client, f"SELECT ?n WHERE {{ ?n sotk:matches {text_query} }} ORDER BY ?n")
    return [r["n"] for r in found]


@pytest.mark.parametrize(
    "modifiers",
    ["ORDER BY ?n LIMIT 4 OFFSET 3", "ORDER BY ASC(?n) OFFSET 3 LIMIT 4", "ORDER BY ?n LIMIT 4"],
)
def test_a_page_of_hits_is_that_page_of_every_hit(client: TestClient, modifiers: str) -> None:
    everything = every_hit(client, "'text: koperasi'")
    assert len(everything) > 10  # "koperasi" is on most lines of the seed (Dinas Koperasi ...)
    offset = 3 if "OFFSET" in modifiers else 0
    page = rows(
        client,
        f"""SELECT ?n ?line WHERE {{
  {{ SELECT ?n WHERE {{ ?n sotk:matches 'text: koperasi' . }} {modifiers} }}
  OPTIONAL {{ ?n prov:wasDerivedFrom? ?p . ?p sotk:sourceLine ?line }} }} ORDER BY ?n""",
    )
    assert sorted({r["n"] for r in page}) == everything[offset : offset + 4]


def test_only_the_page_reaches_the_engine(seed_store: ox.Store) -> None:
    from sotk_kg.server.guard import check_query
    from sotk_kg.server.textmatch import IndexMatcher, expand
    from sotk_kg.store.textindex import memory_index

    matcher = IndexMatcher(memory_index(seed_store))
    page = PREFIXES + (
        "SELECT ?n WHERE { { SELECT DISTINCT ?n WHERE { ?n sotk:matches 'text: koperasi' } "
        "ORDER BY ?n LIMIT 2 OFFSET 1 } }"
    )
    text = expand(check_query(page), matcher)
    values = re.search(r"VALUES \?n \{([^}]*)\}", text)
    assert values is not None and "LIMIT" not in text and "SELECT DISTINCT" not in text
    assert values.group(1).split() == [
        f"<{n}>" for n in matcher.index.match("text: koperasi", 2, 1)
    ]


@pytest.mark.parametrize(
    ("modifiers", "first"),
    [
        ("ORDER BY DESC(?n) LIMIT 4", slice(-1, -5, -1)),
        ("ORDER BY STR(?n) LIMIT 4", slice(0, 4)),
        ("GROUP BY ?n ORDER BY ?n LIMIT 4", slice(0, 4)),
    ],
)
def test_other_modifiers_are_the_engines_over_every_hit(
    client: TestClient, modifiers: str, first: slice
) -> None:
    hits = "?n sotk:matches 'text: koperasi'"
    query = f"SELECT ?n WHERE {{ {{ SELECT ?n WHERE {{ {hits} }} {modifiers} }} }}"
    everything = every_hit(client, "'text: koperasi'")
    assert [r["n"] for r in rows(client, query)] == everything[first]
