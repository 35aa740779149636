"""One provision label for the graph, the parser's notes and the reports (sotk_kg.citation), with
the words of the jenis-subdivisi scheme's sotk:citationLabel."""

from __future__ import annotations

import pytest

from sotk_kg.citation import Step, provision_label, steps_of_path
from sotk_kg.lexicon import LexiconError


def test_a_nested_provision_is_named_from_its_pasal() -> None:
    steps = [Step("bab", "2", "II"), Step("pasal", "7"), Step("ayat", "1"), Step("huruf", "a")]
    steps.append(Step("angka", "2"))
    assert provision_label(steps, "id") == "Pasal 7 ayat (1) huruf a angka 2"
    assert provision_label(steps, "en") == "Article 7 paragraph (1) point a item 2"


def test_chapters_and_parts_keep_their_written_numbers_in_indonesian() -> None:
    steps = [Step("bab", "2", "II"), Step("bagian", "1", "Kesatu"), Step("paragraf", "3")]
    assert provision_label(steps, "id") == "BAB II Bagian Kesatu Paragraf 3"
    assert provision_label(steps, "en") == "Chapter 2 Part 1 Section 3"


def test_paths_as_iris_write_them() -> None:
    assert steps_of_path("menimbang/huruf/b") == [Step("menimbang"), Step("huruf", "b")]
    assert provision_label(steps_of_path("menimbang/huruf/b"), "en") == "Considerations point b"
    assert provision_label(steps_of_path("pasal/1/angka/10"), "id") == "Pasal 1 angka 10"
    assert provision_label(steps_of_path(""), "id") == ""


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(LexiconError, match="'uraian' in scheme 'jenis-subdivisi'"):
        provision_label([Step("uraian", "1")], "en")


@pytest.mark.parametrize("written", ["", "5", "V", "lV"])
def test_a_chapter_is_named_in_roman_figures_whatever_the_text_wrote(written: str) -> None:
    # the seed's TATA KERJA chapter is headed "BAB" with no numeral (line 749), between BAB IV
    # and BAB VI: its label reads like theirs; what was written stays in sotk:numberAsWritten
    assert provision_label([Step("bab", "5", written)], "id") == "BAB V"
    assert provision_label([Step("bab", "5", written)], "en") == "Chapter 5"
