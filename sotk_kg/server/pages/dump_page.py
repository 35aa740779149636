"""The list of dumps as a page: each file with its dataset, format, size and checksum."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sotk_kg.server.pages.html import render_page
from sotk_kg.server.pages.paths import Links


def render(links: Links, listing: Sequence[Mapping[str, object]]) -> str:
    dumps = [
        {
            "href": links.url("/dump/" + str(d["file"])),
            "name": str(d["file"]),
            "kind": str(d["media_type"]) + (" (gzip)" if d["compressed"] else ""),
            "named_graphs": bool(d["named_graphs"]),
            "bytes": d["bytes"],
            "sha256": d["sha256"],
        }
        for d in listing
    ]
    return render_page(
        links,
        "dump_page.html",
        title="Unduhan / Downloads",
        dumps=dumps,
        catalogue=links.url("/catalogue"),
    )
