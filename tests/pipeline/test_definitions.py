"""Pasal 1 definitions."""

from __future__ import annotations

from rdflib import URIRef
from tree_builders import BASE, P, context, definitions, document

from sotk_kg.pipeline.definitions import emit_definitions, parse_definition, read_definitions
from sotk_kg.pipeline.terms import SKOS


def test_parse_plain_and_abbreviated() -> None:
    plain = parse_definition(P("angka", "3", "Bupati adalah Bupati Contoh."))
    assert (plain.term, plain.abbreviation, plain.definiens) == ("Bupati", None, "Bupati Contoh")
    abbr = parse_definition(
        P(
            "angka",
            "7",
            "Laporan Keterangan Pertanggungjawaban, yang "
            "selanjutnya disingkat LKPJ adalah laporan ...;",
        )
    )
    assert (abbr.term, abbr.abbreviation) == ("Laporan Keterangan Pertanggungjawaban", "LKPJ")
    renstra = parse_definition(
        P(
            "angka",
            "8",
            "Rencana Strategis Perangkat Daerah yang selanjutnya"
            " disingkat dengan RENSTRA Perangkat Daerah adalah X",
        )
    )
    assert renstra.abbreviation == "RENSTRA Perangkat Daerah"  # as defined
    assert renstra.acronym == "RENSTRA"  # as duties name it
    assert parse_definition(P("angka", "9", "tanpa kata kunci")) is None


def test_scheme_and_concepts() -> None:
    doc = document(
        definitions(
            "Daerah adalah Kabupaten Contoh.",
            "Indikator Kinerja Utama yang selanjutnya disingkat IKU adalah ukuran.",
            "bukan definisi",
        )
    )
    ctx = context(doc)
    found = emit_definitions(ctx)
    assert [d.term for d in found] == ["Daerah", "Indikator Kinerja Utama"]
    iku = URIRef(f"{BASE}/id/definisi/perbup/kab-contoh/2024/5/iku")
    g = ctx.builder.graph
    assert str(g.value(iku, SKOS.altLabel)) == "IKU"
    assert str(g.value(iku, SKOS.notation)) == "2"
    assert ctx.defined_documents == {"IKU": iku}
    assert len(ctx.warnings) == 1 and "angka 3" in ctx.warnings[0]  # the third item is reported


def test_no_definitions_pasal() -> None:
    doc = document(P("pasal", "1", "Dinas mempunyai tugas pokok X."))
    assert read_definitions(doc) == []
    ctx = context(doc)
    assert emit_definitions(ctx) == []
    assert ctx.warnings
