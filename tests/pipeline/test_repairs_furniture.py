"""The `running-furniture` repair stage: a web address repeated on the pages of a published PDF
(the JDIH sites stamp theirs) is page furniture, not words of the regulation."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS
from repo_paths import REPO_ROOT

from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.build import BuildResult
from sotk_kg.pipeline.repairs import RunningFurniture, source_lines
from sotk_kg.pipeline.segment import segment

SEED = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
BASE = "https://w3id.org/sotk-kg"
FOOTER = "jdih.bekasikab.go.id"
VERBATIM = URIRef("https://w3id.org/sotk-kg/def/sotk#verbatimText")


def test_a_footer_on_every_page_is_blanked_and_noted_on_the_page_s_last_line() -> None:
    text = (
        "a. menyusun rencana kerja Sub Bagian\n- 2 -\njdih.bekasikab.go.id\n"
        "Perencanaan dan Keuangan;\nb. melaksanakan\n- 3 -\nJDIH.bekasikab.go.id\n"
    )  # the same address in another case is the same footer
    lines = RunningFurniture().apply(source_lines(text))
    assert [line.text for line in lines] == [
        "a. menyusun rencana kerja Sub Bagian", "- 2 -", "", "Perencanaan dan Keuangan;",
        "b. melaksanakan", "- 3 -", "",
    ]  # fmt: skip
    assert lines[0].notes == [
        f"Line 3 holds only '{FOOTER}', a header or footer the text's pages repeat (2 times); "
        "not read as text."
    ]
    assert lines[4].notes == [
        "Line 7 holds only 'JDIH.bekasikab.go.id', a header or footer the text's pages repeat "
        "(2 times); not read as text."
    ]
    assert lines[1].notes == lines[5].notes == []  # not on the page numbers, which are dropped


@pytest.mark.parametrize(
    "text",
    [
        # the regulation's own web address, wrapped onto a line of its own: there once
        "diumumkan melalui laman resmi\nwww.bekasikab.go.id\nsecara berkala.\n- 2 -\n",
        # abbreviations and academic titles are no web addresses, however often they repeat
        "Kab.Bekasi\nteks\nKab.Bekasi\n",
        "Dr. H. NAMA, M.Si\nM.Si\nteks\nM.Si\n",
        "s.d.\nteks\ns.d.\n",
    ],
)
def test_no_furniture(text: str) -> None:
    lines = RunningFurniture().apply(source_lines(text))
    assert [line.text for line in lines] == text.splitlines()
    assert all(not line.notes for line in lines)


@pytest.mark.parametrize("page", ["Halaman 3 dari 25", "halaman 3", "Hal. 12", "hlm 3/25", "- 4 -"])
def test_a_page_number_line_in_its_usual_forms_is_a_page_line(page: str) -> None:
    lines = segment(f"a. teks\n{page}\nb. teks\n")
    assert [line.kind for line in lines if line.text] == ["huruf", "page", "huruf"]


def test_the_seed_with_a_footer_on_every_page_reads_as_without() -> None:
    """The published seed with the JDIH footer and a page number every 45 lines: every text and
    label of the graph is the same as the clean text's, and the footer is nowhere in them."""
    clean = SEED.read_text(encoding="utf-8")
    lines, stamped = clean.splitlines(), []
    for number, line in enumerate(lines, start=1):
        stamped.append(line)
        if number % 45 == 0:
            stamped += ["", f"- {number // 45 + 1} -", "", FOOTER, ""]
    built = build_graph("\n".join(stamped), SEED.name, BASE)
    reference = build_graph(clean, SEED.name, BASE)

    def texts(result: BuildResult) -> set[tuple[object, str]]:
        return {
            (s, str(o))
            for p in (VERBATIM, RDFS.label)
            for s, o in result.graph.subject_objects(p)
            if isinstance(o, Literal)
        }

    assert texts(built) == texts(reference)
    assert not any(FOOTER in text for _, text in texts(built))
    assert built.report is not None and reference.report is not None
    assert built.report.units_without_head == reference.report.units_without_head
    # noted on the provision each follows; the annex of the seed is a heading without content
    # (no node to carry a note), so a footer after its heading is removed without one
    annex = next(i for i, line in enumerate(stamped) if line.startswith("LAMPIRAN"))
    in_the_body = sum(1 for line in stamped[:annex] if line == FOOTER)
    assert in_the_body == len(lines) // 45 - 1
    assert built.report.repairs["page header or footer"] == in_the_body
