"""Reports: text/HTML in Indonesian and English grouped by rule, JSON, the standard
sh:ValidationReport as Turtle/JSON-LD, and the `sotk-kg validate` command's exit codes and
grouping (by roster row for rosters, `--by rule` on request)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from shapes_support import FIXTURES, STRUCTURE, sources_with_graph

from sotk_kg import cli
from sotk_kg.checks.validation import Sources, ValidationOutcome, validate_paths
from sotk_kg.commands import validate as validate_command

SH = Namespace("http://www.w3.org/ns/shacl#")
ROSTERS = FIXTURES / "rosters"


@pytest.fixture
def outcome(published: Sources) -> ValidationOutcome:
    # Andi holds two structural posts (rows 2 and 4) and Joko's NIP has 17 digits (row 7)
    return validate_paths(
        [ROSTERS / "OneStructuralPostShape.csv", ROSTERS / "Membership-nip.csv"],
        sources=published,
    )


def test_text_report_groups_by_rule_in_both_languages(outcome: ValidationOutcome) -> None:
    id_text, en_text = outcome.to_text("id"), outcome.to_text("en")
    assert id_text.startswith("Laporan validasi SHACL\nTIDAK SESUAI: 3 temuan dalam 2 aturan.")
    assert en_text.startswith(
        "SHACL validation report\nDOES NOT CONFORM: 3 finding(s) in 2 rule(s)."
    )
    assert (
        id_text.splitlines()[2]
        == "3 pelanggaran, 0 di antaranya cacat teks sumber yang terdokumentasi."
    )
    assert en_text.splitlines()[2] == (
        "3 violation(s), of which 0 are documented defects of the source text."
    )
    assert id_text.count("Aturan: ") == 2 and en_text.count("Rule: ") == 2
    assert "Satu jabatan struktural per orang (sotksh:OneStructuralPostShape) [2]" in id_text
    assert "One structural post per person (sotksh:OneStructuralPostShape) [2]" in en_text
    assert "OneStructuralPostShape.csv baris 2 (Andi Wijaya)" in id_text
    assert "Membership-nip.csv row 7 (Joko Susilo): value '19920228201903100'" in en_text
    assert "(not 18 digits (has 17 characters))" in en_text
    assert "(bukan 18 angka (ada 17 karakter))" in id_text
    assert "digits" not in id_text  # the NIP details are worded in the report's language
    assert "Ketentuan: UU 5/2014" in id_text  # the provision the rule cites


def test_json_report(outcome: ValidationOutcome) -> None:
    data = json.loads(json.dumps(outcome.to_json()))
    assert data["conforms"] is False
    assert data["count"] == 3
    assert (data["violations"], data["documentedSourceDefects"]) == (3, 0)
    assert all(f["documented_defect"] is None for f in data["findings"])
    assert sorted((f["row"], f["rule"].rsplit("#")[-1]) for f in data["findings"]) == [
        (2, "OneStructuralPostShape"),
        (4, "OneStructuralPostShape"),
        (7, "Membership-nip"),
    ]
    assert set(data["findings"][0]["message"]) == {"id", "en"}


def test_html_report_is_escaped_and_grouped(outcome: ValidationOutcome) -> None:
    page = outcome.to_html("en")
    sections: list[str] = []

    class Sections(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == "section":
                sections.append(tag)

    Sections().feed(page)
    assert page.startswith("<!DOCTYPE html>")
    assert len(sections) == 2
    assert "Kepala Bidang Pembinaan &lt;https://" in page  # values are escaped
    assert "<https://" not in page
    assert 'lang="en"' in page


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_standard_validation_report(outcome: ValidationOutcome, fmt: str) -> None:
    graph = Graph().parse(data=outcome.serialize(fmt), format=fmt)
    (report,) = graph.subjects(predicate=None, object=SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(False)
    results = list(graph.objects(report, SH.result))
    assert len(results) == 3
    for result in results:
        langs = {m.language for m in graph.objects(result, SH.resultMessage)}
        assert langs == {"id", "en"}


def test_cli_exit_codes(
    published: Sources, monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        "sotk_kg.checks.validation.Sources.from_settings",
        classmethod(lambda cls, s=None: published),
    )
    assert cli.main(["validate", str(STRUCTURE)]) == validate_command.EXIT_CONFORMS
    assert "SESUAI" in capsys.readouterr().out
    assert cli.main(["validate", str(ROSTERS / "Membership-nip.csv"), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["count"] == 1
    # a violation that is not a documented source defect fails even when those are accepted
    nip = str(ROSTERS / "Membership-nip.csv")
    assert cli.main(["validate", nip, "--accept-documented"]) == validate_command.EXIT_VIOLATIONS
    capsys.readouterr()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"nama;nip\n")
    assert cli.main(["validate", str(bad)]) == validate_command.EXIT_UNUSABLE
    assert f"{bad}:1: missing column(s)" in capsys.readouterr().err


def test_cli_help_documents_the_csv_header(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["validate", "--help"])
    assert "nama,nip,jabatan,unit,jenis_jabatan,jenjang,mulai" in capsys.readouterr().out


def test_structure_file_needs_no_published_graph(tmp_path: Path) -> None:
    outcome = validate_paths([STRUCTURE], sources=sources_with_graph(tmp_path))
    assert outcome.to_text("en").startswith("SHACL validation report\nCONFORMS")


def _use_published(monkeypatch: pytest.MonkeyPatch, published: Sources) -> None:
    monkeypatch.setattr(
        "sotk_kg.checks.validation.Sources.from_settings",
        classmethod(lambda cls, s=None: published),
    )


def test_cli_text_report_of_rosters_is_grouped_by_row(
    published: Sources, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    # OneStructuralPostShape.csv: Andi Wijaya holds Kepala Dinas (row 2) and Kepala Bidang
    # Pembinaan (row 4); Membership-nip.csv row 7: Joko Susilo's NIP has 17 digits
    _use_published(monkeypatch, published)
    files = [str(ROSTERS / "OneStructuralPostShape.csv"), str(ROSTERS / "Membership-nip.csv")]
    assert cli.main(["validate", *files]) == validate_command.EXIT_VIOLATIONS
    out = capsys.readouterr().out
    assert out.startswith("Hasil pemeriksaan daftar pegawai\n3 temuan pada 3 baris")
    rows = [line for line in out.splitlines() if line.startswith("Baris ")]
    assert [r.split(" (")[0].split(" · ")[0] for r in rows] == [  # files by name, rows in order
        "Baris 7: Joko Susilo",
        "Baris 2: Andi Wijaya",
        "Baris 4: Andi Wijaya",
    ]
    assert "Saran perbaikan: " in out and "Aturan: " not in out
    assert cli.main(["validate", *files, "--lang", "en"]) == validate_command.EXIT_VIOLATIONS
    assert "Row 7: Joko Susilo" in capsys.readouterr().out


def test_cli_text_report_by_rule_on_request(
    published: Sources, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    _use_published(monkeypatch, published)
    files = [str(ROSTERS / "OneStructuralPostShape.csv"), str(ROSTERS / "Membership-nip.csv")]
    assert cli.main(["validate", *files, "--by", "rule"]) == validate_command.EXIT_VIOLATIONS
    out = capsys.readouterr().out
    assert out.startswith("Laporan validasi SHACL\nTIDAK SESUAI: 3 temuan dalam 2 aturan.")
    assert out.count("Aturan: ") == 2 and "Baris 2:" not in out
    assert cli.main(["validate", *files, "--by", "rule", "--format", "html"]) == 1
    assert capsys.readouterr().out.count("<section>") == 2
    assert cli.main(["validate", *files, "--by", "row", "--format", "html"]) == 1
    assert "Baris 7" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["validate", *files, "--by", "column"])
    assert "invalid choice: 'column'" in capsys.readouterr().err
