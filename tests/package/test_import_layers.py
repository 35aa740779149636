"""The import graph points down (README, "How the data flows"): the import-linter contracts of
pyproject.toml hold for the package, and each one breaks when an import against it is planted in a
copy of the package, so a contract weakened by mistake (a layer dropped, two layers merged) fails
here instead of passing everything."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from repo_paths import REPO_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
LAYERS = "Dependencies point down"
PURE_BUILD = "The pipeline reads no settings and no store"
NO_WEB = "No web framework below the server"


def lint_imports(checkout: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the package `sotk_kg` of `checkout`, with its pyproject.toml."""
    assert LINT_IMPORTS.is_file(), "import-linter is missing: pip install -e '.[test]'"
    # this copy, not the installed package; wide, so that no line of the report wraps
    env = {**os.environ, "PYTHONPATH": str(checkout), "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(checkout / "pyproject.toml")],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_package_keeps_its_contracts() -> None:
    run = lint_imports(REPO_ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 kept, 0 broken" in run.stdout


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """The code of the checkout (no data) and its pyproject.toml, to plant imports in."""
    shutil.copytree(
        REPO_ROOT / "sotk_kg",
        tmp_path / "sotk_kg",
        ignore=shutil.ignore_patterns("static", "templates", "__pycache__", "*.egg-info"),
    )
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def plant(checkout: Path, module: str, code: str) -> None:
    path = checkout / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + code + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "code", "contract", "arrow"),
    [
        # the arrow that was there: the store reaching up for the server's backends, lazily
        (
            "sotk_kg.store.remote",
            "def _planted():\n    from sotk_kg.server import app\n",
            LAYERS,
            "sotk_kg.store.remote -> sotk_kg.server.app",
        ),
        # checks and store are independent of each other
        ("sotk_kg.checks.report", "import sotk_kg.store.load", LAYERS, "sotk_kg.store.load"),
        # the IRI rules at the bottom import nothing of the project's configuration
        ("sotk_kg.iris", "import sotk_kg.settings", LAYERS, "sotk_kg.iris -> sotk_kg.settings"),
        ("sotk_kg.pipeline.emit", "import sotk_kg.settings", PURE_BUILD, "sotk_kg.settings"),
        ("sotk_kg.checks.report", "import fastapi", NO_WEB, "fastapi"),
    ],
)
def test_a_planted_import_breaks_its_contract(
    package_copy: Path, module: str, code: str, contract: str, arrow: str
) -> None:
    plant(package_copy, module, code)
    run = lint_imports(package_copy)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"{contract} BROKEN" in run.stdout
    assert arrow in run.stdout.split("Broken contracts", 1)[1]


def test_a_module_outside_every_layer_is_refused(package_copy: Path) -> None:
    (package_copy / "sotk_kg" / "helpers.py").write_text('"""Nowhere in the layers."""\n')
    run = lint_imports(package_copy)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"{LAYERS} BROKEN" in run.stdout
    assert "sotk_kg.helpers" in run.stdout.split("Broken contracts", 1)[1]
