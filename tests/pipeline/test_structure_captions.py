"""Lists a web page breaks up: a site's caption before a list that starts again (its Pasal heading
not in the text), and items one a line without markers after a list introduction. Small excerpts
written here, read with their work named; expected trees from reading them."""

from __future__ import annotations

from sotk_kg.iris import work_from_path
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.tree import Document, Provision

WORK = work_from_path("perwal/kota-contoh/2020/1")


def parse(text: str) -> Document:
    return parse_document(text, "excerpt.txt", WORK)


def outline(node: Provision) -> list[tuple[str, str, int]]:
    return [(p.kind, p.number, p.line_start) for p in node.iter()]


def pasal(doc: Document) -> list[Provision]:
    return [p for p in doc.provisions() if p.kind == "pasal"]


# ------------------------------------------------------------------ a caption, then "(1)" again
CAPTION_THEN_AYAT = """Pasal 4

(1) Dinas dipimpin oleh Kepala Dinas.

(2) Kepala Dinas mempunyai fungsi :

a. perumusan kebijakan;

b. Pelaporan

Sekretaris Dinas Lingkungan Hidup

(1) Sekretariat dipimpin oleh seorang Sekretaris.

(2) Sekretaris mempunyai tugas membantu Kepala Dinas."""


def test_a_caption_before_ayat_1_again_starts_a_pasal_without_number() -> None:
    doc = parse(CAPTION_THEN_AYAT)
    first, second = pasal(doc)
    assert outline(first) == [
        ("pasal", "4", 1), ("ayat", "1", 3), ("ayat", "2", 5), ("huruf", "a", 7),
        ("huruf", "b", 9),
    ]  # fmt: skip
    assert first.children[1].children[-1].text == "Pelaporan"  # the caption is not joined to it
    assert outline(second) == [("pasal", "", 13), ("ayat", "1", 13), ("ayat", "2", 15)]
    assert doc.unplaced == [(11, "Sekretaris Dinas Lingkungan Hidup")]
    assert second.notes == [
        "Line 13 starts a Pasal without a number: its list starts again after the caption "
        "'Sekretaris Dinas Lingkungan Hidup' (line 11), the Pasal's heading not being in the "
        "text."
    ]


def test_a_caption_before_a_new_huruf_list() -> None:
    """ "SUSUNAN ORGANISASI" after the last item of a finished huruf list, then "a." again."""
    text = (
        "Pasal 2\n\n(5) Inspektorat menyelenggarakan fungsi :\n\na. perumusan;\n\n"
        "b. pelaksanaan fungsi lain.\n\nSUSUNAN ORGANISASI\n\na. Inspektur;\n\nb. Sekretariat;"
    )
    doc = parse(text)
    first, second = pasal(doc)
    assert [c.number for c in first.children[0].children] == ["a", "b"]
    assert outline(second) == [("pasal", "", 11), ("huruf", "a", 11), ("huruf", "b", 13)]
    assert doc.unplaced == [(9, "SUSUNAN ORGANISASI")]


def test_two_captions_in_a_row() -> None:
    text = CAPTION_THEN_AYAT.replace(
        "Sekretaris Dinas Lingkungan Hidup", "Sekretaris Dinas\n\nTugas Pokok dan Fungsi"
    )
    doc = parse(text)
    assert doc.unplaced == [(11, "Sekretaris Dinas"), (13, "Tugas Pokok dan Fungsi")]
    assert [p.line_start for p in pasal(doc)] == [1, 15]


def test_no_caption_where_the_list_goes_on_or_is_wanted() -> None:
    for text in (
        # the next ayat in sequence: the short line is the end of a wrapped item
        CAPTION_THEN_AYAT.replace("(1) Sekretariat", "(3) Sekretariat"),
        # after a list introduction: the short line is its first item, its marker lost
        CAPTION_THEN_AYAT.replace("b. Pelaporan", "b. Pelaporan, meliputi:"),
        # a sentence, not a caption
        CAPTION_THEN_AYAT.replace("Lingkungan Hidup", "Lingkungan Hidup."),
        # no blank line before it: a wrapped line of the item
        CAPTION_THEN_AYAT.replace("b. Pelaporan\n\n", "b. Pelaporan\n"),
    ):
        doc = parse(text)
        assert len(pasal(doc)) == 1, text
        assert all(n != 11 for n, _ in doc.unplaced)


