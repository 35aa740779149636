"""Citations: Mengingat legal basis with amendments, documents in Menimbang and Memperhatikan,
repeals."""

from __future__ import annotations

from rdflib import URIRef
from tree_builders import BASE, P, context, document

from sotk_kg.pipeline.english import citation_en
from sotk_kg.pipeline.references import (
    emit_references,
    find_citations,
    gazette_notes,
    parse_legal_basis,
)
from sotk_kg.pipeline.terms import DCT, ELI, PROV, RDF, RDFS, SOTK, XSD

AMENDED = (
    "Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah (Lembaran Negara "
    "Republik Indonesia Tahun 2016 Nomor 114, Tambahan Lembaran Negara Republik Indonesia "
    "Nomor 5887) sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 72 Tahun 2019 "
    "tentang Perubahan Atas Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat "
    "Daerah (Lembaran Negara Republik Indonesia Tahun 2019 Nomor 187);"
)
SEVERAL = (
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (Lembaran Negara "
    "Republik Indonesia Tahun 2014 Nomor 244) sebagaimana telah diubah beberapa kali, "
    "terakhir dengan Undang-Undang Nomor 11 Tahun 2020 tentang Cipta Kerja (Lembaran Negara "
    "Republik Indonesia Tahun 2020 Nomor 245);"
)


def test_amended_act() -> None:
    basis = parse_legal_basis(AMENDED, "kab-contoh")
    act, amending = basis.act, basis.amended_by
    assert (act.jenis, act.yurisdiksi, act.nomor, act.tahun) == ("pp", "id", "18", "2016")
    assert act.title == "Perangkat Daerah"
    assert act.gazette == [
        "Lembaran Negara Republik Indonesia Tahun 2016 Nomor 114",
        "Tambahan Lembaran Negara Republik Indonesia Nomor 5887",
    ]
    assert (amending.jenis, amending.nomor, amending.tahun) == ("pp", "72", "2019")
    assert amending.title == (
        "Perubahan Atas Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah"
    )
    assert basis.amended_several_times is False


def test_amended_several_times() -> None:
    basis = parse_legal_basis(SEVERAL, "kab-contoh")
    assert basis.amended_several_times is True
    assert (basis.amended_by.jenis, basis.amended_by.nomor) == ("uu", "11")


def test_kinds_and_regions() -> None:
    def first(text: str) -> tuple:
        c = parse_legal_basis(text, "kota-contoh").act
        return c.jenis, c.yurisdiksi, c.nomor, c.tahun

    assert first("Keputusan Menteri Dalam Negeri Nomor 050-3708 Tahun 2020 tentang X;") == (
        "kepmendagri",
        "id",
        "050-3708",
        "2020",
    )
    assert first(
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor "
        "17 Tahun 2021 tentang X"
    ) == ("permenpanrb", "id", "17", "2021")
    assert first("Peraturan Menteri Perhubungan Nomor 3 Tahun 2020 tentang X") == (
        "permen",
        "id",
        "3",
        "2020",
    )
    assert first("Peraturan Daerah Kabupaten Bekasi Nomor 6 Tahun 2016 tentang X") == (
        "perda",
        "kab-bekasi",
        "6",
        "2016",
    )
    assert first("Peraturan Daerah Nomor 2 Tahun 2020 tentang X") == (
        "perda",
        "kota-contoh",
        "2",
        "2020",
    )
    assert first("Peraturan Walikota Sukamaju Nomor 3 Tahun 2019 tentang X") == (
        "perwal",
        "kota-sukamaju",
        "3",
        "2019",
    )
    assert (
        parse_legal_basis(
            "Undang-Undang Dasar Negara Republik Indonesia Tahun 1945;", "kota-contoh"
        )
        is None
    )


def test_two_letters_in_one_consideration() -> None:
    text = (
        "bahwa dengan telah dikeluarkannya Surat Menteri Dalam Negeri Nomor 061/5875/OTDA "
        "tentang Pertimbangan Struktur Organisasi dalam rangka penyederhanaan birokrasi dan "
        "Surat Menteri Dalam Negeri Nomor 800/8572/OTDA tentang Persetujuan Penyetaraan "
        "Jabatan, maka Peraturan Bupati Contoh Nomor 9 Tahun 2020 tentang Dinas perlu dicabut;"
    )
    found = find_citations(text, "kab-contoh")
    assert [(c.jenis, c.nomor, c.tahun) for c in found] == [
        ("surat-menteri", "061/5875/OTDA", None),
        ("surat-menteri", "800/8572/OTDA", None),
        ("perbup", "9", "2020"),
    ]
    assert found[0].title == "Pertimbangan Struktur Organisasi"
    assert found[1].title == "Persetujuan Penyetaraan Jabatan"


LETTER = (
    "Surat Menteri Dalam Negeri Nomor 061/2911/SJ tanggal 4 Juli 2022 perihal Penyederhanaan "
    "Struktur Organisasi Perangkat Daerah;"
)


def test_letter_with_date_and_subject() -> None:
    (cit,) = find_citations(LETTER, "kab-contoh")
    assert (cit.jenis, cit.yurisdiksi, cit.nomor, cit.tahun) == (
        "surat-menteri",
        "id",
        "061/2911/SJ",
        None,
    )
    assert cit.date == "2022-07-04"
    assert cit.title == "Penyederhanaan Struktur Organisasi Perangkat Daerah"


def test_perihal_starts_a_title_only_for_a_letter() -> None:
    # after any other instrument "perihal" is running text, not its subject
    (cit,) = find_citations(
        "Peraturan Daerah Nomor 2 Tahun 2016 perihal yang sama dengan ketentuan Pasal 5",
        "kab-contoh",
    )
    assert (cit.jenis, cit.nomor, cit.tahun, cit.title) == ("perda", "2", "2016", None)
    (cit,) = find_citations(
        "Keputusan Menteri Dalam Negeri Nomor 050-3708 Tahun 2020 perihal yang sama;", "kab-contoh"
    )
    assert (cit.jenis, cit.title) == ("kepmendagri", None)
    # "tentang" still starts the title of any instrument, and "perihal" that of a letter
    (cit,) = find_citations(
        "Peraturan Daerah Nomor 2 Tahun 2016 tentang Perangkat Daerah;", "kab-contoh"
    )
    assert cit.title == "Perangkat Daerah"
    (cit,) = find_citations(LETTER, "kab-contoh")
    assert cit.title == "Penyederhanaan Struktur Organisasi Perangkat Daerah"


def test_memperhatikan_cites_only_what_the_citation_parser_recognises() -> None:
    items = [
        P("angka", "1", LETTER),
        P("angka", "2", "Surat Gubernur Contoh Nomor 061/45/Org perihal Penataan Dinas;"),
        P("angka", "3", "Hasil Rapat Koordinasi Kelembagaan tanggal 12 Januari 2024."),
    ]
    doc = document(P("pasal", "1", "Isi."), memperhatikan=P("memperhatikan", "", "", *items))
    ctx = context(doc)
    emit_references(ctx)
    g, work = ctx.builder.graph, ctx.work
    letter = URIRef(f"{BASE}/id/dokumen/surat-menteri/061-2911-sj")
    item = URIRef(f"{work}/memperhatikan/angka/1")
    assert set(g.objects(work, ELI.cites)) == {letter}
    assert set(g.objects(item, ELI.cites)) == {letter}
    assert (work, ELI.based_on, letter) not in g  # taken into account, not a legal basis
    for n in ("2", "3"):  # a governor's letter, meeting results: kept as text only
        assert g.value(URIRef(f"{work}/memperhatikan/angka/{n}"), ELI.cites) is None
    assert (letter, RDF.type, ELI.LegalResource) in g
    assert (letter, RDF.type, SOTK.Peraturan) not in g
    assert str(g.value(letter, DCT.title)) == "Penyederhanaan Struktur Organisasi Perangkat Daerah"
    date = g.value(letter, ELI.date_document)
    assert (str(date), date.datatype) == ("2022-07-04", XSD.date)
    assert {str(x) for x in g.objects(letter, RDFS.label)} == {
        "Surat Menteri Dalam Negeri Nomor 061/2911/SJ",
        "Letter of the Minister of Home Affairs No. 061/2911/SJ",
    }
    assert g.value(letter, PROV.wasDerivedFrom) == item
    assert ctx.warnings == []


def test_emitted_references() -> None:
    repeal = (
        "Pada saat Peraturan Bupati ini mulai berlaku, Peraturan Bupati Contoh Nomor 1 Tahun "
        "2019 tentang A dan Peraturan Bupati Contoh Nomor 2 Tahun 2020 tentang B dicabut dan "
        "dinyatakan tidak berlaku."
    )
    doc = document(
        P("pasal", "9", repeal),
        mengingat=P(
            "mengingat",
            "",
            "",
            P("angka", "1", SEVERAL),
            P("angka", "2", "Undang-Undang Dasar Negara Republik Indonesia Tahun 1945;"),
        ),
    )
    ctx = context(doc)
    ctx.entry_into_force = "2024-02-01"
    emit_references(ctx)
    g, work = ctx.builder.graph, ctx.work
    uu23 = URIRef(f"{BASE}/eli/id/uu/id/2014/23")
    uu11 = URIRef(f"{BASE}/eli/id/uu/id/2020/11")
    assert set(g.objects(work, ELI.based_on)) == {uu23}
    assert (uu11, ELI.amends, uu23) in g and g.value(uu23, SOTK.lastAmendedBy) == uu11
    assert str(g.value(uu23, DCT.title)) == "Pemerintahan Daerah"
    repealed = set(g.objects(work, ELI.repeals))
    assert repealed == {
        URIRef(f"{BASE}/eli/id/perbup/kab-contoh/2019/1"),
        URIRef(f"{BASE}/eli/id/perbup/kab-contoh/2020/2"),
    }
    for old in repealed:
        assert str(g.value(old, ELI.date_no_longer_in_force)) == "2024-02-01"
    assert any("mengingat angka 2" in w.lower() for w in ctx.warnings)  # UUD: no Nomor to cite


def test_english_citation_labels() -> None:
    assert citation_en("Peraturan Menteri Dalam Negeri", "permendagri", "80", "2015") == (
        "Regulation of the Minister of Home Affairs No. 80 of 2015"
    )
    assert citation_en("Undang-Undang", "uu", "23", "2014") == "Law No. 23 of 2014"
    assert citation_en("Peraturan Bupati Bekasi", "perbup", "91", "2020") == (
        "Regent Regulation of Kabupaten Bekasi No. 91 of 2020"
    )
    assert citation_en("Surat Menteri Dalam Negeri", "surat-menteri", "061/5875/OTDA", None) == (
        "Letter of the Minister of Home Affairs No. 061/5875/OTDA"
    )


def test_gazette_notes_follow_the_rules_of_the_genre() -> None:
    (permen,) = find_citations(
        "Peraturan Menteri Dalam Negeri Nomor 90 Tahun 2019 tentang Klasifikasi (Lembaran Negara "
        "Republik Indonesia Tahun 2019 Nomor 61);",
        "kab-contoh",
    )
    assert [n for n in gazette_notes(permen) if "Berita Negara" in n]
    (uu,) = find_citations(
        "Undang-Undang Nomor 14 Tahun 1950 tentang Pembentukan (Berita Negara Republik Indonesia "
        "Tahun 1950);",
        "kab-contoh",
    )
    assert [n for n in gazette_notes(uu) if "gives no Nomor" in n]
    (ok,) = find_citations(
        "Undang-Undang Nomor 5 Tahun 2014 tentang Aparatur Sipil Negara (Lembaran Negara Republik "
        "Indonesia Tahun 2014 Nomor 6, Tambahan Lembaran Negara Republik Indonesia Nomor 5494);",
        "kab-contoh",
    )
    assert gazette_notes(ok) == []


def test_a_single_unnumbered_legal_basis_is_cited_from_the_block() -> None:
    """'Mengingat : Peraturan Daerah ... ;' with one unnumbered item: the block's own text is the
    legal basis, cited from the block (as a numbered item is cited from its angka)."""
    from rdflib import URIRef
    from repo_paths import REPO_ROOT

    from sotk_kg.iris import DEFAULT_BASE
    from sotk_kg.pipeline import build_graph
    from sotk_kg.pipeline.terms import ELI

    text = (REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt").read_text("utf-8")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Mengingat"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("MEMUTUSKAN"))
    single = (
        "Mengingat : Peraturan Daerah Kota Sukamaju Nomor 4 Tahun 2016 tentang Pembentukan "
        "dan Susunan Perangkat Daerah (Lembaran Daerah Kota Sukamaju Tahun 2016 Nomor 4)."
    )
    text = "\n".join([*lines[:start], single, "", *lines[end:]])
    result = build_graph(text, "perwal-contoh-2023-7.txt", DEFAULT_BASE)
    graph = result.graph
    work = URIRef(f"{DEFAULT_BASE}/eli/id/perwal/kota-sukamaju/2023/7")
    block = URIRef(f"{work}/mengingat")
    [basis] = list(graph.objects(work, ELI.based_on))
    assert list(graph.objects(block, ELI.cites)) == [basis]
    assert str(basis).endswith("/perda/kota-sukamaju/2016/4")
    assert not any("no citation" in w for w in result.warnings)


def test_a_cited_regulation_keeps_the_english_label_of_its_own_graph() -> None:
    """Perwal Sukamaju 15/2024 cites 7/2023 ("Peraturan Walikota Sukamaju Nomor 7 Tahun 2023");
    both graphs loaded together give 7/2023 one English name, the one its own graph gives."""
    from pathlib import Path

    from sotk_kg.pipeline.build import build_graph

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    work = URIRef(f"{BASE}/eli/id/perwal/kota-sukamaju/2023/7")
    names = set()
    for name in ("perwal-contoh-2023-7.txt", "perwal-contoh-2024-15-perubahan.txt"):
        g = build_graph((fixtures / name).read_text(encoding="utf-8"), name, BASE).graph
        names |= {str(o) for o in g.objects(work, RDFS.label) if o.language == "en"}
    assert names == {"Mayor Regulation of Kota Sukamaju No. 7 of 2023"}
