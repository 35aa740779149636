"""The catalogue as a page for people: each dataset with its downloads, sizes and checksums."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF
from rdflib.term import Node

from sotk_kg.server.pages.html import pick_label, render_page
from sotk_kg.server.pages.paths import Links
from sotk_kg.server.pages.vocab import SPDX


def _title(graph: Graph, node: Node, lang: str = "id") -> str:
    return pick_label(list(graph.objects(node, DCTERMS.title)), lang) or str(node)


def _local(links: Links, iri: object) -> str:
    path = links.local_path(str(iri))
    return links.url(path) if path is not None else str(iri)


def _distribution(graph: Graph, links: Links, dist: Node) -> dict[str, object]:
    url = next(graph.objects(dist, DCAT.downloadURL))
    sha = next(graph.objects(next(graph.objects(dist, SPDX.checksum)), SPDX.checksumValue))
    return {
        "href": _local(links, url),
        "name": str(url).rsplit("/", 1)[-1],
        "media": str(next(graph.objects(dist, DCAT.mediaType))).rsplit("media-types/", 1)[-1],
        "gzip": (dist, DCAT.compressFormat, None) in graph,
        "size": int(str(next(graph.objects(dist, DCAT.byteSize)))),
        "sha": str(sha),
    }


def render(graph: Graph, links: Links, base: str) -> str:
    catalog = next(iter(graph.subjects(RDF.type, DCAT.Catalog)))
    datasets = []
    for ds in sorted(graph.objects(catalog, DCAT.dataset), key=str):
        subject = next(graph.objects(ds, DCTERMS.subject), None)
        datasets.append(
            {
                "title": _title(graph, ds),
                "title_en": _title(graph, ds, "en"),
                "subject": str(subject) if subject else "",
                "subject_href": links.href(str(subject)) if subject else "",
                "iri": str(ds),
                "distributions": [
                    _distribution(graph, links, d)
                    for d in sorted(graph.objects(ds, DCAT.distribution), key=str)
                ],
            }
        )
    url = {
        name: links.url(path)
        for name, path in (
            ("ttl", "/catalogue.ttl"),
            ("jsonld", "/catalogue.jsonld"),
            ("void", "/.well-known/void"),
            ("sparql", "/sparql"),
            ("ontology", "/def/sotk"),
        )
    }
    return render_page(
        links,
        "catalogue_page.html",
        title="Katalog / Catalogue",
        catalogue={"title": _title(graph, catalog), "title_en": _title(graph, catalog, "en")},
        url=url,
        base=base,
        datasets=datasets,
    )
