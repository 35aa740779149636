"""The label search page: a small box that finds resources by (part of) their label."""

from __future__ import annotations

from sotk_kg.server.pages import views
from sotk_kg.server.pages.html import esc, literal_html, page
from sotk_kg.server.pages.paths import Links
from sotk_kg.store.backend import QueryBackend

MAX_QUERY = 200


def render(backend: QueryBackend, links: Links, query: str) -> str:
    query = query.strip()[:MAX_QUERY]
    if not query:
        body = (
            "<h1>Cari / Search</h1><p>Ketik sebagian label di kotak pencarian. / "
            "Type part of a label in the search box.</p>"
        )
        return page(links, title="Cari / Search", body=body)
    hits = views.search(backend, query)
    if hits:
        items = "".join(
            f'<li><a href="{esc(links.href(iri))}">{literal_html(label)}</a> '
            f'<span class="muted"><code>{esc(iri)}</code></span></li>'
            for iri, label in hits
        )
        results = f'<ol class="results">{items}</ol>'
    else:
        results = "<p>Tidak ada hasil. / No results.</p>"
    body = (
        f"<h1>Hasil pencarian / Search results: “{esc(query)}”</h1>\n"
        f'<p class="muted">{len(hits)} hasil / results</p>\n{results}'
    )
    return page(links, title=f"Cari: {query}", body=body, query=query)
