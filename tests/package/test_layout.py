"""One import namespace and explicit wiring: every code package is in the wheel's package list,
the data folders are found through `sotk_kg.resources` (the checkout here), what is written goes
beside the data or to the user's cache (never into the installed package), the validator named
across the process boundary imports, and every command is registered."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest
from repo_paths import REPO_ROOT

from sotk_kg import cli, resources
from sotk_kg.server.validation_runner import VALIDATOR_MODULE
from sotk_kg.settings import Settings


def test_every_code_package_is_listed_and_every_data_folder_mapped() -> None:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    code = {
        ".".join(init.parent.relative_to(REPO_ROOT).parts)
        for init in (REPO_ROOT / "sotk_kg").rglob("__init__.py")
    }
    mapped = config["package-dir"]
    assert set(config["packages"]) == code | set(mapped)
    for package, folder in mapped.items():
        assert package.startswith("sotk_kg.resources.") and (REPO_ROOT / folder).is_dir()
        # mapped where sotk_kg.resources looks for it once installed
        assert package.removeprefix("sotk_kg.resources.").replace(".", "/") == folder


def test_a_checkout_reads_its_own_top_level_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOTK_ROOT", raising=False)
    assert resources.CHECKOUT == resources.DATA_ROOT == REPO_ROOT
    assert Settings().root == REPO_ROOT
    assert Settings().ontology_dir == REPO_ROOT / "ontology"
    monkeypatch.setenv("SOTK_ROOT", "/srv/sotk-data")
    assert Settings().root == Path("/srv/sotk-data")


def test_caches_stay_beside_the_data_but_out_of_the_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resources.cache_dir(REPO_ROOT, "validation") == REPO_ROOT / ".cache" / "validation"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    packaged = resources.cache_dir(resources.PACKAGED_ROOT, "validation")
    assert packaged == tmp_path / "sotk-kg" / "validation"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    packaged = resources.cache_dir(resources.PACKAGED_ROOT, "validation")
    assert packaged == tmp_path / "home" / ".cache" / "sotk-kg" / "validation"


def test_the_validator_named_for_the_workers_imports_and_validates() -> None:
    validator = importlib.import_module(VALIDATOR_MODULE)
    assert callable(validator.validate_upload)
    assert callable(validator.Sources.from_settings)


def test_every_command_is_registered() -> None:
    parser = cli.make_parser()
    [commands] = [a for a in parser._actions if a.dest == "command"]
    assert list(commands.choices) == [
        "markup",
        "build",
        "stats",
        "validate",
        "load",
        "query",
        "serve",
    ]
