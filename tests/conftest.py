"""Fixtures shared by every part of the suite. Each part keeps its own in its folder's conftest."""

from __future__ import annotations

from pathlib import Path

import pytest
from repo_paths import REPO_ROOT

from sotk_kg.settings import Settings

SEED_SOURCE = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()
