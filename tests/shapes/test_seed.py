"""The seed regulation (Perbup Kab. Bekasi 99/2021) as built into data/graph (for the session, by
tests/conftest.py), and the example rosters of data/examples."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from repo_paths import REPO_ROOT
from shapes_support import SOTKSH, sources_with_graph

from sotk_kg import cli
from sotk_kg.checks.findings import provision_label
from sotk_kg.checks.validation import Sources, validate_paths
from sotk_kg.pipeline import build_graph

SEED = REPO_ROOT / "data" / "graph" / "perbup-kab-bekasi-2021-99.ttl"
EXAMPLES = REPO_ROOT / "data" / "examples"
POST = "https://w3id.org/sotk-kg/id/post/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah/"
SEED_TEXT = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
PERWAL = REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt"
BASE = "https://w3id.org/sotk-kg"
SH = Namespace("http://www.w3.org/ns/shacl#")
DEFECT = "https://w3id.org/sotk-kg/def/shapes#defect-perbup-kab-bekasi-2021-99-"
# the seed's findings that its text causes: (rule, focus, value) -> documented defect node
DOCUMENTED = {
    # Pasal 24 (1) and Pasal 26 (1): a tugas pokok and no fungsi for the two kelompok
    (
        "PostDutiesShape",
        POST + "pejabat-fungsional",
        "fungsi",
    ): f"{DEFECT}pejabat-fungsional-fungsi",
    ("PostDutiesShape", POST + "pelaksana", "fungsi"): DEFECT + "pelaksana-fungsi",
    # Pasal 26 (2): "... kepada Jabatan Administrasi di atasnya atau Pejabat Fungsional ..."
    ("DirectSuperiorShape", POST + "pelaksana", "-"): DEFECT + "pelaksana-atasan",
}


@pytest.fixture(scope="module")
def seed_only(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    graph_dir = tmp_path_factory.mktemp("graph")
    shutil.copy(SEED, graph_dir / SEED.name)
    return sources_with_graph(graph_dir)


def rule_focus_value(outcome) -> set[tuple[str, str, str | None]]:
    return {(f.rule[len(SOTKSH) :], f.focus, f.value) for f in outcome.findings}


def test_seed_conforms_but_for_its_documented_source_defects(seed_only: Sources) -> None:
    # everything else conforms; the rules are not loosened for what the text itself says
    outcome = validate_paths([], sources=seed_only)
    assert outcome.checked == [SEED.name]
    assert rule_focus_value(outcome) == set(DOCUMENTED)
    assert all(f.documented.get("id") and f.documented.get("en") for f in outcome.findings)
    defects = {
        (f.rule[len(SOTKSH) :], f.focus, f.value): f.documented_defect for f in outcome.findings
    }
    assert defects == DOCUMENTED
    assert outcome.only_documented_violations
    assert "3 violation(s), of which 3 are documented defects of the source text." in (
        outcome.to_text("en")
    )
    assert "3 pelanggaran, 3 di antaranya cacat teks sumber yang terdokumentasi." in (
        outcome.to_html("id")
    )


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_documented_defects_in_the_standard_report(seed_only: Sources, fmt: str) -> None:
    outcome = validate_paths([], sources=seed_only)
    graph = Graph().parse(data=outcome.serialize(fmt), format=fmt)
    marked = {
        (str(graph.value(r, SH.sourceShape))[len(SOTKSH) :], str(graph.value(r, SH.focusNode)),
         str(graph.value(r, SH.value))): str(graph.value(r, URIRef(SOTKSH + "documentedDefect")))
        for r in graph.objects(None, SH.result)
    }  # fmt: skip
    assert marked == DOCUMENTED


def test_publisher_ci_accepts_documented_defects(
    seed_only: Sources, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(
        "sotk_kg.checks.validation.Sources.from_settings",
        classmethod(lambda cls, s=None: seed_only),
    )
    assert cli.main(["validate"]) == 1  # the violations stay violations
    capsys.readouterr()
    assert cli.main(["validate", "--accept-documented", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["violations"], data["documentedSourceDefects"]) == (3, 3)


@pytest.mark.parametrize("complete", [False, True])
def test_example_roster_conforms(seed_only: Sources, complete: bool) -> None:
    roster = EXAMPLES / "roster-dinas-koperasi-ukm-bekasi.csv"
    outcome = validate_paths([roster], sources=seed_only, complete=complete)
    assert outcome.findings == []


def test_example_roster_with_errors(seed_only: Sources) -> None:
    roster = EXAMPLES / "roster-dinas-koperasi-ukm-bekasi-errors.csv"
    outcome = validate_paths([roster], sources=seed_only)
    assert {(f.rule[len(SOTKSH) :], f.row) for f in outcome.findings} == {
        # row 9: Rudi, Ahli Pertama, is Sub Koordinator while Intan (row 18) is an Ahli Muda
        ("SubKoordinatorFallbackShape", 9),
        # row 15: Eko, a pelaksana, as Sub Koordinator Fasilitasi Usaha Mikro
        ("SubKoordinatorHolderFunctionalShape", 15),
        # row 19: there is no "Kepala Seksi Pemberdayaan Usaha" in this Dinas
        ("MembershipPostShape", 19),
        # row 14: NIP with birth date 1987-02-30
        ("NipDatesShape", 14),
        # rows 5 and 7: Yuliana (one NIP) as Kepala Sub Bagian and as Kepala Bidang
        ("OneStructuralPostShape", 5),
        ("OneStructuralPostShape", 7),
    }
    assert len(outcome.findings) == 6
    fallback = next(f for f in outcome.findings if f.rule.endswith("FallbackShape"))
    assert "Intan Permata" in fallback.message["id"]
    assert "Ahli Pertama" in fallback.message["en"]


def test_rdf_example_roster(seed_only: Sources) -> None:
    example = REPO_ROOT / "shapes" / "examples" / "roster.ttl"
    assert validate_paths([example], sources=seed_only).findings == []
    # claimed complete: Pasal 7 (1) makes 7 leading posts (Kepala Dinas, Sekretaris, two Kepala
    # Sub Bagian, three Kepala Bidang); the example fills only the Kepala Bidang Kelembagaan
    outcome = validate_paths([example], sources=seed_only, complete=True)
    assert {f.value.rsplit("/", 1)[-1] for f in outcome.findings} == {
        "kepala-dinas",
        "sekretaris",
        "kepala-sub-bagian-perencanaan-dan-keuangan",
        "kepala-sub-bagian-umum-dan-kepegawaian",
        "kepala-bidang-pemberdayaan-koperasi",
        "kepala-bidang-pemberdayaan-usaha-mikro",
    }
    assert {f.rule[len(SOTKSH) :] for f in outcome.findings} == {"CompleteRosterShape"}


@pytest.fixture(scope="module")
def three_published(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    """The seed, a copy of it under another number (Nomor 98: the same units and posts), and
    the fictional Perwal Sukamaju 7/2023 (another Dinas with Sekretaris, Pelaksana ...)."""
    graph_dir = tmp_path_factory.mktemp("three")
    seed = SEED_TEXT.read_text(encoding="utf-8")
    copy = seed.replace("NOMOR 99 TAHUN 2021", "NOMOR 98 TAHUN 2021")
    copy = copy.replace("NOMOR: 99 TAHUN 2021", "NOMOR: 98 TAHUN 2021")
    built = [
        build_graph(copy, "copy.txt", BASE),
        build_graph(PERWAL.read_text(), PERWAL.name, BASE),
    ]
    assert [b.slug for b in built] == ["perbup-kab-bekasi-2021-98", "perwal-kota-sukamaju-2023-7"]
    shutil.copy(SEED, graph_dir / SEED.name)
    for result in built:
        (graph_dir / f"{result.slug}.ttl").write_text(result.turtle(), encoding="utf-8")
    return sources_with_graph(graph_dir)


def test_roster_result_does_not_depend_on_what_else_is_published(
    seed_only: Sources, three_published: Sources
) -> None:
    for name in (
        "roster-dinas-koperasi-ukm-bekasi.csv",
        "roster-dinas-koperasi-ukm-bekasi-errors.csv",
    ):
        alone = validate_paths([EXAMPLES / name], sources=seed_only)
        among = validate_paths([EXAMPLES / name], sources=three_published)
        assert [(f.rule, f.row, f.value, f.message) for f in among.findings] == [
            (f.rule, f.row, f.value, f.message) for f in alone.findings
        ]


def test_names_shared_across_regions_need_the_perangkat_daerah(
    three_published: Sources, tmp_path: Path
) -> None:
    # only posts that both Dinas have: nothing settles which Dinas the roster is about
    roster = tmp_path / "shared.csv"
    roster.write_text(
        "nama,nip,jabatan,jenis_jabatan\n"
        "Ahmad Fauzi,197102081998031003,Sekretaris,struktural\n"
        "Wawan Hidayat,199005172019031004,Pelaksana,pelaksana\n",
        encoding="utf-8",
    )
    outcome = validate_paths([roster], sources=three_published)
    assert {(f.rule[len(SOTKSH) :], f.row) for f in outcome.findings} == {
        ("MembershipPostAmbiguousShape", 2),
        ("MembershipPostAmbiguousShape", 3),
    }
    assert "fits 2 posts" in outcome.findings[0].message["en"]
    dinas = "Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Bekasi"
    assert validate_paths([roster], sources=three_published, perangkat_daerah=dinas).conforms


def test_validation_under_a_deploy_base_names_the_served_iris(seed_only: Sources) -> None:
    # Deployed at another domain (SOTK_BASE / serve --base), the data is served rebased; the
    # report must name the IRIs users see, and the documented defects must still be recognised.
    deploy = "https://sotk.example.go.id"
    rebased = dataclasses.replace(seed_only, base=deploy)
    outcome = validate_paths([], sources=rebased)
    assert rule_focus_value(outcome) == {
        (rule, focus.replace(BASE, deploy), value) for rule, focus, value in DOCUMENTED
    }
    assert all(f.documented_defect for f in outcome.findings)
    errors = validate_paths(
        [EXAMPLES / "roster-dinas-koperasi-ukm-bekasi-errors.csv"], sources=rebased
    )
    assert len(errors.findings) == 6  # the same six as under the canonical base (above)


SEED_WORK = f"{BASE}/eli/id/perbup/kab-bekasi/2021/99"


def _labels(graph: Graph, iri: str) -> dict[str, str]:
    return {
        lab.language: str(lab)
        for lab in graph.objects(URIRef(iri), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    }


def test_a_provision_has_one_label_in_the_graph_and_in_a_report(seed_only: Sources) -> None:
    seed = Graph().parse(SEED)
    roster = EXAMPLES / "roster-dinas-koperasi-ukm-bekasi-errors.csv"
    findings = validate_paths([roster], sources=seed_only).findings
    compared = 0
    for finding in findings:
        for lang in ("id", "en"):
            for iri, label in zip(finding.provisions, finding.provision_labels[lang], strict=True):
                if not iri.startswith(f"{SEED_WORK}/"):  # the NIP rules, a cited act
                    continue
                in_graph = _labels(seed, iri)
                assert label == in_graph[lang]
                # the label a report gives from the IRI alone, for data that lacks the provision
                assert provision_label(iri, lang) == f"{in_graph[lang]}, Perbup kab-bekasi 99/2021"
                compared += 1
    assert compared >= 6  # every roster rule cites a Pasal of the seed


def test_the_graph_and_the_reports_name_provisions_alike() -> None:
    # Pasal 1 angka 10 of the seed is a definition; "angka" was "item" in the graph and "point"
    # in reports, which named it from its IRI
    work = SEED_WORK
    seed = Graph().parse(SEED)
    assert _labels(seed, f"{work}/pasal/1/angka/10") == {
        "id": "Pasal 1 angka 10",
        "en": "Article 1 item 10",
    }
    provisions = {
        str(s)
        for s in seed.subjects(
            URIRef("http://data.europa.eu/eli/ontology#is_part_of"), None, unique=True
        )
        if str(s).startswith(f"{work}/")
    }
    assert len(provisions) > 500
    for iri in sorted(provisions):
        labels = _labels(seed, iri)
        assert provision_label(iri, "en") == f"{labels['en']}, Perbup kab-bekasi 99/2021", iri
        if "/bab/" not in iri:  # BAB IV, Bagian Kesatu: the IRI has the number, not the words
            assert provision_label(iri, "id") == f"{labels['id']}, Perbup kab-bekasi 99/2021", iri
