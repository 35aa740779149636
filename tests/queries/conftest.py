"""The store every catalogue query runs against: ontology + schemes + every `data/graph/*.nq`,
loaded by the server's own loader so the tests see the dataset the endpoint serves."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest
from querycheck import require_seed_graph

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings


@pytest.fixture(scope="session")
def canonical_settings(settings: Settings) -> Settings:
    """The catalogue (VALUES defaults, expected files) is written with the canonical base, so
    the tests load the data under it whatever SOTK_BASE says."""
    return dataclasses.replace(settings, base=DEFAULT_BASE)


@pytest.fixture(scope="session")
def seed_store(canonical_settings: Settings) -> ox.Store:
    require_seed_graph(canonical_settings)
    from sotk_kg.store.load import load_memory

    return load_memory(canonical_settings)
