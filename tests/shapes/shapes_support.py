"""Helpers of the shapes tests: the hand-written conforming structure and the validation sources
(the real shapes and ontology of this checkout, an empty published graph unless a test says so)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from repo_paths import REPO_ROOT

from sotk_kg.checks.validation import Sources

FIXTURES = Path(__file__).parent / "fixtures"
STRUCTURE = FIXTURES / "structure.ttl"
SOTKSH = "https://w3id.org/sotk-kg/def/shapes#"
SH = Namespace("http://www.w3.org/ns/shacl#")


def shapes_graph() -> Graph:
    """Every shapes file of this checkout, as one graph."""
    graph = Graph()
    for f in (REPO_ROOT / "shapes").glob("*.shacl.ttl"):
        graph.parse(f, format="turtle")
    return graph


SHAPES = shapes_graph()


def declared_messages(rule: str) -> dict[str, str]:
    """sh:message of the shape, or of its SPARQL constraint."""
    shape = URIRef(rule)
    nodes = [shape, *SHAPES.objects(shape, SH.sparql)]
    return {
        m.language: str(m)
        for n in nodes
        for m in SHAPES.objects(n, SH.message)
        if isinstance(m, Literal)
    }


def template_regex(template: str) -> str:
    parts = re.split(r"\{[?$]\w+\}", template)
    # a placeholder may be filled with nothing (an optional "did you mean ...?")
    return ".*".join(re.escape(p) for p in parts)


def assert_declared_messages(finding) -> None:
    """The finding's messages are the rule's own sh:message templates, in id and en."""
    declared = declared_messages(finding.rule)
    assert set(declared) == {"id", "en"}
    for lang, template in declared.items():
        assert re.fullmatch(template_regex(template), finding.message[lang], re.S), (
            finding.message[lang],
            template,
        )


def other_dinas(target: Path) -> Path:
    """A second published structure: the fixture's Dinas copied to another region (Kabupaten
    Lain), with the same unit and post names except its Sub Koordinator (Pembinaan Koperasi)."""
    text = STRUCTURE.read_text(encoding="utf-8")
    for old, new in (("kab-contoh", "kab-lain"), ("Contoh", "Lain"), ("pembinaan-usaha",
                     "pembinaan-koperasi"), ("Pembinaan Usaha", "Pembinaan Koperasi")):  # fmt: skip
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return target


def sources_with_graph(graph_dir: Path) -> Sources:
    return Sources(
        graph_dir=graph_dir,
        ontology_dir=REPO_ROOT / "ontology",
        shapes_dir=REPO_ROOT / "shapes",
        base="https://w3id.org/sotk-kg",
    )


def mutated_structure(update: str, target: Path, source: Path = STRUCTURE) -> Path:
    """The fixture structure (or `source`) after a SPARQL update, written as Turtle to `target`."""
    store = ox.Store()
    store.load(path=str(source), format=ox.RdfFormat.TURTLE)
    store.update(update)
    store.dump(output=str(target), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    return target
