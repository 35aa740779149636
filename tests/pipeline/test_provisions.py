"""Provision IRIs, labels and triples."""

from __future__ import annotations

from rdflib import Literal, URIRef
from tree_builders import BASE, P, context, document

from sotk_kg.pipeline.provisions import emit_provisions
from sotk_kg.pipeline.terms import ELI, RDFS, SOTK

WORK = f"{BASE}/eli/id/perbup/kab-contoh/2024/5"


def build(*body, **kw):
    ctx = context(document(*body, **kw))
    emit_provisions(ctx)
    return ctx, ctx.builder.graph


def test_paths_labels_and_nesting() -> None:
    bab = P(
        "bab",
        "4",
        "",
        P(
            "bagian",
            "3",
            "",
            P(
                "paragraf",
                "2",
                "",
                P(
                    "pasal",
                    "7",
                    "",
                    P(
                        "ayat",
                        "1",
                        "Organisasi terdiri dari:",
                        P("huruf", "b", "Sekretariat:", P("angka", "2", "Sub Bagian.")),
                    ),
                    heading="Kepala Dinas",
                ),
                heading="Susunan",
            ),
            heading="ORGANISASI",
        ),
    )
    bab.number_as_written = "IV"
    bab.children[0].number_as_written = "Ketiga"
    _, g = build(bab, menimbang=P("menimbang", "", "", P("huruf", "a", "bahwa ...")))
    angka = URIRef(f"{WORK}/pasal/7/ayat/1/huruf/b/angka/2")
    assert (angka, RDFS.label, Literal("Pasal 7 ayat (1) huruf b angka 2", lang="id")) in g
    assert (angka, RDFS.label, Literal("Article 7 paragraph (1) point b item 2", lang="en")) in g
    pasal = URIRef(f"{WORK}/pasal/7")  # flat under the work ...
    assert g.value(pasal, ELI.is_part_of) == URIRef(
        f"{WORK}/bab/4/bagian/3/paragraf/2"
    )  # ... in BAB
    assert str(g.value(URIRef(f"{WORK}/bab/4"), SOTK.numberAsWritten)) == "IV"
    assert str(g.value(URIRef(f"{WORK}/bab/4/bagian/3"), SOTK.numberAsWritten)) == "Ketiga"
    assert g.value(URIRef(f"{WORK}/pasal/7/ayat/1"), SOTK.numberAsWritten) is None  # "(1)" is 1
    assert (URIRef(WORK), ELI.has_part, URIRef(f"{WORK}/menimbang")) in g
    assert g.value(URIRef(f"{WORK}/menimbang/huruf/a"), SOTK.sequence).toPython() == 1
    assert g.value(URIRef(f"{WORK}/bab/4"), SOTK.sequence).toPython() == 2
    assert str(g.value(URIRef(f"{WORK}/pasal/7/ayat/1"), SOTK.verbatimText)) == (
        "Organisasi terdiri dari:"
    )


def test_duplicate_numbers_are_kept_apart_and_reported() -> None:
    ctx, g = build(P("pasal", "3", "pertama"), P("pasal", "3", "kedua"))
    assert str(g.value(URIRef(f"{WORK}/pasal/3-2"), SOTK.verbatimText)) == "kedua"
    assert any("duplicate" in w for w in ctx.warnings)


def test_notes_become_editorial_notes() -> None:
    pasal = P("pasal", "6", "teks")
    pasal.notes.append("Source heading reads 'Pasal6'.")
    _, g = build(pasal)
    assert "Pasal6" in str(
        g.value(
            URIRef(f"{WORK}/pasal/6"), URIRef("http://www.w3.org/2004/02/skos/core#editorialNote")
        )
    )
