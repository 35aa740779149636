"""The data gaps a researcher hit (issue 15): duties grouped by a normalised text, BAB numbers in
Roman figures, English labels that translate, labels qualified by their perangkat daerah, and the
level of each post as data. Expected values come from reading
data/source/perbup-bekasi-99-2021.txt (the seed)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import Literal, URIRef
from repo_paths import REPO_ROOT

from sotk_kg.pipeline import BuildResult, build_graph
from sotk_kg.pipeline.duties import normalised_text
from sotk_kg.pipeline.terms import RDFS, SKOS, SOTK

BASE = "https://w3id.org/sotk-kg"
SEED = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
SEED_WORK = f"{BASE}/eli/id/perbup/kab-bekasi/2021/99"
DINAS = "dinas-koperasi-usaha-kecil-dan-menengah"
POST = f"{BASE}/id/post/kab-bekasi/{DINAS}"


@pytest.fixture(scope="module")
def seed() -> BuildResult:
    return build_graph(SEED.read_text(encoding="utf-8"), SEED.name, BASE)


def _objects(result: BuildResult, s: str, p: URIRef) -> set:
    return {o for s2, p2, o in result.triples if s2 == URIRef(s) and p2 == p}


@pytest.mark.parametrize(
    "verbatim",
    [
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan.",
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan; dan",
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan ;",
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan, dan",
        "Melaksanakan  tugas kedinasan lainnya yang diberikan oleh pimpinan; dan/atau",
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan;dan",  # OCR glue
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan",
    ],
)
def test_list_punctuation_is_not_part_of_the_normalised_text(verbatim: str) -> None:
    assert normalised_text(verbatim) == (
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan"
    )


def test_the_normalised_text_keeps_what_the_item_says() -> None:
    # a conjunction inside the text, an abbreviation first, a word ending in "dan" are kept
    assert normalised_text("RENSTRA dan RENJA;") == "RENSTRA dan RENJA"
    assert normalised_text("penyusunan bahan koperasi dan usaha mikro; dan") == (
        "penyusunan bahan koperasi dan usaha mikro"
    )
    assert normalised_text("pelaksanaan tugas di bidang sandan.") == (
        "pelaksanaan tugas di bidang sandan"
    )


def test_the_seed_duty_every_post_shares_groups_all_sixteen_posts(seed: BuildResult) -> None:
    # "d. melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan sesuai dengan tugas
    # pokok dan fungsi" closes the manajerial duties of 16 posts (Pasal 8 to 23), once without
    # its full stop (line 312): grouped by the verbatim text it splits, by the normalised one not
    holders: dict[str, set[URIRef]] = defaultdict(set)
    verbatim: dict[URIRef, str] = {}
    for s, p, o in seed.triples:
        if p == SOTK.normalisedText:
            holders[str(o)] |= _objects(seed, str(s), SOTK.dutyOf)
        if p == SOTK.verbatimText and "tugas kedinasan lainnya" in str(o):
            verbatim[s] = str(o)
    text = (
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan sesuai dengan tugas "
        "pokok dan fungsi"
    )
    assert len(holders[text]) == 16
    assert len(set(verbatim.values())) == 2  # the verbatim text is kept as written


def test_a_chapter_without_its_numeral_is_labelled_in_roman_figures(seed: BuildResult) -> None:
    # line 749 reads "BAB" alone, between "BABIV" (line 149) and "BAB VI" (line 769)
    labels = _objects(seed, f"{SEED_WORK}/bab/5", RDFS.label)
    assert Literal("BAB V", lang="id") in labels
    assert Literal("Chapter 5", lang="en") in labels
    assert Literal("BAB IV", lang="id") in _objects(seed, f"{SEED_WORK}/bab/4", RDFS.label)


def _label(result: BuildResult, s: str, lang: str) -> str:
    (label,) = [o for o in _objects(result, s, RDFS.label) if o.language == lang]
    return str(label)


@pytest.mark.parametrize(
    ("post", "english"),
    [
        # Pasal 7: "Bidang Pemberdayaan Koperasi", "Sub Bagian Perencanaan dan Keuangan" ...
        ("kepala-bidang-pemberdayaan-koperasi", "Head of the Cooperative Empowerment Division"),
        (
            "kepala-bidang-pemberdayaan-usaha-mikro",
            "Head of the Micro Enterprise Empowerment Division",
        ),
        (
            "kepala-bidang-kelembagaan-dan-pengawasan",
            "Head of the Institutions and Supervision Division",
        ),
        (
            "kepala-sub-bagian-perencanaan-dan-keuangan",
            "Head of the Planning and Finance Subdivision",
        ),
        ("sekretaris", "Secretary"),
        ("kepala-dinas", "Head of the Agency"),
    ],
)
def test_english_labels_of_posts_are_translations(
    seed: BuildResult, post: str, english: str
) -> None:
    assert _label(seed, f"{POST}/{post}", "en") == english


def test_a_sub_koordinator_is_named_by_its_function_in_english(seed: BuildResult) -> None:
    # Pasal 22 (1): "Sub Koordinator yang melaksanakan fungsi Pengembangan, Penguatan dan
    # Perlindungan Usaha Mikro": the last words belong to every part of the list
    labels = {
        str(o)
        for s, p, o in seed.triples
        if p == RDFS.label and getattr(o, "language", None) == "en" and "Sub-Coordinator" in o
    }
    assert (
        "Sub-Coordinator for Micro Enterprise Development, Strengthening and Protection" in labels
    )
    assert "Sub-Coordinator for Micro Enterprise Facilitation" in labels


def test_the_region_posts_are_of_the_region_in_english(seed: BuildResult) -> None:
    region = f"{BASE}/id/post/kab-bekasi"
    assert _label(seed, f"{region}/bupati", "en") == "Regent of Kabupaten Bekasi"
    assert _label(seed, f"{region}/sekretaris-daerah", "en") == (
        "Regional Secretary of Kabupaten Bekasi"
    )


def test_a_name_with_a_word_the_glossary_lacks_stays_indonesian() -> None:
    from sotk_kg.pipeline.english import kind_name_en, translate_name

    assert translate_name("Pemberdayaan Koperasi") == "Cooperative Empowerment"
    assert translate_name("Pemberdayaan Zlorp") is None  # no guessed English
    assert translate_name("Perencanaan dan") is None
    assert kind_name_en("Bidang Zlorp", ("Bidang",), "Division") is None
    assert kind_name_en("Sekretariat", ("Sekretariat",), "Secretariat") == "Secretariat"


def test_bare_labels_have_a_label_qualified_by_their_perangkat_daerah(
    seed: BuildResult,
) -> None:
    # Pasal 1 angka 4: "Dinas adalah Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Bekasi"
    alt = {str(o) for o in _objects(seed, f"{POST}/sekretaris", SKOS.altLabel)}
    assert "Sekretaris, Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Bekasi" in alt
    assert Literal("Sekretaris", lang="id") in _objects(seed, f"{POST}/sekretaris", RDFS.label)
    unit = f"{BASE}/id/org/kab-bekasi/{DINAS}/sekretariat"
    assert "Sekretariat, Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Bekasi" in {
        str(o) for o in _objects(seed, unit, SKOS.altLabel)
    }


LEVEL = f"{BASE}/id/concept/jenjang-jabatan"
PERAN = f"{BASE}/id/concept/peran"


@pytest.mark.parametrize(
    ("post", "level", "role"),
    [
        # PP 18/2016 Pasal 95 and UU 5/2014 Pasal 14, 19 (a kabupaten): the seed states no level
        ("kepala-dinas", "jpt-pratama", "kepala-dinas"),
        ("sekretaris", "administrator", "sekretaris"),
        ("kepala-bidang-pemberdayaan-koperasi", "administrator", "kepala-bidang"),
        ("kepala-sub-bagian-umum-dan-kepegawaian", "pengawas", "kepala-sub-bagian"),
    ],
)
def test_each_post_has_its_level_from_the_national_rule(
    seed: BuildResult, post: str, level: str, role: str
) -> None:
    assert _objects(seed, f"{POST}/{post}", SOTK.jenjangJabatan) == {URIRef(f"{LEVEL}/{level}")}
    assert _objects(seed, f"{POST}/{post}", SOTK.jenjangJabatanBasis) == {URIRef(f"{PERAN}/{role}")}


def test_the_bupati_has_no_civil_service_level(seed: BuildResult) -> None:
    assert not _objects(seed, f"{BASE}/id/post/kab-bekasi/bupati", SOTK.jenjangJabatan)


FIXTURE = REPO_ROOT / "tests" / "fixtures" / "perbup-contoh-2024-3.txt"


def test_a_level_the_text_states_is_read_with_its_provision() -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "bertanggung jawab kepada Bupati melalui Sekretaris Daerah.\n",
        "bertanggung jawab kepada Bupati melalui Sekretaris Daerah.\n"
        "(3) Kepala Dinas merupakan jabatan struktural eselon IIb atau Jabatan Pimpinan Tinggi "
        "Pratama.\n",
        1,
    )
    assert "eselon IIb" in text
    result = build_graph(text, FIXTURE.name, BASE)
    post = f"{BASE}/id/post/kab-mekarsari/dinas-perpustakaan-dan-kearsipan/kepala-dinas"
    assert _objects(result, post, SOTK.jenjangJabatan) == {URIRef(f"{LEVEL}/jpt-pratama")}
    assert _objects(result, post, SOTK.jenjangJabatanBasis) == {
        URIRef(f"{BASE}/eli/id/perbup/kab-mekarsari/2024/3/pasal/2/ayat/3")
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Kepala Dinas merupakan Jabatan Pimpinan Tinggi Pratama.",
            ("Kepala Dinas", "jpt-pratama"),
        ),
        (
            "Sekretaris dan Kepala Bidang adalah jabatan eselon III.b",
            ("Sekretaris dan Kepala Bidang", "administrator"),
        ),
        ("Kepala Seksi merupakan Jabatan Pengawas", ("Kepala Seksi", "pengawas")),
        ("Dinas merupakan unsur pelaksana Urusan Pemerintahan", None),
        ("Kepala Dinas adalah Kepala Dinas Perpustakaan", None),
        # what a post does is not its level: a bare "pelaksana"/"pengawas" after the copula
        ("Kepala Bidang adalah pelaksana kegiatan teknis", None),
        ("Sekretaris merupakan pengawas keuangan Dinas", None),
        ("Kepala Sub Bagian sebagai Jabatan Pengawas", None),
    ],
)
def test_a_stated_level(sentence: str, expected: tuple[str, str] | None) -> None:
    from sotk_kg.pipeline.levels import stated_level

    assert stated_level(sentence) == expected


def test_the_seed_states_the_sub_koordinator_level_itself(seed: BuildResult) -> None:
    # Pasal 25 (1): "Sub Koordinator adalah pejabat fungsional hasil penyetaraan jabatan ..."
    post = f"{POST}/sub-koordinator-fasilitasi-usaha-mikro"
    assert _objects(seed, post, SOTK.jenjangJabatan) == {URIRef(f"{LEVEL}/fungsional")}
    assert _objects(seed, post, SOTK.jenjangJabatanBasis) == {
        URIRef(f"{SEED_WORK}/pasal/25/ayat/1")
    }


def test_the_level_follows_the_kind_of_region() -> None:
    # a province's Sekretaris Daerah is JPT Madya (echelon I.b), a kabupaten's JPT Pratama (PP
    # 18/2016 Pasal 94-95); a Kepala Badan of a province stays JPT Pratama (II.a)
    path = REPO_ROOT / "tests" / "fixtures" / "pergub-contoh-2024-15-dua-badan.txt"
    result = build_graph(path.read_text(encoding="utf-8"), path.name, BASE)
    region = f"{BASE}/id/post/prov-mekar-raya"
    assert _objects(result, f"{region}/sekretaris-daerah", SOTK.jenjangJabatan) == {
        URIRef(f"{LEVEL}/jpt-madya")
    }
    head = f"{region}/badan-pendapatan-daerah/kepala-badan"
    assert _objects(result, head, SOTK.jenjangJabatan) == {URIRef(f"{LEVEL}/jpt-pratama")}
