"""A roster dated before and after an amendment is checked against the rules in force on each
date. Read from the fixtures (tests/fixtures/README.md): Perwal Sukamaju 7/2023 applies from
2023-03-14; its amending act Perwal 15/2024 applies from its promulgation, 2024-07-01, inserts
Pasal 12A (the Sub Koordinator yang melaksanakan fungsi Perparkiran) and deletes Pasal 16 (the Sub
Koordinator yang melaksanakan fungsi Angkutan Barang)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from repo_paths import REPO_ROOT

from sotk_kg.checks.validation import Sources, ValidationOutcome, validate_paths
from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings

FIXTURES = REPO_ROOT / "tests" / "fixtures"
SOURCES = (FIXTURES / "perwal-contoh-2023-7.txt", FIXTURES / "perwal-contoh-2024-15-perubahan.txt")
HEADER = "nama,nip,jabatan,unit,jenis_jabatan,jenjang,mulai,selesai\n"
BEFORE, AFTER = "2024-01-02", "2024-08-01"
# CSV line 2: the deleted post; line 3: the inserted one
DELETED, INSERTED = 2, 3
UNKNOWN_POST = "https://w3id.org/sotk-kg/def/shapes#MembershipPostShape"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    from sotk_kg.pipeline.build import build_files

    root = tmp_path_factory.mktemp("amended-roster")
    for folder in ("ontology", "shapes"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    build_files(list(SOURCES), root / "data" / "graph", DEFAULT_BASE)
    return Sources.from_settings(dataclasses.replace(Settings(), root=root, base=DEFAULT_BASE))


def _roster(path: Path, day: str) -> Path:
    path.write_text(
        HEADER + f"Dewi Anggraini,198507092010012003,Sub Koordinator Angkutan Barang,,fungsional,"
        f"Ahli Muda,{day},\n"
        + f"Rina Marlina,198601012010012002,Sub Koordinator Perparkiran,,fungsional,"
        f"Ahli Muda,{day},\n",
        encoding="utf-8",
    )
    return path


def _unknown_posts(outcome: ValidationOutcome) -> set[int | None]:
    return {f.row for f in outcome.findings if f.rule == UNKNOWN_POST}


@pytest.mark.parametrize(("day", "unknown"), [(BEFORE, {INSERTED}), (AFTER, {DELETED})])
def test_each_rows_mulai_chooses_the_version(
    sources: Sources, tmp_path: Path, day: str, unknown: set[int]
) -> None:
    outcome = validate_paths([_roster(tmp_path / "roster.csv", day)], sources=sources)
    assert not outcome.conforms
    assert _unknown_posts(outcome) == unknown
    assert {f.row for f in outcome.findings} == unknown  # nothing else is wrong with the rows


@pytest.mark.parametrize(("as_of", "unknown"), [(BEFORE, {INSERTED}), (AFTER, {DELETED})])
def test_the_rosters_date_overrides_the_rows(
    sources: Sources, tmp_path: Path, as_of: str, unknown: set[int]
) -> None:
    # rows starting before the amendment, checked as of a day after it (and the other way round)
    other = AFTER if as_of == BEFORE else BEFORE
    roster = _roster(tmp_path / "roster.csv", other)
    assert _unknown_posts(validate_paths([roster], sources=sources, as_of=as_of)) == unknown
