"""Small HTTP helpers shared by the routes: capped body reading, strict UTF-8, plain errors, and
the middlewares every answer passes: the request body's deadline and the security headers."""

from __future__ import annotations

import asyncio
import codecs
import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import unquote

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sotk_kg.checks.templating import render


class HttpError(Exception):
    """An error answer with a plain-text message (the SPARQL protocol leaves the body free)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}

    def response(self) -> PlainTextResponse:
        return PlainTextResponse(self.message + "\n", self.status, headers=self.headers)


class BodyTimeout(HttpError):
    """The request body did not arrive within the deadline: 408, and the connection is closed
    (the rest of the body would otherwise be read as the next request)."""

    def __init__(self, timeout: float) -> None:
        super().__init__(
            408,
            f"request body not received within {timeout:g} s; send it faster or smaller",
            headers={"Connection": "close"},
        )


class BodyTooLarge(HttpError):
    """The request body is over the server's limit: 413. `size` is the declared length, None
    when the body came without one and was cut off while read."""

    def __init__(self, limit: int, size: int | None = None) -> None:
        said = (
            f"{size} bytes, limit {limit}"
            if size is not None
            else (f"over the limit of {limit} bytes")
        )
        super().__init__(413, f"request body too large: {said}")
        self.limit = limit
        self.size = size


def clip(text: str, limit: int) -> str:
    """`text`, or its first `limit` characters and a note of its length."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def retry_later(message: str, seconds: int, status: int = 503) -> PlainTextResponse:
    """A refusal the client may try again (503 a limit of the server, 429 of the client)."""
    return PlainTextResponse(message + "\n", status, headers={"Retry-After": str(seconds)})


def internal_error(request: Request) -> Response:
    """The short 500 answer for an unexpected error (logged by the caller): HTML for browsers,
    JSON otherwise; never a stack trace."""
    message = "internal server error; it has been logged"
    if "text/html" in request.headers.get("accept", ""):
        return HTMLResponse(render("sotk_kg.server", "internal_error.html", message=message), 500)
    return JSONResponse({"status": 500, "error": message}, 500)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 beyond `limit` bytes. The declared Content-Length is
    checked first (the body is then never read); a body without one is counted while read."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise HttpError(400, "invalid Content-Length") from None
        if size > limit:
            raise BodyTooLarge(limit, size)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def drain(request: Request, cap: int) -> bool:
    """Read and drop what is left of a refused request body, up to `cap` bytes, so that a
    browser still sending it reads the answer: answered before the end of its upload, Chromium
    shows a reset connection instead of the page. Nothing is kept. False when more than `cap`
    was left or the client went away (the connection is then to be closed)."""
    size = 0
    while True:
        message = await request.receive()
        if message["type"] != "http.request":
            return False
        size += len(message.get("body", b""))
        if not message.get("more_body", False):
            return True
        if size > cap:
            return False


def decode_utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HttpError(400, f"{what} is not valid UTF-8 (byte {exc.start})") from None


_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _unquote_plus(text: str) -> str:
    """`urllib.parse.unquote_plus(text, errors="strict")`, a few times faster on a query's
    hundreds of escapes: every `%XX` becomes the bytes escape `\\xXX` (backslashes doubled
    first, so that no other escape exists) and the C bytes-literal decoder does the rest. A `%`
    that starts no escape is kept as it is, as urllib does (its rare texts go through urllib)."""
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    if _LONE_PERCENT.search(text):
        return unquote(text, errors="strict")
    escaped = text.replace("\\", "\\\\").replace("%", "\\x").encode("utf-8")
    return codecs.escape_decode(escaped)[0].decode("utf-8")


def parse_form(text: str, what: str) -> list[tuple[str, str]]:
    """application/x-www-form-urlencoded pairs, percent-escapes decoded as strict UTF-8: what
    `parse_qsl(text, keep_blank_values=True, errors="strict")` gives (tests/server/
    test_fast_lane.py compares them), faster (`_unquote_plus`)."""
    pairs = []
    try:
        for field in text.split("&"):
            if field:
                name, _, value = field.partition("=")
                pairs.append((_unquote_plus(name), _unquote_plus(value)))
    except UnicodeDecodeError:
        raise HttpError(400, f"{what}: percent-encoded bytes are not valid UTF-8") from None
    return pairs


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def add_route(
    router: APIRouter,
    path: str,
    endpoint: Callable[..., Any],
    shown: Sequence[str],
    hidden: Sequence[str] = ("HEAD",),
    **kwargs: Any,
) -> None:
    """One route per method (FastAPI gives a multi-method route one duplicated operation id);
    `hidden` methods (HEAD, OPTIONS) are left out of the OpenAPI document."""
    for method in shown:
        router.add_api_route(path, endpoint, methods=[method], **kwargs)
    extra = {k: v for k, v in kwargs.items() if k not in ("summary", "description", "tags")}
    for method in hidden:
        router.add_api_route(path, endpoint, methods=[method], include_in_schema=False, **extra)


