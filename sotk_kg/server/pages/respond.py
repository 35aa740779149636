"""HTTP plumbing of the linked-data routes: which representation a request wants (extension,
`?format=`, Accept), the negotiated document response with its Cool-URIs headers, and the 404 page
that suggests the search."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from sotk_kg.server.http import clip
from sotk_kg.server.negotiation import GRAPH_ALIASES, GRAPH_FORMAT_PARAM, negotiate_with_aliases
from sotk_kg.server.pages.html import render_page
from sotk_kg.server.pages.paths import EXTENSION_OF, EXTENSIONS, Links
from sotk_kg.server.results import NotRepresentable
from sotk_kg.settings import Settings

HTML = "text/html"
# Offered for documents, in the server's order of preference (HTML for browsers and `*/*`).
DOC_TYPES = [
    HTML,
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
]
DOC_ALIASES = {**GRAPH_ALIASES, "application/xhtml+xml": HTML}
FORMAT_PARAM = {**GRAPH_FORMAT_PARAM, "html": HTML, "txt": "text/plain"}
# A regulation's document also has its text: `text/plain` is that text there, not N-Triples
# (which stays `application/n-triples`, `.nt`).
TEXT = "text/plain"
TEXT_DOC_TYPES = [*DOC_TYPES, TEXT]
TEXT_DOC_ALIASES = {k: v for k, v in DOC_ALIASES.items() if k != TEXT}
# What a 404 shows of the unknown path (once) and of the search words taken from it: the page
# stays short whatever the client sent.
SHOWN_PATH_CHARS = 200
SEARCH_WORDS_CHARS = 80


def route_path(request: Request) -> str:
    """The request path relative to the application's mount point."""
    path: str = request.scope["path"]
    root = request.scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def links_for(request: Request, settings: Settings) -> Links:
    return Links(settings.base, request.scope.get("root_path", ""))


def media_type_header(media_type: str) -> str:
    return (
        f"{media_type}; charset=utf-8"
        if media_type.startswith("text/") or "json" in media_type
        else media_type
    )


def choose(
    request: Request, ext: str | None, offered: list[str], aliases: dict[str, str] | None = None
) -> tuple[str | None, str | None]:
    """(media type, error): from the extension, else `?format=`, else the Accept header."""
    if ext:
        return EXTENSIONS[ext], None
    fmt = request.query_params.get("format")
    if fmt:
        chosen = FORMAT_PARAM.get(fmt.lower())
        if chosen not in offered:
            names = ", ".join(sorted(k for k, v in FORMAT_PARAM.items() if v in offered))
            return None, f"unknown format {fmt!r}; use one of: {names}"
        return chosen, None
    return negotiate_with_aliases(
        request.headers.get("accept"),
        offered,
        offered[0],
        DOC_ALIASES if aliases is None else aliases,
    ), None


def not_found(request: Request, settings: Settings, what: str) -> Response:
    """404: an HTML page with the search box (pre-filled from the path's last segment) or plain
    text. The path is shown once and cut (a client chooses its length), the search words too."""
    wanted = negotiate_with_aliases(request.headers.get("accept"), [HTML, "text/plain"], HTML, {})
    vary = {"Vary": "Accept"}  # HTML or text, by the Accept header
    shown = clip(what, SHOWN_PATH_CHARS)
    if wanted != HTML:
        return PlainTextResponse(
            f"Not found: {shown}\nSearch: /search?q=…\n", status_code=404, headers=vary
        )
    links = links_for(request, settings)
    words = what.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")[:SEARCH_WORDS_CHARS].strip()
    html = render_page(
        links,
        "not_found.html",
        title="Tidak ditemukan / Not found",
        query=words,
        shown=shown,
        search=links.url("/search?q=" + quote(words)),
        catalogue=links.url("/catalogue"),
    )
    return HTMLResponse(html, status_code=404, headers=vary)


def wants_html(request: Request) -> bool:
    """Whether the client prefers HTML (a browser) to JSON; `*/*` or no Accept: not."""
    offered = ["application/json", HTML]
    accept = request.headers.get("accept")
    return negotiate_with_aliases(accept, offered, offered[0], DOC_ALIASES) == HTML


# Makes the body of a document: (media type, links, alternates) -> bytes.
BodyMaker = Callable[[str, Links, list[tuple[str, str]]], bytes]


def document_response(
    request: Request,
    settings: Settings,
    stem: str,
    ext: str | None,
    offered: list[str],
    make_body: BodyMaker,
    describes: str | None = None,
    aliases: dict[str, str] | None = None,
) -> Response:
    """The representation of the document at `stem` the request asks for, with `Vary`,
    `Content-Location` (`{stem}.{ext}`) and `Link` (alternates, and the thing it describes)."""
    if ext is not None and EXTENSIONS.get(ext) not in offered:
        return not_found(request, settings, route_path(request))
    media_type, error = choose(request, ext, offered, aliases)
    if error:
        return PlainTextResponse(error, status_code=400)
    if media_type is None:
        return PlainTextResponse(
            "Not acceptable; this document is available as " + ", ".join(offered), status_code=406
        )
    links = links_for(request, settings)
    alternates = [(links.url(f"{stem}.{EXTENSION_OF[mt]}"), mt) for mt in offered]
    link = [f'<{url}>; rel="alternate"; type="{mt}"' for url, mt in alternates]
    if describes:
        link.append(f'<{describes}>; rel="describes"')
    headers = {
        "Vary": "Accept",
        "Content-Location": links.url(f"{stem}.{EXTENSION_OF[media_type]}"),
        "Link": ", ".join(link),
    }
    try:
        body = make_body(media_type, links, alternates)
    except NotRepresentable as exc:  # e.g. U+0001 in a literal, asked for as RDF/XML
        return PlainTextResponse(f"{exc}\n", status_code=406, headers={"Vary": "Accept"})
    return Response(body, media_type=media_type_header(media_type), headers=headers)
