"""What the server says about one resource: its triples, labels of what it links to, and the
triples that point at it (bounded), as an rdflib Graph; plus serialisation to RDF media types."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef

from sotk_kg.server import results
from sotk_kg.server.pages.vocab import ELI, PREFIXES, SPARQL_PROLOGUE, bind_prefixes
from sotk_kg.store.backend import QueryBackend

# Incoming links kept in a description; a regulation is the object of thousands of triples.
MAX_INCOMING = 500

RDFLIB_FORMAT: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


# Characters that may not appear in a SPARQL IRIREF (and so could break out of `<…>`), plus
# control characters, DEL and U+FFFD (what a decoder puts for bytes that are not UTF-8: `%FF`).
_FORBIDDEN = frozenset('<>"{}|^`\\\x7f\ufffd') | frozenset(chr(c) for c in range(0x21))


def usable_iri(iri: str) -> bool:
    """Whether `iri` is an absolute IRI that can be written as a SPARQL IRI term (requests may
    carry anything: undecodable bytes, lone surrogates, control characters)."""
    if any(c in _FORBIDDEN for c in iri):
        return False
    try:
        ox.NamedNode(iri)
    except (ValueError, UnicodeError):
        return False
    return True


def iri_ref(iri: str) -> str:
    """An IRI as a SPARQL term; refuses characters that could break out of `<…>`."""
    if not usable_iri(iri):
        raise ValueError(f"not a usable IRI: {iri!r}")
    return f"<{iri}>"


def exists(backend: QueryBackend, iri: str) -> bool:
    """Whether the store mentions the IRI as subject or object in any graph."""
    ref = iri_ref(iri)
    return backend.ask(
        f"ASK {{ {{ GRAPH ?g {{ {ref} ?p ?o }} }} UNION {{ GRAPH ?g {{ ?s ?p {ref} }} }} }}"
    )


def describe(backend: QueryBackend, iri: str) -> Graph:
    """The description of `iri` (empty graph when the store does not know it)."""
    ref = iri_ref(iri)
    query = f"""{SPARQL_PROLOGUE}
CONSTRUCT {{
  {ref} ?p ?o . ?o ?lp ?ol . ?b ?bp ?bo .
  ?x ?q {ref} . ?x ?lq ?xl .
}} WHERE {{
  {{ GRAPH ?g {{ {ref} ?p ?o }}
     OPTIONAL {{ VALUES ?lp {{ rdfs:label skos:prefLabel }} GRAPH ?g2 {{ ?o ?lp ?ol }} }} }}
  UNION
  {{ GRAPH ?g {{ {ref} ?p ?o FILTER(isBlank(?o)) ?o rdf:rest* ?b . ?b ?bp ?bo }} }}
  UNION
  {{ {{ SELECT DISTINCT ?x ?q WHERE {{ GRAPH ?g {{ ?x ?q {ref} }} }} LIMIT {MAX_INCOMING} }}
     OPTIONAL {{ VALUES ?lq {{ rdfs:label skos:prefLabel }} GRAPH ?g3 {{ ?x ?lq ?xl }} }} }}
}}"""
    return bind_prefixes(backend.construct(query))


def serialise(graph: Graph, media_type: str) -> bytes:
    """Bytes of `graph` in one of the RDF media types of RDFLIB_FORMAT."""
    fmt = RDFLIB_FORMAT[media_type]
    if fmt == "nt":
        # Sorted lines: the same graph always gives the same bytes (checksums of dumps).
        text = graph.serialize(format="nt")
        return "".join(sorted(line + "\n" for line in text.splitlines() if line)).encode()
    if fmt == "json-ld":
        text = graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
        # rdflib's node and value order follows hash order; sorted, the same graph gives the
        # same bytes in every process.
        return json.dumps(_sorted_json(json.loads(text)), ensure_ascii=False, indent=2).encode()
    if fmt == "xml":
        # The endpoint's checked writer: rdflib's writes characters XML cannot carry (U+0001)
        # as they are; this one refuses them (results.NotRepresentable, a 406).
        parsed = ox.parse(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
        return results.triples((q.triple for q in parsed), media_type, PREFIXES)
    return graph.serialize(format=fmt).encode()


def _sorted_json(value: Any, ordered: bool = False) -> Any:
    """JSON-LD with keys and (unordered) arrays sorted; `@list` arrays keep their order."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, ordered=k == "@list") for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if ordered:
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def describes(graph: Graph, iri: str) -> bool:
    return (URIRef(iri), None, None) in graph


def has_text(graph: Graph, iri: str) -> bool:
    """Whether `iri` is a regulation whose text the graph holds (a legal resource with parts),
    so that its document also offers that text as `text/plain`."""
    subject = URIRef(iri)
    return (subject, RDF.type, ELI.LegalResource) in graph and (
        graph.value(subject, ELI.has_part) is not None
    )
