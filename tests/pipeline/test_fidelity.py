"""The seed graph says what Peraturan Bupati Bekasi 99/2021 says. Every expected value below was
taken by reading data/source/perbup-bekasi-99-2021.txt, not from program output."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from repo_paths import REPO_ROOT

from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.terms import ELI, FOAF, ORG, PROV, RDF, RDFS, SKOS, SOTK

SEED_SOURCE = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
BASE = "https://w3id.org/sotk-kg"
WORK = URIRef(f"{BASE}/eli/id/perbup/kab-bekasi/2021/99")
PD = f"{BASE}/id/org/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah"
POST = f"{BASE}/id/post/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah"
BUPATI = URIRef(f"{BASE}/id/post/kab-bekasi/bupati")
SEKDA = URIRef(f"{BASE}/id/post/kab-bekasi/sekretaris-daerah")


def post(slug: str) -> URIRef:
    return URIRef(f"{POST}/{slug}")


def unit(slug: str) -> URIRef:
    return URIRef(f"{PD}/{slug}")


def prov(path: str) -> URIRef:
    return URIRef(f"{WORK}/{path}")


def concept(scheme: str, notation: str) -> URIRef:
    return URIRef(f"{BASE}/id/concept/{scheme}/{notation}")


@pytest.fixture(scope="module")
def g() -> Graph:
    return build_graph(SEED_SOURCE.read_text(encoding="utf-8"), SEED_SOURCE.name, BASE).graph


def children(g: Graph, parent: URIRef, kind: str) -> list[str]:
    return [
        str(g.value(c, ELI.number))
        for c in g.objects(parent, ELI.has_part)
        if (c, RDF.type, SOTK[kind]) in g
    ]


# -- provisions ------------------------------------------------------------------
def test_pasal_1_to_32_each_once(g: Graph) -> None:
    numbers = [int(g.value(p, ELI.number)) for p in g.subjects(RDF.type, SOTK.Pasal)]
    assert sorted(numbers) == list(range(1, 33))


AYAT_COUNTS = {
    2: 2,
    3: 2,
    7: 4,
    8: 5,
    9: 7,
    10: 6,
    11: 6,
    12: 7,
    13: 6,
    14: 6,
    15: 6,
    16: 7,
    17: 6,
    18: 6,
    19: 6,
    20: 7,
    21: 6,
    22: 6,
    23: 6,
    24: 5,
    25: 7,
    26: 4,
    27: 7,
    28: 4,
}


@pytest.mark.parametrize("pasal", range(1, 33))
def test_ayat_per_pasal(g: Graph, pasal: int) -> None:
    ayat = children(g, prov(f"pasal/{pasal}"), "Ayat")
    assert sorted(map(int, ayat)) == list(range(1, AYAT_COUNTS.get(pasal, 0) + 1))


@pytest.mark.parametrize(
    ("parent", "kind", "count"),
    [
        ("pasal/1", "Angka", 25),
        ("pasal/2/ayat/2", "Huruf", 6),
        ("pasal/2/ayat/2/huruf/a", "Angka", 2),
        ("pasal/5", "Huruf", 4),
        ("pasal/7/ayat/1", "Huruf", 6),
        ("pasal/7/ayat/1/huruf/b", "Angka", 2),
        ("pasal/12/ayat/6", "Huruf", 12),
        ("menimbang", "Huruf", 2),
        ("mengingat", "Angka", 13),
    ],
)
def test_list_items(g: Graph, parent: str, kind: str, count: int) -> None:
    assert len(children(g, prov(parent), kind)) == count


def test_pasal_in_bab_is_part_of_innermost_heading(g: Graph) -> None:
    # Pasal 8 sits in BAB IV, Bagian Ketiga, Paragraf 1 (its IRI stays flat).
    assert g.value(prov("pasal/8"), ELI.is_part_of) == prov("bab/4/bagian/3/paragraf/1")
    assert (prov("bab/4"), SOTK.numberAsWritten, Literal("IV")) in g


def test_parser_notes_become_editorial_notes(g: Graph) -> None:
    notes = " ".join(g.objects(prov("pasal/6"), SKOS.editorialNote))
    assert "Pasal6" in notes  # the source heading has no space
    assert any("2021-12-30" in n for n in g.objects(WORK, SKOS.editorialNote))  # cover date


# -- regulation metadata ------------------------------------------------------------------
def test_dates_and_force(g: Graph) -> None:
    assert str(g.value(WORK, ELI.date_document)) == "2021-12-29"
    assert str(g.value(WORK, ELI.date_publication)) == "2021-12-29"  # closing block, not cover
    assert str(g.value(WORK, ELI.first_date_entry_in_force)) == "2021-12-29"  # Pasal 32
    condition = str(g.value(WORK, SOTK.applicabilityCondition))
    assert "pelantikan Pejabat Pimpinan Tinggi" in condition  # Pasal 30
    assert (
        str(g.value(WORK, ELI.published_in)) == "Berita Daerah Kabupaten Bekasi Tahun 2021 Nomor 99"
    )
    assert g.value(WORK, ELI.passed_by) == BUPATI


def test_signatures(g: Graph) -> None:
    assert "Plt." in str(g.value(WORK, SOTK.signerTitle))
    assert g.value(WORK, SOTK.signer) == URIRef(f"{BASE}/id/orang/kab-bekasi/akhmad-marjuki")
    assert g.value(WORK, SOTK.promulgator) == URIRef(f"{BASE}/id/orang/kab-bekasi/herman-hanapi")
    assert str(g.value(WORK, SOTK.placeOfAdoption)) == "Cikarang Pusat"


# -- definitions and kewenangan ------------------------------------------------------------------
ABBREVIATIONS = {
    "RPJPD",
    "RPJMD",
    "RKPD",
    "RENSTRA",
    "RENJA",
    "RKA",
    "DPA",
    "PK",
    "IKU",
    "LAKIP",
    "LPPD",
    "LKPJ",
}


def test_definitions(g: Graph) -> None:
    concepts = set(g.subjects(RDF.type, SOTK.Definisi))
    assert len(concepts) == 25
    # Pasal 1 angka 15-16 abbreviate to "RENSTRA Perangkat Daerah" / "RENJA Perangkat Daerah".
    written = ABBREVIATIONS - {"RENSTRA", "RENJA"} | {
        "RENSTRA Perangkat Daerah",
        "RENJA Perangkat Daerah",
    }
    assert {str(a) for c in concepts for a in g.objects(c, SKOS.altLabel)} == written
    rpjpd = URIRef(f"{BASE}/id/definisi/perbup/kab-bekasi/2021/99/rpjpd")
    assert str(g.value(rpjpd, SKOS.prefLabel)) == "Rencana Pembangunan Jangka Panjang Daerah"
    assert g.value(rpjpd, PROV.wasDerivedFrom) == prov("pasal/1/angka/12")


def test_kewenangan(g: Graph) -> None:
    top = set(g.objects(URIRef(PD), SOTK.hasKewenangan))
    assert len(top) == 6  # Pasal 2 (2) a-f
    assert sorted(str(g.value(k, SKOS.notation)) for k in top) == list("abcdef")
    a = next(k for k in top if str(g.value(k, SKOS.notation)) == "a")
    assert len(set(g.subjects(SKOS.broader, a))) == 2


# -- references ------------------------------------------------------------------
MENGINGAT = [
    ("uu", "1950", "14"),
    ("uu", "2011", "12"),
    ("uu", "2014", "5"),
    ("uu", "2014", "23"),
    ("uu", "2014", "30"),
    ("pp", "2016", "18"),
    ("permendagri", "2015", "80"),
    ("permendagri", "2017", "5"),
    ("permenpanrb", "2018", "41"),
    ("permendagri", "2019", "90"),
    ("permenpanrb", "2021", "17"),
    ("kepmendagri", "2020", "050-3708"),
]


def act(jenis: str, tahun: str, nomor: str, region: str = "id") -> URIRef:
    return URIRef(f"{BASE}/eli/id/{jenis}/{region}/{tahun}/{nomor}")


def test_mengingat_legal_basis(g: Graph) -> None:
    expected = [act(*m) for m in MENGINGAT] + [act("perda", "2016", "6", "kab-bekasi")]
    for n, target in enumerate(expected, start=1):
        assert (prov(f"mengingat/angka/{n}"), ELI.cites, target) in g, n
        assert (WORK, ELI.based_on, target) in g
    assert len(set(g.objects(WORK, ELI.based_on))) == 13
    assert str(g.value(act("kepmendagri", "2020", "050-3708"), ELI.number)) == "050-3708"
    assert str(g.value(act("uu", "2014", "23"), SOTK.year)) == "2014"


def test_amendments(g: Graph) -> None:
    amends = {
        (act("uu", "1968", "4"), act("uu", "1950", "14")),
        (act("uu", "2019", "15"), act("uu", "2011", "12")),
        (act("uu", "2020", "11"), act("uu", "2014", "23")),
        (act("uu", "2020", "11"), act("uu", "2014", "30")),
        (act("pp", "2019", "72"), act("pp", "2016", "18")),
        (act("permendagri", "2018", "120"), act("permendagri", "2015", "80")),
        (act("perda", "2020", "2", "kab-bekasi"), act("perda", "2016", "6", "kab-bekasi")),
    }
    assert set(g.subject_objects(ELI.amends)) == amends
    assert g.value(act("uu", "2014", "23"), SOTK.lastAmendedBy) == act("uu", "2020", "11")
    assert g.value(act("uu", "2014", "23"), SOTK.amendedSeveralTimes).toPython() is True


def test_menimbang_cites_two_letters(g: Graph) -> None:
    letters = {c for c in g.objects(WORK, ELI.cites) if "/id/dokumen/surat-menteri/" in str(c)}
    assert {str(c).rsplit("/", 1)[1] for c in letters} == {"061-5875-otda", "800-8572-otda"}


def test_repeal(g: Graph) -> None:
    old = act("perbup", "2020", "91", "kab-bekasi")
    assert set(g.objects(WORK, ELI.repeals)) == {old}
    assert g.value(old, ELI.in_force) == ELI["InForce-notInForce"]
    assert str(g.value(old, ELI.date_no_longer_in_force)) == "2021-12-29"
    assert g.value(WORK, ELI.in_force) == ELI["InForce-inForce"]


# -- organisation ------------------------------------------------------------------
def test_units(g: Graph) -> None:
    direct = {u for u in g.objects(URIRef(PD), ORG.hasUnit)}
    kinds = Counter(
        str(t).rsplit("#", 1)[1]
        for u in direct
        for t in g.objects(u, RDF.type)
        if str(t).startswith(str(SOTK)) and t != SOTK.UnitOrganisasi
    )
    assert kinds == {
        "Sekretariat": 1,
        "Bidang": 3,
        "KelompokJabatanFungsional": 1,
        "KelompokJabatanPelaksana": 1,
    }
    sub_bagian = set(g.subjects(ORG.subOrganizationOf, unit("sekretariat")))
    assert sub_bagian == {
        unit("sub-bagian-perencanaan-dan-keuangan"),
        unit("sub-bagian-umum-dan-kepegawaian"),
    }


def test_leaders(g: Graph) -> None:
    assert g.value(post("kepala-dinas"), SOTK.leads) == URIRef(PD)
    assert g.value(post("sekretaris"), SOTK.leads) == unit("sekretariat")
    assert g.value(post("kepala-sub-bagian-umum-dan-kepegawaian"), SOTK.leads) == unit(
        "sub-bagian-umum-dan-kepegawaian"
    )
    for bidang in (
        "kelembagaan-dan-pengawasan",
        "pemberdayaan-koperasi",
        "pemberdayaan-usaha-mikro",
    ):
        assert g.value(post(f"kepala-bidang-{bidang}"), SOTK.leads) == unit(f"bidang-{bidang}")


SUB_KOORDINATOR = {  # Pasal 12/16/20 ayat (4): function -> its Bidang
    "Kelembagaan dan Perizinan Koperasi": "kelembagaan-dan-pengawasan",
    "Keanggotaan dan Penerapan Peraturan Koperasi": "kelembagaan-dan-pengawasan",
    "Pengawasan, Pemeriksaan dan Penilaian Kesehatan Koperasi": "kelembagaan-dan-pengawasan",
    "Fasilitasi Usaha Koperasi": "pemberdayaan-koperasi",
    "Pengembangan, Penguatan dan Perlindungan Koperasi": "pemberdayaan-koperasi",
    "Peningkatan Kualitas SDM Koperasi": "pemberdayaan-koperasi",
    "Fasilitasi Usaha Mikro": "pemberdayaan-usaha-mikro",
    "Pengembangan, Penguatan dan Perlindungan Usaha Mikro": "pemberdayaan-usaha-mikro",
    "Peningkatan Kualitas Kewirausahaan": "pemberdayaan-usaha-mikro",
}


def test_sub_koordinator_functions(g: Graph) -> None:
    posts = set(g.subjects(RDF.type, SOTK.SubKoordinator))
    functions = {str(g.value(p, SOTK.subKoordinatorFunction)): p for p in posts}
    assert set(functions) == set(SUB_KOORDINATOR)
    for fn, bidang in SUB_KOORDINATOR.items():
        p = functions[fn]
        assert g.value(p, ORG.postIn) == unit(f"bidang-{bidang}"), fn
        assert set(g.objects(p, SOTK.reportsDirectlyTo)) == {post(f"kepala-bidang-{bidang}")}, fn
        assert g.value(p, SOTK.gradeRequirement) is not None


def test_direct_lines_and_via(g: Graph) -> None:
    def up(slug: str) -> set[URIRef]:
        return set(g.objects(post(slug), SOTK.reportsDirectlyTo))

    assert set(g.objects(post("kepala-dinas"), SOTK.reportsDirectlyTo)) == {BUPATI}
    assert set(g.objects(post("kepala-dinas"), SOTK.reportsVia)) == {SEKDA}  # Pasal 3 (2)
    assert up("sekretaris") == {post("kepala-dinas")}  # Pasal 9 (1)
    assert up("kepala-sub-bagian-perencanaan-dan-keuangan") == {post("sekretaris")}  # 10 (1)
    assert up("kepala-sub-bagian-umum-dan-kepegawaian") == {post("sekretaris")}  # 11 (1)
    for bidang in (
        "kelembagaan-dan-pengawasan",
        "pemberdayaan-koperasi",
        "pemberdayaan-usaha-mikro",
    ):  # 12 (1), 16 (1), 20 (1): "melalui Sekretaris Dinas"
        assert up(f"kepala-bidang-{bidang}") == {post("kepala-dinas")}
        assert set(g.objects(post(f"kepala-bidang-{bidang}"), SOTK.reportsVia)) == {
            post("sekretaris")
        }
    for s, o in g.subject_objects(SOTK.reportsDirectlyTo):
        assert (s, ORG.reportsTo, o) in g


def test_functional_group_lines(g: Graph) -> None:
    pf = post("pejabat-fungsional")
    assert set(g.objects(pf, SOTK.reportsDirectlyTo)) == {post("kepala-dinas")}  # 24 (2)
    assert set(g.objects(pf, SOTK.coordinativelyAccountableTo)) == {
        post("sekretaris"),
        post("kepala-sub-bagian-perencanaan-dan-keuangan"),
        post("kepala-sub-bagian-umum-dan-kepegawaian"),
        post("kepala-bidang-kelembagaan-dan-pengawasan"),
        post("kepala-bidang-pemberdayaan-koperasi"),
        post("kepala-bidang-pemberdayaan-usaha-mikro"),
    }
    line = URIRef(f"{BASE}/id/hubungan/perbup/kab-bekasi/2021/99/pasal/24/ayat/2/2")
    assert g.value(line, SOTK.lineKind) == concept("jenis-hubungan", "koordinatif")


def test_pelaksana_reports_to_one_of(g: Graph) -> None:
    pelaksana = post("pelaksana")
    one_of = set(g.objects(pelaksana, SOTK.reportsToOneOf))  # Pasal 26 (2)
    administrasi = {
        post("sekretaris"),
        post("kepala-sub-bagian-perencanaan-dan-keuangan"),
        post("kepala-sub-bagian-umum-dan-kepegawaian"),
        post("kepala-bidang-kelembagaan-dan-pengawasan"),
        post("kepala-bidang-pemberdayaan-koperasi"),
        post("kepala-bidang-pemberdayaan-usaha-mikro"),
    }
    assert one_of == administrasi | set(g.subjects(RDF.type, SOTK.SubKoordinator))
    assert len(one_of) == 15
    assert g.value(pelaksana, SOTK.reportsDirectlyTo) is None


def test_every_post_reaches_the_bupati(g: Graph) -> None:
    rows = g.query(
        """SELECT ?post WHERE {
             ?post a org:Post ; sotk:establishedBy ?work .
             FILTER NOT EXISTS { ?post (sotk:reportsDirectlyTo|sotk:reportsToOneOf)+ ?bupati }
           }""",
        initNs={"org": ORG, "sotk": SOTK},
        initBindings={"bupati": BUPATI},
    )
    assert list(rows) == []
    assert (
        len(set(g.subjects(SOTK.establishedBy, WORK)) & set(g.subjects(RDF.type, ORG.Post))) == 18
    )  # Kepala Dinas, Sekretaris, 2 Kasubbag, 3 Kabid, 9 Sub Koordinator, PF, Pelaksana


def test_unsur_organisasi(g: Graph) -> None:
    def unsur(thing: URIRef) -> set[str]:
        return {str(c).rsplit("/", 1)[1] for c in g.objects(thing, SOTK.unsurOrganisasi)}

    # Pasal 6: each element on what the text names, a post or units; none on the Dinas itself.
    assert unsur(URIRef(PD)) == set()
    assert unsur(post("kepala-dinas")) == {"pimpinan"}  # a. "Pimpinan adalah Kepala Dinas"
    # b. "Pembantu Pimpinan adalah Sekretaris dan Sub Bagian": the post and both Sub Bagian.
    assert unsur(post("sekretaris")) == {"pembantu-pimpinan"}
    assert unsur(unit("sekretariat")) == set()
    assert unsur(unit("sub-bagian-perencanaan-dan-keuangan")) == {"pembantu-pimpinan"}
    assert unsur(unit("sub-bagian-umum-dan-kepegawaian")) == {"pembantu-pimpinan"}
    # c. "Pelaksana adalah Bidang, Kelompok Jabatan Fungsional dan Kelompok Jabatan Pelaksana".
    for slug in (
        "bidang-kelembagaan-dan-pengawasan",
        "bidang-pemberdayaan-koperasi",
        "bidang-pemberdayaan-usaha-mikro",
        "kelompok-jabatan-fungsional",
        "kelompok-jabatan-pelaksana",
    ):
        assert unsur(unit(slug)) == {"pelaksana"}
    holders = {s for s, _ in g.subject_objects(SOTK.unsurOrganisasi)}
    assert len(holders) == 9


def test_bidang_supervise_the_functional_group(g: Graph) -> None:
    # Pasal 7 (1) c-e: each Bidang "membawahkan Kelompok Jabatan Fungsional".
    kjf = unit("kelompok-jabatan-fungsional")
    assert set(g.subjects(SOTK.supervisesGroup, kjf)) == {
        unit("bidang-kelembagaan-dan-pengawasan"),
        unit("bidang-pemberdayaan-koperasi"),
        unit("bidang-pemberdayaan-usaha-mikro"),
    }
    assert len(set(g.subject_objects(SOTK.supervisesGroup))) == 3
    # Each Bidang cites its huruf.
    for slug, huruf in (
        ("bidang-kelembagaan-dan-pengawasan", "c"),
        ("bidang-pemberdayaan-koperasi", "d"),
        ("bidang-pemberdayaan-usaha-mikro", "e"),
    ):
        assert prov(f"pasal/7/ayat/1/huruf/{huruf}") in set(
            g.objects(unit(slug), PROV.wasDerivedFrom)
        )
    # ... beside Pasal 24 (2): the KJF answers directly to the Kepala Dinas.
    assert (post("pejabat-fungsional"), SOTK.reportsDirectlyTo, post("kepala-dinas")) in g
    (note,) = [
        str(n) for n in g.objects(prov("pasal/7/ayat/1"), SKOS.editorialNote) if "membawahkan" in n
    ]
    assert "Pasal 24 ayat (2)" in note and "Kepala Dinas" in note


def test_grade_rule(g: Graph) -> None:
    rule = URIRef(f"{BASE}/id/aturan-jenjang/perbup/kab-bekasi/2021/99/pasal/25/ayat/2")
    grade = f"{BASE}/id/concept/jenjang-jabatan-fungsional"
    assert g.value(rule, SOTK.minimumGrade) == URIRef(f"{grade}/ahli-muda")
    assert set(g.objects(rule, SOTK.fallbackGrade)) == {
        URIRef(f"{grade}/ahli-pertama"),
        URIRef(f"{grade}/penyelia"),
    }
    assert set(g.objects(rule, PROV.wasDerivedFrom)) == {
        prov("pasal/25/ayat/2"),
        prov("pasal/25/ayat/3"),
    }


# -- duties ------------------------------------------------------------------
CATEGORIES = (
    "tugas-pokok",
    "fungsi",
    "uraian-tugas-manajerial",
    "uraian-tugas-utama",
    "uraian-tugas-penunjang",
)
DUTIES = {  # holder -> counts per category, in the order above
    PD: (1, 4, 0, 0, 0),  # Pasal 4, 5
    f"{POST}/kepala-dinas": (1, 4, 3, 8, 4),  # Pasal 8
    f"{POST}/sekretaris": (1, 4, 3, 10, 4),  # Pasal 9
    f"{POST}/kepala-sub-bagian-perencanaan-dan-keuangan": (1, 3, 3, 11, 4),  # Pasal 10
    f"{POST}/kepala-sub-bagian-umum-dan-kepegawaian": (1, 3, 3, 9, 4),  # Pasal 11
    f"{POST}/kepala-bidang-kelembagaan-dan-pengawasan": (1, 3, 3, 12, 4),  # Pasal 12
    f"{POST}/sub-koordinator-kelembagaan-dan-perizinan-koperasi": (1, 4, 3, 8, 4),  # 13
    f"{POST}/sub-koordinator-keanggotaan-dan-penerapan-peraturan-koperasi": (1, 4, 3, 7, 4),
    f"{POST}/sub-koordinator-pengawasan-pemeriksaan-dan-penilaian-kesehatan-koperasi": (
        1,
        4,
        3,
        8,
        4,
    ),  # 15
    f"{POST}/kepala-bidang-pemberdayaan-koperasi": (1, 4, 3, 12, 4),  # 16
    f"{POST}/sub-koordinator-fasilitasi-usaha-koperasi": (1, 4, 3, 7, 4),  # 17
    f"{POST}/sub-koordinator-pengembangan-penguatan-dan-perlindungan-koperasi": (1, 4, 3, 7, 4),
    f"{POST}/sub-koordinator-peningkatan-kualitas-sdm-koperasi": (1, 4, 3, 10, 4),  # 19
    f"{POST}/kepala-bidang-pemberdayaan-usaha-mikro": (1, 4, 3, 12, 4),  # 20
    f"{POST}/sub-koordinator-fasilitasi-usaha-mikro": (1, 4, 3, 7, 4),  # 21
    f"{POST}/sub-koordinator-pengembangan-penguatan-dan-perlindungan-usaha-mikro": (
        1,
        4,
        3,
        7,
        4,
    ),  # 22
    f"{POST}/sub-koordinator-peningkatan-kualitas-kewirausahaan": (1, 4, 3, 8, 4),  # 23
    f"{PD}/kelompok-jabatan-fungsional": (1, 0, 0, 0, 0),  # 24 (1)
    f"{PD}/kelompok-jabatan-pelaksana": (1, 0, 0, 0, 0),  # 26 (1)
}


@pytest.mark.parametrize("holder", sorted(DUTIES))
def test_duty_counts(g: Graph, holder: str) -> None:
    counts = Counter(
        str(g.value(d, SOTK.dutyCategory)).rsplit("/", 1)[1]
        for d in g.objects(URIRef(holder), SOTK.hasDuty)
    )
    assert tuple(counts[c] for c in CATEGORIES) == DUTIES[holder]


def test_duties_are_well_formed(g: Graph) -> None:
    duties = set(g.subjects(RDF.type, SOTK.Tugas))
    assert len(duties) == sum(sum(c) for c in DUTIES.values())
    for d in duties:
        assert len(set(g.objects(d, SOTK.dutyCategory))) == 1
        assert len(set(g.objects(d, PROV.wasDerivedFrom))) == 1
        assert str(g.value(d, SOTK.verbatimText)).strip()
        assert g.value(d, SOTK.dutyOf) is not None


def test_duty_mentions_defined_documents(g: Graph) -> None:
    def mentions(path: str) -> set[str]:
        duty = URIRef(f"{BASE}/id/tugas/perbup/kab-bekasi/2021/99/{path}")
        return {str(g.value(c, SKOS.altLabel)).split()[0] for c in g.objects(duty, SOTK.mentions)}

    assert mentions("pasal/8/ayat/3/huruf/a") == ABBREVIATIONS
    assert mentions("pasal/12/ayat/5/huruf/a") == ABBREVIATIONS - {"RKPD"}  # RKPD is not named
    assert mentions("pasal/8/ayat/3/huruf/b") == set()


def test_obligations_of_tata_kerja(g: Graph) -> None:
    obligations = set(g.subjects(RDF.type, SOTK.Kewajiban))
    assert len(obligations) == 11  # Pasal 27 (1)-(7), Pasal 28 (1)-(4)
    ob = URIRef(f"{BASE}/id/kewajiban/perbup/kab-bekasi/2021/99/pasal/27/ayat/2")
    roles = {str(r).rsplit("/", 1)[1] for r in g.objects(ob, SOTK.bearerRole)}
    assert roles == {
        "kepala-dinas",
        "sekretaris",
        "kepala-bidang",
        "kepala-sub-bagian",
        "sub-koordinator",
    }


def test_every_minted_fact_has_provenance(g: Graph) -> None:
    for cls in (
        SOTK.Tugas,
        SOTK.Kewenangan,
        SOTK.Kewajiban,
        SOTK.ReportingLine,
        SOTK.Definisi,
        SOTK.GradeRequirement,
        SOTK.UnitOrganisasi,
        ORG.Post,
        SOTK.Peraturan,
    ):
        for s in g.subjects(RDF.type, cls):
            if s != WORK:
                assert g.value(s, PROV.wasDerivedFrom) is not None, s


# -- labels and notes the audit asked for ------------------------------------------
def _en(g: Graph, s: URIRef) -> set[str]:
    return {
        str(o)
        for p in (RDFS.label, SKOS.prefLabel)
        for o in g.objects(s, p)
        if getattr(o, "language", None) == "en"
    }


def test_every_minted_node_has_an_english_label(g: Graph) -> None:
    persons = set(g.subjects(RDF.type, FOAF.Person))  # names are not translated
    graph_node = URIRef(f"{BASE}/graph/perbup/kab-bekasi/2021/99")
    subjects = {s for s in g.subjects() if str(s).startswith(BASE)} - persons - {graph_node}
    assert [str(s) for s in subjects if not _en(g, s)] == []
    # Mengingat 7: "Peraturan Menteri Dalam Negeri Nomor 80 Tahun 2015".
    assert _en(g, URIRef(f"{BASE}/eli/id/permendagri/id/2015/80")) == {
        "Regulation of the Minister of Home Affairs No. 80 of 2015"
    }
    assert _en(g, URIRef(f"{BASE}/eli/id/uu/id/2014/23")) == {"Law No. 23 of 2014"}
    assert _en(g, URIRef(f"{BASE}/eli/id/perda/kab-bekasi/2016/6")) == {
        "Regional Regulation of Kabupaten Bekasi No. 6 of 2016"
    }
    # Pasal 1 angka 12.
    assert _en(g, URIRef(f"{BASE}/id/definisi/perbup/kab-bekasi/2021/99/rpjpd")) == {
        "Definition 12: RPJPD"
    }


def test_duty_labels_name_their_provision_and_are_unique(g: Graph) -> None:
    duty = URIRef(f"{BASE}/id/tugas/perbup/kab-bekasi/2021/99/pasal/8/ayat/4/huruf/e")
    assert _en(g, duty) == {"Core duty of Kepala Dinas, Article 8 paragraph (4) point e"}
    labels = [
        str(o)
        for d in g.subjects(RDF.type, SOTK.Tugas)
        for o in g.objects(d, RDFS.label)
        if o.language == "en"
    ]
    assert len(labels) == len(set(labels)) == len(set(g.subjects(RDF.type, SOTK.Tugas)))


def test_acronym_of_an_abbreviation_with_trailing_words_is_a_hidden_label(g: Graph) -> None:
    scheme = f"{BASE}/id/definisi/perbup/kab-bekasi/2021/99"
    hidden = {str(s).rsplit("/", 1)[1]: str(o) for s, o in g.subject_objects(SKOS.hiddenLabel)}
    # Pasal 1 angka 15 "RENSTRA Perangkat Daerah", angka 16 "RENJA Perangkat Daerah"; the other
    # abbreviations are bare acronyms already.
    assert hidden == {"renstra-perangkat-daerah": "RENSTRA", "renja-perangkat-daerah": "RENJA"}
    assert str(g.value(URIRef(f"{scheme}/renstra-perangkat-daerah"), SKOS.altLabel)) == (
        "RENSTRA Perangkat Daerah"
    )


NOTES = {  # provision -> a phrase its editorial notes must contain (read from the text)
    "pasal/10/ayat/1": "'di pimpin'",  # "Sub Bagian ... di pimpin oleh Kepala"
    "pasal/11/ayat/1": "'di pimpin'",
    "pasal/10/ayat/3": "'tugas dan pokoknya'",
    "pasal/12/ayat/1": "'Sekretaris Dinas'",  # "... melalui Sekretaris Dinas"
    "pasal/16/ayat/1": "'Sekretaris Dinas'",
    "pasal/20/ayat/1": "'Sekretaris Dinas'",
    "mengingat/angka/10": "published in the Berita Negara",  # Permendagri 90/2019 in "Lembaran"
    "mengingat/angka/1": "gives no Nomor",  # "(Berita Negara Republik Indonesia Tahun 1950)"
    "pasal/23/ayat/4/huruf/b": "';;'",  # "lingkup tugasnya;; dan"
    "penutup": "repeated after the Lampiran",  # lines 821-835 repeat the closing
}


@pytest.mark.parametrize("path", sorted(NOTES))
def test_repairs_and_source_defects_are_noted(g: Graph, path: str) -> None:
    notes = [str(n) for n in g.objects(prov(path), SKOS.editorialNote)]
    assert any(NOTES[path] in n for n in notes), notes


def test_layout_stripping_is_noted_on_the_document(g: Graph) -> None:
    notes = [str(n) for n in g.objects(WORK, SKOS.editorialNote)]
    assert any("'- ' bullet prefix" in n and "indentation" in n for n in notes)
    # Only the three "Sekretaris Dinas" provisions name that title.
    named = {s for s, n in g.subject_objects(SKOS.editorialNote) if "'Sekretaris Dinas'" in n}
    assert named == {prov(f"pasal/{n}/ayat/1") for n in (12, 16, 20)}
