"""parse_document on the seed Perbup Bekasi 99/2021, the fictional Perwal Sukamaju 7/2023 (clean
and OCR-damaged) and bad input. Expected values come from reading the texts (see
tests/fixtures/README.md and data/source/perbup-bekasi-99-2021.txt)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sotk_kg.pipeline.errors import NotARegulationError, PipelineError
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.tree import Document, Provision


def kids(node: Provision, kind: str) -> list[Provision]:
    return [c for c in node.children if c.kind == kind]


def ayat(doc: Document, pasal: str, n: str) -> Provision:
    return next(a for a in kids(doc.pasal(pasal), "ayat") if a.number == n)


def huruf(node: Provision, letter: str) -> Provision:
    return next(h for h in kids(node, "huruf") if h.number == letter)


def all_notes(node: Provision) -> str:
    return " | ".join(note for p in node.iter() for note in p.notes)


# ---------------------------------------------------------------------------- seed: identification


def test_seed_identification(seed_doc: Document) -> None:
    assert (seed_doc.jenis, seed_doc.jenis_label) == ("perbup", "Peraturan Bupati")
    assert seed_doc.region_name == "Kabupaten Bekasi"
    assert (seed_doc.number, seed_doc.year) == ("99", "2021")
    assert seed_doc.title == (
        "KEWENANGAN, KEDUDUKAN, SUSUNAN ORGANISASI, TUGAS DAN FUNGSI SERTA TATA KERJA DINAS "
        "KOPERASI, USAHA KECIL DAN MENENGAH"
    )
    assert seed_doc.cover_title == (
        "KEWENANGAN, KEDUDUKAN, SUSUNAN ORGANISASI, TUGAS DAN FUNGSI SERTA TATA KERJA PADA DINAS "
        "KOPERASI, USAHA KECIL DAN MENENGAH KABUPATEN BEKASI"
    )
    assert seed_doc.gazette == "Berita Daerah Kabupaten Bekasi Tahun 2021 Nomor 99"


def test_seed_dates_and_signers(seed_doc: Document) -> None:
    assert seed_doc.cover_promulgation_date == "2021-12-30"
    adoption, promulgation = seed_doc.adoption, seed_doc.promulgation
    assert adoption is not None and promulgation is not None
    assert (adoption.place, adoption.date, adoption.line) == ("Cikarang Pusat", "2021-12-29", 790)
    assert adoption.name == "AKHMAD MARJUKI"
    assert adoption.title is not None and "Plt." in adoption.title
    assert "BUPATI BEKASI" in adoption.title
    assert (promulgation.place, promulgation.date) == ("Cikarang Pusat", "2021-12-29")
    assert promulgation.name == "HERMAN HANAPI"
    assert promulgation.title == "Pj. SEKRETARIS DAERAH KABUPATEN BEKASI"
    # the cover (30 Desember) and the closing block (29 Desember) disagree: noted
    assert any("2021-12-30" in n and "2021-12-29" in n for n in seed_doc.notes)


# ---------------------------------------------------------------------------- seed: preamble


def test_seed_menimbang_and_mengingat(seed_doc: Document) -> None:
    assert seed_doc.menimbang is not None and seed_doc.mengingat is not None
    assert [h.number for h in seed_doc.menimbang.children] == ["a", "b"]
    assert seed_doc.menimbang.children[0].text.startswith("bahwa dengan telah dikeluarkannya")
    assert [a.number for a in seed_doc.mengingat.children] == [str(n) for n in range(1, 14)]
    assert all(a.kind == "angka" for a in seed_doc.mengingat.children)


def test_seed_mengingat_6_joined_across_page_break(seed_doc: Document) -> None:
    assert seed_doc.mengingat is not None
    item = seed_doc.mengingat.children[5]
    assert item.text.startswith("Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah")
    assert (
        "(Lembaran Negara Republik Indonesia Tahun 2016 Nomor 114, Tambahan Lembaran Negara "
        "Republik Indonesia Nomor 5888) sebagaimana telah diubah dengan Peraturan Pemerintah "
        "Nomor 72 Tahun 2019" in item.text
    )
    assert item.text.endswith("Nomor 6402);")
    assert (item.line_start, item.line_end) == (53, 55)
    assert any("joined" in n for n in item.notes)


# ---------------------------------------------------------------------------- seed: body


def test_seed_every_pasal_once_in_order(seed_doc: Document) -> None:
    numbers = [p.number for p in seed_doc.provisions() if p.kind == "pasal"]
    assert numbers == [str(n) for n in range(1, 33)]


SEED_AYAT = {
    1: 0,
    2: 2,
    3: 2,
    4: 0,
    5: 0,
    6: 0,
    7: 4,
    8: 5,
    9: 7,
    10: 6,
    11: 6,
    12: 7,
    13: 6,
    14: 6,
    15: 6,
    16: 7,
    17: 6,
    18: 6,
    19: 6,
    20: 7,
    21: 6,
    22: 6,
    23: 6,
    24: 5,
    25: 7,
    26: 4,
    27: 7,
    28: 4,
    29: 0,
    30: 0,
    31: 0,
    32: 0,
}


@pytest.mark.parametrize(("pasal", "count"), SEED_AYAT.items())
def test_seed_ayat_count(seed_doc: Document, pasal: int, count: int) -> None:
    ayat_numbers = [a.number for a in kids(seed_doc.pasal(str(pasal)), "ayat")]
    assert ayat_numbers == [str(n) for n in range(1, count + 1)]


def test_seed_lists(seed_doc: Document) -> None:
    pasal1 = seed_doc.pasal("1")
    assert pasal1.text == "Dalam Peraturan Bupati ini yang dimaksud dengan:"
    assert [a.number for a in kids(pasal1, "angka")] == [str(n) for n in range(1, 26)]
    assert kids(pasal1, "angka")[24].text.startswith("Urusan Pemerintahan Wajib adalah")

    two_two = ayat(seed_doc, "2", "2")
    assert [h.number for h in kids(two_two, "huruf")] == list("abcdef")
    assert [a.number for a in kids(huruf(two_two, "a"), "angka")] == ["1", "2"]
    assert huruf(two_two, "a").text == "pengawasan dan pemeriksaan, meliputi:"

    assert [h.number for h in kids(seed_doc.pasal("5"), "huruf")] == list("abcd")
    assert seed_doc.pasal("5").text.startswith("Dalam menyelenggarakan tugas pokok")
    assert [h.number for h in kids(seed_doc.pasal("6"), "huruf")] == list("abc")

    seven_one = ayat(seed_doc, "7", "1")
    assert [h.number for h in kids(seven_one, "huruf")] == list("abcdef")
    assert [a.text for a in kids(huruf(seven_one, "b"), "angka")] == [
        "Sub Bagian Perencanaan dan Keuangan;",
        "Sub Bagian Umum dan Kepegawaian;",
    ]
    assert [h.number for h in kids(ayat(seed_doc, "12", "6"), "huruf")] == list("abcdefghijkl")
    assert [h.number for h in kids(ayat(seed_doc, "8", "4"), "huruf")] == list("abcdefgh")
    assert [h.number for h in kids(ayat(seed_doc, "22", "5"), "huruf")] == list("abcdefg")


def test_seed_bab_headings(seed_doc: Document) -> None:
    babs = [(b.number, b.number_as_written, b.heading) for b in seed_doc.body]
    assert babs == [
        ("1", "I", "KETENTUAN UMUM"),
        ("2", "II", "KEWENANGAN"),
        ("3", "III", "KEDUDUKAN, TUGAS POKOK DAN FUNGSI"),
        ("4", "IV", "ORGANISASI"),
        ("5", "", "TATA KERJA"),  # "BAB" with no numeral in the source
        ("6", "VI", "KETENTUAN PENUTUP"),
    ]
    assert [p.number for p in seed_doc.body[4].pasal_children] == ["27", "28"]


def test_seed_bagian_and_paragraf(seed_doc: Document) -> None:
    bab3 = seed_doc.body[2]
    assert [(b.number, b.number_as_written, b.heading) for b in kids(bab3, "bagian")] == [
        ("1", "Kesatu", "Kedudukan"),
        ("2", "Kedua", "Tugas Pokok"),
        ("3", "Ketiga", "Fungsi"),
    ]
    bagian3 = kids(seed_doc.body[3], "bagian")[2]
    assert bagian3.heading == "Bidang Tugas Unsur Organisasi"
    paragraf = kids(bagian3, "paragraf")
    assert [(p.number, p.heading) for p in paragraf] == [
        ("1", "Kepala Dinas"),
        ("2", "Sekretariat"),
        ("3", "Bidang Kelembagaan dan Pengawasan"),
        ("4", "Bidang Pemberdayaan Koperasi"),
        ("5", "Bidang Pemberdayaan Usaha Mikro"),
        ("6", "Kelompok Jabatan Fungsional"),
        ("7", "Sub Koordinator"),
        ("8", "Kelompok Jabatan Pelaksana"),
    ]
    assert [p.number for p in paragraf[1].pasal_children] == ["9", "10", "11"]
    assert seed_doc.pasal("12").parent is paragraf[2]


def test_seed_page_break_joins(seed_doc: Document) -> None:
    g = huruf(ayat(seed_doc, "11", "5"), "g")
    assert "memberikan layanan Penilaian Angka Kredit (PAK) Jabatan Fungsional" in g.text
    assert g.text.endswith("Daftar Penilaian Sasaran Kinerja Pegawai (SKP);")
    assert (g.line_start, g.line_end) == (303, 305)
    assert any("joined" in n for n in g.notes)
    assert [h.number for h in kids(ayat(seed_doc, "11", "5"), "huruf")] == list("abcdefghi")

    b = huruf(ayat(seed_doc, "22", "4"), "b")
    assert "petunjuk teknis dan Standar Operasional Prosedur (SOP) serta mengoordinasikan" in b.text
    assert b.text.endswith("sesuai dengan lingkup tugasnya; dan")
    assert any("joined" in n for n in b.notes)
    assert [h.number for h in kids(ayat(seed_doc, "22", "4"), "huruf")] == list("abc")


def test_seed_defect_notes(seed_doc: Document) -> None:
    assert any("'BABIV'" in n for n in seed_doc.body[3].notes)
    assert any("'Pasal6'" in n for n in seed_doc.pasal("6").notes)
    assert any("'Pasal22'" in n for n in seed_doc.pasal("22").notes)
    assert any("no numeral" in n and "BAB V" in n for n in seed_doc.body[4].notes)
    for pasal in ("10", "11"):
        first = ayat(seed_doc, pasal, "1")
        assert "kerkedudukan" in first.text  # verbatim keeps the source's spelling
        assert "yang berkedudukan dibawah" in first.reading
        assert any("kerkedudukan" in n for n in first.notes)
    # a clean Pasal carries no notes
    assert all_notes(seed_doc.pasal("3")) == ""


def test_seed_lampiran(seed_doc: Document) -> None:
    lampiran = seed_doc.lampiran
    assert lampiran is not None
    assert lampiran.heading == (
        "BAGAN STRUKTUR ORGANISASI DINAS KOPERASI USAHA KECIL DAN MENENGAH KABUPATEN BEKASI"
    )
    assert lampiran.text == ""
    assert lampiran.line_start == 810
    assert any("missing" in n for n in lampiran.notes)


def test_seed_tree_invariants(seed_doc: Document) -> None:
    assert seed_doc.unplaced == []
    for node in seed_doc.provisions():
        for child in node.children:
            assert child.parent is node
            assert node.line_start <= child.line_start <= child.line_end <= node.line_end
        if node.kind in ("ayat", "huruf", "angka"):
            assert node.text and not node.text.startswith(("- ", "(", "**"))
    assert seed_doc.pasal("22").line_start == 644
    assert kids(seed_doc.pasal("1"), "angka")[24].line_start == 100


@pytest.mark.parametrize("width", [55, 70, 90])
def test_seed_survives_line_wrapping(seed_doc: Document, repo_root: Path, width: int) -> None:
    """OCR and PDF exports wrap long lines: "... dimaksud pada ayat" / "(1) ..." must stay text,
    "perundang-" / "undangan" must rejoin, and the tree must not change."""
    source = (repo_root / "data" / "source" / "perbup-bekasi-99-2021.txt").read_text("utf-8")
    wrapped = "\n".join(
        part for line in source.splitlines() for part in (textwrap.wrap(line, width) or [""])
    )
    doc = parse_document(wrapped, "wrapped.txt")
    assert shape(doc) == shape(seed_doc)
    assert [p.text for p in doc.provisions()] == [p.text for p in seed_doc.provisions()]
    assert doc.adoption is not None and doc.promulgation is not None
    assert (doc.adoption.title, doc.adoption.name) == ("Plt. BUPATI BEKASI", "AKHMAD MARJUKI")
    assert doc.promulgation.name == "HERMAN HANAPI"
    assert (doc.gazette, doc.title) == (seed_doc.gazette, seed_doc.title)
    assert doc.unplaced == []


# ---------------------------------------------------------------------------- second regulation


def shape(doc: Document) -> list[tuple[str, str, str | None, int]]:
    return [(p.kind, p.number, p.heading, len(p.children)) for p in doc.provisions()]


def test_perwal_identification(perwal_doc: Document) -> None:
    doc = perwal_doc
    assert (doc.jenis, doc.jenis_label, doc.region_name) == (
        "perwal",
        "Peraturan Walikota",
        "Kota Sukamaju",
    )
    assert (doc.number, doc.year) == ("7", "2023")
    assert doc.title.endswith("SERTA TATA KERJA DINAS PERHUBUNGAN")
    assert doc.cover_title is not None
    assert doc.cover_title.endswith("DINAS PERHUBUNGAN KOTA SUKAMAJU")
    assert doc.cover_promulgation_date == "2023-03-16"
    assert doc.gazette == "Berita Daerah Kota Sukamaju Tahun 2023 Nomor 7"
    assert doc.adoption is not None and doc.promulgation is not None
    assert (doc.adoption.place, doc.adoption.date, doc.adoption.title, doc.adoption.name) == (
        "Sukamaju",
        "2023-03-14",
        "WALIKOTA SUKAMAJU",
        "BAMBANG SETIAWAN",
    )
    assert (doc.promulgation.date, doc.promulgation.title, doc.promulgation.name) == (
        "2023-03-14",
        "SEKRETARIS DAERAH KOTA SUKAMAJU",
        "RINA KUSUMAWATI",
    )


PERWAL_AYAT = {
    1: 0,
    2: 2,
    3: 2,
    4: 2,
    5: 2,
    6: 2,
    7: 3,
    8: 2,
    9: 2,
    10: 3,
    11: 4,
    12: 4,
    13: 3,
    14: 2,
    15: 2,
    16: 2,
    17: 3,
    18: 3,
    19: 2,
    20: 3,
    21: 3,
    22: 0,
    23: 0,
}


def test_perwal_structure(perwal_doc: Document) -> None:
    doc = perwal_doc
    assert doc.menimbang is not None and doc.mengingat is not None
    assert len(doc.menimbang.children) == 2
    assert len(doc.mengingat.children) == 5
    assert "beberapa kali, terakhir dengan" in doc.mengingat.children[2].text
    assert [b.number for b in doc.body] == ["1", "2", "3", "4", "5", "6"]
    assert [p.number for p in doc.provisions() if p.kind == "pasal"] == [
        str(n) for n in range(1, 24)
    ]
    for pasal, count in PERWAL_AYAT.items():
        assert len(kids(doc.pasal(str(pasal)), "ayat")) == count, f"Pasal {pasal}"
    assert len(kids(doc.pasal("1"), "angka")) == 8
    assert len(kids(ayat(doc, "5", "1"), "huruf")) == 7
    assert len(kids(huruf(ayat(doc, "5", "1"), "b"), "angka")) == 2
    assert len(kids(huruf(ayat(doc, "2", "2"), "b"), "angka")) == 2
    assert [len(kids(ayat(doc, "11", n), "huruf")) for n in "234"] == [2, 3, 2]
    assert len(kids(ayat(doc, "15", "2"), "huruf")) == 4
    bagian2 = kids(doc.body[3], "bagian")[1]
    assert [p.number for p in kids(bagian2, "paragraf")] == [str(n) for n in range(1, 9)]
    assert all(not p.notes for p in doc.provisions() if p.kind != "lampiran")
    assert doc.unplaced == []


def test_perwal_ocr_same_tree_with_notes(perwal_doc: Document, perwal_ocr_doc: Document) -> None:
    ocr = perwal_ocr_doc
    assert shape(ocr) == shape(perwal_doc)
    assert any("'BAB IIl'" in n for n in ocr.body[2].notes)
    assert any("'BAB lV'" in n for n in ocr.body[3].notes)
    assert any("'BABV'" in n for n in ocr.body[4].notes)
    assert any("'PasaI 7'" in n for n in ocr.pasal("7").notes)
    assert any("'Pasa1 12'" in n for n in ocr.pasal("12").notes)
    assert any("glued" in n for n in ocr.pasal("9").notes)
    assert any("page number" in n for n in ocr.pasal("15").notes)
    recovered_c = huruf(ayat(ocr, "15", "2"), "c")
    assert recovered_c.text == "melaksanakan pengawasan pelayanan angkutan orang; dan"
    assert any("no list marker" in n for n in recovered_c.notes)
    recovered_a = huruf(ayat(ocr, "16", "2"), "a")
    assert recovered_a.text.startswith("melaksanakan penyusunan bahan penetapan jaringan")
    assert any("'(l)'" in n for n in ayat(ocr, "18", "1").notes)
    assert "berkedudukan" in ayat(ocr, "8", "1").reading
    three = ayat(ocr, "21", "3")
    assert three.text == ayat(perwal_doc, "21", "3").text
    assert any("joined" in n for n in three.notes)
    assert ocr.unplaced == [(182, "~ ,. ;' ~~ .")]
    assert any("160" in n for n in ocr.notes)  # the dropped page-number line


# ---------------------------------------------------------------------------- bad and damaged input


def test_not_a_regulation_raises_naming_a_line(fixtures_dir: Path) -> None:
    text = (fixtures_dir / "not-a-regulation.txt").read_text(encoding="utf-8")
    with pytest.raises(NotARegulationError) as caught:
        parse_document(text, "not-a-regulation.txt")
    assert isinstance(caught.value, PipelineError)
    assert caught.value.line is not None and caught.value.line >= 1
    message = str(caught.value)
    assert message.startswith(f"not-a-regulation.txt, line {caught.value.line}:")
    assert "PERATURAN" in message


def test_readme_like_text_raises(repo_root: Path) -> None:
    with pytest.raises(NotARegulationError):
        parse_document((repo_root / "README.md").read_text(encoding="utf-8"), "README.md")


HEAD = (
    "PERATURAN BUPATI CONTOH\nNOMOR 1 TAHUN 2024\n\nTENTANG\n\nSESUATU\n\n"
    "DENGAN RAHMAT TUHAN YANG MAHA ESA\n\nMenimbang : a. bahwa perlu;\n\nMEMUTUSKAN\n\n"
)


def test_page_break_before_the_verb_menetapkan_keeps_the_mengingat() -> None:
    """A Menimbang item split by a page break just before "menetapkan ..." stays one item, and the
    Mengingat after it is read; the order "Menetapkan :" is the one after MEMUTUSKAN."""
    text = (
        "PERATURAN BUPATI CONTOH\nNOMOR 1 TAHUN 2024\n\nTENTANG\n\nSESUATU\n\n"
        "DENGAN RAHMAT TUHAN YANG MAHA ESA\n\n"
        "Menimbang : a. bahwa perlu mengatur sesuatu;\n"
        "b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu\n\n"
        "menetapkan Peraturan Bupati tentang Sesuatu;\n\n"
        "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;\n"
        "2. Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah;\n\n"
        "MEMUTUSKAN\n\nMenetapkan : PERATURAN BUPATI TENTANG SESUATU.\n\n"
        "Pasal 1\n\nSesuatu berlaku.\n"
    )
    doc = parse_document(text, "x.txt")
    assert doc.unplaced == []
    assert doc.menimbang is not None and doc.mengingat is not None
    b = doc.menimbang.children[1]
    assert b.text.endswith("perlu menetapkan Peraturan Bupati tentang Sesuatu;")
    assert [a.number for a in doc.mengingat.children] == ["1", "2"]


def test_missing_pasal_raises() -> None:
    with pytest.raises(NotARegulationError, match="Pasal"):
        parse_document(HEAD + "BAB I\nUMUM\n\nTeks tanpa pasal.\n", "x.txt")


def test_missing_number_and_title_raise() -> None:
    with pytest.raises(NotARegulationError, match="NOMOR") as caught:
        parse_document("PERATURAN BUPATI CONTOH\n\nTENTANG\n\nX\n\nPasal 1\n\nY.\n")
    assert caught.value.line == 1
    with pytest.raises(NotARegulationError, match="TENTANG"):
        parse_document("PERATURAN BUPATI CONTOH\nNOMOR 1 TAHUN 2024\n\nPasal 1\n\nY.\n")


def test_local_damage_is_reported_and_parsing_goes_on() -> None:
    body = (
        "(1) ayat outside any Pasal\n"  # line 14: no Pasal yet -> unplaced
        "Pasal 1\n"
        "(1) Satu:\n"
        "a. item a;\n"
        "b. item b;\n"
        "item c whose marker was lost;\n"  # line 19: last item, sequence cannot prove it
        "Pasal 3\n"  # out of sequence
        "Isi.\n"
    )
    doc = parse_document(HEAD + body, "x.txt")
    assert doc.unplaced == [(14, "(1) ayat outside any Pasal")]
    one = ayat(doc, "1", "1")
    assert [h.number for h in kids(one, "huruf")] == ["a", "b"]
    assert huruf(one, "b").text == "item b; item c whose marker was lost;"
    assert any("marker was lost" in n for n in huruf(one, "b").notes)
    assert any("Line 19" in n for n in doc.notes)
    assert any("expected Pasal 2" in n for n in doc.pasal("3").notes)


def test_perda_and_pergub_identification() -> None:
    tail = "TENTANG\n\nX\n\nDENGAN RAHMAT TUHAN YANG MAHA ESA\n\nPasal 1\n\nY.\n"
    perda = parse_document("PERATURAN DAERAH KABUPATEN CONTOH\nNOMOR 2 TAHUN 2020\n" + tail)
    assert (perda.jenis, perda.region_name) == ("perda", "Kabupaten Contoh")
    pergub = parse_document("PERATURAN GUBERNUR JAWA BARAT NOMOR 5 TAHUN 2019\n" + tail)
    assert (pergub.jenis, pergub.jenis_label, pergub.region_name) == (
        "pergub",
        "Peraturan Gubernur",
        "Provinsi Jawa Barat",
    )
    assert [p.number for p in pergub.body] == ["1"]


CLOSING = (
    "Ditetapkan di Contoh\npada tanggal 2 Januari 2024\n\nBUPATI CONTOH,\n\nttd.\n\nBUDI\n\n"
    "Diundangkan di Contoh\npada tanggal 3 Januari 2024\n\nSEKRETARIS DAERAH KABUPATEN CONTOH,\n\n"
    "ttd.\n\nSITI\n\nBERITA DAERAH KABUPATEN CONTOH TAHUN 2024 NOMOR 1\n\n"
)


def test_run_of_lost_markers_recovered_when_the_sequence_is_certain() -> None:
    body = (
        "Pasal 1\n(1) Fungsi:\na. satu;\nb. dua;\ntiga;\nempat;\ne. lima.\n(2) Tugas:\n"
        "pertama;\nkedua.\n(3) Cukup.\n"
    )
    doc = parse_document(HEAD + body + CLOSING)
    one = ayat(doc, "1", "1")
    assert [(h.number, h.text) for h in kids(one, "huruf")] == [
        ("a", "satu;"),
        ("b", "dua;"),
        ("c", "tiga;"),
        ("d", "empat;"),
        ("e", "lima."),
    ]
    assert all(any("no list marker" in n for n in h.notes) for h in kids(one, "huruf")[2:4])
    # all markers of a list lost: nothing proves huruf or angka, so kept as text and reported
    two = ayat(doc, "1", "2")
    assert two.children == [] and two.text == "Tugas: pertama; kedua."
    assert any("list introduction" in n for n in two.notes)
    assert sum("list introduction" in n for n in doc.notes) == 2
    assert [a.number for a in kids(doc.pasal("1"), "ayat")] == ["1", "2", "3"]


def test_closing_repeated_after_lampiran_and_compared() -> None:
    lampiran = (
        "LAMPIRAN : PERATURAN BUPATI CONTOH\nNOMOR : 1 TAHUN 2024\nTANGGAL : 2 JANUARI 2024\n"
        "TENTANG : SESUATU\n\nDAFTAR UNIT KERJA\n\n1. Sekretariat\n2. Bidang Satu\n\n"
        "BUPATI CONTOH,\n\nttd.\n\nBUDI SANTOSO\n"
    )
    doc = parse_document(HEAD + "Pasal 1\n\nIsi.\n\n" + CLOSING + lampiran)
    assert doc.adoption is not None and doc.promulgation is not None
    assert (doc.adoption.date, doc.adoption.name, doc.adoption.title) == (
        "2024-01-02",
        "BUDI",
        "BUPATI CONTOH",
    )
    assert (doc.promulgation.date, doc.promulgation.name) == ("2024-01-03", "SITI")
    assert doc.gazette == "Berita Daerah Kabupaten Contoh Tahun 2024 Nomor 1"
    assert doc.lampiran is not None
    assert doc.lampiran.heading == "DAFTAR UNIT KERJA"
    assert doc.lampiran.text == "1. Sekretariat 2. Bidang Satu"
    assert not any("missing" in n for n in doc.lampiran.notes)
    assert any("BUDI SANTOSO" in n and "'BUDI'" in n for n in doc.notes)


def test_heading_sequence_notes_and_wali_kota() -> None:
    head = HEAD.replace("PERATURAN BUPATI CONTOH", "PERATURAN WALI KOTA CONTOH RAYA")
    doc = parse_document(head + "BAB I\nSATU\nPasal 1\nIsi.\nBAB III\nTIGA\nPasal 2\nIsi.\n")
    assert (doc.jenis, doc.jenis_label, doc.region_name) == (
        "perwal",
        "Peraturan Wali Kota",
        "Kota Contoh Raya",
    )
    assert [(b.number, b.heading) for b in doc.body] == [("1", "SATU"), ("3", "TIGA")]
    assert any("expected BAB II" in n for n in doc.body[1].notes)
    assert doc.menimbang is not None and doc.menimbang.children[0].text == "bahwa perlu;"
    assert doc.mengingat is None


STRAY = "Teks lepas yang bukan judul dan tidak berada di dalam Pasal mana pun."


def test_ocr_digits_dates_and_stray_text_under_a_heading() -> None:
    closing = CLOSING.replace("2 Januari 2024", "2 Januarl 2024")
    body = (
        "BAB I\nUMUM\n" + STRAY + "\n"
        "Paragraf l\nSatu\nPasal 1\nIsi satu.\nPasal 2\nIsi dua.\nPasal 3\nIsi tiga.\n"
        "Pasal 4\nIsi empat.\nPasal 5\nIsi.\nPasal 6\nIsi.\nPasal 7\nIsi.\nPasal 8\nIsi.\n"
        "Pasal 9\nIsi.\nPasal 1O\nIsi sepuluh.\n"
    )
    doc = parse_document(HEAD + body + closing)
    bab = doc.body[0]
    assert bab.heading == "UMUM"
    # HEAD is 13 lines; line 16 is prose where only a title may stand
    assert doc.unplaced == [(16, STRAY)]
    paragraf = kids(bab, "paragraf")[0]
    assert (paragraf.number, paragraf.heading) == ("1", "Satu")
    assert any("'Paragraf l'" in n for n in paragraf.notes)
    assert doc.pasal("10").text == "Isi sepuluh."
    assert any("'Pasal 1O'" in n for n in doc.pasal("10").notes)
    assert doc.adoption is not None and doc.adoption.date == "2024-01-02"
    assert any("Januarl" in n for n in doc.notes)


# ------------------------------------------- Memperhatikan; Pasal heading and text on one line
# Expected values from reading tests/fixtures/perbup-contoh-2024-3.txt and -4.txt (README there).


def test_memperhatikan_items_are_parsed_like_mengingat(perbup_contoh_doc: Document) -> None:
    doc = perbup_contoh_doc
    assert doc.unplaced == []
    assert doc.memperhatikan is not None
    block = doc.memperhatikan
    assert (block.kind, block.text) == ("memperhatikan", "")
    assert (block.line_start, block.line_end) == (21, 22)
    assert [(a.kind, a.number, a.line_start) for a in block.children] == [
        ("angka", "1", 21),
        ("angka", "2", 22),
    ]
    assert block.children[0].text == (
        "Surat Menteri Dalam Negeri Nomor 061/2911/SJ tanggal 4 Juli 2022 perihal "
        "Penyederhanaan Struktur Organisasi Perangkat Daerah;"
    )
    assert block.children[1].text == (
        "Hasil Rapat Koordinasi Kelembagaan Pemerintah Kabupaten Mekarsari tanggal 12 Januari 2024."
    )
    assert [p.kind for p in doc.parts()][:5] == [
        "judul",
        "menimbang",
        "mengingat",
        "memperhatikan",
        "bab",
    ]
    assert not any("Memperhatikan" in n for n in doc.notes)


def test_preamble_lines_that_look_like_keywords_or_headings_stay_text(
    perbup_contoh_doc: Document,
) -> None:
    menimbang = perbup_contoh_doc.menimbang
    assert menimbang is not None
    a, b = menimbang.children
    # line 14 starts "Pasal 4 Peraturan Daerah ...": a wrapped reference in the preamble
    assert a.text.startswith("bahwa untuk melaksanakan ketentuan Pasal 4 Peraturan Daerah Kab")
    assert (a.line_start, a.line_end) == (13, 14)
    # line 16 starts "memperhatikan hasil ...": the wrapped word, not the block
    assert b.text.startswith("bahwa dengan memperhatikan hasil evaluasi kelembagaan")
    assert (b.line_start, b.line_end) == (15, 16)
    mengingat = perbup_contoh_doc.mengingat
    assert mengingat is not None and [a.number for a in mengingat.children] == ["1", "2"]


def test_pasal_heading_with_its_text_on_one_line(perbup_contoh_doc: Document) -> None:
    doc = perbup_contoh_doc
    pasal = [p for top in doc.body for p in top.iter() if p.kind == "pasal"]
    assert [(p.number, p.line_start) for p in pasal] == [
        ("1", 31),
        ("2", 41),
        ("3", 44),
        ("4", 46),
        ("5", 58),
    ]
    one = doc.pasal("1")
    assert one.text == "Dalam Peraturan Bupati ini yang dimaksud dengan:"
    assert [a.number for a in kids(one, "angka")] == ["1", "2", "3", "4", "5"]
    assert kids(one, "angka")[0].text == "Daerah adalah Kabupaten Mekarsari."
    # "Pasal 2 (1) Dinas ...": heading, then ayat (1) on the same line
    two = doc.pasal("2")
    assert two.text == ""
    assert [(a.number, a.line_start) for a in kids(two, "ayat")] == [("1", 41), ("2", 42)]
    assert ayat(doc, "2", "1").text.startswith("Dinas merupakan unsur pelaksana urusan")
    # "Pasal3 Dinas ...": glued (OCR) and on one line; the mid-line "Pasal 2 ayat (1)" is text
    three = doc.pasal("3")
    assert three.text.startswith("Dinas mempunyai tugas pokok membantu Bupati")
    assert three.text.endswith("sebagaimana dimaksud dalam Pasal 2 ayat (1).")
    assert doc.pasal("5").text == "Peraturan Bupati ini mulai berlaku pada tanggal diundangkan."
    assert doc.pasal("5").parent is doc.body[2]
    for number, line in (("1", 31), ("2", 41), ("3", 44), ("5", 58)):
        assert any(
            f"Line {line} holds the heading 'Pasal {number}'" in n for n in doc.pasal(number).notes
        ), number
    assert any("'Pasal3' (no space)" in n for n in three.notes)


def test_cross_references_at_the_start_of_a_line_are_not_pasal_headings(
    perbup_contoh_doc: Document,
) -> None:
    doc = perbup_contoh_doc
    # line 48 "Pasal 3 Dinas ..." (out of sequence, the sentence goes on), line 52 "Pasal 5
    # Peraturan Daerah ..." (the next number, but the sentence goes on), line 53 "Pasal 4 ayat (1)."
    assert ayat(doc, "4", "1").text == (
        "Dalam melaksanakan tugas pokok sebagaimana dimaksud dalam Pasal 3 Dinas menyelenggarakan "
        "fungsi:"
    )
    assert [h.number for h in kids(ayat(doc, "4", "1"), "huruf")] == ["a", "b"]
    assert ayat(doc, "4", "2").text == (
        "Uraian tugas Dinas ditetapkan sesuai dengan Pasal 5 Peraturan Daerah Kabupaten Mekarsari "
        "Nomor 2 Tahun 2016 dan Pasal 4 ayat (1)."
    )
    assert (ayat(doc, "4", "2").line_start, ayat(doc, "4", "2").line_end) == (51, 53)
    # line 52 is the next Pasal after an unfinished sentence: kept as text, and noted where it went
    assert all_notes(doc.pasal("4")) == (
        "Line 52 starts with 'Pasal 5', the next Pasal in sequence, but continues a sentence that "
        "does not end; read as text. It may be the heading of Pasal 5 with the first line of its "
        "text, the sentence before it having lost its full stop."
    )
    assert ayat(doc, "4", "2").notes == [all_notes(doc.pasal("4"))]
    assert len([p for p in doc.provisions() if p.kind == "pasal" and p.number == "5"]) == 1


def test_empty_memperhatikan_block_is_reported_not_minted(fixtures_dir: Path) -> None:
    path = fixtures_dir / "perbup-contoh-2024-4.txt"
    doc = parse_document(path.read_text(encoding="utf-8"), path.name)
    assert doc.memperhatikan is None
    assert doc.unplaced == [(18, "Memperhatikan :")]
    assert any("'Memperhatikan' block (line 18) lists nothing" in n for n in doc.notes)
    # the blocks around it are unharmed
    assert doc.mengingat is not None and len(doc.mengingat.children) == 2
    assert [p.number for p in doc.body] == ["1", "2"]


PREAMBLE = (
    "PERATURAN BUPATI CONTOH\nNOMOR 1 TAHUN 2024\n\nTENTANG\n\nSESUATU\n\n"
    "DENGAN RAHMAT TUHAN YANG MAHA ESA\n\nMenimbang : a. bahwa perlu;\n\n"
    "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;\n\n"
)
ORDER = "MEMUTUSKAN\n\nMenetapkan : PERATURAN BUPATI TENTANG SESUATU.\n\n"


def test_single_unnumbered_memperhatikan_item_is_the_block_text() -> None:
    text = (
        PREAMBLE + "Memperhatikan : Surat Menteri Dalam Negeri Nomor 061/2911/SJ tanggal 4 Juli "
        "2022 perihal\nPenataan Perangkat Daerah.\n\n" + ORDER + "Pasal 1\n\nIsi.\n"
    )
    doc = parse_document(text, "x.txt")
    assert doc.unplaced == []
    assert doc.memperhatikan is not None and doc.memperhatikan.children == []
    assert doc.memperhatikan.text == (
        "Surat Menteri Dalam Negeri Nomor 061/2911/SJ tanggal 4 Juli 2022 perihal Penataan "
        "Perangkat Daerah."
    )
    assert (doc.memperhatikan.line_start, doc.memperhatikan.line_end) == (14, 15)


def test_lettered_memperhatikan_items_and_a_lost_marker() -> None:
    text = (
        PREAMBLE + "Memperhatikan :\na. Surat Gubernur Contoh Nomor 061/45/Org perihal Penataan;\n"
        "Rekomendasi Sekretaris Daerah tanggal 2 Januari 2024;\n"
        "c. Hasil Rapat Kelembagaan.\n\n" + ORDER + "Pasal 1\n\nIsi.\n"
    )
    doc = parse_document(text, "x.txt")
    assert doc.memperhatikan is not None
    items = doc.memperhatikan.children
    assert [(h.kind, h.number) for h in items] == [("huruf", "a"), ("huruf", "b"), ("huruf", "c")]
    # the same repair as in Mengingat: a run of unmarked lines that fills the gap before "c."
    assert items[1].text == "Rekomendasi Sekretaris Daerah tanggal 2 Januari 2024;"
    assert any("no list marker" in n for n in items[1].notes)


def test_pasal_1_with_its_text_opens_a_body_without_bab() -> None:
    text = PREAMBLE + ORDER + "Pasal 1 Sesuatu berlaku.\nPasal 2 Hal lain berlaku.\n"
    doc = parse_document(text, "x.txt")
    assert doc.unplaced == []
    assert [(p.number, p.text) for p in doc.body] == [
        ("1", "Sesuatu berlaku."),
        ("2", "Hal lain berlaku."),
    ]


def test_out_of_sequence_pasal_with_text_after_a_sentence_stays_text() -> None:
    body = "Pasal 1\nIsi.\nPasal 7 Peraturan Daerah Nomor 2 Tahun 2016 berlaku.\n"
    text = PREAMBLE + ORDER + body
    doc = parse_document(text, "x.txt")
    assert [p.number for p in doc.body] == ["1"]
    assert doc.pasal("1").text == "Isi. Pasal 7 Peraturan Daerah Nomor 2 Tahun 2016 berlaku."


# ------------------------------------------- variants of perbup-contoh-2024-3.txt, line by line
def contoh_variant(fixtures_dir: Path, **lines: str) -> Document:
    """perbup-contoh-2024-3.txt with some lines replaced (l16="..." replaces line 16); the line
    numbers of the fixture stay as they are."""
    text = (fixtures_dir / "perbup-contoh-2024-3.txt").read_text(encoding="utf-8").splitlines()
    for key, line in lines.items():
        text[int(key[1:]) - 1] = line
    return parse_document("\n".join(text) + "\n", "perbup-contoh-2024-3.txt")


def test_lower_case_keyword_after_a_complete_looking_item_end_is_text(fixtures_dir: Path) -> None:
    # huruf b ends ", dan" (an item end to the list rules), then "memperhatikan hasil ..."
    doc = contoh_variant(
        fixtures_dir,
        l15="b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, dan",
        l16="memperhatikan hasil evaluasi kelembagaan perangkat daerah, perlu menetapkan "
        "Peraturan Bupati;",
    )
    assert doc.unplaced == []
    assert doc.menimbang is not None
    b = huruf(doc.menimbang, "b")
    assert b.text == (
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, dan memperhatikan "
        "hasil evaluasi kelembagaan perangkat daerah, perlu menetapkan Peraturan Bupati;"
    )
    assert (b.line_start, b.line_end) == (15, 16)
    # the real block of lines 21-22 is the Memperhatikan
    assert doc.memperhatikan is not None
    assert (doc.memperhatikan.line_start, doc.memperhatikan.line_end) == (21, 22)
    assert [a.number for a in doc.memperhatikan.children] == ["1", "2"]
    assert not any("second" in n for n in doc.notes)


def _menimbang_then(*lines: str) -> Document:
    """A short regulation whose Menimbang has huruf a and b (lines 10-11), then `lines` from 12."""
    text = (
        "PERATURAN BUPATI CONTOH\nNOMOR 1 TAHUN 2024\n\nTENTANG\n\nSESUATU\n\n"
        "DENGAN RAHMAT TUHAN YANG MAHA ESA\n\n"
        "Menimbang : a. bahwa penataan perangkat daerah perlu dilakukan;\n"
        "b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a;\n"
        + "".join(f"{line}\n" for line in lines)
        + "\n"
        + ORDER
        + "Pasal 1\n\nIsi.\n"
    )
    return parse_document(text, "x.txt")


def test_lower_case_mengingat_wrapped_after_an_item_end_is_text() -> None:
    doc = _menimbang_then(
        "mengingat hasil evaluasi, perlu menetapkan Peraturan Bupati;",
        "",
        "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
    )
    assert doc.unplaced == []
    assert doc.menimbang is not None and doc.mengingat is not None
    b = huruf(doc.menimbang, "b")
    assert b.text.endswith("huruf a; mengingat hasil evaluasi, perlu menetapkan Peraturan Bupati;")
    assert (b.line_start, b.line_end) == (11, 12)
    assert doc.mengingat.line_start == 14
    assert [(a.number, a.line_start) for a in doc.mengingat.children] == [("1", 14)]


def test_a_lower_case_keyword_with_its_colon_opens_its_block() -> None:
    """ "mengingat :" (a sloppy lower case, but with the block's colon) is the Mengingat block, not
    text of the last Menimbang item."""
    doc = _menimbang_then(
        "mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;"
    )
    assert doc.unplaced == []
    assert doc.menimbang is not None and doc.mengingat is not None
    assert huruf(doc.menimbang, "b").text.endswith("dalam huruf a;")
    assert doc.mengingat.line_start == 12
    assert [(a.number, a.line_start) for a in doc.mengingat.children] == [("1", 12)]


def test_a_second_block_is_reported_never_put_in_place_of_the_first(fixtures_dir: Path) -> None:
    # A capitalised wrapped word opens a block (the parser cannot tell); the real block of lines
    # 21-22 must then not replace it silently: it is reported, line by line.
    doc = contoh_variant(
        fixtures_dir,
        l16="Memperhatikan hasil evaluasi kelembagaan perangkat daerah, perlu menetapkan "
        "Peraturan Bupati;",
    )
    assert doc.memperhatikan is not None and doc.memperhatikan.line_start == 16
    assert doc.memperhatikan.text == (
        "hasil evaluasi kelembagaan perangkat daerah, perlu menetapkan Peraturan Bupati;"
    )
    assert [n for n, _ in doc.unplaced] == [21, 22]
    assert doc.unplaced[0][1].startswith("Memperhatikan : 1. Surat Menteri Dalam Negeri")
    note = (
        "Line 21 opens a second 'Memperhatikan' block (the first is on line 16); the first is "
        "kept, and line 21 and the lines after it up to the next block are not placed."
    )
    assert note in doc.notes and note in doc.memperhatikan.notes
    assert "Lines not placed in the tree: 21, 22." in doc.notes


def test_a_repeated_mengingat_block_keeps_the_first_and_reports_the_second() -> None:
    text = (
        PREAMBLE
        + "Mengingat : 1. Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah;\n"
        "2. Peraturan Daerah Nomor 2 Tahun 2016 tentang Perangkat Daerah;\n\n"
        "Memperhatikan : Hasil Rapat Kelembagaan.\n\n" + ORDER + "Pasal 1\n\nIsi.\n"
    )
    doc = parse_document(text, "x.txt")
    assert doc.mengingat is not None and doc.mengingat.line_start == 12
    assert [a.text for a in doc.mengingat.children] == [
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;"
    ]
    assert [n for n, _ in doc.unplaced] == [14, 15]
    assert any(
        n.startswith("Line 14 opens a second 'Mengingat' block (the first is on line 12)")
        for n in doc.mengingat.notes
    )
    # the block after it is read as usual
    assert doc.memperhatikan is not None and doc.memperhatikan.text == "Hasil Rapat Kelembagaan."


def test_pasal_with_an_ayat_marker_opens_even_after_an_unfinished_sentence(
    fixtures_dir: Path,
) -> None:
    # line 53 loses its full stop, BAB III (lines 55-56) is gone: "Pasal 5 (1) ..." on line 58
    # still opens Pasal 5, "(1)" being no cross-reference
    doc = contoh_variant(
        fixtures_dir,
        l53="Pasal 4 ayat (1)",
        l55="",
        l56="",
        l58="Pasal 5 (1) Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.",
    )
    five = doc.pasal("5")
    assert (five.line_start, five.text, five.parent) == (58, "", doc.body[1])
    assert [(a.number, a.line_start, a.text) for a in kids(five, "ayat")] == [
        ("1", 58, "Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.")
    ]
    assert five.notes == [
        "Line 58 holds the heading 'Pasal 5' and the first line of its text; read as the heading, "
        "followed by its text (an ayat marker follows the number, so it is no cross-reference, "
        "although the text before it does not end a sentence)."
    ]
    assert ayat(doc, "4", "2").text.endswith("dan Pasal 4 ayat (1)")
    assert ayat(doc, "4", "2").line_end == 53


def test_next_pasal_read_as_text_after_an_unfinished_sentence_is_noted(
    fixtures_dir: Path,
) -> None:
    # line 53 loses its full stop and BAB III (lines 55-56) is gone: line 58 "Pasal 5 Peraturan
    # Bupati ini mulai berlaku ..." cannot be told from a cross-reference, so it stays text of
    # Pasal 4 ayat (2), which says so
    doc = contoh_variant(fixtures_dir, l53="Pasal 4 ayat (1)", l55="", l56="")
    assert [p.number for p in doc.provisions() if p.kind == "pasal"] == ["1", "2", "3", "4"]
    assert doc.unplaced == []
    receiver = ayat(doc, "4", "2")
    assert receiver.text.endswith(
        "dan Pasal 4 ayat (1) Pasal 5 Peraturan Bupati ini mulai berlaku pada tanggal diundangkan."
    )
    assert (receiver.line_start, receiver.line_end) == (51, 58)
    assert (
        "Line 58 starts with 'Pasal 5', the next Pasal in sequence, but continues a sentence that "
        "does not end; read as text. It may be the heading of Pasal 5 with the first line of its "
        "text, the sentence before it having lost its full stop." in receiver.notes
    )
    assert any(n.startswith("Line 52 starts with 'Pasal 5'") for n in receiver.notes)


def test_an_upper_case_huruf_marker_is_read_when_the_sequence_expects_it() -> None:
    """OCR reads "c." as "C." (and the ";" before it as ","): c is next, so it is huruf c."""
    body = "Pasal 1\n(1) Dinas terdiri atas:\na. satu;\nb. dua,\nC. tiga; dan\nd. empat.\n"
    one = ayat(parse_document(HEAD + body, "x.txt"), "1", "1")
    assert [h.number for h in kids(one, "huruf")] == ["a", "b", "c", "d"]
    assert (huruf(one, "b").text, huruf(one, "c").text) == ("dua,", "tiga; dan")
    assert any("reads 'C.'" in n and "huruf c" in n for n in huruf(one, "c").notes)


@pytest.mark.parametrize(
    "body",
    [
        "Pasal 1\n(1) Dinas terdiri atas:\na. satu;\nb. dua;\nD. Ahmad menetapkan.\n",  # c expected
        "Pasal 1\n(1) Dinas dipimpin oleh\nA. Ahmad sebagai kepala.\n",  # no huruf list open
        "Pasal 1\n(1) Dinas terdiri atas:\na. satu;\nb. dua yang ditunjuk oleh\nC. Ahmad.\n",
        "Pasal 1\n(1) Tugas:\n1. satu;\n2. dua;\nC. Ahmad menetapkan.\n",  # an angka list
    ],
)
def test_an_upper_case_letter_stays_text_unless_the_huruf_sequence_expects_it(body: str) -> None:
    one = ayat(parse_document(HEAD + body, "x.txt"), "1", "1")
    assert not [n.number_as_written for n in one.iter() if n.number_as_written[:1].isupper()]
    assert body.splitlines()[-1] in " ".join(n.text for n in one.iter())
