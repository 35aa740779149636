"""HTTP behaviour of the application around the routes: the safety net for unexpected errors, the
access log (errors included), `Allow` on 405 under a mount, the Service Description's 406 and the
query worker settings."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sotk_kg.server.app import create_app
from sotk_kg.settings import Settings
from sotk_kg.store.backend import QueryRejected


@pytest.fixture(scope="module")
def app(server_settings: Settings) -> FastAPI:
    """The application without its lifespan (no query workers), plus a route that fails."""
    application = create_app(server_settings)

    def broken() -> dict[str, str]:
        raise RuntimeError("secret detail: /etc/passwd")

    def rejected() -> dict[str, str]:
        raise QueryRejected("the query cannot be evaluated: expected IRI")

    application.add_api_route("/broken", broken, methods=["GET"])
    application.add_api_route("/rejected", rejected, methods=["GET"])
    return application


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    yield TestClient(app, raise_server_exceptions=True)


def access(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "sotk_kg.access"]


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [("application/json", "application/json"), ("text/html", "text/html")],
)
def test_an_unhandled_error_is_a_short_logged_500(
    client: TestClient, caplog: pytest.LogCaptureFixture, accept: str, content_type: str
) -> None:
    with caplog.at_level(logging.INFO):
        response = client.get("/broken", headers={"Accept": accept})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith(content_type)
    assert "Traceback" not in response.text and "secret detail" not in response.text
    assert len(response.content) < 200
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and errors[0].exc_info is not None  # the traceback is in the log, not the body
    assert "secret detail" in caplog.text
    (record,) = access(caplog)
    assert record["path"] == "/broken" and record["status"] == 500


def test_a_query_the_engine_rejects_from_a_route_is_a_400(client: TestClient) -> None:
    response = client.get("/rejected")
    assert response.status_code == 400 and "expected IRI" in response.text


def test_every_request_is_in_the_access_log(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="sotk_kg.access"):
        client.get("/health")
        client.get("/no/such/path")
    assert [(r["path"], r["status"]) for r in access(caplog)] == [
        ("/health", 200),
        ("/no/such/path", 404),
    ]


def test_405_under_the_static_mount_names_get_and_head(client: TestClient) -> None:
    response = client.post("/static/yasgui/yasgui.min.js")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert client.head("/static/yasgui/yasgui.min.js").status_code == 200


def test_service_description_with_a_results_accept_says_what_to_do(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 406
    assert "Service Description" in response.text and "text/turtle" in response.text
    assert "send a query" in response.text
    assert "DESCRIBE" not in response.text  # no query form the client never sent
    turtle = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200


def test_default_pool_has_at_least_four_workers_and_a_wait_of_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An admitted query waits for a worker until the running queries have ended or been
    stopped (the time limit), not 2 s: at 100 regulations, 8 clients' corpus-wide queries of a
    few seconds each got 503s while every worker was merely busy (issue 17)."""
    monkeypatch.delenv("SOTK_WORKERS", raising=False)
    monkeypatch.delenv("SOTK_QUEUE_WAIT", raising=False)
    monkeypatch.delenv("SOTK_TIMEOUT", raising=False)
    settings = Settings()
    assert settings.workers >= 4
    assert settings.workers <= max(8, os.cpu_count() or 1)
    assert settings.queue_wait is None and settings.worker_wait == settings.timeout == 10.0
    assert dataclasses.replace(settings, timeout=30.0).worker_wait == 30.0  # `serve --timeout`
    monkeypatch.setenv("SOTK_QUEUE_WAIT", "0.5")
    assert Settings().worker_wait == 0.5


def test_health_reports_the_pool(http: httpx.Client, server_settings: Settings) -> None:
    health = http.get("/health").json()
    assert health["workers"] == server_settings.workers == 4
