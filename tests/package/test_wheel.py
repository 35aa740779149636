"""The wheel installs anywhere: built from a copy of the checkout, installed with its dependencies
in a fresh virtual environment, and run from a folder that is not the checkout, with no SOTK_ROOT,
it serves the seed regulation over SPARQL (building its graph from the packaged text into the
user's cache folder on first start: built graphs are not package data), validates the graph and
builds the seed's text byte for byte as the golden sample's checksums say (tests/golden/). The
installed copy writes nothing into its own package data.

Selected with `-m wheel`. Dependencies come from the package index pip is configured with (PyPI in
CI). The module takes about 25 s on a warm pip cache and 2 shared cores: building the wheel and
installing it in the new venv about 17 s, starting the server 3 s, validating 4 s, building 1 s.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from repo_paths import REPO_ROOT

pytestmark = pytest.mark.wheel

SEED = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
# The data folders the wheel carries (pyproject.toml maps them under sotk_kg/resources/).
PACKAGED_FOLDERS = ("ontology", "shapes", "queries", "data/source")
GOLDEN_SUMS = REPO_ROOT / "tests" / "golden" / "SHA256SUMS"  # the seed's built files
# What a build of the checkout leaves behind and a wheel must not see (stale build/lib files).
NOT_SOURCES = (".git", ".venv", "build", "*.egg-info", ".cache", "__pycache__", ".pytest_cache",
               ".ruff_cache", "var", "node_modules")  # fmt: skip
START_TIMEOUT = 90.0  # s: loading the graph and starting the query workers takes a few seconds
EXIT_VIOLATIONS = 1  # `sotk-kg validate`: 0 conforms, 1 violations, 2 unusable input
EXIT_UNUSABLE = 2


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    workdir: Path  # not the checkout
    env: dict[str, str]

    @property
    def sotk_kg(self) -> str:
        return str(self.venv / "bin" / "sotk-kg")

    @property
    def package(self) -> Path:
        return next((self.venv / "lib").glob("python3*/site-packages/sotk_kg"))

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.sotk_kg, *args], cwd=self.workdir, env=self.env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", *args],
                   check=True, capture_output=True, text=True, timeout=600)  # fmt: skip


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO_ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    _pip("wheel", "--no-deps", "--wheel-dir", str(work / "dist"), str(source))
    [wheel] = (work / "dist").glob("sotk_kg-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    _pip("--python", str(venv / "bin" / "python"), "install", str(wheel))
    workdir = work / "cwd"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOTK_") and k != "PYTHONPATH"}
    env["XDG_CACHE_HOME"] = str(work / "user-cache")
    return Installed(wheel, venv, workdir, env)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(installed: Installed) -> Iterator[str]:
    port = _free_port()
    log = installed.workdir / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen([installed.sotk_kg, "serve", "--port", str(port)],
                                  cwd=installed.workdir, env=installed.env, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=5) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and its workers, started here
        server.wait(timeout=30)


def test_the_wheel_holds_one_package_with_the_data_folders(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"sotk_kg", "sotk_kg-0.1.0.dist-info"}
    for folder in PACKAGED_FOLDERS:
        files = [p for p in (REPO_ROOT / folder).rglob("*") if p.is_file()]
        assert files, folder
        for path in files:
            inside = f"sotk_kg/resources/{path.relative_to(REPO_ROOT)}"
            assert inside in names, inside
    static = REPO_ROOT / "sotk_kg" / "server" / "static" / "yasgui" / "yasgui.min.js"
    assert f"sotk_kg/{static.relative_to(REPO_ROOT / 'sotk_kg')}" in names
    # built graphs are made on the installed machine, not shipped
    assert not [n for n in names if n.endswith((".nq", ".ttl")) and "/data/" in n]


def _golden_sums() -> dict[str, str]:
    """File name -> sha256 of the seed's build, as tests/golden/SHA256SUMS records it."""
    lines = GOLDEN_SUMS.read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines)}


def _sums(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.iterdir()
            if p.name.endswith((".ttl", ".nq", ".report.json"))}  # fmt: skip


