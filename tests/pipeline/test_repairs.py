"""Repair stages (sotk_kg.pipeline.repairs): each on its own few-line fixture, then through the
parser, where its note must land on the provision the repaired line ends up in."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from repo_paths import REPO_ROOT

from sotk_kg.pipeline.build import build_graph
from sotk_kg.pipeline.errors import NotARegulationError
from sotk_kg.pipeline.markup import source_checksum
from sotk_kg.pipeline.repairs import (
    STAGES,
    BrokenWords,
    GluedPageNumbers,
    SourceLine,
    SplitTitleNumber,
    Stage,
    TitleNumberDigits,
    repair,
    source_lines,
)
from sotk_kg.pipeline.segment import segment
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.terms import SKOS, SOTK

PERWAL = REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt"
BASE = "https://w3id.org/sotk-kg"


def run(stage: Stage, text: str) -> list[SourceLine]:
    return stage.apply(source_lines(text))


def texts(lines: list[SourceLine]) -> list[str]:
    return [line.text for line in lines]


# ------------------------------------------------------------------ glued page numbers
def test_glued_page_number_is_removed_before_a_heading() -> None:
    lines = run(GluedPageNumbers(), "- 3 - BAB II\n12 Pasal 7\n**- 4 -Bagian Kesatu**")
    assert texts(lines) == ["BAB II", "Pasal 7", "Bagian Kesatu"]
    assert lines[0].notes == ["Page number 3 glued before the heading ('- 3 - BAB II'); removed."]
    assert [len(line.notes) for line in lines] == [1, 1, 1]


def test_a_dashed_page_number_is_removed_before_any_text() -> None:
    """'- 4 -' starts no text of a regulation: before an ayat, a list item or a sentence it is
    the page's number (tests/pipeline: every fixture reads the same with one at each page)."""
    lines = run(GluedPageNumbers(), "- 4 - (1) Camat mempunyai\n-12- a. Kepala Dinas;\n- 5 - - b.")
    assert texts(lines) == ["(1) Camat mempunyai", "a. Kepala Dinas;", "- b."]
    assert lines[0].notes == [
        "Page number 4 glued before the text ('- 4 - (1) Camat mempunyai'); removed."
    ]


def test_page_number_alone_or_before_running_text_is_left() -> None:
    text = "- 3 -\n12 orang pegawai\n3 Pasalnya\n2 BABAK"
    lines = run(GluedPageNumbers(), text)
    assert texts(lines) == text.split("\n")
    assert not any(line.notes for line in lines)


# ------------------------------------------------------------------ split title lines
def test_split_title_number_is_joined_on_its_first_line() -> None:
    lines = run(SplitTitleNumber(), "PERATURAN WALI KOTA X\nNOMOR l3\n\nTAHUN 2023\nTENTANG")
    assert texts(lines) == ["PERATURAN WALI KOTA X", "NOMOR l3 TAHUN 2023", "", "", "TENTANG"]
    assert lines[1].notes == [
        "Lines 2-4: the title's 'NOMOR l3' and 'TAHUN 2023' stand on two lines; read as one."
    ]


def test_split_title_number_after_the_heading_on_its_line() -> None:
    lines = run(SplitTitleNumber(), "PERATURAN WALI KOTA X NOMOR 13\nTAHUN 2023\nTENTANG")
    assert texts(lines) == ["PERATURAN WALI KOTA X NOMOR 13 TAHUN 2023", "", "TENTANG"]
    assert lines[0].notes == [
        "Lines 1-2: the title's 'NOMOR 13' and 'TAHUN 2023' stand on two lines; read as one."
    ]


def test_nomor_without_tahun_after_it_is_left() -> None:
    for text in (
        "NOMOR 13\nTENTANG\nTAHUN 2023",
        "NOMOR 13\nTAHUN 2023 TENTANG",
        "Peraturan Daerah Nomor 13\nTAHUN 2023",  # a citation's "Nomor" in running text
    ):
        assert texts(run(SplitTitleNumber(), text)) == text.split("\n")


