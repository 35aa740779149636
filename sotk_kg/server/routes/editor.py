"""The query editor page at `/sparql-editor` (it was `/`, now the home page, which sends a shared
editor link `/?query=…` on here): YASGUI served from the package (no CDN), pre-loaded with the
example queries of `queries/` and the prefixes the graph uses, which it completes and declares
(`static/editor/prefixes.js`). The page has no inline script or style (its code is
`static/editor/*.js`, the examples and prefixes JSON data blocks), so that it works under the
Content-Security-Policy of `sotk_kg.server.http`."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from sotk_kg.checks.templating import render
from sotk_kg.server.examples import load_examples
from sotk_kg.server.http import add_route
from sotk_kg.server.pages.paths import EDITOR_PATH
from sotk_kg.server.pages.vocab import PREFIXES
from sotk_kg.settings import Settings


def render_editor(settings: Settings) -> str:
    examples = load_examples(settings.queries_dir, settings.base)
    return str(
        render(
            "sotk_kg.server",
            "editor.html",
            examples=[{"name": ex.name, "title": ex.title, "query": ex.query} for ex in examples],
            prefixes=PREFIXES,
        )
    )


def make_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["Editor"])

    def editor() -> HTMLResponse:
        return HTMLResponse(render_editor(settings))

    add_route(router, EDITOR_PATH, editor, shown=["GET"], response_class=HTMLResponse,
              summary="SPARQL editor (YASGUI) with the example queries")  # fmt: skip

    return router
