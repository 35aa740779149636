"""The `glued-pasal-heading`, `lone-punctuation` and `glued-verbs` repair stages on their own
few-line fixtures."""

from __future__ import annotations

import pytest

from sotk_kg.pipeline.repairs import GluedPasalHeading, GluedVerbs, LonePunctuation, source_lines
from sotk_kg.pipeline.segment import segment


def repaired(text: str) -> list[str]:
    return [line.text for line in GluedPasalHeading().apply(source_lines(text))]


def test_title_after_a_bare_heading_goes_up_to_it() -> None:
    lines = GluedPasalHeading().apply(
        source_lines("Bagian Keempat\nSeksi Ketentraman dan Ketertiban Umum Pasal 9\n(1) Seksi")
    )
    assert [line.text for line in lines] == [
        "Bagian Keempat Seksi Ketentraman dan Ketertiban Umum",
        "Pasal 9",
        "(1) Seksi",
    ]
    assert lines[1].notes == [
        "Line 2 holds the heading 'Pasal 9' after the title of the heading on line 1 ('Seksi "
        "Ketentraman dan Ketertiban Umum Pasal 9'); the title read with its heading, then "
        "'Pasal 9'."
    ]
    assert lines[0].notes == lines[1].notes and lines[2].notes == []


def test_pasal_goes_down_onto_the_blank_line_after_it() -> None:
    assert repaired("Bagian Kelima Seksi Pemberdayaan Masyarakat Pasal 11\n\n(1) Seksi") == [
        "Bagian Kelima Seksi Pemberdayaan Masyarakat",
        "Pasal 11",
        "(1) Seksi",
    ]
    assert repaired("Paragraf 2\n\nSub Bagian Umum Pasal 7\n\nSub Bagian Umum mempunyai") == [
        "Paragraf 2",
        "",
        "Sub Bagian Umum",
        "Pasal 7",
        "Sub Bagian Umum mempunyai",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a cross-reference at the end of a wrapped sentence, even after a heading
        "Bagian Kedua\nsebagaimana dimaksud dalam Pasal 9",
        "Bagian Kedua\nTugas sebagaimana dimaksud dalam Pasal 9",
        # a title line ending in a Pasal number, but no heading before it
        "c. Seksi Pelayanan Umum Pasal 9\n\n(1) Seksi",
        # a heading with its title and the Pasal, and text straight after: no line to put it on
        "Bagian Kelima Seksi Pemberdayaan Masyarakat Pasal 11\n(1) Seksi",
        # a heading and its title alone
        "Bagian Kesatu Camat\n\nPasal 2",
        "Bagian Kedua\nSeksi Pemerintahan.\nPasal 9",
    ],
)
def test_no_glued_pasal(text: str) -> None:
    lines = GluedPasalHeading().apply(source_lines(text))
    assert [line.text for line in lines] == text.split("\n")
    assert not any(line.notes for line in lines)


def test_the_parser_reads_the_heading_and_its_title() -> None:
    lines = segment("Bagian Keempat\nSeksi Ketentraman dan Ketertiban Umum Pasal 9\n(1) Seksi X.")
    assert [(ln.kind, ln.value, ln.rest) for ln in lines] == [
        ("bagian", "4", "Seksi Ketentraman dan Ketertiban Umum"),
        ("pasal", "9", ""),
        ("ayat", "1", "Seksi X."),
    ]


# ------------------------------------------------------------------ lone punctuation
def test_a_lone_colon_ends_the_line_before() -> None:
    lines = LonePunctuation().apply(
        source_lines("d. koordinasi kegiatan,meliputi\n:\n1. peningkatan;")
    )
    assert [line.text for line in lines] == [
        "d. koordinasi kegiatan,meliputi :",
        "",
        "1. peningkatan;",
    ]
    assert lines[0].notes == [
        "Line 2 holds only ':', the end of line 1; read at the end of that line."
    ]


@pytest.mark.parametrize("text", ["a. item\n\n:", "a. item;\n;", ":\nb. item", "a. item\n: x"])
def test_no_lone_punctuation(text: str) -> None:
    lines = LonePunctuation().apply(source_lines(text))
    assert [line.text for line in lines] == text.split("\n")
    assert not any(line.notes for line in lines)


# ------------------------------------------------------------------ glued verbs
def test_a_key_verb_glued_to_the_word_before_is_split() -> None:
    (line,) = GluedVerbs().apply(
        source_lines("(2) Seksi Pelayanan umummempunyai uraian tugas sebagai berikut:")
    )
    assert line.text == "(2) Seksi Pelayanan umum mempunyai uraian tugas sebagai berikut:"
    assert line.notes == [
        "Source reads 'umummempunyai' (two words glued, no space between them); read as "
        "'umum mempunyai'."
    ]
    (line,) = GluedVerbs().apply(source_lines("Bidang Umumdipimpin oleh Kepala, Kepalabertanggung"))
    assert line.text == "Bidang Umum dipimpin oleh Kepala, Kepala bertanggung"


@pytest.mark.parametrize(
    "text",
    [
        "Dinas mempunyai tugas",  # the verb alone
        "bertanggungjawab kepada Kepala Dinas",  # the verb written with its object
        "yang dipimpinnya",  # a suffix after the verb: another word
        "Sub Bagian Umum dipimpin oleh Kepala",
    ],
)
def test_no_glued_verb(text: str) -> None:
    (line,) = GluedVerbs().apply(source_lines(text))
    assert (line.text, line.notes) == (text, [])
