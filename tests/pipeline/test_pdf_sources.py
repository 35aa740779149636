"""`sotk_kg.sources`: pages kept as form feeds, the page of each line, the characters a PDF's
text layer gives that a typed text does not, and OCR lines rebuilt from Tesseract's word boxes.
Expected values are read off the small inputs written here."""

from __future__ import annotations

from sotk_kg.sources import APPLICATION_PDF, TEXT_PLAIN, from_pages, from_text, normalise
from sotk_kg.sources.pdf import _lines_from_tsv


def test_a_text_with_form_feeds_keeps_its_pages_without_moving_a_line() -> None:
    raw = "Pasal 1\nisi\n\fPasal 2\n\n\f\fPasal 3\n\f"  # pdftotext's way: every page ended
    source = from_text(raw, raw.encode())
    assert source.text == "Pasal 1\nisi\nPasal 2\n\nPasal 3\n"
    assert source.media_type == TEXT_PLAIN and source.page_count == 4
    assert [source.page(n) for n in range(1, 6)] == [1, 1, 2, 2, 4]  # page 3 is empty
    assert source.page(6) is None
    assert source.with_form_feeds() == raw


def test_a_text_without_form_feeds_has_no_pages() -> None:
    source = from_text("Pasal 1\n", b"Pasal 1\n")
    assert (source.line_pages, source.page(1), source.with_form_feeds()) == ((), None, "Pasal 1\n")


def test_pages_each_end_their_last_line() -> None:
    source = from_pages(["Pasal 1\nisi", "", "Pasal 2\n"], b"%PDF-", APPLICATION_PDF, (2,))
    assert source.text == "Pasal 1\nisi\nPasal 2\n"
    assert source.line_pages == (1, 1, 3)
    assert source.with_form_feeds() == "Pasal 1\nisi\n\f\fPasal 2\n\f"
    assert source.ocr_pages == (2,)


def test_normalise_undoes_ligatures_invisible_characters_and_odd_line_breaks() -> None:
    assert normalise("Bidang \ufb01nansial\u00ad  \nKe\u200bpala\u00a0Dinas\u2028x\r\n") == (
        "Bidang finansial\nKepala Dinas\nx\n"
    )
    assert normalise("Pasal 1;\x07 (1)") == "Pasal 1; (1)"  # a control dropped, punctuation kept


def _tsv(*words: tuple[int, int, int, str]) -> str:
    """Tesseract TSV rows of words: (line number, left, top, text), 40 px high."""
    header = "\t".join(
        [
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        ]
    )
    rows = [
        f"5\t1\t1\t1\t{line}\t1\t{left}\t{top}\t50\t40\t95\t{text}"
        for line, left, top, text in words
    ]
    return "\n".join([header, *rows])


def test_ocr_lines_keep_reading_order_and_the_pages_blank_lines() -> None:
    tsv = _tsv(
        (1, 300, 100, "Pasal"),
        (1, 400, 101, "3"),
        (2, 100, 167, "(1)"),
        (2, 200, 166, "Dinas"),
        (3, 100, 233, "merupakan"),
        (4, 100, 366, "(2)"),  # two pitches down: one blank line
        (5, 100, 899, "Pasal"),  # far below: at most two blank lines
    )
    assert _lines_from_tsv(tsv) == "Pasal 3\n(1) Dinas\nmerupakan\n\n(2)\n\n\nPasal\n"
    assert _lines_from_tsv(_tsv()) == ""
