"""The pySHACL workarounds (sotk_kg.checks.pyshacl_compat.applied): scoped, and the speed fixes
without effect on the results."""

from __future__ import annotations

import pyoxigraph as ox
import pyshacl.graph_abstraction as graph_abstraction
from pyshacl.constraints.constraint_component import ConstraintComponent
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from rdflib import Graph, Namespace
from rdflib.compare import isomorphic, to_isomorphic
from repo_paths import REPO_ROOT
from shapes_support import FIXTURES, STRUCTURE, mutated_structure

from sotk_kg.checks import pyshacl_compat, shacl

SH = Namespace("http://www.w3.org/ns/shacl#")


def _store(path) -> ox.Store:
    store = ox.Store()
    ontology = REPO_ROOT / "ontology"
    for f in [*ontology.glob("*.ttl"), *ontology.glob("schemes/*.ttl")]:
        store.load(path=str(f), format=ox.RdfFormat.TURTLE)
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _results(report: Graph) -> Graph:
    # the report node's own blank node differs per run; compare the whole graph up to bnodes
    return to_isomorphic(report)


def test_patches_are_scoped_and_restored() -> None:
    had_own = "__bool__" in graph_abstraction.DataGraph.__dict__
    check = SPARQLQueryHelper.check_invalid_sparql
    message = ConstraintComponent._format_sparql_based_result_message
    with pyshacl_compat.applied():
        assert graph_abstraction.DataGraph.__dict__["__bool__"] is pyshacl_compat.always_true
        assert SPARQLQueryHelper.check_invalid_sparql is not check
        assert ConstraintComponent._format_sparql_based_result_message is not message
    with pyshacl_compat.applied(speedups=False):  # the correctness fix only
        assert ConstraintComponent._format_sparql_based_result_message is not message
        assert SPARQLQueryHelper.check_invalid_sparql is check
        assert ("__bool__" in graph_abstraction.DataGraph.__dict__) == had_own
    assert ("__bool__" in graph_abstraction.DataGraph.__dict__) == had_own
    assert SPARQLQueryHelper.check_invalid_sparql is check
    assert ConstraintComponent._format_sparql_based_result_message is message


def test_patches_do_not_change_results(tmp_path) -> None:
    # a graph with several kinds of violation: cardinality, SPARQL, sh:node, property pairs
    names = ("ChainEndsAtTopShape", "GradeRequirement-minimum", "Regulation-dateOrder", "Duty-text")
    updates = [(FIXTURES / "violations" / f"{n}.ru").read_text() for n in names]
    data = STRUCTURE
    for i, update in enumerate(updates):
        data = mutated_structure(update, tmp_path / f"step{i}.ttl", source=data)
    shapes = shacl.load_shapes(REPO_ROOT / "shapes", shacl.STRUCTURE)
    fast = shacl.run(_store(data), shapes, fast=True)
    slow = shacl.run(_store(data), shapes, fast=False)
    assert fast[0] is False and slow[0] is False
    results = list(fast[1].objects(None, SH.result))
    assert len(results) >= len(updates)  # every planted violation is reported
    assert isomorphic(_results(fast[1]), _results(slow[1]))
