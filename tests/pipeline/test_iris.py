"""IRI templates of docs/model.md, checked against the examples it gives."""

from __future__ import annotations

import pytest

from sotk_kg.iris import Iris, WorkId, parse_work, region_slug, slugify

BASE = "https://w3id.org/sotk-kg"
W = WorkId("perbup", "kab-bekasi", "2021", "99")
IRIS = Iris(BASE)


def test_slugify() -> None:
    assert slugify("Sub Bagian Perencanaan dan Keuangan") == "sub-bagian-perencanaan-dan-keuangan"
    assert (
        slugify("Pengawasan, Pemeriksaan dan Penilaian") == "pengawasan-pemeriksaan-dan-penilaian"
    )
    assert slugify("061/5875/OTDA") == "061-5875-otda"
    assert slugify("Kepala Dinas Ḱoperasi") == "kepala-dinas-koperasi"  # ASCII only
    with pytest.raises(ValueError):
        slugify(" -- ")


def test_region_slug() -> None:
    assert region_slug("Kabupaten Bekasi") == "kab-bekasi"
    assert region_slug("Kota Sukamaju") == "kota-sukamaju"
    assert region_slug("Provinsi Jawa Barat") == "prov-jawa-barat"
    with pytest.raises(ValueError, match="region"):
        region_slug("Bekasi")


def test_parse_work_reads_back_what_was_minted_under_any_base() -> None:
    deployed = Iris("https://example.org/kg")
    assert parse_work(str(IRIS.work(W))) == (W, "")
    assert parse_work(str(deployed.provision(W, "pasal/7/ayat/1"))) == (W, "pasal/7/ayat/1")
    # nomor comes back as its slug, which mints the same IRI
    letter = WorkId("surat-menteri", "id", "2020", "061/5875/OTDA")
    parsed = parse_work(str(IRIS.work(letter)))
    assert parsed == (WorkId("surat-menteri", "id", "2020", "061-5875-otda"), "")
    assert IRIS.work(parsed[0]) == IRIS.work(letter)
    assert parse_work(f"{BASE}/id/org/kab-bekasi") is None
    assert parse_work(f"{BASE}/eli/id/perbup/kab-bekasi/2021") is None  # no nomor


def test_legislation_templates() -> None:
    work = f"{BASE}/eli/id/perbup/kab-bekasi/2021/99"
    assert str(IRIS.work(W)) == work
    assert str(IRIS.expression(W)) == f"{work}/ind"
    assert str(IRIS.text_format(W)) == f"{work}/ind/txt"
    assert str(IRIS.provision(W, "pasal/7/ayat/1/huruf/b/angka/2")) == (
        f"{work}/pasal/7/ayat/1/huruf/b/angka/2"
    )
    assert str(IRIS.graph(W)) == f"{BASE}/graph/perbup/kab-bekasi/2021/99"
    assert str(IRIS.activity(W)) == f"{BASE}/activity/build/perbup/kab-bekasi/2021/99"
    assert str(IRIS.work(WorkId("kepmendagri", "id", "2020", "050-3708"))) == (
        f"{BASE}/eli/id/kepmendagri/id/2020/050-3708"
    )
    assert str(IRIS.document("surat-menteri", "061/5875/OTDA")) == (
        f"{BASE}/id/dokumen/surat-menteri/061-5875-otda"
    )
    assert W.file_stem == "perbup-kab-bekasi-2021-99"


def test_organisation_templates() -> None:
    pd = IRIS.perangkat_daerah("kab-bekasi", "Dinas Koperasi, Usaha Kecil dan Menengah")
    assert str(pd) == f"{BASE}/id/org/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah"
    assert str(IRIS.unit(pd, "Sub Bagian Umum dan Kepegawaian")) == (
        f"{pd}/sub-bagian-umum-dan-kepegawaian"
    )
    assert str(IRIS.region("kab-bekasi")) == f"{BASE}/id/org/kab-bekasi"
    assert str(IRIS.region_post("kab-bekasi", "Sekretaris Daerah")) == (
        f"{BASE}/id/post/kab-bekasi/sekretaris-daerah"
    )
    assert str(
        IRIS.post(
            "kab-bekasi",
            "Dinas Koperasi, Usaha Kecil dan Menengah",
            "Sub Koordinator Kelembagaan dan Perizinan Koperasi",
        )
    ) == (
        f"{BASE}/id/post/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah/"
        "sub-koordinator-kelembagaan-dan-perizinan-koperasi"
    )
    person = IRIS.person("kab-bekasi", "AKHMAD MARJUKI")
    assert str(person) == f"{BASE}/id/orang/kab-bekasi/akhmad-marjuki"


def test_fact_templates() -> None:
    path = f"{BASE}/id/%s/perbup/kab-bekasi/2021/99/"
    assert (
        str(IRIS.duty(W, "pasal/8/ayat/4/huruf/a")) == (path % "tugas") + "pasal/8/ayat/4/huruf/a"
    )
    assert str(IRIS.kewenangan(W, "pasal/2/ayat/2/huruf/a")) == (
        (path % "kewenangan") + "pasal/2/ayat/2/huruf/a"
    )
    assert str(IRIS.obligation(W, "pasal/27/ayat/2")) == (path % "kewajiban") + "pasal/27/ayat/2"
    assert str(IRIS.reporting_line(W, "pasal/24/ayat/2", 2)) == (
        (path % "hubungan") + "pasal/24/ayat/2/2"
    )
    assert str(IRIS.reporting_line(W, "pasal/9/ayat/1")) == (path % "hubungan") + "pasal/9/ayat/1"
    assert (
        str(IRIS.grade_rule(W, "pasal/25/ayat/2")) == (path % "aturan-jenjang") + "pasal/25/ayat/2"
    )
    assert str(IRIS.definition(W, "RPJPD")) == (path % "definisi") + "rpjpd"
    assert str(IRIS.grade("ahli-muda")) == f"{BASE}/id/concept/jenjang-jabatan-fungsional/ahli-muda"


def test_base_is_a_parameter() -> None:
    assert str(Iris("http://example.org/kg/").work(W)) == (
        "http://example.org/kg/eli/id/perbup/kab-bekasi/2021/99"
    )
