"""For crawlers: `/robots.txt` (keep away from the query endpoint and the upload form; where the
sitemap is) and the sitemap (`/sitemap.xml`, an index of `/sitemap-{n}.xml` pages of at most
`PAGE_SIZE` URLs, as the sitemaps protocol allows 50,000).

The sitemap lists the documents people read: the service's own pages, and the page of every
regulation, organisation, unit and post (a provision or a duty is reached from its regulation's
page). URLs are under the public base, as every IRI the server mints."""

from __future__ import annotations

import threading

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response

from sotk_kg.checks.templating import render
from sotk_kg.server.conditional import DataVersion
from sotk_kg.server.http import add_route
from sotk_kg.server.pages.paths import Links, doc_for_thing
from sotk_kg.settings import Settings
from sotk_kg.store.backend import QueryBackend

PAGE_SIZE = 50_000
# The service's own pages, listed first.
SERVICE_PAGES = ("/", "/catalogue", "/dump/", "/def/sotk")
# What a sitemap lists: the kinds of thing that have a page worth reading on its own.
LISTED_CLASSES = (
    "http://data.europa.eu/eli/ontology#LegalResource",
    "http://www.w3.org/ns/org#Organization",
    "http://www.w3.org/ns/org#FormalOrganization",  # the graph states classes, no reasoner adds
    "http://www.w3.org/ns/org#OrganizationalUnit",
    "http://www.w3.org/ns/org#Post",
)
_XML = "application/xml"


def robots(base: str) -> str:
    return (
        "User-agent: *\n"
        "Disallow: /sparql\n"  # queries: for programs that mean to ask, not for crawlers
        "Disallow: /validate\n"
        "Disallow: /search\n"  # endless result pages
        "Allow: /\n"
        f"Sitemap: {base}/sitemap.xml\n"
    )


class Sitemap:
    """The listed URLs, read from the store once (the data does not change while serving)."""

    def __init__(self, backend: QueryBackend, settings: Settings) -> None:
        self.backend = backend
        self.links = Links(settings.base)
        self._urls: list[str] | None = None
        self._lock = threading.Lock()

    def urls(self) -> list[str]:
        with self._lock:
            if self._urls is None:
                self._urls = [self.links.iri(p) for p in SERVICE_PAGES] + self._documents()
            return self._urls

    def _documents(self) -> list[str]:
        classes = " ".join(f"<{c}>" for c in LISTED_CLASSES)
        rows = self.backend.select(
            f"SELECT DISTINCT ?s WHERE {{ VALUES ?c {{ {classes} }} GRAPH ?g {{ ?s a ?c }} }}"
        )
        found = set()
        for row in rows:
            path = self.links.local_path(str(row["s"]))
            doc = doc_for_thing(path) if path else None
            if doc is not None:
                found.add(self.links.iri(doc))
        return sorted(found)

    def pages(self) -> int:
        return max(1, -(-len(self.urls()) // PAGE_SIZE))

    def page(self, number: int) -> list[str] | None:
        if not 1 <= number <= self.pages():
            return None
        return self.urls()[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]


def make_router(backend: QueryBackend, settings: Settings, version: DataVersion) -> APIRouter:
    router = APIRouter(tags=["Crawlers"])
    sitemap = Sitemap(backend, settings)
    lastmod = version.modified.date().isoformat()

    def robots_txt() -> PlainTextResponse:
        """Where crawlers may go, and the sitemap."""
        return PlainTextResponse(robots(settings.base))

    def sitemap_index() -> Response:
        """The sitemap index: one entry per page of URLs."""
        body = render(
            "sotk_kg.server",
            "sitemap_index.xml",
            base=settings.base,
            pages=sitemap.pages(),
            lastmod=lastmod,
        )
        return Response(body + "\n", media_type=_XML)

    def sitemap_page(number: int) -> Response:
        """One page of the sitemap."""
        urls = sitemap.page(number)
        if urls is None:
            return PlainTextResponse(f"no sitemap page {number}\n", 404)
        body = render("sotk_kg.server", "sitemap.xml", urls=urls, lastmod=lastmod)
        return Response(body + "\n", media_type=_XML)

    add_route(router, "/robots.txt", robots_txt, shown=["GET"], summary="Rules for crawlers")
    add_route(router, "/sitemap.xml", sitemap_index, shown=["GET"], summary="Sitemap index")
    add_route(router, "/sitemap-{number:int}.xml", sitemap_page, shown=["GET"],
              summary="A page of the sitemap")  # fmt: skip
    return router
