"""Line cleaning and classification (sotk_kg.pipeline.segment) and Indonesian dates
(sotk_kg.pipeline.dates)."""

from __future__ import annotations

import pytest

from sotk_kg.citation import int_to_roman
from sotk_kg.pipeline.dates import parse_indonesian_date
from sotk_kg.pipeline.segment import roman_to_int, segment


def one(raw: str):
    (line,) = segment(raw)
    return line


@pytest.mark.parametrize(
    ("raw", "value", "marker", "rest", "noted"),
    [
        ("BAB I KETENTUAN UMUM", "1", "I", "KETENTUAN UMUM", False),
        ("BAB VI", "6", "VI", "", False),
        ("BABIV", "4", "IV", "", True),  # glued
        ("BAB lV", "4", "IV", "", True),  # OCR l for I
        ("BAB IIl", "3", "III", "", True),
        ("**BAB II**", "2", "II", "", False),  # Markdown bold
        ("BAB", "", "", "", False),  # no numeral: inferred later from the sequence
        ("BAB LAIN-LAIN", "", "", "LAIN-LAIN", False),  # a title, not the numeral L
    ],
)
def test_bab_headings(raw: str, value: str, marker: str, rest: str, noted: bool) -> None:
    line = one(raw)
    assert (line.kind, line.value, line.marker, line.rest) == ("bab", value, marker, rest)
    assert bool(line.notes) is noted


def test_words_starting_with_bab_are_text() -> None:
    assert one("BABAK BARU").kind == "text"


@pytest.mark.parametrize(
    ("raw", "value", "alt", "noted"),
    [
        ("Pasal 7", "7", "", False),
        ("Pasal6", "6", "", True),
        ("PasaI 7", "7", "", True),
        ("Pasa1 7", "7", "", True),
        ("Pasal 7 12", "7", "12", False),  # the second number is arbitrated by structure.py
        ("- 12 -Pasal 7", "7", "", True),  # page number glued before the heading
        ("  - Pasal 8", "8", "", False),
    ],
)
def test_pasal_headings(raw: str, value: str, alt: str, noted: bool) -> None:
    line = one(raw)
    assert (line.kind, line.value, line.alt_value) == ("pasal", value, alt)
    assert bool(line.notes) is noted


def test_pasal_reference_in_running_text_is_not_a_heading() -> None:
    assert one("Pasal 4, Dinas mempunyai fungsi:").kind == "text"


@pytest.mark.parametrize(
    ("raw", "value", "text_kind", "text", "heading_noted"),
    [
        # heading and the first line of its text on one line
        ("Pasal 1 Dalam Peraturan Bupati ini yang dimaksud dengan:", "1", "text",
         "Dalam Peraturan Bupati ini yang dimaksud dengan:", False),
        # ... the first line being ayat (1)
        ("Pasal 2 (1) Dinas merupakan unsur pelaksana.", "2", "ayat",
         "Dinas merupakan unsur pelaksana.", False),
        # OCR: the space after "Pasal" lost, or "l" read as "I": the heading keeps the note
        ("Pasal3 Dinas mempunyai tugas pokok.", "3", "text", "Dinas mempunyai tugas pokok.", True),
        ("PasaI 12 Kepala Dinas wajib melapor.", "12", "text", "Kepala Dinas wajib melapor.", True),
        # a page number glued before the heading is the heading's layout note
        ("- 4 -Pasal 9 Sekretariat dipimpin oleh Sekretaris.", "9", "text",
         "Sekretariat dipimpin oleh Sekretaris.", True),
    ],
)  # fmt: skip
def test_pasal_heading_with_its_text_on_one_line_is_split(
    raw: str, value: str, text_kind: str, text: str, heading_noted: bool
) -> None:
    line = one(raw)
    assert line.kind == "text"  # the heading-with-text stage decides from the sequence
    assert line.pasal_split is not None
    head, first = line.pasal_split
    assert (head.kind, head.value, head.rest) == ("pasal", value, "")
    assert (first.kind, first.rest) == (text_kind, text)
    assert bool(head.notes) is heading_noted
    assert first.notes == []


