"""`sotk-kg load` fills a real Virtuoso (started by the test, tests/store/virtuoso_support.py):
through its bulk loader over isql, and through its Graph Store endpoint with digest credentials."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from sotk_kg.settings import Settings
from sotk_kg.store.load import load_memory
from sotk_kg.store.virtuoso import VirtuosoServer, create_loader_user

pytestmark = pytest.mark.virtuoso


def load(settings: Settings, *args: str, password: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOTK_ROOT": str(settings.root), "SOTK_REMOTE_PASSWORD": password}
    return subprocess.run([sys.executable, "-m", "sotk_kg.cli", "load", *args], env=env,
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


def select(server: VirtuosoServer, query: str) -> list[dict[str, str]]:
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(server.sparql, data=data,
                                 headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    with urllib.request.urlopen(req, timeout=30) as resp:
        doc = json.load(resp)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def graph_sizes(server: VirtuosoServer, graphs: list[str]) -> dict[str, int]:
    values = " ".join(f"<{g}>" for g in graphs)
    rows = select(server, f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
                          "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")  # fmt: skip
    return {r["g"]: int(r["n"]) for r in rows}


def embedded_sizes(settings: Settings) -> dict[str, int]:
    store = load_memory(settings)
    return {g.value: len(list(store.quads_for_pattern(None, None, None, g)))
            for g in store.named_graphs()}  # fmt: skip


def test_bulk_loader_replaces_each_graph(virtuoso: VirtuosoServer, settings: Settings) -> None:
    expected = embedded_sizes(settings)
    assert len(expected) == 4  # ontology, shapes, two regulations
    args = ["--virtuoso-bulk", virtuoso.sql, "--load-dir", str(virtuoso.load_dir)]
    for _ in range(2):  # a second load replaces the graphs, it does not add to them
        out = load(settings, *args, password=virtuoso.password)
        assert out.returncode == 0, out.stderr
        assert "bulk-loaded 4 graphs" in out.stdout
        assert graph_sizes(virtuoso, list(expected)) == expected


def test_bulk_loader_fills_the_text_index(virtuoso: VirtuosoServer, settings: Settings) -> None:
    out = load(settings, "--virtuoso-bulk", virtuoso.sql, "--load-dir", str(virtuoso.load_dir),
               password=virtuoso.password)  # fmt: skip
    assert out.returncode == 0, out.stderr
    word = "SELECT DISTINCT ?s WHERE { ?s ?p ?o . ?o bif:contains '\"Sukamaju\"' }"
    rows = select(virtuoso, word)
    assert rows, "bif:contains found nothing: the free-text index is not filled"


def test_wrong_sql_password_is_refused_and_loses_nothing(
    virtuoso: VirtuosoServer, settings: Settings
) -> None:
    args = ["--virtuoso-bulk", virtuoso.sql, "--load-dir", str(virtuoso.load_dir)]
    assert load(settings, *args, password=virtuoso.password).returncode == 0
    before = graph_sizes(virtuoso, list(embedded_sizes(settings)))
    out = load(settings, *args, password="wrong")
    assert out.returncode == 1
    assert "Bad login" in out.stderr
    assert graph_sizes(virtuoso, list(before)) == before


def test_graph_store_push_with_digest_credentials(
    virtuoso: VirtuosoServer, settings: Settings, tmp_path: Path
) -> None:
    create_loader_user(virtuoso.sql, virtuoso.password, "sotk_loader", "s3cret-loader")
    password_file = tmp_path / "password"
    password_file.write_text("s3cret-loader\n", encoding="utf-8")
    expected = embedded_sizes(settings)
    args = ["--remote-store", virtuoso.gsp, "--remote-user", "sotk_loader", "--no-default-union"]
    out = load(settings, *args, "--remote-password-file", str(password_file))
    assert out.returncode == 0, out.stderr
    assert "pushed 4 graphs" in out.stdout
    assert graph_sizes(virtuoso, list(expected)) == expected
    # the password from the environment works as well; a wrong one is a 401, nothing replaced
    assert load(settings, *args, password="s3cret-loader").returncode == 0
    wrong = load(settings, *args, password="not-it")
    assert wrong.returncode == 1
    assert "401" in wrong.stderr
    assert graph_sizes(virtuoso, list(expected)) == expected


def test_bulk_load_needs_a_load_dir(virtuoso: VirtuosoServer, settings: Settings) -> None:
    out = load(settings, "--virtuoso-bulk", virtuoso.sql, password=virtuoso.password)
    assert out.returncode == 2
    assert "--load-dir" in out.stderr


def test_a_large_graph_goes_through_digest_auth(virtuoso: VirtuosoServer) -> None:
    """Credentials are computed before the body is sent: Virtuoso answers an unauthenticated
    upload with 401 and closes the connection, which broke the send of any body of some MB."""
    import pyoxigraph as ox

    from sotk_kg.store.remote import RemoteEndpoint

    create_loader_user(virtuoso.sql, virtuoso.password, "big_loader", "big-pw")
    endpoint = RemoteEndpoint(virtuoso.sparql, virtuoso.gsp, "big_loader", "big-pw")
    graph = "http://example.org/graph/large"
    triples = [
        ox.Triple(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                  ox.Literal(f"value number {i} " + "x" * 40))
        for i in range(60_000)
    ]  # fmt: skip
    endpoint.put_graph(graph, triples)
    assert graph_sizes(virtuoso, [graph]) == {graph: 60_000}
