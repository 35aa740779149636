"""The reviewable markup (sotk_kg.pipeline.markup): exact round trips, a strict reader whose errors
name the line, `sotk-kg markup`, and a reviewed markup beside its source used by the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from repo_paths import REPO_ROOT

from sotk_kg.cli import main
from sotk_kg.pipeline.build import build_files, build_graph
from sotk_kg.pipeline.markup import (
    MAGIC,
    MarkupError,
    markup_path,
    parse,
    source_checksum,
    unparse,
)
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.terms import ELI, ORG, RDF, SKOS, SOTK

FIXTURES = REPO_ROOT / "tests" / "fixtures"
SEED = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
PERWAL = FIXTURES / "perwal-contoh-2023-7.txt"
BASE = "https://w3id.org/sotk-kg"
# Every regulation text the tests hold (not-a-regulation.txt is none).
TEXTS = [SEED, *sorted(p for p in FIXTURES.glob("*.txt") if p.name != "not-a-regulation.txt")]


def markup_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return unparse(parse_document(text, path.name), path.name, text)


# ------------------------------------------------------------------ round trips
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_markup_tree_markup_is_exact(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    markup = markup_of(path)
    doc, checksum = parse(markup)
    assert checksum == source_checksum(text)
    assert unparse(doc, path.name, text) == markup


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_tree_markup_tree_is_equal(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = parse_document(text, path.name)
    again, _ = parse(unparse(doc, path.name, text))
    assert again == doc
    # parents are not compared by ==: they must point up the tree all the same
    for top in again.parts():
        for node in top.iter():
            assert all(child.parent is node for child in node.children)


def test_the_markup_holds_what_a_reviewer_checks() -> None:
    markup = markup_of(FIXTURES / "perwal-contoh-2023-7-ocr.txt")
    lines = markup.split("\n")
    assert lines[:4] == [
        MAGIC,
        "SOURCE perwal-contoh-2023-7-ocr.txt",
        f"SHA256 {source_checksum((FIXTURES / 'perwal-contoh-2023-7-ocr.txt').read_text())}",
        "JENIS perwal",
    ]
    for expected in (
        "REGION Kota Sukamaju",
        "NOMOR 7",
        "TAHUN 2023",
        "ADOPTION L294",  # "Ditetapkan di Sukamaju" is line 294 of the source
        "  PLACE Sukamaju",
        "  DATE 2023-03-14",
        'BAB 3 "III" L82-103',  # "BAB IIl" to the last huruf of Pasal 4
        "        NOTE Source heading reads 'PasaI 7' (OCR misread); read as Pasal 7.",
    ):
        assert expected in lines, expected


# ------------------------------------------------------------------ the strict reader
GOOD = """SOTK-MARKUP 1
SOURCE x.txt
SHA256 {sha}
JENIS perbup
JENIS-LABEL Peraturan Bupati
REGION Kabupaten Contoh
NOMOR 1
TAHUN 2024
TITLE CONTOH

PASAL 1 "1" L5-7
  | Dalam Peraturan Bupati ini yang dimaksud dengan:
  ANGKA 1 "1." L6
    | Daerah adalah Kabupaten Contoh.
