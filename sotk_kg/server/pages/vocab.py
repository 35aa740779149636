"""Namespaces the linked-data pages read and write, with the prefixes used in serialisations."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from sotk_kg.namespaces import SOTK, SOTKSH

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

PREFIXES: dict[str, str] = {
    "sotk": str(SOTK),
    "sotksh": str(SOTKSH),
    "eli": str(ELI),
    "org": str(ORG),
    "cv": str(CV),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcat": str(DCAT),
    "dcatap": str(DCATAP),
    "void": str(VOID),
    "sd": str(SD),
    "spdx": str(SPDX),
    "adms": str(ADMS),
    "vcard": str(VCARD),
    "sh": "http://www.w3.org/ns/shacl#",
}

# The same prefixes as a SPARQL prologue, for the pages' own queries.
SPARQL_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# Properties that name a resource, in order of preference.
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name, ELI.title)


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def curie(iri: str) -> str:
    """`eli:is_part_of` for a known namespace, else the IRI itself."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri
