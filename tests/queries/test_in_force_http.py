"""Over HTTP, with a regulation and its repealing successor both loaded (tests/repeal_pair.py, the
expected values read from the texts there): a query naming no dataset has one answer, today's;
`as-of` a day before the repeal gives the repealed regulation's; `GRAPH ?g` sees both."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from repeal_pair import (
    BADAN,
    BEFORE_REPEAL,
    DUTIES,
    NEW_SUPERIOR,
    OLD_SUPERIOR,
    SUPERIOR,
    SUPERIOR_ALL,
    build_pair_root,
)

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings

JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from sotk_kg.server.app import create_app

    root = build_pair_root(tmp_path_factory.mktemp("pair-http"))
    settings = dataclasses.replace(Settings(), root=root, base=DEFAULT_BASE, workers=1, store=None)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _values(client: TestClient, query: str, **params: str) -> list[str]:
    response = client.post("/sparql", data={"query": query, **params}, headers=JSON)
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    return sorted(v["value"] for row in rows for v in row.values())


def test_today_one_superior_and_one_count(client: TestClient) -> None:
    assert _values(client, SUPERIOR) == [NEW_SUPERIOR]
    assert _values(client, DUTIES) == ["5"]


def test_before_the_repeal_the_old_answer(client: TestClient) -> None:
    assert _values(client, SUPERIOR, **{"as-of": BEFORE_REPEAL}) == [OLD_SUPERIOR]
    assert _values(client, DUTIES, **{"as-of": BEFORE_REPEAL}) == ["4"]
    # on GET too
    response = client.get("/sparql", params={"query": DUTIES, "as-of": BEFORE_REPEAL}, headers=JSON)
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "4"


def test_graph_sees_every_version(client: TestClient) -> None:
    assert _values(client, SUPERIOR_ALL) == sorted([NEW_SUPERIOR, OLD_SUPERIOR])
    assert _values(client, SUPERIOR_ALL, **{"as-of": BEFORE_REPEAL}) == sorted(
        [NEW_SUPERIOR, OLD_SUPERIOR]
    )


@pytest.mark.parametrize("bad", ["2024-13-01", "01-06-2024", "kemarin", ""])
def test_a_bad_date_is_a_400_saying_what_is_expected(client: TestClient, bad: str) -> None:
    response = client.post("/sparql", data={"query": DUTIES, "as-of": bad})
    assert response.status_code == 400
    assert "as-of" in response.text and "YYYY-MM-DD" in response.text


def test_as_of_beside_a_dataset_is_refused(client: TestClient) -> None:
    graph = "https://w3id.org/sotk-kg/graph/ontology"
    response = client.post(
        "/sparql",
        data={"query": DUTIES, "as-of": BEFORE_REPEAL, "default-graph-uri": graph},
    )
    assert response.status_code == 400 and "names its own" in response.text
    from_query = DUTIES.replace("WHERE", f"FROM <{graph}> WHERE")
    response = client.post("/sparql", data={"query": from_query, "as-of": BEFORE_REPEAL})
    assert response.status_code == 400
    # without as-of a dataset is the request's own, as before
    assert _values(client, from_query) == ["0"]


def test_as_of_twice_is_a_400(client: TestClient) -> None:
    response = client.get(
        "/sparql", params=[("query", DUTIES), ("as-of", BEFORE_REPEAL), ("as-of", "2025-07-01")]
    )
    assert response.status_code == 400 and "as-of" in response.text


def test_a_day_before_any_regulation_sees_none(client: TestClient) -> None:
    assert _values(client, SUPERIOR, **{"as-of": "2020-01-01"}) == []


CHART = "/orgchart/kab-mekarsari/badan-kepegawaian-dan-pengembangan-sumber-daya-manusia"


def _tree_lines(client: TestClient, url: str) -> set[tuple[str, str]]:
    import xml.etree.ElementTree as ET

    response = client.get(url)
    assert response.status_code == 200, response.text
    svg = ET.fromstring(response.content)
    return {
        (e.get("data-from", "").rsplit("/", 1)[-1], e.get("data-to", "").rsplit("/", 1)[-1])
        for e in svg.iter()
        if "line-tree" in (e.get("class") or "")
    }


@pytest.mark.parametrize(
    ("as_of", "superior"),
    [
        (f"?as-of={BEFORE_REPEAL}", "kepala-bidang-mutasi-dan-promosi"),
        ("?as-of=2025-07-01", "kepala-bidang-pengembangan-kompetensi"),
        ("", "kepala-bidang-pengembangan-kompetensi"),  # today
    ],
)
def test_the_org_chart_on_a_date(client: TestClient, as_of: str, superior: str) -> None:
    lines = _tree_lines(client, CHART + as_of)
    # the Kepala Sub Bidang Promosi hangs under one Kepala Bidang only
    assert [to for frm, to in lines if frm == "kepala-sub-bidang-promosi"] == [superior]


def test_the_org_chart_refuses_a_bad_date(client: TestClient) -> None:
    response = client.get(CHART + "?as-of=2025-02-30")
    assert response.status_code == 400 and "YYYY-MM-DD" in response.text


OLD_PAGE = "/eli/doc/perbup/kab-mekarsari/2024/11"


def test_the_regulation_page_shows_its_versions_and_the_day_asked(client: TestClient) -> None:
    html = client.get(OLD_PAGE, params={"as-of": BEFORE_REPEAL}).text
    # 11/2024 applies from its entry into force (5 March 2024) until the repeal (3 June 2025)
    assert "2024-03-05" in html and "2025-06-03" in html
    assert 'type="date" name="as-of" value="2024-06-01"' in html
    assert 'aria-current="true"' in html  # the version in force that day is marked
    # the chart drawn for that day: the Sub Bidang Promosi under the Bidang Mutasi dan Promosi
    line = f'data-from="{BADAN}/kepala-sub-bidang-promosi" data-to="{OLD_SUPERIOR}"'
    assert line in html
    later = client.get(OLD_PAGE, params={"as-of": "2025-07-01"}).text
    assert "no longer in force" in later and 'aria-current="true"' not in later
    assert "not yet in force" in client.get(OLD_PAGE, params={"as-of": "2024-01-01"}).text


def test_the_regulation_page_refuses_a_bad_date(client: TestClient) -> None:
    response = client.get(OLD_PAGE, params={"as-of": "5 Maret 2024"})
    assert response.status_code == 400 and "YYYY-MM-DD" in response.text
