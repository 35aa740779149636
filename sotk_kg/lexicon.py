"""The genre's vocabulary, read once from the ontology's SKOS schemes (`ontology/schemes/*.ttl`).

The schemes are the one home of the genre's words (regulation types, roles of posts, unit kinds,
provision kinds, regions...): code asks this module instead of keeping its own table, so a word
added to a scheme reaches the pipeline, the checks and the pages together. Each scheme is parsed on
first use and kept (`functools.cache`); the files are package data (`sotk_kg.resources`).

A `Term` is one `skos:Concept`: its notation (the scheme's key), its IRI as written in the file
(with the canonical base `iris.DEFAULT_BASE`), its preferred labels by language, its alternative
labels (the spellings texts use), and every other property by its prefixed name, so that a scheme
can carry what its users need (`sotk:leaderClass`, `rdfs:seeAlso`, ...) without a change here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from sotk_kg.resources import DATA_ROOT

SCHEMES_DIR: Path = DATA_ROOT / "ontology" / "schemes"


class LexiconError(LookupError):
    """A scheme or a term that code asks for is not in the ontology."""


@dataclass(frozen=True)
class Term:
    notation: str
    iri: str
    labels: Mapping[str, str]  # language tag -> skos:prefLabel
    alt_labels: tuple[str, ...] = ()  # skos:altLabel, Indonesian and untagged, as in the file
    # other properties: prefixed name as the file's prefixes write it ("rdfs:seeAlso") -> values
    properties: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # every language-tagged value, labels included: prefixed name -> language tag -> values
    texts: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    def label(self, lang: str = "id") -> str:
        """The preferred label in `lang`, else the Indonesian one, else the notation."""
        return self.labels.get(lang) or self.labels.get("id") or self.notation

    def texts_in(self, prop: str, lang: str) -> tuple[str, ...]:
        """The values of `prop` ("skos:hiddenLabel") tagged `lang`, sorted."""
        return self.texts.get(prop, {}).get(lang, ())

    def text(self, prop: str, lang: str) -> str:
        """The one value of `prop` in `lang` ("sotk:citationLabel"); none or several is an error."""
        values = self.texts_in(prop, lang)
        if len(values) != 1:
            raise LexiconError(f"{self.iri}: {prop} has {len(values)} values @{lang}, expected one")
        return values[0]

    def value(self, prop: str) -> str | None:
        """The one value of `prop` ("rdfs:seeAlso"), or None; more than one is an error."""
        values = self.properties.get(prop, ())
        if len(values) > 1:
            raise LexiconError(f"{self.iri}: {prop} has {len(values)} values, expected one")
        return values[0] if values else None

    def local_name(self, prop: str) -> str | None:
        """The local name of an IRI-valued `prop`: sotk:KepalaDinas -> "KepalaDinas"."""
        value = self.value(prop)
        return None if value is None else value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Scheme:
    name: str  # file stem: "peran"
    iri: str
    terms: tuple[Term, ...]  # sorted by notation (a file's order is not kept by RDF)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def term(self, notation: str) -> Term:
        for term in self.terms:
            if term.notation == notation:
                return term
        raise LexiconError(f"no concept with notation {notation!r} in scheme {self.name!r}")

    def by_notation(self) -> dict[str, Term]:
        return {term.notation: term for term in self.terms}


@cache
def scheme(name: str) -> Scheme:
    """The scheme in `ontology/schemes/{name}.ttl`."""
    path = SCHEMES_DIR / f"{name}.ttl"
    if not path.is_file():
        raise LexiconError(f"no scheme file {path}")
    graph = Graph()
    graph.parse(path, format="turtle")
    roots = list(graph.subjects(RDF.type, SKOS.ConceptScheme))
    if len(roots) != 1:
        raise LexiconError(f"{path}: {len(roots)} skos:ConceptScheme, expected one")
    root = roots[0]
    concepts = sorted(
        {s for s in graph.subjects(SKOS.inScheme, root) if isinstance(s, URIRef)},
        key=lambda s: str(graph.value(s, SKOS.notation) or s),
    )
    return Scheme(name, str(root), tuple(_term(graph, c, path) for c in concepts))


_OWN = {RDF.type, SKOS.prefLabel, SKOS.altLabel, SKOS.notation, SKOS.inScheme, SKOS.topConceptOf}


def _term(graph: Graph, concept: URIRef, path: Path) -> Term:
    notation = graph.value(concept, SKOS.notation)
    if notation is None:
        raise LexiconError(f"{path}: {concept} has no skos:notation")
    labels = {
        o.language or "": str(o)
        for o in graph.objects(concept, SKOS.prefLabel)
        if isinstance(o, Literal)
    }
    alt = tuple(
        sorted(
            str(o)
            for o in graph.objects(concept, SKOS.altLabel)
            if isinstance(o, Literal) and o.language in (None, "id")
        )
    )
    properties: dict[str, list[str]] = {}
    texts: dict[str, dict[str, list[str]]] = {}
    for p, o in graph.predicate_objects(concept):
        name = graph.namespace_manager.normalizeUri(str(p))
        if isinstance(o, Literal) and o.language:
            texts.setdefault(name, {}).setdefault(o.language, []).append(str(o))
        if p in _OWN:
            continue
        properties.setdefault(name, []).append(str(o))
    return Term(
        notation=str(notation),
        iri=str(concept),
        labels=labels,
        alt_labels=alt,
        properties={k: tuple(sorted(v)) for k, v in properties.items()},
        texts={k: {lang: tuple(sorted(v)) for lang, v in by.items()} for k, by in texts.items()},
    )
