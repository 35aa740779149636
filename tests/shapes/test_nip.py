"""NIP rules: 18 digits = birth date YYYYMMDD + appointment YYYYMM + gender 1|2 + serial NNN.
The expected verdicts are worked out by hand from the calendar; the SHACL shapes and
sotk_kg.checks.nip (which words the reason) must both agree with them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from shapes_support import SOTKSH

from sotk_kg.checks import nip
from sotk_kg.checks.validation import Sources, validate_paths

# (NIP as typed, the shape that must reject it or None)
CASES = [
    ("198503122010011003", None),
    ("19850312 201001 1 004", None),  # separators are dropped (one NIP per person: 004)
    ("198402292010011003", None),  # 1984 is a leap year
    ("200002292022012003", None),  # 2000 is a leap year (divisible by 400)
    ("198502292010011003", "NipDatesShape"),  # 1985 is not
    ("190002292010011003", "NipDatesShape"),  # 1900 is not (divisible by 100, not 400)
    ("198513012010011003", "NipDatesShape"),  # birth month 13
    ("198504312010011003", "NipDatesShape"),  # 31 April
    ("198503122010131003", "NipDatesShape"),  # appointment month 13
    ("198503121980011003", "NipDatesShape"),  # appointed before being born
    ("209001012110011003", "NipDatesShape"),  # born in 2090: not yet
    ("198503122090011003", "NipDatesShape"),  # appointed in 2090: not yet
    ("198503122010013003", "Membership-nip"),  # gender digit 3
    ("19850312201001100", "Membership-nip"),  # 17 digits
    ("1985031220100110031", "Membership-nip"),  # 19 digits
    ("19850312201001100X", "Membership-nip"),
]


@pytest.mark.parametrize(("typed", "rule"), CASES)
def test_python_explanation_agrees(typed: str, rule: str | None) -> None:
    assert (nip.problems(nip.normalise(typed)) == []) is (rule is None)


def test_shapes_decide_each_row(published: Sources, tmp_path: Path) -> None:
    roster = tmp_path / "nip.csv"
    lines = ["nama,nip,jabatan,jenis_jabatan"]
    lines += [f"Pegawai {i},{typed},Pelaksana,pelaksana" for i, (typed, _) in enumerate(CASES)]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = validate_paths([roster], sources=published)
    found = {(f.row, f.rule[len(SOTKSH) :]) for f in outcome.findings}
    # row = line number: the header is line 1, CASES[i] is line i + 2
    assert found == {(i + 2, rule) for i, (_, rule) in enumerate(CASES) if rule}


def test_problem_wording() -> None:
    assert nip.problems("198513012010011003") == ["birth date 1985-13-01 is not a date"]
    assert nip.problems("198503122010013003") == ["gender digit is 3, not 1 or 2"]
    assert nip.problems("198503121980011003") == ["appointment is not after the birth date"]


def test_problem_wording_in_indonesian() -> None:
    assert nip.problems("198702302010011003", "id") == [
        "tanggal lahir 1987-02-30 bukan tanggal yang sah"
    ]
    assert nip.problems("1985031220100110", "id") == ["bukan 18 angka (ada 16 karakter)"]
    assert nip.problems("198503122010013003", "id") == ["digit jenis kelamin 3, bukan 1 atau 2"]


def test_dates_not_in_the_future() -> None:
    today = dt.date(2025, 6, 15)
    assert nip.problems("200006152025061003", today=today) == []  # appointed this month
    assert "birth date 2025-06-16 is in the future (after 2025-06-15)" in nip.problems(
        "202506162025061003", today=today
    )
    assert nip.problems("198503122025071003", "id", today=today) == [
        "TMT pengangkatan 2025-07 belum terjadi (setelah 2025-06-15)"
    ]
