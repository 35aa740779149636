"""Every comparison of the roster rules (shapes/roster.shacl.ttl), at its boundary and one unit
either side, on the fixture structure: its Sub Koordinator needs at least Ahli Muda (rank 2 of
the keahlian ladder), or a fallback grade of Ahli Pertama (keahlian 1) or Penyelia
(keterampilan 4) when no functional official of the minimum grade is available (Pasal 25 (2)-(3)
of the seed regulation, rule 1); periods of office overlap unless one ends before the other
starts (a day in common is an overlap)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapes_support import SOTKSH, STRUCTURE, mutated_structure, sources_with_graph

from sotk_kg.checks.validation import Sources, validate_paths

HEADER = "nama,nip,jabatan,jenis_jabatan,jenjang,mulai,selesai"
DEWI = "Dewi Anggraini,198507092010012003,Sub Koordinator Pembinaan Usaha,fungsional"
RINA = "Rina Marlina,199001012015032002,Pejabat Fungsional,fungsional"
ANDI = "Andi Wijaya,197501022000031001"


def findings(sources: Sources, tmp_path: Path, *rows: str) -> set[tuple[str, int | None]]:
    roster = tmp_path / "roster.csv"
    roster.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    outcome = validate_paths([roster], sources=sources)
    return {(f.rule[len(SOTKSH) :], f.row) for f in outcome.findings}


@pytest.fixture
def no_fallback(tmp_path: Path) -> Sources:
    """The fixture structure whose grade rule has no fallback grade: the minimum alone."""
    graph = tmp_path / "graph"
    graph.mkdir()
    mutated_structure(
        "DELETE WHERE { ?rule <https://w3id.org/sotk-kg/def/sotk#fallbackGrade> ?g }",
        graph / "structure.ttl",
    )
    return sources_with_graph(graph)


GRADE = "SubKoordinatorHolderGradeShape"


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        ("Ahli Pertama", {(GRADE, 2)}),  # rank 1 = minimum - 1
        ("Ahli Muda", set()),  # rank 2 = the minimum
        ("Ahli Madya", set()),  # rank 3 = minimum + 1
        ("Penyelia", {(GRADE, 2)}),  # rank 4, but of the other ladder
    ],
)
def test_minimum_grade(no_fallback: Sources, tmp_path: Path, grade: str, expected: set) -> None:
    assert findings(no_fallback, tmp_path, f"{DEWI},{grade},2022-01-03,") == expected


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        ("Terampil", {(GRADE, 2)}),  # rank 2 = fallback Penyelia - 2
        ("Mahir", {(GRADE, 2)}),  # rank 3 = fallback - 1
        ("Penyelia", set()),  # rank 4 = the fallback
        ("Ahli Pertama", set()),  # the fallback of the keahlian ladder (its rank 1)
    ],
)
def test_fallback_grade(published: Sources, tmp_path: Path, grade: str, expected: set) -> None:
    assert findings(published, tmp_path, f"{DEWI},{grade},2022-01-03,") == expected


FALLBACK = "SubKoordinatorFallbackShape"


@pytest.mark.parametrize(
    ("rina_grade", "expected"),
    [
        ("Ahli Pertama", set()),  # rank 1 = minimum - 1: not a better choice
        ("Ahli Muda", {(FALLBACK, 2)}),  # rank 2 = the minimum: she should have been chosen
        ("Ahli Madya", {(FALLBACK, 2)}),  # rank 3
    ],
)
def test_available_official_grade(
    published: Sources, tmp_path: Path, rina_grade: str, expected: set
) -> None:
    dewi = f"{DEWI},Ahli Pertama,2022-01-03,"
    assert findings(published, tmp_path, dewi, f"{RINA},{rina_grade},2022-01-03,") == expected


@pytest.mark.parametrize(
    ("dewi_period", "rina_period", "expected"),
    [
        # Rina leaves the day before, the day, the day after Dewi starts
        ("2022-01-03,", "2019-01-02,2022-01-02", set()),
        ("2022-01-03,", "2019-01-02,2022-01-03", {(FALLBACK, 2)}),
        ("2022-01-03,", "2019-01-02,2022-01-04", {(FALLBACK, 2)}),
        # Rina starts the day before, the day, the day after Dewi leaves
        ("2022-01-03,2022-06-30", "2022-06-29,", {(FALLBACK, 2)}),
        ("2022-01-03,2022-06-30", "2022-06-30,", {(FALLBACK, 2)}),
        ("2022-01-03,2022-06-30", "2022-07-01,", set()),
    ],
)
def test_available_at_the_same_time(
    published: Sources, tmp_path: Path, dewi_period: str, rina_period: str, expected: set
) -> None:
    rows = (f"{DEWI},Ahli Pertama,{dewi_period}", f"{RINA},Ahli Muda,{rina_period}")
    assert findings(published, tmp_path, *rows) == expected


ONE_POST = "OneStructuralPostShape"


@pytest.mark.parametrize(
    ("bidang_until", "expected"),
    [
        ("2022-01-02", set()),  # the day before the Kepala Dinas post starts
        ("2022-01-03", {(ONE_POST, 2), (ONE_POST, 3)}),  # the same day: both posts that day
        ("2022-01-04", {(ONE_POST, 2), (ONE_POST, 3)}),
    ],
)
def test_one_structural_post_at_a_time(
    published: Sources, tmp_path: Path, bidang_until: str, expected: set
) -> None:
    rows = (
        f"{ANDI},Kepala Bidang Pembinaan,struktural,,2019-01-02,{bidang_until}",
        f"{ANDI},Kepala Dinas,struktural,,2022-01-03,",
    )
    assert findings(published, tmp_path, *rows) == expected


def test_the_fixture_structure_is_what_the_cases_assume() -> None:
    text = STRUCTURE.read_text(encoding="utf-8")
    assert "sotk:minimumGrade <id/concept/jenjang-jabatan-fungsional/ahli-muda>" in text
    assert (
        "sotk:fallbackGrade <id/concept/jenjang-jabatan-fungsional/ahli-pertama>, "
        "<id/concept/jenjang-jabatan-fungsional/penyelia>"
    ) in text
