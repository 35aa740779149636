"""Small HTTP helpers shared by the routes: capped body reading, strict UTF-8, plain errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HttpError(Exception):
    """An error answer with a plain-text message (the SPARQL protocol leaves the body free)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}

    def response(self) -> PlainTextResponse:
        return PlainTextResponse(self.message + "\n", self.status, headers=self.headers)


def internal_error(request: Request) -> Response:
    """The short 500 answer for an unexpected error (logged by the caller): HTML for browsers,
    JSON otherwise; never a stack trace."""
    message = "internal server error; it has been logged"
    if "text/html" in request.headers.get("accept", ""):
        body = f"<!doctype html><title>500</title><h1>Internal server error</h1><p>{message}</p>"
        return HTMLResponse(body, 500)
    return JSONResponse({"status": 500, "error": message}, 500)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 beyond `limit` bytes. The declared Content-Length is
    checked first (the body is then never read); a body without one is counted while read."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise HttpError(413, f"request body too large: {declared} bytes, limit {limit}")
        except ValueError:
            raise HttpError(400, "invalid Content-Length") from None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HttpError(413, f"request body too large: over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def decode_utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HttpError(400, f"{what} is not valid UTF-8 (byte {exc.start})") from None


def parse_form(text: str, what: str) -> list[tuple[str, str]]:
    """application/x-www-form-urlencoded pairs, percent-escapes decoded as strict UTF-8."""
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, f"{what}: percent-encoded bytes are not valid UTF-8") from None
    except ValueError as exc:
        raise HttpError(400, f"{what}: {exc}") from None


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


class CompressedETagMiddleware:
    """Weakens a strong `ETag` on a response the gzip middleware (inside this one) compressed:
    the strong validator names the identity bytes, not their gzip encoding (RFC 9110 §8.8.3)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_weakened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                etag = headers.get("etag", "")
                if "content-encoding" in headers and etag.startswith('"'):
                    headers["ETag"] = "W/" + etag
            await send(message)

        await self.app(scope, receive, send_weakened)
