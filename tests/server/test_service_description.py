"""The Service Description at GET /sparql: linked both ways with the VoID description and the DCAT
catalogue, and its own terms (`srv:`, the limits) declared in ontology/server.ttl, with the values
the endpoint enforces."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from decimal import Decimal

import httpx
import pytest
from liveserver import LiveServer, announced_limits
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from repo_paths import REPO_ROOT
from servertree import BASE, BEKASI_GRAPH, SUKAMAJU_GRAPH

from sotk_kg.server.guard import Limits
from sotk_kg.settings import Settings

DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
SRV = "https://w3id.org/sotk-kg/def/server#"
VOCABULARY = URIRef("https://w3id.org/sotk-kg/def/server")
TURTLE = {"Accept": "text/turtle"}


def fetch(http: httpx.Client, path: str) -> Graph:
    resp = http.get(path, headers=TURTLE)
    assert resp.status_code == 200, resp.text
    return Graph().parse(data=resp.text, format="turtle")


@pytest.fixture(scope="module")
def description(live) -> Graph:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=live.url, timeout=30) as http:
        return fetch(http, "/sparql")


def service(description: Graph) -> URIRef:
    (found,) = description.subjects(RDF.type, SD.Service)
    return found  # type: ignore[return-value]


def test_service_description_points_at_void_and_the_catalogue(
    description: Graph, http: httpx.Client
) -> None:
    endpoint = service(description)
    seen = set(description.objects(endpoint, RDFS.seeAlso))
    assert seen == {URIRef(f"{BASE}/.well-known/void"), URIRef(f"{BASE}/catalogue")}
    catalogue = fetch(http, "/catalogue")
    void = fetch(http, "/.well-known/void")
    # It serves exactly the catalogue's datasets, which VoID describes too.
    served = set(description.objects(endpoint, DCAT.servesDataset))
    assert served == set(catalogue.subjects(RDF.type, DCAT.Dataset))
    assert served == set(void.subjects(RDF.type, VOID.Dataset))
    assert URIRef(f"{BASE}/catalogue#dataset-sotk-kg") in served
    # A regulation graph's description is its dataset (with statistics in VoID).
    for graph, slug in ((BEKASI_GRAPH, "perbup-kab-bekasi-2021-99"),
                        (SUKAMAJU_GRAPH, "perwal-kota-sukamaju-2023-7")):  # fmt: skip
        (named,) = description.subjects(SD.name, URIRef(graph))
        dataset = URIRef(f"{BASE}/catalogue#dataset-{slug}")
        assert description.value(named, SD.graph) == dataset
        assert void.value(dataset, VOID.triples) is not None
    # And back: the catalogue and VoID name the endpoint.
    sparql = URIRef(f"{BASE}/sparql")
    assert (None, DCAT.endpointDescription, sparql) in catalogue
    assert (None, VOID.sparqlEndpoint, sparql) in void


def test_limits_use_terms_declared_in_the_server_vocabulary(description: Graph) -> None:
    vocabulary = Graph().parse(REPO_ROOT / "ontology" / "server.ttl")
    assert (VOCABULARY, RDF.type, OWL.Ontology) in vocabulary
    assert vocabulary.value(VOCABULARY, OWL.versionIRI) is not None
    used = {p for p in description.predicates() if str(p).startswith(SRV)}
    assert {URIRef(SRV + n) for n in ("queryTimeoutSeconds", "maxResultRows",
                                      "maxRequestBodyBytes")} <= used  # fmt: skip
    declared = {t for t in vocabulary.subjects() if str(t).startswith(SRV)}
    assert used == declared
    for term in used:
        assert (term, RDF.type, OWL.DatatypeProperty) in vocabulary, term
        assert (term, RDFS.isDefinedBy, VOCABULARY) in vocabulary, term
        for prop in (RDFS.label, RDFS.comment):
            languages = {o.language for o in vocabulary.objects(term, prop)}
            assert {"id", "en"} <= languages, (term, prop)
        value = description.value(service(description), term)
        assert isinstance(value, Literal)
        assert value.datatype == vocabulary.value(term, RDFS.range), term


def test_announced_limits_are_the_configured_ones(live: LiveServer) -> None:
    settings = live.settings
    caps = Limits()  # the guard's caps that no setting changes
    assert announced_limits(live.url) == {
        "federatedQueryDisabled": True,
        "queryTimeoutSeconds": Decimal(str(settings.timeout)),
        "queueWaitSeconds": Decimal(str(settings.worker_wait)),
        "maxResultRows": settings.max_rows,
        "maxResultBytes": settings.max_result_bytes,
        "maxConcurrentQueriesPerClient": settings.client_queries,
        "maxRequestBodyBytes": settings.max_body,
        "maxNestingDepth": settings.max_depth,
        "maxQueryTokens": caps.max_tokens,
        "maxOptionalOperators": caps.max_optional,
        "maxUnionOperators": caps.max_union,
        "maxPropertyPathOperators": caps.max_path_steps,
    }


@pytest.fixture(scope="module")
def roomy(server_settings: Settings) -> Iterator[LiveServer]:
    """A body cap large enough for a query at the token cap (about two characters a token)."""
    settings = dataclasses.replace(server_settings, workers=1, max_body=4 * Limits().max_tokens)
    with LiveServer(settings) as srv:
        yield srv


# srv: term -> a query with n of what the term caps (n brackets deep, n OPTIONALs, ...).
CAPPED_QUERIES: dict[str, Callable[[int], str]] = {
    "maxNestingDepth": lambda n: "ASK " + "{" * n + "}" * n,
    "maxOptionalOperators": lambda n: "ASK { " + "OPTIONAL { } " * n + "}",
    "maxUnionOperators": lambda n: "ASK { { } " + "UNION { } " * n + "}",
    "maxPropertyPathOperators": lambda n: "ASK { ?s <urn:x:p>" + "|<urn:x:p>" * n + " ?o }",
    # ASK { VALUES ?x { ... } } is 7 tokens; each value `1` one more
    "maxQueryTokens": lambda n: "ASK { VALUES ?x { " + "1 " * (n - 7) + "} }",
    # whitespace pads the body to n bytes
    "maxRequestBodyBytes": lambda n: "ASK { }".ljust(n),
}


@pytest.mark.parametrize("term", CAPPED_QUERIES)
def test_a_query_at_an_announced_cap_runs_and_one_over_it_is_refused(
    roomy: LiveServer, term: str
) -> None:
    cap = announced_limits(roomy.url)[term]
    assert isinstance(cap, int)
    build = CAPPED_QUERIES[term]
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/json"}
    with httpx.Client(base_url=roomy.url, timeout=60) as http:
        at_cap = http.post("/sparql", content=build(cap).encode(), headers=headers)
        assert at_cap.status_code == 200, at_cap.text
        assert "boolean" in at_cap.json()
        over = http.post("/sparql", content=build(cap + 1).encode(), headers=headers)
    assert over.status_code == (413 if term == "maxRequestBodyBytes" else 400), over.text
    assert str(cap) in over.text  # the refusal names the cap
