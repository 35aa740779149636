"""A Virtuoso server of the test's own (sotk_kg.store.virtuoso.VirtuosoServer) in a temporary
folder: started on free loopback ports, stopped (and its folder removed) even when a test fails.
Skipped, naming the package, only where `virtuoso-t` is not installed (under CI=true the skip
fails the run: scripts/debian-packages.txt installs it)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sotk_kg.store.virtuoso import SERVER_NAMES, VirtuosoServer, find_program

# Virtuoso's own limits for the tests: above the endpoint's row cap (it cuts silently at its own)
TEST_TIMEOUT_S = 20
TEST_MAX_ROWS = 500_000


@contextmanager
def running_virtuoso() -> Iterator[VirtuosoServer]:
    if find_program(SERVER_NAMES) is None:
        pytest.skip("Virtuoso is not installed (Debian package virtuoso-opensource: virtuoso-t)")
    folder = Path(tempfile.mkdtemp(prefix="sotk-virtuoso-"))
    server = VirtuosoServer(folder, timeout_s=TEST_TIMEOUT_S, max_rows=TEST_MAX_ROWS)
    try:
        with server:
            yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
