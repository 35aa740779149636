"""Duties, kewenangan and tata kerja obligations."""

from __future__ import annotations

from collections import Counter

from rdflib import URIRef
from repo_paths import REPO_ROOT
from tree_builders import BASE, P, context, definitions, document

from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.definitions import emit_definitions
from sotk_kg.pipeline.duties import (
    KewenanganItem,
    bearer_roles,
    duty_category,
    emit_duties,
    emit_kewenangan,
    emit_obligations,
    implemented_kewenangan,
    key_phrases,
    mentioned,
)
from sotk_kg.pipeline.organisation import read_organisation
from sotk_kg.pipeline.terms import ORG, RDF, SKOS, SOTK


def test_duty_category() -> None:
    assert duty_category("Dinas mempunyai tugas pokok merumuskan kebijakan.") == "tugas-pokok"
    assert (
        duty_category("Sub Koordinator ... mempunyai tugas merencanakan kegiatan.") == "tugas-pokok"
    )
    assert (
        duty_category(
            "Kepala Dinas dalam menyelenggarakan tugas pokoknya, mempunyai fungsi sebagai berikut:"
        )
        == "fungsi"
    )
    assert duty_category("X mempunyai uraian tugas manajerial sebagai berikut:") == (
        "uraian-tugas-manajerial"
    )
    assert duty_category("X mempunyai uraian tugas utama sebagai berikut:") == "uraian-tugas-utama"
    assert duty_category("X mempunyai uraian tugas penunjang sebagai berikut:") == (
        "uraian-tugas-penunjang"
    )
    assert duty_category("X mempunyai uraian tugas:") == "uraian-tugas"
    assert duty_category("Sub Koordinator melaksanakan tugas koordinasi.") is None
    assert duty_category("Pejabat Fungsional diberikan tugas tambahan.") is None


def test_bearer_roles() -> None:
    assert bearer_roles(
        "Dalam melaksanakan tugasnya, Kepala Dinas, Sekretaris, Kepala Bidang, "
        "Kepala Sub Bagian dan Sub Koordinator wajib menerapkan prinsip."
    ) == ["kepala-bidang", "kepala-dinas", "kepala-sub-bagian", "sekretaris", "sub-koordinator"]
    # Only the subject counts: the Sekretaris Daerah named after the verb bears nothing.
    assert bearer_roles(
        "Kepala Dinas melaksanakan tugas ... kepada Bupati melalui Sekretaris Daerah."
    ) == ["kepala-dinas"]
    assert bearer_roles("Bawahan yang diberi tugas tambahan wajib melaporkan.") == []


def test_mentioned_abbreviations_are_whole_words() -> None:
    defined = {"RENJA": URIRef("urn:renja"), "RKA": URIRef("urn:rka"), "PK": URIRef("urn:pk")}
    assert mentioned("bahan RENSTRA,RENJA, RKA dan DPA", defined) == [
        URIRef("urn:renja"),
        URIRef("urn:rka"),
    ]
    assert mentioned("SPKD dan PKB", defined) == []


BODY = [
    definitions(
        "Dinas adalah Dinas Contoh Kabupaten Contoh.",
        "Rencana Kerja yang selanjutnya disingkat RENJA adalah dokumen.",
    ),
    P(
        "pasal",
        "2",
        "Dinas mempunyai kewenangan:",
        P(
            "huruf",
            "a",
            "pengawasan, meliputi:",
            P("angka", "1", "pemeriksaan koperasi; dan"),
            P("angka", "2", "pengawasan koperasi."),
        ),
        P("huruf", "b", "pendidikan perkoperasian."),
    ),
    P(
        "pasal",
        "3",
        "Dinas dipimpin oleh seorang Kepala Dinas yang berada dibawah dan "
        "bertanggungjawab kepada Bupati.",
    ),
    P(
        "pasal",
        "4",
        "",
        P("ayat", "1", "Kepala Dinas mempunyai tugas pokok memimpin Dinas."),
        P(
            "ayat",
            "2",
            "Kepala Dinas dalam menyelenggarakan tugas pokoknya, mempunyai fungsi:",
            P("huruf", "a", "perumusan kebijakan;"),
            P("huruf", "b", "pembinaan."),
        ),
        P(
            "ayat",
            "3",
            "Kepala Dinas mempunyai uraian tugas utama sebagai berikut:",
            P("huruf", "a", "menetapkan RENJA;"),
        ),
    ),
    P(
        "bab",
        "5",
        "",
        P(
            "pasal",
            "5",
            "",
            P("ayat", "1", "Kepala Dinas wajib menerapkan prinsip koordinasi."),
            P("ayat", "2", "Setiap bawahan wajib mematuhi petunjuk."),
        ),
        heading="TATA KERJA",
    ),
    P("pasal", "6", "Planet mempunyai tugas pokok berputar."),
]


def build():
    ctx = context(document(*BODY))
    emit_definitions(ctx)
    org = read_organisation(ctx)
    emit_kewenangan(ctx, org)
    emit_duties(ctx, org)
    emit_obligations(ctx)
    return ctx, org, ctx.builder.graph


