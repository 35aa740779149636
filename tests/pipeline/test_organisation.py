"""The organisation pass on a small hand-built regulation (each clause a drafting convention)."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from tree_builders import BASE, P, context, definitions, document

from sotk_kg.pipeline.organisation import (
    emit_organisation,
    normalise_unit_name,
    read_organisation,
    split_names,
)
from sotk_kg.pipeline.terms import ORG, RDF, SKOS, SOTK

PD = f"{BASE}/id/org/kab-contoh/dinas-contoh"
POST = f"{BASE}/id/post/kab-contoh/dinas-contoh"


def post(slug: str) -> URIRef:
    return URIRef(f"{POST}/{slug}")


def unit(slug: str) -> URIRef:
    return URIRef(f"{PD}/{slug}")


REPORTS = "berkedudukan dibawah dan bertanggungjawab kepada"
BODY = [
    definitions("Bupati adalah Bupati Contoh.", "Dinas adalah Dinas Contoh Kabupaten Contoh."),
    P(
        "pasal",
        "3",
        "",
        P(
            "ayat",
            "1",
            "Organisasi Dinas terdiri dari:",
            P("huruf", "a", "Kepala Dinas;"),
            P("huruf", "b", "Sekretariat, membawahkan:", P("angka", "1", "Subbagian Umum;")),
            P("huruf", "c", "Bidang A membawahkan Kelompok Jabatan Fungsional;"),
            P("huruf", "d", "Bidang B;"),
            P("huruf", "e", "Kelompok Jabatan Pelaksana."),
        ),
    ),
    P(
        "pasal",
        "4",
        "Dinas dipimpin oleh seorang Kepala Dinas yang berada dibawah dan "
        "bertanggungjawab kepada Bupati melalui Sekretaris Daerah.",
    ),
    P("pasal", "5", f"Sekretariat dipimpin oleh seorang Sekretaris {REPORTS} Kepala Dinas."),
    P("pasal", "6", f"Sub Bagian Umum di pimpin oleh Kepala yang {REPORTS} Sekretaris."),
    P(
        "pasal",
        "7",
        "",
        P(
            "ayat",
            "1",
            f"Bidang A dipimpin oleh seorang Kepala Bidang {REPORTS} Kepala Dinas "
            "melalui Sekretaris Dinas.",
        ),
        P(
            "ayat",
            "2",
            "Kepala Bidang A dalam menyelenggarakan tugas pokoknya, membawahi:",
            P(
                "huruf",
                "a",
                "Sub Koordinator dan Kelompok Jabatan Fungsional yang melaksanakan fungsi Satu;",
            ),
        ),
    ),
    P(
        "pasal",
        "8",
        "",
        P("ayat", "1", f"Sub Koordinator yang melaksanakan fungsi Satu {REPORTS} Kepala Bidang."),
    ),
    P(
        "pasal",
        "9",
        "",
        P("ayat", "1", f"Bidang B dipimpin oleh seorang Kepala Bidang {REPORTS} Kepala Dinas."),
    ),
    # Named in no "membawahi" list: "Kepala Bidang" is the one introduced last before (Bidang B).
    P(
        "pasal",
        "10",
        "",
        P("ayat", "1", f"Sub Koordinator yang melaksanakan fungsi Dua {REPORTS} Kepala Bidang."),
    ),
    P(
        "pasal",
        "11",
        "Kelompok Jabatan Fungsional dalam melaksanakan tugas pokoknya "
        "bertanggungjawab secara langsung kepada Kepala Dinas dan memiliki "
        "tanggungjawab koordinatif kepada Sekretaris dan Kepala Bidang yang memiliki "
        "keterkaitan.",
    ),
    P(
        "pasal",
        "12",
        "Kelompok Jabatan Pelaksana dalam melaksanakan tugas pokoknya "
        "bertanggungjawab secara langsung kepada Jabatan Administrasi di atasnya atau "
        "Pejabat Fungsional yang ditunjuk sebagai Sub Koordinator.",
    ),
    P(
        "pasal",
        "13",
        "Dinas terdiri dari unsur-unsur:",
        P("huruf", "a", "Pimpinan adalah Kepala Dinas;"),
        P("huruf", "b", "Pembantu Pimpinan adalah Sekretaris dan Sub Bagian; dan"),
        P("huruf", "c", "Pelaksana adalah Bidang dan Kelompok Jabatan Fungsional."),
    ),
    P(
        "pasal",
        "14",
        "",
        P("ayat", "1", "Sub Koordinator adalah pejabat fungsional."),
        P(
            "ayat",
            "2",
            "Pejabat fungsional yang diberi tugas tambahan sebagai Sub Koordinator paling "
            "rendah menduduki Jabatan Fungsional Ahli Muda.",
        ),
        P(
            "ayat",
            "3",
            "Dalam hal tidak terdapat pejabat fungsional sebagaimana dimaksud pada ayat "
            "(2) maka pejabat fungsional jenjang Ahli Pertama atau pejabat fungsional "
            "keterampilan jenjang Penyelia dapat diberikan tugas tambahan.",
        ),
    ),
    P(
        "pasal",
        "15",
        "Kepala Dinas melaksanakan tugas berada dibawah dan bertanggungjawab kepada "
        "Bupati melalui Sekretaris Daerah dan dalam melaksanakan tugasnya ...",
    ),
    P("pasal", "16", "Sekretaris bertanggungjawab kepada Kepala Planet."),
]


@pytest.fixture(scope="module")
def built():
    ctx = context(document(*BODY))
    org = read_organisation(ctx)
    emit_organisation(ctx, org)
    return ctx, org, ctx.builder.graph


def test_helpers() -> None:
    assert normalise_unit_name("Subbagian Umum; dan") == "Sub Bagian Umum"
    assert normalise_unit_name("Unit Pelaksana Teknis Daerah Terminal.") == "UPTD Terminal"
    assert split_names("Sekretaris, Kepala Bidang dan Kepala Sub Bagian") == [
        "Sekretaris",
        "Kepala Bidang",
        "Kepala Sub Bagian",
    ]


def test_perangkat_daerah_and_units(built) -> None:
    _, org, g = built
    assert org.pd_name == "Dinas Contoh"
    assert (URIRef(PD), RDF.type, SOTK.Dinas) in g
    assert set(g.objects(URIRef(PD), ORG.hasUnit)) == {
        unit("sekretariat"),
        unit("bidang-a"),
        unit("bidang-b"),
        unit("kelompok-jabatan-fungsional"),
        unit("kelompok-jabatan-pelaksana"),
    }
    assert g.value(unit("sub-bagian-umum"), ORG.subOrganizationOf) == unit("sekretariat")
    assert (unit("sub-bagian-umum"), ORG.unitOf, None) not in g  # only direct units


def test_leading_posts_are_named_after_their_unit(built) -> None:
    _, _, g = built
    assert g.value(post("kepala-dinas"), SOTK.leads) == URIRef(PD)
    assert g.value(post("sekretaris"), SOTK.leads) == unit("sekretariat")
    assert g.value(post("kepala-sub-bagian-umum"), SOTK.leads) == unit("sub-bagian-umum")
    assert g.value(post("kepala-bidang-a"), SOTK.leads) == unit("bidang-a")
    assert (post("kepala-bidang-a"), ORG.role, ORG.Head) in g


def test_direct_lines(built) -> None:
    _, _, g = built
    bupati = URIRef(f"{BASE}/id/post/kab-contoh/bupati")
    assert g.value(post("kepala-dinas"), SOTK.reportsDirectlyTo) == bupati
    assert g.value(post("kepala-dinas"), SOTK.reportsVia) == URIRef(
        f"{BASE}/id/post/kab-contoh/sekretaris-daerah"
    )
    assert g.value(post("kepala-sub-bagian-umum"), SOTK.reportsDirectlyTo) == post("sekretaris")
    assert g.value(post("kepala-bidang-a"), SOTK.reportsVia) == post("sekretaris")  # "... Dinas"


def test_sub_koordinator_resolution(built) -> None:
    _, _, g = built
    satu, dua = post("sub-koordinator-satu"), post("sub-koordinator-dua")
    assert g.value(satu, SOTK.reportsDirectlyTo) == post("kepala-bidang-a")  # its membawahi list
    assert g.value(satu, ORG.postIn) == unit("bidang-a")
    assert g.value(dua, SOTK.reportsDirectlyTo) == post("kepala-bidang-b")  # nearest before
    assert g.value(dua, ORG.postIn) == unit("bidang-b")
    assert str(g.value(satu, SOTK.subKoordinatorFunction)) == "Satu"


def test_functional_and_executive_lines(built) -> None:
    _, _, g = built
    pf, pelaksana = post("pejabat-fungsional"), post("pelaksana")
    assert g.value(pf, SOTK.reportsDirectlyTo) == post("kepala-dinas")
    assert set(g.objects(pf, SOTK.coordinativelyAccountableTo)) == {
        post("sekretaris"),
        post("kepala-bidang-a"),
        post("kepala-bidang-b"),
    }
    assert (pf, ORG.reportsTo, post("sekretaris")) not in g  # dotted lines stay dotted
    assert set(g.objects(pelaksana, SOTK.reportsToOneOf)) == {
        post("sekretaris"),
        post("kepala-sub-bagian-umum"),
        post("kepala-bidang-a"),
        post("kepala-bidang-b"),
        post("sub-koordinator-satu"),
        post("sub-koordinator-dua"),
    }
    lines = {str(s) for s in g.subjects(RDF.type, SOTK.ReportingLine)}
    assert any(line.endswith("pasal/11/1") for line in lines)
    assert any(line.endswith("pasal/11/2") for line in lines)


def test_restatement_adds_no_line_and_unknown_superior_warns(built) -> None:
    ctx, _, g = built
    kadis_lines = list(g.subjects(SOTK.subordinate, post("kepala-dinas")))
    assert len(kadis_lines) == 1 and str(kadis_lines[0]).endswith("/pasal/4")
    assert any("Kepala Planet" in w and "Pasal 16" in w for w in ctx.warnings)


def test_unsur_organisasi(built) -> None:
    _, _, g = built

    def unsur(thing: URIRef) -> set[str]:
        return {str(c).rsplit("/", 1)[1] for c in g.objects(thing, SOTK.unsurOrganisasi)}

    # Each element goes on what the text names: a post (Kepala Dinas, Sekretaris) or units.
    assert unsur(URIRef(PD)) == set()
    assert unsur(post("kepala-dinas")) == {"pimpinan"}
    assert unsur(post("sekretaris")) == {"pembantu-pimpinan"}
    assert unsur(unit("sekretariat")) == set()
    assert unsur(unit("sub-bagian-umum")) == {"pembantu-pimpinan"}
    assert unsur(unit("bidang-b")) == {"pelaksana"}
    assert unsur(unit("kelompok-jabatan-fungsional")) == {"pelaksana"}


def test_a_group_a_bidang_membawahkan_is_supervised_and_noted(built) -> None:
    ctx, _, g = built
    # Pasal 3 (1) c: "Bidang A membawahkan Kelompok Jabatan Fungsional"; the group stays a direct
    # unit of the Dinas and answers directly to the Kepala Dinas (Pasal 11).
    kjf = unit("kelompok-jabatan-fungsional")
    assert set(g.subjects(SOTK.supervisesGroup, kjf)) == {unit("bidang-a")}
    assert g.value(kjf, ORG.unitOf) == URIRef(PD)
    notes = [
        str(n)
        for n in g.objects(ctx.iris.provision(ctx.work_id, "pasal/3/ayat/1"), SKOS.editorialNote)
    ]
    assert len(notes) == 1
    assert "Bidang A 'membawahkan' the Kelompok Jabatan Fungsional" in notes[0]
    assert (
        "Pasal 11 makes the Kelompok Jabatan Fungsional answer directly to Kepala Dinas" in notes[0]
    )


def test_grade_rule(built) -> None:
    _, org, g = built
    rule = org.grade_rule
    assert (rule.role, rule.minimum, rule.fallbacks) == (
        "sub-koordinator",
        "ahli-muda",
        ["ahli-pertama", "penyelia"],
    )
    assert rule.condition.startswith("Dalam hal tidak terdapat")
    iri = g.value(post("sub-koordinator-dua"), SOTK.gradeRequirement)
    assert str(iri).endswith("/id/aturan-jenjang/perbup/kab-contoh/2024/5/pasal/14/ayat/2")


def test_regional_posts_use_the_definition(built) -> None:
    _, _, g = built
    bupati = URIRef(f"{BASE}/id/post/kab-contoh/bupati")
    assert (bupati, RDF.type, SOTK.Bupati) in g
    assert g.value(bupati, ORG.postIn) == URIRef(f"{BASE}/id/org/kab-contoh")
    assert (bupati, SOTK.establishedBy, None) not in g


def test_walikota_for_a_kota() -> None:
    doc = document(
        P(
            "pasal",
            "1",
            "Dinas dipimpin oleh seorang Kepala Dinas yang berada dibawah "
            "dan bertanggungjawab kepada Walikota.",
        ),
        region="Kota Contoh",
        jenis="perwal",
    )
    doc.title = "SUSUNAN ORGANISASI DINAS CONTOH"
    ctx = context(doc)
    org = read_organisation(ctx)
    emit_organisation(ctx, org)
    g: Graph = ctx.builder.graph
    kadis = URIRef(f"{BASE}/id/post/kota-contoh/dinas-contoh/kepala-dinas")
    assert g.value(kadis, SOTK.reportsDirectlyTo) == URIRef(f"{BASE}/id/post/kota-contoh/walikota")
    assert any("title" in w for w in ctx.warnings)  # no "Dinas adalah ..." definition
