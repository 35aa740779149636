"""The OpenAPI page `/docs`: Swagger UI served from the package (`server/static/swagger-ui/`, see
its SOURCE.md), so the page works with no internet. FastAPI's own pages load it from a CDN and are
turned off in `server/app.py` (ReDoc too: one documentation page is enough). FastAPI's page
builder starts Swagger UI with an inline script; this page starts it from
`static/apidocs/docs.js` instead, so that it works under the Content-Security-Policy of
`sotk_kg.server.http` (scripts from this server only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from sotk_kg.checks.templating import render
from sotk_kg.server.http import add_route

ASSETS = "/static/swagger-ui"
STARTER = "/static/apidocs/docs.js"


def make_router(title: str, openapi_url: str) -> APIRouter:
    router = APIRouter()

    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")  # behind a proxy's path prefix
        page = render(
            "sotk_kg.server",
            "apidocs.html",
            title=f"{title} · API",
            root=root,
            assets=ASSETS,
            openapi_url=openapi_url,
            starter=STARTER,
        )
        return HTMLResponse(page)

    add_route(router, "/docs", docs, shown=[], hidden=["GET", "HEAD"])
    return router
