"""Amending acts in the genre's other forms: a second amendment ("Perubahan Kedua atas") with a
single instruction in Pasal I, an inserted ayat (1a), a changed huruf, several deletions in one
instruction, OCR'd Roman numerals, and two amendments of one act giving two dated versions.
Expected values from reading tests/fixtures/perbup-contoh-2024-3.txt and its amendments
perbup-contoh-2024-9-perubahan.txt and perbup-contoh-2025-2-perubahan-kedua.txt."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from repo_paths import REPO_ROOT

from sotk_kg.pipeline.amendment import CHANGE, DELETE, INSERT, read_amendment, ref_path
from sotk_kg.pipeline.build import Text, amending_act, build_files, build_graph, consolidate_graph
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.terms import ELI, PROV, RDF, SKOS, SOTK

FIXTURES = REPO_ROOT / "tests" / "fixtures"
AMENDED = FIXTURES / "perbup-contoh-2024-3.txt"
FIRST = FIXTURES / "perbup-contoh-2024-9-perubahan.txt"  # applies from 3 September 2024
SECOND = FIXTURES / "perbup-contoh-2025-2-perubahan-kedua.txt"  # from 1 Februari 2025
BASE = "https://w3id.org/sotk-kg"
W = f"{BASE}/eli/id/perbup/kab-mekarsari/2024/3"


def read(path: Path) -> Text:
    return Text(path.read_text(encoding="utf-8"), path.name)


def amending_text(pasal_i: str, title: str = "PERUBAHAN ATAS") -> str:
    """A short amending act of Perbup Mekarsari 3/2024 whose Pasal I is `pasal_i`."""
    return f"""PERATURAN BUPATI MEKARSARI
NOMOR 20 TAHUN 2024

TENTANG

{title} PERATURAN BUPATI MEKARSARI NOMOR 3 TAHUN 2024 TENTANG DINAS PERPUSTAKAAN

DENGAN RAHMAT TUHAN YANG MAHA ESA

BUPATI MEKARSARI,

Menimbang : bahwa perlu mengubah Peraturan Bupati Mekarsari Nomor 3 Tahun 2024;

MEMUTUSKAN

Menetapkan : PERATURAN BUPATI TENTANG {title} PERATURAN BUPATI MEKARSARI NOMOR 3 TAHUN 2024.

{pasal_i}

Pasal II

Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.

Ditetapkan di Mekarsari
pada tanggal 1 Oktober 2024

BUPATI MEKARSARI,

ttd.

DEWI LESTARI

