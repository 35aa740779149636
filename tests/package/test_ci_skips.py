"""In CI (CI=true) a skipped test fails the run, a skipped module is an error, and an expected
failure stays an expected failure; outside CI a skip is a skip. Runs the suite's own conftest on a
small sample suite in a pytest of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from repo_paths import REPO_ROOT

SAMPLE = """
import pytest

def test_runs():
    pass

def test_skips():
    pytest.skip("no browser here")

@pytest.mark.skipif(True, reason="no corpus here")
def test_skipped_by_mark():
    pass

@pytest.mark.xfail(reason="known defect", strict=True)
def test_expected_failure():
    assert False
"""
CI_SKIP_MESSAGE = "skipped in CI (CI=true), where every test must run: "
SKIPPED_MODULE = """
import pytest

pytest.skip("no oxigraph CLI", allow_module_level=True)
"""


def run_sample(folder: Path, ci: str | None, sample: str) -> subprocess.CompletedProcess[str]:
    for name in ("conftest.py", "repo_paths.py"):
        shutil.copy(REPO_ROOT / "tests" / name, folder / name)
    (folder / "test_sample.py").write_text(sample)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", str(folder)],
        capture_output=True, text=True, cwd=folder, env=env, timeout=120,
    )  # fmt: skip


def test_in_ci_a_skip_fails_the_run_and_an_xfail_stays(tmp_path: Path) -> None:
    result = run_sample(tmp_path, "true", SAMPLE)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    # the skip in the test fails it; the skipif mark skips in the setup: an error
    summary = result.stdout.splitlines()[-1]
    assert "1 failed, 1 passed, 1 xfailed, 1 error in" in summary, result.stdout
    assert f"FAILED test_sample.py::test_skips - {CI_SKIP_MESSAGE}no browser here" in result.stdout
    assert f"ERROR test_sample.py::test_skipped_by_mark - {CI_SKIP_MESSAGE}no corpus here" in (
        result.stdout
    )


def test_in_ci_a_module_skipped_at_import_is_an_error(tmp_path: Path) -> None:
    result = run_sample(tmp_path, "true", SKIPPED_MODULE)
    assert result.returncode == pytest.ExitCode.INTERRUPTED, result.stdout  # a collection error
    assert f"ERROR test_sample.py - {CI_SKIP_MESSAGE}no oxigraph CLI" in result.stdout


def test_outside_ci_a_skip_is_a_skip(tmp_path: Path) -> None:
    result = run_sample(tmp_path, None, SAMPLE)
    assert result.returncode == pytest.ExitCode.OK, result.stdout
    assert "1 passed, 2 skipped, 1 xfailed in" in result.stdout.splitlines()[-1], result.stdout
