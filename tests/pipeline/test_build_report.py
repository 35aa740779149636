"""The build report of a regulation: its figures, its JSON beside the graph, `--report` and
`sotk-kg stats`. Expected values come from reading the seed (data/source/perbup-bekasi-99-2021.txt)
and the excerpt of test_partial.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from repo_paths import REPO_ROOT
from test_partial import EXCERPT, WORK

from sotk_kg.cli import main
from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.report import DocumentReport, repair_kind

BASE = "https://w3id.org/sotk-kg"
SEED = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"


@pytest.fixture(scope="module")
def seed_report() -> DocumentReport:
    report = build_graph(SEED.read_text(encoding="utf-8"), SEED.name, BASE).report
    assert report is not None
    return report


def test_seed_report_counts_what_the_text_holds(seed_report: DocumentReport) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert seed_report.source == "perbup-bekasi-99-2021.txt"
    assert not seed_report.partial
    assert seed_report.lines == sum(1 for line in text.splitlines() if line.strip())
    # Every line has its place (the seed's defects are repaired and noted, none is dropped).
    assert seed_report.lines_placed == seed_report.lines and seed_report.unplaced == []
    assert seed_report.placed_percent == 100.0
    assert seed_report.pasal_numbers == [str(n) for n in range(1, 33)]
    # Kepala Dinas, Sekretaris, 2 Kepala Sub Bagian, 3 Kepala Bidang, 9 Sub Koordinator (3 per
    # Bidang, Pasal 12/16/20 ayat (5)...), Pejabat Fungsional, Pelaksana.
    assert seed_report.posts == 18
    # Pasal 24-26: the tasks are the Kelompok's ("Kelompok Jabatan Fungsional mempunyai tugas
    # pokok"), not its members'; neither Kelompok is "dipimpin" by anyone.
    assert seed_report.posts_without_duties == ["Pejabat Fungsional", "Pelaksana"]
    assert seed_report.units_without_head == [
        "Kelompok Jabatan Fungsional",
        "Kelompok Jabatan Pelaksana",
    ]
    # Pasal 25 (2) sets the grade of every Sub Koordinator.
    assert seed_report.sub_koordinator_without_grade_rule == []
    assert seed_report.repairs["misspelling"] >= 1  # 'kerkedudukan', 'di pimpin'


def test_report_agrees_with_the_graph_queried(seed_report: DocumentReport) -> None:
    """The report's index over the triples and a SPARQL reading of the graph agree."""
    g = Graph().parse(REPO_ROOT / "data" / "graph" / "perbup-kab-bekasi-2021-99.ttl")
    prefixes = (
        "PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#> PREFIX org: <http://www.w3.org/ns/org#>"
    )

    def count(where: str) -> int:
        rows = list(g.query(f"{prefixes} SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"))
        return int(rows[0][0])  # type: ignore[index]

    assert count("?x a sotk:ReportingLine") == seed_report.reporting_lines
    assert count("?x a org:Post ; sotk:establishedBy ?w") == seed_report.posts
    assert count("?x a org:OrganizationalUnit FILTER NOT EXISTS { ?p sotk:leads ?x }") == len(
        seed_report.units_without_head
    )


def test_report_json_round_trips(seed_report: DocumentReport) -> None:
    data = json.loads(seed_report.to_json())
    assert data["lines_placed_percent"] == 100.0
    assert DocumentReport.from_json(seed_report.to_json()) == seed_report


def test_excerpt_report_lists_its_unplaced_line_and_repairs() -> None:
    report = build_graph(EXCERPT, "excerpt.txt", BASE, work=WORK).report
    assert report is not None
    assert report.partial
    # 11 lines with text; line 1, the site's caption, has no place.
    assert (report.lines, report.lines_placed, report.placed_percent) == (11, 10, 90.9)
    assert report.unplaced == [(1, "TUGAS DAN FUNGSI SEKRETARIAT")]
    assert report.pasal_numbers == ["4", "5"]
    # "Bagian Kedua" opens the excerpt: the only repair note (its number out of sequence); the
    # Kepala Dinas, named only as the Sekretaris' superior, is noted as known from that alone.
    # The unplaced line is listed as a fragment, not counted as a repair.
    assert report.repairs == {"numbering": 1, "post known only from a reference": 1}
    text = report.to_text()
    assert "lines placed: 10 of 11 (90.9%)" in text
    assert "  line 1: TUGAS DAN FUNGSI SEKRETARIAT" in text
    assert "(partial: an excerpt)" in text


