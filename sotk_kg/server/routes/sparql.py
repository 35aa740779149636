"""The SPARQL 1.1 Protocol endpoint `/sparql` (query operation only; the endpoint is read-only).

Order of work: read the request (protocol errors 400/413/415), check the query text (guard:
400/403/413), negotiate the answer's media type from the query form (406), evaluate in a worker
with the time limit (503 on timeout, before any byte is sent), answer with the row cap announced.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from sotk_kg import versions as vs
from sotk_kg.server import results, textmatch
from sotk_kg.server.admission import ClientBusy
from sotk_kg.server.executor import Executor
from sotk_kg.server.guard import (
    CheckedQueries,
    CheckedQuery,
    QueryRefused,
    check_graph_iri,
    query_limits,
)
from sotk_kg.server.http import (
    HttpError,
    add_route,
    decode_utf8,
    media_type,
    parse_form,
    read_body,
)
from sotk_kg.server.in_force import InForce, parse_as_of
from sotk_kg.server.negotiation import (
    GRAPH_ALIASES,
    GRAPH_FORMAT_PARAM,
    GRAPH_FORMATS,
    RESULTS_ALIASES,
    RESULTS_FORMAT_PARAM,
    RESULTS_FORMATS,
    negotiate_with_aliases,
)
from sotk_kg.server.pages import rdf_page
from sotk_kg.server.pages.respond import DOC_ALIASES, HTML, links_for
from sotk_kg.server.pages.vocab import PREFIXES
from sotk_kg.server.pool import JobTimeout, PoolBusy, WorkerLost
from sotk_kg.server.refusals import refusal
from sotk_kg.server.service_description import describe
from sotk_kg.server.worker import SYNTAX_ERROR, Answer, Job
from sotk_kg.settings import Settings

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
RESULTS_TYPES = list(RESULTS_FORMATS)
GRAPH_TYPES = list(GRAPH_FORMATS)


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format: str | None  # the `format` parameter (browsers cannot set Accept)
    as_of: str | None = None  # the `as-of` parameter: the day whose law in force is the default


def _single(pairs: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in pairs if k == name]
    if len(values) > 1:
        raise HttpError(400, f"parameter {name!r} given {len(values)} times; give it once")
    return values[0] if values else None


def _protocol_request(
    url_pairs: list[tuple[str, str]], body_pairs: list[tuple[str, str]], body_query: str | None
) -> ProtocolRequest:
    pairs = url_pairs + body_pairs
    if any(k == "update" for k, _ in pairs):
        raise HttpError(403, "SPARQL Update is not accepted: this endpoint is read-only")
    query = _single(pairs, "query")
    if body_query is not None:
        if query is not None:
            raise HttpError(400, "query given both in the body and as a parameter; give it once")
        query = body_query
    return ProtocolRequest(
        query=query,
        default_graphs=tuple(v for k, v in pairs if k == "default-graph-uri"),
        named_graphs=tuple(v for k, v in pairs if k == "named-graph-uri"),
        format=_single(pairs, "format"),
        as_of=_single(pairs, "as-of"),
    )


async def _read_request(request: Request, settings: Settings) -> ProtocolRequest:
    raw_qs = decode_utf8(request.scope.get("query_string", b""), "URL query string")
    url_pairs = parse_form(raw_qs, "URL query string")
    if request.method in ("GET", "HEAD"):
        return _protocol_request(url_pairs, [], None)
    ctype = media_type(request)
    if ctype == SPARQL_UPDATE:
        raise HttpError(403, "SPARQL Update is not accepted: this endpoint is read-only")
    if ctype not in (FORM, SPARQL_QUERY):
        raise HttpError(
            415,
            f"unsupported Content-Type {ctype or '(none)'!r}; POST a query as {FORM} "
            f"(query=...) or as {SPARQL_QUERY}",
        )
    body = await read_body(request, settings.max_body)
    text = decode_utf8(body, "request body")
    if ctype == SPARQL_QUERY:
        return _protocol_request(url_pairs, [], text)
    proto = _protocol_request(url_pairs, parse_form(text, "form body"), None)
    if proto.query is None:  # only a GET without a query asks for the service description
        raise HttpError(400, "missing parameter 'query' in the form body")
    return proto


@functools.lru_cache(maxsize=256)  # a pure function of three short strings; clients repeat them
def _negotiated(
    accept: str | None, fmt: str | None, form: str | None
) -> tuple[str | None, str | None]:
    """(media type for SELECT/ASK, for CONSTRUCT/DESCRIBE); 406 when the query form's is None."""
    if fmt:
        key = fmt.strip().lower()
        results_type = RESULTS_FORMAT_PARAM.get(key) or (key if key in RESULTS_FORMATS else None)
        graph_type = GRAPH_FORMAT_PARAM.get(key) or (key if key in GRAPH_FORMATS else None)
        if results_type is None and graph_type is None:
            raise HttpError(
                400,
                f"unknown format {fmt!r}; use one of "
                + ", ".join(sorted(set(RESULTS_FORMAT_PARAM) | set(GRAPH_FORMAT_PARAM))),
            )
    else:
        results_type = negotiate_with_aliases(
            accept, RESULTS_TYPES, RESULTS_TYPES[0], RESULTS_ALIASES
        )
        graph_type = negotiate_with_aliases(accept, GRAPH_TYPES, GRAPH_TYPES[0], GRAPH_ALIASES)
    wanted = results_type if form in ("SELECT", "ASK") else graph_type
    if form is not None and wanted is None:
        offered = RESULTS_TYPES if form in ("SELECT", "ASK") else GRAPH_TYPES
        raise HttpError(
            406,
            f"none of the accepted media types fit a {form} query; available: "
            + ", ".join(offered),
        )
    return results_type, graph_type


