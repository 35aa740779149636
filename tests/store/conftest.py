"""The store tests share the sample project tree of the server tests."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "server"))

from servertree import make_tree
from virtuoso_support import running_virtuoso

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings
from sotk_kg.store.virtuoso import VirtuosoServer


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """The sample tree under the canonical base."""
    return dataclasses.replace(Settings(), root=make_tree(tmp_path / "tree"), base=DEFAULT_BASE)


@pytest.fixture(scope="module")
def virtuoso() -> Iterator[VirtuosoServer]:
    """An empty Virtuoso server for the module's tests (tests/store/virtuoso_support.py)."""
    with running_virtuoso() as server:
        yield server
