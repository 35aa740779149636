"""The minimum age at appointment (PP 11/2017 Pasal 23 ayat (1) huruf a: 18 when applying to
become a PNS), at its boundary: a warning (sotksh:AppointmentAgeShape) when the NIP's birth date
puts the row's start date, or the NIP's appointment month (its last day), before the 18th
birthday. Expected verdicts worked out by hand from the calendar."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapes_support import SOTKSH, assert_declared_messages

from sotk_kg.checks.validation import Sources, validate_paths

BORN = "20000615"  # 18th birthday: 2018-06-15

# (appointment month in the NIP, mulai, warned, age in the message)
CASES = [
    ("201806", "", False, None),  # 2018-06-30 (last day of the month): 18
    ("201805", "", True, "17"),  # 2018-05-31: 17
    ("202001", "2018-06-15", False, None),  # mulai on the 18th birthday
    ("202001", "2018-06-14", True, "17"),  # mulai the day before
    ("202001", "2009-07-01", True, "9"),  # mulai at 9, before the NIP's appointment
    ("201001", "2022-01-03", True, "9"),  # appointed (NIP) in January 2010, aged 9
]


@pytest.mark.parametrize(("appointed", "mulai", "warned", "age"), CASES)
def test_age_at_appointment(
    published: Sources, tmp_path: Path, appointed: str, mulai: str, warned: bool, age: str | None
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        f"nama,nip,jabatan,jenis_jabatan,mulai\nJoko,{BORN}{appointed}1001,Pelaksana,pelaksana,{mulai}\n",
        encoding="utf-8",
    )
    findings = validate_paths([roster], sources=published).findings
    ages = [f for f in findings if f.rule == f"{SOTKSH}AppointmentAgeShape"]
    assert [f.row for f in ages] == ([2] if warned else [])
    for finding in ages:
        assert finding.severity == "Warning"
        assert f"berumur {age} tahun" in finding.message["id"]
        assert f"was only {age} on" in finding.message["en"]
        assert_declared_messages(finding)
        # the rule cites PP 11/2017 and names it
        assert finding.provisions == [
            "https://w3id.org/sotk-kg/eli/id/pp/id/2017/11/pasal/23/ayat/1/huruf/a"
        ]
        assert "Peraturan Pemerintah Nomor 11 Tahun 2017" in finding.provision_labels["id"][0]
