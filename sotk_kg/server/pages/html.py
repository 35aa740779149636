"""What every page shares: labels, terms as the templates show them, the page layout
(`templates/page.html`, `templates/macros.html`)."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from sotk_kg.checks.templating import render
from sotk_kg.server.pages.paths import EDITOR_PATH, Links
from sotk_kg.server.pages.vocab import LABEL_PROPERTIES, curie

CSS_PATH = "/static/ld/ld.css"
# What a `Term` is, and so how `macros.html` shows it.
TermKind = typing.Literal["iri", "literal", "blank", "text"]


def language(term: Node) -> str | None:
    """The language tag of a literal; None for anything else."""
    return term.language if isinstance(term, Literal) else None


def pick_label(values: Sequence[Node], lang: str = "id") -> str | None:
    """The label in `lang`, else one without language, else any."""
    for want in (lang, ""):
        for v in values:
            if (language(v) or "") == want:
                return str(v)
    return str(values[0]) if values else None


class Labels:
    """Labels of the resources a page mentions, read from a graph (and added to as pages query)."""

    def __init__(self, graph: Graph | None = None) -> None:
        self._by_iri: dict[str, list[Literal]] = {}
        if graph is not None:
            for prop in LABEL_PROPERTIES:
                for s, o in graph.subject_objects(prop):
                    if isinstance(o, Literal):
                        self.add(str(s), o)

    def add(self, iri: str, label: Literal) -> None:
        values = self._by_iri.setdefault(iri, [])
        if label not in values:
            values.append(label)

    def get(self, iri: str, lang: str = "id") -> str | None:
        return pick_label(self._by_iri.get(iri, []), lang)

    def text(self, iri: str, lang: str = "id") -> str:
        """A label for display: the label, else the CURIE, else the last path segment."""
        found = self.get(iri, lang)
        if found:
            return found
        short = curie(iri)
        if short != iri:
            return short
        # An unlabelled minted IRI (a duty, a reporting line): its path says what it is.
        _head, sep, tail = iri.rpartition("/id/")
        return tail if sep and tail else iri


@dataclass(frozen=True)
class Term:
    """An RDF term as the templates show it (`macros.html`, `term`): an IRI as a link to its page,
    a literal with its language tag, a blank node, or other text."""

    kind: TermKind
    text: str
    href: str = ""
    lang: str = ""


def link(links: Links, labels: Labels, iri: str, text: str | None = None) -> Term:
    """A link to the page of `iri`, named `text` or its label."""
    return Term("iri", text or labels.text(iri), href=links.href(iri))


def literal_term(lit: Node) -> Term:
    return Term("literal", str(lit), lang=language(lit) or "")


def term(node: Node, links: Links, labels: Labels) -> Term:
    if isinstance(node, URIRef):
        return link(links, labels, str(node))
    if isinstance(node, Literal):
        return literal_term(node)
    if isinstance(node, BNode):
        return Term("blank", "")
    return Term("text", str(node))


def site(links: Links) -> dict[str, str]:
    """The layout's links (`page.html`)."""
    return {
        "css": links.url(CSS_PATH),
        "home": links.url("/"),
        "editor": links.url(EDITOR_PATH),
        "search": links.url("/search"),
        "validate": links.url("/validate"),
        "catalogue": links.url("/catalogue"),
        "void": links.url("/.well-known/void"),
        "ontology": links.url("/def/sotk"),
    }


def render_page(
    links: Links, template: str, *, title: str, lang: str = "id", query: str = "", **data: object
) -> str:
    """A page whose template extends `page.html`; `data` is what its blocks show."""
    return str(
        render(
            "sotk_kg.server",
            template,
            site=site(links),
            title=title,
            lang=lang,
            query=query,
            **data,
        )
    )
