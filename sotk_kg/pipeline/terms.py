"""Namespace constants for every vocabulary the graph uses (see docs/model.md, "Namespaces").
`SOTK` is the generated `sotk_kg.namespaces.SOTK`: a term the ontology does not declare fails."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from sotk_kg.namespaces import SOTK

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
DCT = DCTERMS

# The ELI in-force states a regulation is given.
IN_FORCE = ELI["InForce-inForce"]
NOT_IN_FORCE = ELI["InForce-notInForce"]

# The EU language authority's Indonesian.
LANG_IND = Namespace("http://publications.europa.eu/resource/authority/language/")["IND"]

# Prefixes bound in every serialisation, in this order.
PREFIXES: dict[str, Namespace] = {
    "sotk": Namespace(str(SOTK)),
    "eli": ELI,
    "org": ORG,
    "cv": CV,
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dct": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}

__all__ = [
    "CV",
    "DCT",
    "ELI",
    "FOAF",
    "IN_FORCE",
    "LANG_IND",
    "NOT_IN_FORCE",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "SOTK",
    "XSD",
]