# ------------------------------------------------------------------ items without markers
UNMARKED = """Pasal 9

(3) Bidang Pengendalian dipimpin oleh Kepala Bidang, membawahi :

Seksi Pencemaran Lingkungan Hidup

Seksi Kerusakan Lingkungan Hidup

Seksi Pemeliharaan Lingkungan Hidup

Bidang Penataan

(1) Bidang Penataan mempunyai tugas."""


def test_items_one_a_line_without_markers_after_a_list_introduction() -> None:
    doc = parse(UNMARKED)
    first, second = pasal(doc)
    ayat = first.children[0]
    assert [(c.kind, c.number, c.number_as_written, c.text) for c in ayat.children] == [
        ("huruf", "a", "", "Seksi Pencemaran Lingkungan Hidup"),
        ("huruf", "b", "", "Seksi Kerusakan Lingkungan Hidup"),
        ("huruf", "c", "", "Seksi Pemeliharaan Lingkungan Hidup"),
    ]
    assert ayat.children[1].notes == [
        "Line 7 has no list marker; read as huruf b, one of the items one a line starting "
        "'Seksi' after the list introduction (line 3)."
    ]
    # the line starting otherwise is the site's caption before the next Pasal's ayat (1)
    assert doc.unplaced == [(11, "Bidang Penataan")]
    assert second.line_start == 13


def test_one_unmarked_line_or_lines_starting_otherwise_are_no_list() -> None:
    for text in (
        UNMARKED.replace("Seksi Kerusakan", "Bidang Kerusakan"),
        UNMARKED.replace("Seksi Pencemaran Lingkungan Hidup", "Seksi Pencemaran dan lain-lain."),
    ):
        ayat = pasal(parse(text))[0].children[0]
        assert not [c for c in ayat.children if c.number == "b"], text


def test_a_sentence_going_on_after_the_unmarked_items_is_joined() -> None:
    text = UNMARKED.replace(
        "Bidang Penataan\n", "yang masing-masing dipimpin oleh Kepala Seksi.\n"
    ).replace("(1) Bidang Penataan mempunyai tugas.", "(4) Bidang Penataan mempunyai tugas.")
    doc = parse(text)
    ayat = pasal(doc)[0].children[0]
    assert ayat.children[2].text == (
        "Seksi Pemeliharaan Lingkungan Hidup yang masing-masing dipimpin oleh Kepala Seksi."
    )
    assert doc.unplaced == []


def test_lines_after_the_unmarked_items_before_a_new_ayat_run() -> None:
    """After the run: a caption and a site's list introduction, then "(1)" again."""
    text = UNMARKED.replace(
        "Bidang Penataan\n", "Kelompok Jabatan Fungsional\n\nUntuk melaksanakan Tugas, Fungsi :\n"
    )
    doc = parse(text)
    first, second = pasal(doc)
    assert [c.text for c in first.children[0].children][-1] == "Seksi Pemeliharaan Lingkungan Hidup"
    assert doc.unplaced == [
        (11, "Kelompok Jabatan Fungsional"),
        (13, "Untuk melaksanakan Tugas, Fungsi :"),
    ]
    assert outline(second) == [("pasal", "", 15), ("ayat", "1", 15)]


def test_a_caption_after_a_finished_sentence_before_a_list() -> None:
    """ "(1) ... Inspektur." then "SUSUNAN ORGANISASI" and "a. ...": a sentence ended by "." has
    no list, so the list is not the ayat's."""
    doc = parse(
        "Pasal 2\n\n(1) Inspektorat dipimpin oleh Inspektur.\n\nSUSUNAN ORGANISASI\n\n"
        "a. Inspektur;\n\nb. Sekretariat;\n"
    )
    first, second = pasal(doc)
    assert outline(first) == [("pasal", "2", 1), ("ayat", "1", 3)]
    assert first.children[0].text == "Inspektorat dipimpin oleh Inspektur."
    assert outline(second) == [("pasal", "", 7), ("huruf", "a", 7), ("huruf", "b", 9)]
    assert doc.unplaced == [(5, "SUSUNAN ORGANISASI")]
