"""The list of dumps as a page: each file with its dataset, format, size and checksum."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sotk_kg.server.pages.html import esc, page
from sotk_kg.server.pages.paths import Links


def render(links: Links, listing: Sequence[Mapping[str, object]]) -> str:
    rows = []
    for d in listing:
        name = str(d["file"])
        kind = str(d["media_type"]) + (" (gzip)" if d["compressed"] else "")
        graphs = "ya / yes" if d["named_graphs"] else "—"
        rows.append(
            f'<tr><td><a href="{esc(links.url("/dump/" + name))}">{esc(name)}</a></td>'
            f"<td>{esc(kind)}</td><td>{graphs}</td><td>{int(str(d['bytes'])):,}</td>"
            f"<td><code>{esc(d['sha256'])}</code></td></tr>"
        )
    body = f"""<h1>Unduhan / Downloads</h1>
<p>Seluruh graf (<code>sotk-kg.*</code>) dan setiap peraturan dalam graf bernamanya sendiri;
N-Quads menyimpan graf bernama. Lisensi CC0 1.0. Daftar yang sama sebagai JSON:
<code>Accept: application/json</code>; metadata DCAT-AP di
<a href="{esc(links.url("/catalogue"))}">katalog</a>.</p>
<p class="en" lang="en">The whole graph (<code>sotk-kg.*</code>) and each regulation in its own
named graph; N-Quads keep the named graphs. Licence CC0 1.0. The same list as JSON:
<code>Accept: application/json</code>; DCAT-AP metadata in the
<a href="{esc(links.url("/catalogue"))}">catalogue</a>.</p>
<table class="props"><thead><tr><th scope="col">Berkas / File</th>
<th scope="col">Jenis / Media type</th><th scope="col">Graf bernama / Named graphs</th>
<th scope="col">Bita / Bytes</th><th scope="col">SHA-256</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>"""
    return page(links, title="Unduhan / Downloads", body=body)
