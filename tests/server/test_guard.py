"""The query guard: what is refused before evaluation, and what must not be (keywords inside
strings, IRIs and comments)."""

from __future__ import annotations

import pytest

from sotk_kg.server.guard import Limits, QueryRefused, check_query

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
        ("SELECT * WHERE { ?s ?p ?o", "SELECT"),  # the engine reports this syntax error
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
    from repo_paths import REPO_ROOT

    for path in sorted((REPO_ROOT / "queries").glob("*.rq")):
        check_query(path.read_text(encoding="utf-8"))


# Spellings on which the old tokenizer and the engine disagreed (issue 11): each reached a
# SERVICE, a FROM <file:...> or an uncounted OPTIONAL in the engine while the check saw nothing.
U = "http://h/"
SMUGGLED = [
    ("SELECT * WHERE { #\rSERVICE <http://h/> { ?s ?p ?o } }", "SERVICE"),
    ("PREFIX : <http://h/> SELECT * WHERE { SERVICE:b { ?s ?p ?o } }", "SERVICE"),
    (
        "PREFIX : <http://h/> SELECT * WHERE { { SELECT * { SERVICE:b { ?s ?p ?o } } } }".replace(
            "URL", U
        ),
        "SERVICE",
    ),
    ("SELECT * WHERE { OPTIONAL { #\r\nSERVICE <http://h/> {} } }", "SERVICE"),
    ("SELECT * WHERE { sErViCe\tsIlEnT<http://h/>{} }", "SERVICE"),
    ("SELECT * FROM <\\u0066ile:///etc/passwd> { ?s ?p ?o }", "local files"),
    ("BASE <file:///etc/> SELECT * FROM <passwd> { ?s ?p ?o }", "local files"),
    ("SELECT * #\rFROM <file:///etc/passwd> { ?s ?p ?o }", "local files"),
    ("PREFIX FROM: <file:///etc/> SELECT * FROM FROM:passwd { ?s ?p ?o }", "local files"),
    ("SELECT * { ?s ?p ?o " + "#\rOPTIONAL { ?s ?p ?o } " * 65 + "}", "65 OPTIONALs"),
    ("SELECT * { " + " #\rUNION ".join(["{ ?s ?p ?o }"] * 66) + " }", "65 UNIONs"),
    ("SELECT * WHERE " + "#\r{" * 70 + "}" * 70, "nested too deeply"),
]


@pytest.mark.parametrize(("query", "fragment"), SMUGGLED)
def test_spellings_the_engine_reads_differently_are_refused(query: str, fragment: str) -> None:
    with pytest.raises(QueryRefused) as info:
        check_query(query, known_graphs={GRAPH}, limits=Limits(max_depth=64))
    assert fragment in info.value.message


# SERVICE in every position a group graph pattern can stand in.
POSITIONS = [
    "{ %s }",
    "{ ?s ?p ?o OPTIONAL { %s } }",
    "{ { ?s ?p ?o } UNION { %s } }",
    "{ ?s ?p ?o MINUS { %s } }",
    "{ ?s ?p ?o FILTER EXISTS { %s } }",
    "{ ?s ?p ?o FILTER (NOT EXISTS { %s }) }",
    "{ BIND (EXISTS { %s } AS ?x) }",
    "{ GRAPH ?g { %s } }",
    "{ { { { %s } } } }",
    "{ { SELECT * WHERE { %s } } }",
    "{ { SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s HAVING (EXISTS { %s }) } }",
    "{ ?s ?p ?o } ORDER BY (EXISTS { %s })",
    "{ LATERAL { %s } }",
]


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("form", ["SELECT * WHERE", "ASK", "CONSTRUCT { ?s ?p ?o } WHERE"])
def test_service_is_refused_in_every_position(position: str, form: str) -> None:
    query = f"{form} " + position % f"SERVICE <{U}> {{ ?s ?p ?o }}"
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o ",  # unclosed group: the engine's syntax error, not a refusal
        'SELECT * WHERE { ?s ?p "SERVICE <http://h/> {}" }',
        "SELECT ?SERVICE WHERE { ?SERVICE ?p ?o }",
        "PREFIX service: <http://x/> SELECT * WHERE { ?s service:from ?o }",
        "SELECT * WHERE { <http://x/SERVICE> ?p ?o } # SERVICE <http://h/> {}",
    ],
)
def test_service_as_text_name_or_comment_passes(query: str) -> None:
    check_query(query)


def test_the_canonical_text_has_no_comments_prefixes_or_escapes() -> None:
    checked = check_query(
        "PREFIX ex: <http://x/>\n# comment\rSELECT ?s WHERE "
        "{ ?s ex:p '''a\nb''' ; ex:q <\\u0068ttp://y/> }"
    )
    assert checked.text == (
        '\n\nSELECT ?s WHERE { ?s <http://x/p> "a\\nb"\n; <http://x/q> <http://y/> }'
    )


def test_unknown_words_and_prefixes_are_syntax_errors_at_their_place() -> None:
    with pytest.raises(QueryRefused, match=r"line 2, column 3: 'SELEC' is not a SPARQL keyword"):
        check_query("#\n  SELEC * { }")
    with pytest.raises(QueryRefused, match=r"line 1, column 18: prefix 'ex:' is not declared"):
        check_query("SELECT * { ?s ?p ex:o }")


