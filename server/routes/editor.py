"""The query editor page at `/`: YASGUI served from the package (no CDN), pre-loaded with the
example queries of `queries/`."""

from __future__ import annotations

import html
import json

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from server.examples import load_examples
from server.http import add_route
from sotk_kg.settings import Settings

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL editor · sotk-kg</title>
<link rel="stylesheet" href="static/yasgui/yasgui.min.css">
<style>
 body {{ font-family: system-ui, sans-serif; margin: 0 1rem; }}
 header {{ display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }}
</style>
</head>
<body>
<header>
 <h1>sotk-kg SPARQL endpoint</h1>
 <label>Example query:
  <select id="examples">{options}</select>
 </label>
 <span>Endpoint: <code id="endpoint"></code> ·
  <a href="sparql">service description</a> · <a href="docs">API docs</a></span>
</header>
<div id="yasgui"></div>
<script src="static/yasgui/yasgui.min.js"></script>
<script>
const examples = {examples_json};
const endpoint = new URL("sparql", document.baseURI).href;
document.getElementById("endpoint").textContent = endpoint;
// Only the autocompleter that needs no network (LOV and prefix.cc would be called otherwise).
Yasgui.Yasqe.defaults.autocompleters = ["variables"];
const yasgui = new Yasgui(document.getElementById("yasgui"), {{
  requestConfig: {{ endpoint: endpoint, method: "POST" }},
  copyEndpointOnNewTab: false,
  endpointCatalogueOptions: {{ getData: () => [] }},
  persistenceId: null,
}});
const select = document.getElementById("examples");
function showExample(i) {{
  if (examples[i]) yasgui.getTab().setQuery(examples[i].query);
}}
select.addEventListener("change", () => showExample(select.value));
showExample(0);
</script>
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
