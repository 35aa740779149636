"""Remote mode against the real Oxigraph server (PyPI package `oxigraph`, started here on
127.0.0.1): `sotk-kg load --remote-store` pushes the graph through the Graph Store Protocol, then
this server answers SPARQL from it."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from liveserver import LiveServer, announced_limits, free_port
from servertree import BEKASI_GRAPH, DIRECT_UNITS, SUB_BAGIAN

from sotk_kg.settings import Settings

pytestmark = pytest.mark.remote

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
JSON = {"Accept": "application/sparql-results+json"}
SOTK = "https://w3id.org/sotk-kg/def/sotk#"
UNITS = "SELECT ?u WHERE { ?u a <http://www.w3.org/ns/org#OrganizationalUnit> }"
TYPES = f"CONSTRUCT {{ ?u a ?t }} WHERE {{ GRAPH <{BEKASI_GRAPH}> {{ ?u a ?t }} }}"


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = str(OXIGRAPH) if OXIGRAPH.exists() else shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the oxigraph CLI (pip install oxigraph) is not installed")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-db")
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--timeout-s", "5"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=2)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"oxigraph server did not start: {proc.stderr.read()!r}")  # type: ignore[union-attr]
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def pushed(oxigraph_server: str, sample_root: Path) -> str:
    env = {**os.environ, "SOTK_ROOT": str(sample_root)}
    out = subprocess.run(
        [sys.executable, "-m", "sotk_kg.cli", "load", "--remote-store", oxigraph_server + "/store"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "pushed 4 graphs" in out.stdout  # ontology, shapes, two regulations (no versions)
    return oxigraph_server


@pytest.fixture(scope="module")
def remote_live(pushed: str, server_settings: Settings) -> Iterator[LiveServer]:
    settings = dataclasses.replace(
        server_settings, remote_query=pushed + "/query", remote_store=pushed + "/store"
    )
    with LiveServer(settings) as srv:
        yield srv


def _count(url: str, where: str) -> int:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    resp = httpx.get(url + "/query", params={"query": q}, headers=JSON, timeout=10)
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


def test_push_put_each_graph(pushed: str) -> None:
    assert _count(pushed, f"GRAPH <{BEKASI_GRAPH}> {{ ?u a ?t }}") > 0


def test_push_makes_the_remote_default_graph_the_set_union(pushed: str) -> None:
    distinct = _count(pushed, "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert distinct > 0
    # ... and the one triple saying so, in the default graph alone
    assert _count(pushed, "?s ?p ?o") == distinct + 1
    marker = f"?v <{SOTK}defaultGraphInForceOn> ?d"
    assert _count(pushed, marker) == 1 and _count(pushed, f"GRAPH ?g {{ {marker} }}") == 0


def test_remote_mode_uses_the_default_graph_load_filled(
    remote_live: LiveServer, live: LiveServer
) -> None:
    """Today's law is what `sotk-kg load` put in the remote default graph: the server queries that
    graph (as the embedded store's), not the graphs in force named one by one (thousands at
    scale, merged as a bag). Seen by the triple only the default graph holds, the day in force."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    counts = []
    for server in (remote_live, live):
        answer = httpx.get(server.sparql, params={"query": query}, headers=JSON, timeout=30)
        counts.append(int(answer.json()["results"]["bindings"][0]["n"]["value"]))
    assert counts[0] == counts[1] + 1


def test_remote_mode_answers_sparql(remote_live: LiveServer) -> None:
    with httpx.Client(base_url=remote_live.url, timeout=30) as http:
        assert http.get("/health").json()["mode"] == "remote"
        rows = http.get("/sparql", params={"query": UNITS}, headers=JSON).json()
        assert len(rows["results"]["bindings"]) == len(DIRECT_UNITS) + len(SUB_BAGIAN)
        csv = http.get("/sparql", params={"query": UNITS, "format": "csv"})
        assert csv.headers["content-type"].startswith("text/csv")
        construct = http.get(
            "/sparql",
            params={"query": TYPES},
            headers={"Accept": "application/n-triples"},
        )
        assert construct.status_code == 200 and construct.text.count(" .\n") > 0
        big = http.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, headers=JSON)
        assert big.headers["x-sparql-truncated"] == "true"


def test_remote_mode_keeps_the_guards(remote_live: LiveServer) -> None:
    with httpx.Client(base_url=remote_live.url, timeout=30) as http:
        service = "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
        assert http.get("/sparql", params={"query": service}).status_code == 400
        # the graphs were listed from the remote store, so an unknown FROM is refused
        other = "SELECT * FROM <http://example.org/elsewhere> { ?s ?p ?o }"
        assert http.get("/sparql", params={"query": other}).status_code == 400
        insert = "INSERT DATA { <http://a> <http://b> <http://c> }"
        assert http.post("/sparql", data={"update": insert}).status_code == 403
        bad = http.get("/sparql", params={"query": "SELECT ?x WHERE { ?x }"})
        assert bad.status_code == 400
    # the same caps are announced; no queue wait, since there is no worker pool of ours
    announced = announced_limits(remote_live.url)
    assert announced["maxNestingDepth"] == remote_live.settings.max_depth
    assert "queueWaitSeconds" not in announced


def test_remote_runaway_is_a_503(remote_live: LiveServer) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    with httpx.Client(base_url=remote_live.url, timeout=60) as http:
        resp = http.get("/sparql", params={"query": runaway}, headers=JSON)
        assert resp.status_code == 503
        assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_remote_backend_for_trusted_queries(remote_live: LiveServer) -> None:
    backend = remote_live.app.state.backend
    rows = backend.select(UNITS)
    assert len(rows) == len(DIRECT_UNITS) + len(SUB_BAGIAN)
    assert backend.ask("ASK { ?s ?p ?o }") is True
    g = backend.construct(TYPES)
    assert len(g) > 0
    # The remote engine's syntax error is the same client error as the embedded one's.
    from sotk_kg.store.backend import QueryRejected

    with pytest.raises(QueryRejected):
        backend.ask("ASK { <https://w3id.org/sotk-kg/id/\u0000> ?p ?o }")


def test_remote_mode_serves_the_same_dumps(remote_live: LiveServer, live: LiveServer) -> None:
    """The dumps are read through `construct_triples` from either backend: same bytes."""
    for name in ("sotk-kg.ttl", "sotk-kg.nt.gz", "perbup-kab-bekasi-2021-99.jsonld"):
        remote = httpx.get(f"{remote_live.url}/dump/{name}", timeout=60)
        embedded = httpx.get(f"{live.url}/dump/{name}", timeout=60)
        assert remote.status_code == embedded.status_code == 200, name
        assert remote.content == embedded.content, name
