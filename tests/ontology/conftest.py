"""Fixtures for the ontology tests: the real ontology, schemes and their OWL-RL closure, each
parsed once per session."""

from __future__ import annotations

import pytest
from rdflib import Graph
from repo_paths import REPO_ROOT

from sotk_kg.checks.ontology_qc import Layout, load, owlrl_closure, parse_file


@pytest.fixture(scope="session")
def layout() -> Layout:
    return Layout(REPO_ROOT)


@pytest.fixture(scope="session")
def onto(layout: Layout) -> Graph:
    return parse_file(layout.ontology)


@pytest.fixture(scope="session")
def imports(layout: Layout) -> Graph:
    return load(layout.imports)


@pytest.fixture(scope="session")
def schemes(layout: Layout) -> Graph:
    return load(layout.schemes)


@pytest.fixture(scope="session")
def closure(onto: Graph, imports: Graph, schemes: Graph) -> Graph:
    """OWL-RL closure of ontology + pinned imports + schemes (no data)."""
    return owlrl_closure(onto + imports + schemes)
