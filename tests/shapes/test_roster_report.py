"""The roster report for people (`report.roster_html`, `roster_csv`, `roster_text`): grouped by
row, escaped, without internal IRIs or shape names, with the fix hint and the provision linked."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from shapes_support import FIXTURES

from sotk_kg.checks import report
from sotk_kg.checks.validation import Sources, validate_paths

HEADER = "nama,nip,jabatan,jenis_jabatan,mulai,selesai"


def test_rows_escaped_and_plain(published: Sources, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        f"{HEADER}\n"
        '"<script>alert(1)</script>",199202282019031001,Pelaksana,pelaksana,2022-01-03,2021-01-01\n'
        "Sri Lestari,197803152002122004,Sekretaris Dinas X,struktural,2022-01-03,\n",
        encoding="utf-8",
    )
    findings = validate_paths([roster], sources=published).findings
    page = report.roster_html(findings, "id", fragment=True)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.index('data-row="2"') < page.index('data-row="3"')
    assert "urn:sotk-roster" not in page and "Shape" not in page
    assert "Tanggal selesai 2021-01-01 sebelum tanggal mulai 2022-01-03" in page
    assert "Saran perbaikan: Tukar atau perbaiki tanggal mulai dan selesai." in page
    english = report.roster_text(findings, "en")
    assert "Row 2: <script>alert(1)</script> · post Pelaksana" in english
    assert "How to fix:" in english and "urn:sotk-roster" not in english


def test_csv_one_line_per_finding(published: Sources) -> None:
    findings = validate_paths(
        [FIXTURES / "rosters" / "SingleHolderShape.csv"], sources=published
    ).findings
    text = report.roster_csv(findings, "id")
    assert text.startswith("\ufeff")  # a spreadsheet reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["berkas", "Baris", "nama", "jabatan"]
    assert [(r[1], r[2], r[3]) for r in rows[1:]] == [
        ("2", "Andi Wijaya", "Kepala Dinas"),
        ("8", "Hadi Pratama", "Kepala Dinas"),
    ]
    # the provision (Pasal 3 ayat (2) of the seed, which the rule cites) and its link
    assert all(r[9].endswith("/2021/99/pasal/3/ayat/2") for r in rows[1:])
    english = report.roster_csv(findings, "en")
    assert english.splitlines()[0].lstrip("\ufeff").startswith("file,Row,name,post")
