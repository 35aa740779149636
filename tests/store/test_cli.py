"""`sotk-kg load --store` and `sotk-kg query` on the sample tree, as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
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
        '?s <http://www.w3.org/2004/02/skos/core#prefLabel> "Sekretariat"@id . '
        "?u <http://www.w3.org/2004/02/skos/core#prefLabel> ?name } ORDER BY ?name"
    )
    out = _run(["query", "--store", str(db), "--format", "csv", sekretariat_units], root)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["name", *sorted(SUB_BAGIAN.values())]
    example = _run(["query", "01-units"], root)  # an example of queries/ by name
    assert example.returncode == 0 and "Sub Bagian Perencanaan dan Keuangan" in example.stdout


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * { #\rSERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "PREFIX : <http://127.0.0.1:9/> SELECT * { { SELECT * { SERVICE :b { ?s ?p ?o } } } }",
    ],
)
def test_query_refuses_service(tmp_path: Path, query: str) -> None:
    root = make_tree(tmp_path / "tree")
    out = _run(["query", query], root)
    assert out.returncode == 2 and "SERVICE" in out.stderr


def test_an_example_follows_the_deploy_base(tmp_path: Path) -> None:
    """An example names data IRIs under the canonical base; under another base it is rewritten
    as the data is (sotk_kg.iris.rebase), so it still finds them."""
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


def test_a_push_with_a_file_that_does_not_parse_sends_nothing(tmp_path: Path) -> None:
    """The remote store is untouched when any file is broken: every file is parsed before the
    first request (here, a recording Graph Store that must receive no request)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received: list[str] = []

    class Recorder(BaseHTTPRequestHandler):
        def _record(self) -> None:
            received.append(f"{self.command} {self.path}")
            self.send_response(204)
            self.end_headers()

        do_PUT = do_POST = _record

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        root = make_tree(tmp_path / "tree")
        (root / "data" / "graph" / "zz-broken.nq").write_text("<http://a> <http://b> .\n",
                                                             encoding="utf-8")  # fmt: skip
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        out = _run(["load", "--remote-store", url], root)
        assert out.returncode == 1 and "zz-broken.nq" in out.stderr
        assert received == []
        (root / "data" / "graph" / "zz-broken.nq").unlink()
        out = _run(["load", "--remote-store", url], root)
        assert out.returncode == 0, out.stderr
        assert received[0] == "PUT /store?default"  # the union is rebuilt from empty
    finally:
        server.shutdown()
