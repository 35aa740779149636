"""The home page at `/` (pages/home.py). A shared editor link from before the editor moved to
`/sparql-editor` (`/?query=…`, as YASGUI writes them) is sent on to the editor."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sotk_kg.server.examples import load_examples
from sotk_kg.server.http import add_route
from sotk_kg.server.pages import home
from sotk_kg.server.pages.paths import EDITOR_PATH
from sotk_kg.server.pages.respond import links_for
from sotk_kg.settings import Settings
from sotk_kg.store.backend import QueryBackend


def make_router(backend: QueryBackend, settings: Settings) -> APIRouter:
    router = APIRouter(tags=["Home"])
    # The store does not change while the server runs: the list is read once per mount point.
    listed: dict[str, list[home.Entry]] = {}

    def home_page(request: Request) -> Response:
        links = links_for(request, settings)
        if "query" in request.query_params:  # an editor link from when the editor was at `/`
            target = links.url(EDITOR_PATH) + "?" + request.url.query
            return RedirectResponse(target, status_code=301)
        if links.root not in listed:
            listed[links.root] = home.entries(backend, links)
        examples = load_examples(settings.queries_dir, settings.base)
        return HTMLResponse(home.render(links, listed[links.root], examples))

    add_route(router, "/", home_page, shown=["GET"], response_class=HTMLResponse,
              summary="Home page: regulations, charts, search, editor, data")  # fmt: skip
    return router
