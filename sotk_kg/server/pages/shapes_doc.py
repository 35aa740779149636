"""Documentation of the SHACL shapes namespace (`/def/shapes`), read from the store's shapes graph
(so their `dct:source` provisions follow the deploy base): each shape with its labels, targets,
the provisions it enforces and its messages."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SH

from sotk_kg.server.pages.describe import iri_ref
from sotk_kg.server.pages.html import Labels, esc, link, literal_html, page
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
    blocks = []
    for shape in shapes:
        local = str(shape)[len(SHAPES_NS) :]
        rows = []
        for prop in (*TARGETS, DCTERMS.source):
            values = sorted(graph.objects(shape, prop), key=str)
            if values:
                cells = ", ".join(
                    link(links, labels, str(v), curie(str(v))) if isinstance(v, URIRef) else esc(v)
                    for v in values
                )
                rows.append(f"<dt>{esc(curie(str(prop)))}</dt><dd>{cells}</dd>")
        messages = [
            m
            for holder in [shape, *graph.objects(shape, SH.sparql)]
            for m in graph.objects(holder, SH.message)
        ]
        texts = "".join(f"<p>{literal_html(t)}</p>" for t in graph.objects(shape, RDFS.comment))
        texts += "".join(f"<p>{literal_html(m)}</p>" for m in messages)
        en = labels.get(str(shape), "en")
        blocks.append(
            f'<article id="{esc(local)}"><h3>{esc(labels.text(str(shape)))} '
            f"<code>sotksh:{esc(local)}</code></h3>"
            + (f'<p class="en" lang="en">{esc(en)}</p>' if en else "")
            + f'{texts}<dl class="meta">{"".join(rows)}</dl></article>'
        )
    formats = " ".join(f'<a href="{esc(u)}" type="{esc(mt)}">{esc(mt)}</a>' for u, mt in alternates)
    body = f"""<h1>Shape SHACL sotk-kg</h1>
<p class="en" lang="en">sotk-kg SHACL shapes</p>
<p class="iri">Namespace <code>{esc(SHAPES_NS)}</code> · {len(shapes)} shapes</p>
<p class="formats muted">Format lain / Other formats: {formats}</p>
{"".join(blocks)}"""
    return page(links, title="Shape SHACL / SHACL shapes", body=body)
