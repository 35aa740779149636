"""The access log: one JSON line per request, and the safety net for an error no route handled.

Used by the full stack and by the fast lane, in the server (server/app.py) and in a query worker
serving a connection itself (server/hosted.py, whose lines go to the server's log).
"""

from __future__ import annotations

import json
import logging
import time

from fastapi import Request, Response
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sotk_kg.server.http import HttpError, clip, internal_error

access_log = logging.getLogger("sotk_kg.access")
log = logging.getLogger(__name__)

LOGGED_CHARS = 1000  # of a path or a query in the access log (with its full length)
CLIENT_GONE = 499  # logged when the client hung up before its request was read (nginx's code)


class AccessLog:
    """One JSON line per request, errors included, with the SPARQL query (cut to LOGGED_CHARS,
    with its length) so that abuse leaves a trace. A client that hung up before its body was read
    is that line alone (status 499); an exception no route handled is logged with its traceback
    and answered with a short 500 (the safety net: never a stack trace). Plain ASGI (not
    Starlette's BaseHTTPMiddleware, which costs a task and a stream per request); the route
    leaves the query and its time in the request's state (`scope["state"]`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_noted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noted)
        except Exception as exc:
            if status:  # the answer had begun: nothing else can be sent
                raise
            response: Response
            if isinstance(exc, ClientDisconnect):
                response = Response(status_code=CLIENT_GONE)  # sent to no one: the client is gone
            elif isinstance(exc, HttpError):  # e.g. the body deadline, from a route not mapping it
                response = exc.response()
            else:
                log.exception("unhandled error answering %s %s", scope["method"],
                              clip(scope["path"], LOGGED_CHARS))  # fmt: skip
                response = internal_error(Request(scope))
            await response(scope, receive, send_noted)
        if not access_log.isEnabledFor(logging.INFO):
            return
        state = scope.get("state") or {}
        query = state.get("query")
        client = scope.get("client")
        record = {
            "method": scope["method"],
            "path": clip(scope["path"], LOGGED_CHARS),
            "status": status,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "query_ms": state.get("query_ms"),
            "client": client[0] if client else None,
            "query": None if query is None else query[:LOGGED_CHARS],
            "query_chars": None if query is None else len(query),
        }
        access_log.info(json.dumps(record))