_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")


def allowed_methods(app: Starlette, scope: Scope) -> list[str]:
    """Every method some route accepts for the path of `scope` (for `Allow` on 405 and OPTIONS).

    Probed per method because included routers are matched as a whole; from the application's
    root, since inside a mount (`/static`) the scope's `root_path` includes the mount's path."""
    allowed: set[str] = set()
    top = {**scope, "root_path": scope.get("app_root_path", scope.get("root_path", ""))}
    for route in app.router.routes:
        for method in _METHODS:
            match, _ = route.matches({**top, "method": method})
            if match == Match.FULL:
                # a mount (static files) matches every method but serves only GET and HEAD
                allowed |= {"GET", "HEAD"} if isinstance(route, Mount) else {method}
    return [m for m in _METHODS if m in allowed]


async def method_not_allowed(request: Request, exc: Exception) -> Response:
    allow = ", ".join(allowed_methods(request.app, request.scope))
    return PlainTextResponse(
        f"method {request.method} not allowed; allowed: {allow}\n", 405, headers={"Allow": allow}
    )


class OptionsMiddleware:
    """Answers a plain `OPTIONS` (not a CORS preflight, which the CORS middleware answers) for
    any path with 204 and `Allow`, or 404 when no route has that path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await self.app(scope, receive, send)
            return
        methods = allowed_methods(scope["app"], scope)
        if methods:
            response: Response = Response(status_code=204, headers={"Allow": ", ".join(methods)})
        else:
            response = PlainTextResponse("not found\n", 404)
        await response(scope, receive, send)


class HeadersMiddleware:
    """Edits the headers of every answer as it starts (`edit`, in a subclass)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def edit(self, headers: MutableHeaders) -> None:
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_edited(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.edit(MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_edited)


class CompressedETagMiddleware(HeadersMiddleware):
    """Weakens a strong `ETag` on a response the gzip middleware (inside this one) compressed:
    the strong validator names the identity bytes, not their gzip encoding (RFC 9110 §8.8.3)."""

    def edit(self, headers: MutableHeaders) -> None:
        etag = headers.get("etag", "")
        if "content-encoding" in headers and etag.startswith('"'):
            headers["ETag"] = "W/" + etag


class BodyDeadline:
    """Every read of a request body ends `timeout` seconds after the request's headers came
    (`BodyTimeout`, 408), whichever route reads it: a client sending its body a byte at a time
    cannot hold a connection and a route open. Once the body is complete, reads (a response
    listening for the client's disconnect) are not bounded."""

    def __init__(self, app: ASGIApp, timeout: float) -> None:
        self.app = app
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # asyncio's own timeout: anyio's cancel scope cost a tenth of a small query's time in
        # the server (uvicorn runs on asyncio or uvloop, never trio)
        deadline = asyncio.get_running_loop().time() + self.timeout
        body_done = False

        async def receive_in_time() -> Message:
            nonlocal body_done
            if body_done:
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BodyTimeout(self.timeout) from None
            body_done = not message.get("more_body", False)
            return message

        await self.app(scope, receive_in_time, send)


# On every answer: no content sniffing, no framing, no full URL (with its query) sent to other
# sites. The policy allows scripts, styles and fetches from this server only: the pages, the
# editor (YASGUI) and Swagger UI are served from the package and keep their scripts in files.
# Inline styles are allowed: YASGUI adds a <style> element from its script (measured with the
# browser test in tests/server/test_http_hardening.py); scripts stay strictly 'self'.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
EXPOSED_HEADERS = [
    "X-SPARQL-Max-Rows", "X-SPARQL-Max-Bytes", "X-SPARQL-Truncated", "X-Query-Time-Ms",
    "X-SHACL-Conforms",
]  # fmt: skip  # CORS: the headers a page's script may read
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


class SecurityHeadersMiddleware(HeadersMiddleware):
    """Adds SECURITY_HEADERS to every answer (a route's own value wins). The policy is sent with
    every media type, not only HTML: an SVG chart or an RDF/XML document opened in a browser is a
    document too."""

    def edit(self, headers: MutableHeaders) -> None:
        for name, value in SECURITY_HEADERS.items():
            if name not in headers:
                headers[name] = value

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # `edit` on the raw header list: it is on every answer, where MutableHeaders cost a
        # tenth of a small query's time in the server
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in _SECURITY_RAW if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_secured)


_SECURITY_RAW = [
    (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()
]
