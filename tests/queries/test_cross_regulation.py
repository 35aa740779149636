"""Query 16 with a second regulation loaded: the small Peraturan Walikota fixture
(`tests/fixtures/perwal-contoh-2023-7.txt`) next to the seed. Expected rows, read from both
texts: Dinas Koperasi, UKM Kabupaten Bekasi 3 Bidang / 9 Sub Koordinator (Pasal 7, 12-23);
Dinas Perhubungan Kota Sukamaju 2 Bidang (Pasal 5 ayat (1) huruf c-d) / 4 Sub Koordinator
(Pasal 11, 12 in Bidang Lalu Lintas; Pasal 15, 16 under the Koordinator of Bidang Angkutan)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from querycheck import (
    EXPECTED_DIR,
    assert_same_table,
    catalogue,
    expected_table,
    read_csv_table,
    require_seed_graph,
)
from repo_paths import REPO_ROOT

from sotk_kg.settings import Settings

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt"
QUERY = next(q for q in catalogue() if q.name.startswith("16-"))


@pytest.fixture(scope="module")
def two_regulations(canonical_settings: Settings) -> ox.Store:
    from sotk_kg.pipeline import build_graph
    from sotk_kg.store.load import load_memory, rederive

    require_seed_graph(canonical_settings)
    store = load_memory(canonical_settings)  # the seed and the ontology
    result = build_graph(FIXTURE.read_text(encoding="utf-8"), FIXTURE.name, canonical_settings.base)
    graph = ox.NamedNode(str(result.graph_iri))
    triples = ox.parse(result.graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    # in its own named graph, and in the default graph as the loader puts it there
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    rederive(store, canonical_settings)
    return store


def test_every_dinas_with_its_bidang_and_sub_koordinator(two_regulations: ox.Store) -> None:
    answer = two_regulations.query(QUERY.text)
    assert_same_table(
        expected_table(EXPECTED_DIR / f"{QUERY.name}.with-perwal.csv"),
        read_csv_table(answer.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")),
        ordered=QUERY.is_ordered,
        what=f"{QUERY.name} with the perwal fixture",
    )
