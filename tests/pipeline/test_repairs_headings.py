"""The repair stage `heading-numbers` on few-line fixtures: OCR letters and a lost space in the
numbers of Pasal, BAB and Paragraf headings are read before the classifier, which reads headings
only as typed."""

from __future__ import annotations

import pytest

from sotk_kg.pipeline.repairs import HeadingNumbers, source_lines
from sotk_kg.pipeline.segment import segment


def run(text: str) -> list[tuple[str, list[str]]]:
    return [(line.text, line.notes) for line in HeadingNumbers().apply(source_lines(text))]


@pytest.mark.parametrize(
    ("raw", "typed", "why"),
    [
        ("Pasa1 5", "Pasal 5", "'Pasa1 5' (OCR misread); read as Pasal 5"),
        ("PasaI 7", "Pasal 7", "'PasaI 7' (OCR misread); read as Pasal 7"),
        ("Pasal l2", "Pasal 12", "'Pasal l2' (OCR misread); read as Pasal 12"),
        ("Pasal ll", "Pasal 11", "'Pasal ll' (OCR misread); read as Pasal 11"),
        ("Pasal6", "Pasal 6", "'Pasal6' (no space); read as Pasal 6"),
        ("PAS4L 2O", "PASAL 20", "'PAS4L 2O' (OCR misread); read as Pasal 20"),
        ("Pasa1 15 9", "Pasal 15 9", "'Pasa1 15' (OCR misread); read as Pasal 15"),
        ("Pasal3 Dinas mempunyai tugas", "Pasal 3 Dinas mempunyai tugas", "'Pasal3' (no space)"),
        ("Pasal ll Dalam Peraturan ini", "Pasal 11 Dalam Peraturan ini", "'Pasal ll' (OCR"),
        ("BAB IIl", "BAB III", "'BAB IIl' (OCR misread); read as BAB III"),
        ("BABIV", "BAB IV", "'BABIV' (no space); read as BAB IV"),
        ("BAB lV KEDUDUKAN", "BAB IV KEDUDUKAN", "'BAB lV' (OCR misread); read as BAB IV"),
        ("Paragraf l1", "Paragraf 11", "'Paragraf l1' (OCR misread); read as Paragraf 11"),
        ("Paragraf 1O", "Paragraf 10", "'Paragraf 1O' (OCR misread); read as Paragraf 10"),
        ("   - Pasa1 8", "- Pasal 8", "'Pasa1 8' (OCR misread)"),
    ],
)
def test_a_damaged_heading_number_is_read(raw: str, typed: str, why: str) -> None:
    ((text, notes),) = run(raw)
    assert text == typed
    assert len(notes) == 1 and notes[0].startswith(f"Source heading reads {why}")


@pytest.mark.parametrize(
    "raw",
    [
        "Pasal 5",
        "BAB IV",
        "Paragraf 2",
        "Pasal I Dalam Peraturan ini",  # a number of letters only, text after it: too weak
        "Pasa1 5 ayat (2) huruf a.",  # a cross-reference's rest, never a heading
        "BAB IlX",  # no Roman numeral even once read: left for the classifier to report
        "BABAK baru",
        "Bab ini mengatur",
        "Paragraf Olahraga",
        "Paragraf IV",
    ],
)
def test_no_damaged_heading(raw: str) -> None:
    assert run(raw) == [(raw, [])]


def test_the_classifier_reads_the_repaired_heading_and_keeps_the_note() -> None:
    lines = segment("BAB IIl\nPasa1 5\nPasal 6 12\nParagraf l")
    assert [(ln.kind, ln.value) for ln in lines] == [
        ("bab", "3"),
        ("pasal", "5"),
        ("pasal", "6"),
        ("paragraf", "1"),
    ]
    assert lines[2].alt_value == "12" and lines[2].notes == []
    assert all(len(ln.notes) == 1 for ln in (lines[0], lines[1], lines[3]))


def test_without_the_stage_a_damaged_heading_is_text() -> None:
    """The classifier is strict: the repair is the stage's doing."""
    from sotk_kg.pipeline.repairs import STAGES, repair
    from sotk_kg.pipeline.segment import classify_lines

    others = tuple(s for s in STAGES if s.name != "heading-numbers")
    lines = classify_lines(repair("Pasa1 5\nBAB IIl", others))
    assert [ln.kind for ln in lines] == ["text", "bab"]
    assert lines[1].value == "" and "not a Roman numeral" in lines[1].notes[0]


AMENDING_HEAD = (
    "PERATURAN BUPATI CONTOH\nNOMOR 9 TAHUN 2024\nTENTANG\nPERUBAHAN ATAS PERATURAN BUPATI\n"
)
ORDINARY_HEAD = "PERATURAN BUPATI CONTOH\nNOMOR 9 TAHUN 2024\nTENTANG\nDINAS CONTOH\n"


@pytest.mark.parametrize(
    ("raw", "amending", "ordinary"),
    [
        ("PasaI I", "Pasal I", "Pasal 1"),
        ("Pasal Il", "Pasal II", "Pasal 11"),
        ("Pasal lI", "Pasal II", "Pasal 11"),
        ("Pasal |", "Pasal I", "Pasal 1"),
    ],
)
def test_an_amending_acts_roman_pasal_is_read_as_roman(
    raw: str, amending: str, ordinary: str
) -> None:
    """An amending act numbers its own Pasal I, II; "Pasal Il" there is Pasal II, elsewhere 11."""
    *_, (text, notes) = run(AMENDING_HEAD + raw)
    assert text == amending
    assert notes == [f"Source heading reads '{raw}' (OCR misread); read as {amending}."]
    *_, (text, _) = run(ORDINARY_HEAD + raw)
    assert text == ordinary


def test_a_typed_roman_pasal_of_an_amending_act_is_left() -> None:
    assert run(AMENDING_HEAD + "Pasal II")[-1] == ("Pasal II", [])


def test_an_amending_title_in_the_considerations_is_no_amending_act() -> None:
    """Only the title block (before "Menimbang") says the text is an amending act."""
    text = ORDINARY_HEAD + "Menimbang : a. bahwa\nperubahan atas Peraturan Bupati perlu;\nPasal Il"
    assert run(text)[-1][0] == "Pasal 11"


@pytest.mark.parametrize(
    ("raw", "typed"),
    [
        ("Pasa1 12A", "Pasal 12A"),
        ("Pasal l2A", "Pasal 12A"),
        ("Pasal12B", "Pasal 12B"),
        ("BAB lVA", "BAB IVA"),
        ("BABVA PENUTUP", "BAB VA PENUTUP"),
    ],
)
def test_an_inserted_numbers_suffix_is_kept(raw: str, typed: str) -> None:
    ((text, _),) = run(raw)
    assert text == typed


@pytest.mark.parametrize("raw", ["Pasal 12A", "BAB VA", "Pasal IV", "Pasal lV"])
def test_no_inserted_suffix_read_into_a_number(raw: str) -> None:
    """ "Pasal IV" is no "Pasal 1" with an inserted "V": a suffix follows digits only."""
    assert run(raw) == [(raw, [])]


def test_the_classifier_reads_inserted_and_roman_pasal_as_typed() -> None:
    lines = segment(AMENDING_HEAD + "Pasal 12A\nBAB VA\n(1a) Teks.\nPasal II")[-4:]
    assert [(ln.kind, ln.marker, ln.value) for ln in lines] == [
        ("pasal", "12A", "12A"),
        ("bab", "VA", "5a"),
        ("ayat", "(1a)", "1a"),
        ("pasal", "II", "2"),
    ]
