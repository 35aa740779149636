"""Every comparison of the NIP rules, exactly at its boundary and one unit either side.

The rules (Peraturan Kepala BKN 22/2007, as shapes/roster.shacl.ttl cites it): 18 digits = birth
date YYYYMMDD (a real date, from 1900, not after today) + appointment YYYYMM (a real month, not
after this month, after the birth month) + gender 1|2 + serial NNN. Each case is checked twice:
by checks.nip (which words the problem; `today` given) and by the shapes that decide
(sotksh:Membership-nip, sotksh:NipDatesShape), through a roster with one row per case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from shapes_support import SOTKSH

from sotk_kg.checks import nip
from sotk_kg.checks.validation import Sources, validate_paths

TODAY = dt.date(2025, 6, 15)  # for checks.nip; the shapes use the clock (see the tests below)


NIP_RULES = {"Membership-nip", "NipDatesShape"}


def make(birth: str = "19850312", appointed: str = "201001", gender: str = "1") -> str:
    return f"{birth}{appointed}{gender}003"


# (case, NIP, problems checks.nip finds, rules of the shapes that reject it)
CASES: list[tuple[str, str, list[str], set[str]]] = [
    ("valid", make(), [], set()),
    # length: exactly 18 digits
    ("17 digits", make()[:17], ["length"], {"Membership-nip"}),
    ("19 digits", make() + "1", ["length"], {"Membership-nip"}),
    ("a letter", make()[:17] + "X", ["length"], {"Membership-nip"}),
    # birth year from 1900
    ("born 1899", make("18991231", "192001"), ["birth"], {"NipDatesShape"}),
    ("born 1900", make("19000101", "192001"), [], set()),
    ("born 1901", make("19010101", "192001"), [], set()),
    # birth month 1..12
    ("birth month 0", make("19850012"), ["birth"], {"NipDatesShape"}),
    ("birth month 1", make("19850112"), [], set()),
    ("birth month 12", make("19851212"), [], set()),
    ("birth month 13", make("19851312"), ["birth"], {"NipDatesShape"}),
    # birth day 1..the month's last day
    ("birth day 0", make("19850300"), ["birth"], {"NipDatesShape"}),
    ("birth day 1", make("19850301"), [], set()),
    ("31 March", make("19850331"), [], set()),
    ("32 March", make("19850332"), ["birth"], {"NipDatesShape"}),
    ("30 April", make("19850430"), [], set()),
    ("31 April", make("19850431"), ["birth"], {"NipDatesShape"}),
    ("28 Feb 1985", make("19850228"), [], set()),
    ("29 Feb 1985", make("19850229"), ["birth"], {"NipDatesShape"}),
    ("29 Feb 1984", make("19840229"), [], set()),
    ("30 Feb 1984", make("19840230"), ["birth"], {"NipDatesShape"}),
    # appointment month 1..12
    ("appointment month 0", make(appointed="201000"), ["appointment"], {"NipDatesShape"}),
    ("appointment month 1", make(appointed="201001"), [], set()),
    ("appointment month 12", make(appointed="201012"), [], set()),
    ("appointment month 13", make(appointed="201013"), ["appointment"], {"NipDatesShape"}),
    # appointment after the birth month ("not before birth": the same month is not after)
    ("appointed the month before birth", make("19850312", "198502"), ["order"], {"NipDatesShape"}),
    ("appointed the month of birth", make("19850312", "198503"), ["order"], {"NipDatesShape"}),
    ("appointed the month after birth", make("19850312", "198504"), [], set()),
    ("born December, appointed December", make("19851231", "198512"), ["order"], {"NipDatesShape"}),
    ("born December, appointed January", make("19851231", "198601"), [], set()),
    # gender 1 or 2
    ("gender 0", make(gender="0"), ["gender"], {"Membership-nip"}),
    ("gender 1", make(gender="1"), [], set()),
    ("gender 2", make(gender="2"), [], set()),
    ("gender 3", make(gender="3"), ["gender"], {"Membership-nip"}),
]


@pytest.mark.parametrize(("case", "number", "problems", "rules"), CASES, ids=[c[0] for c in CASES])
def test_checks_nip(case: str, number: str, problems: list[str], rules: set[str]) -> None:
    assert [key for key, _values in nip.problem_keys(number, today=TODAY)] == problems


def roster_rules(sources: Sources, tmp_path: Path, numbers: list[str]) -> dict[int, set[str]]:
    """The roster rules each row (0-based, in `numbers` order) breaks."""
    roster = tmp_path / "nip.csv"
    lines = ["nama,nip,jabatan,jenis_jabatan"]
    lines += [f"Pegawai {i},{number},Pelaksana,pelaksana" for i, number in enumerate(numbers)]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found: dict[int, set[str]] = {i: set() for i in range(len(numbers))}
    for finding in validate_paths([roster], sources=sources).findings:
        assert finding.row is not None
        rule = finding.rule[len(SOTKSH) :]
        if rule in NIP_RULES:  # not the age at appointment or a NIP shared by two rows
            found[finding.row - 2].add(rule)  # the header is line 1
    return found


def test_shapes(published: Sources, tmp_path: Path) -> None:
    found = roster_rules(published, tmp_path, [number for _, number, _, _ in CASES])
    assert {case: found[i] for i, (case, *_) in enumerate(CASES)} == {
        case: rules for case, _, _, rules in CASES
    }


def months_from(today: dt.date, months: int) -> str:
    index = today.year * 12 + today.month - 1 + months
    return f"{index // 12}{index % 12 + 1:02d}"


def appointed_near(today: dt.date) -> list[tuple[str, str, list[str], set[str]]]:
    """Cases at the "appointed not after this month" boundary, built from `today`."""
    return [
        ("appointed last month", make(appointed=months_from(today, -1)), [], set()),
        ("appointed this month", make(appointed=months_from(today, 0)), [], set()),
        ("appointed next month", make(appointed=months_from(today, 1)), ["appointment_future"],
         {"NipDatesShape"}),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("born", "problems"),
    [
        (TODAY - dt.timedelta(days=1), ["order"]),
        (TODAY, ["order"]),
        (TODAY + dt.timedelta(days=1), ["birth_future", "order"]),
    ],
)
def test_checks_nip_birth_near_today(born: dt.date, problems: list[str]) -> None:
    # appointed this month: the same month as the birth, so "order" every time. The shapes do
    # not need this comparison: a birth after today always fails the order or the appointment
    # month, so only checks.nip's wording shows it
    number = make(f"{born:%Y%m%d}", months_from(TODAY, 0))
    assert [key for key, _ in nip.problem_keys(number, today=TODAY)] == problems


def test_checks_nip_appointed_near_today() -> None:
    for case, number, problems, _rules in appointed_near(TODAY):
        assert [key for key, _ in nip.problem_keys(number, today=TODAY)] == problems, case


def test_shapes_appointed_near_today(published: Sources, tmp_path: Path) -> None:
    # the shape reads the clock (NOW(), in UTC): the cases are built from the UTC date, and
    # built again if the date changed while validating
    for _attempt in range(2):
        today = dt.datetime.now(dt.UTC).date()
        cases = appointed_near(today)
        found = roster_rules(published, tmp_path, [number for _, number, _, _ in cases])
        if dt.datetime.now(dt.UTC).date() == today:
            break
    assert {case: found[i] for i, (case, *_) in enumerate(cases)} == {
        case: rules for case, _, _, rules in cases
    }
