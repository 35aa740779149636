"""Roster shapes: one minimal roster per shape (fixtures/rosters/<Shape>.csv, each one change to
conforming.csv), validated against the hand-written structure published next to a second Dinas
with the same post names (so a result must not depend on what else is published). Row numbers
are CSV line numbers (the header is line 1): Andi 2, Sri 3, Budi 4, Dewi 5, Rina 6, Joko 7.
MembershipPostAmbiguousShape.csv keeps only Andi and Sri, whose posts both Dinas have."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from repo_paths import REPO_ROOT
from shapes_support import FIXTURES, SOTKSH, assert_declared_messages

from sotk_kg.checks.validation import Sources, validate_paths

ROSTERS = FIXTURES / "rosters"
SEKRETARIS = "https://w3id.org/sotk-kg/id/post/kab-contoh/dinas-contoh/sekretaris"

# shape -> rows it must report, read off the fixture (see the module docstring)
EXPECTED_ROWS = {
    "SubKoordinatorHolderFunctionalShape": {5},  # Dewi, a pelaksana, as Sub Koordinator
    "SubKoordinatorHolderGradeShape": {5},  # Dewi, Mahir (keterampilan 3 < Penyelia 4)
    "SubKoordinatorFallbackShape": {5},  # Dewi Ahli Pertama while Rina is Ahli Muda
    "Membership-name": {6},  # Rina's name left empty
    "Membership-start": {7},  # 03/01/2022 is not YYYY-MM-DD
    "Membership-end": {7},  # selesai "kemarin"
    "Membership-nip": {7},  # 17 digits
    "NipDatesShape": {7},  # birth month 13
    "MembershipPostShape": {7},  # "Kepala Seksi Pelayanan" is not a post of the structure
    "MembershipPostAmbiguousShape": {2, 3},  # Kepala Dinas and Sekretaris of which Dinas?
    "MembershipJenisShape": {7},  # jenis jabatan "honorer"
    "MembershipGradeShape": {6},  # jenjang "Ahli Tengah"
    "OneStructuralPostShape": {2, 4},  # Andi (same NIP) as Kepala Dinas and Kepala Bidang
    # Hadi Kepala Dinas from 2023 while Andi is (open-ended); Umar's term ended before Andi's
    "SingleHolderShape": {2, 8},
    # Bambang given Budi's NIP; Andi written "ANDI  wijaya" with his NIP is the same person
    "OneNipOnePersonShape": {4, 8},
    "PeriodOrderShape": {7},  # Joko: selesai 2021-12-31, mulai 2022-01-03
    "AppointmentAgeShape": {7},  # Joko: NIP born 2012-12-01, mulai 2022-01-03, aged 9
}


def rules_and_rows(outcome) -> set[tuple[str, int | None]]:
    return {(f.rule[len(SOTKSH) :], f.row) for f in outcome.findings}


@pytest.mark.parametrize("complete", [False, True])
def test_conforming_roster(two_dinas: Sources, complete: bool) -> None:
    outcome = validate_paths([ROSTERS / "conforming.csv"], sources=two_dinas, complete=complete)
    assert outcome.findings == []
    assert outcome.conforms


@pytest.mark.parametrize("shape", sorted(EXPECTED_ROWS))
def test_roster_violation(two_dinas: Sources, shape: str) -> None:
    outcome = validate_paths([ROSTERS / f"{shape}.csv"], sources=two_dinas)
    assert not outcome.conforms
    assert rules_and_rows(outcome) == {(shape, row) for row in EXPECTED_ROWS[shape]}
    for finding in outcome.findings:
        assert finding.source.endswith(f"{shape}.csv")
        # the focus is the row itself (the first roster of the call, its CSV line)
        assert finding.focus == f"urn:sotk-roster:1:baris:{finding.row}"
        assert_declared_messages(finding)


def test_incomplete_roster_claiming_completeness(published: Sources) -> None:
    path = ROSTERS / "CompleteRosterShape.csv"
    assert validate_paths([path], sources=published).conforms  # without the claim: fine
    outcome = validate_paths([path], sources=published, complete=True)
    assert [(f.rule[len(SOTKSH) :], f.focus, f.value) for f in outcome.findings] == [
        ("CompleteRosterShape", "urn:sotk-roster:1", SEKRETARIS)
    ]
    assert_declared_messages(outcome.findings[0])


def test_rdf_roster_membership_without_member(published: Sources) -> None:
    outcome = validate_paths([ROSTERS / "Membership-member.ttl"], sources=published)
    # no person: so also no name and no NIP on that membership; m1 conforms
    m2 = "https://example.org/roster/m2"
    assert {(f.rule[len(SOTKSH) :], f.focus) for f in outcome.findings} == {
        ("Membership-member", m2),
        ("Membership-name", m2),
        ("Membership-nip", m2),
    }


@pytest.mark.parametrize(
    ("grade", "conforms"),
    [
        ("Ahli Madya", True),  # above the minimum on the same ladder
        ("Ahli Pertama", True),  # fallback, and no Ahli Muda in the roster
        ("Penyelia", True),  # fallback of the other ladder
        ("Terampil", False),  # below the fallback Penyelia
    ],
)
def test_grade_ranks_from_the_ladders(
    published: Sources, tmp_path: Path, grade: str, conforms: bool
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "nama,nip,jabatan,jenis_jabatan,jenjang\n"
        f"Dewi Anggraini,198507092010012003,Sub Koordinator Pembinaan Usaha,fungsional,{grade}\n",
        encoding="utf-8",
    )
    outcome = validate_paths([roster], sources=published)
    assert outcome.conforms is conforms
    expected = set() if conforms else {("SubKoordinatorHolderGradeShape", 2)}
    assert rules_and_rows(outcome) == expected


def test_roster_is_never_written_to_the_published_graph(published: Sources) -> None:
    before = {p.name: p.read_bytes() for p in published.graph_dir.iterdir()}
    validate_paths([ROSTERS / "OneStructuralPostShape.csv"], sources=published)
    assert {p.name: p.read_bytes() for p in published.graph_dir.iterdir()} == before


def test_every_roster_rule_has_a_fixture() -> None:
    sh = Namespace("http://www.w3.org/ns/shacl#")
    graph = Graph().parse(REPO_ROOT / "shapes" / "roster.shacl.ttl")
    rules = {
        str(s)[len(SOTKSH) :]
        for s in set(graph.subjects(sh.message, None)) | set(graph.subjects(sh.sparql, None))
        if isinstance(s, URIRef)
    }
    covered = set(EXPECTED_ROWS) | {"CompleteRosterShape", "Membership-member"}
    assert rules == covered


def test_consecutive_structural_posts_are_allowed(published: Sources, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "nama,nip,jabatan,jenis_jabatan,mulai,selesai\n"
        "Andi Wijaya,197501022000031001,Kepala Bidang Pembinaan,struktural,2019-01-02,2021-12-31\n"
        "Andi Wijaya,197501022000031001,Kepala Dinas,struktural,2022-01-03,\n",
        encoding="utf-8",
    )
    assert validate_paths([roster], sources=published).findings == []
    overlapping = tmp_path / "overlap.csv"
    overlapping.write_text(roster.read_text().replace("2021-12-31", "2022-06-30"), encoding="utf-8")
    outcome = validate_paths([overlapping], sources=published)
    assert rules_and_rows(outcome) == {("OneStructuralPostShape", 2), ("OneStructuralPostShape", 3)}


@pytest.mark.parametrize(("rina_until", "expected"), [("2021-12-31", set()), ("2022-06-30", {5})])
def test_fallback_needs_an_available_official_at_the_same_time(
    published: Sources, tmp_path: Path, rina_until: str, expected: set[int]
) -> None:
    # Rina (row 6), Ahli Muda, blocks the fallback grade of Dewi (row 5, Ahli Pertama, Sub
    # Koordinator from 2022-01-03) only while she is in office at the same time
    rows = (ROSTERS / "SubKoordinatorFallbackShape.csv").read_text(encoding="utf-8").splitlines()
    rows[0] += ",selesai"
    # Rina starts in 2020, so that her period is a period (sotksh:PeriodOrderShape)
    rows = [rows[0]] + [
        r.replace("2022-01-03", "2020-01-02") + "," + rina_until
        if r.startswith("Rina")
        else r + ","
        for r in rows[1:]
    ]
    roster = tmp_path / "roster.csv"
    roster.write_text("\n".join(rows) + "\n", encoding="utf-8")
    outcome = validate_paths([roster], sources=published)
    assert rules_and_rows(outcome) == {("SubKoordinatorFallbackShape", row) for row in expected}


def test_two_heads_at_once_also_with_complete(published: Sources) -> None:
    # a roster that claims completeness is still checked for two holders of one "seorang" post
    outcome = validate_paths([ROSTERS / "SingleHolderShape.csv"], sources=published, complete=True)
    assert rules_and_rows(outcome) == {("SingleHolderShape", 2), ("SingleHolderShape", 8)}
    # the message names the provision the post comes from ("dipimpin oleh seorang")
    assert all("Pasal 1 ayat (1)" in f.message["id"] for f in outcome.findings)
