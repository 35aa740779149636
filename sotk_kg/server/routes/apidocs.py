"""The OpenAPI page `/docs`: Swagger UI served from the package (`server/static/swagger-ui/`, see
its SOURCE.md), so the page works with no internet. FastAPI's own pages load it from a CDN and are
turned off in `server/app.py` (ReDoc too: one documentation page is enough). FastAPI's page
builder starts Swagger UI with an inline script; this page starts it from
`static/apidocs/docs.js` instead, so that it works under the Content-Security-Policy of
`sotk_kg.server.http` (scripts from this server only)."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from sotk_kg.server.http import add_route

ASSETS = "/static/swagger-ui"
STARTER = "/static/apidocs/docs.js"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{root}{assets}/swagger-ui.css">
<link rel="icon" href="{root}{assets}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{root}{openapi_url}"></div>
<script src="{root}{assets}/swagger-ui-bundle.js"></script>
<script src="{root}{starter}"></script>
</body>
</html>
"""


def make_router(title: str, openapi_url: str) -> APIRouter:
    router = APIRouter()

    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")  # behind a proxy's path prefix
        return HTMLResponse(
            _PAGE.format(
                title=escape(f"{title} · API"),
                root=escape(root),
                assets=ASSETS,
                openapi_url=escape(openapi_url),
                starter=STARTER,
            )
        )

    add_route(router, "/docs", docs, shown=[], hidden=["GET", "HEAD"])
    return router
