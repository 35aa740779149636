"""Fixtures shared by every part of the suite (each part keeps its own in its folder's conftest),
the checkout's graph built once per session, and the rule that in CI a skip is a failure."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from repo_paths import REPO_ROOT

from sotk_kg.commands.graph_cache import ensure_graph
from sotk_kg.settings import Settings

SEED_SOURCE = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Build the checkout's data/graph/ from data/source/ as `sotk-kg serve` does (reused when
    current), before collection: modules name its files at import. It is not committed, so a
    clean clone builds it here; the golden sample (tests/pipeline/test_golden.py) pins its bytes."""
    ensure_graph(Settings(root=REPO_ROOT))


@pytest.fixture(scope="session")
def seed_graph_dir() -> Path:
    """The checkout's built graph folder (data/graph/), current for this session."""
    return ensure_graph(Settings(root=REPO_ROOT)).folder


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


# In CI (CI=true, as GitHub Actions and most others set it) a test that skips (browser, the oxigraph
# CLI, a corpus missing ...) fails the run: a green CI must mean that every test ran. An expected
# failure (xfail) is a skip to pytest and stays what it is.
CI_SKIP_MESSAGE = "skipped in CI (CI=true), where every test must run: "


def _fail_skip_in_ci(report: pytest.TestReport | pytest.CollectReport) -> None:
    if os.environ.get("CI", "").lower() != "true" or not report.skipped:
        return
    if hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = CI_SKIP_MESSAGE + reason.removeprefix("Skipped: ")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[None]:
    report = yield
    _fail_skip_in_ci(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    report = yield  # a whole module skipped at import (pytest.skip(allow_module_level=True))
    _fail_skip_in_ci(report)
    return report
