"""tests/fixtures/perwali-contoh-2023-13-ocr.txt: a Peraturan Wali Kota on a Satuan Polisi Pamong
Praja, damaged as scans read (tests/fixtures/README.md lists the damage by line). Every expected
value below was counted by reading the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from repo_paths import REPO_ROOT

from sotk_kg.pipeline.build import build_graph
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.terms import ORG, RDF, SKOS, SOTK
from sotk_kg.pipeline.tree import Document, Provision

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "perwali-contoh-2023-13-ocr.txt"
BASE = "https://w3id.org/sotk-kg"


@pytest.fixture(scope="module")
def doc() -> Document:
    return parse_document(FIXTURE.read_text(encoding="utf-8"), FIXTURE.name)


def test_identification_through_the_split_and_misread_title(doc: Document) -> None:
    assert (doc.jenis, doc.jenis_label, doc.region_name, doc.number, doc.year) == (
        "perwal",
        "Peraturan Wali Kota",
        "Kota Tanjung Mekar",
        "13",  # "NOMOR l3" on line 5, "TAHUN 2023" on line 6
        "2023",
    )
    assert doc.title == (
        "KEDUDUKAN, SUSUNAN ORGANISASI, TUGAS DAN FUNGSI SERTA TATA KERJA SATUAN POLISI PAMONG "
        "PRAJA"
    )
    assert doc.gazette == "Berita Daerah Kota Tanjung Mekar Tahun 2023 Nomor 13"  # line 158: "l3"
    assert doc.adoption is not None and doc.promulgation is not None
    assert (doc.adoption.date, doc.adoption.name) == ("2023-06-20", "HENDRA GUNAWAN")
    assert (doc.promulgation.date, doc.promulgation.name) == ("2023-06-21", "SITI NURHALIZA")


def test_bab_and_pasal(doc: Document) -> None:
    assert [(b.number, b.number_as_written, b.heading) for b in doc.body] == [
        ("1", "I", "KETENTUAN UMUM"),
        ("2", "II", "KEDUDUKAN, TUGAS DAN FUNGSI"),
        ("3", "III", "SUSUNAN ORGANISASI"),  # "BAB IIl", line 62
        ("4", "IV", "TUGAS UNSUR ORGANISASI"),
        ("5", "V", "TATA KERJA"),
        ("6", "VI", "KETENTUAN PENUTUP"),
    ]
    pasal = [p for p in doc.provisions() if p.kind == "pasal"]
    assert [p.number for p in pasal] == [str(n) for n in range(1, 15)]
    per_bab = [[p.number for p in b.iter() if p.kind == "pasal"] for b in doc.body]
    assert per_bab == [["1"], ["2", "3"], ["4"], [str(n) for n in range(5, 13)], ["13"], ["14"]]
    assert not doc.unplaced


def kinds(node: Provision, kind: str) -> list[str]:
    return [c.number for c in node.children if c.kind == kind]


def test_lists(doc: Document) -> None:
    assert kinds(doc.pasal("1"), "angka") == ["1", "2", "3", "4", "5"]
    fungsi = doc.pasal("3").children[1]
    assert kinds(fungsi, "huruf") == ["a", "b", "c", "d", "e"]  # c's marker lost, line 58
    assert fungsi.children[2].text == "pelaksanaan kebijakan pelindungan masyarakat;"
    susunan = doc.pasal("4").children[0]
    assert kinds(susunan, "huruf") == ["a", "b", "c", "d", "e", "f"]
    assert kinds(susunan.children[1], "angka") == ["1", "2"]
    assert kinds(doc.pasal("5").children[1], "huruf") == ["a", "b", "c"]
    for number in ("2", "5", "6", "7", "8", "9", "10", "11", "12"):
        assert kinds(doc.pasal(number), "ayat") == ["1", "2"], number


def notes_of(node: Provision) -> str:
    return " | ".join(node.notes)


def test_every_repair_is_noted_on_its_provision(doc: Document) -> None:
    assert doc.judul is not None
    assert "Lines 5-6: the title's 'NOMOR l3' and 'TAHUN 2023'" in notes_of(doc.judul)
    assert "Source reads 'NOMOR l3' (OCR misread)" in notes_of(doc.judul)
    assert "read as BAB III" in notes_of(doc.body[2])
    assert "'Pasa1 5' (OCR misread); read as Pasal 5" in notes_of(doc.pasal("5"))
    assert "'Pasal l2' (OCR misread); read as Pasal 12" in notes_of(doc.pasal("12"))
    assert "Page number 4 glued before the heading" in notes_of(doc.pasal("9"))
    ayat_1, fungsi = doc.pasal("3").children
    assert "the word 'Pemerintahan' is broken" in notes_of(ayat_1)
    assert ayat_1.text.endswith("dalam urusan Pemerintahan Daerah.")
    assert "the word 'ketenteraman' is broken" in notes_of(fungsi.children[1])
    assert fungsi.children[1].text == (
        "pelaksanaan kebijakan penyelenggaraan ketertiban umum dan ketenteraman masyarakat;"
    )
    assert "Line 58 has no list marker; read as huruf c" in notes_of(fungsi.children[2])
    assert "Page-number lines dropped: 40." in doc.notes


# ------------------------------------------------------------------ the graph (by reading)
UNITS = {
    "Sekretariat",
    "Sub Bagian Umum dan Kepegawaian",
    "Sub Bagian Perencanaan dan Keuangan",
    "Bidang Penegakan Peraturan Daerah",
    "Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
    "Bidang Pelindungan Masyarakat",
    "Kelompok Jabatan Fungsional",
}
# Each head of a unit (Pasal 2, 6-11) and, as the project models a Kelompok Jabatan Fungsional,
# its Pejabat Fungsional (Pasal 12).
REPORTING_LINES = {
    ("Kepala Satuan", "Wali Kota Tanjung Mekar"),  # Pasal 2 (2), through the Sekretaris Daerah
    ("Sekretaris", "Kepala Satuan"),  # Pasal 6 (1)
    ("Kepala Sub Bagian Umum dan Kepegawaian", "Sekretaris"),  # Pasal 7 (1)
    ("Kepala Sub Bagian Perencanaan dan Keuangan", "Sekretaris"),  # Pasal 8 (1)
    ("Kepala Bidang Penegakan Peraturan Daerah", "Kepala Satuan"),  # Pasal 9 (1)
    ("Kepala Bidang Ketertiban Umum dan Ketenteraman Masyarakat", "Kepala Satuan"),  # Pasal 10
    ("Kepala Bidang Pelindungan Masyarakat", "Kepala Satuan"),  # Pasal 11 (1)
    ("Pejabat Fungsional", "Kepala Satuan"),  # Pasal 12 (2)
}
POSTS = {post for post, _ in REPORTING_LINES}


def built(path: Path) -> Graph:
    return build_graph(path.read_text(encoding="utf-8"), str(path), BASE).graph


def label(g: Graph, node: URIRef) -> str:
    return str(g.value(node, SKOS.prefLabel))


def test_units() -> None:
    g = built(FIXTURE)
    units = {label(g, u) for u in g.subjects(RDF.type, ORG.OrganizationalUnit)}
    assert units == UNITS


def test_posts() -> None:
    g = built(FIXTURE)
    posts = {p for p in g.subjects(RDF.type, ORG.Post) if (p, SOTK.establishedBy, None) in g}
    assert {label(g, p) for p in posts} == POSTS


def test_reporting_lines() -> None:
    g = built(FIXTURE)
    lines = {(label(g, a), label(g, b)) for a, b in g.subject_objects(ORG.reportsTo)}
    assert lines == REPORTING_LINES
