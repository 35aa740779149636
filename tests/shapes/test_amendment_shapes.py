"""The shapes on amending acts and consolidated versions (issue 14): the amending act's own Pasal
I and II, an inserted Pasal 12A and a consolidated version lacking the Pasal its amendment
deleted are no numbering violations; a Pasal 30A after no Pasal 30 still is. Texts:
tests/fixtures/perwal-contoh-2023-7.txt and perwal-contoh-2024-15-perubahan.txt."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from repo_paths import REPO_ROOT
from shapes_support import SOTKSH

from sotk_kg.checks.validation import Sources, validate_paths
from sotk_kg.pipeline.build import build_files
from sotk_kg.pipeline.terms import ELI, RDF, SOTK

FIXTURES = REPO_ROOT / "tests" / "fixtures"
BASE = "https://w3id.org/sotk-kg"
W = f"{BASE}/eli/id/perwal/kota-sukamaju/2023/7"
AMENDING = "perwal-contoh-2024-15-perubahan.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("graph")
    paths = [
        FIXTURES / "perwal-contoh-2023-7.txt",
        FIXTURES / "perwal-contoh-2024-15-perubahan.txt",
    ]
    build_files(paths, out, BASE)
    for extra in [*out.glob("*.nq"), *out.glob("*.report.json")]:
        extra.unlink()
    return out


def numbering(folder: Path) -> set[str]:
    sources = Sources(folder, REPO_ROOT / "ontology", REPO_ROOT / "shapes", BASE)
    outcome = validate_paths([], sources=sources)
    return {f.focus for f in outcome.findings if f.rule == SOTKSH + "PasalNumberingShape"}


def test_amending_act_and_version_number_their_pasal_rightly(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == [
        "perwal-kota-sukamaju-2023-7.ttl",
        "perwal-kota-sukamaju-2023-7@2024-07-01.ttl",
        "perwal-kota-sukamaju-2024-15.ttl",
    ]
    assert numbering(built) == set()


def test_an_inserted_pasal_after_no_pasal_is_a_violation(built: Path, tmp_path: Path) -> None:
    g = Graph().parse(built / "perwal-kota-sukamaju-2023-7.ttl", format="turtle")
    stray = URIRef(f"{W}/pasal/30a")
    g.add((stray, RDF.type, SOTK.Pasal))
    g.add((stray, ELI.number, Literal("30A")))
    g.add((stray, ELI.is_part_of, URIRef(W)))
    g.serialize(tmp_path / "perwal-kota-sukamaju-2023-7.ttl", format="turtle")
    assert numbering(tmp_path) == {str(stray)}


def test_an_inserted_ayat_is_numbered_rightly(tmp_path: Path) -> None:
    # Perbup Mekarsari 9/2024 inserts ayat (1a) into Pasal 4 of 3/2024: no gap in "1, 1a, 2"
    names = ("perbup-contoh-2024-3.txt", "perbup-contoh-2024-9-perubahan.txt")
    build_files([FIXTURES / name for name in names], tmp_path, BASE)
    for extra in [*tmp_path.glob("*.nq"), *tmp_path.glob("*.report.json")]:
        extra.unlink()
    sources = Sources(tmp_path, REPO_ROOT / "ontology", REPO_ROOT / "shapes", BASE)
    outcome = validate_paths([], sources=sources)
    assert outcome.checked == [
        "perbup-kab-mekarsari-2024-3.ttl",
        "perbup-kab-mekarsari-2024-3@2024-09-03.ttl",
        "perbup-kab-mekarsari-2024-9.ttl",
    ]
    assert not [f for f in outcome.findings if f.rule == SOTKSH + "NumberingGapFreeShape"]