def test_misspelling_in_the_text_after_a_pasal_heading_is_noted_on_the_text() -> None:
    line = one("Pasal 8 Sekretariat kerkedudukan di bawah Kepala Dinas.")
    assert line.pasal_split is not None
    head, first = line.pasal_split
    assert head.notes == []
    assert first.rest == "Sekretariat kerkedudukan di bawah Kepala Dinas."
    assert first.corrected == "Sekretariat berkedudukan di bawah Kepala Dinas."
    assert any("'kerkedudukan'" in n for n in first.notes)


@pytest.mark.parametrize(
    "raw",
    [
        "Pasal 5 ayat (2) dilaksanakan oleh Kepala Dinas.",  # the rest of a cross-reference
        "Pasal 5 Ayat (2) dilaksanakan oleh Kepala Dinas.",
        "Pasal 5 huruf a, Dinas menyelenggarakan fungsi.",
        "Pasal 5 dan Pasal 6 ditetapkan oleh Bupati.",
        "Pasal 5 sampai dengan Pasal 9 berlaku.",
        "Pasal 5 jo. Pasal 6 Peraturan Daerah.",
        "Pasal 5 dilaksanakan oleh Kepala Dinas.",  # lower case: a sentence going on
        "Pasal 5, Dinas mempunyai fungsi:",
        "Pasal I Dalam Peraturan ini",  # no digit: too weak a sign of a heading
        "sebagaimana dimaksud dalam Pasal 5 ayat (2) Dinas",  # mid-line: never a heading
        "Dinas sebagaimana dimaksud dalam Pasal 5 Peraturan Bupati ini",
    ],
)
def test_cross_reference_is_not_a_pasal_heading(raw: str) -> None:
    line = one(raw)
    assert (line.kind, line.pasal_split) == ("text", None)


@pytest.mark.parametrize(
    ("raw", "kind", "value", "marker", "rest"),
    [
        ("- (1) Dinas dipimpin.", "ayat", "1", "(1)", "Dinas dipimpin."),
        ("(l) Dinas dipimpin.", "ayat", "1", "(l)", "Dinas dipimpin."),
        (" - b. penilaian kesehatan;", "huruf", "b", "b.", "penilaian kesehatan;"),
        (" 13. Peraturan Daerah", "angka", "13", "13.", "Peraturan Daerah"),
    ],
)
def test_list_markers(raw: str, kind: str, value: str, marker: str, rest: str) -> None:
    line = one(raw)
    assert (line.kind, line.value, line.marker, line.rest) == (kind, value, marker, rest)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("b.melaksanakan tugas;", "huruf"),
        ("12.Peraturan Daerah", "angka"),
        ("s.d. tanggal", "text"),
        ("1.000 orang", "text"),
        ("a.", "huruf"),
    ],
)
def test_marker_needs_a_separator(raw: str, kind: str) -> None:
    assert one(raw).kind == kind


