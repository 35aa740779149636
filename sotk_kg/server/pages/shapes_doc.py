"""Documentation of the SHACL shapes namespace (`/def/shapes`), read from the store's shapes graph
(so their `dct:source` provisions follow the deploy base): each shape with its labels, targets,
the provisions it enforces and its messages."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SH

from sotk_kg.server.pages.describe import iri_ref
from sotk_kg.server.pages.html import Labels, Term, link, literal_term, render_page
from sotk_kg.server.pages.paths import SHAPES_NS, Links
from sotk_kg.server.pages.vocab import bind_prefixes, curie
from sotk_kg.store.backend import QueryBackend

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path)


def shapes_graph(backend: QueryBackend, base: str) -> Graph:
    graph = f"{base}/graph/shapes"
    return bind_prefixes(
        backend.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri_ref(graph)} {{ ?s ?p ?o }} }}"
        )
    )


def render(graph: Graph, links: Links, alternates: list[tuple[str, str]]) -> str:
    labels = Labels(graph)
    shapes = sorted(
        {
            s
            for kind in (SH.NodeShape, SH.PropertyShape)
            for s in graph.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(SHAPES_NS)
        },
        key=str,
    )
    shown = []
    for shape in shapes:
        rows = []
        for prop in (*TARGETS, DCTERMS.source):
            values = sorted(graph.objects(shape, prop), key=str)
            if values:
                cells = [
                    link(links, labels, str(v), curie(str(v)))
                    if isinstance(v, URIRef)
                    else Term("text", str(v))
                    for v in values
                ]
                rows.append((curie(str(prop)), cells))
        messages = [
            m
            for holder in [shape, *graph.objects(shape, SH.sparql)]
            for m in graph.objects(holder, SH.message)
        ]
        shown.append(
            {
                "local": str(shape)[len(SHAPES_NS) :],
                "label": labels.text(str(shape)),
                "en": labels.get(str(shape), "en"),
                "texts": [
                    literal_term(t) for t in [*graph.objects(shape, RDFS.comment), *messages]
                ],
                "rows": rows,
            }
        )
    return render_page(
        links,
        "shapes_doc.html",
        title="Shape SHACL / SHACL shapes",
        namespace=SHAPES_NS,
        shapes=shown,
        alternates=alternates,
    )
