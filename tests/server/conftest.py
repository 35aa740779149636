"""Fixtures of the server tests: the sample tree of `servertree.py` served by a real server
(`liveserver.py`) with a short time limit and a small row cap so that the limits show."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from liveserver import TEST_MAX_BODY, TEST_MAX_ROWS, TEST_TIMEOUT, LiveServer
from servertree import make_tree

from sotk_kg.settings import Settings


@pytest.fixture(scope="session")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tree(tmp_path_factory.mktemp("tree"))


@pytest.fixture(scope="session")
def server_settings(sample_root: Path) -> Settings:
    return dataclasses.replace(
        Settings(),
        root=sample_root,
        store=None,
        timeout=TEST_TIMEOUT,
        workers=4,  # the default's minimum: two runaway queries leave workers for the rest
        queue_wait=2.0,
        max_rows=TEST_MAX_ROWS,
        max_body=TEST_MAX_BODY,
        remote_query="",
        remote_store="",
        base="https://w3id.org/sotk-kg",
    )


@pytest.fixture(scope="session")
def live(server_settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(server_settings) as srv:
        yield srv


@pytest.fixture()
def http(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as client:
        yield client
