"""The fast lane for `/sparql`: a query request skips the generic middleware stack and routing.

Every request otherwise passes ten ASGI layers (FastAPI's error and exception middlewares, CORS,
conditional GET, gzip, OPTIONS, the body deadline, routing) before the route runs, each wrapping
`send` and parsing the headers again; on a query whose engine time is half a millisecond that is a
large part of the answer (bench/profile_request.py). The lane is outermost: a GET or POST to
`/sparql` with a query goes to the same handler (`routes/sparql.py`) through only the layers it
needs: the security headers, the access log with its safety net, the body deadline, and what the
CORS, conditional-GET and gzip middlewares would add, done here on the finished answer. Anything
else (other paths and methods, a GET without a query: the service description, a conditional GET
the server may answer 304) goes through the full stack. `tests/server/test_fast_lane.py` checks
that both give the same answers and headers.
"""

from __future__ import annotations

import zlib
from collections.abc import Awaitable, Callable

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from sotk_kg.server.access_log import AccessLog
from sotk_kg.server.conditional import DataVersion, cache_control, entity_tag, validated
from sotk_kg.server.hosting import HOSTING
from sotk_kg.server.http import EXPOSED_HEADERS, BodyDeadline, SecurityHeadersMiddleware
from sotk_kg.settings import Settings

GZIP_MINIMUM = 1024  # bytes: smaller answers are sent as they are (as the gzip middleware does)
GZIP_LEVEL = 9  # the gzip middleware's level, so that both paths send the same bytes
GZIP_IN_THREAD = 128 * 1024  # bytes: larger answers are compressed off the event loop


def wants_lane(scope: Scope) -> bool:
    """A query request: POST to /sparql, or GET with a `query` parameter and no conditional
    header (those may be answered 304 by the conditional-GET middleware)."""
    if scope["type"] != "http" or scope["path"] != "/sparql":
        return False
    method = scope["method"]
    if method == "POST":
        return True
    if method != "GET":
        return False
    qs: bytes = scope.get("query_string", b"")
    if not (qs.startswith(b"query=") or b"&query=" in qs):
        return False
    return not any(k in (b"if-none-match", b"if-modified-since") for k, _ in scope["headers"])


def _gzip(body: bytes) -> bytes:
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(body) + compressor.flush()


class SparqlLane:
    """ASGI: a `/sparql` query request (`wants_lane`) to `handle` through `wrap(core)` (the
    security headers, access log and body deadline), for the application to call before its own
    stack (server/app.py `App`).

    `expose`: the CORS `Access-Control-Expose-Headers` list (allow_origins "*", no credentials:
    every answer gets `Vary: Origin`, an answer to a request with an Origin `*` and that list);
    `version`: the data version the conditional-GET middleware tags GET answers with."""

    def __init__(
        self,
        handle: Callable[[Request], Awaitable[Response]],
        wrap: Callable[[ASGIApp], ASGIApp],
        version: DataVersion,
        expose: list[str],
        hosting: Callable[[], object] = lambda: None,
    ) -> None:
        self.handle = handle
        self.version = version
        self.hosting = hosting
        self.cors = [
            (b"access-control-allow-origin", b"*"),
            (b"access-control-expose-headers", ", ".join(expose).encode("latin-1")),
        ]
        self.lane = wrap(self.core)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (hosting := self.hosting()) is not None:
            scope[HOSTING] = hosting  # the listener may hand the connection over once answered
        await self.lane(scope, receive, send)

    async def core(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.handle(Request(scope, receive))
        status, body = response.status_code, bytes(response.body)
        headers = list(response.raw_headers)
        origin = accept_gzip = False
        for key, value in scope["headers"]:
            if key == b"origin":
                origin = True
            elif key == b"accept-encoding" and b"gzip" in value:
                accept_gzip = True
        vary = [v.decode("latin-1") for k, v in headers if k == b"vary"]
        headers = [(k, v) for k, v in headers if k != b"vary"]
        # In the order the full stack's middlewares add them, from the innermost out.
        if len(body) >= GZIP_MINIMUM:  # it would be compressed for a client taking gzip
            vary.append("Accept-Encoding")
            if accept_gzip:
                if len(body) >= GZIP_IN_THREAD:
                    body = await anyio.to_thread.run_sync(_gzip, body)
                else:
                    body = _gzip(body)
                headers = [(k, v) for k, v in headers if k != b"content-length"]
                headers += [(b"content-encoding", b"gzip"), (b"content-length", b"%d" % len(body))]
        if status == 200 and validated(scope):
            headers += [
                (b"last-modified", self.version.http_date.encode()),
                (b"cache-control", cache_control(scope["path"]).encode()),
                (b"etag", entity_tag(self.version, scope).encode()),
            ]
        if origin:
            headers += self.cors
        vary.append("Origin")
        headers.append((b"vary", ", ".join(vary).encode("latin-1")))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def sparql_lane(
    handle: Callable[[Request], Awaitable[Response]],
    settings: Settings,
    version: DataVersion,
    hosting: Callable[[], object] = lambda: None,
    body_read: bool = False,
) -> SparqlLane:
    """The lane of the server (server/app.py) and of a worker serving a connection itself
    (server/hosted.py): the security headers, the access log and the body deadline around it.
    `hosting`: the server's server/hosting.Hosting, once its workers run (None: none);
    `body_read`: the request's body is read before the lane runs (no deadline to keep)."""

    def wrap(core: ASGIApp) -> ASGIApp:
        inner = core if body_read else BodyDeadline(core, timeout=settings.body_timeout)
        return SecurityHeadersMiddleware(AccessLog(inner))

    return SparqlLane(
        handle,
        wrap=wrap,
        version=version,
        expose=EXPOSED_HEADERS,
        hosting=hosting,
    )
