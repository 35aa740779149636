"""Every structural shape has a fixture that violates it (violations/<Shape>.ru, a SPARQL update of
the conforming fixture); the report must name exactly the expected shapes and focus nodes, with the
shape's own message in Indonesian and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from repo_paths import REPO_ROOT
from shapes_support import (
    FIXTURES,
    SHAPES,
    SOTKSH,
    STRUCTURE,
    assert_declared_messages,
    mutated_structure,
    sources_with_graph,
)

from sotk_kg.checks.validation import validate_paths

SH = Namespace("http://www.w3.org/ns/shacl#")
VIOLATIONS = sorted((FIXTURES / "violations").glob("*.ru"))
EXPECT = re.compile(r"^# expect: (\S+) <([^>]+)>$", re.M)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory):
    return sources_with_graph(tmp_path_factory.mktemp("empty-graph"))


def test_fixture_structure_conforms(sources) -> None:
    outcome = validate_paths([STRUCTURE], sources=sources)
    assert outcome.findings == []
    assert outcome.conforms


def test_every_structural_shape_has_a_violation_fixture() -> None:
    roster_shapes = Graph().parse(REPO_ROOT / "shapes" / "roster.shacl.ttl")
    # a "rule" is a named shape that reports: it has its own sh:message or a SPARQL constraint
    rules = {
        str(s)[len(SOTKSH) :]
        for s in set(SHAPES.subjects(SH.message, None)) | set(SHAPES.subjects(SH.sparql, None))
        if isinstance(s, URIRef) and str(s).startswith(SOTKSH)
    }
    rules -= {str(s)[len(SOTKSH) :] for s in roster_shapes.subjects() if isinstance(s, URIRef)}
    covered = {m.group(1) for f in VIOLATIONS for m in EXPECT.finditer(f.read_text())}
    assert len(rules) > 30
    assert rules - covered == set()


@pytest.mark.parametrize("fixture", VIOLATIONS, ids=lambda p: p.stem)
def test_violation_fixture(fixture: Path, sources, tmp_path: Path) -> None:
    text = fixture.read_text()
    expected = {(SOTKSH + shape, focus) for shape, focus in EXPECT.findall(text)}
    # violations/<Shape>.ru, or <Shape>+<variant>.ru for a second way to break the same shape
    assert fixture.stem.split("+")[0] in {s[len(SOTKSH) :] for s, _ in expected}
    data = mutated_structure(text, tmp_path / "mutated.ttl")
    outcome = validate_paths([data], sources=sources)
    assert not outcome.conforms
    assert {(f.rule, f.focus) for f in outcome.findings} == expected
    for finding in outcome.findings:
        assert_declared_messages(finding)
        assert finding.provisions  # own dct:source, or its node shape's
        assert len(finding.provision_labels["en"]) == len(finding.provisions)


def test_group_posts_count_the_duties_of_their_kelompok(sources, tmp_path: Path) -> None:
    # the Pejabat Fungsional moves into a Kelompok Jabatan Fungsional that nobody leads; its own
    # duties go, the kelompok's tugas pokok and fungsi count for it (as Pasal 24 (1) is read)
    post = "https://w3id.org/sotk-kg/id/post/kab-contoh/dinas-contoh/pejabat-fungsional"
    dinas = "https://w3id.org/sotk-kg/id/org/kab-contoh/dinas-contoh"
    kjf = f"{dinas}/kelompok-jabatan-fungsional"
    duties = "https://w3id.org/sotk-kg/id/tugas/perbup/kab-contoh/2024/7/jf/"
    update = f"""PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#>
PREFIX org: <http://www.w3.org/ns/org#>
DELETE DATA {{ <{post}> sotk:hasDuty <{duties}1>, <{duties}2> ;
                 org:postIn <{dinas}/bidang-pembinaan> }} ;
INSERT DATA {{ <{kjf}> a org:OrganizationalUnit, sotk:KelompokJabatanFungsional ;
                 sotk:hasDuty <{duties}1>, <{duties}2> .
               <{post}> org:postIn <{kjf}> }}"""
    data = mutated_structure(update, tmp_path / "kelompok.ttl")
    assert validate_paths([data], sources=sources).findings == []
    # without the kelompok's fungsi, the post lacks one
    data = mutated_structure(
        f"PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#>\n"
        f"DELETE DATA {{ <{kjf}> sotk:hasDuty <{duties}2> }}",
        tmp_path / "kelompok-without-fungsi.ttl",
        source=data,
    )
    outcome = validate_paths([data], sources=sources)
    assert [(f.rule[len(SOTKSH) :], f.focus, f.value) for f in outcome.findings] == [
        ("PostDutiesShape", post, "fungsi")
    ]
