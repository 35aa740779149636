"""Every answer is a well-formed document of its format, or a clear refusal (406): for characters
XML 1.0 cannot carry, for IRIs RDF/XML cannot write as element names, and for directional
language-tagged strings (RDF 1.2 `"x"@en--rtl`), which every format but CSV keeps.

Each answer is read back with a strict parser (xml.etree, json, Oxigraph's parsers, rdflib), once
through the worker's `serialise` and once over HTTP. The characters come from XML 1.0 §2.2
(`Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`); the keys and
attributes of a base direction from the SPARQL 1.2 results drafts (`"its:dir"` in JSON, the ITS
`its:dir` attribute in XML) and RDF 1.2 (`its:dir` in RDF/XML, `@direction` in JSON-LD).
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pyoxigraph as ox
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from sotk_kg.server import results
from sotk_kg.server.dumps import FORMATS, DumpFormat, encode, encode_quads
from sotk_kg.server.pages import describe
from sotk_kg.server.routes import linked_data
from sotk_kg.server.worker import Answer, Failure, Job, evaluate
from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend

RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
TSV = "text/tab-separated-values"
CSV = "text/csv"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDF_XML = "application/rdf+xml"
GRAPH_PARSERS = {
    TURTLE: ox.RdfFormat.TURTLE,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    JSONLD: ox.RdfFormat.JSON_LD,
    RDF_XML: ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
RDFLIB_NAMES = {TURTLE: "turtle", NTRIPLES: "nt", JSONLD: "json-ld", RDF_XML: "xml"}

# Not XML 1.0 `Char`s: C0 controls other than tab, LF and CR, and the two noncharacters.
NOT_XML = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\ufffe", "\uffff"]
# XML 1.0 `Char`s that a careless writer still loses or breaks: CR (read back as LF unless
# written as a reference), markup characters, DEL, NEL, LINE SEPARATOR, a non-BMP character.
XML_SAFE = "a\tb\nc\rd\r\ne <&>\"' \x7f\x85\u2028\U0001f600"
ITS = "{http://www.w3.org/2005/11/its}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SRX = "{http://www.w3.org/2005/sparql-results#}"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

S = ox.NamedNode("http://x/s")
P = ox.NamedNode("http://x/p")
RTL = ox.Literal("x", language="en", direction=ox.BaseDirection.RTL)
LTR_IN_TRIPLE = ox.Triple(S, P, ox.Literal("y", language="ar", direction=ox.BaseDirection.LTR))


def sparql_string(text: str) -> str:
    """`text` as a SPARQL string literal, every character written as a \\u or \\U escape."""
    return (
        '"'
        + "".join(f"\\u{ord(c):04X}" if ord(c) < 0x10000 else f"\\U{ord(c):08X}" for c in text)
        + '"'
    )


def sparql_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A term in SPARQL syntax: str() gives the N-Triples form, with escapes (a triple term's
    without its `<<( )>>`)."""
    return f"<<( {term} )>>" if isinstance(term, ox.Triple) else str(term)


def run(
    query: str, results_type: str | None = None, graph_type: str | None = None
) -> Answer | Failure:
    """The worker's answer (or refusal) to `query` on an empty store."""
    return evaluate(ox.Store(), Job(query, results_type, graph_type, max_rows=100))


def select_one(text: str, results_type: str) -> Answer | Failure:
    return run(f"SELECT ?x WHERE {{ BIND({sparql_string(text)} AS ?x) }}", results_type)


def answer(outcome: Answer | Failure) -> bytes:
    assert isinstance(outcome, Answer), outcome
    return outcome.body


def refusal(outcome: Answer | Failure) -> str:
    assert isinstance(outcome, Failure), outcome
    assert outcome.status == 406, outcome
    return outcome.message


def read_results(body: bytes, fmt: ox.QueryResultsFormat) -> list[list[object]]:
    solutions = ox.parse_query_results(body, format=fmt)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [[sol[n] for n in names] for sol in solutions]


def read_graph(body: bytes, media_type: str) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(body, format=GRAPH_PARSERS[media_type])}


# --- SPARQL results: characters ---------------------------------------------------------------


