"""What the linked-data tests share: a store with the graph, the server's embedded backend over it,
the server's application (`create_app`, with its middleware) over that backend, a small app with
only the linked-data and catalogue routers (for the start-up test, which runs the lifespan and so
would start query workers in the full app), and IRI paths named in the text.

The graph is what the project's loader (`sotk_kg/store/load.py`) reads: ontology, shapes and the
pipeline's `data/graph/*.nq`, which the session builds (tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend
from sotk_kg.store.load import load_memory

STATIC = Path(__file__).resolve().parents[2] / "sotk_kg" / "server" / "static"

WORK_PATH = "/eli/id/perbup/kab-bekasi/2021/99"
DINAS_PATH = "/id/org/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah"
POSTS_PATH = "/id/post/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah"


def build_store(settings: Settings) -> ox.Store:
    assert any(settings.graph_dir.glob("*.nq")), f"no regulation graph in {settings.graph_dir}"
    return load_memory(settings)


def serve_app(settings: Settings, backend: EmbeddedBackend) -> FastAPI:
    """The application the server runs (middleware, error handling, every router). Used without
    its lifespan (a TestClient outside `with`), so no query worker is started: the linked-data
    routes query `backend` directly."""
    from sotk_kg.server.app import create_app

    return create_app(settings, backend)


def build_app(settings: Settings, backend: EmbeddedBackend) -> FastAPI:
    """Only the linked-data and catalogue routers (and the static files)."""
    from sotk_kg.server.conditional import data_version
    from sotk_kg.server.routes import catalogue, linked_data

    app = FastAPI()
    app.include_router(linked_data.make_router(backend, settings))
    app.include_router(catalogue.make_router(backend, settings, data_version(settings, True)))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