def test_bullet_is_recorded_and_stripped() -> None:
    line = one("- diubah dengan Peraturan Pemerintah Nomor 72 Tahun 2019")
    assert (line.kind, line.bulleted) == ("text", True)
    assert line.rest.startswith("diubah dengan")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("- 4 -", "page"),
        ("12", "page"),
        ("~ ,. ;' ~~ .", "garbage"),
        ("   ", "blank"),
        ("- Menimbang : a. bahwa", "menimbang"),
        ("Mengingat : 1. Undang-Undang", "mengingat"),
        ("MEMUTUSKAN", "memutuskan"),
        ("M E M U T U S K A N :", "memutuskan"),
        ("Ditetapkan di Cikarang Pusat", "ditetapkan"),
        ("Diundangkan di Cikarang Pusat", "diundangkan"),
        ("Diundangkan dalam Berita Daerah Kabupaten Bekasi", "text"),
        ("Pada tanggal 29 Desember 2021", "tanggal"),
        ("ttd.", "ttd"),
        ("Ttd", "ttd"),
        ("BERITA DAERAH KABUPATEN BEKASI TAHUN 2021 NOMOR 99", "gazette"),
        ("LAMPIRAN : PERATURAN BUPATI BEKASI", "lampiran"),
        ("DENGAN RAHMAT TUHAN YANG MAHA ESA", "rahmat"),
        ("Bagian Ketiga", "bagian"),
        ("Paragraf 8", "paragraf"),
    ],
)
def test_line_kinds(raw: str, kind: str) -> None:
    assert one(raw).kind == kind


@pytest.mark.parametrize(
    ("raw", "kind", "rest"),
    [
        ("Menetapkan : PERATURAN BUPATI TENTANG X.", "menetapkan", "PERATURAN BUPATI TENTANG X."),
        ("MENETAPKAN: PERATURAN WALIKOTA", "menetapkan", "PERATURAN WALIKOTA"),
        ("Menetapkan PERATURAN GUBERNUR TENTANG X.", "menetapkan", "PERATURAN GUBERNUR TENTANG X."),
        ("Menetapkan", "menetapkan", ""),  # the title on the next line
        # a Menimbang item split by a page break just before its verb: running text
        ("menetapkan Peraturan Walikota tentang Kedudukan Dinas X.", "text", ""),
        ("- menetapkan Peraturan Bupati tentang X;", "text", ""),
        ("Menetapkan Peraturan Bupati tentang X.", "text", ""),
    ],
)
def test_menetapkan_is_the_order_only_with_a_colon_or_the_title(
    raw: str, kind: str, rest: str
) -> None:
    line = one(raw)
    assert line.kind == kind
    if kind == "menetapkan":
        assert line.rest == rest


def test_subheading_numbers() -> None:
    assert (one("Bagian Kesatu").value, one("Bagian Kesatu").marker) == ("1", "Kesatu")
    assert one("Bagian Ketiga Fungsi").rest == "Fungsi"
    assert one("Paragraf 12").value == "12"


def test_known_misspelling_is_corrected_in_reading_only() -> None:
    line = one("- (1) Sub Bagian di pimpin oleh Kepala yang kerkedudukan dibawah Sekretaris.")
    assert "kerkedudukan" in line.rest
    assert line.corrected is not None
    assert line.corrected.endswith("Kepala yang berkedudukan dibawah Sekretaris.")
    assert any("kerkedudukan" in n for n in line.notes)


def test_line_numbers_are_one_based() -> None:
    lines = segment("\n\nPasal 1\r\nIsi.")
    assert [(ln.number, ln.kind) for ln in lines] == [
        (1, "blank"),
        (2, "blank"),
        (3, "pasal"),
        (4, "text"),
    ]


def test_roman_numerals() -> None:
    assert [roman_to_int(r) for r in ("I", "IV", "IX", "XIV", "XL")] == [1, 4, 9, 14, 40]
    assert roman_to_int("IIII") is None and roman_to_int("ABC") is None
    assert int_to_roman(5) == "V" and int_to_roman(19) == "XIX"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("pada tanggal 29 Desember 2021", "2021-12-29"),
        ("Tanggal : 30 Desember 2021", "2021-12-30"),
        ("TANGGAL : 29 DESEMBER 2021", "2021-12-29"),
        ("1 Pebruari 2020", "2020-02-01"),
        ("14 Nopember 2019", "2019-11-14"),
        ("31 Februari 2020", None),  # not a calendar date
        ("Nomor 99 Tahun 2021", None),
    ],
)
def test_indonesian_dates(text: str, iso: str | None) -> None:
    assert parse_indonesian_date(text) == iso