@pytest.mark.parametrize("char", NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
def test_results_xml_refuses_a_character_xml_cannot_carry(char: str) -> None:
    message = refusal(select_one(f"a{char}b", RESULTS_XML))
    assert f"U+{ord(char):04X}" in message
    assert "?x" in message and "row 1" in message
    assert RESULTS_JSON in message  # a format that can carry it


@pytest.mark.parametrize("char", NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
def test_results_json_and_tsv_escape_it_and_csv_carries_it(char: str) -> None:
    text = f"a{char}b"
    body = answer(select_one(text, RESULTS_JSON))
    assert char.encode() not in body  # escaped as \u....
    assert json.loads(body)["results"]["bindings"][0]["x"] == {"type": "literal", "value": text}
    tsv = answer(select_one(text, TSV))
    assert char.encode() not in tsv
    assert read_results(tsv, ox.QueryResultsFormat.TSV) == [[ox.Literal(text)]]
    rows = list(csv.reader(io.StringIO(answer(select_one(text, CSV)).decode(), newline="")))
    assert rows == [["x"], [text]]


def test_results_xml_keeps_every_character_xml_can_carry() -> None:
    body = answer(select_one(XML_SAFE, RESULTS_XML))
    literal = ET.fromstring(body).find(f"{SRX}results/{SRX}result/{SRX}binding/{SRX}literal")
    assert literal is not None and literal.text == XML_SAFE
    assert read_results(body, ox.QueryResultsFormat.XML) == [[ox.Literal(XML_SAFE)]]


# --- SPARQL results: base direction -----------------------------------------------------------

DIRECTIONAL_SELECT = (
    'SELECT ?x ?t WHERE { BIND("x"@en--rtl AS ?x) '
    'BIND(<<( <http://x/s> <http://x/p> "y"@ar--ltr )>> AS ?t) }'
)


def test_results_json_states_the_direction_as_its_dir() -> None:
    binding = json.loads(answer(run(DIRECTIONAL_SELECT, RESULTS_JSON)))["results"]["bindings"][0]
    assert binding["x"] == {"type": "literal", "value": "x", "xml:lang": "en", "its:dir": "rtl"}
    assert binding["t"]["value"]["object"] == {
        "type": "literal", "value": "y", "xml:lang": "ar", "its:dir": "ltr",
    }  # fmt: skip


def test_results_xml_states_the_direction_as_its_dir() -> None:
    root = ET.fromstring(answer(run(DIRECTIONAL_SELECT, RESULTS_XML)))
    literals = root.findall(f".//{SRX}literal")
    assert [(lit.text, lit.get(XML_LANG), lit.get(f"{ITS}dir")) for lit in literals] == [
        ("x", "en", "rtl"),
        ("y", "ar", "ltr"),
    ]


@pytest.mark.parametrize(
    ("media_type", "fmt"),
    [
        (RESULTS_JSON, ox.QueryResultsFormat.JSON),
        (RESULTS_XML, ox.QueryResultsFormat.XML),
        (TSV, ox.QueryResultsFormat.TSV),
    ],
)
def test_results_formats_keep_the_direction(media_type: str, fmt: ox.QueryResultsFormat) -> None:
    body = answer(run(DIRECTIONAL_SELECT, media_type))
    assert read_results(body, fmt) == [[RTL, LTR_IN_TRIPLE]]


def test_results_csv_drops_language_and_direction_by_design() -> None:
    rows = list(csv.reader(io.StringIO(answer(run(DIRECTIONAL_SELECT, CSV)).decode())))
    assert rows[1][0] == "x"


# --- RDF graphs -------------------------------------------------------------------------------

# The query of the report (issue 11, defect 10) and its graph.
REPORTED = 'CONSTRUCT { <http://x/s> <http://x/123> "a\\u000b" } WHERE {}'


def construct(triples: list[ox.Triple], graph_type: str) -> Answer | Failure:
    """The worker's answer to a CONSTRUCT of exactly `triples` (str() of a term is its
    N-Triples form, with escapes, which SPARQL reads too)."""
    body = " . ".join(" ".join(sparql_term(t) for t in triple) for triple in triples)
    return run(f"CONSTRUCT {{ {body} }} WHERE {{}}", graph_type=graph_type)


@pytest.mark.parametrize("media_type", [TURTLE, NTRIPLES, JSONLD])
@pytest.mark.parametrize("char", NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
def test_rdf_formats_escape_a_character_xml_cannot_carry(media_type: str, char: str) -> None:
    graph = [ox.Triple(S, P, ox.Literal(f"a{char}b")), ox.Triple(S, P, RTL)]
    body = answer(construct(graph, media_type))
    assert char.encode() not in body
    assert read_graph(body, media_type) == set(graph)
    if media_type == JSONLD:
        json.loads(body)


@pytest.mark.parametrize("char", NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
def test_rdf_xml_refuses_a_character_xml_cannot_carry(char: str) -> None:
    message = refusal(construct([ox.Triple(S, P, ox.Literal(f"a{char}b"))], RDF_XML))
    assert f"U+{ord(char):04X}" in message and "object" in message
    assert TURTLE in message


def test_rdf_xml_refuses_the_reported_predicate() -> None:
    message = refusal(run(REPORTED, graph_type=RDF_XML))
    assert "<http://x/123>" in message and TURTLE in message


@pytest.mark.parametrize(
    "iri",
    ["http://x/123", "http://x/a/", "http://x/a#", "http://x/a:", "http://x/-1",
     "http://www.w3.org/2001/XMLSchema#123",  # a prefix the writer knows: still no local name
     "http://www.w3.org/2000/xmlns/p",  # would be written as `xmlns:p`, a reserved prefix
     "http://www.w3.org/1999/02/22-rdf-syntax-ns#aboutEach",  # RDF/XML old term
     "http://www.w3.org/1999/02/22-rdf-syntax-ns#about",  # RDF/XML syntax term
     "http://www.w3.org/1999/02/22-rdf-syntax-ns#li"],  # would be read back as rdf:_1
)  # fmt: skip
def test_rdf_xml_refuses_a_predicate_with_no_element_name(iri: str) -> None:
    message = refusal(construct([ox.Triple(S, ox.NamedNode(iri), ox.Literal("a"))], RDF_XML))
    assert f"<{iri}>" in message


def test_rdf_xml_refuses_a_class_it_would_name_an_element_after() -> None:
    # The writer names a node element after the class when rdf:type comes first for a subject.
    klass = ox.NamedNode("http://x/123")
    message = refusal(construct([ox.Triple(S, ox.NamedNode(RDF_TYPE), klass)], RDF_XML))
    assert "<http://x/123>" in message
    # Not first: written as an rdf:type property, which is fine (a CONSTRUCT has no order).
    graph = [ox.Triple(S, P, ox.Literal("a")), ox.Triple(S, ox.NamedNode(RDF_TYPE), klass)]
    assert read_graph(results.triples(graph, RDF_XML), RDF_XML) == set(graph)


@pytest.mark.parametrize(
    "iri",
    ["http://x/1a", "urn:a:b", "http://x/a.b-c_d", "http://x/é", "http://x/a?b=c1",
     "http://www.w3.org/2001/XMLSchema#int", "http://www.w3.org/XML/1998/namespacelang"],
)  # fmt: skip
def test_rdf_xml_writes_every_predicate_that_has_an_element_name(iri: str) -> None:
    graph = [ox.Triple(S, ox.NamedNode(iri), ox.Literal("a"))]
    body = answer(construct(graph, RDF_XML))
    ET.fromstring(body)
    assert read_graph(body, RDF_XML) == set(graph)
    assert set(Graph().parse(data=body, format="xml")) == {
        (URIRef("http://x/s"), URIRef(iri), Literal("a"))
    }


def test_rdf_xml_keeps_characters_and_direction_it_can_carry() -> None:
    graph = [ox.Triple(S, P, ox.Literal(XML_SAFE)), ox.Triple(S, P, RTL),
             ox.Triple(S, P, LTR_IN_TRIPLE)]  # fmt: skip
    body = answer(construct(graph, RDF_XML))
    assert XML_SAFE in {element.text for element in ET.fromstring(body).iter()}  # CR too
    assert read_graph(body, RDF_XML) == set(graph)
    assert b'its:dir="rtl"' in body


def test_rdf_xml_renames_blank_nodes_whose_label_is_no_xml_name() -> None:
    # rdf:nodeID must be an NCName; a remote endpoint's labels may start with a digit.
    one, two = ox.BlankNode("1"), ox.BlankNode("2b")
    graph = [ox.Triple(one, P, two), ox.Triple(two, P, one), ox.Triple(S, P, one)]
    body = results.triples(graph, RDF_XML)
    ET.fromstring(body)
    back = read_graph(body, RDF_XML)
    assert len(back) == 3
    [label] = [t.object for t in back if t.subject == S]
    [other] = [t.object for t in back if t.subject == label]
    assert isinstance(other, ox.BlankNode) and ox.Triple(other, P, label) in back


def test_json_ld_refuses_a_triple_term_and_names_the_formats_that_can() -> None:
    query = "CONSTRUCT { <http://x/s> <http://x/p> <<( <http://x/s> <http://x/p> 1 )>> } WHERE {}"
    message = refusal(run(query, graph_type=JSONLD))
    assert TURTLE in message and NTRIPLES in message


# --- over HTTP --------------------------------------------------------------------------------

CONTROL_SELECT = (
    'SELECT ?x ?d WHERE { BIND("a\\u0001b\\u000Bc\\uFFFE" AS ?x) BIND("x"@en--rtl AS ?d) }'
)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparql_results_over_http(http: httpx.Client, fmt: str) -> None:
    resp = http.get("/sparql", params={"query": CONTROL_SELECT, "format": fmt})
    value = "a\x01b\x0bc\ufffe"
    if fmt == "xml":
        assert resp.status_code == 406
        assert "U+0001" in resp.text and RESULTS_JSON in resp.text
        return
    assert resp.status_code == 200, resp.text
    if fmt == "csv":
        assert list(csv.reader(io.StringIO(resp.text))) == [["x", "d"], [value, "x"]]
        return
    parser = ox.QueryResultsFormat.JSON if fmt == "json" else ox.QueryResultsFormat.TSV
    assert read_results(resp.content, parser) == [[ox.Literal(value), RTL]]


@pytest.mark.parametrize("media_type", [TURTLE, NTRIPLES, JSONLD, RDF_XML])
def test_sparql_graphs_over_http(http: httpx.Client, media_type: str) -> None:
    resp = http.get("/sparql", params={"query": REPORTED}, headers={"Accept": media_type})
    if media_type == RDF_XML:
        assert resp.status_code == 406
        assert "<http://x/123>" in resp.text
        return
    assert resp.status_code == 200, resp.text
    graph = {ox.Triple(S, ox.NamedNode("http://x/123"), ox.Literal("a\x0b"))}
    assert read_graph(resp.content, media_type) == graph
    assert set(Graph().parse(data=resp.content, format=RDFLIB_NAMES[media_type])) == {
        (URIRef("http://x/s"), URIRef("http://x/123"), Literal("a\x0b"))
    }


# --- linked-data pages and dumps: the project's own data ---------------------------------------

BASE = "https://w3id.org/sotk-kg"
THING = f"{BASE}/id/org/kab-contoh"


@pytest.fixture(scope="module")
def pages() -> TestClient:
    """The linked-data routes over a store whose data holds a control character (the build
    accepts one from a source text)."""
    store = ox.Store()
    graph = ox.NamedNode(f"{BASE}/graph/perbup/kab-contoh/2024/1")
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    store.add(
        ox.Quad(ox.NamedNode(THING), label, ox.Literal("Kabupaten\x01Contoh", language="id"), graph)
    )
    settings = dataclasses.replace(Settings(), base=BASE)
    app = FastAPI()
    app.include_router(linked_data.make_router(EmbeddedBackend(store), settings))
    return TestClient(app)


def test_page_rdf_xml_refuses_a_character_xml_cannot_carry(pages: TestClient) -> None:
    resp = pages.get("/doc/org/kab-contoh", headers={"Accept": RDF_XML})
    assert resp.status_code == 406
    assert "U+0001" in resp.text and TURTLE in resp.text


@pytest.mark.parametrize("media_type", [TURTLE, NTRIPLES, JSONLD])
def test_page_other_rdf_formats_carry_it(pages: TestClient, media_type: str) -> None:
    resp = pages.get("/doc/org/kab-contoh", headers={"Accept": media_type})
    assert resp.status_code == 200
    labels = {
        str(o) for o in Graph().parse(data=resp.content, format=RDFLIB_NAMES[media_type]).objects()
    }
    assert "Kabupaten\x01Contoh" in labels


def test_describe_serialise_routes_rdf_xml_through_the_checked_writer() -> None:
    graph = Graph()
    graph.add((URIRef("http://x/s"), URIRef("http://x/p"), Literal("a\x0bb")))
    with pytest.raises(results.NotRepresentable, match="U\\+000B"):
        describe.serialise(graph, RDF_XML)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.ext)
def test_dumps_are_well_formed_and_keep_characters_and_direction(fmt: DumpFormat) -> None:
    graph = [ox.Triple(S, P, ox.Literal(f"a{c}b")) for c in NOT_XML] + [ox.Triple(S, P, RTL)]
    named = ox.NamedNode("http://example.org/graph")
    if fmt.quads:
        content = encode_quads(sorted((ox.Quad(*t, named) for t in graph), key=str))
    else:
        content = encode(sorted(graph, key=str), fmt)
    if fmt.compressed:
        content = gzip.decompress(content)
    if fmt.media_type == JSONLD:
        json.loads(content)
    if fmt.quads:
        quads = set(ox.parse(content, format=ox.RdfFormat.N_QUADS))
        assert {q.graph_name for q in quads} == {named}
    assert read_graph(content, fmt.media_type) == set(graph)
    assert not any(c.encode() in content for c in NOT_XML)
