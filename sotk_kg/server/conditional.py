"""Conditional GET for harvesters: validators (`ETag`, `Last-Modified`) and `Cache-Control` on
every GET answer, and `304 Not Modified` when the client already holds the answer.

What the server answers to a GET is a function of the request (path, query string, the `Accept`
and `Accept-Language` it negotiates on) and of the data version (the loaded files, the base, the
code that renders them), which does not change while the server runs: a reload restarts it. So the
entity tag is computed from those before the route runs, and a matching `If-None-Match` is answered
at once, without evaluating a query or rendering a page. These tags are weak (`W/`): the body is
the same in meaning, not necessarily in bytes (gzip, a timing header). A route that knows the exact
bytes (a dump: their SHA-256) sends its own strong tag, which the middleware honours too.

SPARQL answers are validated only when the query is deterministic: RAND(), NOW(), UUID(),
STRUUID() and BNODE() give another answer each time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import unquote_plus

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sotk_kg.checks.cache import code_identity
from sotk_kg.settings import Settings
from sotk_kg.store.load import fingerprint

# Paths whose answers are never validated: liveness (changes), uploads, the static files (served
# with their own validators by StaticFiles).
UNVALIDATED = ("/health", "/validate", "/static/")
# Cache-Control per path prefix, first match wins; the data changes only with a reload, so
# documents may be kept a little and then revalidated; query answers are always revalidated.
CACHE_CONTROL: tuple[tuple[str, str], ...] = (
    ("/dump/", "public, max-age=86400"),
    ("/sparql", "public, no-cache"),
    ("/static/", "public, max-age=3600"),
    ("/", "public, max-age=300"),
)
_NON_DETERMINISTIC = re.compile(r"\b(?:RAND|NOW|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)
# The request headers an answer is negotiated on (and so part of its tag).
_NEGOTIATED = ("accept", "accept-language")


@dataclass(frozen=True)
class DataVersion:
    """What every answer depends on besides the request: a digest, and when it last changed."""

    digest: str
    modified: datetime  # UTC, whole seconds (HTTP dates have no fraction)

    @classmethod
    def of(cls, parts: Iterable[str], modified: datetime) -> DataVersion:
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return cls(digest, modified.astimezone(UTC).replace(microsecond=0))

    @property
    def http_date(self) -> str:
        return format_datetime(self.modified, usegmt=True)


def data_version(settings: Settings, injected: bool) -> DataVersion:
    """The data version of a server: the loaded files (size and mtime), the base and the code.
    A store handed in by the caller (tests, embedding) or a remote one may change without a file
    showing it, so its version is the start time: tags then never outlive the process."""
    now = datetime.now(UTC)
    parts = [settings.base, *code_identity()]
    if injected or settings.remote_query:
        return DataVersion.of([*parts, f"started {now.isoformat()}"], now)
    stats = fingerprint(settings)
    parts += [f"{path} {size} {mtime}" for path, (size, mtime) in sorted(stats.items())]
    newest = max((mtime for _size, mtime in stats.values()), default=0)
    return DataVersion.of(parts, datetime.fromtimestamp(newest / 1e9, UTC) if newest else now)


def cache_control(path: str) -> str:
    return next(value for prefix, value in CACHE_CONTROL if path.startswith(prefix))


def validated(scope: Scope) -> bool:
    """Whether a GET/HEAD answer for `scope` gets validators."""
    if scope["method"] not in ("GET", "HEAD"):
        return False
    path: str = scope["path"]
    if any(path.startswith(p) or path == p.rstrip("/") for p in UNVALIDATED):
        return False
    if path == "/sparql":
        query = unquote_plus(scope.get("query_string", b"").decode("latin-1"))
        return not _NON_DETERMINISTIC.search(query)
    return True


def entity_tag(version: DataVersion, scope: Scope) -> str:
    headers = Headers(scope=scope)
    parts = [version.digest, scope["path"], scope.get("query_string", b"").decode("latin-1")]
    parts += [headers.get(name, "") for name in _NEGOTIATED]
    return 'W/"' + hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32] + '"'


def _opaque(tag: str) -> str:
    return tag.strip().removeprefix("W/")


def none_match(header: str, tag: str) -> bool:
    """`If-None-Match` matches `tag` by weak comparison (RFC 9110 §13.1.2): "*" or any listed tag
    with the same opaque value, `W/` or not."""
    wanted = _opaque(tag)
    return any(t.strip() == "*" or _opaque(t) == wanted for t in header.split(","))


def not_modified_since(header: str, modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False  # an invalid date is ignored (RFC 9110 §13.1.3)
    if since.tzinfo is None:
        return False
    return modified <= since


class ConditionalGetMiddleware:
    """Adds validators and Cache-Control to GET answers and answers 304 when they match.

    Sits outside the gzip middleware, so a 304 costs no compression, and inside the security
    headers, which every answer gets."""

    def __init__(self, app: ASGIApp, version: DataVersion) -> None:
        self.app = app
        self.version = version

    def _headers(self, tag: str | None, path: str) -> dict[str, str]:
        headers = {"Last-Modified": self.version.http_date, "Cache-Control": cache_control(path)}
        return headers | ({"ETag": tag} if tag else {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not validated(scope):
            await self.app(scope, receive, send)
            return
        request = Headers(scope=scope)
        tag = entity_tag(self.version, scope)
        inm = request.get("if-none-match")
        # A tag of ours names the path, the negotiation and the data version: if it matches, so
        # would the answer, and the route need not run. "*" and dates are checked on the answer.
        if inm is not None and _opaque(inm) != "*" and none_match(inm, tag):
            await self._not_modified(send, self._headers(tag, scope["path"]))
            return
        replaced = False  # the route's answer became a 304: its body is not sent

        async def send_validated(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start":
                if message["status"] != 200:
                    await send(message)
                    return
                headers = MutableHeaders(scope=message)
                own = headers.get("etag")  # a route's exact validator (a dump's SHA-256)
                for name, value in self._headers(None if own else tag, scope["path"]).items():
                    headers.setdefault(name, value)
                if self._fresh(request, headers["etag"]):
                    replaced = True
                    kept = {k: v for k, v in headers.items() if k in _KEPT_ON_304}
                    await self._not_modified(send, kept)
                    return
                await send(message)
            elif not replaced:
                await send(message)

        await self.app(scope, receive, send_validated)

    def _fresh(self, request: Headers, tag: str) -> bool:
        inm = request.get("if-none-match")
        if inm is not None:  # takes precedence over If-Modified-Since (RFC 9110 §13.1.3)
            return none_match(inm, tag)
        ims = request.get("if-modified-since")
        return ims is not None and not_modified_since(ims, self.version.modified)

    @staticmethod
    async def _not_modified(send: Send, headers: dict[str, str]) -> None:
        raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        if not any(k == b"vary" for k, _ in raw):
            raw.append((b"vary", b"Accept, Accept-Language, Accept-Encoding"))
        await send({"type": "http.response.start", "status": 304, "headers": raw})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


# What a 304 repeats of the 200 it stands for (RFC 9110 §15.4.5).
_KEPT_ON_304 = ("etag", "last-modified", "cache-control", "vary", "content-location", "expires")
