"""The home page at `/`: what the knowledge graph is, the regulations it holds (each with its
text and its organisation charts), and the ways in (search, the SPARQL editor and its worked
queries, the catalogue, VoID, the dumps, the ontology, validation). Plain HTML from a Jinja
template (autoescaped); it works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

from sotk_kg.server.examples import Example
from sotk_kg.server.pages import views
from sotk_kg.server.pages.html import Labels, render_page
from sotk_kg.server.pages.paths import EDITOR_PATH, Links
from sotk_kg.store.backend import QueryBackend


@dataclass
class Chart:
    name: str
    page: str  # the organisation's page
    svg: str | None  # the standalone chart


@dataclass
class Entry:
    label: str
    label_en: str | None
    page: str
    text: str  # the regulation's text as text/plain
    charts: list[Chart]


def entries(backend: QueryBackend, links: Links) -> list[Entry]:
    found = views.regulations(backend)
    labels: Labels = views.fetch_labels(backend, [o for r in found for o in r.organisations])
    out = []
    for reg in found:
        charts = [
            Chart(labels.text(o), links.href(o), links.orgchart(o)) for o in reg.organisations
        ]
        doc = links.href(reg.iri)
        out.append(Entry(reg.label, reg.label_en, doc, doc + ".txt", charts))
    return out


def render(links: Links, regulations: list[Entry], examples: list[Example]) -> str:
    return render_page(
        links,
        "home.html",
        title="Beranda / Home",
        regulations=regulations,
        examples=examples,
        url=links.url,
        editor=links.url(EDITOR_PATH),
    )
