"""The query guard: what is refused before evaluation, and what must not be (keywords inside
strings, IRIs and comments)."""

from __future__ import annotations

import pytest

from server.guard import Limits, QueryRefused, check_query

GRAPH = "https://w3id.org/sotk-kg/graph/perbup/kab-bekasi/2021/99"


@pytest.mark.parametrize(
    ("query", "status", "fragment"),
    [
        ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", 400, "SERVICE"),
        ("select * { Service Silent <http://x/> { ?s ?p ?o } }", 400, "SERVICE"),
        ("INSERT DATA { <a:a> <a:b> <a:c> }", 403, "read-only"),
        ("PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }", 403, "read-only"),
        ("LOAD <http://x/data.ttl>", 403, "read-only"),
        ("CLEAR ALL", 403, "read-only"),
        ("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }", 400, "local files"),
        ("PREFIX f: <file:///etc/> SELECT * FROM NAMED f:shadow { ?s ?p ?o }", 400, "local"),
        ("SELECT * FROM <http://example.org/remote.ttl> { ?s ?p ?o }", 400, "never fetches"),
        ("SELECT * " + "{" * 70 + "}" * 70, 400, "nested too deeply"),
        ("SELECT * { ?s ?p ?o FILTER(" + "(" * 70 + "1" + ")" * 70 + ") }", 400, "nested"),
    ],
)
def test_refused(query: str, status: int, fragment: str) -> None:
    with pytest.raises(QueryRefused) as info:
        check_query(query, known_graphs={GRAPH}, limits=Limits(max_depth=64))
    assert info.value.status == status
    assert fragment in info.value.message


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ('SELECT ?x { ?x ?p "SERVICE <http://x/> LOAD" }', "SELECT"),
        ("SELECT ?x { ?x ?p '''INSERT\nDELETE''' }", "SELECT"),
        ("ASK { <http://x/SERVICE> ?p ?o } # SERVICE <http://x/>", "ASK"),
        ("PREFIX load: <http://x/> SELECT ?service { ?service load:insert ?o }", "SELECT"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }", "CONSTRUCT"),
        ("DESCRIBE <http://x/a>", "DESCRIBE"),
        (f"SELECT * FROM <{GRAPH}> {{ ?s ?p ?o }}", "SELECT"),
        ("SELEC oops", None),  # not the guard's business: the engine reports the syntax error
    ],
)
def test_allowed(query: str, form: str | None) -> None:
    assert check_query(query, known_graphs={GRAPH}).form == form


def test_too_large() -> None:
    with pytest.raises(QueryRefused) as info:
        check_query("SELECT * { ?s ?p ?o }" + " " * 200, limits=Limits(max_chars=100))
    assert info.value.status == 413
    with pytest.raises(QueryRefused, match="tokens"):
        check_query("SELECT * { " + "?s ?p ?o . " * 100 + "}", limits=Limits(max_tokens=50))


OPTIONALS = "SELECT * { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 65 + "}"
UNIONS = "SELECT * { " + " UNION ".join(["{ ?s ?p ?o }"] * 66) + " }"
PATHS = "SELECT * { ?s " + "/".join(["(<http://x/p>|^<http://x/q>)*"] * 9) + " ?o }"


@pytest.mark.parametrize(
    ("query", "what"),
    [(OPTIONALS, "65 OPTIONALs"), (UNIONS, "65 UNIONs"), (PATHS, "property-path")],
)
def test_costly_queries_under_the_token_cap_are_refused(query: str, what: str) -> None:
    """A few hundred tokens of OPTIONAL / UNION / property paths can keep the engine busy until
    the time limit: refused with 400 before evaluation."""
    with pytest.raises(QueryRefused) as info:
        check_query(query)
    assert info.value.status == 400 and what in info.value.message


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",  # `*` of COUNT and of SELECT
        "SELECT * { ?s ?p ?o FILTER((?o > 1) || (?o < 3)) BIND(?o * 2 + 3 / ?o AS ?x) }",
        'SELECT * { ?s ?p "1"^^<http://www.w3.org/2001/XMLSchema#integer> }',
        "SELECT * { ?s " + "/".join(["<http://x/p>"] * 32) + " ?o }",  # 31 steps
        "SELECT * { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 64 + "}",
    ],
)
def test_arithmetic_and_queries_within_the_caps_pass(query: str) -> None:
    check_query(query)


def test_path_operators_are_counted_in_paths_only() -> None:
    with pytest.raises(QueryRefused, match="33 property-path"):
        check_query("SELECT * { ?s a" + "/a" * 33 + " ?o }")
    with pytest.raises(QueryRefused, match="2 property-path"):
        check_query("SELECT * { ?s ^<http://x/p>+ ?o }", limits=Limits(max_path_steps=1))


def test_the_example_queries_are_within_every_cap() -> None:
    from sotk_kg.settings import REPO_ROOT

    for path in sorted((REPO_ROOT / "queries").glob("*.rq")):
        check_query(path.read_text(encoding="utf-8"))
