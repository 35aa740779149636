"""A Kelompok Jabatan Fungsional stated in a UPTD's provisions ("... melaksanakan sebagian tugas
UPTD X", or "Kelompok Jabatan Fungsional pada UPTD X") is that UPTD's own group, under it; "dipimpin
oleh seorang pejabat fungsional senior / Ketua Kelompok" makes its head, who reports to the post
the sentence names. The perangkat daerah's own group stays one without a head. A small excerpt
written here; expected values from reading it."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from sotk_kg.iris import work_from_path
from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.terms import ORG, RDF, SKOS, SOTK

BASE = "https://w3id.org/sotk-kg"
EXCERPT = """Pasal 9

(1) Kelompok Jabatan Fungsional mempunyai tugas melaksanakan sebagian tugas Dinas sesuai dengan keahliannya.

Pasal 10

(1) UPTD Pengujian Kendaraan dipimpin oleh Kepala UPTD yang bertanggung jawab kepada Kepala Dinas.

(2) UPTD Terminal dipimpin oleh Kepala UPTD yang bertanggung jawab kepada Kepala Dinas.

Pasal 11

(1) Kelompok Jabatan Fungsional mempunyai tugas melaksanakan sebagian tugas UPTD Pengujian Kendaraan sesuai dengan keahliannya.

(2) Setiap Kelompok Jabatan Fungsional dipimpin oleh seorang pejabat fungsional senior yang bertanggung jawab kepada Kepala UPTD Pengujian Kendaraan.

Pasal 12

Kelompok Jabatan Fungsional pada UPTD Terminal dipimpin oleh Ketua Kelompok yang bertanggung jawab kepada Kepala UPTD Terminal.
"""  # noqa: E501


def one(g: Graph, label: str, cls: URIRef) -> URIRef:
    (found,) = [
        s
        for s in g.subjects(SKOS.prefLabel, Literal(label, lang="id"))
        if isinstance(s, URIRef) and (s, RDF.type, cls) in g
    ]
    return found


def test_each_uptd_has_its_own_group_with_a_head_reporting_to_the_kepala_uptd() -> None:
    g = build_graph(
        EXCERPT, "excerpt.txt", BASE, work=work_from_path("perbup/kab-contoh/2020/5")
    ).graph
    for uptd in ("UPTD Pengujian Kendaraan", "UPTD Terminal"):
        group = one(g, f"Kelompok Jabatan Fungsional {uptd}", ORG.OrganizationalUnit)
        assert g.value(group, ORG.subOrganizationOf) == one(g, uptd, ORG.OrganizationalUnit)
        head = one(g, f"Ketua Kelompok Jabatan Fungsional {uptd}", ORG.Post)
        assert (head, SOTK.leads, group) in g
        assert (head, SOTK.reportsDirectlyTo, one(g, f"Kepala {uptd}", ORG.Post)) in g
    # the Dinas' own group: directly under the Dinas, no head
    dinas_group = one(g, "Kelompok Jabatan Fungsional", ORG.OrganizationalUnit)
    assert (dinas_group, RDF.type, SOTK.PerangkatDaerah) not in g
    assert g.value(dinas_group, ORG.subOrganizationOf) == g.value(
        one(g, "Kepala Dinas", ORG.Post), SOTK.leads
    )
    assert not list(g.subjects(SOTK.leads, dinas_group))