def _head_of_the_dinas() -> str:
    """The first post of the Dinas's organisation, as Pasal 7 (1) huruf a of the seed names it."""
    text = SEED.read_text(encoding="utf-8")
    pasal_7 = text[text.index("\nPasal 7\n") :]
    match = re.search(r"^\s*- a\. ([^;\n]+);", pasal_7, re.MULTILINE)
    assert match is not None
    return match.group(1)


def test_installed_copy_serves_the_seed_over_sparql(served: str) -> None:
    head = _head_of_the_dinas()
    assert head == "Kepala Dinas"
    query = (
        "PREFIX org: <http://www.w3.org/ns/org#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f'SELECT ?post WHERE {{ ?post a org:Post ; rdfs:label "{head}"@id }}'
    )
    request = urllib.request.Request(
        f"{served}/sparql?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        rows = json.load(reply)["results"]["bindings"]
    assert [row["post"]["value"] for row in rows] == [
        "https://w3id.org/sotk-kg/id/post/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah/"
        "kepala-dinas"
    ]
    # the editor and its scripts, the home page and the reading view (Jinja templates): templates
    # and static files are package data too
    with urllib.request.urlopen(f"{served}/sparql-editor", timeout=30) as reply:
        assert reply.status == 200 and b"yasgui" in reply.read()
    with urllib.request.urlopen(f"{served}/static/editor/prefixes.js", timeout=30) as reply:
        assert reply.status == 200
    with urllib.request.urlopen(f"{served}/", timeout=30) as reply:
        assert reply.status == 200 and "Peraturan Bupati Bekasi Nomor 99 Tahun 2021" in (
            reply.read().decode()
        )
    work = f"{served}/eli/doc/perbup/kab-bekasi/2021/99"
    with urllib.request.urlopen(work, timeout=30) as reply:
        assert reply.status == 200 and b'id="pasal-7"' in reply.read()
    with urllib.request.urlopen(f"{served}/static/yasgui/yasgui.min.js", timeout=30) as reply:
        assert reply.status == 200


def test_installed_copy_built_its_graph_in_the_user_cache(
    served: str, installed: Installed
) -> None:
    graph = Path(installed.env["XDG_CACHE_HOME"]) / "sotk-kg" / "graph"
    assert _sums(graph) == _golden_sums()
    manifest = json.loads((graph / "sotk-graph.json").read_text(encoding="utf-8"))
    assert manifest["code"][0] == "sotk-kg=0.1.0"  # an installed copy: keyed on its version
    assert not any(c.startswith("sources=") for c in manifest["code"])
    assert not (installed.package / "resources" / "data" / "graph").exists()


def test_installed_copy_validates_the_graph_and_caches_outside_the_package(
    installed: Installed,
) -> None:
    result = installed.run("validate", "--format", "json")
    # the seed's violations are the documented defects of its text (shapes/documented-defects.ttl)
    assert result.returncode == EXIT_VIOLATIONS, result.stderr
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert report["violations"] == report["documentedSourceDefects"] > 0
    accepted = installed.run("validate", "--accept-documented")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    cache = Path(installed.env["XDG_CACHE_HOME"]) / "sotk-kg" / "validation"
    assert any(cache.iterdir())
    assert not (installed.package / "resources" / ".cache").exists()


def test_installed_copy_builds_the_seed_byte_for_byte(installed: Installed) -> None:
    text = installed.workdir / SEED.name
    shutil.copy(SEED, text)
    out = installed.workdir / "graph"
    result = installed.run("build", str(text), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "perbup-kab-bekasi-2021-99.nq",
        "perbup-kab-bekasi-2021-99.report.json",
        "perbup-kab-bekasi-2021-99.ttl",
    ]
    assert _sums(out) == _golden_sums()


def test_installed_copy_does_not_write_into_its_own_data(installed: Installed) -> None:
    data = installed.package / "resources" / "data"
    before = {p: p.stat().st_mtime_ns for p in data.rglob("*")}
    result = installed.run("build")
    assert result.returncode == EXIT_UNUSABLE
    assert "is the installed package's own data: give --out DIR" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in data.rglob("*")} == before
