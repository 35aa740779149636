"""A small graph builder shared by the extractors, and deterministic serialisers.

Determinism: no blank nodes are ever created, and both serialisers sort subjects, predicates and
objects themselves, so the bytes depend only on the triples (not on hash seeds or insertion order).
Speed: triples are collected in a plain set; the rdflib Graph is made only when asked for (adding
to rdflib's memory store costs more than the whole extraction), and the serialisers read the set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from sotk_kg.pipeline.terms import PREFIXES, PROV, RDF, RDFS, SKOS, XSD

Triple = tuple[Node, Node, Node]


class GraphBuilder:
    """Collects the triples of one regulation's named graph."""

    def __init__(self) -> None:
        self.triples: set[Triple] = set()
        self._has: set[tuple[Node, Node]] = set()  # (subject, predicate) pairs present
        self._graph: Graph | None = None

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph (made on first use after the last addition)."""
        if self._graph is None:
            self._graph = to_graph(self.triples)
        return self._graph

    def has(self, s: URIRef, p: URIRef) -> bool:
        return (s, p) in self._has

    def add(self, s: URIRef, p: URIRef, o: Node) -> None:
        if isinstance(s, BNode) or isinstance(o, BNode):
            raise ValueError("blank nodes would make rebuilds differ; mint an IRI instead")
        self.triples.add((s, p, o))
        self._has.add((s, p))
        self._graph = None

    def types(self, s: URIRef, *classes: URIRef) -> None:
        for cls in classes:
            self.add(s, RDF.type, cls)

    def text(self, s: URIRef, p: URIRef, value: str | None, lang: str | None = "id") -> None:
        """A language-tagged literal; empty text adds nothing."""
        if value and value.strip():
            self.add(s, p, Literal(value.strip(), lang=lang))

    def plain(self, s: URIRef, p: URIRef, value: str | None) -> None:
        if value and value.strip():
            self.add(s, p, Literal(value.strip()))

    def typed(self, s: URIRef, p: URIRef, value: object, datatype: URIRef) -> None:
        self.add(s, p, Literal(str(value), datatype=datatype))

    def integer(self, s: URIRef, p: URIRef, value: int) -> None:
        self.typed(s, p, value, XSD.integer)

    def labels(self, s: URIRef, label_id: str, label_en: str | None = None) -> None:
        self.text(s, RDFS.label, label_id, "id")
        self.text(s, RDFS.label, label_en, "en")

    def pref_label(self, s: URIRef, label_id: str) -> None:
        self.text(s, SKOS.prefLabel, label_id, "id")

    def derived(self, s: URIRef, *provisions: URIRef) -> None:
        for prov in provisions:
            self.add(s, PROV.wasDerivedFrom, prov)

    def notes(self, s: URIRef, notes: Iterable[str]) -> None:
        for note in notes:
            self.text(s, SKOS.editorialNote, note, "en")


# ---------------------------------------------------------------------------------------------
# Serialisers
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _quote(value: str) -> str:
    return '"' + value.translate(_ESCAPES) + '"'


@lru_cache(maxsize=65536)
def _iri(term: URIRef, short: bool) -> str:
    if short:
        for prefix, ns in PREFIXES.items():
            local = str(term)[len(str(ns)) :]
            if str(term).startswith(str(ns)) and _LOCAL_NAME.match(local):
                return f"{prefix}:{local}"
    return f"<{term}>"


def _term(term: Node, short: bool) -> str:
    if isinstance(term, URIRef):
        return _iri(term, short)
    if isinstance(term, Literal):
        if term.language:
            return f"{_quote(str(term))}@{term.language}"
        if term.datatype is None or term.datatype == XSD.string:
            return _quote(str(term))
        if short and term.datatype == XSD.integer and re.fullmatch(r"-?\d+", str(term)):
            return str(term)
        if short and term.datatype == XSD.boolean and str(term) in ("true", "false"):
            return str(term)
        return f"{_quote(str(term))}^^{_iri(term.datatype, short)}"
    raise ValueError(f"cannot serialise {term!r} deterministically")


def _sort_key(term: Node) -> tuple[int, str]:
    return (0 if isinstance(term, URIRef) else 1, _term(term, short=False))


def to_graph(triples: Iterable[Triple]) -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    for triple in triples:
        graph.add(triple)
    return graph


def to_turtle(triples: Iterable[Triple]) -> str:
    """Turtle with subjects, predicates (rdf:type first) and objects in a stable order."""
    by_subject: dict[Node, dict[Node, list[Node]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    lines = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in PREFIXES.items()]
    for s in sorted(by_subject, key=_sort_key):
        predicates = sorted(by_subject[s], key=lambda p: (p != RDF.type, _term(p, short=False)))
        parts = []
        for p in predicates:
            objects = sorted(set(by_subject[s][p]), key=_sort_key)
            verb = "a" if p == RDF.type else _term(p, short=True)
            parts.append(f"    {verb} " + " ,\n        ".join(_term(o, True) for o in objects))
        lines.append("")
        lines.append(_term(s, short=True) + "\n" + " ;\n".join(parts) + " .")
    return "\n".join(lines) + "\n"


def to_nquads(triples: Iterable[Triple], graph_iri: URIRef) -> str:
    """N-Quads of every triple in the named graph `graph_iri`, lines sorted."""
    g = _term(graph_iri, short=False)
    rows = sorted(
        {f"{_term(s, False)} {_term(p, False)} {_term(o, False)} {g} ." for s, p, o in triples}
    )
    return "".join(row + "\n" for row in rows)
