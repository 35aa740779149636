"""A roster is checked against the regulations in force on its date: the `as-of` option, else
each row's `mulai`. With the repeal pair (tests/repeal_pair.py) loaded, two holders of the Kepala
Sub Bidang Promosi break the "dipimpin oleh seorang" rule, which 11/2024 states in Pasal 7 ayat (4)
and 21/2025 (in force from 3 June 2025) in Pasal 8 ayat (3): the finding cites the one in force on
the roster's date."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from repeal_pair import AFTER_REPEAL, BEFORE_REPEAL, build_pair_root

from sotk_kg.checks.errors import UnusableInput
from sotk_kg.checks.validation import Sources, ValidationOutcome, validate_paths
from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings

HEADER = "nama,nip,jabatan,unit,jenis_jabatan,jenjang,mulai,selesai\n"
OLD_RULE, NEW_RULE = "Pasal 7 ayat (4)", "Pasal 8 ayat (3)"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    root = build_pair_root(tmp_path_factory.mktemp("pair-roster"))
    return Sources.from_settings(dataclasses.replace(Settings(), root=root, base=DEFAULT_BASE))


def _roster(path: Path, *days: str, until: str = "") -> Path:
    """Ani and Budi as Kepala Sub Bidang Promosi from the `days`; Ani `until` a day."""
    people = [
        ("Ani Lestari", "199001012015012001", until),
        ("Budi Santoso", "199101012015011002", ""),
    ]
    rows = [
        f"{name},{nip},Kepala Sub Bidang Promosi,,struktural,,{day},{end}\n"
        for (name, nip, end), day in zip(people, days, strict=True)
    ]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _rules_of(text: str) -> set[str]:
    return {rule for rule in (OLD_RULE, NEW_RULE) if rule in text}


def _rules(outcome: ValidationOutcome) -> set[str]:
    """The provisions the findings cite (Indonesian messages)."""
    return {rule for f in outcome.findings for rule in _rules_of(f.message["id"])}


@pytest.mark.parametrize(("day", "rule"), [(BEFORE_REPEAL, OLD_RULE), (AFTER_REPEAL, NEW_RULE)])
def test_each_rows_mulai_chooses_the_rules(
    sources: Sources, tmp_path: Path, day: str, rule: str
) -> None:
    outcome = validate_paths([_roster(tmp_path / "roster.csv", day, day)], sources=sources)
    assert not outcome.conforms
    assert _rules(outcome) == {rule}


def test_as_of_overrides_the_rows(sources: Sources, tmp_path: Path) -> None:
    roster = _roster(tmp_path / "roster.csv", BEFORE_REPEAL, BEFORE_REPEAL)
    outcome = validate_paths([roster], sources=sources, as_of=AFTER_REPEAL)
    assert _rules(outcome) == {NEW_RULE}


def test_rows_of_two_dates_are_checked_apart(sources: Sources, tmp_path: Path) -> None:
    # one holder until the repeal, one after: never two at once
    roster = _roster(tmp_path / "roster.csv", BEFORE_REPEAL, AFTER_REPEAL, until="2025-06-02")
    outcome = validate_paths([roster], sources=sources)
    assert _rules(outcome) == set()


def test_each_row_is_checked_against_its_own_days_rules(sources: Sources, tmp_path: Path) -> None:
    # two holders at once before the repeal (rows 2, 3) and two after it (rows 4, 5): each pair
    # is checked against the regulation in force on its mulai (rows of different periods are
    # checked apart, so the pairs are not compared with each other)
    roster = tmp_path / "roster.csv"
    rows = [
        f"Orang {n},19900101201501{1001 + n},Kepala Sub Bidang Promosi,,struktural,,{day},\n"
        for n, day in enumerate((BEFORE_REPEAL, BEFORE_REPEAL, AFTER_REPEAL, AFTER_REPEAL))
    ]
    roster.write_text(HEADER + "".join(rows), encoding="utf-8")
    outcome = validate_paths([roster], sources=sources)
    by_row: dict[int | None, set[str]] = {}
    for f in outcome.findings:
        by_row.setdefault(f.row, set()).update(_rules_of(f.message["id"]))
    assert by_row == {2: {OLD_RULE}, 3: {OLD_RULE}, 4: {NEW_RULE}, 5: {NEW_RULE}}
    assert len(outcome.findings) == 4  # nothing else: the names, NIPs and dates are sound


def test_a_bad_as_of_is_unusable_input(sources: Sources, tmp_path: Path) -> None:
    roster = _roster(tmp_path / "roster.csv", BEFORE_REPEAL, BEFORE_REPEAL)
    with pytest.raises(UnusableInput, match="YYYY-MM-DD"):
        validate_paths([roster], sources=sources, as_of="1 Juni 2024")


def test_a_row_from_before_any_regulation_is_checked_at_its_end(
    sources: Sources, tmp_path: Path
) -> None:
    # held since 2024-01-01, before 11/2024 applied (2024-03-05): the rules at the end, today's
    outcome = validate_paths(
        [_roster(tmp_path / "r.csv", "2024-01-01", "2024-01-01")], sources=sources
    )
    assert _rules(outcome) == {NEW_RULE}
    # ... or those on its selesai, when it has one (and the other row ends with it)
    roster = tmp_path / "ended.csv"
    roster.write_text(
        HEADER
        + "".join(
            f"Orang {n},19900101201501{1001 + n},Kepala Sub Bidang Promosi,,struktural,,"
            f"2024-01-01,{BEFORE_REPEAL}\n"
            for n in range(2)
        ),
        encoding="utf-8",
    )
    assert _rules(validate_paths([roster], sources=sources)) == {OLD_RULE}
