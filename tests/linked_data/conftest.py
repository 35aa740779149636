"""Fixtures of the linked-data tests (builders in ld_support.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from ld_support import build_store, serve_app

from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend


@pytest.fixture(scope="session")
def ld_settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def backend(ld_settings: Settings) -> EmbeddedBackend:
    return EmbeddedBackend(build_store(ld_settings))


@pytest.fixture(scope="session")
def client(ld_settings: Settings, backend: EmbeddedBackend) -> TestClient:
    return TestClient(serve_app(ld_settings, backend), follow_redirects=False)


@pytest.fixture(scope="session")
def base(ld_settings: Settings) -> str:
    return ld_settings.base
