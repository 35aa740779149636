"""Typed access to pyoxigraph, for the checker: its stubs name no union of the terms and type
every query's answer as "solutions, boolean or triples", so a SELECT's rows cannot be iterated
without a check. Below the store and the checks, which both read the engine directly.
"""

from __future__ import annotations

from typing import TypeAlias

import pyoxigraph as ox

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def select(store: ox.Store, query: str) -> ox.QuerySolutions:
    """The rows of a SELECT; TypeError for an ASK, CONSTRUCT or DESCRIBE."""
    answer = store.query(query)
    if not isinstance(answer, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:80]!r}")
    return answer
