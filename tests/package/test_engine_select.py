"""sotk_kg.engine.select: the one typed way to read a SELECT's rows from pyoxigraph."""

import pyoxigraph as ox
import pytest

from sotk_kg.engine import select


def test_select_gives_the_rows_of_a_select():
    store = ox.Store()
    ex = ox.NamedNode("http://example.org/a")
    store.add(ox.Quad(ex, ex, ox.Literal("x")))
    rows = select(store, "SELECT ?o WHERE { ?s ?p ?o }")
    assert [row["o"] for row in rows] == [ox.Literal("x")]


@pytest.mark.parametrize("query", ["ASK { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_select_refuses_other_query_forms(query):
    with pytest.raises(TypeError, match="not a SELECT query"):
        select(ox.Store(), query)
