"""The web application: `create_app(settings, backend=None)` builds it; nothing happens at import.

Routes: `/` (home page), `/sparql` (protocol endpoint), `/sparql-editor` (editor), `/validate`,
`/health`, `/docs` (OpenAPI, Swagger UI served from the package), the linked-data pages and the
catalogue. Every router is imported explicitly: a broken one is an import error, not a page that
silently goes missing. User SPARQL runs in the killable worker pool (embedded store) or on the
remote endpoint; `app.state.backend` serves the server's own trusted queries.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from sotk_kg.server.access_log import AccessLog
from sotk_kg.server.conditional import ConditionalGetMiddleware, DataVersion, data_version
from sotk_kg.server.executor import Executor, PoolExecutor, RemoteExecutor
from sotk_kg.server.fastlane import SparqlLane, sparql_lane, wants_lane
from sotk_kg.server.http import (
    EXPOSED_HEADERS,
    BodyDeadline,
    CompressedETagMiddleware,
    OptionsMiddleware,
    SecurityHeadersMiddleware,
    add_route,
    method_not_allowed,
)
from sotk_kg.server.in_force import InForce
from sotk_kg.server.routes import (
    apidocs,
    catalogue,
    crawl,
    editor,
    home,
    linked_data,
    sparql,
    validate,
)
from sotk_kg.server.validation_runner import VALIDATOR_MODULE, ValidationService
from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend, QueryBackend, QueryRejected

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"


def _backend_and_executor(
    settings: Settings, backend: QueryBackend | None, version: DataVersion
) -> tuple[QueryBackend, Executor, dict[str, object]]:
    """The trusted-query backend, the user-query executor and facts for /health."""
    if settings.remote_query:
        from sotk_kg.store.load import graphs_prefix
        from sotk_kg.store.remote import RemoteBackend, RemoteEndpoint

        endpoint = RemoteEndpoint(settings.remote_query, settings.remote_store)
        return (
            backend or RemoteBackend(endpoint, settings.timeout, graphs_prefix(settings)),
            RemoteExecutor(endpoint, settings),
            {"mode": "remote", "endpoint": settings.remote_query},
        )
    if isinstance(backend, EmbeddedBackend):
        store = backend.store
    else:
        from sotk_kg.store.load import open_store

        started = time.perf_counter()
        store = open_store(settings, settings.store)
        log.info("store ready in %.2f s", time.perf_counter() - started)
    directory = settings.store.resolve() if settings.store else None
    info: dict[str, object] = {"mode": "embedded", "store": str(directory or "memory")}
    if backend is None:
        from sotk_kg.store.load import sync_text_index
        from sotk_kg.store.textindex import memory_index

        # Ready before the first request: the on-disk store's index (in step already after
        # open_store's refresh, unless that failed), or one built from the in-memory store.
        texts = sync_text_index(directory, store) if directory else memory_index(store)
        backend = EmbeddedBackend(store, texts)
    return (
        backend,
        PoolExecutor(store, directory, settings, version),
        info,
    )


async def query_rejected(request: Request, exc: Exception) -> Response:
    """A request value (an IRI from the path) made one of the server's own queries malformed."""
    return PlainTextResponse(f"bad request: {exc}\n", 400)


class App(FastAPI):
    """The application, with the fast lane for `/sparql` query requests in front of FastAPI's
    own stack and ours (server/fastlane.py); without a lane, a plain FastAPI application."""

    lane: SparqlLane | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.lane is not None and wants_lane(scope):
            scope["app"] = self
            await self.lane(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None, backend: QueryBackend | None = None) -> App:
    settings = settings or Settings()
    injected = backend is not None
    version = data_version(settings, injected)
    backend, executor, info = _backend_and_executor(settings, backend, version)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started = time.perf_counter()
        executor.start()
        log.info("query workers ready in %.2f s", time.perf_counter() - started)
        try:
            yield
        finally:
            app.state.validation.close()
            executor.close()

    app = App(
        title="sotk-kg SPARQL endpoint",
        description=(
            "Knowledge graph of Indonesian regional organisation regulations (SOTK): SPARQL 1.1 "
            "query endpoint, query editor, linked-data pages and a SHACL validation service."
        ),
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served from the package by sotk_kg.server.routes.apidocs (no CDN)
        redoc_url=None,
    )
    app.state.backend = backend
    app.state.executor = executor
    app.state.settings = settings
    app.state.validation_module = VALIDATOR_MODULE  # tests swap in a stand-in validator
    app.state.validation = ValidationService(settings)  # its workers start with the first upload

    in_force = InForce(backend, settings, embedded=not settings.remote_query)
    app.state.in_force = in_force
    handle_sparql = sparql.make_handler(executor, settings, in_force, texts=backend)

    app.add_middleware(BodyDeadline, timeout=settings.body_timeout)
    app.add_middleware(OptionsMiddleware)  # CORS preflights never reach it
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(CompressedETagMiddleware)  # outside gzip: sees its Content-Encoding
    # outside gzip: a 304 is answered before anything is rendered or compressed
    app.add_middleware(ConditionalGetMiddleware, version=version)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],  # "*" and no credentials: the Origin is never reflected
        allow_credentials=False,
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=EXPOSED_HEADERS,
        max_age=3600,
    )

    app.add_middleware(AccessLog)
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: on the safety net's 500 too
    if settings.fast_lane:
        app.lane = sparql_lane(
            handle_sparql, settings, version, hosting=lambda: getattr(executor, "hosting", None)
        )

    def health() -> dict[str, object]:
        pool = getattr(executor, "pool", None)
        return {
            "status": "ok",
            **info,
            "graphs": len(executor.known_graphs or ()),
            "workers": settings.workers if pool else None,
            "worker_restarts": pool.restarts if pool else None,
            "workers_recycled": pool.recycled if pool else None,
            "sandbox": pool.isolation if pool else None,  # server/sandbox.py
            "timeout_s": settings.timeout,
            "max_rows": settings.max_rows,
        }

    ops = APIRouter(tags=["Operations"])
    add_route(ops, "/health", health, shown=["GET"], summary="Liveness and configuration")
    app.include_router(ops)
    app.add_exception_handler(405, method_not_allowed)
    app.add_exception_handler(QueryRejected, query_rejected)

    app.include_router(sparql.make_router(handle_sparql))
    app.include_router(home.make_router(backend, settings))
    app.include_router(editor.make_router(settings))
    app.include_router(validate.make_router(settings))
    app.include_router(apidocs.make_router(app.title, app.openapi_url or "/openapi.json"))
    app.include_router(linked_data.make_router(backend, settings, in_force))
    app.add_exception_handler(404, linked_data.not_found_page(settings))  # browsers: a page
    app.include_router(catalogue.make_router(backend, settings, version))
    app.include_router(crawl.make_router(backend, settings, version))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
