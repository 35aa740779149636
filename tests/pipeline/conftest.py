"""Parsed regulation texts shared by the pipeline tests (parsed once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.tree import Document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _parse(path: Path) -> Document:
    return parse_document(path.read_text(encoding="utf-8"), path.name)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures: regulation texts described in its README.md."""
    return FIXTURES


@pytest.fixture(scope="session")
def seed_doc(repo_root: Path) -> Document:
    return _parse(repo_root / "data" / "source" / "perbup-bekasi-99-2021.txt")


@pytest.fixture(scope="session")
def perwal_doc() -> Document:
    return _parse(FIXTURES / "perwal-contoh-2023-7.txt")


@pytest.fixture(scope="session")
def perwal_ocr_doc() -> Document:
    return _parse(FIXTURES / "perwal-contoh-2023-7-ocr.txt")


@pytest.fixture(scope="session")
def perbup_contoh_doc() -> Document:
    """Memperhatikan block and Pasal headings sharing a line with their text."""
    return _parse(FIXTURES / "perbup-contoh-2024-3.txt")
