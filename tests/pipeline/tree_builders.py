"""Small hand-built provision trees, so the extractors can be tested without the text parser."""

from __future__ import annotations

from sotk_kg.iris import Iris, WorkId
from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.provisions import assign_paths
from sotk_kg.pipeline.tree import Document, Provision

BASE = "https://w3id.org/sotk-kg"


def P(
    kind: str,
    number: str,
    text: str = "",
    *children: Provision,
    heading: str | None = None,
    line: int = 1,
) -> Provision:
    """A provision; ayat are written "(n)", huruf "x.", angka "n." as in the texts."""
    written = {"ayat": f"({number})", "huruf": f"{number}.", "angka": f"{number}."}.get(
        kind, number
    )
    node = Provision(kind, number, written, heading, text, list(children), line, line)
    for child in children:
        child.parent = node
    return node


def document(
    *body: Provision,
    region: str = "Kabupaten Contoh",
    jenis: str = "perbup",
    mengingat: Provision | None = None,
    menimbang: Provision | None = None,
    memperhatikan: Provision | None = None,
) -> Document:
    label = {"perbup": "Peraturan Bupati", "perwal": "Peraturan Walikota"}[jenis]
    return Document(
        jenis,
        label,
        region,
        "5",
        "2024",
        "SUSUNAN ORGANISASI DINAS CONTOH",
        menimbang=menimbang,
        mengingat=mengingat,
        memperhatikan=memperhatikan,
        body=list(body),
    )


def context(doc: Document) -> BuildContext:
    from sotk_kg.iris import region_slug

    ctx = BuildContext(
        doc, Iris(BASE), WorkId(doc.jenis, region_slug(doc.region_name), doc.year, doc.number)
    )
    assign_paths(ctx)
    return ctx


def definitions(*items: str) -> Provision:
    return P(
        "pasal",
        "1",
        "Dalam Peraturan Bupati ini yang dimaksud dengan:",
        *(P("angka", str(i), text) for i, text in enumerate(items, start=1)),
    )