# ------------------------------------------------------------------ OCR digits in the number
@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("NOMOR l3 TAHUN 2023", "NOMOR 13 TAHUN 2023"),
        ("NOMOR: 1O TAHUN 2O23", "NOMOR: 10 TAHUN 2023"),
        ("BERITA DAERAH KOTA X TAHUN 2023 NOMOR l", "BERITA DAERAH KOTA X TAHUN 2023 NOMOR 1"),
    ],
)
def test_ocr_letters_in_the_title_number_are_read_as_digits(line: str, read: str) -> None:
    (repaired,) = run(TitleNumberDigits(), line)
    assert repaired.text == read
    assert repaired.notes and all("(OCR misread)" in note for note in repaired.notes)


@pytest.mark.parametrize(
    "line",
    [
        "NOMOR IV TAHUN 2023",  # letters only: no misread digit
        "Nomor l3 Tahun 2023",  # running text (a citation), not the title block's capitals
        "NOMOR 13 TAHUN 2023",
        "NOMOR 188.45/l3 TAHUN 2023",  # a number with a prefix is not guessed at
    ],
)
def test_numbers_that_are_no_ocr_misread_are_left(line: str) -> None:
    (repaired,) = run(TitleNumberDigits(), line)
    assert (repaired.text, repaired.notes) == (line, [])


# ------------------------------------------------------------------ words broken over lines
def test_broken_word_is_joined_on_the_first_line() -> None:
    lines = run(BrokenWords(), "urusan Pemerin-\ntahan Daerah; dan\nb. lain")
    assert texts(lines) == ["urusan", "Pemerintahan Daerah; dan", "b. lain"]
    assert lines[0].notes == []
    assert lines[1].notes == [
        "Lines 1-2: the word 'Pemerintahan' is broken over two lines ('Pemerin-' / 'tahan'); "
        "joined."
    ]


def test_broken_word_goes_to_the_line_its_end_is_on() -> None:
    lines = run(BrokenWords(), "a. ketertiban dan ketente-\nraman;\nb. lain")
    assert texts(lines) == ["a. ketertiban dan", "ketenteraman;", "b. lain"]


@pytest.mark.parametrize(
    "text",
    [
        "Peraturan Perundang-\nundangan",  # reduplication: the hyphen belongs to the word
        "masing-\nmasing",
        "Sub Bagian Umum -\nKepegawaian",  # the next line starts with a capital
        "Pemerin-\n\ntahan",  # not the next line
    ],
)
def test_no_broken_word(text: str) -> None:
    lines = run(BrokenWords(), text)
    assert texts(lines) == text.split("\n")
    assert not any(line.notes for line in lines)


# ------------------------------------------------------------------ the stages together
def test_stages_keep_one_line_per_source_line() -> None:
    text = "PERATURAN WALI KOTA X\nNOMOR l3\nTAHUN 2O23\n- 2 - Pasal 1\nPemerin-\ntahan"
    lines = repair(text)
    assert [line.number for line in lines] == [1, 2, 3, 4, 5, 6]
    assert [line.raw for line in lines] == text.split("\n")
    assert texts(lines) == [
        "PERATURAN WALI KOTA X",
        "NOMOR 13 TAHUN 2023",
        "",
        "Pasal 1",
        "",
        "Pemerintahan",
    ]
    assert [stage.name for stage in STAGES] == [
        "running-furniture",
        "glued-page-numbers",
        "glued-pasal-heading",
        "heading-numbers",
        "split-title-number",
        "title-number-digits",
        "broken-words",
        "lone-punctuation",
        "glued-verbs",
    ]


