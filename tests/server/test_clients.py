"""Real SPARQL client libraries against the running server: SPARQLWrapper and rdflib's
SPARQLStore; plus the editor page, /health and the OpenAPI docs."""

from __future__ import annotations

import httpx
from liveserver import LiveServer
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from servertree import DINAS, DIRECT_UNITS, SEKRETARIAT, SUB_BAGIAN
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

UNITS_OF_SEKRETARIAT = f"""
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name WHERE {{ ?u org:subOrganizationOf <{SEKRETARIAT}> ; skos:prefLabel ?name }}
ORDER BY ?name
"""


def test_sparqlwrapper_select_json_and_xml(live: LiveServer) -> None:
    client = SPARQLWrapper(live.sparql)
    client.setQuery(UNITS_OF_SEKRETARIAT)
    client.setReturnFormat(JSON)
    names = [b["name"]["value"] for b in client.query().convert()["results"]["bindings"]]
    assert names == sorted(SUB_BAGIAN.values())  # Pasal 7 ayat (1) huruf b angka 1 and 2
    client.setMethod(POST)
    client.setReturnFormat(XML)
    doc = client.query().convert()  # an xml.dom document
    assert len(doc.getElementsByTagName("result")) == len(SUB_BAGIAN)


def test_sparqlwrapper_ask_and_construct(live: LiveServer) -> None:
    client = SPARQLWrapper(live.sparql)
    client.setQuery(f"ASK {{ <{DINAS}> a <https://w3id.org/sotk-kg/def/sotk#Dinas> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery(
        f"CONSTRUCT {{ ?u <http://www.w3.org/ns/org#unitOf> <{DINAS}> }} "
        f"WHERE {{ ?u <http://www.w3.org/ns/org#unitOf> <{DINAS}> }}"
    )
    client.setReturnFormat(TURTLE)
    body = client.query().convert()
    g = Graph().parse(data=body, format="turtle")
    assert len(g) == len(DIRECT_UNITS)


def test_rdflib_sparqlstore(live: LiveServer) -> None:
    graph = Graph(store=SPARQLStore(live.sparql))
    rows = list(graph.query(UNITS_OF_SEKRETARIAT))
    assert sorted(str(r[0]) for r in rows) == sorted(SUB_BAGIAN.values())
    labels = list(graph.triples((URIRef(SEKRETARIAT), SKOS.prefLabel, None)))
    assert [str(o) for _, _, o in labels] == ["Sekretariat"]


def test_editor_page_lists_examples_from_queries_dir(live: LiveServer) -> None:
    page = httpx.get(live.url + "/sparql-editor", timeout=30)
    assert page.status_code == 200
    assert "static/yasgui/yasgui.min.js" in page.text
    assert "Units and their parents" in page.text  # `# title:` header of 01-units.rq
    assert "Count of triples per graph" in page.text  # first comment line of 02-no-title.rq
    js = httpx.get(live.url + "/static/yasgui/yasgui.min.js", timeout=30)
    assert js.status_code == 200 and len(js.content) > 100_000


def test_health_and_docs(live: LiveServer) -> None:
    health = httpx.get(live.url + "/health", timeout=30).json()
    assert health["status"] == "ok" and health["mode"] == "embedded"
    assert health["graphs"] == 4  # two regulations, ontology, shapes
    assert httpx.get(live.url + "/docs", timeout=30).status_code == 200
    spec = httpx.get(live.url + "/openapi.json", timeout=30).json()
    assert "/sparql" in spec["paths"] and "/validate" in spec["paths"]
