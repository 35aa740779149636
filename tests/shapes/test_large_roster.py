"""A large generated roster gives exactly the findings planted in it.

Rows are valid unless planted: the valid ones alternate a Pelaksana and a Pejabat Fungsional
(Ahli Pertama) of the fixture structure, each with its own NIP (born 1960 + i days, appointed
25 years later in January). Every PLANT_EVERY rows, one row of each kind of error below is
planted, each breaking one roster rule and only that one; the expected findings are the planted
rows, worked out from the rules, never read from a report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from shapes_support import SOTKSH

from sotk_kg.checks.validation import Sources, validate_paths, validate_upload

ROWS = 5000
PLANT_EVERY = 97
HEADER = "nama,nip,jabatan,jenis_jabatan,jenjang,mulai"


def valid_nip(i: int) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=i)
    return f"{birth:%Y%m%d}{birth.year + 25}01{1 + i % 2}{i % 1000:03d}"


def valid_row(i: int) -> list[str]:
    if i % 2:
        return [f"Pegawai {i}", valid_nip(i), "Pejabat Fungsional", "fungsional", "Ahli Pertama",
                "2022-01-03"]  # fmt: skip
    return [f"Pegawai {i}", valid_nip(i), "Pelaksana", "pelaksana", "", "2022-01-03"]


def _set(row: list[str], column: int, value: str) -> list[str]:
    return [*row[:column], value, *row[column + 1 :]]


# rule -> how a valid row is broken to violate it (and nothing else)
PLANTED = {
    "Membership-nip": lambda i: _set(valid_row(i), 1, valid_nip(i)[:17]),  # 17 digits
    "NipDatesShape": lambda i: _set(valid_row(i), 1, valid_nip(i)[:4] + "13" + valid_nip(i)[6:]),
    "Membership-name": lambda i: _set(valid_row(i), 0, ""),
    "MembershipPostShape": lambda i: _set(valid_row(i), 2, "Kepala Seksi Hilang"),
    "MembershipJenisShape": lambda i: _set(_set(valid_row(i), 3, "honorer"), 4, ""),
    "Membership-start": lambda i: _set(valid_row(i), 5, "03/01/2022"),
    "MembershipGradeShape": lambda i: _set(_set(valid_row(i), 3, "fungsional"), 4, "Ahli Tengah"),
}
# the same person (one NIP) heads the Dinas and a Bidang at once: both rows are reported
ANDI = ["Andi Wijaya", "197501022000031001"]
TWO_HEADS = [
    [*ANDI, "Kepala Dinas", "struktural", "", "2022-01-03"],
    [*ANDI, "Kepala Bidang Pembinaan", "struktural", "", "2022-01-03"],
]


def roster() -> tuple[str, set[tuple[str, int]]]:
    """The CSV text and the (rule, line) of every planted error (the header is line 1)."""
    rows = [*TWO_HEADS]
    expected = {("OneStructuralPostShape", 2), ("OneStructuralPostShape", 3)}
    kinds = sorted(PLANTED)
    for i in range(len(rows), ROWS):
        k = i % PLANT_EVERY
        if k < len(kinds):
            rows.append(PLANTED[kinds[k]](i))
            expected.add((kinds[k], i + 2))
        else:
            rows.append(valid_row(i))
    lines = [HEADER, *(",".join(row) for row in rows)]
    return "\n".join(lines) + "\n", expected


def test_planted_findings_and_nothing_else(published: Sources, tmp_path: Path) -> None:
    text, expected = roster()
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    outcome = validate_paths([path], sources=published)
    assert len(expected) > 250  # every kind planted many times
    assert {(f.rule[len(SOTKSH) :], f.row) for f in outcome.findings} == expected
    assert len(outcome.findings) == len(expected)  # one finding per planted error
    # the upload path of the server gives the same findings
    upload = validate_upload(text.encode(), "text/csv", str(path), sources=published)
    assert upload.findings == outcome.findings
