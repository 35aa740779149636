"""The law over time at load time: the versions graph and a default graph that holds what is in
force on a day.

Hand-built tiny graphs test the rules (the contract of docs/versions.md: an enacted expression
`W/ind` in G(W), a consolidation `W/ind/{D}` in G(W)/{D}); the repeal pair of fixtures
(tests/repeal_pair.py, expected values read from the texts there) tests them on built regulations.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from repeal_pair import (
    AFTER_REPEAL,
    BEFORE_REPEAL,
    DUTIES,
    DUTIES_ALL,
    NEW_GRAPH,
    NEW_SUPERIOR,
    OLD_GRAPH,
    OLD_SUPERIOR,
    SOTK,
    SUPERIOR,
    SUPERIOR_ALL,
    B,
    build_pair_root,
)

from sotk_kg import versions as vs
from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings
from sotk_kg.store.load import Manifest, build_disk, is_stale, load_memory

ELI = "http://data.europa.eu/eli/ontology#"


def _q(s: str, p: str, o: ox.NamedNode | ox.Literal, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(g))


def _date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=vs.XSD_DATE)


# -- the rules, on hand-built facts ----------------------------------------------------------

W, W2 = f"{B}/eli/id/perbup/kab-contoh/2021/1", f"{B}/eli/id/perbup/kab-contoh/2023/9"
G, G2 = f"{B}/graph/perbup/kab-contoh/2021/1", f"{B}/graph/perbup/kab-contoh/2023/9"


def _amended_and_repealed() -> list[ox.Quad]:
    """W enacted 2021-02-01, consolidated from 2022-03-01 (its own graph); W2 repeals W from
    2023-05-10. A third graph names a version whose graph is not loaded."""
    cons, cons_graph = f"{W}/ind/2022-03-01", f"{G}/2022-03-01"
    return [
        _q(W, vs.REALIZED_BY, ox.NamedNode(f"{W}/ind"), G),
        _q(f"{W}/ind", vs.DATE_APPLICABILITY, _date("2021-02-01"), G),
        _q(f"{W}/ind", vs.VERSION_GRAPH, ox.NamedNode(G), G),
        _q(W, vs.REALIZED_BY, ox.NamedNode(cons), cons_graph),
        _q(cons, vs.DATE_APPLICABILITY, _date("2022-03-01"), cons_graph),
        _q(cons, vs.VERSION_GRAPH, ox.NamedNode(cons_graph), cons_graph),
        # W2: no date_applicability, its entry into force stands in
        _q(W2, vs.REALIZED_BY, ox.NamedNode(f"{W2}/ind"), G2),
        _q(W2, f"{ELI}first_date_entry_in_force", _date("2023-05-10"), G2),
        _q(W2, vs.REPEALS, ox.NamedNode(W), G2),
        _q(W, vs.NO_LONGER_IN_FORCE, _date("2023-05-10"), G2),
        _q(W2, vs.REALIZED_BY, ox.NamedNode(f"{W2}/ind/2030-01-01"), G2),
        _q(f"{W2}/ind/2030-01-01", vs.VERSION_GRAPH, ox.NamedNode(f"{G2}/2030-01-01"), G2),
    ]


def test_each_version_ends_where_the_next_begins_and_a_repeal_ends_the_last() -> None:
    versions = vs.compute(vs.Facts().observe_all(_amended_and_repealed()))
    assert [(v.expression, v.graph, v.start, v.end) for v in versions] == [
        (f"{W}/ind", G, "2021-02-01", "2022-03-01"),
        (f"{W}/ind/2022-03-01", f"{G}/2022-03-01", "2022-03-01", "2023-05-10"),
        (f"{W2}/ind", G2, "2023-05-10", None),  # the 2030 version's graph is not loaded
    ]


def test_the_graphs_in_force_on_a_day() -> None:
    versions = vs.compute(vs.Facts().observe_all(_amended_and_repealed()))
    names = {G, f"{G}/2022-03-01", G2, f"{B}/graph/ontology"}
    onto = f"{B}/graph/ontology"
    assert vs.visible(versions, names, "2021-01-31") == {onto}
    assert vs.visible(versions, names, "2021-02-01") == {onto, G}
    assert vs.visible(versions, names, "2022-03-01") == {onto, f"{G}/2022-03-01"}
    assert vs.visible(versions, names, "2023-05-09") == {onto, f"{G}/2022-03-01"}
    assert vs.visible(versions, names, "2023-05-10") == {onto, G2}


def test_a_statistics_graph_is_in_force_with_its_version() -> None:
    """The duty tallies of a version (sotk_kg/store/stats.py, {base}/graph/stats/ + its graph's
    path) come and go with it: a superseded version's tallies would count deleted posts."""
    versions = vs.compute(vs.Facts().observe_all(_amended_and_repealed()))
    stats = {g: g.replace("/graph/", "/graph/stats/", 1) for g in (G, f"{G}/2022-03-01", G2)}
    names = {*stats, *stats.values()}
    assert vs.visible(versions, names, "2021-02-01") == {G, stats[G]}
    assert vs.visible(versions, names, "2022-03-01") == {
        f"{G}/2022-03-01",
        stats[f"{G}/2022-03-01"],
    }


