"""A scanned PDF (pages that are images, no text layer) is read by OCR and builds to the graph of
its text, up to OCR damage: the perwal fixture rendered (`pdf_pages`), rasterised at 300 dpi,
built with `sotk-kg build`. Compared with the graph of the typed text through SPARQL: Pasal,
posts, units and reporting lines, by IRI and label. The OCR runs once for the module (ten
pages, about 2 s a page on one core)."""

from __future__ import annotations

from pathlib import Path

import pdf_pages
import pytest
from rdflib import Graph, Literal, URIRef

from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.build import build_files
from sotk_kg.pipeline.terms import SKOS, SOTK
from sotk_kg.sources.pdf import MAX_BLANK_LINES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PERWAL = FIXTURES / "perwal-contoh-2023-7.txt"
BASE = "https://w3id.org/sotk-kg"
WORK = f"{BASE}/eli/id/perwal/kota-sukamaju/2023/7"
SLUG = "perwal-kota-sukamaju-2023-7"
PREFIXES = """
PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
QUESTIONS = {
    "Pasal": "SELECT ?p ?l WHERE { ?p a sotk:Pasal ; rdfs:label ?l }",
    "posts": "SELECT ?p ?l WHERE { ?p a org:Post ; rdfs:label ?l }",
    "units": "SELECT ?u ?l WHERE { ?u a org:OrganizationalUnit ; rdfs:label ?l }",
    "reporting lines": """SELECT ?a ?b WHERE {
        { ?a org:reportsTo ?b } UNION { ?a sotk:reportsToOneOf ?b } }""",
    "provisions": "SELECT ?p WHERE { ?p a eli:LegalResourceSubdivision }",
}


@pytest.fixture(scope="module")
def pages() -> list[list[str]]:
    return pdf_pages.page_lines(PERWAL.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(pages: list[list[str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scan")
    scan = folder / "perwal-contoh-2023-7-scan.pdf"
    scan.write_bytes(pdf_pages.image_pdf(pdf_pages.text_pdf(pages)))
    build_files([scan], folder / "out", BASE)
    return folder / "out"


@pytest.fixture(scope="module")
def scanned(built: Path) -> Graph:
    return Graph().parse(built / f"{SLUG}.ttl")


@pytest.fixture(scope="module")
def typed() -> Graph:
    return build_graph(PERWAL.read_text(encoding="utf-8"), PERWAL.name, BASE).graph


def answers(graph: Graph, question: str) -> set[tuple[str, ...]]:
    return {tuple(map(str, row)) for row in graph.query(PREFIXES + QUESTIONS[question])}  # type: ignore[arg-type]


@pytest.mark.parametrize("question", ["Pasal", "posts", "units", "reporting lines"])
def test_a_scan_builds_to_the_organisation_of_its_text(
    scanned: Graph, typed: Graph, question: str
) -> None:
    expected = answers(typed, question)
    assert expected  # the fixture has them: 23 Pasal (tests/fixtures/README.md)
    assert answers(scanned, question) == expected


def test_the_scan_has_the_fixtures_23_pasal(scanned: Graph) -> None:
    assert {row[0] for row in answers(scanned, "Pasal")} == {
        f"{WORK}/pasal/{n}" for n in range(1, 24)
    }


def test_a_scan_builds_to_the_provisions_of_its_text(scanned: Graph, typed: Graph) -> None:
    assert answers(scanned, "provisions") == answers(typed, "provisions")


def test_every_page_of_a_scan_is_read_by_ocr_and_the_graph_says_so(
    scanned: Graph, pages: list[list[str]]
) -> None:
    note = str(scanned.value(URIRef(f"{WORK}/ind/pdf"), SKOS.editorialNote))
    assert "OCR (Tesseract, Indonesian) on page(s) 1-10 of 10" in note
    assert "text layer" not in note
    for n in (1, 9, 17, 23):
        page = pdf_pages.page_of(pages, f"Pasal {n}")
        assert scanned.value(URIRef(f"{WORK}/pasal/{n}"), SOTK.sourcePage) == Literal(page)


def blank_lines(lines: list[str]) -> list[bool]:
    """Which lines are blank, a run of blank lines cut at `MAX_BLANK_LINES` (OCR sees space, not
    how many empty lines made it), none before the first line or after the last (a scan shows
    no blank line there)."""
    marks: list[bool] = []
    for line in "\n".join(lines).strip("\n").split("\n"):
        blank = not line.strip()
        if not (blank and marks[-MAX_BLANK_LINES:] == [True] * MAX_BLANK_LINES):
            marks.append(blank)
    return marks


def test_ocr_keeps_the_blank_lines_of_each_page(built: Path, pages: list[list[str]]) -> None:
    """Tesseract's own text output puts a blank line between most lines; the lines rebuilt from
    its word boxes are blank where the page's are, and only there."""
    read = (built / f"{SLUG}.txt").read_text(encoding="utf-8").split("\f")[:-1]
    assert len(read) == len(pages)
    for number, (rendered, text) in enumerate(zip(pages, read, strict=True), start=1):
        assert blank_lines(text.split("\n")) == blank_lines(rendered), f"page {number}"