def _with_charset(mtype: str) -> str:
    textual = mtype.startswith("text/") or mtype.endswith(("+json", "+xml", "/json", "/xml"))
    return f"{mtype}; charset=utf-8" if textual or mtype == "application/n-triples" else mtype


_SD_FORMATS = (
    ("Turtle", "turtle"),
    ("N-Triples", "nt"),
    ("JSON-LD", "json-ld"),
    ("RDF/XML", "rdfxml"),
)


def _wants_html(accept: str | None, fmt: str | None) -> bool:
    """A browser (text/html preferred to every RDF type) or `format=html`; `*/*` gets RDF."""
    if fmt:
        return fmt.strip().lower() == "html"
    offered = [*GRAPH_TYPES, HTML]
    return negotiate_with_aliases(accept, offered, GRAPH_TYPES[0], DOC_ALIASES) == HTML


def in_force_dataset(
    proto: ProtocolRequest, checked: CheckedQuery, in_force: InForce | None
) -> tuple[str, ...] | None:
    """The default graph of a query naming no dataset: the graphs in force on `as-of` (today
    without it); None when the store's own default graph is that. 400 for a bad date, or an
    `as-of` beside a dataset the query or the request names."""
    try:
        day = parse_as_of(proto.as_of)
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None
    named = proto.default_graphs or proto.named_graphs
    if named or checked.from_graphs or checked.from_named_graphs:
        if day is not None:
            raise HttpError(
                400,
                "parameter 'as-of' chooses the law in force as the default graph of a query "
                "naming no dataset; this one names its own (FROM, FROM NAMED, default-graph-uri "
                "or named-graph-uri): drop one or the other",
            )
        return None
    if in_force is None:
        return None
    return in_force.view().dataset(day or vs.today())


Handler = Callable[[Request], Awaitable[Response]]


