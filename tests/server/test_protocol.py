"""SPARQL 1.1 Protocol over real HTTP: the three ways to send a query, the dataset parameters,
content negotiation, the service description and every error status."""

from __future__ import annotations

import json
import urllib.parse

import httpx
import pyoxigraph as ox
from liveserver import TEST_MAX_BODY, TEST_MAX_ROWS
from servertree import BEKASI_GRAPH, DIRECT_UNITS, SUB_BAGIAN, SUKAMAJU_GRAPH

UNITS = "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?u WHERE { ?u a org:OrganizationalUnit }"
N_UNITS = len(DIRECT_UNITS) + len(SUB_BAGIAN)  # Pasal 7 ayat (1): 5 direct units + 2 Sub Bagian
JSON = "application/sparql-results+json"


def _bindings(resp: httpx.Response) -> list[dict[str, dict[str, str]]]:
    assert resp.status_code == 200, resp.text
    return resp.json()["results"]["bindings"]


def test_get_form_post_and_direct_post_give_the_same_rows(http: httpx.Client) -> None:
    by_get = _bindings(http.get("/sparql", params={"query": UNITS}, headers={"Accept": JSON}))
    by_form = _bindings(http.post("/sparql", data={"query": UNITS}, headers={"Accept": JSON}))
    direct = http.post(
        "/sparql",
        content=UNITS.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON},
    )
    assert len(by_get) == N_UNITS
    assert by_get == by_form == _bindings(direct)


def test_default_graph_is_the_union_and_dataset_parameters_narrow_it(http: httpx.Client) -> None:
    q = "PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#> SELECT ?d WHERE { ?d a sotk:Dinas }"
    both = _bindings(http.get("/sparql", params={"query": q}))
    assert len(both) == 2  # one Dinas in each regulation graph
    only_sukamaju = _bindings(
        http.get("/sparql", params={"query": q, "default-graph-uri": SUKAMAJU_GRAPH})
    )
    assert [b["d"]["value"] for b in only_sukamaju] == [
        "https://w3id.org/sotk-kg/id/org/kota-sukamaju/dinas-perhubungan"
    ]
    named = _bindings(
        http.get(
            "/sparql",
            params={
                "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                "named-graph-uri": BEKASI_GRAPH,
            },
        )
    )
    assert [b["g"]["value"] for b in named] == [BEKASI_GRAPH]
    # named-graph-uri alone: the dataset is that named graph and an empty default graph
    in_default = http.get("/sparql", params={"query": q, "named-graph-uri": BEKASI_GRAPH})
    assert _bindings(in_default) == []
    # default-graph-uri alone: no named graphs, whatever the query's FROM NAMED says
    graphs = f"SELECT DISTINCT ?g FROM NAMED <{BEKASI_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    no_named = http.get("/sparql", params={"query": graphs, "default-graph-uri": SUKAMAJU_GRAPH})
    assert _bindings(no_named) == []
    assert [b["g"]["value"] for b in _bindings(http.get("/sparql", params={"query": graphs}))] == [
        BEKASI_GRAPH
    ]


def test_from_a_graph_of_the_store_works(http: httpx.Client) -> None:
    q = f"SELECT (COUNT(*) AS ?n) FROM <{SUKAMAJU_GRAPH}> WHERE {{ ?s ?p ?o }}"
    rows = _bindings(http.get("/sparql", params={"query": q}))
    # the Sukamaju graph: `a org:FormalOrganization, sotk:Dinas` and one skos:prefLabel
    assert rows[0]["n"]["value"] == "3"


def test_select_formats(http: httpx.Client) -> None:
    q = UNITS + " ORDER BY ?u"
    for accept, ctype in [
        (JSON, JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", JSON),
        ("*/*", JSON),
    ]:
        resp = http.get("/sparql", params={"query": q}, headers={"Accept": accept})
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith(ctype)
    csv_lines = http.get("/sparql", params={"query": q, "format": "csv"}).text.splitlines()
    assert csv_lines[0] == "u" and len(csv_lines) == N_UNITS + 1
    xml = http.get("/sparql", params={"query": q, "format": "xml"}).content
    parsed = ox.parse_query_results(xml, format=ox.QueryResultsFormat.XML)
    assert len(list(parsed)) == N_UNITS


def test_ask_and_construct_formats(http: httpx.Client) -> None:
    ask = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": JSON})
    assert ask.json()["boolean"] is True
    construct = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l }"
    )
    n_labels = N_UNITS + 2  # every unit plus the two Dinas
    for accept, fmt in [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ]:
        resp = http.get("/sparql", params={"query": construct}, headers={"Accept": accept})
        assert resp.headers["content-type"].startswith(accept)
        assert len(list(ox.parse(resp.content, format=fmt))) == n_labels
    default = http.get("/sparql", params={"query": construct}, headers={"Accept": "*/*"})
    assert default.headers["content-type"].startswith("text/turtle")


def test_not_acceptable_lists_the_types(http: httpx.Client) -> None:
    resp = http.get("/sparql", params={"query": UNITS}, headers={"Accept": "image/png"})
    assert resp.status_code == 406
    assert "application/sparql-results+json" in resp.text and "text/csv" in resp.text
    # q=0 excludes: CSV refused, nothing else acceptable
    resp = http.get("/sparql", params={"query": UNITS}, headers={"Accept": "text/csv;q=0"})
    assert resp.status_code == 406
    # a graph type is no answer to SELECT
    resp = http.get("/sparql", params={"query": UNITS}, headers={"Accept": "text/turtle"})
    assert resp.status_code == 406


