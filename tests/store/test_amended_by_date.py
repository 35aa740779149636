"""An amended regulation and its amending act, built by the pipeline and loaded: the versions graph
gives the enacted expression until the amendment applies and the consolidated one from then on.

Read from the fixtures (tests/fixtures/README.md): Perwal Sukamaju 7/2023 applies from 2023-03-14;
Perwal 15/2024 amends it from its promulgation, 2024-07-01. Its Pasal I angka 1 rewrites Pasal 9
ayat (2): the Kepala Sub Bagian Keuangan's one tugas pokok "melaksanakan penatausahaan keuangan dan
penyusunan laporan keuangan Dinas" (7/2023 line 158) gains "pengelolaan barang milik daerah";
angka 3 inserts Pasal 12A, the Sub Koordinator Perparkiran with 3 huruf of uraian tugas; angka 5
deletes Pasal 16, the Sub Koordinator Angkutan Barang and its 3 huruf of uraian tugas."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from repo_paths import REPO_ROOT

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings

FIXTURES = REPO_ROOT / "tests" / "fixtures"
SOURCES = (FIXTURES / "perwal-contoh-2023-7.txt", FIXTURES / "perwal-contoh-2024-15-perubahan.txt")
B = DEFAULT_BASE
WORK = f"{B}/eli/id/perwal/kota-sukamaju/2023/7"
GRAPH = f"{B}/graph/perwal/kota-sukamaju/2023/7"
POSTS = f"{B}/id/post/kota-sukamaju/dinas-perhubungan"
SOTK = "https://w3id.org/sotk-kg/def/sotk#"
BEFORE, ON, AFTER = "2024-06-30", "2024-07-01", "2025-01-01"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from sotk_kg.pipeline.build import build_files
    from sotk_kg.server.app import create_app

    root = tmp_path_factory.mktemp("amended")
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    build_files(list(SOURCES), root / "data" / "graph", DEFAULT_BASE)
    settings = dataclasses.replace(Settings(), root=root, base=DEFAULT_BASE, workers=1, store=None)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _column(client: TestClient, query: str, day: str) -> list[str]:
    response = client.post("/sparql", data={"query": query, "as-of": day}, headers=JSON)
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    return sorted(v["value"] for row in rows for v in row.values())


def _duties(client: TestClient, post: str, day: str) -> list[str]:
    query = f"""PREFIX sotk: <{SOTK}>
SELECT ?text WHERE {{ <{POSTS}/{post}> sotk:hasDuty ?d . ?d sotk:verbatimText ?text }}"""
    return _column(client, query, day)


def test_the_versions_graph_dates_the_enacted_and_the_consolidated_expression(
    client: TestClient,
) -> None:
    query = f"""PREFIX sotk: <{SOTK}>
SELECT ?expr ?from ?until WHERE {{ GRAPH <{B}/graph/versions> {{
  ?expr sotk:versionGraph ?g ; sotk:applicableFrom ?from
  OPTIONAL {{ ?expr sotk:applicableUntil ?until }} FILTER(STRSTARTS(STR(?expr), "{WORK}/")) }} }}"""
    response = client.post("/sparql", data={"query": query}, headers=JSON)
    rows = {
        r["expr"]["value"]: (r["from"]["value"], r.get("until", {}).get("value"))
        for r in response.json()["results"]["bindings"]
    }
    assert rows == {f"{WORK}/ind": ("2023-03-14", ON), f"{WORK}/ind/{ON}": (ON, None)}


def test_a_changed_duty_by_date(client: TestClient) -> None:
    (before,) = _duties(client, "kepala-sub-bagian-keuangan", BEFORE)
    assert "penatausahaan keuangan dan penyusunan laporan keuangan Dinas" in before
    for day in (ON, AFTER):
        (after,) = _duties(client, "kepala-sub-bagian-keuangan", day)
        assert "pengelolaan barang milik daerah dan penyusunan laporan keuangan Dinas" in after


def test_an_inserted_and_a_deleted_post_by_date(client: TestClient) -> None:
    assert _duties(client, "sub-koordinator-perparkiran", BEFORE) == []
    parkir = _duties(client, "sub-koordinator-perparkiran", AFTER)
    assert len(parkir) == 3 and any("lokasi parkir" in t for t in parkir)
    barang = _duties(client, "sub-koordinator-angkutan-barang", BEFORE)
    assert len(barang) == 3 and any("muatan angkutan barang" in t for t in barang)
    assert _duties(client, "sub-koordinator-angkutan-barang", AFTER) == []


@pytest.mark.parametrize(("day", "counts"), [(BEFORE, []), (AFTER, ["3"])])
def test_the_duty_tallies_follow_the_version_in_force(
    client: TestClient, day: str, counts: list[str]
) -> None:
    """Question 10's tallies (the statistics graph of each version): the deleted post's tally
    is gone once the amendment applies, the inserted post's appears."""
    tally = f"""PREFIX sotk: <{SOTK}>
SELECT ?n WHERE {{ ?t sotk:tallyOf <{POSTS}/sub-koordinator-perparkiran> ; sotk:tallyCount ?n }}"""
    assert _column(client, tally, day) == counts
    gone = tally.replace("sub-koordinator-perparkiran", "sub-koordinator-angkutan-barang")
    assert _column(client, gone, day) == ([] if counts else ["3"])
