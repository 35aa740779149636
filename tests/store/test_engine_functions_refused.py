"""Virtuoso runs SQL built-ins named by `bif:` and `sql:` IRIs, some of them open to any SPARQL
user (`bif:http_get` fetches a URL from the database host: past our workers' network sandbox):
the guard refuses them in user queries, however they are spelled; only the server's own search
writes `bif:contains`. Checked on the guard and against a real Virtuoso."""

from __future__ import annotations

import httpx
import pytest
from liveserver import LiveServer

from sotk_kg.server.guard import QueryRefused, check_query
from sotk_kg.settings import Settings
from sotk_kg.store.virtuoso import VirtuosoServer

SPELLINGS = [
    "SELECT ?x WHERE { BIND(<bif:http_get>('http://169.254.169.254/') AS ?x) }",
    "PREFIX b: <bif:> SELECT ?x WHERE { BIND(b:http_get('http://127.0.0.1:9/') AS ?x) }",
    "SELECT ?s WHERE { ?s ?p ?o . ?o <BIF:contains> 'x' }",
    "SELECT ?x WHERE { BIND(<b\\u0069f:http_get>('http://127.0.0.1:9/') AS ?x) }",
    "PREFIX q: <sql:> SELECT ?x WHERE { BIND(q:anything() AS ?x) }",
]


@pytest.mark.parametrize("query", SPELLINGS)
def test_guard_refuses_engine_functions(query: str) -> None:
    with pytest.raises(QueryRefused, match="built-in functions"):
        check_query(query)


def test_an_ordinary_iri_containing_bif_passes() -> None:
    check_query("SELECT * WHERE { <http://example.org/bif:contains> ?p ?o }")


@pytest.mark.virtuoso
def test_remote_mode_refuses_them_before_virtuoso(virtuoso: VirtuosoServer,
                                                 settings: Settings) -> None:  # fmt: skip
    # Virtuoso itself runs it: it fetches the URL (its own, here) and returns the page
    fetch = f"SELECT ?x WHERE {{ BIND(<bif:http_get>('{virtuoso.url}/nothing-here') AS ?x) }}"
    direct = httpx.post(virtuoso.sparql, data={"query": fetch},
                        headers={"Accept": "text/csv"}, timeout=30)  # fmt: skip
    assert direct.status_code == 200 and "File not found" in direct.text
    remote = settings.__class__(**{**settings.__dict__, "remote_query": virtuoso.sparql})
    with LiveServer(remote) as server:
        for query in [fetch, *SPELLINGS]:
            resp = httpx.get(server.sparql, params={"query": query}, timeout=30)
            assert resp.status_code == 400, query
            assert "built-in functions" in resp.text
