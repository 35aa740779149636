"""Every catalogue query through the SPARQL endpoint (`/sparql`), in CSV and in SPARQL JSON
(Turtle for the CONSTRUCT), compared with the same expected files as the store test."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from querycheck import (
    CatalogueQuery,
    assert_same_table,
    catalogue,
    expected_facts,
    expected_table,
    json_results_table,
    read_csv_table,
    subgraph_facts,
    with_known_defects,
)
from rdflib import Graph

from sotk_kg.settings import Settings

QUERIES = catalogue()
SELECTS = [q for q in QUERIES if not q.is_construct]
CONSTRUCTS = [q for q in QUERIES if q.is_construct]


@pytest.fixture(scope="module")
def client(seed_store: ox.Store, canonical_settings: Settings) -> Iterator[TestClient]:
    from sotk_kg.server.app import create_app
    from sotk_kg.store.backend import EmbeddedBackend

    app = create_app(canonical_settings, EmbeddedBackend(seed_store))
    with TestClient(app) as test_client:  # runs the lifespan: starts the query workers
        yield test_client


def ask(client: TestClient, query: CatalogueQuery, accept: str) -> bytes:
    response = client.post("/sparql", data={"query": query.text}, headers={"Accept": accept})
    assert response.status_code == 200, f"{query.name}: {response.status_code} {response.text}"
    assert response.headers["content-type"].startswith(accept)
    return response.content


@pytest.mark.parametrize("query", with_known_defects(SELECTS))
def test_select_as_csv(client: TestClient, query: CatalogueQuery) -> None:
    body = ask(client, query, "text/csv").decode("utf-8")
    assert_same_table(
        expected_table(query.expected_path), read_csv_table(body), query.is_ordered, query.name
    )


@pytest.mark.parametrize("query", with_known_defects(SELECTS))
def test_select_as_json(client: TestClient, query: CatalogueQuery) -> None:
    body = ask(client, query, "application/sparql-results+json")
    assert_same_table(
        expected_table(query.expected_path),
        json_results_table(body),
        query.is_ordered,
        query.name,
    )


@pytest.mark.parametrize("query", with_known_defects(CONSTRUCTS))
def test_construct_as_turtle(client: TestClient, query: CatalogueQuery) -> None:
    graph = Graph().parse(data=ask(client, query, "text/turtle"), format="turtle")
    assert subgraph_facts(graph) == expected_facts(query.expected_path)
