"""The graph builder and the deterministic serialisers."""

from __future__ import annotations

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from sotk_kg.pipeline.emit import GraphBuilder, to_nquads, to_turtle
from sotk_kg.pipeline.terms import RDF, RDFS, SOTK, XSD

S = URIRef("https://w3id.org/sotk-kg/id/x")
T = URIRef("https://w3id.org/sotk-kg/id/y")
G = URIRef("https://w3id.org/sotk-kg/graph/x")


def sample(reverse: bool) -> GraphBuilder:
    b = GraphBuilder()
    steps = [
        lambda: b.types(S, SOTK.Pasal, SOTK.Ayat),
        lambda: b.text(S, SOTK.verbatimText, 'kutipan "a"\nbaris\\dua'),
        lambda: b.labels(S, "Pasal 7", "Article 7"),
        lambda: b.integer(S, SOTK.sequence, 3),
        lambda: b.typed(S, SOTK.year, "2021", XSD.gYear),
        lambda: b.add(T, RDFS.seeAlso, S),
        lambda: b.typed(T, SOTK.amendedSeveralTimes, "true", XSD.boolean),
    ]
    for step in reversed(steps) if reverse else steps:
        step()
    return b


def test_output_does_not_depend_on_insertion_order() -> None:
    a, b = sample(False).graph, sample(True).graph
    assert to_turtle(a) == to_turtle(b)
    assert to_nquads(a, G) == to_nquads(b, G)


def test_turtle_round_trips() -> None:
    g = sample(False).graph
    parsed = Graph().parse(data=to_turtle(g), format="turtle")
    assert set(parsed) == set(g)
    assert "a sotk:Ayat ,\n        sotk:Pasal" in to_turtle(g)  # rdf:type first, sorted


def test_nquads_round_trip_sorted() -> None:
    g = sample(False).graph
    text = to_nquads(g, G)
    lines = text.splitlines()
    assert lines == sorted(lines) and len(lines) == len(g)
    ds = Dataset()
    ds.parse(data=text, format="nquads")
    assert set(ds.graph(G)) == set(g)


def test_empty_text_adds_nothing_and_blank_nodes_are_refused() -> None:
    b = GraphBuilder()
    b.text(S, SOTK.verbatimText, "  ")
    b.text(S, SOTK.verbatimText, None)
    assert len(b.graph) == 0
    with pytest.raises(ValueError, match="blank"):
        b.add(BNode(), RDF.type, SOTK.Pasal)
    with pytest.raises(ValueError, match="blank"):
        b.add(S, RDFS.seeAlso, BNode())


def test_literal_forms() -> None:
    b = GraphBuilder()
    b.text(S, RDFS.label, "x", "en")
    b.plain(S, RDFS.comment, "plain")
    b.add(S, SOTK.sha256, Literal("ab", datatype=XSD.string))
    ttl = to_turtle(b.graph)
    assert '"x"@en' in ttl and '"plain"' in ttl and "^^xsd:string" not in ttl