def test_a_repeal_without_a_date_ends_on_the_repealing_regulations_date() -> None:
    quads = [q for q in _amended_and_repealed() if q.predicate.value != vs.NO_LONGER_IN_FORCE]
    versions = vs.compute(vs.Facts().observe_all(quads))
    assert versions[1].end == "2023-05-10"


def test_a_repeal_named_by_no_loaded_regulation_ends_nothing() -> None:
    # The seed repeals Perbup Bekasi 91/2020, which is not loaded: its own version stays open.
    quads = [q for q in _amended_and_repealed() if q.graph_name.value != G2]
    versions = vs.compute(vs.Facts().observe_all(quads))
    assert versions[-1].end is None


def test_dates_are_checked() -> None:
    assert vs.parse_date("2024-02-29") == "2024-02-29"
    for bad in ("2023-02-29", "29-02-2024", "kemarin", ""):
        with pytest.raises(ValueError, match="expected YYYY-MM-DD"):
            vs.parse_date(bad)


# -- the repeal pair, built ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pair_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_pair_root(tmp_path_factory.mktemp("pair"))


@pytest.fixture()
def pair_settings(pair_root: Path) -> Settings:
    return dataclasses.replace(Settings(), root=pair_root, base=DEFAULT_BASE)


def _values(store: ox.Store, query: str) -> list[str]:
    answer = store.query(query)
    assert isinstance(answer, ox.QuerySolutions)
    return sorted(str(sol[0].value) for sol in answer if sol[0] is not None)


def test_the_versions_graph_of_the_pair(pair_settings: Settings) -> None:
    store = load_memory(pair_settings, on=AFTER_REPEAL)
    rows = _values(
        store,
        f"""PREFIX sotk: <{SOTK}>
SELECT (CONCAT(STR(?g), " ", STR(?from), " ", COALESCE(STR(?until), "-")) AS ?v)
WHERE {{ GRAPH <{vs.versions_graph(B)}> {{ ?e sotk:versionGraph ?g ; sotk:applicableFrom ?from
  OPTIONAL {{ ?e sotk:applicableUntil ?until }} }} }}""",
    )
    assert rows == [f"{OLD_GRAPH} 2024-03-05 2025-06-03", f"{NEW_GRAPH} 2025-06-03 -"]


@pytest.mark.parametrize(
    ("on", "superior", "duties"),
    [
        (BEFORE_REPEAL, OLD_SUPERIOR, "4"),
        (AFTER_REPEAL, NEW_SUPERIOR, "5"),
    ],
)
def test_the_default_graph_holds_one_version(
    pair_settings: Settings, on: str, superior: str, duties: str
) -> None:
    store = load_memory(pair_settings, on=on)
    assert _values(store, SUPERIOR) == [superior]
    assert _values(store, DUTIES) == [duties]
    # every version stays in its named graph
    assert len(_values(store, SUPERIOR_ALL)) == 2
    assert _values(store, DUTIES_ALL) == ["9"]


def test_a_regulation_not_yet_in_force_is_not_in_the_default_graph(pair_settings: Settings) -> None:
    store = load_memory(pair_settings, on="2024-01-01")
    assert _values(store, SUPERIOR) == []
    assert _values(store, DUTIES) == ["0"]


def test_an_on_disk_store_follows_the_day(pair_settings: Settings, tmp_path: Path) -> None:
    db = tmp_path / "db"
    assert build_disk(db, pair_settings, on=BEFORE_REPEAL).kind == "full"
    assert build_disk(db, pair_settings, on="2024-12-31").kind == "current"  # same versions
    assert is_stale(db, pair_settings, on=AFTER_REPEAL)
    refresh = build_disk(db, pair_settings, on=AFTER_REPEAL)
    assert refresh.kind == "in-force" and refresh.graphs == ()
    manifest = Manifest.read(db)
    assert manifest is not None and manifest.in_force_on == AFTER_REPEAL
    store = ox.Store.read_only(str(db))
    assert _values(store, SUPERIOR) == [NEW_SUPERIOR]
    assert _values(store, DUTIES) == ["5"]
    del store
    # the store the refresh left is the one a full build gives for that day
    fresh = tmp_path / "fresh"
    build_disk(fresh, pair_settings, on=AFTER_REPEAL)
    assert _default(db) == _default(fresh)


def test_removing_the_repealing_regulation_brings_the_old_one_back(
    pair_settings: Settings, tmp_path: Path
) -> None:
    settings = dataclasses.replace(pair_settings, root=tmp_path / "tree")
    shutil.copytree(pair_settings.root, settings.root)
    db = tmp_path / "db"
    build_disk(db, settings, on=AFTER_REPEAL)
    for path in settings.graph_dir.glob("perbup-kab-mekarsari-2025-21.*"):
        path.unlink()
    assert build_disk(db, settings, on=AFTER_REPEAL).kind == "graphs"
    store = ox.Store.read_only(str(db))
    assert _values(store, SUPERIOR) == [OLD_SUPERIOR]
    assert _values(store, DUTIES) == ["4"]


def _default(directory: Path) -> set[str]:
    store = ox.Store.read_only(str(directory))
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}  # fmt: skip
