"""Metadata and downloads for harvesters: the DCAT-AP catalogue (`/catalogue`), the VoID
description (`/.well-known/void`) and the dump files (`/dump/{file}`). See docs/linked-data.md."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import APIRouter, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from rdflib import Graph

from sotk_kg.server import catalogue
from sotk_kg.server.conditional import DataVersion
from sotk_kg.server.dumps import WHOLE, Dumps
from sotk_kg.server.http import add_route
from sotk_kg.server.negotiation import negotiate_with_aliases
from sotk_kg.server.pages import catalogue_page, dump_page, rdf_page
from sotk_kg.server.pages.describe import serialise
from sotk_kg.server.pages.paths import Links
from sotk_kg.server.pages.respond import (
    DOC_TYPES,
    HTML,
    document_response,
    links_for,
    not_found,
)
from sotk_kg.settings import Settings
from sotk_kg.store.backend import QueryBackend

RDF_TYPES = [t for t in DOC_TYPES if t != HTML]
_VOID_FORMATS = (("Turtle", "ttl"), ("N-Triples", "nt"), ("JSON-LD", "jsonld"), ("RDF/XML", "rdf"))
log = logging.getLogger(__name__)


class _Once:
    """A value computed on first use and kept (the store does not change while serving)."""

    def __init__(self, make: Callable[[], Graph]) -> None:
        self.make = make
        self.value: Graph | None = None
        self.lock = threading.Lock()

    def __call__(self) -> Graph:
        with self.lock:
            if self.value is None:
                self.value = self.make()
            return self.value


def make_router(backend: QueryBackend, settings: Settings, version: DataVersion) -> APIRouter:
    dumps = Dumps(backend, settings.base)
    publisher = catalogue.Publisher(
        settings.publisher_name, settings.publisher_type, settings.contact_email
    )
    catalogue_graph = _Once(
        lambda: catalogue.catalogue_graph(
            backend, settings.base, dumps, version.modified, publisher
        )
    )
    void_graph = _Once(lambda: catalogue.void_graph(backend, settings.base, dumps))

    def build_all() -> None:
        started = time.perf_counter()
        try:
            dumps.files()
            catalogue_graph()
            void_graph()
        except Exception:  # a request builds (and reports) again what failed here
            log.exception("building the dumps and the catalogue in the background failed")
            return
        log.info("dumps, catalogue and VoID ready in %.2f s", time.perf_counter() - started)

    @asynccontextmanager
    async def lifespan(_app: object) -> AsyncIterator[None]:
        # After start-up, not during it: the server answers at once, and a request that comes
        # before the build reaches it builds what it needs itself (sharing the build's lock).
        threading.Thread(target=build_all, name="sotk-dumps", daemon=True).start()
        yield

    router = APIRouter(tags=["Catalogue and dumps"], lifespan=lifespan)

    def document(
        request: Request,
        graph: Callable[[], Graph],
        offered: list[str],
        stem: str,
        html: Callable[[Graph, Links], str] | None = None,
    ) -> Response:
        def body(media_type: str, links: Links, _alternates: list[tuple[str, str]]) -> bytes:
            if media_type == HTML and html is not None:
                return html(graph(), links).encode()
            return serialise(graph(), media_type)

        ext = request.path_params.get("ext")
        return document_response(request, settings, stem, ext, offered, body)

    def catalogue_doc(request: Request) -> Response:
        """The DCAT-AP 3 catalogue: HTML for people, RDF (Turtle, JSON-LD, …) for harvesters."""
        return document(
            request,
            catalogue_graph,
            DOC_TYPES,
            "/catalogue",
            lambda g, links: catalogue_page.render(g, links, settings.base),
        )

    def void_doc(request: Request) -> Response:
        """The VoID description with statistics counted from the store: RDF (Turtle for `*/*`),
        a page for browsers."""
        return document(request, void_graph, [*RDF_TYPES, HTML], "/.well-known/void", void_page)

    def void_page(graph: Graph, links: Links) -> str:
        formats = [(name, links.url(f"/.well-known/void.{ext}")) for name, ext in _VOID_FORMATS]
        return rdf_page.render(
            links,
            title=("Deskripsi VoID", "VoID description"),
            about=(
                "Statistik setiap dataset (tripel, kelas, properti), dump dan titik akhir SPARQL, "
                "untuk pemanen data terhubung.",
                "Statistics of each dataset (triples, classes, properties), its dumps and the "
                "SPARQL endpoint, for linked-data harvesters.",
            ),
            turtle=serialise(graph, "text/turtle").decode(),
            formats=formats,
        )

    def dump(request: Request, filename: str) -> Response:
        """A dump (Turtle, gzipped N-Triples, JSON-LD) of the whole graph or of one regulation."""
        found = dumps.get(filename)
        if found is None:
            return not_found(request, settings, f"{settings.base}/dump/{filename}")
        return Response(
            found.content,
            media_type=found.format.served_as,
            headers={
                "ETag": f'"{found.sha256}"',
                "Content-Disposition": f'attachment; filename="{found.filename}"',
            },
        )

    def dump_index(request: Request) -> Response:
        """Every dump: HTML for people, JSON for programs (file, dataset, format, size, SHA-256,
        licence, URL)."""
        files = sorted(dumps.files().values(), key=lambda d: (d.slug != WHOLE, d.slug, d.filename))
        listing = [
            {
                "file": d.filename,
                "url": f"{settings.base}/dump/{d.filename}",
                "dataset": f"{settings.base}/catalogue#dataset-{d.slug}",
                "media_type": d.format.media_type,
                "compressed": d.format.compressed,
                "named_graphs": d.format.quads,
                "bytes": d.byte_size,
                "sha256": d.sha256,
                "licence": str(catalogue.LICENCE),
            }
            for d in files
        ]
        wanted = negotiate_with_aliases(
            request.headers.get("accept"), [HTML, "application/json"], HTML, {}
        )
        vary = {"Vary": "Accept"}
        if wanted == "application/json":
            return JSONResponse({"dumps": listing}, headers=vary)
        if wanted is None:
            return PlainTextResponse("available: text/html, application/json\n", 406)
        return HTMLResponse(dump_page.render(links_for(request, settings), listing), headers=vary)

    def dump_folder() -> RedirectResponse:
        return RedirectResponse("/dump/", 301)

    add_route(router, "/dump/", dump_index, shown=["GET"], summary="The list of dumps")
    add_route(router, "/dump", dump_folder, shown=[], hidden=["GET", "HEAD"])
    for path, endpoint in (("/catalogue", catalogue_doc), ("/.well-known/void", void_doc)):
        add_route(router, path, endpoint, shown=["GET"])
        add_route(router, path + ".{ext}", endpoint, shown=[], hidden=["GET", "HEAD"])
    add_route(router, "/dump/{filename}", dump, shown=["GET"])
    return router
