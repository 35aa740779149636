"""The SPARQL Service Description (W3C sparql11-service-description) answered by GET /sparql.

It links the endpoint to the other metadata of the publication, which link back to it: the VoID
description (`void:sparqlEndpoint`) and the DCAT-AP catalogue (`dcat:endpointURL`,
`dcat:endpointDescription`). The service's limits use the small vocabulary `srv:` declared in
`ontology/server.ttl`; their values are the ones the route enforces (the settings and the guard's
`Limits`), never restated here. The service is named by the configured public base
(`{base}/sparql`, as in the catalogue and VoID), never by the request's `Host` header, which any
client sets as it likes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pyoxigraph as ox

from sotk_kg.namespaces import PREFIXES
from sotk_kg.server.catalogue import Publication
from sotk_kg.server.dumps import WHOLE, regulation_slug
from sotk_kg.server.guard import Limits
from sotk_kg.settings import Settings

# Formats by their W3C identifiers (https://www.w3.org/ns/formats/).
_RESULT_FORMATS = [
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "JSON-LD", "RDF_XML",
]  # fmt: skip

SERVER_NS = PREFIXES["srv"]


def _decimal(value: float) -> str:
    """An xsd:decimal lexical form (never an exponent, which `:g` would give for 1e-05)."""
    return f"{Decimal(str(value)):f}"


def _limits(
    settings: Settings, limits: Limits, queue_wait: float | None
) -> dict[str, tuple[str, str]]:
    """srv: term -> (lexical form, datatype) of each limit the endpoint enforces."""
    seconds = {"queryTimeoutSeconds": settings.timeout}
    if queue_wait is not None:  # only the embedded worker pool queues; a remote server its own way
        seconds["queueWaitSeconds"] = queue_wait
    counts = {
        "maxResultRows": settings.max_rows,
        "maxResultBytes": settings.max_result_bytes,
        "maxConcurrentQueriesPerClient": settings.client_queries,
        "maxRequestBodyBytes": settings.max_body,
        "maxNestingDepth": limits.max_depth,
        "maxQueryTokens": limits.max_tokens,
        "maxOptionalOperators": limits.max_optional,
        "maxUnionOperators": limits.max_union,
        "maxPropertyPathOperators": limits.max_path_steps,
    }
    return {
        **{term: (_decimal(value), "decimal") for term, value in seconds.items()},
        **{term: (str(value), "integer") for term, value in counts.items()},
    }


def describe(
    graphs: Iterable[str] | None,
    settings: Settings,
    union_default: bool,
    *,
    limits: Limits,
    queue_wait: float | None,
) -> list[ox.Triple]:
    """Triples of the description; `graphs` None when the (remote) store could not list them.
    `limits` are the guard's caps the route checks queries with; `queue_wait` the longest wait
    for a free worker, None when there is no pool of ours (remote mode).

    Each regulation graph's description (`sd:graph`) is its dataset in the catalogue and in VoID,
    and the service serves (`dcat:servesDataset`) the whole graph's dataset and every
    regulation's, as the catalogue's `dcat:DataService` does."""
    pub = Publication(settings.base)
    endpoint = str(pub.endpoint)
    formats = "".join(f"  sd:resultFormat fmt:{f} ;\n" for f in _RESULT_FORMATS)
    slugs = {g: regulation_slug(g, settings.base) for g in sorted(graphs or ())}
    datasets = [pub.dataset(WHOLE)] + [pub.dataset(s) for s in slugs.values() if s]
    named = "".join(
        f"  sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}>"
        + (f" ; sd:graph <{pub.dataset(slug)}>" if slug else "")
        + " ] ;\n"
        for g, slug in slugs.items()
    )
    # Not sd:UnionDefaultGraph: the default graph is the law in force, not every graph.
    default_graph = (
        '[ a sd:Graph ; rdfs:comment "In force: the graphs that hold no regulation version '
        "(ontology, shapes, the versions graph) and the regulation versions applicable today; "
        "the request parameter as-of=YYYY-MM-DD gives another day. GRAPH ?g sees every version "
        '(docs/versions.md)."@en ]'
    )
    feature = ""
    caps = "".join(
        f'  srv:{term} "{lexical}"^^xsd:{datatype} ;\n'
        for term, (lexical, datatype) in _limits(settings, limits, queue_wait).items()
    )
    ttl = f"""
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix srv: <{SERVER_NS}> .

<{endpoint}> a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
{formats}{feature}  srv:federatedQueryDisabled true ;
{caps}  rdfs:seeAlso <{pub.void_doc}> , <{pub.catalogue_doc}> ;
  dcat:servesDataset {" , ".join(f"<{d}>" for d in datasets)} ;
  rdfs:comment \"\"\"Read-only SPARQL 1.1 query endpoint. Queries that do not finish within
queryTimeoutSeconds are stopped and answered 503; a query that finds no free worker within
queueWaitSeconds (stated when the service runs its own worker pool) is answered 503 "server busy"
with Retry-After; a client with maxConcurrentQueriesPerClient queries running or waiting is
answered 429 with Retry-After. SELECT results and CONSTRUCT/DESCRIBE graphs are cut at
maxResultRows rows or triples, and at the last row or triple within maxResultBytes bytes; a cut
answer carries the header X-SPARQL-Truncated: true. Before evaluation, a body over
maxRequestBodyBytes is refused with 413, and a query nested deeper than maxNestingDepth brackets,
longer than maxQueryTokens tokens, or with more than maxOptionalOperators OPTIONALs,
maxUnionOperators UNIONs or maxPropertyPathOperators property-path operators with 400. SERVICE,
LOAD, updates and FROM / FROM NAMED of anything but the graphs listed here are refused. The
datasets, their statistics and downloads: the VoID description and the DCAT
catalogue (rdfs:seeAlso).\"\"\"@en ;
  sd:defaultDataset [ a sd:Dataset ;
    sd:defaultGraph {default_graph} ;
{named}  ] .
"""
    return [q.triple for q in ox.parse(ttl, format=ox.RdfFormat.TURTLE)]