# ------------------------------------------------------------------ OCR in headings (classifier)
@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [("Pasal l2", "pasal", "12"), ("Pasa1 5", "pasal", "5"), ("BAB IIl", "bab", "3")],
)
def test_ocr_letters_in_heading_numbers(raw: str, kind: str, value: str) -> None:
    (line,) = segment(raw)
    assert (line.kind, line.value) == (kind, value)
    assert any("OCR misread" in note for note in line.notes)


# ------------------------------------------------------------------ through the parser
SCANNED_TITLE = """PERATURAN WALI KOTA TANJUNG MEKAR
NOMOR l3
TAHUN 2023
TENTANG
SATUAN POLISI PAMONG PRAJA
Menimbang : bahwa perlu.
Pasal 1
Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.
"""


def test_a_scanned_title_block_is_read_and_its_repairs_noted_on_it() -> None:
    """Before the stages: "expected 'NOMOR <n> TAHUN <yyyy>' after the regulation heading"."""
    doc = parse_document(SCANNED_TITLE)
    assert (doc.jenis, doc.region_name, doc.number, doc.year) == (
        "perwal",
        "Kota Tanjung Mekar",
        "13",
        "2023",
    )
    assert doc.judul is not None
    assert doc.judul.text.split("\n")[1] == "NOMOR 13 TAHUN 2023"
    assert doc.judul.notes == [
        "Lines 2-3: the title's 'NOMOR l3' and 'TAHUN 2023' stand on two lines; read as one.",
        "Source reads 'NOMOR l3' (OCR misread); read as NOMOR 13.",
    ]


def test_without_the_stages_the_scanned_title_is_refused() -> None:
    """The repair is the stages' doing: the same text without them stops at its title."""
    with pytest.raises(NotARegulationError, match="expected 'NOMOR <n> TAHUN <yyyy>'"):
        parse_document(SCANNED_TITLE.replace("NOMOR l3\nTAHUN", "NOMOR l3\nTAHUNAN"))


def test_a_broken_word_is_joined_in_the_provision_and_noted_on_it() -> None:
    doc = parse_document(
        SCANNED_TITLE.replace(
            "mulai berlaku pada tanggal diundangkan.", "mulai berlaku pada tanggal diun-\ndangkan."
        )
    )
    pasal = doc.pasal("1")
    assert pasal.text == "Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan."
    assert (pasal.line_start, pasal.line_end) == (7, 9)  # the source lines the text is on
    assert pasal.notes == [
        "Lines 8-9: the word 'diundangkan' is broken over two lines ('diun-' / 'dangkan'); joined."
    ]


def test_a_split_title_changes_the_graph_by_its_notes_only() -> None:
    """The perwal fixture with its title's number on two lines as a scan reads it (line 29
    "NOMOR 7", line 30 "TAHUN 2O23" where a blank line was): the same graph but for the two
    notes on the title block and the source's checksum."""
    text = PERWAL.read_text(encoding="utf-8")
    assert text.count("\nNOMOR 7 TAHUN 2023\n\nTENTANG\n") == 1
    scanned = text.replace("\nNOMOR 7 TAHUN 2023\n\nTENTANG\n", "\nNOMOR 7\nTAHUN 2O23\nTENTANG\n")
    clean = set(build_graph(text, "x.txt", BASE).graph)
    repaired = set(build_graph(scanned, "x.txt", BASE).graph)
    judul = URIRef(f"{BASE}/eli/id/perwal/kota-sukamaju/2023/7/judul")
    notes = {
        (judul, SKOS.editorialNote, Literal(note, lang="en"))
        for note in (
            "Lines 29-30: the title's 'NOMOR 7' and 'TAHUN 2O23' stand on two lines; read as one.",
            "Source reads 'TAHUN 2O23' (OCR misread); read as TAHUN 2023.",
        )
    }
    assert notes <= repaired
    (old_sum,) = clean - repaired
    (new_sum,) = repaired - clean - notes
    assert old_sum[:2] == new_sum[:2] and old_sum[1] == SOTK.sha256
    assert str(new_sum[2]) == source_checksum(scanned)
