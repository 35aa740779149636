"""`sotk-kg load --store` and `sotk-kg query` on the sample tree, as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from servertree import DINAS, SUB_BAGIAN, make_tree


def _run(args: list[str], root: Path, **env_vars: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOTK_ROOT": str(root), **env_vars}
    return subprocess.run([sys.executable, "-m", "sotk_kg.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


def test_load_store_then_query_an_example(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "tree")
    db = tmp_path / "db"
    built = _run(["load", "--store", str(db)], root)
    assert built.returncode == 0, built.stderr
    sekretariat_units = (
        "SELECT ?name WHERE { ?u <http://www.w3.org/ns/org#subOrganizationOf> ?s . "
        "?s <http://www.w3.org/2004/02/skos/core#prefLabel> \"Sekretariat\"@id . "
        "?u <http://www.w3.org/2004/02/skos/core#prefLabel> ?name } ORDER BY ?name"
    )
    out = _run(["query", "--store", str(db), "--format", "csv", sekretariat_units], root)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["name", *sorted(SUB_BAGIAN.values())]
    example = _run(["query", "01-units"], root)  # an example of queries/ by name
    assert example.returncode == 0 and "Sub Bagian Perencanaan dan Keuangan" in example.stdout


def test_query_refuses_service(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "tree")
    out = _run(["query", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], root)
    assert out.returncode == 2 and "SERVICE" in out.stderr


def test_an_example_follows_the_deploy_base(tmp_path: Path) -> None:
    """An example names data IRIs under the canonical base; under another base it is rewritten
    as the data is (sotk_kg.settings.rebase), so it still finds them."""
    root = make_tree(tmp_path / "tree")
    (root / "queries" / "09-dinas-name.rq").write_text(
        "SELECT ?name WHERE { VALUES ?d { <" + DINAS + "> } "
        "?d <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }\n",
        encoding="utf-8",
    )
    for base in ("https://w3id.org/sotk-kg", "https://sotk.example.go.id"):
        out = _run(["query", "--format", "csv", "09-dinas-name"], root, SOTK_BASE=base)
        assert out.returncode == 0, out.stderr
        assert len(out.stdout.splitlines()) == 2, (base, out.stdout)  # header + the Dinas