NOTES = [
    ("Source reads 'kerkedudukan', a known misspelling or slip; read as 'berkedudukan'.",
     "misspelling"),
    ("Source heading reads 'PasaI 4' (OCR misread); read as Pasal 4.", "OCR misread"),
    ("Source heading reads 'BABIV' (no space); read as BAB IV.", "glued word or number"),
    ("Line 12 continues the text of line 10 across a page break; joined with a single space.",
     "joined across a page break"),
    ("Ayat (3) is out of sequence: expected ayat (2).", "numbering"),
    ("Line 40 has no list marker; read as huruf c from the sequence (huruf b before it, "
     "huruf d follows).", "list marker recovered"),
    # the notes of the stages and list rules that read web pages and excerpts
    ("Line 189 holds the heading 'Pasal 9' after the title of the heading on line 188 ('Seksi X "
     "Pasal 9'); the title read with its heading, then 'Pasal 9'.",
     "heading and text on one line"),
    ("Line 218 holds only ':', the end of line 217; read at the end of that line.",
     "punctuation on a line of its own"),
    ("Source reads 'umummempunyai' (two words glued, no space between them); read as 'umum "
     "mempunyai'.", "glued word or number"),
    ("Line 23 starts a Pasal without a number: its list starts again after the caption 'X' "
     "(line 21), the Pasal's heading not being in the text.", "Pasal without a number"),
    ("Line 57 holds huruf f and huruf g ('g.' glued to the item before it); read as two items.",
     "glued word or number"),
    ("Line 135 has no list marker; read as huruf a, one of the items one a line starting "
     "'Seksi' after the list introduction (line 133).", "list marker recovered"),
    ("The text names 'Bidang A C', the unit 'Bidang A B C' named earlier in this Pasal with "
     "words left out; read as that unit.", "unit named short"),
    ("Known from this text only as the superior a reporting line names (line 3: 'kepada Kepala "
     "Dinas'); the provision establishing it is not in the text.",
     "post known only from a reference"),
    ("Something the front end has never said before.", "other"),
]  # fmt: skip


@pytest.mark.parametrize(("note", "kind"), NOTES)
def test_repair_kinds(note: str, kind: str) -> None:
    assert repair_kind(note) == kind


def test_cli_report_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    excerpt = tmp_path / "excerpt.txt"
    excerpt.write_text(EXCERPT, encoding="utf-8")
    out = tmp_path / "out"
    work = ["--work", "perbup/kab-contoh/2022/33"]
    assert main(["build", str(excerpt), "--out", str(out), *work, "--report", "text"]) == 0
    assert "lines placed: 10 of 11 (90.9%)" in capsys.readouterr().out
    assert main(["build", str(excerpt), "--out", str(out), *work, "--report", "json"]) == 0
    printed = capsys.readouterr().out
    written = (out / "perbup-kab-contoh-2022-33.report.json").read_text(encoding="utf-8")
    assert written in printed
    assert json.loads(written)["unplaced"] == [{"line": 1, "text": "TUGAS DAN FUNGSI SEKRETARIAT"}]


def test_stats_shows_the_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    excerpt = tmp_path / "excerpt.txt"
    excerpt.write_text(EXCERPT, encoding="utf-8")
    out = tmp_path / "out"
    assert (
        main(["build", str(excerpt), "--out", str(out), "--work", "perbup/kab-contoh/2022/33"]) == 0
    )
    capsys.readouterr()
    assert main(["stats", str(out), "--report", "text"]) == 0
    printed = capsys.readouterr().out
    row = next(line for line in printed.splitlines() if line.startswith("excerpt.txt (partial)"))
    # placed, Pasal, posts: the Sekretaris (Pasal 4) and the Kepala Sub Bagian (Pasal 5) of the
    # Dinas the excerpt names ("tugas Dinas"), and the Kepala Dinas it names as their superior.
    assert row.split()[2:5] == ["90.9%", "2", "3"]
    assert "unplaced fragments: 1" in printed


def test_stats_refuses_a_damaged_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    excerpt = tmp_path / "excerpt.txt"
    excerpt.write_text(EXCERPT, encoding="utf-8")
    out = tmp_path / "out"
    assert (
        main(["build", str(excerpt), "--out", str(out), "--work", "perbup/kab-contoh/2022/33"]) == 0
    )
    (out / "perbup-kab-contoh-2022-33.report.json").write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert main(["stats", str(out)]) == 2
    assert "perbup-kab-contoh-2022-33.report.json: not a build report" in capsys.readouterr().err
