"""Dereferenceable IRIs: 303 from things to documents, negotiated documents (HTML or RDF), the
ontology documentation, label search and organisation charts. See docs/linked-data.md."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from sotk_kg import versions as vs
from sotk_kg.server.http import add_route
from sotk_kg.server.in_force import InForce, parse_as_of
from sotk_kg.server.orgchart import org_chart_svg
from sotk_kg.server.pages import describe as desc
from sotk_kg.server.pages import ontology, reading, search, shapes_doc, views
from sotk_kg.server.pages.paths import Links, doc_for_thing, split_extension, thing_for_doc
from sotk_kg.server.pages.resource import ResourcePage
from sotk_kg.server.pages.respond import (
    DOC_TYPES,
    HTML,
    TEXT,
    TEXT_DOC_ALIASES,
    TEXT_DOC_TYPES,
    document_response,
    links_for,
    not_found,
    route_path,
    wants_html,
)
from sotk_kg.settings import Settings
from sotk_kg.store.backend import QueryBackend

THING_PREFIXES = ("/id/", "/eli/id/", "/graph/", "/activity/")
DOC_PREFIXES = ("/doc/", "/eli/doc/")


def make_router(
    backend: QueryBackend, settings: Settings, in_force: InForce | None = None
) -> APIRouter:
    router = APIRouter(tags=["Linked data"])
    charts: dict[tuple[str, str, str | None], str | None] = {}
    sources = reading.SourceTexts([settings.source_dir, settings.graph_dir])

    def drawn(links: Links, organisation: str, day: str | None) -> str | None:
        key = (links.root, organisation, day)
        if key not in charts:
            graphs = None if day is None or in_force is None else in_force.view().graphs_on(day)
            charts[key] = org_chart_svg(backend, links, organisation, graphs)
        return charts[key]

    def chart(links: Links, organisation: str, as_of: str | None = None) -> str | None:
        """The chart as the law in force on `as_of` states it; without a day, today's, or
        (an organisation no regulation in force today establishes) as every version states it."""
        if as_of is not None:
            return drawn(links, organisation, as_of)
        return drawn(links, organisation, vs.today()) or drawn(links, organisation, None)

    def thing(request: Request) -> Response:
        path, ext = split_extension(route_path(request))
        iri = settings.base + path
        if not desc.usable_iri(iri) or not desc.exists(backend, iri):
            return not_found(request, settings, iri)
        target = links_for(request, settings).url(doc_for_thing(path) or path)
        if ext:
            target += "." + ext
        if request.url.query:
            target += "?" + request.url.query
        response = RedirectResponse(target, status_code=303)
        response.headers["Link"] = f'<{target}>; rel="describedby"'
        return response

    def document(request: Request) -> Response:
        bare, ext = split_extension(route_path(request))
        thing_path = thing_for_doc(bare)
        iri = settings.base + thing_path if thing_path else bare
        if thing_path is None or not desc.usable_iri(iri):
            return not_found(request, settings, iri)
        graph = desc.describe(backend, iri)
        if len(graph) == 0:
            return not_found(request, settings, iri)
        has_text = desc.has_text(graph, iri)
        try:
            as_of = parse_as_of(request.query_params.get("as-of"))
        except ValueError as exc:
            return PlainTextResponse(f"{exc}\n", 400)
        versions = in_force.view().of_work(iri) if in_force is not None else []

        def body(media_type: str, links: Links, alternates: list[tuple[str, str]]) -> bytes:
            if media_type == TEXT:
                return text_of(iri)
            if media_type != HTML:
                return desc.serialise(graph, media_type)
            text_url = links.url(bare + ".txt") if has_text else None

            def drawn_for_day(organisation: str) -> str | None:
                return chart(links, organisation, as_of)

            page = ResourcePage(
                backend,
                links,
                iri,
                graph,
                alternates,
                drawn_for_day,
                text_url,
                versions=versions,
                as_of=as_of,
            )
            return page.render().encode()

        if has_text:
            return document_response(request, settings, bare, ext, TEXT_DOC_TYPES, body,
                                     describes=iri, aliases=TEXT_DOC_ALIASES)  # fmt: skip
        return document_response(request, settings, bare, ext, DOC_TYPES, body, describes=iri)

    def text_of(work: str) -> bytes:
        """The regulation's text: its source file, found by the checksum the graph gives it,
        else the text assembled from the graph's provisions."""
        found = sources.find(views.text_checksums(backend, work))
        if found is not None:
            return found
        return reading.plain_text(views.provision_tree(backend, work)).encode()

    for prefix in THING_PREFIXES:
        router.add_api_route(
            prefix + "{rest:path}", thing, methods=["GET", "HEAD"], include_in_schema=False
        )
    for prefix in DOC_PREFIXES:
        router.add_api_route(
            prefix + "{rest:path}", document, methods=["GET", "HEAD"], include_in_schema=False
        )

    @router.api_route("/def/{name:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def definitions(request: Request, name: str) -> Response:
        """The ontologies `sotk` and `server` (and their version IRIs): HTML documentation or the
        RDF; `shapes`: the SHACL shapes."""
        bare, ext = split_extension(name)
        if bare == "shapes":
            return shapes(request, ext)
        source = ontology.source_for(settings, bare)
        if source is None:
            return not_found(request, settings, route_path(request))

        def body(media_type: str, links: Links, alternates: list[tuple[str, str]]) -> bytes:
            if media_type == HTML:
                return ontology.render(source, links, alternates).encode()
            if media_type == "text/turtle":
                return source.path.read_bytes()  # the edited file itself, comments and all
            return desc.serialise(ontology.parse(source.path), media_type)

        return document_response(request, settings, "/def/" + bare, ext, DOC_TYPES, body)

    def shapes(request: Request, ext: str | None) -> Response:
        """The SHACL shapes namespace: HTML documentation or the shapes graph."""
        graph = shapes_doc.shapes_graph(backend, settings.base)
        if len(graph) == 0:
            return not_found(request, settings, route_path(request))

        def body(media_type: str, links: Links, alternates: list[tuple[str, str]]) -> bytes:
            if media_type == HTML:
                return shapes_doc.render(graph, links, alternates).encode()
            return desc.serialise(graph, media_type)

        return document_response(request, settings, "/def/shapes", ext, DOC_TYPES, body)

    def search_page(request: Request, q: str = "") -> HTMLResponse:
        """Resources whose label contains `q` (HTML)."""
        return HTMLResponse(search.render(backend, links_for(request, settings), q))

    add_route(router, "/search", search_page, shown=["GET"], response_class=HTMLResponse)

    def orgchart(request: Request, rest: str) -> Response:
        """The organisation chart of `{base}/id/org/{rest}` as SVG."""
        iri = f"{settings.base}/id/org/{rest.removesuffix('.svg')}"
        try:
            as_of = parse_as_of(request.query_params.get("as-of"))
        except ValueError as exc:
            return PlainTextResponse(f"{exc}\n", 400)
        svg = chart(links_for(request, settings), iri, as_of) if desc.usable_iri(iri) else None
        if svg is None:
            return not_found(request, settings, iri)
        return Response(svg, media_type="image/svg+xml")

    add_route(router, "/orgchart/{rest:path}", orgchart, shown=["GET"])
    return router


def not_found_page(settings: Settings) -> Callable[[Request, Exception], Awaitable[Response]]:
    """A 404 exception handler for the application: a path no route knows gets, for a browser,
    the linked-data 404 page with the search box; other clients get FastAPI's JSON answer, and
    a route's own 404 (with its own message) is passed on unchanged."""

    async def handler(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, HTTPException):  # a status-code handler: Starlette passes those
            raise exc
        if exc.detail == "Not Found" and wants_html(request):
            return not_found(request, settings, route_path(request))
        return await http_exception_handler(request, exc)

    return handler
