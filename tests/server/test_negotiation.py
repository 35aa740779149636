"""Content negotiation (RFC 9110 §12.5.1) as a table of Accept headers."""

from __future__ import annotations

import pytest

from sotk_kg.server.negotiation import (
    GRAPH_ALIASES,
    GRAPH_FORMATS,
    RESULTS_ALIASES,
    RESULTS_FORMATS,
    negotiate,
    negotiate_with_aliases,
)

RESULTS = list(RESULTS_FORMATS)  # json, xml, csv, tsv (server preference order)
GRAPHS = list(GRAPH_FORMATS)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/*", "text/csv"),  # first text/* type in the server's order
        ("text/*, text/csv;q=0", "text/tab-separated-values"),  # q=0 excludes
        ("text/*;q=0, text/csv", "text/csv"),  # the more specific range decides
        ("*/*;q=0.1, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
        ("image/png", None),
        ("text/csv;q=0", None),
        ("TEXT/CSV", "text/csv"),  # media types are case-insensitive
        ("text/csv; charset=utf-8", "text/csv"),  # charset does not select a format
        ("application/sparql-results+json;q=0.3, */*;q=0.5", "application/sparql-results+xml"),
        ("garbage", "application/sparql-results+json"),  # nothing parsable: no preference
    ],
)
def test_results_negotiation(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept, RESULTS, RESULTS[0]) == expected


def test_parameters_make_a_range_more_specific() -> None:
    offered = ["text/plain;profile=a", "text/plain;profile=b"]
    accept = "text/plain;q=0.2, text/plain;profile=b"
    assert negotiate(accept, offered, offered[0]) == "text/plain;profile=b"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/json", "application/sparql-results+json"),
        ("application/xml", "application/sparql-results+xml"),
        ("application/json;q=0.1, text/csv", "text/csv"),
    ],
)
def test_result_aliases(accept: str, expected: str) -> None:
    assert negotiate_with_aliases(accept, RESULTS, RESULTS[0], RESULTS_ALIASES) == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/json", "application/ld+json"),
        ("application/rdf+xml;q=0.9, application/n-triples", "application/n-triples"),
        ("text/html", None),
    ],
)
def test_graph_negotiation(accept: str, expected: str | None) -> None:
    assert negotiate_with_aliases(accept, GRAPHS, GRAPHS[0], GRAPH_ALIASES) == expected
