"""What the server's own routes (pages, catalogue, statistics) need from a store.

User SPARQL goes through the killable worker pool; these are the project's own, trusted queries.
Two implementations: the embedded Oxigraph store and a remote SPARQL 1.1 endpoint.
"""

from __future__ import annotations

from typing import Protocol

from rdflib import Graph
from rdflib.term import Node


class QueryBackend(Protocol):
    def select(self, query: str) -> list[dict[str, Node]]:
        """Rows of a SELECT as rdflib terms (unbound variables are absent from the row)."""
        ...

    def ask(self, query: str) -> bool: ...

    def construct(self, query: str) -> Graph:
        """The graph of a CONSTRUCT or DESCRIBE."""
        ...
