"""The /sparql fast path's pieces: a job and its answer cross the worker's pipe as frames of bytes
and come back as they went; a small SELECT answer in SPARQL JSON is written by the engine, the
same document as the row-by-row writer's, while one the caps could cut is written row by row and
cut; the guard's accepted checks are kept per query text, refusals are not."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from sotk_kg.server.guard import CheckedQueries, Limits, QueryRefused
from sotk_kg.server.worker import (
    Answer,
    Failure,
    Job,
    _json_rows,
    decode_job,
    decode_outcome,
    encode_job,
    encode_outcome,
    evaluate,
    serialise,
)

JSON = "application/sparql-results+json"
# Terms a JSON writer can get wrong: a base direction, a datatype, U+FFFE and a C0 control, a line
# break, an unbound variable, a language tag, a blank node, a triple term.
TRICKY = """SELECT ?a ?b ?c ?d ?e ?f ?g ?t WHERE {
  VALUES (?a ?b ?c ?d ?e ?f) { ("x"@en--rtl <http://x/a> "1"^^<http://www.w3.org/2001/XMLSchema#integer>
                               "t\\uFFFE\\u0001\\n" UNDEF "id"@id) }
  BIND(BNODE("b") AS ?g) BIND(<<( <http://x/s> <http://x/p> "o" )>> AS ?t) }"""


def test_a_job_crosses_the_pipe_unchanged() -> None:
    job = Job("SELECT * { ?s ?p 'é\n' }", JSON, "text/turtle", 7, ("http://g/1",), ("http://g/2",),
              1234)  # fmt: skip
    assert decode_job(encode_job(job)) == job
    assert decode_job(encode_job(Job("ASK {}", None, None, 1))) == Job("ASK {}", None, None, 1)
    # the graphs in force on a day (server/in_force.py): GRAPH must still see every graph
    in_force = Job("ASK {}", JSON, None, 1, ("http://g/1",), in_force=True)
    assert decode_job(encode_job(in_force)) == in_force


@pytest.mark.parametrize(
    "outcome",
    [
        Answer(b'{"a":\n1}\n\xff\x00', JSON, 3, True, "3 rows"),  # any bytes, line breaks too
        Answer(b"", "text/csv", None, False),
        Failure(406, "no acceptable media type\nsecond line"),
    ],
)
def test_an_answer_crosses_the_pipe_unchanged(outcome: Answer | Failure) -> None:
    assert decode_outcome(encode_outcome(outcome)) == outcome


def test_the_engines_json_is_the_row_by_row_writers_document() -> None:
    store = ox.Store()
    fast = evaluate(store, Job(TRICKY, JSON, None, 1000))
    assert isinstance(fast, Answer) and fast.rows is None  # written by the engine
    assert b"\\ufffe" in fast.body  # escaped, as the row-by-row writer does
    slow = evaluate(store, Job(TRICKY, JSON, None, 1000, max_bytes=30))
    assert isinstance(slow, Answer) and slow.truncated  # the row-by-row path, cut at the cap
    doc = json.loads(fast.body)
    assert doc["head"]["vars"] == ["a", "b", "c", "d", "e", "f", "g", "t"]
    (row,) = doc["results"]["bindings"]
    assert row["a"] == {"type": "literal", "value": "x", "xml:lang": "en", "its:dir": "rtl"}
    assert row["d"] == {"type": "literal", "value": "t\ufffe\x01\n"}
    assert "e" not in row and row["g"]["type"] == "bnode" and row["t"]["type"] == "triple"
    reference = serialise(store.query(TRICKY), Job(TRICKY, JSON, None, 2))  # row by row
    assert isinstance(reference, Answer) and reference.rows == 1
    row["g"]["value"] = json.loads(reference.body)["results"]["bindings"][0]["g"]["value"]
    assert doc == json.loads(reference.body)  # blank node labels differ between evaluations


def test_an_answer_the_row_cap_could_cut_is_cut_row_by_row() -> None:
    store = ox.Store()
    query = "SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 } }"
    cut = evaluate(store, Job(query, JSON, None, 3))
    assert isinstance(cut, Answer) and cut.truncated and cut.cut_at == "3 rows"
    assert [b["x"]["value"] for b in json.loads(cut.body)["results"]["bindings"]] == ["1", "2", "3"]
    whole = evaluate(store, Job(query, JSON, None, 1000))  # 3,000 bytes: room for it
    assert isinstance(whole, Answer) and not whole.truncated and whole.rows is None
    assert len(json.loads(whole.body)["results"]["bindings"]) == 5


# Literals whose text looks like the engine's row boundary, or ends like one
ROW_LOOKALIKES = [r"},{\"s\":{", r"a},{", r"\\", r"},{\"x\":{\"type\"", "plain"]


def _lookalike_query(rows: int) -> str:
    values = " ".join(
        f'(<http://x/{i}> "{ROW_LOOKALIKES[i % 5]}"@id {i} <<( <http://x/s> <http://x/p> "o" )>>)'
        for i in range(rows)
    )
    return f"SELECT ?s ?x ?n ?t WHERE {{ VALUES (?s ?x ?n ?t) {{ {values} }} }}"


@pytest.mark.parametrize("rows", [0, 1, 2, 7, 40])
def test_rows_of_the_engines_json_are_counted_as_a_parser_counts_them(rows: int) -> None:
    import io

    body = io.BytesIO()
    ox.Store().query(_lookalike_query(rows)).serialize(body, ox.QueryResultsFormat.JSON)
    assert _json_rows(body.getvalue()) == len(json.loads(body.getvalue())["results"]["bindings"])


def test_an_answer_over_three_bytes_a_row_within_the_row_cap_is_the_engines() -> None:
    """40 rows of some hundred bytes each, under a cap of 40 rows: the engine's own JSON, the
    same document as the row-by-row writer's; one row more than the cap is cut row by row."""
    store, query = ox.Store(), _lookalike_query(40)
    fast = evaluate(store, Job(query, JSON, None, 40))
    assert isinstance(fast, Answer) and fast.rows is None and not fast.truncated
    slow = serialise(store.query(query), Job(query, JSON, None, 40))
    assert isinstance(slow, Answer) and slow.rows == 40
    assert json.loads(fast.body) == json.loads(slow.body)
    cut = evaluate(store, Job(query, JSON, None, 39))
    assert isinstance(cut, Answer) and cut.truncated and cut.cut_at == "39 rows"


def test_rows_binding_nothing_are_counted_row_by_row() -> None:
    """ "{}" (a row binding nothing) has no row start the count can see: the row-by-row path."""
    query = "SELECT ?x WHERE { VALUES ?x { UNDEF UNDEF UNDEF } }"
    assert _json_rows(b'{"head":{"vars":["x"]},"results":{"bindings":[{},{},{}]}}') > 3
    cut = evaluate(ox.Store(), Job(query, JSON, None, 2))
    assert isinstance(cut, Answer) and cut.truncated and cut.cut_at == "2 rows"
    assert json.loads(cut.body)["results"]["bindings"] == [{}, {}]


def test_accepted_checks_are_kept_and_refusals_are_not() -> None:
    checks = CheckedQueries(None, Limits(), entries=2)
    first = checks.check("SELECT * { ?s ?p ?o }")
    assert checks.check("SELECT * { ?s ?p ?o }") is first  # not read again
    for _ in range(2):  # refused each time it is sent
        with pytest.raises(QueryRefused, match="SERVICE"):
            checks.check("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
    checks.check("ASK {}")
    checks.check("ASK { ?s ?p ?o }")  # a third text: the least recently used one goes
    assert checks.check("SELECT * { ?s ?p ?o }") is not first


def test_kept_checks_are_bounded_by_characters_too() -> None:
    checks = CheckedQueries(None, Limits(), entries=100, max_chars=800)
    long_query = "SELECT * { ?s ?p ?o } # " + "x" * 200  # over an eighth of the budget
    assert checks.check(long_query) is not checks.check(long_query)  # never kept
    texts = [f"ASK {{ ?s ?p {i} }}" + " " * 60 for i in range(20)]
    kept = [checks.check(t) for t in texts]
    assert checks.check(texts[-1]) is kept[-1]
    assert checks.check(texts[0]) is not kept[0]  # pushed out by the character budget
