"""The regulation node: dates, signatures, entry into force, applicability, provenance."""

from __future__ import annotations

import hashlib

from rdflib import URIRef
from tree_builders import BASE, P, context, document

from sotk_kg.pipeline.metadata import citation_label, emit_metadata, read_entry_into_force
from sotk_kg.pipeline.terms import ELI, PROV, SOTK
from sotk_kg.pipeline.tree import Signature

WORK = URIRef(f"{BASE}/eli/id/perbup/kab-contoh/2024/5")


def make(*body, region: str = "Kabupaten Contoh"):
    doc = document(*body, region=region)
    doc.adoption = Signature("Kota Baru", "2024-01-10", "BUPATI CONTOH,", "SITI AMINAH")
    doc.promulgation = Signature("Kota Baru", "2024-01-11", "SEKRETARIS DAERAH", "BUDI")
    doc.cover_promulgation_date = "2024-01-12"
    doc.notes.append("The cover gives 2024-01-12.")
    doc.unplaced.append((40, "~~ ,."))
    return context(doc)


def test_entry_into_force_on_promulgation() -> None:
    ctx = make(
        P("pasal", "9", "Peraturan Bupati ini mulai dilaksanakan pada saat pelantikan pejabat."),
        P("pasal", "10", "Peraturan Bupati ini mulai berlaku pada tanggal diundangkan."),
    )
    emit_metadata(ctx, "teks")
    g = ctx.builder.graph
    assert str(g.value(WORK, ELI.date_document)) == "2024-01-10"
    assert str(g.value(WORK, ELI.date_publication)) == "2024-01-11"  # closing block, not cover
    assert str(g.value(WORK, ELI.first_date_entry_in_force)) == "2024-01-11"
    assert ctx.entry_into_force == "2024-01-11"
    assert str(g.value(WORK, SOTK.applicabilityCondition)) == "pelantikan pejabat"
    assert str(g.value(WORK, SOTK.signerTitle)) == "BUPATI CONTOH"
    assert g.value(WORK, SOTK.signer) == URIRef(f"{BASE}/id/orang/kab-contoh/siti-aminah")
    notes = {
        str(n) for n in g.objects(WORK, URIRef("http://www.w3.org/2004/02/skos/core#editorialNote"))
    }
    assert "The cover gives 2024-01-12." in notes and any("Line 40" in n for n in notes)
    graph = URIRef(f"{BASE}/graph/perbup/kab-contoh/2024/5")
    fmt = URIRef(f"{WORK}/ind/txt")
    assert g.value(graph, PROV.hadPrimarySource) == fmt
    assert str(g.value(fmt, SOTK.sha256)) == hashlib.sha256(b"teks").hexdigest()


def test_entry_into_force_on_a_date_and_missing() -> None:
    ctx = make(P("pasal", "10", "Peraturan Bupati ini mulai berlaku pada tanggal 1 Februari 2024."))
    assert read_entry_into_force(ctx)[0] == "2024-02-01"
    ctx = make(P("pasal", "10", "Tidak ada ketentuan."))
    emit_metadata(ctx, "teks")
    assert ctx.entry_into_force is None
    assert any("entry-into-force" in w for w in ctx.warnings)


def test_namesakes_in_two_regions_stay_two_people() -> None:
    # Both made-up regulations are signed by a SITI AMINAH: one name, two officials (issue 14).
    people = set()
    for region in ("Kabupaten Contoh", "Kota Lain"):
        ctx = make(P("pasal", "1", "Cukup jelas."), region=region)
        emit_metadata(ctx, "teks")
        people.add(ctx.builder.graph.value(ctx.work, SOTK.signer))
    assert people == {
        URIRef(f"{BASE}/id/orang/kab-contoh/siti-aminah"),
        URIRef(f"{BASE}/id/orang/kota-lain/siti-aminah"),
    }


def test_citation_label() -> None:
    assert citation_label(make()) == "Peraturan Bupati Contoh Nomor 5 Tahun 2024"