def make_handler(
    executor: Executor,
    settings: Settings,
    in_force: InForce | None = None,
    texts: object = None,
    inline_text_index: bool = False,
) -> Handler:
    """The `/sparql` handler, for the route (`make_router`) and the fast lane (server/fastlane.py).
    `in_force`: the law in force, the default graph of a query naming no dataset
    (server/in_force.py); `texts`: the store backend whose text index answers `sotk:matches`
    (server/textmatch.py); `inline_text_index`: look it up in the handler's thread (a worker
    serving a connection, with no event loop to keep free)."""
    limits = query_limits(settings)
    cap_headers = {
        "X-SPARQL-Max-Rows": str(settings.max_rows),
        "X-SPARQL-Max-Bytes": str(settings.max_result_bytes),
        "Vary": "Accept",
    }

    checkers: dict[int, CheckedQueries] = {}

    def checker(known: frozenset[str] | None) -> CheckedQueries:
        """The guard's cache for these known graphs (a remote executor learns them at start)."""
        if (found := checkers.get(id(known))) is None or found.known_graphs is not known:
            checkers.clear()
            found = checkers[id(known)] = CheckedQueries(known, limits)
        return found

    def sd_page(request: Request, triples: list[ox.Triple]) -> str:
        links = links_for(request, settings)
        formats = [(name, links.url(f"/sparql?format={key}")) for name, key in _SD_FORMATS]
        return rdf_page.render(
            links,
            title=("Deskripsi layanan SPARQL", "SPARQL service description"),
            about=(
                "Titik akhir SPARQL 1.1 (hanya baca) atas seluruh graf; kueri ditulis di editor "
                "pada halaman depan. Batas waktu, baris dan ukuran jawaban tercantum di bawah.",
                "Read-only SPARQL 1.1 endpoint over the whole graph; write queries in the editor "
                "on the home page. Its time, row and answer-size limits are listed below.",
            ),
            turtle=results.triples(triples, "text/turtle", PREFIXES).decode(),
            formats=formats,
        )

    def service_description(request: Request, accept: str | None, fmt: str | None) -> Response:
        triples = describe(
            executor.known_graphs,
            settings,
            executor.union_default,
            limits=limits,
            queue_wait=executor.queue_wait,
        )
        if _wants_html(accept, fmt):
            html = sd_page(request, triples)
            return HTMLResponse(html, headers={"Vary": "Accept"})
        _, graph_type = _negotiated(accept, fmt, None)
        if graph_type is None:
            raise HttpError(
                406,
                "without a query, /sparql answers its Service Description, an RDF graph, and "
                "none of the accepted media types is an RDF format; available: "
                + ", ".join(GRAPH_TYPES)
                + ". To get query results, send a query (query=...)",
            )
        return Response(
            results.triples(triples, graph_type),
            media_type=_with_charset(graph_type),
            headers=cap_headers,
        )

    async def handle(request: Request) -> Response:
        started = time.perf_counter()
        try:
            proto = await _read_request(request, settings)
            request.state.query = proto.query  # for the access log
            accept = request.headers.get("accept")
            if proto.query is None:
                return service_description(request, accept, proto.format)
            known = executor.known_graphs
            for g in proto.default_graphs:
                check_graph_iri(g, known, "default-graph-uri")
            for g in proto.named_graphs:
                check_graph_iri(g, known, "named-graph-uri")
            checked = checker(known).check(proto.query)
            results_type, graph_type = _negotiated(accept, proto.format, checked.form)
            in_force_graphs = in_force_dataset(proto, checked, in_force)
            text = checked.text  # the canonical text the guard checked, not the user's
            if textmatch.MATCHES in text:  # the text index's answer, off the event loop
                if inline_text_index:
                    text = textmatch.expand(checked, texts)
                else:
                    text = await asyncio.to_thread(textmatch.expand, checked, texts)
            job = Job(
                query=text,
                results_type=results_type,
                graph_type=graph_type,
                max_rows=settings.max_rows,
                max_bytes=settings.max_result_bytes,
                default_graphs=proto.default_graphs if in_force_graphs is None else in_force_graphs,
                named_graphs=proto.named_graphs,
                in_force=in_force_graphs is not None,
            )
            try:
                client = request.client.host if request.client else None
                outcome = await executor.submit(job, settings.timeout, client)
            finally:  # also on a timeout or a crash: the access log shows how long it ran
                request.state.query_ms = round((time.perf_counter() - started) * 1000, 1)
        except HttpError as exc:
            return exc.response()
        except QueryRefused as exc:
            return PlainTextResponse(exc.message + "\n", exc.status)
        except (JobTimeout, PoolBusy, ClientBusy, WorkerLost) as exc:
            return refusal(exc)
        elapsed_ms = (time.perf_counter() - started) * 1000
        if not isinstance(outcome, Answer):
            message = outcome.message
            if message.startswith(SYNTAX_ERROR):  # the engine's positions are in checked.text
                message = checked.locate(message)
            return PlainTextResponse(message + "\n", outcome.status)
        headers = {**cap_headers, "X-Query-Time-Ms": f"{elapsed_ms:.1f}"}
        if outcome.truncated:
            headers["X-SPARQL-Truncated"] = "true"
            headers["Warning"] = f'199 - "result cut at {outcome.cut_at}"'
        return Response(outcome.body, media_type=_with_charset(outcome.media_type), headers=headers)

    return handle


def make_router(handle: Handler) -> APIRouter:
    router = APIRouter(tags=["SPARQL"])
    # The raw route answers: Starlette's, without FastAPI's parameter and dependency machinery
    # (nothing to solve: the handler reads the request itself). The API routes after it are
    # never reached for these methods; they are there for the OpenAPI document.
    router.routes.append(Route("/sparql", handle, methods=["GET", "HEAD", "POST"]))
    add_route(
        router,
        "/sparql",
        handle,
        shown=["GET", "POST"],
        hidden=["HEAD"],
        response_class=Response,
        summary="SPARQL 1.1 query (GET, POST form or application/sparql-query)",
        description=(
            "Without `query` (GET): the SPARQL Service Description. Results by content "
            "negotiation or `format=json|xml|csv|tsv|turtle|nt|json-ld|rdfxml`. Read-only; "
            "`SERVICE`, `LOAD` and updates are refused; the time limit, the wait for a free "
            "worker, the row and byte caps and the query caps (body size, nesting, tokens, "
            "OPTIONAL, UNION, property-path operators) are in the service description."
        ),
    )
    return router
