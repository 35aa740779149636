"""Every catalogue query, run on the store, gives exactly the answer read from the regulation.

The expected files in `queries/expected/` were written from the source text
(`data/source/perbup-bekasi-99-2021.txt`), never from program output. A query whose answer
differs because the graph is wrong is listed in `querycheck.DATA_DEFECTS` (a strict xfail
naming the defect), so it fails loudly once the pipeline is fixed.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from querycheck import (
    EXPECTED_DIR,
    HEADER_KEYS,
    CatalogueQuery,
    assert_same_table,
    catalogue,
    expected_facts,
    expected_table,
    read_csv_table,
    run_embedded,
    subgraph_facts,
    with_known_defects,
)
from rdflib import Graph

QUERIES = catalogue()


def run_on_store(store: ox.Store, query: CatalogueQuery) -> ox.QuerySolutions | ox.QueryTriples:
    return run_embedded(store, query.text)  # type: ignore[return-value]


def construct_as_graph(triples: ox.QueryTriples) -> Graph:
    """Serialise to Turtle and parse it back, as a client of the endpoint would."""
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE)
    return Graph().parse(data=turtle, format="turtle")


def test_catalogue_covers_the_twenty_questions() -> None:
    numbers = sorted(int(q.name.split("-", 1)[0]) for q in QUERIES)
    assert numbers == list(range(1, 21))


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_header_has_every_field(query: CatalogueQuery) -> None:
    missing = [k for k in HEADER_KEYS if not query.header.get(k)]
    assert not missing, f"{query.path.name}: header lacks {missing}"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_parameters_header_names_each_default(query: CatalogueQuery) -> None:
    for default in query.values_defaults:
        assert default in query.header["parameters"], (
            f"{query.path.name}: VALUES default {default} is not named in `# parameters:`"
        )


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_parses_and_has_expected_file(query: CatalogueQuery) -> None:
    result = run_on_store(ox.Store(), query)  # an empty store: checks the syntax only
    assert isinstance(result, ox.QueryTriples) == query.is_construct
    assert query.expected_path.is_file(), f"no expected answer {query.expected_path}"


def test_no_expected_file_without_query() -> None:
    names = {q.name for q in QUERIES}
    orphans = [p.name for p in EXPECTED_DIR.iterdir() if p.name.split(".", 1)[0] not in names]
    assert not orphans


@pytest.mark.parametrize("query", with_known_defects(QUERIES))
def test_answer_on_seed_matches_the_text(seed_store: ox.Store, query: CatalogueQuery) -> None:
    result = run_on_store(seed_store, query)
    if query.is_construct:
        assert subgraph_facts(construct_as_graph(result)) == expected_facts(query.expected_path)
        return
    csv_text = result.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
    assert_same_table(
        expected_table(query.expected_path),
        read_csv_table(csv_text),
        ordered=query.is_ordered,
        what=query.name,
    )
