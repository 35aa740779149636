"""`sotk-kg build FILE.pdf`: a PDF with a text layer builds to the graph of the text it shows,
names the PDF as the source, records the page of every provision and writes the text it read
beside the graph; unusable PDFs are refused with the file (and page) named, nothing written.

The PDFs are made here from tests/fixtures/perwal-contoh-2023-7.txt (`pdf_pages`); expected
pages come from that rendering, the expected graph from building the text itself."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pdf_pages
import pytest
from rdflib import Graph, Literal, URIRef

from sotk_kg.cli import main
from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.build import build_files
from sotk_kg.pipeline.errors import PipelineError
from sotk_kg.pipeline.terms import ELI, PROV, SKOS, SOTK
from sotk_kg.sources.pdf import MIN_LAYER_CHARACTERS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PERWAL = FIXTURES / "perwal-contoh-2023-7.txt"
SEED = Path(__file__).resolve().parents[2] / "data" / "source" / "perbup-bekasi-99-2021.txt"
BASE = "https://w3id.org/sotk-kg"
WORK = f"{BASE}/eli/id/perwal/kota-sukamaju/2023/7"
SLUG = "perwal-kota-sukamaju-2023-7"
# Where a text and a PDF of it may differ: line and page numbers, the file's checksum and
# format, and notes that cite line numbers.
LOCATORS = {SOTK.sourceLine, SOTK.sourceLineEnd, SOTK.sourcePage, SOTK.sourcePageEnd}
FILE_FACTS = {SOTK.sha256, SKOS.editorialNote}


@pytest.fixture(scope="module")
def pages() -> list[list[str]]:
    return pdf_pages.page_lines(PERWAL.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def text_pdf(pages: list[list[str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "perwal-contoh-2023-7.pdf"
    path.write_bytes(pdf_pages.text_pdf(pages))
    return path


@pytest.fixture(scope="module")
def built(text_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    build_files([text_pdf], out, BASE)
    return out


def comparable(graph: Graph) -> set[tuple[object, object, object]]:
    """The graph without locators and file facts, the text's Format named alike, and verbatim
    texts compared by their words (a PDF's lines are wrapped where the typed text's are not)."""
    fmt = {URIRef(f"{WORK}/ind/txt"), URIRef(f"{WORK}/ind/pdf")}
    kept = set()
    for s, p, o in graph:
        if p in LOCATORS or p in FILE_FACTS or s in fmt:
            continue
        if o in fmt:
            o = URIRef("urn:format")
        if p == SOTK.verbatimText:
            o = Literal(" ".join(str(o).split()), lang=o.language)  # type: ignore[union-attr]
        kept.add((s, p, o))
    return kept


def test_a_text_layer_pdf_builds_to_the_graph_of_its_text(built: Path) -> None:
    typed = build_graph(PERWAL.read_text(encoding="utf-8"), PERWAL.name, BASE).graph
    from_pdf = Graph().parse(built / f"{SLUG}.ttl")
    assert len(from_pdf) > 3000
    assert comparable(from_pdf) == comparable(typed)


def test_the_graph_names_the_pdf_as_its_source(text_pdf: Path, built: Path) -> None:
    g = Graph().parse(built / f"{SLUG}.ttl")
    fmt = URIRef(f"{WORK}/ind/pdf")
    assert (URIRef(f"{WORK}/ind"), ELI.is_embodied_by, fmt) in g
    media = URIRef("http://www.iana.org/assignments/media-types/application/pdf")
    assert (fmt, ELI["format"], media) in g
    assert g.value(fmt, SOTK.sha256) == Literal(hashlib.sha256(text_pdf.read_bytes()).hexdigest())
    graph_iri = URIRef(f"{BASE}/graph/perwal/kota-sukamaju/2023/7")
    assert (graph_iri, PROV.hadPrimarySource, fmt) in g
    assert (None, None, URIRef(f"{WORK}/ind/txt")) not in g
    note = str(g.value(fmt, SKOS.editorialNote))
    assert "text layer (pdftotext) on page(s) 1-10 of 10" in note and f"{SLUG}.txt" in note


def test_every_pasal_records_the_page_its_heading_is_on(
    built: Path, pages: list[list[str]]
) -> None:
    assert len(pages) == 10
    g = Graph().parse(built / f"{SLUG}.ttl")
    for n in range(1, 24):
        pasal = URIRef(f"{WORK}/pasal/{n}")
        assert g.value(pasal, SOTK.sourcePage) == Literal(pdf_pages.page_of(pages, f"Pasal {n}"))
    spans = {
        (int(g.value(s, SOTK.sourcePage)), int(end))  # type: ignore[arg-type]
        for s, end in g.subject_objects(SOTK.sourcePageEnd)
    }
    assert all(first <= last for first, last in spans)
    assert any(first < last for first, last in spans)  # a provision over a page break


def test_the_text_read_is_written_beside_the_graph_and_builds_back_to_the_same_pages(
    built: Path, pages: list[list[str]], tmp_path: Path
) -> None:
    extracted = built / f"{SLUG}.txt"
    text = extracted.read_text(encoding="utf-8")
    assert text.count("\f") == len(pages) == 10
    # Its lines are the lines sotk:sourceLine counts: Pasal 3's heading is on the line named.
    g = Graph().parse(built / f"{SLUG}.ttl")
    line = int(g.value(URIRef(f"{WORK}/pasal/3"), SOTK.sourceLine))  # type: ignore[arg-type]
    assert text.replace("\f", "").split("\n")[line - 1].strip() == "Pasal 3"
    rebuilt = build_files([extracted], tmp_path, BASE)[0].graph
    for predicate in (SOTK.sourcePage, SOTK.sourcePageEnd, SOTK.sourceLine):
        assert set(rebuilt.subject_objects(predicate)) == set(g.subject_objects(predicate))


def test_the_command_builds_a_pdf_and_a_folder_of_txt_and_pdf(
    text_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(text_pdf), "--out", str(tmp_path / "one")]) == 0
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == [
        f"{SLUG}.nq",
        f"{SLUG}.report.json",
        f"{SLUG}.ttl",
        f"{SLUG}.txt",
    ]
    folder = tmp_path / "source"
    folder.mkdir()
    shutil.copy(text_pdf, folder)
    shutil.copy(SEED, folder)
    assert main(["build", str(folder), "--out", str(tmp_path / "both")]) == 0
    assert sorted(p.name for p in (tmp_path / "both").iterdir()) == [
        "perbup-kab-bekasi-2021-99.nq",
        "perbup-kab-bekasi-2021-99.report.json",
        "perbup-kab-bekasi-2021-99.ttl",
        f"{SLUG}.nq",
        f"{SLUG}.report.json",
        f"{SLUG}.ttl",
        f"{SLUG}.txt",
    ]
    assert "perwal-contoh-2023-7.pdf: <" in capsys.readouterr().out


def test_a_full_rebuild_removes_the_extracted_text_of_a_regulation_now_built_from_text(
    text_pdf: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build_files([text_pdf], out, BASE)
    build_files([PERWAL], out, BASE, prune=True)
    assert sorted(p.name for p in out.iterdir()) == [
        f"{SLUG}.nq",
        f"{SLUG}.report.json",
        f"{SLUG}.ttl",
    ]


def _refused(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    out = tmp_path / "out"
    assert main(["build", str(path), "--out", str(out)]) == 2
    assert not out.exists()  # nothing written, no folder made
    err = capsys.readouterr().err
    assert str(path) in err and "nothing written" in err
    return err


def test_an_empty_pdf_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert "empty file: not a PDF" in _refused(empty, tmp_path, capsys)


def test_a_text_named_pdf_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    named = tmp_path / "perwal.pdf"
    shutil.copy(PERWAL, named)
    assert "not a PDF (no '%PDF-' header)" in _refused(named, tmp_path, capsys)


def test_a_damaged_pdf_is_refused(
    text_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(text_pdf.read_bytes()[:400])  # cut off: no objects' end, no xref
    assert "cannot be read as a PDF, damaged or not a PDF" in _refused(damaged, tmp_path, capsys)


def test_a_pdf_locked_by_a_password_is_refused(
    pages: list[list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(pdf_pages.encrypted(pdf_pages.text_pdf(pages)))
    assert "encrypted: the PDF needs a password to open" in _refused(locked, tmp_path, capsys)


def test_a_page_needing_ocr_without_tesseract_names_the_page_and_what_to_install(
    pages: list[list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Page 2 shows nothing but a page number: no text layer worth reading, so it needs OCR.
    assert sum(c.isalnum() for c in "- 2 -") < MIN_LAYER_CHARACTERS
    path = tmp_path / "two-pages.pdf"
    path.write_bytes(pdf_pages.text_pdf([pages[0], ["- 2 -"]]))
    poppler_only = tmp_path / "bin"
    poppler_only.mkdir()
    for tool in ("pdfinfo", "pdftotext", "pdftoppm"):
        found = shutil.which(tool)
        assert found is not None, f"{tool} (poppler-utils) is installed by scripts/setup"
        os.symlink(found, poppler_only / tool)
    monkeypatch.setenv("PATH", str(poppler_only))
    with pytest.raises(PipelineError) as refused:
        build_files([path], tmp_path / "out", BASE)
    assert str(refused.value).startswith(f"{path}, page 2: reading a PDF needs `tesseract`")
    assert "tesseract-ocr tesseract-ocr-ind" in str(refused.value)
    assert not (tmp_path / "out").exists()


def test_a_pdf_with_no_text_even_by_ocr_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(pdf_pages.text_pdf([[""], [""]]))  # two empty pages: OCR finds nothing
    assert "no text on any of its 2 pages, also by OCR" in _refused(blank, tmp_path, capsys)
