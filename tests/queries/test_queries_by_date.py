"""Queries 18-20 (asking by date) with the repeal pair loaded (tests/repeal_pair.py: expected
values read from the texts there). Query 20's expected rows, read from the two texts: Pasal 3
ayat (1) huruf c and d changed (the Sub Bidang moved) and huruf c angka 1-2 deleted; Pasal 4 ayat
(1) changed, ayat (2) huruf b and c changed (the "dan" moved), huruf d inserted; Pasal 7 ayat (4)
deleted and Pasal 8 ayat (3) inserted (the Sub Bidang Promosi under the other Bidang); Pasal 10
changed (the repeal clause), Pasal 11 inserted (entry into force); and the Kepala Sub Bidang
Promosi's superior changed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest
from querycheck import (
    EXPECTED_DIR,
    assert_same_table,
    catalogue,
    expected_table,
    read_csv_table,
)
from repeal_pair import AFTER_REPEAL, BADAN, BEFORE_REPEAL, NEW, OLD, build_pair_root

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings

QUERIES = {q.name.split("-", 1)[0]: q for q in catalogue()}
SEED_POST = "https://w3id.org/sotk-kg/id/post/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah/kepala-dinas"


@pytest.fixture(scope="module")
def pair_store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    from sotk_kg.store.load import load_memory

    root: Path = build_pair_root(tmp_path_factory.mktemp("pair-queries"))
    return load_memory(dataclasses.replace(Settings(), root=root, base=DEFAULT_BASE))


def _csv(store: ox.Store, text: str) -> str:
    answer = store.query(text)
    assert isinstance(answer, ox.QuerySolutions)
    return answer.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")


def _table(store: ox.Store, text: str) -> list[dict[str, str]]:
    header, rows = read_csv_table(_csv(store, text))
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_changes_between_the_repealed_and_the_repealing_regulation(pair_store: ox.Store) -> None:
    query = QUERIES["20"]
    assert_same_table(
        expected_table(EXPECTED_DIR / f"{query.name}.with-repeal-pair.csv"),
        read_csv_table(_csv(pair_store, query.text)),
        ordered=query.is_ordered,
        what=f"{query.name} with the repeal pair",
    )


@pytest.mark.parametrize(
    ("date", "duties", "regulation"), [(BEFORE_REPEAL, 4, OLD), (AFTER_REPEAL, 5, NEW)]
)
def test_duties_of_the_kepala_badan_on_a_date(
    pair_store: ox.Store, date: str, duties: int, regulation: str
) -> None:
    text = (
        QUERIES["19"]
        .text.replace(SEED_POST, f"{BADAN}/kepala-badan")
        .replace('"2022-06-01"', f'"{date}"')
    )
    rows = _table(pair_store, text)
    assert len(rows) == duties
    assert {row["regulation"] for row in rows} == {regulation}


@pytest.mark.parametrize(
    ("date", "superior"),
    [
        (BEFORE_REPEAL, "kepala-bidang-mutasi-dan-promosi"),
        (AFTER_REPEAL, "kepala-bidang-pengembangan-kompetensi"),
    ],
)
def test_the_organisation_chart_on_a_date(pair_store: ox.Store, date: str, superior: str) -> None:
    rows = _table(pair_store, QUERIES["18"].text.replace('"2022-06-01"', f'"{date}"'))
    # one Badan, its Sekretariat and 2 Sub Bagian, 2 Bidang and 2 Sub Bidang, the Kelompok
    # Jabatan Fungsional (Pasal 3 ayat (1) of either text): 9 units, each once
    assert len(rows) == len({row["unit"] for row in rows}) == 9
    unit = "https://w3id.org/sotk-kg/id/org/kab-mekarsari/badan-kepegawaian-dan-pengembangan-sumber-daya-manusia"
    promosi = next(row for row in rows if row["unit"] == f"{unit}/sub-bidang-promosi")
    bidang = superior.removeprefix("kepala-")
    assert promosi["parent"] == f"{unit}/{bidang}"


def test_before_either_regulation_the_chart_is_empty(pair_store: ox.Store) -> None:
    assert _table(pair_store, QUERIES["18"].text.replace('"2022-06-01"', '"2024-01-01"')) == []
