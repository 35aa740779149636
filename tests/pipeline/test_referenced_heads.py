"""An excerpt names a head only as a superior ("bertanggung jawab kepada Kepala Dinas", the
Kepala Dinas' Pasal not in it): the head is made as a post, noted as known only from that
reference, so the reporting line reaches it. Small excerpts written here; expected from reading."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from sotk_kg.iris import work_from_path
from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.terms import ORG, RDF, SKOS, SOTK

BASE = "https://w3id.org/sotk-kg"
EXCERPT = """Pasal 5

(1) Sekretariat dipimpin oleh seorang Sekretaris yang berada di bawah dan bertanggung jawab kepada Kepala Dinas.

(2) Sekretaris mempunyai tugas membantu Kepala Dinas.

Pasal 6

(1) Seksi Perumahan dipimpin oleh Kepala Seksi yang berada di bawah dan bertanggung jawab kepada Kepala Bidang Perumahan dan Permukiman.

(2) Sub Bagian Umum dipimpin oleh Kepala Sub Bagian yang bertanggung jawab kepada Sekretaris.
"""  # noqa: E501


def build(text: str) -> Graph:
    work = work_from_path("perbup/kab-contoh/2020/5")
    return build_graph(text, "excerpt.txt", BASE, work=work).graph


def post(g: Graph, label: str) -> URIRef:
    (found,) = [
        s
        for s in g.subjects(SKOS.prefLabel, Literal(label, lang="id"))
        if (s, RDF.type, ORG.Post) in g and isinstance(s, URIRef)
    ]
    return found


def superior(g: Graph, label: str) -> str:
    return str(g.value(g.value(post(g, label), SOTK.reportsDirectlyTo), SKOS.prefLabel))


def test_the_head_of_the_perangkat_daerah_named_only_as_a_superior() -> None:
    g = build(EXCERPT)
    kadis = post(g, "Kepala Dinas")
    assert (kadis, RDF.type, SOTK.KepalaDinas) in g
    assert superior(g, "Sekretaris") == "Kepala Dinas"
    note = str(g.value(kadis, SKOS.editorialNote))
    assert note.startswith("Known from this text only as the superior a reporting line names")
    assert "line 3: 'kepada Kepala Dinas'" in note


def test_the_head_of_a_unit_named_only_as_a_superior() -> None:
    g = build(EXCERPT)
    kabid = post(g, "Kepala Bidang Perumahan dan Permukiman")
    assert (kabid, RDF.type, SOTK.KepalaBidang) in g
    assert superior(g, "Kepala Seksi Perumahan") == "Kepala Bidang Perumahan dan Permukiman"
    assert "line 9" in str(g.value(kabid, SKOS.editorialNote))


def test_a_head_the_text_establishes_is_not_noted() -> None:
    g = build(EXCERPT)
    # the Sekretaris is established by Pasal 5 (1) before Pasal 6 names it as a superior
    assert superior(g, "Kepala Sub Bagian Umum") == "Sekretaris"
    assert g.value(post(g, "Sekretaris"), SKOS.editorialNote) is None


def test_a_unit_head_named_by_kind_alone_is_made_with_its_unit() -> None:
    """ "kepada Sekretaris" with no Sekretariat in the excerpt: the Sekretaris leads it."""
    g = build(
        "Pasal 5\n\nDinas mempunyai tugas membantu Bupati.\n\n"
        "Pasal 6\n\n(1) Sub Bagian Umum dipimpin oleh Kepala Sub Bagian yang bertanggung jawab "
        "kepada Sekretaris.\n"
    )
    assert superior(g, "Kepala Sub Bagian Umum") == "Sekretaris"
    sekretariat = g.value(post(g, "Sekretaris"), SOTK.leads)
    assert g.value(sekretariat, SKOS.prefLabel) == Literal("Sekretariat", lang="id")
    assert "line 7: 'kepada Sekretaris'" in str(g.value(post(g, "Sekretaris"), SKOS.editorialNote))
