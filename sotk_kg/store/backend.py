"""What the server's own routes (pages, catalogue, statistics) need from a store.

User SPARQL goes through the killable worker pool; these are the project's own, trusted queries.
Two implementations: the embedded Oxigraph store (here) and a remote SPARQL 1.1 endpoint
(`store/remote.py`). The protocol lives in the store, not the server, because both of its
implementations are stores: the server uses it, the store never imports the server.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, cast

from rdflib import Graph
from rdflib.term import Node

if TYPE_CHECKING:
    import pyoxigraph as ox

    from sotk_kg.engine import Term
    from sotk_kg.store.textindex import TextIndex


class QueryRejected(ValueError):
    """The engine refused one of the server's own queries as malformed. The queries are trusted,
    but some embed a value from the request (an IRI from the path): this is the client's error,
    answered with a 4xx by the application (server/app.py), never a 500."""


class QueryBackend(Protocol):
    def select(self, query: str) -> list[dict[str, Node]]:
        """Rows of a SELECT as rdflib terms (unbound variables are absent from the row)."""
        ...

    def ask(self, query: str) -> bool: ...

    def construct(self, query: str) -> Graph:
        """The graph of a CONSTRUCT or DESCRIBE."""
        ...

    def construct_triples(self, query: str) -> list[ox.Triple]:
        """The triples of a CONSTRUCT as the engine's `pyoxigraph.Triple`s, without the cost of
        rdflib terms (for bulk reads: the dumps). May repeat a triple found in two graphs."""
        ...


def to_rdflib(term: Term) -> Node:
    """Convert a pyoxigraph term (the engine's) to the rdflib term the routes work with."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt.endswith("#string") else URIRef(dt))
    raise TypeError(f"no rdflib equivalent for {term!r}")


def triples_of(result: object) -> list[ox.Triple]:
    """The `pyoxigraph.Triple`s of a graph result (CONSTRUCT / DESCRIBE); TypeError otherwise."""
    import pyoxigraph as ox

    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        raise TypeError("construct_triples() needs a CONSTRUCT or DESCRIBE query")
    return list(cast("Iterable[ox.Triple]", result))  # a QueryTriples, or the remote's list


def answer_to_rdflib(result: object) -> list[dict[str, Node]] | bool | Graph:
    """A pyoxigraph query result as the QueryBackend types (rows, boolean or graph)."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return [{n: to_rdflib(sol[n]) for n in names if sol[n] is not None} for sol in result]
    graph = Graph()
    for t in cast("Iterable[ox.Triple]", result):  # a QueryTriples, or the remote's list
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


class EmbeddedBackend:
    """The in-process Oxigraph store, read only; its default graph is the set union of all named
    graphs, kept so by `sotk_kg.store.load`."""

    text_index: str | None = None  # no engine text index: the project's FTS5 index instead

    def __init__(self, store: ox.Store, texts: TextIndex | None = None) -> None:
        self.store = store
        self._texts = texts
        self._texts_lock = threading.Lock()

    def texts(self) -> TextIndex:
        """The store's full-text index: the one given (an on-disk store's, kept in step by
        `sotk_kg.store.load`), else one built in memory from the store at first use."""
        with self._texts_lock:
            if self._texts is None:
                from sotk_kg.store.textindex import memory_index

                self._texts = memory_index(self.store)
            return self._texts

    def _query(self, query: str) -> object:
        try:
            return self.store.query(query)
        except SyntaxError as exc:
            raise QueryRejected(f"the query cannot be evaluated: {exc}") from exc

    def select(self, query: str) -> list[dict[str, Node]]:
        rows = answer_to_rdflib(self._query(query))
        if not isinstance(rows, list):
            raise TypeError("select() needs a SELECT query")
        return rows

    def ask(self, query: str) -> bool:
        answer = answer_to_rdflib(self._query(query))
        if not isinstance(answer, bool):
            raise TypeError("ask() needs an ASK query")
        return answer

    def construct(self, query: str) -> Graph:
        graph = answer_to_rdflib(self._query(query))
        if not isinstance(graph, Graph):
            raise TypeError("construct() needs a CONSTRUCT or DESCRIBE query")
        return graph

    def construct_triples(self, query: str) -> list[ox.Triple]:
        return triples_of(self._query(query))
