"""The validation reports for people are made from templates that escape: whatever an uploaded file
holds (a roster cell, a value, a label) comes back in the HTML as text, never as markup that a
browser would run. The payloads stand in every field the reports show."""

from __future__ import annotations

import csv
from pathlib import Path

from html_payloads import ATTRIBUTE, SCRIPT, inert_page

from sotk_kg.checks import report
from sotk_kg.checks.findings import Finding
from sotk_kg.checks.validation import Sources, validate_paths

HEADER = "nama,nip,jabatan,jenis_jabatan,mulai,selesai"


def _inert(html: str) -> str:
    """The page's text, once it is known to hold neither a script nor an img element."""
    parsed = inert_page(html)
    assert SCRIPT not in html and ATTRIBUTE not in html
    return "".join(parsed.text)


def test_report_by_rule_escapes_every_field() -> None:
    finding = Finding(
        rule="https://w3id.org/sotk-kg/def/shapes#X",
        rule_label={"en": f"Rule {SCRIPT}"},
        severity="Violation",
        focus=f"urn:x:{ATTRIBUTE}",
        focus_label=f"Focus {SCRIPT}",
        source=f"roster{ATTRIBUTE}.csv",
        row=3,
        value=f"value {SCRIPT}",
        value_label={},
        path=None,
        message={"en": f"Message {ATTRIBUTE}", "id": "Pesan"},
        provisions=[],
        provision_labels={"en": [f"Pasal {SCRIPT}"]},
        derived_from=[],
        derived_from_labels={},
        details={"en": [f"detail {ATTRIBUTE}"]},
    )
    text = _inert(report.to_html(False, [finding], [f"checked {SCRIPT}"], "en"))
    for shown in (
        f"Rule {SCRIPT}",
        f"roster{ATTRIBUTE}.csv row 3 (Focus {SCRIPT})",
        f"value {SCRIPT}",
        f"Message {ATTRIBUTE} (detail {ATTRIBUTE})",
        f"Pasal {SCRIPT}",
        f"checked {SCRIPT}",
    ):
        assert shown in text, shown


def test_roster_report_escapes_cells_that_break_attributes(
    published: Sources, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    # row 2: the end date before the start date, so that the row has a finding and is shown
    with roster.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(
            [
                HEADER.split(","),
                [f"Budi {ATTRIBUTE}", "199202282019031001", f"Pelaksana {SCRIPT}", "pelaksana",
                 "2022-01-03", "2021-01-01"],
            ]
        )  # fmt: skip
    findings = validate_paths([roster], sources=published).findings
    assert findings
    for fragment in (True, False):
        text = _inert(report.roster_html(findings, "en", fragment=fragment))
        assert f"Budi {ATTRIBUTE}" in text
        assert f"Pelaksana {SCRIPT}" in text