@pytest.mark.parametrize(
    "query",
    [
        "PREFIX ex: <http://x/>\n# c\nSELECT * WHERE {\n  ?s ex:p ?o ?x . }",
        "PREFIX ex: <http://x/>\nSELECT * WHERE { ?s ex:p ?o . ex:a ex:b }",
        "SELECT * WHERE { ?s <http://x/p> ?o BIND(1 AS ?o) (1) }",
        "# c\r\nSELECT * WHERE {\r  ?s ?p ?o FILTER(?o = ) }",
    ],
)
def test_engine_positions_are_moved_onto_the_users_text(query: str) -> None:
    """The engine reads the canonical text, whose columns differ from the user's (comments and
    PREFIX lines gone, prefixed names written out); its error positions are moved back, to where
    the engine puts them when it reads the user's text itself."""
    import re

    import pyoxigraph as ox

    def engine_error(text: str) -> str:
        with pytest.raises(SyntaxError) as info:
            ox.Store().query(text)
        return str(info.value)

    def position(message: str, pattern: str) -> tuple[int, int]:
        found = re.search(pattern, message)
        assert found is not None, message
        return int(found.group(1)), int(found.group(2))

    checked = check_query(query)
    moved = checked.locate(engine_error(checked.text))
    # the engine counts lines by \n only: compare with the query's line ends made \n
    unix = query.replace("\r\n", "\n").replace("\r", "\n")
    expected = position(engine_error(unix), r"at (\d+):(\d+)")
    assert position(moved, r"at line (\d+), column (\d+)") == expected


def _nested(levels: int) -> str:
    return "SELECT * " + "{ " * levels + "?s ?p ?o " + "} " * levels


@pytest.mark.parametrize(
    ("query", "limits", "refused"),
    [
        ("ASK {}" + " " * 94, Limits(max_chars=100), False),  # exactly the cap: allowed
        ("ASK {}" + " " * 95, Limits(max_chars=100), True),
        ("SELECT * { ?s ?p ?o }", Limits(max_tokens=7), False),  # 7 tokens
        ("SELECT * { ?s ?p ?o }", Limits(max_tokens=6), True),
        (_nested(3), Limits(max_depth=3), False),
        (_nested(4), Limits(max_depth=3), True),
        # depth goes down again: many groups side by side are not nesting
        ("SELECT * { " + "{ ?s ?p ?o } " * 10 + "}", Limits(max_depth=2), False),
        (
            "SELECT * { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 3 + "}",
            Limits(max_optional=3),
            False,
        ),
        ("SELECT * { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 4 + "}", Limits(max_optional=3), True),
        ("SELECT * { " + " UNION ".join(["{ ?s ?p ?o }"] * 4) + " }", Limits(max_union=3), False),
        ("SELECT * { " + " UNION ".join(["{ ?s ?p ?o }"] * 5) + " }", Limits(max_union=3), True),
        (
            "SELECT * { ?s <http://x/p>/<http://x/q>/<http://x/r> ?o }",
            Limits(max_path_steps=2),
            False,
        ),
        (
            "SELECT * { ?s <http://x/p>/<http://x/q>/^<http://x/r> ?o }",
            Limits(max_path_steps=2),
            True,
        ),
    ],
)
def test_every_cap_holds_at_its_boundary(query: str, limits: Limits, refused: bool) -> None:
    """At the cap a query passes; one over it is refused (each count by reading the query)."""
    if refused:
        with pytest.raises(QueryRefused):
            check_query(query, limits=limits)
    else:
        check_query(query, limits=limits)


def test_closing_brackets_never_take_depth_below_zero() -> None:
    """Stray closing brackets (a syntax error for the engine) do not buy nesting credit."""
    with pytest.raises(QueryRefused, match="nested too deeply"):
        check_query("SELECT * } } } } " + "{ " * 4 + "} " * 4, limits=Limits(max_depth=3))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("LOAD <http://x/>", "LOAD is not accepted: this endpoint is read-only"),
        (
            "INSERT DATA { <http://x/a> <http://x/b> 1 }",
            "SPARQL Update (INSERT) is not accepted: this endpoint is read-only",
        ),
        (
            "SELECT * {\n  SERVICE <http://x/> {} }",
            "SERVICE (federated query) is disabled: this endpoint makes no outbound requests "
            "(at line 2, column 3)",
        ),
        ("SELECT * FROM <file:///etc/passwd> {}", "FROM <file:///etc/passwd>: local files"),
        ("SELECT * FROM NAMED <file:///x> {}", "FROM NAMED <file:///x>: local files"),
        ("SELECT * FROM <http://x/y> {}", "FROM <http://x/y> is not a graph of this store"),
    ],
)
def test_refusals_say_what_and_where(query: str, message: str) -> None:
    with pytest.raises(QueryRefused) as info:
        check_query(query, known_graphs={GRAPH})
    assert info.value.message.startswith(message)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM",
        "SELECT * FROM NAMED",
        "SELECT * FROM ?g WHERE {}",
        "SELECT * FROM NAMED ?g WHERE {}",
    ],
)
def test_a_dataset_clause_without_an_iri_is_left_to_the_engine(query: str) -> None:
    assert check_query(query, known_graphs={GRAPH}).from_graphs == ()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM ?g WHERE { SERVICE <http://x/> {} }",
        "SELECT * FROM NAMED WHERE { SERVICE <http://x/> {} }",
        "SELECT * FROM WHERE { SERVICE <http://x/> {} }",
    ],
)
def test_a_malformed_dataset_clause_does_not_end_the_check(query: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(query)


def test_from_and_from_named_are_told_apart() -> None:
    other = GRAPH + "/other"
    checked = check_query(
        f"SELECT * FROM <{GRAPH}> FROM NAMED <{other}> {{}}", known_graphs={GRAPH, other}
    )
    assert (checked.from_graphs, checked.from_named_graphs) == ((GRAPH,), (other,))
