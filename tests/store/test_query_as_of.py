"""`sotk-kg query --as-of`: the default graph is the law in force on that day (the repeal pair,
tests/repeal_pair.py: the Kepala Sub Bidang Promosi's superior before and after the repeal)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from repeal_pair import BEFORE_REPEAL, NEW_SUPERIOR, OLD_SUPERIOR, SUPERIOR, build_pair_root


@pytest.fixture(scope="module")
def pair_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_pair_root(tmp_path_factory.mktemp("pair-cli"))


def _query(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOTK_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "sotk_kg.cli", "query", *args, "--format", "csv"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_today_and_as_of_a_day_before_the_repeal(pair_root: Path) -> None:
    today = _query(pair_root, SUPERIOR)
    assert today.returncode == 0, today.stderr
    assert today.stdout.split() == ["superior", NEW_SUPERIOR]
    before = _query(pair_root, "--as-of", BEFORE_REPEAL, SUPERIOR)
    assert before.stdout.split() == ["superior", OLD_SUPERIOR]


def test_a_bad_day_or_a_dataset_beside_it_is_refused(pair_root: Path) -> None:
    bad = _query(pair_root, "--as-of", "2024-02-30", SUPERIOR)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    graph = "https://w3id.org/sotk-kg/graph/ontology"
    with_from = SUPERIOR.replace("WHERE", f"FROM <{graph}> WHERE")
    both = _query(pair_root, "--as-of", BEFORE_REPEAL, with_from)
    assert both.returncode == 2 and "FROM" in both.stderr
