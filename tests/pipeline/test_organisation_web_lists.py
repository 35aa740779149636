"""Organisation rules for what web pages of a regulation show: a bare susunan list, Seksi listed
under a Kepala Bidang, a unit named short in its own Pasal, the holders of functional posts as
the subject of a reporting line. Small excerpts written here; expected values from reading."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from sotk_kg.iris import work_from_path
from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.terms import ORG, RDF, SKOS, SOTK

BASE = "https://w3id.org/sotk-kg"


def build(text: str) -> Graph:
    return build_graph(text, "x.txt", BASE, work=work_from_path("perbup/kab-contoh/2020/5")).graph


def named(g: Graph, label: str, cls: URIRef) -> list[URIRef]:
    return [
        s
        for s in g.subjects(SKOS.prefLabel, Literal(label, lang="id"))
        if isinstance(s, URIRef) and (s, RDF.type, cls) in g
    ]


def label(g: Graph, node: object) -> str:
    return str(g.value(node, SKOS.prefLabel))  # type: ignore[arg-type]


BIDANG = """Pasal 7

(1) Bidang Pengelolaan Sampah, Limbah B3 dan Peningkatan Kapasitas mempunyai tugas menyelenggarakan sebagian tugas Dinas.

(2) Bidang Pengelolaan Limbah B3 dan Peningkatan Kapasitas dipimpin oleh Kepala Bidang yang bertanggung jawab kepada Kepala Dinas, membawahi :

Seksi Pengelolaan Sampah

Seksi Limbah B3
"""  # noqa: E501


def test_a_unit_named_short_in_its_pasal_and_the_seksi_under_its_head() -> None:
    g = build(BIDANG)
    full = "Bidang Pengelolaan Sampah, Limbah B3 dan Peningkatan Kapasitas"
    (bidang,) = named(g, full, ORG.OrganizationalUnit)
    assert not named(
        g, "Bidang Pengelolaan Limbah B3 dan Peningkatan Kapasitas", ORG.OrganizationalUnit
    )
    (kabid,) = named(g, f"Kepala {full}", ORG.Post)
    assert (kabid, SOTK.leads, bidang) in g
    assert label(g, g.value(kabid, SOTK.reportsDirectlyTo)) == "Kepala Dinas"
    for seksi in ("Seksi Pengelolaan Sampah", "Seksi Limbah B3"):
        (unit,) = named(g, seksi, ORG.OrganizationalUnit)
        assert g.value(unit, ORG.subOrganizationOf) == bidang
    ayat2 = URIRef(f"{BASE}/eli/id/perbup/kab-contoh/2020/5/pasal/7/ayat/2")
    assert "with words left out" in str(g.value(ayat2, SKOS.editorialNote))


def test_the_short_name_in_another_pasal_is_another_unit() -> None:
    text = BIDANG.replace("(2) Bidang", "Pasal 8\n\n(1) Bidang").split("Seksi Pengelolaan")[0]
    g = build(text)
    assert named(
        g, "Bidang Pengelolaan Limbah B3 dan Peningkatan Kapasitas", ORG.OrganizationalUnit
    )


def test_a_bare_list_of_names_is_the_susunan() -> None:
    g = build(
        "Pasal 2\n\n(1) Inspektorat dipimpin oleh Inspektur.\n\nSUSUNAN ORGANISASI\n\n"
        "a. Inspektur;\n\nb. Sekretariat;\n\nc. Inspektur Pembantu Wilayah I;\n\n"
        "d. Inspektur Pembantu Khusus;\n\ne. Kelompok Jabatan Fungsional.\n"
    )
    for post in ("Inspektur Pembantu Wilayah I", "Inspektur Pembantu Khusus"):
        (found,) = named(g, post, ORG.Post)
        assert (found, RDF.type, SOTK.InspekturPembantu) in g
    assert named(g, "Sekretariat", ORG.OrganizationalUnit)


def test_a_list_with_clauses_is_no_susunan() -> None:
    g = build(
        "Pasal 2\n\n(1) Inspektorat dipimpin oleh Inspektur.\n\nFungsi\n\n"
        "a. Inspektur Pembantu Wilayah I mempunyai tugas pengawasan;\n\n"
        "b. Sekretariat mempunyai tugas administrasi.\n"
    )
    assert not named(g, "Inspektur Pembantu Wilayah I", ORG.Post)


def test_holders_of_functional_posts_answer_to_their_superior() -> None:
    g = build(
        "Pasal 9\n\n(1) Dinas dipimpin oleh Kepala Dinas.\n\n"
        "(2) Pemegang Jabatan Fungsional dalam melaksanakan tugasnya bertanggungjawab kepada "
        "Kepala Dinas.\n"
    )
    (member,) = named(g, "Pejabat Fungsional", ORG.Post)
    assert label(g, g.value(member, SOTK.reportsDirectlyTo)) == "Kepala Dinas"
    assert named(g, "Kelompok Jabatan Fungsional", ORG.OrganizationalUnit)


def test_a_unit_carrying_out_part_of_another_units_tasks_is_under_it() -> None:
    g = build(
        "Pasal 5\n\n(1) Sekretariat mempunyai tugas membantu Kepala Dinas.\n\n"
        "Pasal 6\n\n(1) Sub Bagian Umum mempunyai tugas melaksanakan sebagian tugas dan fungsi "
        "Sekretariat di bidang administrasi umum.\n\n"
        "Pasal 7\n\n(1) Bidang Tata Ruang mempunyai tugas melaksanakan sebagian tugas Dinas.\n\n"
        "(2) Bidang Bina Marga mempunyai tugas melaksanakan sebagian tugas Bidang Tata Ruang.\n"
    )
    (sekretariat,) = named(g, "Sekretariat", ORG.OrganizationalUnit)
    (umum,) = named(g, "Sub Bagian Umum", ORG.OrganizationalUnit)
    assert g.value(umum, ORG.subOrganizationOf) == sekretariat
    # a unit of the same kind is no part of the other: both stay units of the Dinas
    (bina_marga,) = named(g, "Bidang Bina Marga", ORG.OrganizationalUnit)
    assert label(g, g.value(bina_marga, ORG.subOrganizationOf)) == "Dinas Kabupaten Contoh"
