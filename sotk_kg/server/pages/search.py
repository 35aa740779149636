"""The label search page: a small box that finds resources by (part of) their label."""

from __future__ import annotations

from sotk_kg.server.pages import views
from sotk_kg.server.pages.html import literal_term, render_page
from sotk_kg.server.pages.paths import Links
from sotk_kg.store.backend import QueryBackend

MAX_QUERY = 200


def render(backend: QueryBackend, links: Links, query: str) -> str:
    query = query.strip()[:MAX_QUERY]
    if not query:
        return render_page(links, "search.html", title="Cari / Search", hits=None)
    hits = [
        (links.href(iri), literal_term(label), iri) for iri, label in views.search(backend, query)
    ]
    return render_page(links, "search.html", title=f"Cari: {query}", query=query, hits=hits)
