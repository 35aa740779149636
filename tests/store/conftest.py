"""The store tests share the sample project tree of the server tests."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "server"))

from servertree import make_tree

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """The sample tree under the canonical base."""
    return dataclasses.replace(Settings(), root=make_tree(tmp_path / "tree"), base=DEFAULT_BASE)
