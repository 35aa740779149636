"""Rosters as offices save them: CSV separated by `;` (a spreadsheet in Indonesian locale) or `,`,
with a BOM and Windows line ends, and .xlsx; each gives the findings of the same roster as plain
CSV. A file that cannot be read is named with its row (and column) in the user's language."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from shapes_support import FIXTURES, SOTKSH

from sotk_kg.checks.errors import UnusableInput
from sotk_kg.checks.roster import detect_delimiter
from sotk_kg.checks.validation import Sources, validate_paths, validate_upload

FIXTURE = FIXTURES / "rosters" / "SingleHolderShape.csv"
EXPECTED = {("SingleHolderShape", 2), ("SingleHolderShape", 8)}  # read off the fixture
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def found(outcome) -> set[tuple[str, int | None]]:
    return {(f.rule[len(SOTKSH) :], f.row) for f in outcome.findings}


def fixture_rows() -> list[list[str]]:
    return list(csv.reader(FIXTURE.read_text(encoding="utf-8").splitlines()))


def as_csv(rows: list[list[str]], delimiter: str, newline: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    ("delimiter", "bom", "newline"),
    [
        (",", "", "\n"),
        (";", "", "\n"),
        (";", "\ufeff", "\r\n"),
        (",", "\ufeff", "\r\n"),
        ("\t", "", "\n"),
    ],
)
def test_csv_dialects(published: Sources, delimiter: str, bom: str, newline: str) -> None:
    text = bom + as_csv(fixture_rows(), delimiter, newline)
    outcome = validate_upload(text.encode(), "text/csv", "roster.csv", sources=published)
    assert found(outcome) == EXPECTED


def test_delimiter_ignores_separators_inside_quotes() -> None:
    # the unit name has commas inside quotes; the fields are separated by semicolons
    assert detect_delimiter('nama;"a, b, c";nip\nx;y;z\n') == ";"
    assert detect_delimiter('nama,"a; b; c",nip\n') == ","


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def typed(rows: list[list[str]]) -> list[list[object]]:
    """As a person types them into a spreadsheet: dates as date cells."""
    out: list[list[object]] = [list(rows[0])]
    for row in rows[1:]:
        out.append([dt.date.fromisoformat(v) if len(v) == 10 and v[4] == "-" else v for v in row])
    return out


def test_xlsx_roster(published: Sources, tmp_path: Path) -> None:
    payload = xlsx_bytes(typed(fixture_rows()))
    outcome = validate_upload(payload, XLSX, "roster.xlsx", sources=published)
    assert found(outcome) == EXPECTED
    path = tmp_path / "roster.xlsx"  # by extension, from the CLI
    path.write_bytes(payload)
    assert found(validate_paths([path], sources=published)) == EXPECTED


def test_xlsx_row_numbers_are_the_sheets(published: Sources) -> None:
    # a bad date on the sheet's row 3 is reported on row 3
    rows = typed(fixture_rows())
    rows[2][6] = "3 Jan 2022"
    outcome = validate_upload(xlsx_bytes(rows), XLSX, "roster.xlsx", sources=published)
    assert ("Membership-start", 3) in found(outcome)


def test_broken_xlsx_in_indonesian(published: Sources) -> None:
    with pytest.raises(UnusableInput) as caught:
        validate_upload(b"PK\x03\x04 not a zip", XLSX, "roster.xlsx", sources=published)
    assert caught.value.text("id").startswith("roster.xlsx: bukan lembar kerja .xlsx")
    assert caught.value.text("en").startswith("roster.xlsx: not a readable .xlsx")


@pytest.mark.parametrize(
    ("payload", "indonesian"),
    [
        (b"nama;nip\nBudi;1\n", "roster.csv, baris 1: kolom jabatan, jenis_jabatan tidak ada"),
        (b"nama;nip;jabatan;jenis_jabatan\nBudi;1;P\n", "roster.csv, baris 2: 3 kolom, padahal"),
        (
            b"nama,nip,jabatan,jenis_jabatan\nB\xe9di,1,P,p\n",
            "roster.csv, baris 2, kolom 2: bukan teks UTF-8",
        ),
        (b"nama,nip,jabatan,jenis_jabatan\n", "roster.csv, baris 2: tidak ada baris"),
        (
            b'nama,nip,jabatan,jenis_jabatan\nB,"1,P,p\n',
            "roster.csv, baris 2: tanda petik tidak seimbang",
        ),
    ],
)
def test_unusable_csv_in_indonesian(published: Sources, payload: bytes, indonesian: str) -> None:
    with pytest.raises(UnusableInput) as caught:
        validate_upload(payload, "text/csv", "roster.csv", sources=published)
    assert caught.value.text("id").startswith(indonesian)
