"""The query editor page at `/`: YASGUI served from the package (no CDN), pre-loaded with the
example queries of `queries/`. The page has no inline script or style (its code is
`static/editor/editor.js`, the examples a JSON data block), so that it works under the
Content-Security-Policy of `sotk_kg.server.http`."""

from __future__ import annotations

import html
import json

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from sotk_kg.server.examples import load_examples
from sotk_kg.server.http import add_route
from sotk_kg.settings import Settings

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL editor · sotk-kg</title>
<link rel="stylesheet" href="static/yasgui/yasgui.min.css">
<link rel="stylesheet" href="static/editor/editor.css">
</head>
<body>
<header>
 <h1>sotk-kg SPARQL endpoint</h1>
 <label>Example query:
  <select id="examples">{options}</select>
 </label>
 <span>Endpoint: <code id="endpoint"></code> ·
  <a href="sparql">service description</a> · <a href="docs">API docs</a> ·
  <a href="validate">Periksa daftar pegawai / Check a roster</a></span>
</header>
<div id="yasgui"></div>
<script type="application/json" id="example-queries">{examples_json}</script>
<script src="static/yasgui/yasgui.min.js"></script>
<script src="static/editor/editor.js"></script>
</body>
</html>
"""


def render_editor(settings: Settings) -> str:
    examples = load_examples(settings.queries_dir, settings.base)
    options = "".join(
        f'<option value="{i}">{html.escape(ex.title)}</option>' for i, ex in enumerate(examples)
    )
    data = [{"name": ex.name, "title": ex.title, "query": ex.query} for ex in examples]
    # "</" inside a <script> block must not end it.
    examples_json = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return _PAGE.format(options=options, examples_json=examples_json)


def make_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["Editor"])

    def editor() -> HTMLResponse:
        return HTMLResponse(render_editor(settings))

    add_route(router, "/", editor, shown=["GET"], response_class=HTMLResponse,
              summary="SPARQL editor (YASGUI) with the example queries")  # fmt: skip

    return router
