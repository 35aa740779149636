"""The OpenAPI page works offline (Swagger UI from the package, no CDN) and the OpenAPI document
builds without warnings (every operation has its own id)."""

from __future__ import annotations

import re
import warnings

import httpx
from fastapi.openapi.utils import get_openapi
from liveserver import LiveServer

ASSET_TYPES = {
    "swagger-ui-bundle.js": ("javascript", 1_000_000),
    "swagger-ui.css": ("text/css", 100_000),
    "favicon-32x32.png": ("image/png", 100),
    "docs.js": ("javascript", 100),  # starts Swagger UI (no inline script: CSP)
}


def test_docs_page_names_no_other_host_and_its_assets_answer(http: httpx.Client) -> None:
    page = http.get("/docs")
    assert page.status_code == 200
    assert not re.search(r"(https?:)?//", page.text), "the page names another host"
    referenced = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert {u.rsplit("/", 1)[-1] for u in referenced} == set(ASSET_TYPES)
    for url in referenced:
        assert url.startswith(("/static/swagger-ui/", "/static/apidocs/"))
        asset = http.get(url)
        media, size = ASSET_TYPES[url.rsplit("/", 1)[-1]]
        assert asset.status_code == 200 and media in asset.headers["content-type"]
        assert len(asset.content) > size
    assert 'data-openapi-url="/openapi.json"' in page.text
    assert http.get("/openapi.json").status_code == 200
    starter = http.get("/static/apidocs/docs.js").text
    assert "validatorUrl: null" in starter  # no badge fetched from validator.swagger.io
    assert http.get("/redoc").status_code == 404  # ReDoc would load from a CDN: turned off


def test_docs_page_follows_a_proxy_path_prefix(live: LiveServer) -> None:
    from fastapi.testclient import TestClient

    page = TestClient(live.app, root_path="/sotk").get("/docs").text
    assert 'src="/sotk/static/swagger-ui/swagger-ui-bundle.js"' in page
    assert 'data-openapi-url="/sotk/openapi.json"' in page


def test_openapi_document_builds_without_warnings(live: LiveServer) -> None:
    app = live.app
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Duplicate Operation ID ..." would raise here
        spec = get_openapi(title=app.title, version=app.version, routes=app.routes)
    ids = [op["operationId"] for item in spec["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    for path in ("/sparql", "/catalogue", "/.well-known/void", "/dump/{filename}",
                 "/orgchart/{rest}"):  # fmt: skip
        assert "get" in spec["paths"][path], path
