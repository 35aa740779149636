"""The byte cap on answers beside the row cap (sotk_kg/server/worker.py `serialise`): an answer of
large rows is cut at the last row that fits, in every format, and says which cap cut it."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from sotk_kg.server.negotiation import GRAPH_FORMATS, RESULTS_FORMATS
from sotk_kg.server.worker import Answer, Job, serialise

ROWS = 100
VALUE = 5000  # characters of each row's literal
CAP = 50_000  # room for about nine such rows
SELECT = "SELECT ?s ?o WHERE { ?s <http://x/p> ?o } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT { ?s <http://x/p> ?o } WHERE { ?s <http://x/p> ?o } ORDER BY ?s"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    p = ox.NamedNode("http://x/p")
    for i in range(ROWS):
        s.add(ox.Quad(ox.NamedNode(f"http://x/s{i:03}"), p, ox.Literal(f"{i:03}" + "v" * VALUE)))
    return s


def answer(store: ox.Store, query: str, media_type: str, **caps: int | None) -> Answer:
    is_select = query.startswith("SELECT")
    job = Job(query, media_type if is_select else None, None if is_select else media_type,
              **caps)  # type: ignore[arg-type]  # fmt: skip
    out = serialise(store.query(query), job)
    assert isinstance(out, Answer), out
    return out


@pytest.mark.parametrize("media_type", list(RESULTS_FORMATS))
def test_results_are_cut_at_the_last_row_within_the_byte_cap(
    store: ox.Store, media_type: str
) -> None:
    cut = answer(store, SELECT, media_type, max_rows=1000, max_bytes=CAP)
    assert cut.truncated and cut.cut_at == f"{CAP} bytes"
    assert len(cut.body) <= CAP
    # The row cap was not what cut it, and one row more would not have fit.
    assert 0 < cut.rows < ROWS
    one_more = answer(store, SELECT, media_type, max_rows=cut.rows + 1)
    assert len(one_more.body) > CAP
    assert one_more.body.startswith(cut.body[: len(cut.body) // 2])  # the same rows, in order


@pytest.mark.parametrize("media_type", list(GRAPH_FORMATS))
def test_graphs_are_cut_within_the_byte_cap(store: ox.Store, media_type: str) -> None:
    cut = answer(store, CONSTRUCT, media_type, max_rows=1000, max_bytes=CAP)
    assert cut.truncated and cut.cut_at == f"{CAP} bytes"
    assert 0 < cut.rows < ROWS and len(cut.body) <= CAP


def test_the_row_cap_still_cuts_first_and_says_so(store: ox.Store) -> None:
    cut = answer(store, SELECT, "application/sparql-results+json", max_rows=3, max_bytes=CAP)
    assert (cut.rows, cut.truncated, cut.cut_at) == (3, True, "3 rows")


def test_an_answer_within_both_caps_is_whole(store: ox.Store) -> None:
    whole = answer(store, SELECT, "text/csv", max_rows=ROWS, max_bytes=10 * ROWS * VALUE)
    assert (whole.rows, whole.truncated, whole.cut_at) == (ROWS, False, "")
    assert whole.body == answer(store, SELECT, "text/csv", max_rows=ROWS).body


def test_a_term_the_format_cannot_write_is_refused_with_its_row_number(store: ox.Store) -> None:
    """The byte count skips what XML cannot carry, so writing the answer still refuses it and
    names the row (results.py); a cut before that row leaves it out, and the answer stands."""
    bad = ox.Store()
    for i in range(10):
        value = "\x01" if i == 6 else "v" * VALUE
        bad.add(ox.Quad(ox.NamedNode(f"http://x/s{i:03}"), ox.NamedNode("http://x/p"),
                        ox.Literal(value)))  # fmt: skip
    job = Job(SELECT, "application/sparql-results+xml", None, max_rows=100, max_bytes=CAP)
    refused = serialise(bad.query(SELECT), job)
    assert not isinstance(refused, Answer) and refused.status == 406
    assert "row 7" in refused.message
    cut = serialise(bad.query(SELECT), dataclasses.replace(job, max_bytes=3 * VALUE))
    assert isinstance(cut, Answer) and cut.rows == 2 and cut.cut_at == f"{3 * VALUE} bytes"
