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


HEADER = "PERATURAN BUPATI BEKASI NOMOR 99 TAHUN 2021"  # the title, as a running header
# What a page break leaves in the text, by the page's number: the page number and the furniture.
PAGE_BREAKS = {
    "a JDIH footer": lambda n: ["", f"- {n} -", "", FOOTER, ""],
    "a running title": lambda n: ["", f"- {n} -", HEADER, ""],
    "Halaman x dari y, and both": lambda n: [FOOTER, f"Halaman {n} dari 20", "", HEADER.title()],
    "the footer and the number on one line": lambda n: ["", f"{FOOTER}   - {n} -", ""],
    "the number and the footer on one line": lambda n: ["", f"Halaman {n} dari 20 {FOOTER}"],
}


def texts(result: BuildResult) -> set[tuple[object, str]]:
    return {
        (s, str(o))
        for p in (VERBATIM, RDFS.label)
        for s, o in result.graph.subject_objects(p)
        if isinstance(o, Literal)
    }


@pytest.mark.parametrize("kind", PAGE_BREAKS)
def test_the_seed_with_furniture_on_every_page_reads_as_without(kind: str) -> None:
    """The published seed with a page break every 45 lines: every text and label of the graph is
    the same as the clean text's (the title block too: the header's words are the title's), and
    the furniture is nowhere in them."""
    clean = SEED.read_text(encoding="utf-8")
    lines, stamped = clean.splitlines(), []
    for number, line in enumerate(lines, start=1):
        stamped.append(line)
        if number % 45 == 0:
            stamped += PAGE_BREAKS[kind](number // 45 + 1)
    built = build_graph("\n".join(stamped), SEED.name, BASE)
    reference = build_graph(clean, SEED.name, BASE)
    assert built.graph_iri == reference.graph_iri
    assert texts(built) == texts(reference)
    assert not any(FOOTER in text for _, text in texts(built))
    assert built.report is not None and reference.report is not None
    assert built.report.units_without_head == reference.report.units_without_head
    assert [t for _, t in built.report.unplaced] == [t for _, t in reference.report.unplaced]
    # noted on the provision each follows; the annex of the seed is a heading without content
    # (no node to carry a note), so what follows its heading is removed without one
    annex = next(i for i, line in enumerate(stamped) if line.startswith("LAMPIRAN"))
    furniture = sum(
        1 for line in stamped[:annex] if FOOTER in line or line in (HEADER, HEADER.title())
    )
    assert furniture >= len(lines) // 45 - 1
    assert built.report.repairs["page header or footer"] == furniture


def test_a_duty_s_last_words_at_the_edge_of_two_pages_of_many_stay() -> None:
    """Ten pages; the wrapped words 'pimpinan sesuai bidang tugasnya' end a page twice: text."""
    body = []
    for page in range(1, 11):
        end = "pimpinan sesuai bidang tugasnya" if page in (3, 7) else f"kegiatan ke-{page}"
        body += [f"{chr(96 + page)}. melaksanakan tugas lain yang diberikan oleh", end]
        body += [f"- {page} -", ""]
    lines = RunningFurniture().apply(source_lines("\n".join(body)))
    assert [line.text for line in lines] == "\n".join(body).splitlines()


def test_a_header_on_most_pages_goes_where_it_stands_by_a_page_number() -> None:
    """The title as a running header on three pages of four; the title block keeps its words."""
    body = ["PERATURAN BUPATI TEGAL", "teks satu", "- 2 -", "", "PERATURAN BUPATI TEGAL", "dua"]
    body += ["- 3 -", "PERATURAN BUPATI TEGAL", "tiga", "- 4 -", "PERATURAN BUPATI TEGAL", "empat"]
    lines = RunningFurniture().apply(source_lines("\n".join(body)))
    assert [i for i, line in enumerate(lines) if line.text != body[i]] == [4, 7, 10]
    assert all(not lines[i].text for i in (4, 7, 10)) and lines[0].text == body[0]


GLUED_KINDS = [
    "perbup-contoh-2024-13-kecamatan.txt",
    "perwal-contoh-2022-42-rsud.txt",
    "perbup-contoh-2024-20-sekretariat-dprd.txt",
    "perwal-contoh-2024-12-inspektorat.txt",
]


@pytest.mark.parametrize("name", GLUED_KINDS)
def test_a_page_number_glued_to_a_page_s_first_line_is_no_text(name: str) -> None:
    """'- 2 - (1) Kecamatan dipimpin oleh Camat': the graph's texts are the clean text's."""
    clean = (REPO_ROOT / "tests" / "fixtures" / name).read_text(encoding="utf-8")
    lines = clean.splitlines()
    for n in range(40, len(lines), 40):
        if lines[n].strip():
            lines[n] = f"- {n // 40 + 1} - {lines[n].lstrip()}"
    built = build_graph("\n".join(lines), name, BASE)
    reference = build_graph(clean, name, BASE)
    assert "\n".join(lines) != clean
    assert texts(built) == texts(reference)
    assert built.warnings == reference.warnings