""".replace("{sha}", "a" * 64)


def test_a_small_markup_reads_into_the_tree_it_says() -> None:
    doc, checksum = parse(GOOD)
    assert checksum == "a" * 64
    (pasal,) = doc.body
    assert (pasal.kind, pasal.number, pasal.number_as_written) == ("pasal", "1", "1")
    assert (pasal.line_start, pasal.line_end) == (5, 7)
    assert pasal.text == "Dalam Peraturan Bupati ini yang dimaksud dengan:"
    (angka,) = pasal.children
    assert (angka.kind, angka.number, angka.text, angka.parent) == (
        "angka",
        "1",
        "Daerah adalah Kabupaten Contoh.",
        pasal,
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        ("SOTK-MARKUP 1", "SOTK MARKUP", 1, "expected 'SOTK-MARKUP 1' on the first line"),
        ("REGION Kabupaten Contoh\n", "", 6, "expected 'REGION <value>'; found 'NOMOR 1'"),
        ("SHA256 " + "a" * 64, "SHA256 abc", 3, "a SHA-256 checksum of 64 hex digits"),
        ('  ANGKA 1 "1." L6', '   ANGKA 1 "1." L6', 13, "indentation of a multiple of two spaces"),
        ('  ANGKA 1 "1." L6', '    ANGKA 1 "1." L6', 13, "at most 2 spaces of indentation"),
        ('  ANGKA 1 "1." L6', '  BAB 1 "I" L6', 13, None),  # a BAB holds Pasal, not vice versa
        ('PASAL 1 "1" L5-7', 'PASAL 1 "1"', 11, "a provision at the top"),
        ('PASAL 1 "1" L5-7', 'HURUF a "a." L5-7', 11, "a provision at the top"),
        ("  | Dalam", "  |Dalam", 12, "'| <text>' (a space after the bar)"),
        ("TITLE CONTOH\n", "TITLE CONTOH\nTITEL X\n", 10, "a provision at the top"),
    ],
)
def test_errors_name_the_line_and_what_was_expected(
    old: str, new: str, line: int, expected: str | None
) -> None:
    assert old in GOOD
    with pytest.raises(MarkupError) as caught:
        parse(GOOD.replace(old, new), "x.markup")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"x.markup, line {line}: expected ")
    if expected is not None:
        assert expected in caught.value.message
    else:
        assert "a provision in PASAL" in caught.value.message


def test_crlf_line_ends_read_as_lf() -> None:
    assert parse(GOOD.replace("\n", "\r\n")) == parse(GOOD)


def test_parts_out_of_order_are_refused() -> None:
    markup = GOOD + "MENIMBANG L2\n  | bahwa perlu.\n"
    with pytest.raises(MarkupError, match="the parts in the order") as caught:
        parse(markup)
    assert caught.value.line == 15


# ------------------------------------------------------------------ hand edits change the graph
def graph_of(path: Path, markup: str):
    doc, _ = parse(markup)
    return build_graph(path.read_text(encoding="utf-8"), str(path), BASE, reviewed=doc).graph


@pytest.fixture(scope="module")
def perwal_markup() -> str:
    return markup_of(PERWAL)


@pytest.fixture(scope="module")
def perwal_graph(perwal_markup: str):
    return graph_of(PERWAL, perwal_markup)


# Every text that builds today (the Satuan Polisi Pamong Praja fixture waits for organisation.py)
BUILDING = [t for t in TEXTS if t.name != "perwali-contoh-2023-13-ocr.txt"]


@pytest.mark.parametrize("path", BUILDING, ids=lambda p: p.name)
def test_an_unedited_markup_builds_the_parsers_graph(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    from_markup = graph_of(path, markup_of(path))
    assert set(from_markup) == set(build_graph(text, str(path), BASE).graph)


WORK = f"{BASE}/eli/id/perwal/kota-sukamaju/2023/7"


def test_a_fixed_pasal_number_renames_that_pasal_and_nothing_else(
    perwal_markup: str, perwal_graph
) -> None:
    edited = perwal_markup.replace('PASAL 23 "23" ', 'PASAL 24 "24" ')
    assert edited.count('PASAL 24 "24" ') == 1
    g = graph_of(PERWAL, edited)

    def renamed(term):
        if isinstance(term, URIRef):
            return URIRef(str(term).replace(f"{WORK}/pasal/23", f"{WORK}/pasal/24"))
        if isinstance(term, Literal) and str(term) in ("Pasal 23", "Article 23", "23"):
            return Literal(str(term).replace("23", "24"), lang=term.language)
        return term

    pasal_23 = URIRef(f"{WORK}/pasal/23")
    expected = {
        tuple(renamed(t) if pasal_23 in triple or s == pasal_23 else t for t in triple)
        for triple in perwal_graph
        for s in [triple[0]]
    }
    assert set(g) == expected
    assert (URIRef(f"{WORK}/pasal/24"), ELI.number, Literal("24")) in g


def test_a_moved_huruf_moves_its_provision_and_duty(perwal_markup: str) -> None:
    # Pasal 4 (2) d (BAB III, Bagian Kedua) is given to Pasal 6 (2) (BAB IV, Bagian Kedua,
    # Paragraf 1) instead, after its huruf c: one level deeper
    item = '        HURUF d "d." L103\n          | pelaksanaan administrasi Dinas.\n'
    assert perwal_markup.count(item) == 1
    pasal_6_c = "            | penyelenggaraan evaluasi dan pelaporan pelaksanaan tugas Dinas.\n"
    assert perwal_markup.count(pasal_6_c) == 1
    moved = "".join(f"  {line}\n" for line in item.splitlines())
    edited = perwal_markup.replace(item, "").replace(pasal_6_c, pasal_6_c + moved)
    g = graph_of(PERWAL, edited)
    old, new = URIRef(f"{WORK}/pasal/4/ayat/2/huruf/d"), URIRef(f"{WORK}/pasal/6/ayat/2/huruf/d")
    assert (old, None, None) not in g
    assert g.value(new, ELI.is_part_of) == URIRef(f"{WORK}/pasal/6/ayat/2")
    assert str(g.value(new, SOTK.verbatimText)) == "pelaksanaan administrasi Dinas."
    # Pasal 6 (2) lists the Kepala Dinas's functions: the moved item is now one of them
    duty = URIRef(f"{BASE}/id/tugas/perwal/kota-sukamaju/2023/7/pasal/6/ayat/2/huruf/d")
    kepala_dinas = URIRef(f"{BASE}/id/post/kota-sukamaju/dinas-perhubungan/kepala-dinas")
    assert (kepala_dinas, SOTK.hasDuty, duty) in g
    assert g.value(duty, SOTK.verbatimText) == Literal("pelaksanaan administrasi Dinas.", lang="id")


def test_a_corrected_post_name_renames_the_unit_and_its_head(perwal_markup: str) -> None:
    edited = perwal_markup.replace("Sub Bagian Keuangan", "Sub Bagian Keuangan dan Aset")
    g = graph_of(PERWAL, edited)
    labels = {str(o) for o in g.objects(None, SKOS.prefLabel)}
    assert "Sub Bagian Keuangan dan Aset" in labels
    assert "Sub Bagian Keuangan" not in labels
    (head,) = g.subjects(SKOS.prefLabel, Literal("Kepala Sub Bagian Keuangan dan Aset", lang="id"))
    assert (head, RDF.type, ORG.Post) in g
    sekretaris = next(g.subjects(SKOS.prefLabel, Literal("Sekretaris", lang="id")))
    assert g.value(head, ORG.reportsTo) == sekretaris


# ------------------------------------------------------------------ the build and the command
def test_build_uses_the_reviewed_markup_beside_its_source(tmp_path: Path) -> None:
    source = tmp_path / "perwal-contoh-2023-7.txt"
    shutil.copy(PERWAL, source)
    edited = markup_of(PERWAL).replace("Sub Bagian Keuangan", "Sub Bagian Keuangan dan Aset")
    markup_path(source).write_text(edited, encoding="utf-8")
    assert markup_path(source).name == "perwal-contoh-2023-7.markup"
    (built,) = build_files([source], tmp_path / "out", BASE)
    assert "Sub Bagian Keuangan dan Aset" in built.path(".ttl").read_text(encoding="utf-8")


def test_a_markup_of_another_text_is_refused_naming_both(tmp_path: Path) -> None:
    source = tmp_path / "perwal-contoh-2023-7.txt"
    shutil.copy(PERWAL, source)
    markup_path(source).write_text(markup_of(PERWAL), encoding="utf-8")
    source.write_text(PERWAL.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(MarkupError) as caught:
        build_files([source], tmp_path / "out", BASE)
    message = str(caught.value)
    assert str(markup_path(source)) in message and str(source) in message
    assert source_checksum(PERWAL.read_text(encoding="utf-8")) in message
    assert not (tmp_path / "out").exists()


def test_cli_markup_to_stdout_and_to_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["markup", str(PERWAL)]) == 0
    assert capsys.readouterr().out == markup_of(PERWAL)
    out = tmp_path / "x.markup"
    assert main(["markup", str(PERWAL), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == markup_of(PERWAL)


def test_cli_markup_of_a_text_that_is_no_regulation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["markup", str(FIXTURES / "not-a-regulation.txt")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "not-a-regulation.txt" in captured.err and "expected" in captured.err


def test_cli_build_with_a_malformed_markup_exits_2_naming_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "perwal-contoh-2023-7.txt"
    shutil.copy(PERWAL, source)
    markup = markup_of(PERWAL)
    lines = markup.split("\n")
    at = lines.index('BAB 1 "I" L53-66')  # the first BAB, written over a wrong kind
    lines[at] = 'CHAPTER 1 "I" L53-66'
    markup_path(source).write_text("\n".join(lines), encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{markup_path(source)}, line {at + 1}: expected a provision at the top" in err
    assert not (tmp_path / "out").exists()
