"""The query editor page at `/sparql-editor` (it was `/`, now the home page, which sends a shared
editor link `/?query=…` on here): YASGUI served from the package (no CDN), pre-loaded with the
example queries of `queries/` and the prefixes the graph uses, which it completes and declares
(`static/editor/prefixes.js`). The page has no inline script or style (its code is
`static/editor/*.js`, the examples and prefixes JSON data blocks), so that it works under the
Content-Security-Policy of `sotk_kg.server.http`."""

from __future__ import annotations

import html
import json

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from sotk_kg.server.examples import load_examples
from sotk_kg.server.http import add_route
from sotk_kg.server.pages.paths import EDITOR_PATH
from sotk_kg.server.pages.vocab import PREFIXES
from sotk_kg.settings import Settings

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL editor · sotk-kg</title>
<link rel="stylesheet" href="static/ld/ld.css">
<link rel="stylesheet" href="static/yasgui/yasgui.min.css">
<link rel="stylesheet" href="static/editor/editor.css">
</head>
<body>
<a class="skip" href="#yasgui"><span lang="id">Langsung ke editor</span> / Skip to the editor</a>
<header>
 <h1>sotk-kg SPARQL endpoint</h1>
 <nav aria-label="sotk-kg"><a href="./"><span lang="id">Beranda</span> / Home</a></nav>
 <label>Example query:
  <select id="examples">{options}</select>
 </label>
 <span>Endpoint: <code id="endpoint"></code> ·
  <a href="sparql">service description</a> · <a href="docs">API docs</a> ·
  <a href="validate"><span lang="id">Periksa daftar pegawai</span> / Check a roster</a></span>
</header>
<div id="yasgui"></div>
<p class="hint"><span lang="id">Ketik awalan (<code>eli:</code>, <code>sotk:</code> …): editor
melengkapinya dan menambahkan deklarasi <code>PREFIX</code> yang belum ada.</span> / Type a
prefix: the editor completes it and adds a missing <code>PREFIX</code> declaration.</p>
<script type="application/json" id="example-queries">{examples_json}</script>
<script type="application/json" id="known-prefixes">{prefixes_json}</script>
<script src="static/yasgui/yasgui.min.js"></script>
<script src="static/editor/prefixes.js"></script>
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
    return _PAGE.format(
        options=options, examples_json=_json_block(data), prefixes_json=_json_block(PREFIXES)
    )


def _json_block(data: object) -> str:
    """JSON for a `<script type="application/json">` block: "</" inside it must not end it."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def make_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["Editor"])

    def editor() -> HTMLResponse:
        return HTMLResponse(render_editor(settings))

    add_route(router, EDITOR_PATH, editor, shown=["GET"], response_class=HTMLResponse,
              summary="SPARQL editor (YASGUI) with the example queries")  # fmt: skip

    return router
