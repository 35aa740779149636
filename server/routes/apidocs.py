"""The OpenAPI page `/docs`: Swagger UI served from the package (`server/static/swagger-ui/`, see
its SOURCE.md), so the page works with no internet. FastAPI's own pages load it from a CDN and are
turned off in `server/app.py` (ReDoc too: one documentation page is enough)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from server.http import add_route

ASSETS = "/static/swagger-ui"


def make_router(title: str, openapi_url: str) -> APIRouter:
    router = APIRouter()

    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")  # behind a proxy's path prefix
        return get_swagger_ui_html(
            openapi_url=root + openapi_url,
            title=f"{title} · API",
            swagger_js_url=f"{root}{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS}/favicon-32x32.png",
            # No "valid" badge: it would send the schema's URL to validator.swagger.io.
            swagger_ui_parameters={"validatorUrl": None},
        )

    add_route(router, "/docs", docs, shown=[], hidden=["GET", "HEAD"])
    return router
