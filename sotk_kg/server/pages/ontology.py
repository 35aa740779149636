"""Documentation of the ontologies for people, rendered from their files: `ontology/sotk.ttl`
(`/def/sotk`) and the server vocabulary `ontology/server.ttl` (`/def/server`): classes and
properties with their labels and comments in Indonesian and English, and the alignments to
ELI, ORG, CPOV, SKOS, PROV and the other vocabularies they reuse."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from sotk_kg.server.pages.html import Labels, Term, link, literal_term, render_page
from sotk_kg.server.pages.paths import DEF_ROOT, Links
from sotk_kg.server.pages.vocab import bind_prefixes, curie
from sotk_kg.settings import Settings

CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (
    (OWL.ObjectProperty, "Properti objek", "Object properties"),
    (OWL.DatatypeProperty, "Properti data", "Datatype properties"),
    (OWL.AnnotationProperty, "Properti anotasi", "Annotation properties"),
)
# Axioms that tie a local term to another vocabulary.
ALIGNMENT_PREDICATES = (
    RDFS.subClassOf,
    OWL.equivalentClass,
    RDFS.subPropertyOf,
    OWL.equivalentProperty,
    OWL.inverseOf,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
)
DETAIL_PREDICATES = (*ALIGNMENT_PREDICATES, RDFS.domain, RDFS.range, OWL.disjointWith)


# `/def/{name}` -> (file in ontology/, preferred prefix). Each ontology IRI is `{DEF_ROOT}{name}`,
# its terms are in the hash namespace `{DEF_ROOT}{name}#`, version IRIs are `{DEF_ROOT}{name}/…`.
ONTOLOGY_FILES: dict[str, tuple[str, str]] = {
    "sotk": ("sotk.ttl", "sotk"),
    "server": ("server.ttl", "srv"),
}


@dataclass(frozen=True)
class OntologySource:
    path: Path
    iri: str
    prefix: str

    @property
    def namespace(self) -> str:
        return self.iri + "#"


def source_for(settings: Settings, name: str) -> OntologySource | None:
    """The ontology behind `/def/{name}` (the ontology IRI or one of its version IRIs)."""
    for stem, (filename, prefix) in ONTOLOGY_FILES.items():
        if name == stem or name.startswith(stem + "/"):
            path = settings.ontology_dir / filename
            return OntologySource(path, DEF_ROOT + stem, prefix) if path.is_file() else None
    return None


def parse(path: Path) -> Graph:
    return _parse(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _parse(path: Path, _mtime: int) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return bind_prefixes(graph)


def _texts(graph: Graph, term: URIRef, prop: URIRef) -> list[Term]:
    """The values of `prop`, Indonesian first."""
    values = sorted(
        graph.objects(term, prop), key=lambda v: (getattr(v, "language", "") or "") != "id"
    )
    return [literal_term(v) for v in values]


def render(source: OntologySource, links: Links, alternates: list[tuple[str, str]]) -> str:
    graph = parse(source.path)
    labels = Labels(graph)
    onto = URIRef(source.iri)
    ns, prefix = source.namespace, source.prefix

    def local(term: URIRef) -> str:
        return str(term)[len(ns) :]

    def local_terms(*types: URIRef) -> list[URIRef]:
        found = {s for t in types for s in graph.subjects(RDF.type, t)}
        return sorted(
            (s for s in found if isinstance(s, URIRef) and str(s).startswith(ns)), key=str
        )

    def described(term: URIRef) -> dict[str, object]:
        rows = []
        for prop in DETAIL_PREDICATES:
            values = sorted(str(v) for v in graph.objects(term, prop) if isinstance(v, URIRef))
            if values:
                rows.append((curie(str(prop)), [link(links, labels, v, curie(v)) for v in values]))
        return {
            "local": local(term),
            "label": labels.get(str(term), "id") or local(term),
            "en": labels.get(str(term), "en"),
            "comments": _texts(graph, term, RDFS.comment),
            "rows": rows,
        }

    classes = local_terms(*CLASS_TYPES)
    kinds = [("classes", "Kelas", "Classes", classes)]
    for rdf_type, id_title, en_title in PROPERTY_TYPES:
        kinds.append(
            (en_title.lower().replace(" ", "-"), id_title, en_title, local_terms(rdf_type))
        )
    groups = [
        {
            "anchor": anchor,
            "id_title": id_title,
            "en_title": en_title,
            "terms": [described(t) for t in terms],
        }
        for anchor, id_title, en_title, terms in kinds
        if terms
    ]
    alignments = []
    for term in classes + [t for _, _, _, ts in kinds[1:] for t in ts]:
        for prop in ALIGNMENT_PREDICATES:
            for value in sorted(graph.objects(term, prop), key=str):
                if isinstance(value, URIRef) and not str(value).startswith(ns):
                    alignments.append(
                        (
                            link(links, labels, str(term), f"{prefix}:{local(term)}"),
                            curie(str(prop)),
                            link(links, labels, str(value), curie(str(value))),
                        )
                    )
    meta = []
    for prop in (OWL.versionIRI, OWL.versionInfo, DCTERMS.license, DCTERMS.created):
        for v in graph.objects(onto, prop):
            cell = (
                link(links, labels, str(v), str(v))
                if isinstance(v, URIRef)
                else Term("text", str(v))
            )
            meta.append((curie(str(prop)), [cell]))
    return render_page(
        links,
        "ontology.html",
        title=labels.get(source.iri, "id") or prefix.upper(),
        title_en=labels.get(source.iri, "en"),
        iri=source.iri,
        namespace=ns,
        prefix=prefix,
        alternates=alternates,
        description=_texts(graph, onto, DCTERMS.description),
        meta=meta,
        groups=groups,
        alignments=alignments,
    )
