"""The genre's variety: fixtures of other kinds of perangkat daerah (tests/fixtures/README.md).

Every expected post, unit, superior and Pasal count below was written by reading the fixture,
before the pipeline was run on it. Superiors are the posts' `skos:prefLabel`s; a region post is
labelled as its definition names it ("Bupati adalah Bupati Mekarsari")."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.term import Node

from sotk_kg.pipeline.build import build_graph
from sotk_kg.pipeline.terms import ORG, RDF, SKOS, SOTK

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BASE = "https://w3id.org/sotk-kg"
KJF = "Kelompok Jabatan Fungsional"
PF = "Pejabat Fungsional"


@dataclass
class Expected:
    pd_class: str
    pasal: int
    units: set[str]
    # every post established by the regulation -> its direct superior (None: no post of this text)
    superior: dict[str, str | None]
    duties: dict[str, int] = field(default_factory=dict)  # holder label -> number of duties
    warnings: int = 0


BUPATI = "Bupati Mekarsari"
EXPECTED = {
    "perbup-contoh-2024-11-badan.txt": Expected(
        "Badan",
        10,
        {
            "Sekretariat",
            "Sub Bagian Umum dan Kepegawaian",
            "Sub Bagian Perencanaan dan Keuangan",
            "Bidang Mutasi dan Promosi",
            "Sub Bidang Mutasi",
            "Sub Bidang Promosi",
            "Bidang Pengembangan Kompetensi",
            KJF,
        },
        {
            "Kepala Badan": BUPATI,
            "Sekretaris": "Kepala Badan",
            "Kepala Sub Bagian Umum dan Kepegawaian": "Sekretaris",
            "Kepala Sub Bagian Perencanaan dan Keuangan": "Sekretaris",
            "Kepala Bidang Mutasi dan Promosi": "Kepala Badan",
            "Kepala Sub Bidang Mutasi": "Kepala Bidang Mutasi dan Promosi",
            "Kepala Sub Bidang Promosi": "Kepala Bidang Mutasi dan Promosi",
            "Kepala Bidang Pengembangan Kompetensi": "Kepala Badan",
            PF: "Kepala Badan",
        },
        {"Kepala Badan": 4, "Sekretaris": 1, "Kepala Bidang Mutasi dan Promosi": 1, KJF: 1},
    ),
    "perwal-contoh-2024-12-inspektorat.txt": Expected(
        "Inspektorat",
        8,
        {
            "Sekretariat",
            "Sub Bagian Umum dan Kepegawaian",
            "Sub Bagian Perencanaan dan Keuangan",
            KJF,
        },
        {
            "Inspektur": "Wali Kota Sukamaju",
            "Sekretaris": "Inspektur",
            "Kepala Sub Bagian Umum dan Kepegawaian": "Sekretaris",
            "Kepala Sub Bagian Perencanaan dan Keuangan": "Sekretaris",
            "Inspektur Pembantu Wilayah I": "Inspektur",
            "Inspektur Pembantu Wilayah II": "Inspektur",
            "Inspektur Pembantu Khusus": "Inspektur",
            PF: "Inspektur",
        },
        {
            "Inspektorat Kota Sukamaju": 5,  # Pasal 3: tugas + 4 fungsi ("menyelenggarakan fungsi")
            "Inspektur Pembantu Wilayah I": 1,
            "Inspektur Pembantu Khusus": 1,
        },
    ),
    "perbup-contoh-2024-13-kecamatan.txt": Expected(
        "Kecamatan",
        8,
        {
            "Sekretariat Kecamatan",
            "Sub Bagian Umum dan Kepegawaian",
            "Seksi Pemerintahan",
            "Seksi Ketenteraman dan Ketertiban Umum",
            "Kelurahan Sukamulya",
            "Kelurahan Mulyajaya",
            KJF,
        },
        {
            "Camat": BUPATI,
            "Sekretaris Kecamatan": "Camat",
            "Kepala Sub Bagian Umum dan Kepegawaian": "Sekretaris Kecamatan",
            "Kepala Seksi Pemerintahan": "Camat",
            "Kepala Seksi Ketenteraman dan Ketertiban Umum": "Camat",
            "Lurah Sukamulya": "Camat",
            "Lurah Mulyajaya": "Camat",
            PF: "Camat",
        },
        # tasks given to units: Pasal 3 (2), Pasal 4 (2)+(3) a-b, Pasal 5 (2)
        {
            "Camat": 1,
            "Sekretariat Kecamatan": 1,
            "Seksi Pemerintahan": 3,
            "Seksi Ketenteraman dan Ketertiban Umum": 1,
        },
    ),
    "perbup-contoh-2024-14-satpolpp.txt": Expected(
        "SatuanPolisiPamongPraja",
        8,
        {
            "Sekretariat",
            "Sub Bagian Umum dan Keuangan",
            "Bidang Penegakan Peraturan Daerah",
            "Seksi Penyelidikan dan Penyidikan",
            "Seksi Pembinaan dan Penyuluhan",
            "Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
            KJF,
        },
        {
            "Kepala Satuan": BUPATI,
            "Sekretaris": "Kepala Satuan",
            "Kepala Sub Bagian Umum dan Keuangan": "Sekretaris",
            "Kepala Bidang Penegakan Peraturan Daerah": "Kepala Satuan",
            "Kepala Seksi Penyelidikan dan Penyidikan": "Kepala Bidang Penegakan Peraturan Daerah",
            "Kepala Seksi Pembinaan dan Penyuluhan": "Kepala Bidang Penegakan Peraturan Daerah",
            "Kepala Bidang Ketertiban Umum dan Ketenteraman Masyarakat": "Kepala Satuan",
            PF: "Kepala Satuan",
        },
        {"Kepala Satuan": 1, "Seksi Penyelidikan dan Penyidikan": 1},
    ),
    "perbup-contoh-2024-20-sekretariat-dprd.txt": Expected(
        "SekretariatDPRD",
        4,
        {
            "Bagian Umum",
            "Sub Bagian Tata Usaha",
            "Sub Bagian Rumah Tangga",
            "Bagian Persidangan dan Perundang-undangan",
            KJF,
        },
        {
            # Pasal 2 (1): technically to the Pimpinan DPRD (not a post of the regulation: the
            # one warning), administratively to the Bupati
            "Sekretaris DPRD": BUPATI,
            "Kepala Bagian Umum": "Sekretaris DPRD",
            "Kepala Sub Bagian Tata Usaha": "Kepala Bagian Umum",
            "Kepala Sub Bagian Rumah Tangga": "Kepala Bagian Umum",
            "Kepala Bagian Persidangan dan Perundang-undangan": "Sekretaris DPRD",
            PF: "Sekretaris DPRD",
        },
        {
            "Sekretariat DPRD Kabupaten Mekarsari": 1,
            "Kepala Bagian Persidangan dan Perundang-undangan": 1,
        },
        warnings=1,
    ),
    "perbup-contoh-2024-16-subkoordinator.txt": Expected(
        "Dinas",
        8,
        {
            "Sekretariat",
            "Bidang Destinasi",
            "Bidang Pemasaran",
            "UPTD Taman Wisata",
            "Sub Bagian Tata Usaha UPTD Taman Wisata",
            KJF,
        },
        {
            "Kepala Dinas": BUPATI,
            "Sekretaris": "Kepala Dinas",
            "Kepala Bidang Destinasi": "Kepala Dinas",
            "Kepala Bidang Pemasaran": "Kepala Dinas",
            "Sub Koordinator Pengembangan Destinasi": "Kepala Bidang Destinasi",
            # no clause of its own: the head of the Bidang whose susunan item lists it
            "Sub Koordinator Pengelolaan Daya Tarik Wisata": "Kepala Bidang Destinasi",
            "Koordinator Kelompok Substansi Promosi": "Kepala Bidang Pemasaran",
            "Kepala UPTD Taman Wisata": "Kepala Dinas",
            "Kepala Sub Bagian Tata Usaha UPTD Taman Wisata": "Kepala UPTD Taman Wisata",
            PF: "Kepala Dinas",
        },
        {"Sub Koordinator Pengembangan Destinasi": 1, "Koordinator Kelompok Substansi Promosi": 1},
    ),
    "perwal-contoh-2022-42-rsud.txt": Expected(
        "RumahSakitUmumDaerah",
        11,
        {
            "Bagian Tata Usaha",
            "Sub Bagian Umum dan Kepegawaian",
            "Sub Bagian Keuangan",
            "Bidang Pelayanan Medik",
            "Seksi Pelayanan Medik",
            "Seksi Penunjang Medik",
            "Bidang Keperawatan",
            "Seksi Asuhan Keperawatan",
            "Seksi Mutu Keperawatan",
            KJF,
        },
        {
            # Pasal 2 (2): "bertanggung jawab kepada Kepala Dinas Kesehatan", the head of another
            # body, labelled as its own regulation labels it
            "Direktur": "Kepala Dinas",
            "Kepala Bagian Tata Usaha": "Direktur",
            "Kepala Sub Bagian Umum dan Kepegawaian": "Kepala Bagian Tata Usaha",
            "Kepala Sub Bagian Keuangan": "Kepala Bagian Tata Usaha",
            "Kepala Bidang Pelayanan Medik": "Direktur",
            "Kepala Seksi Pelayanan Medik": "Kepala Bidang Pelayanan Medik",
            "Kepala Seksi Penunjang Medik": "Kepala Bidang Pelayanan Medik",
            "Kepala Bidang Keperawatan": "Direktur",
            "Kepala Seksi Asuhan Keperawatan": "Kepala Bidang Keperawatan",
            "Kepala Seksi Mutu Keperawatan": "Kepala Bidang Keperawatan",
            # Pasal 9 names no superior of the group
            PF: None,
        },
        # Pasal 5: tugas (1) and fungsi a-c (2); Pasal 3 gives the RSUD its tugas and fungsi a-c
        {"Direktur": 4, "Rumah Sakit Umum Daerah Kota Tirtajaya": 4, "Kepala Bagian Tata Usaha": 1},
    ),
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def case(request: pytest.FixtureRequest) -> tuple[Expected, Graph, list[str]]:
    name = request.param
    result = build_graph((FIXTURES / name).read_text(encoding="utf-8"), name, BASE)
    return EXPECTED[name], result.graph, result.warnings


def label(g: Graph, thing: Node) -> str:
    return str(g.value(thing, SKOS.prefLabel))


def established_posts(g: Graph) -> set[URIRef]:
    return {
        p
        for p in g.subjects(SOTK.establishedBy, None)
        if isinstance(p, URIRef) and (p, RDF.type, ORG.Post) in g
    }


def test_every_post_and_its_superior(case: tuple[Expected, Graph, list[str]]) -> None:
    expected, g, _ = case
    found = {
        label(g, p): sorted(label(g, s) for s in g.objects(p, SOTK.reportsDirectlyTo))
        for p in established_posts(g)
    }
    assert found == {post: [sup] if sup else [] for post, sup in expected.superior.items()}


def test_every_unit(case: tuple[Expected, Graph, list[str]]) -> None:
    expected, g, _ = case
    assert {label(g, u) for u in g.subjects(RDF.type, SOTK.UnitOrganisasi)} == expected.units


def test_kind_of_perangkat_daerah_and_pasal_count(case: tuple[Expected, Graph, list[str]]) -> None:
    expected, g, warnings = case
    # the body the regulation organises: the one whose units it establishes
    pds = {u for u in g.objects(None, ORG.unitOf)}
    assert len(pds) == 1 and (pds.pop(), RDF.type, SOTK[expected.pd_class]) in g
    assert len(set(g.subjects(RDF.type, SOTK.Pasal))) == expected.pasal
    assert len(warnings) == expected.warnings, warnings


def test_duties_reach_posts_units_and_the_perangkat_daerah(
    case: tuple[Expected, Graph, list[str]],
) -> None:
    expected, g, _ = case
    holders = {label(g, h): len(set(g.objects(h, SOTK.hasDuty))) for h in g.subjects(SOTK.hasDuty)}
    assert {h: holders.get(h) for h in expected.duties} == expected.duties


def test_labels_hold_the_post_name_and_nothing_after_it() -> None:
    # Pasal 5 (1): "UPTD Taman Wisata merupakan UPTD kelas A yang dipimpin oleh seorang Kepala UPTD"
    name = "perbup-contoh-2024-16-subkoordinator.txt"
    g = build_graph((FIXTURES / name).read_text(encoding="utf-8"), name, BASE).graph
    post = URIRef(f"{BASE}/id/post/kab-mekarsari/dinas-pariwisata/kepala-uptd-taman-wisata")
    assert label(g, post) == "Kepala UPTD Taman Wisata"
    assert (post, RDF.type, SOTK.KepalaUPTD) in g


def test_sub_koordinator_per_substansi_carries_the_grade_rule() -> None:
    # Pasal 6: at least Ahli Muda; failing that Ahli Pertama or Penyelia (not Ahli Muda again)
    name = "perbup-contoh-2024-16-subkoordinator.txt"
    g = build_graph((FIXTURES / name).read_text(encoding="utf-8"), name, BASE).graph
    rules = set(g.subjects(RDF.type, SOTK.GradeRequirement))
    assert len(rules) == 1
    rule = rules.pop()
    grade = f"{BASE}/id/concept/jenjang-jabatan-fungsional"
    assert g.value(rule, SOTK.minimumGrade) == URIRef(f"{grade}/ahli-muda")
    assert set(g.objects(rule, SOTK.fallbackGrade)) == {
        URIRef(f"{grade}/ahli-pertama"),
        URIRef(f"{grade}/penyelia"),
    }
    subs = set(g.subjects(RDF.type, SOTK.SubKoordinator))
    assert {label(g, s) for s in subs} == {
        "Sub Koordinator Pengembangan Destinasi",
        "Sub Koordinator Pengelolaan Daya Tarik Wisata",
    }
    assert all((s, SOTK.gradeRequirement, rule) in g for s in subs)
    koordinator = URIRef(
        f"{BASE}/id/post/kab-mekarsari/dinas-pariwisata/koordinator-kelompok-substansi-promosi"
    )
    assert str(g.value(koordinator, SOTK.subKoordinatorFunction)) == "Promosi"


def test_two_perangkat_daerah_in_two_bab_keep_their_posts_apart() -> None:
    name = "pergub-contoh-2024-15-dua-badan.txt"
    result = build_graph((FIXTURES / name).read_text(encoding="utf-8"), name, BASE)
    g = result.graph
    assert result.warnings == []
    assert len(set(g.subjects(RDF.type, SOTK.Pasal))) == 6
    org = f"{BASE}/id/org/prov-mekar-raya"
    pds = {
        "badan-pendapatan-daerah": "Bidang Pajak Daerah",
        "badan-penanggulangan-bencana-daerah": "Bidang Kedaruratan dan Logistik",
    }
    assert set(g.subjects(RDF.type, SOTK.PerangkatDaerah)) == {
        URIRef(f"{org}/{slug}") for slug in pds
    }
    for slug, bidang in pds.items():
        post = f"{BASE}/id/post/prov-mekar-raya/{slug}"
        kepala = URIRef(f"{post}/kepala-badan")
        superiors = {
            "kepala-badan": URIRef(f"{BASE}/id/post/prov-mekar-raya/gubernur"),
            "sekretaris": kepala,
            "kepala-sub-bagian-umum": URIRef(f"{post}/sekretaris"),
            "kepala-" + bidang.lower().replace(" ", "-"): kepala,
            "pejabat-fungsional": kepala,
        }
        for sub, sup in superiors.items():
            assert g.value(URIRef(f"{post}/{sub}"), SOTK.reportsDirectlyTo) == sup, (slug, sub)
        unit = URIRef(f"{org}/{slug}/sekretariat")
        assert g.value(unit, ORG.unitOf) == URIRef(f"{org}/{slug}")
        # Pasal 2 (2) / Pasal 4 (2): "Bapenda mempunyai tugas", "BPBD mempunyai tugas"
        assert len(set(g.objects(URIRef(f"{org}/{slug}"), SOTK.hasDuty))) == 1
    assert len(established_posts(g)) == 10


RSUD = "perwal-contoh-2022-42-rsud.txt"
DINKES = f"{BASE}/id/org/kota-tirtajaya/dinas-kesehatan"


def _rsud(text: str) -> Graph:
    return build_graph(text, RSUD, BASE).graph


def test_the_head_of_another_body_is_that_bodys_post() -> None:
    """Pasal 2 (2): the Direktur answers to the Kepala Dinas Kesehatan. Its post and body get the
    IRIs the Dinas Kesehatan's own regulation gives them (Kepala Dinas of the Dinas Kesehatan),
    labelled as it labels them; this regulation establishes neither."""
    g = _rsud((FIXTURES / RSUD).read_text(encoding="utf-8"))
    head = URIRef(f"{BASE}/id/post/kota-tirtajaya/dinas-kesehatan/kepala-dinas")
    direktur = URIRef(f"{BASE}/id/post/kota-tirtajaya/rumah-sakit-umum-daerah/direktur")
    assert g.value(direktur, SOTK.reportsDirectlyTo) == head
    assert (head, RDF.type, SOTK.KepalaDinas) in g and (head, SOTK.leads, URIRef(DINKES)) in g
    assert g.value(head, ORG.postIn) == URIRef(DINKES)
    assert (URIRef(DINKES), RDF.type, SOTK.Dinas) in g
    assert str(g.value(URIRef(DINKES), SKOS.prefLabel)) == "Dinas Kesehatan Kota Tirtajaya"
    assert (head, SOTK.establishedBy, None) not in g
    assert (URIRef(DINKES), ORG.hasUnit, None) not in g


def test_a_misspelt_own_name_is_no_other_body() -> None:
    """In the Dinas Perhubungan's regulation, "kepada Kepala Dinas Perhubungn" (a typo of its own
    name) names no other perangkat daerah: no body is made of it, and the line is reported
    unread; "kepada Kepala Dinas Pendidikan" names another body."""
    name = "perwal-contoh-2023-7.txt"
    text = (FIXTURES / name).read_text(encoding="utf-8")
    clause = "Sekretaris yang berkedudukan dibawah dan bertanggungjawab kepada Kepala Dinas.\n"
    assert text.count(clause) == 1  # Pasal 7 (1)
    org = f"{BASE}/id/org/kota-sukamaju"
    for superior, bodies in [
        ("Kepala Dinas Perhubungn", {"dinas-perhubungan"}),
        ("Kepala Dinas Pendidikan", {"dinas-perhubungan", "dinas-pendidikan"}),
    ]:
        changed = clause.replace("Kepala Dinas.", f"{superior}.")
        result = build_graph(text.replace(clause, changed), name, BASE)
        found = set(result.graph.subjects(RDF.type, SOTK.PerangkatDaerah))
        assert found == {URIRef(f"{org}/{slug}") for slug in bodies}
        unread = [w for w in result.warnings if superior in w]
        assert len(unread) == (1 if len(bodies) == 1 else 0), result.warnings
