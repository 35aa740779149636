"""The code's part of the validation cache key (sotk_kg.checks.cache.code_identity): the package's
version and CACHE_FORMAT, plus, in a checkout, the sources of every module; how a checkout is told
from an installed wheel."""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata
from pathlib import Path, PurePosixPath

import pytest

from sotk_kg.checks import cache

HERE = "sotk_kg/checks/cache.py"  # this module's path inside an installed wheel


@pytest.fixture
def shapes_file(tmp_path: Path) -> list[tuple[str, Path]]:
    path = tmp_path / "a.shacl.ttl"
    path.write_text("# shapes\n")
    return [("shapes/a.shacl.ttl", path)]


@pytest.fixture
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small package tree standing for sotk_kg/, in a checkout."""
    package = tmp_path / "pkg"
    (package / "checks").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "checks" / "rules.py").write_text("LIMIT = 1\n")
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    monkeypatch.setattr(cache, "installed_copy", lambda: False)
    return package


def key(files: list[tuple[str, Path]]) -> str:
    return cache.context_digest(files, "https://example.org/kg")


def test_same_inputs_same_key(shapes_file: list[tuple[str, Path]], sources: Path) -> None:
    assert key(shapes_file) == key(shapes_file)


def test_cache_format_and_version_change_the_key(
    shapes_file: list[tuple[str, Path]], sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = key(shapes_file)
    monkeypatch.setattr(cache, "CACHE_FORMAT", cache.CACHE_FORMAT + 1)
    bumped = key(shapes_file)
    monkeypatch.setattr(cache, "package_version", lambda: "99.0")
    released = key(shapes_file)
    assert len({before, bumped, released}) == 3


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda p: (p / "checks" / "rules.py").write_text("LIMIT = 2\n"), id="edited"),
        pytest.param(lambda p: (p / "checks" / "new.py").write_text(""), id="added"),
        pytest.param(lambda p: (p / "checks" / "rules.py").rename(p / "rules.py"), id="moved"),
        pytest.param(lambda p: (p / "__init__.py").unlink(), id="deleted"),
    ],
)
def test_in_a_checkout_any_source_change_changes_the_key(
    shapes_file: list[tuple[str, Path]], sources: Path, edit: Callable[[Path], object]
) -> None:
    before = key(shapes_file)
    edit(sources)
    assert key(shapes_file) != before


def test_other_files_of_the_package_are_not_code(
    shapes_file: list[tuple[str, Path]], sources: Path
) -> None:
    before = key(shapes_file)
    (sources / "checks" / "notes.txt").write_text("not Python\n")
    assert key(shapes_file) == before


def test_an_installed_wheel_is_keyed_by_its_version_only(
    shapes_file: list[tuple[str, Path]], sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "installed_copy", lambda: True)
    before = key(shapes_file)
    (sources / "checks" / "rules.py").write_text("LIMIT = 2\n")
    assert key(shapes_file) == before
    assert cache.code_identity() == [f"sotk-kg={cache.package_version()}"]


class FakeDistribution:
    """What importlib.metadata tells of an installed sotk-kg: its files and where they are."""

    def __init__(self, root: Path, files: list[str], record: bool = True) -> None:
        self.root, self.record = root, record
        self.files = [PurePosixPath(f) for f in files]

    def read_text(self, name: str) -> str | None:
        return "..." if name == "RECORD" and self.record else None

    def locate_file(self, path: str) -> Path:
        return self.root / path


@pytest.mark.parametrize(
    ("distribution", "installed"),
    [
        pytest.param(lambda: FakeDistribution(cache.PACKAGE_DIR.parent, [HERE]), True, id="wheel"),
        pytest.param(
            lambda: FakeDistribution(cache.PACKAGE_DIR.parent, ["__editable__.sotk_kg-0.1.pth"]),
            False,
            id="editable",
        ),
        pytest.param(
            lambda: FakeDistribution(cache.PACKAGE_DIR.parent, [HERE], record=False),
            False,
            id="egg-info-in-the-source-tree",
        ),
        pytest.param(
            lambda: FakeDistribution(Path("/elsewhere/site-packages"), [HERE]),
            False,
            id="source-tree-in-front-of-a-wheel",
        ),
    ],
)
def test_installed_copy_or_checkout(
    monkeypatch: pytest.MonkeyPatch, distribution: Callable[[], FakeDistribution], installed: bool
) -> None:
    fake = distribution()
    monkeypatch.setattr(metadata, "distribution", lambda name: fake)
    assert cache.installed_copy() is installed


def test_never_installed_is_a_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", missing)
    monkeypatch.setattr(metadata, "version", missing)
    assert cache.installed_copy() is False
    assert cache.package_version() == "unknown"