Diundangkan di Mekarsari
pada tanggal 2 Oktober 2024
"""


CHAPEAU = (
    "Pasal I\n\nBeberapa ketentuan dalam Peraturan Bupati Mekarsari Nomor 3 Tahun 2024 tentang "
    "Dinas Perpustakaan diubah sebagai berikut:\n\n"
)


def instructions(pasal_i: str) -> list[tuple[str | None, list[str], str | None]]:
    doc = parse_document(amending_text(pasal_i))
    amendment = read_amendment(doc, "kab-mekarsari")
    assert amendment is not None
    return [
        (i.kind, [ref_path(t) for t in i.targets], ref_path(i.after) if i.after else None)
        for i in amendment.instructions
    ]


def test_targets_in_the_genre_s_wordings() -> None:
    found = instructions(
        CHAPEAU + "1. Pasal 3 dan Pasal 4 dihapus.\n"
        "2. Ketentuan huruf b ayat (1) Pasal 4 diubah sehingga berbunyi sebagai berikut:\n"
        "b. pelaksanaan kebijakan.\n"
        "3. Ketentuan Pasal 2 ayat (2) diubah sehingga berbunyi sebagai berikut:\n"
        "(2) Dinas dipimpin oleh seorang Kepala Dinas.\n"
        "4. Di antara ayat (1) dan ayat (2) Pasal 2 disisipkan 1 (satu) ayat, yakni ayat (1a) "
        "sehingga berbunyi sebagai berikut:\n"
        "(1a) Dinas berkoordinasi dengan perangkat daerah lain.\n"
        "5. Ketentuan Pasal 4 ditambah 1 (satu) ayat, yakni ayat (3) sehingga Pasal 4 berbunyi "
        "sebagai berikut:\n"
        "Pasal 4\n(1) Dinas menyelenggarakan fungsi.\n(2) Uraian tugas.\n(3) Tambahan.\n"
    )
    assert found == [
        (DELETE, ["pasal/3", "pasal/4"], None),
        (CHANGE, ["pasal/4/ayat/1/huruf/b"], None),
        (CHANGE, ["pasal/2/ayat/2"], None),
        (INSERT, ["pasal/2/ayat/1a"], "pasal/2/ayat/1"),
        (INSERT, ["pasal/4/ayat/3"], None),
    ]


def test_a_quoted_list_numbered_like_the_instructions_stays_quoted() -> None:
    # the quoted Pasal 1's "2. Bupati adalah ..." is angka 2 in sequence, but states no instruction
    doc = parse_document(
        amending_text(
            CHAPEAU + "1. Ketentuan Pasal 1 diubah sehingga berbunyi sebagai berikut:\n"
            "Pasal 1\nDalam Peraturan Bupati ini yang dimaksud dengan:\n"
            "1. Daerah adalah Kabupaten Mekarsari.\n2. Bupati adalah Bupati Mekarsari.\n"
            "2. Pasal 3 dihapus.\n"
        )
    )
    [pasal_i, _] = [p for top in doc.body for p in top.iter() if p.kind == "pasal"]
    assert [c.number for c in pasal_i.children] == ["1", "2"]
    assert pasal_i.children[0].quoted is not None
    assert pasal_i.children[0].quoted.endswith("2. Bupati adalah Bupati Mekarsari.")
    assert pasal_i.children[1].text == "Pasal 3 dihapus."


def test_ocr_roman_numerals_of_pasal_i_and_ii() -> None:
    text = amending_text(CHAPEAU + "1. Pasal 3 dihapus.\n").replace("Pasal II", "Pasal Il")
    doc = parse_document(text.replace("Pasal I\n", "PasaI I\n"))
    assert [p.number for top in doc.body for p in top.iter() if p.kind == "pasal"] == ["I", "II"]


def test_second_amendment_single_instruction() -> None:
    doc = parse_document(SECOND.read_text(encoding="utf-8"), SECOND.name)
    amendment = read_amendment(doc, "kab-mekarsari")
    assert amendment is not None and amendment.ordinal == "Kedua"
    assert amendment.amended is not None and amendment.amended.path == "perbup/kab-mekarsari/2024/3"
    [ins] = amendment.instructions
    assert (ins.kind, ins.path) == (CHANGE, "pasal/i")
    assert [ref_path(t) for t in ins.targets] == ["pasal/4/ayat/1/huruf/b"]
    assert (
        ins.node.quoted
        == "b. pelaksanaan kebijakan dan pembinaan bidang perpustakaan dan kearsipan."
    )


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("graph")
    built = build_files([AMENDED, FIRST, SECOND], out, BASE)
    assert built[0].suffixes[-4:] == ("@2024-09-03.ttl", "@2024-09-03.nq",
                                      "@2025-02-01.ttl", "@2025-02-01.nq")  # fmt: skip
    return out


def graph(folder: Path, date: str) -> Graph:
    return Graph().parse(folder / f"perbup-kab-mekarsari-2024-3@{date}.ttl", format="turtle")


def children(g: Graph, iri: str) -> list[str]:
    parts = sorted(g.objects(URIRef(iri), ELI.has_part), key=lambda p: g.value(p, SOTK.sequence))
    return [str(p)[len(iri) + 1 :] for p in parts]


def test_two_amendments_give_two_cumulative_versions(versions: Path) -> None:
    enacted = Graph().parse(versions / "perbup-kab-mekarsari-2024-3.ttl", format="turtle")
    first, second = graph(versions, "2024-09-03"), graph(versions, "2025-02-01")
    # Pasal 1: 5 definitions, the first amendment adds "Arsip Daerah"
    assert len(set(enacted.subjects(RDF.type, SOTK.Definisi))) == 5
    for g in (first, second):
        assert len(set(g.subjects(RDF.type, SOTK.Definisi))) == 6
        assert "Arsip Daerah" in {str(x) for x in g.objects(None, SKOS.prefLabel)}
        # Pasal 4: ayat (1a) inserted between (1) and (2)
        assert children(g, f"{W}/pasal/4") == ["ayat/1", "ayat/1a", "ayat/2"]
    assert children(enacted, f"{W}/pasal/4") == ["ayat/1", "ayat/2"]
    huruf_b = URIRef(f"{W}/pasal/4/ayat/1/huruf/b")
    old = "pelaksanaan kebijakan bidang perpustakaan dan kearsipan."
    new = "pelaksanaan kebijakan dan pembinaan bidang perpustakaan dan kearsipan."
    assert str(enacted.value(huruf_b, SOTK.verbatimText)) == old
    assert str(first.value(huruf_b, SOTK.verbatimText)) == old
    assert str(second.value(huruf_b, SOTK.verbatimText)) == new
    instruction = URIRef(f"{BASE}/id/perubahan/perbup/kab-mekarsari/2025/2/pasal/i")
    assert (huruf_b, PROV.wasDerivedFrom, instruction) in second
    v1, v2 = URIRef(f"{W}/ind/2024-09-03"), URIRef(f"{W}/ind/2025-02-01")
    a1 = URIRef(f"{BASE}/eli/id/perbup/kab-mekarsari/2024/9")
    a2 = URIRef(f"{BASE}/eli/id/perbup/kab-mekarsari/2025/2")
    assert set(first.objects(v1, ELI.consolidates)) == {a1}
    assert set(second.objects(v2, ELI.consolidates)) == {a1, a2}
    assert second.value(v2, ELI.date_applicability) == Literal("2025-02-01", datatype=XSD.date)


def test_an_instruction_whose_target_is_missing_is_reported(tmp_path: Path) -> None:
    act = amending_act(Text(amending_text(CHAPEAU + "1. Pasal 30 dihapus.\n"), "a.txt"), BASE)
    result = consolidate_graph(read(AMENDED), [act], BASE)
    assert result.warnings == [
        "Peraturan Bupati Mekarsari Nomor 20 Tahun 2024, Pasal I angka 1: not applied: Pasal 30 "
        "is not in the amended text"
    ]


def test_an_inserted_bab_with_its_pasal() -> None:
    # the genre's way to add transitional provisions: a BAB inserted between two, "BAB IIA"
    pasal_i = (
        "Pasal I\n\nKetentuan dalam Peraturan Bupati Mekarsari Nomor 3 Tahun 2024 tentang Dinas "
        "Perpustakaan diubah sebagai berikut:\n\n"
        "1. Di antara BAB II dan BAB III disisipkan 1 (satu) BAB, yakni BAB IIA sehingga berbunyi "
        "sebagai berikut:\n\nBAB IIA\nKETENTUAN PERALIHAN\n\nPasal 4A\n"
        "Pada saat Peraturan Bupati ini mulai berlaku, Kepala Dinas tetap melaksanakan tugasnya.\n"
    )
    doc = parse_document(amending_text(pasal_i))
    amendment = read_amendment(doc, "kab-mekarsari")
    assert amendment is not None
    [ins] = amendment.instructions
    assert (ins.kind, [ref_path(t) for t in ins.targets]) == (INSERT, ["bab/2a"])
    assert ins.after is not None and ref_path(ins.after) == "bab/2"
    act = amending_act(Text(amending_text(pasal_i), "a.txt"), BASE)
    result = consolidate_graph(read(AMENDED), [act], BASE)
    assert result.warnings == []
    g = result.graph
    assert children(g, W)[:6] == ["judul", "menimbang", "mengingat", "memperhatikan", "bab/1",
                                  "bab/2"]  # fmt: skip
    assert children(g, W)[6:8] == ["bab/2a", "bab/3"]
    assert str(g.value(URIRef(f"{W}/bab/2a"), SOTK.heading)) == "KETENTUAN PERALIHAN"
    assert g.value(URIRef(f"{W}/pasal/4a"), ELI.is_part_of) == URIRef(f"{W}/bab/2a")
    assert not [n for n in g.objects(URIRef(f"{W}/bab/2a"), SKOS.editorialNote)
                if "out of sequence" in n]  # fmt: skip


def test_a_later_amendment_deletes_what_an_earlier_one_inserted() -> None:
    later = amending_text(CHAPEAU + "1. Ketentuan ayat (1a) Pasal 4 dihapus.\n")
    acts = [amending_act(read(FIRST), BASE), amending_act(Text(later, "a.txt"), BASE)]
    result = consolidate_graph(read(AMENDED), acts, BASE)
    assert result.warnings == []
    assert children(result.graph, f"{W}/pasal/4") == ["ayat/1", "ayat/2"]


def test_an_act_without_a_date_builds_without_a_version(tmp_path: Path) -> None:
    undated = amending_text(CHAPEAU + "1. Pasal 3 dihapus.\n")
    undated = undated.replace("Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.", "")
    undated = undated[: undated.index("Ditetapkan")]  # no adoption, no promulgation
    (tmp_path / "act.txt").write_text(undated, encoding="utf-8")
    built = build_files([AMENDED, tmp_path / "act.txt"], tmp_path / "out", BASE)
    assert not list((tmp_path / "out").glob("*@*"))
    assert [w for w in built[1].warnings if w.startswith("no consolidated version:")]


def test_an_amending_title_without_pasal_i_is_read_as_an_ordinary_body() -> None:
    text = (
        FIRST.read_text(encoding="utf-8")
        .replace("Pasal II", "Pasal 3")
        .replace("Pasal I\n", "Pasal 2\n")
    )
    doc = parse_document(text, FIRST.name)
    assert any("has no 'Pasal I'" in note for note in doc.notes)
    assert read_amendment(doc, "kab-mekarsari") is None


def test_namesakes_of_two_regions_are_two_persons() -> None:
    # Perwal Sukamaju 7/2023 is signed by BAMBANG SETIAWAN; a Perbup of Mekarsari signed by a
    # namesake is another person (person IRIs are scoped by region: docs/iri-scheme.md)
    sukamaju = FIXTURES / "perwal-contoh-2023-7.txt"
    kota = build_graph(sukamaju.read_text(encoding="utf-8"), sukamaju.name, BASE).graph
    namesake = AMENDED.read_text(encoding="utf-8").replace("DEWI LESTARI", "BAMBANG SETIAWAN")
    kab = build_graph(namesake, AMENDED.name, BASE).graph
    signer_kota = kota.value(URIRef(f"{BASE}/eli/id/perwal/kota-sukamaju/2023/7"), SOTK.signer)
    signer_kab = kab.value(URIRef(W), SOTK.signer)
    assert signer_kota == URIRef(f"{BASE}/id/orang/kota-sukamaju/bambang-setiawan")
    assert signer_kab == URIRef(f"{BASE}/id/orang/kab-mekarsari/bambang-setiawan")


def test_a_changed_bab_title_keeps_its_pasal_and_the_penjelasan_is_not_read() -> None:
    pasal_i = CHAPEAU + (
        "1. Judul BAB II diubah sehingga berbunyi sebagai berikut:\n\nBAB II\n"
        "KEDUDUKAN, TUGAS POKOK DAN FUNGSI\n\n"
        "2. Penjelasan Pasal 3 diubah sehingga berbunyi sebagai berikut:\n\nPasal 3\nCukup jelas.\n"
    )
    result = build_graph(amending_text(pasal_i), "a.txt", BASE)
    assert [w for w in result.warnings if "Pasal I angka 2" in w and "not understood" in w]
    act = amending_act(Text(amending_text(pasal_i), "a.txt"), BASE)
    g = consolidate_graph(read(AMENDED), [act], BASE).graph
    bab_2 = URIRef(f"{W}/bab/2")
    assert str(g.value(bab_2, SOTK.heading)) == "KEDUDUKAN, TUGAS POKOK DAN FUNGSI"
    assert set(g.objects(bab_2, ELI.has_part)) == {URIRef(f"{W}/pasal/{n}") for n in (2, 3, 4)}
    p3 = "Dinas mempunyai tugas pokok membantu Bupati"
    assert str(g.value(URIRef(f"{W}/pasal/3"), SOTK.verbatimText)).startswith(p3)
    assert g.value(URIRef(f"{W}/pasal/2/ayat/1"), SOTK.sourceLine) is not None  # still W's line


def test_an_amendment_dated_before_the_act_it_amends_is_reported() -> None:
    early = amending_text(CHAPEAU + "1. Pasal 3 dihapus.\n").replace("Oktober 2024", "Januari 2024")
    act = amending_act(Text(early, "a.txt"), BASE)
    assert act.date == "2024-01-02"  # promulgated 2 Januari 2024; the act amended: 6 Februari 2024
    result = consolidate_graph(read(AMENDED), [act], BASE)
    assert result.warnings == [
        "Peraturan Bupati Mekarsari Nomor 20 Tahun 2024 applies from 2024-01-02, before the act "
        "it amends (2024-02-06)"
    ]
