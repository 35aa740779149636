"""Small HTML building blocks shared by every page: escaping, terms as links, the page layout."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from html import escape
from pathlib import Path
from string import Template

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from sotk_kg.server.pages.paths import EDITOR_PATH, Links
from sotk_kg.server.pages.vocab import LABEL_PROPERTIES, curie

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CSS_PATH = "/static/ld/ld.css"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


@cache
def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


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


def link(links: Links, labels: Labels, iri: str, text: str | None = None) -> str:
    return f'<a href="{esc(links.href(iri))}">{esc(text or labels.text(iri))}</a>'


def literal_html(lit: Node) -> str:
    tag_text = language(lit)
    lang = f' lang="{esc(tag_text)}"' if tag_text else ""
    tag = f' <span class="lang">@{esc(tag_text)}</span>' if tag_text else ""
    return f"<span{lang}>{esc(lit)}</span>{tag}"


def term_html(term: Node, links: Links, labels: Labels) -> str:
    if isinstance(term, URIRef):
        return link(links, labels, str(term))
    if isinstance(term, Literal):
        return literal_html(term)
    if isinstance(term, BNode):
        return '<span class="muted">(simpul kosong / blank node)</span>'
    return esc(term)


def page(
    links: Links,
    *,
    title: str,
    body: str,
    lang: str = "id",
    head: str = "",
    query: str = "",
    footer: str = "",
) -> str:
    return _template("page.html").substitute(
        lang=esc(lang),
        title=esc(title),
        css=esc(links.url(CSS_PATH)),
        head=head,
        home=esc(links.url("/")),
        editor=esc(links.url(EDITOR_PATH)),
        search=esc(links.url("/search")),
        query=esc(query),
        validate=esc(links.url("/validate")),
        body=body,
        footer=footer
        or (
            f'Data: <a href="{esc(links.url("/catalogue"))}">katalog / catalogue</a> · '
            f'<a href="{esc(links.url("/.well-known/void"))}">VoID</a> · '
            f'<a href="{esc(links.url("/def/sotk"))}">ontologi / ontology</a> · '
            "lisensi / licence CC0 1.0"
        ),
    )
