"""The catalogue as a page for people: each dataset with its downloads, sizes and checksums."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF
from rdflib.term import Node

from sotk_kg.server.pages.html import esc, page, pick_label
from sotk_kg.server.pages.paths import Links
from sotk_kg.server.pages.vocab import SPDX

TABLE_HEAD = (
    '<thead><tr><th scope="col">Berkas / File</th><th scope="col">Jenis / Media type</th>'
    '<th scope="col">Bita / Bytes</th><th scope="col">SHA-256</th></tr></thead>'
)


def _title(graph: Graph, node: Node, lang: str = "id") -> str:
    return pick_label(list(graph.objects(node, DCTERMS.title)), lang) or str(node)


def _local(links: Links, iri: object) -> str:
    path = links.local_path(str(iri))
    return links.url(path) if path is not None else str(iri)


def _distribution_row(graph: Graph, links: Links, dist: Node) -> str:
    url = next(graph.objects(dist, DCAT.downloadURL))
    media = str(next(graph.objects(dist, DCAT.mediaType))).rsplit("media-types/", 1)[-1]
    gz = " (gzip)" if (dist, DCAT.compressFormat, None) in graph else ""
    size = int(str(next(graph.objects(dist, DCAT.byteSize))))
    sha = next(graph.objects(next(graph.objects(dist, SPDX.checksum)), SPDX.checksumValue))
    name = str(url).rsplit("/", 1)[-1]
    return (
        f'<tr><td><a href="{esc(_local(links, url))}">{esc(name)}</a></td>'
        f"<td>{esc(media)}{gz}</td><td>{size:,}</td><td><code>{esc(sha)}</code></td></tr>"
    )


def render(graph: Graph, links: Links, base: str) -> str:
    catalog = next(iter(graph.subjects(RDF.type, DCAT.Catalog)))
    blocks = []
    for ds in sorted(graph.objects(catalog, DCAT.dataset), key=str):
        rows = "".join(
            _distribution_row(graph, links, d)
            for d in sorted(graph.objects(ds, DCAT.distribution), key=str)
        )
        subject = next(graph.objects(ds, DCTERMS.subject), None)
        about = (
            f'<p>Peraturan / Regulation: <a href="{esc(links.href(str(subject)))}">'
            f"{esc(subject)}</a></p>"
            if subject
            else ""
        )
        blocks.append(
            f"<section><h2>{esc(_title(graph, ds))}</h2>"
            f'<p class="en" lang="en">{esc(_title(graph, ds, "en"))}</p>\n{about}'
            f'<p class="iri">IRI: <code>{esc(ds)}</code></p>\n'
            f'<table class="props">{TABLE_HEAD}<tbody>{rows}</tbody></table></section>'
        )
    url = {
        name: esc(links.url(path))
        for name, path in (
            ("ttl", "/catalogue.ttl"),
            ("jsonld", "/catalogue.jsonld"),
            ("void", "/.well-known/void"),
            ("sparql", "/sparql"),
            ("ontology", "/def/sotk"),
        )
    }
    body = f"""<h1>{esc(_title(graph, catalog))}</h1>
<p class="en" lang="en">{esc(_title(graph, catalog, "en"))}</p>
<p>Katalog DCAT-AP 3 / DCAT-AP 3 catalogue: <a href="{url["ttl"]}">Turtle</a> ·
<a href="{url["jsonld"]}">JSON-LD</a> · VoID: <a href="{url["void"]}">/.well-known/void</a> ·
SPARQL: <a href="{url["sparql"]}">{esc(base)}/sparql</a> ·
ontologi / ontology: <a href="{url["ontology"]}">sotk</a></p>
<p>Lisensi / Licence: CC0 1.0 (public domain dedication).</p>
{"".join(blocks)}"""
    return page(links, title="Katalog / Catalogue", body=body)
