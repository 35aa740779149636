"""The body-line repair stages (sotk_kg.pipeline.repairs.body), each on a few body lines of its
own, read with the stage and, to show the parser places lines strictly, without it. Expected values
are read off the fixture lines: their markers, numbers and sentence ends."""

from __future__ import annotations

import pytest

from sotk_kg.pipeline import structure
from sotk_kg.pipeline.repairs.body import CONTENT_STAGES, HEADING_STAGES
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.tree import Document, Provision

# Seven lines of title block and preamble: the body's first line is line 8.
HEAD = """PERATURAN BUPATI CONTOH
NOMOR 1 TAHUN 2024
TENTANG
DINAS CONTOH
Menimbang : bahwa perlu menetapkan Peraturan Bupati.
MEMUTUSKAN
Menetapkan : PERATURAN BUPATI TENTANG DINAS CONTOH.
"""


def read(body: str) -> Document:
    return parse_document(HEAD + body)


def without(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The parser with every body stage but `name`."""
    for attr, stages in (("CONTENT_STAGES", CONTENT_STAGES), ("HEADING_STAGES", HEADING_STAGES)):
        monkeypatch.setattr(structure, attr, tuple(s for s in stages if s.name != name))


def items(node: Provision) -> list[tuple[str, str, str]]:
    return [(c.kind, c.number, c.number_as_written) for c in node.children]


def test_every_body_stage_has_a_name_of_its_own() -> None:
    names = [s.name for s in (*HEADING_STAGES, *CONTENT_STAGES)]
    assert names == [
        "wrapped-heading",
        "pasal-page-number",
        "heading-with-text",
        "upper-case-huruf",
        "wrapped-marker",
        "glued-list-item",
        "lost-list-markers",
    ]


# ------------------------------------------------------------------ lost list markers
LOST = """Pasal 1
Dinas menyelenggarakan fungsi:
a. perumusan kebijakan;
b. pelaksanaan kebijakan;
pelaksanaan evaluasi dan pelaporan;
d. pelaksanaan administrasi Dinas.
"""


def test_an_item_that_fills_the_gap_is_the_lost_one() -> None:
    pasal = read(LOST).pasal("1")
    assert items(pasal) == [
        ("huruf", "a", "a."),
        ("huruf", "b", "b."),
        ("huruf", "c", ""),  # no marker as written
        ("huruf", "d", "d."),
    ]
    c = pasal.children[2]
    assert (c.text, c.line_start) == ("pelaksanaan evaluasi dan pelaporan;", 12)
    assert c.notes == [
        "Line 12 has no list marker; read as huruf c from the sequence (huruf b before it, "
        "huruf d follows)."
    ]


def test_the_first_item_after_a_list_introduction() -> None:
    body = LOST.replace("a. perumusan kebijakan;", "perumusan kebijakan;")
    (a, *_) = read(body).pasal("1").children
    assert (a.number, a.number_as_written, a.text) == ("a", "", "perumusan kebijakan;")


def test_a_wrapped_line_is_no_lost_item() -> None:
    """b's text goes on over two lines, the first not ending like an item: no gap to fill."""
    body = LOST.replace("pelaksanaan evaluasi dan pelaporan;", "dan evaluasi\nserta pelaporan;")
    pasal = read(body).pasal("1")
    assert [c.number for c in pasal.children] == ["a", "b", "d"]
    assert pasal.children[1].text == "pelaksanaan kebijakan; dan evaluasi serta pelaporan;"


def test_of_two_unmarked_lines_the_one_before_the_gap_is_the_item() -> None:
    """Each unmarked line is read in its turn: "evaluasi;" (c, d would need two items: no), then
    "pelaporan;", which alone fills the gap before d."""
    body = LOST.replace("pelaksanaan evaluasi dan pelaporan;", "evaluasi;\npelaporan;")
    pasal = read(body).pasal("1")
    assert [(c.number, c.text) for c in pasal.children[1:3]] == [
        ("b", "pelaksanaan kebijakan; evaluasi;"),
        ("c", "pelaporan;"),
    ]


def test_without_the_stage_the_unmarked_line_is_text(monkeypatch: pytest.MonkeyPatch) -> None:
    without(monkeypatch, "lost-list-markers")
    pasal = read(LOST).pasal("1")
    assert [c.number for c in pasal.children] == ["a", "b", "d"]
    assert "may be an item whose marker was lost" in pasal.children[1].notes[0]


# ------------------------------------------------------------------ two items on one line
GLUED = """Pasal 1
Uraian tugas, meliputi:
a. melaksanakan pembinaan;
b. melaksanakan pelayanan sesuai ketentuan; c. melaksanakan fasilitasi penilaian;
d. melaksanakan tugas lain.
"""


def test_an_item_glued_to_the_one_before_it_is_split() -> None:
    pasal = read(GLUED).pasal("1")
    assert [(c.number, c.number_as_written, c.line_start, c.text) for c in pasal.children] == [
        ("a", "a.", 10, "melaksanakan pembinaan;"),
        ("b", "b.", 11, "melaksanakan pelayanan sesuai ketentuan;"),
        ("c", "c.", 11, "melaksanakan fasilitasi penilaian;"),
        ("d", "d.", 12, "melaksanakan tugas lain."),
    ]
    assert pasal.children[2].notes == [
        "Line 11 holds huruf b and huruf c ('c.' glued to the item before it); read as two items."
    ]


def test_the_glued_marker_on_a_line_going_on_with_the_item() -> None:
    """b wraps; its second line holds c: b ends there, c goes on over the next line."""
    body = GLUED.replace(
        "sesuai ketentuan; c. melaksanakan fasilitasi penilaian;",
        "sesuai\nketentuan; c. melaksanakan fasilitasi\npenilaian;",
    )
    b, c = read(body).pasal("1").children[1:3]
    assert (b.number, b.line_start, b.line_end, b.text) == (
        "b",
        11,
        12,
        "melaksanakan pelayanan sesuai ketentuan;",
    )
    assert (c.number, c.line_start, c.line_end, c.text) == (
        "c",
        12,
        13,
        "melaksanakan fasilitasi penilaian;",
    )


@pytest.mark.parametrize(
    "line",
    [
        "b. pelayanan sesuai ketentuan; c.",  # no text after "c."
        "b. pelayanan c. sesuai; c. fasilitasi;",  # "c." twice: which one?
        "b. pelayanan sesuai butir-c. ketentuan;",  # no space before "c."
    ],
)
def test_no_split_without_one_skipped_marker_inside(line: str) -> None:
    body = GLUED.replace(
        "b. melaksanakan pelayanan sesuai ketentuan; c. melaksanakan fasilitasi penilaian;", line
    )
    assert [c.number for c in read(body).pasal("1").children] == ["a", "b", "d"]


def test_no_split_when_the_next_marker_skips_none() -> None:
    body = GLUED.replace("d. melaksanakan tugas lain.", "c. melaksanakan tugas lain.")
    pasal = read(body).pasal("1")
    assert [c.number for c in pasal.children] == ["a", "b", "c"]
    assert pasal.children[1].text.endswith("ketentuan; c. melaksanakan fasilitasi penilaian;")


def test_without_the_stage_the_glued_item_stays_in_the_one_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    without(monkeypatch, "glued-list-item")
    pasal = read(GLUED).pasal("1")
    assert [c.number for c in pasal.children] == ["a", "b", "d"]
    assert pasal.children[1].text.endswith("ketentuan; c. melaksanakan fasilitasi penilaian;")


# ------------------------------------------------------------------ upper-case huruf
UPPER = """Pasal 1
Dinas menyelenggarakan fungsi:
a. perumusan kebijakan;
b. pelaksanaan kebijakan:
C. pelaksanaan evaluasi; dan
d. pelaksanaan administrasi Dinas.
"""


def test_an_upper_case_marker_the_list_expects_is_that_huruf() -> None:
    pasal = read(UPPER).pasal("1")
    assert items(pasal)[2] == ("huruf", "c", "C.")
    assert pasal.children[2].text == "pelaksanaan evaluasi; dan"
    assert pasal.children[2].notes == [
        "Source marker reads 'C.' (upper case, an OCR misread); read as huruf c, the next in "
        "sequence."
    ]


@pytest.mark.parametrize(
    "line",
    [
        "E. pelaksanaan evaluasi; dan",  # the list expects c
        "A. Ahmad sebagai ketua; dan",  # a name's initial, no list expects a
    ],
)
def test_an_upper_case_letter_out_of_sequence_is_text(line: str) -> None:
    pasal = read(UPPER.replace("C. pelaksanaan evaluasi; dan", line)).pasal("1")
    assert [c.number for c in pasal.children] == ["a", "b", "d"]
    assert pasal.children[1].text.endswith(line)


def test_without_the_stage_c_upper_case_is_text(monkeypatch: pytest.MonkeyPatch) -> None:
    without(monkeypatch, "upper-case-huruf")
    assert [c.number for c in read(UPPER).pasal("1").children] == ["a", "b", "d"]


# ------------------------------------------------------------------ wrapped references
MARKER = """Pasal 1
(1) Dinas melaksanakan tugas sebagaimana dimaksud pada ayat
(3) dan ayat (4).
(2) Kepala Dinas memimpin Dinas.
"""


def test_a_marker_continuing_a_sentence_out_of_sequence_is_text() -> None:
    pasal = read(MARKER).pasal("1")
    assert [c.number for c in pasal.children] == ["1", "2"]
    assert pasal.children[0].text == (
        "Dinas melaksanakan tugas sebagaimana dimaksud pada ayat (3) dan ayat (4)."
    )
    assert pasal.children[0].notes == [
        "Line 10 starts with '(3)' but continues a sentence and is out of sequence; read as "
        "text, not as a list marker."
    ]


def test_without_the_stage_the_marker_is_an_ayat(monkeypatch: pytest.MonkeyPatch) -> None:
    without(monkeypatch, "wrapped-marker")
    assert [c.number for c in read(MARKER).pasal("1").children] == ["1", "3", "2"]


HEADING = """Pasal 1
Tugas Dinas sebagaimana dimaksud dalam
Pasal 5
dilaksanakan oleh Kepala Dinas.
Pasal 2
Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.
"""


def test_a_pasal_line_continuing_a_sentence_out_of_sequence_is_text() -> None:
    doc = read(HEADING)
    assert [p.number for p in doc.body] == ["1", "2"]
    assert doc.pasal("1").text == (
        "Tugas Dinas sebagaimana dimaksud dalam Pasal 5 dilaksanakan oleh Kepala Dinas."
    )
    assert doc.pasal("1").notes == [
        "Line 10 reads 'Pasal 5' but continues a sentence and is out of sequence (expected "
        "Pasal 2); read as text."
    ]


def test_without_the_stage_the_pasal_line_is_a_heading(monkeypatch: pytest.MonkeyPatch) -> None:
    without(monkeypatch, "wrapped-heading")
    assert [p.number for p in read(HEADING).body] == ["1", "5", "2"]


def test_an_inserted_pasal_after_an_unfinished_sentence_is_a_heading() -> None:
    """A consolidated text's "Pasal 1A" follows Pasal 1 in sequence, as "Pasal 2" would."""
    doc = read("Pasal 1\nDinas dipimpin oleh Kepala Dinas\nPasal 1A\nKepala Dinas bertugas.\n")
    assert [p.number for p in doc.body] == ["1", "1A"]
    assert doc.pasal("1A").notes == []


# ------------------------------------------------------------------ a page number after a Pasal
PAGE = """Pasal 1
Dinas adalah Dinas Contoh.
Pasal 2 7
Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.
"""


@pytest.mark.parametrize(("line", "stray"), [("Pasal 2 7", "7"), ("Pasal 7 2", "7")])
def test_the_number_in_sequence_is_the_pasal_the_other_a_page(line: str, stray: str) -> None:
    doc = read(PAGE.replace("Pasal 2 7", line))
    assert [p.number for p in doc.body] == ["1", "2"]
    assert doc.pasal("2").notes == [
        f"Source heading reads '{line}'; read as Pasal 2 (the next in sequence is 2); {stray} "
        "taken for a page number."
    ]


def test_without_the_stage_the_first_number_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    without(monkeypatch, "pasal-page-number")
    doc = read(PAGE.replace("Pasal 2 7", "Pasal 7 2"))
    assert [p.number for p in doc.body] == ["1", "7"]
    assert doc.pasal("7").notes == ["Pasal 7 is out of sequence: expected Pasal 2."]


# ------------------------------------------------------------------ a heading with its text
WITH_TEXT = """Pasal 1 Dalam Peraturan Bupati ini yang dimaksud dengan:
1. Daerah adalah Kabupaten Contoh.
Pasal 2 (1) Dinas dipimpin oleh seorang Kepala Dinas.
(2) Kepala Dinas bertanggung jawab kepada Bupati.
"""


def test_a_heading_and_its_first_line_of_text_on_one_line() -> None:
    doc = read(WITH_TEXT)
    one, two = doc.body
    assert (one.number, one.text, one.line_start) == (
        "1",
        "Dalam Peraturan Bupati ini yang dimaksud dengan:",
        8,
    )
    assert items(one) == [("angka", "1", "1.")]
    assert (two.number, two.text, [c.number for c in two.children]) == ("2", "", ["1", "2"])
    assert one.notes == [
        "Line 8 holds the heading 'Pasal 1' and the first line of its text; read as the heading, "
        "followed by its text."
    ]


def test_an_inserted_pasal_heading_with_its_text_on_one_line() -> None:
    """A consolidated text: Pasal 2A inserted after Pasal 2, its heading on its text's line."""
    doc = read(WITH_TEXT + "Pasal 2A (1) Sekretariat dipimpin oleh seorang Sekretaris.\n")
    assert [p.number for p in doc.body] == ["1", "2", "2A"]
    inserted = doc.pasal("2A")
    assert [c.text for c in inserted.children] == ["Sekretariat dipimpin oleh seorang Sekretaris."]
    assert "holds the heading 'Pasal 2A' and the first line of its text" in inserted.notes[0]


def test_a_reference_to_the_next_pasal_in_a_sentence_stays_text() -> None:
    body = (
        "Pasal 1 Dalam Peraturan Bupati ini yang dimaksud dengan:\n"
        "1. Daerah sebagaimana dimaksud dalam\n"
        "Pasal 2 Dinas dipimpin oleh seorang Kepala Dinas.\n"
    )
    doc = read(body)
    assert [p.number for p in doc.body] == ["1"]
    (angka,) = doc.pasal("1").children
    assert angka.text.startswith("Daerah sebagaimana dimaksud dalam Pasal 2 Dinas dipimpin")
    assert "the next Pasal in sequence, but continues a sentence" in angka.notes[0]


def test_without_the_stage_the_line_is_text(monkeypatch: pytest.MonkeyPatch) -> None:
    without(monkeypatch, "heading-with-text")
    body = "Pasal 1\nDaerah adalah Kabupaten Contoh.\nPasal 2 Kepala Dinas memimpin Dinas.\n"
    doc = read(body)
    assert [p.number for p in doc.body] == ["1"]
    assert doc.pasal("1").text.endswith("Contoh. Pasal 2 Kepala Dinas memimpin Dinas.")