def test_service_description(http: httpx.Client) -> None:
    resp = http.get("/sparql", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200
    g = ox.Store()
    g.load(resp.content, format=ox.RdfFormat.TURTLE)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert g.query(f"ASK {{ ?s a <{sd}Service> ; <{sd}endpoint> ?e }}")
    names = {
        s["n"].value for s in g.query(f"SELECT ?n {{ ?x <{sd}namedGraph> [ <{sd}name> ?n ] }}")
    }
    assert BEKASI_GRAPH in names and SUKAMAJU_GRAPH in names
    rows = g.query("SELECT ?m { ?s <https://w3id.org/sotk-kg/def/server#maxResultRows> ?m }")
    assert [r["m"].value for r in rows] == [str(TEST_MAX_ROWS)]
    assert resp.headers["x-sparql-max-rows"] == str(TEST_MAX_ROWS)


def test_row_cap_is_announced(http: httpx.Client) -> None:
    resp = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert resp.headers["x-sparql-max-rows"] == str(TEST_MAX_ROWS)
    assert resp.headers["x-sparql-truncated"] == "true"
    assert len(_bindings(resp)) == TEST_MAX_ROWS
    small = http.get("/sparql", params={"query": UNITS})
    assert "x-sparql-truncated" not in small.headers


def test_syntax_error_is_400_with_position(http: httpx.Client) -> None:
    resp = http.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert resp.status_code == 400
    # the parser's position, moved from the canonical text the engine ran onto the user's: the
    # engine stops at the end of the text, line 1 column 26 (after `}` at column 25), as it does
    # on the query as sent
    assert "at line 1, column 26" in resp.text


def test_missing_and_repeated_query(http: httpx.Client) -> None:
    resp = http.post("/sparql", data={"format": "json"})
    assert resp.status_code == 400 and "query" in resp.text
    repeated = http.get("/sparql?" + urllib.parse.urlencode([("query", UNITS), ("query", UNITS)]))
    assert repeated.status_code == 400 and "query" in repeated.text
    both = http.post(
        "/sparql?" + urllib.parse.urlencode({"query": UNITS}),
        content=UNITS.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert both.status_code == 400


def test_wrong_content_type_is_415(http: httpx.Client) -> None:
    resp = http.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert resp.status_code == 415
    assert "application/sparql-query" in resp.text


def test_updates_are_refused(http: httpx.Client) -> None:
    insert = "INSERT DATA { <http://a> <http://b> <http://c> }"
    for resp in [
        http.post("/sparql", data={"update": insert}),
        http.post(
            "/sparql",
            content=insert.encode(),
            headers={"Content-Type": "application/sparql-update"},
        ),
        http.post("/sparql", data={"query": insert}),
        http.get("/sparql", params={"query": "LOAD <http://example.org/x>"}),
    ]:
        assert resp.status_code == 403, resp.text
        assert "read-only" in resp.text
    unchanged = "SELECT (COUNT(*) AS ?n) { <http://a> ?p ?o }"
    count = _bindings(http.get("/sparql", params={"query": unchanged}))
    assert count[0]["n"]["value"] == "0"


def test_body_too_large_is_413_without_reading(live, http: httpx.Client) -> None:  # type: ignore[no-untyped-def]
    big = b"query=" + b"a" * (TEST_MAX_BODY + 1)
    resp = http.post("/sparql", content=big,
                     headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert resp.status_code == 413
    # Declared length only (no body sent): refused from the header alone.
    import socket

    host, port = live.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            + f"Content-Length: {TEST_MAX_BODY * 100}\r\nConnection: close\r\n\r\n".encode()
        )
        head = s.recv(200)
    assert head.startswith(b"HTTP/1.1 413")


def test_invalid_utf8_is_400(http: httpx.Client) -> None:
    resp = http.post("/sparql", content=b"SELECT * { ?s ?p \"\xff\xfe\" }",
                     headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    assert resp.status_code == 400 and "UTF-8" in resp.text
    resp = http.get("/sparql?query=SELECT%20%FF")
    assert resp.status_code == 400


def test_http_semantics_head_options_405(http: httpx.Client) -> None:
    head = http.head("/sparql", params={"query": UNITS})
    assert head.status_code == 200 and head.content == b""
    options = http.options("/sparql")
    assert options.status_code == 204
    assert set(options.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}
    put = http.put("/sparql", content=b"x")
    assert put.status_code == 405
    assert set(put.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}
    health = http.options("/health")
    assert health.status_code == 204 and health.headers["allow"] == "GET, HEAD"
    assert http.head("/").status_code == 200
    assert http.options("/no/such/path").status_code == 404


def test_cors_without_origin_reflection(http: httpx.Client) -> None:
    resp = http.get("/sparql", params={"query": UNITS}, headers={"Origin": "https://evil.example"})
    assert resp.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in resp.headers
    pre = http.options(
        "/sparql",
        headers={"Origin": "https://a.example", "Access-Control-Request-Method": "POST"},
    )
    assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == "*"


def test_gzip_for_large_responses(http: httpx.Client) -> None:
    resp = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                    headers={"Accept-Encoding": "gzip"})  # fmt: skip
    assert resp.headers.get("content-encoding") == "gzip"
    assert json.loads(resp.content)["results"]  # httpx decompressed it
    small = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                     headers={"Accept-Encoding": "gzip"})  # fmt: skip
    assert "content-encoding" not in small.headers