def test_duties_of_a_post() -> None:
    ctx, _, g = build()
    kadis = URIRef(f"{BASE}/id/post/kab-contoh/dinas-contoh/kepala-dinas")
    cats = Counter(
        str(g.value(d, SOTK.dutyCategory)).rsplit("/", 1)[1] for d in g.objects(kadis, SOTK.hasDuty)
    )
    assert cats == {"tugas-pokok": 1, "fungsi": 2, "uraian-tugas-utama": 1}
    pokok = URIRef(f"{BASE}/id/tugas/perbup/kab-contoh/2024/5/pasal/4/ayat/1")
    assert str(g.value(pokok, SOTK.verbatimText)) == "memimpin Dinas."
    renja = URIRef(f"{BASE}/id/tugas/perbup/kab-contoh/2024/5/pasal/4/ayat/3/huruf/a")
    assert g.value(renja, SOTK.mentions) == URIRef(
        f"{BASE}/id/definisi/perbup/kab-contoh/2024/5/renja"
    )
    assert g.value(renja, SOTK.dutyOf) == kadis
    assert any("Pasal 6" in w and "holder" in w for w in ctx.warnings)  # "Planet" is nobody


def test_kewenangan() -> None:
    _, org, g = build()
    top = set(g.objects(org.pd_iri, ORG.purpose))
    assert {str(g.value(k, SKOS.prefLabel)) for k in top} == {
        "pengawasan",
        "pendidikan perkoperasian",
    }
    a = next(k for k in top if str(g.value(k, SKOS.notation)) == "a")
    assert {str(g.value(k, SKOS.notation)) for k in g.subjects(SKOS.broader, a)} == {"a.1", "a.2"}


def test_obligations() -> None:
    _, _, g = build()
    obligations = set(g.subjects(RDF.type, SOTK.Kewajiban))
    assert len(obligations) == 2
    first = URIRef(f"{BASE}/id/kewajiban/perbup/kab-contoh/2024/5/pasal/5/ayat/1")
    assert g.value(first, SOTK.bearerRole) == URIRef(f"{BASE}/id/concept/peran/kepala-dinas")


def test_kewenangan_key_phrases() -> None:
    assert key_phrases(
        "pemberdayaan Usaha Kecil Menengah (UKM), hanya meliputi pemberdayaan usaha mikro yang "
        "dilakukan melalui pendataan"
    ) == {("pemberdayaan", "usaha", "kecil", "menengah"), ("pemberdayaan", "usaha", "mikro")}
    assert key_phrases("pengawasan, meliputi:") == set()  # one word: too short to be a key
    assert key_phrases("penerbitan izin trayek dalam kota; dan") == {
        ("penerbitan", "izin", "trayek")
    }


def test_implemented_kewenangan_rule() -> None:
    a = KewenanganItem(
        URIRef("urn:a"), None, frozenset(key_phrases("pemeriksaan koperasi, meliputi:"))
    )
    a1 = KewenanganItem(
        URIRef("urn:a1"), a.iri, frozenset(key_phrases("pemeriksaan koperasi desa"))
    )
    b = KewenanganItem(URIRef("urn:b"), None, frozenset(key_phrases("pembinaan usaha mikro")))
    items = [a, a1, b]
    assert a.keys == frozenset()  # "pemeriksaan koperasi": two words
    # The key as a whole phrase, after the verb; the sub-item rather than its item.
    assert implemented_kewenangan("mengoordinasikan pembinaan usaha mikro;", items) == [b.iri]
    assert implemented_kewenangan("menyusun pemeriksaan koperasi desa yang ...", items) == [a1.iri]
    # Followed by more of a noun phrase ("... usaha mikro syariah"): a different object.
    assert implemented_kewenangan("menyusun pembinaan usaha mikro syariah.", items) == []
    # The verb itself is not part of the object.
    assert implemented_kewenangan("pembinaan usaha mikro", items) == []
    # A key two items share says nothing.
    twin = KewenanganItem(URIRef("urn:twin"), None, b.keys)
    assert implemented_kewenangan("mengoordinasikan pembinaan usaha mikro;", [b, twin]) == []


def test_kewenangan_links_read_from_the_texts() -> None:
    """Pasal 8 (4) of the seed: the Kepala Dinas's core duties c, e-h restate Pasal 2 (2) items
    (c: the inspection of KSP/USP and KSPPS of 2 (2) huruf a angka 2; e: huruf c pendidikan dan
    latihan perkoperasian; f: huruf d pemberdayaan dan perlindungan koperasi; g: huruf e
    pemberdayaan usaha mikro; h: huruf f pengembangan usaha mikro). a, b (pengawasan dan
    pengelolaan usaha simpan pinjam, kantor cabang) and d (keanggotaan) restate none. In the Perwal
    fixture the Kepala UPTD's tugas pokok (Pasal 17 (3)) is Pasal 2 (2) huruf d."""
    seed = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
    g = build_graph(seed.read_text(encoding="utf-8"), seed.name, BASE).graph
    work = "perbup/kab-bekasi/2021/99"
    found = {
        huruf: {
            str(k).removeprefix(f"{BASE}/id/kewenangan/{work}/pasal/2/ayat/2/")
            for k in g.objects(
                URIRef(f"{BASE}/id/tugas/{work}/pasal/8/ayat/4/huruf/{huruf}"),
                SOTK.implementsKewenangan,
            )
        }
        for huruf in "abcdefgh"
    }
    assert found == {
        "a": set(),
        "b": set(),
        "c": {"huruf/a/angka/2"},
        "d": set(),
        "e": {"huruf/c"},
        "f": {"huruf/d"},
        "g": {"huruf/e"},
        "h": {"huruf/f"},
    }
    perwal = REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt"
    g = build_graph(perwal.read_text(encoding="utf-8"), perwal.name, BASE).graph
    work = "perwal/kota-sukamaju/2023/7"
    links = {
        (str(d).removeprefix(f"{BASE}/id/tugas/{work}/"), str(k).rsplit(f"{work}/", 1)[1])
        for d, k in g.subject_objects(SOTK.implementsKewenangan)
    }
    assert links == {("pasal/17/ayat/3", "pasal/2/ayat/2/huruf/d")}
