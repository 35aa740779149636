"""The organisation pass reads the genre's roles and kinds from the ontology's schemes."""

from __future__ import annotations

from sotk_kg.lexicon import scheme
from sotk_kg.pipeline.kinds import head_of_region, pd_kinds, role_by_title, roles, unit_kinds
from sotk_kg.pipeline.organisation import normalise_unit_name, pd_kind, split_unit_names


def test_roles_are_the_peran_scheme() -> None:
    assert set(roles()) == {t.notation for t in scheme("peran")}
    # peran.ttl: c:walikota skos:prefLabel "Wali Kota"@id ; skos:altLabel "Walikota"@id
    assert role_by_title("Walikota") is role_by_title("wali  kota") is roles()["walikota"]
    assert roles()["kepala-badan"].cls == "KepalaBadan"
    assert roles()["kepala-seksi"].administrasi and not roles()["kepala-dinas"].administrasi
    assert head_of_region("Kota").notation == "walikota"
    assert head_of_region("provinsi").notation == "gubernur"


def test_unit_kinds_carry_their_leader_and_synonyms() -> None:
    kinds = {k.notation: k for k in unit_kinds()}
    assert (kinds["kelurahan"].leader_role, kinds["kelurahan"].leader_cls) == ("lurah", "Lurah")
    assert kinds["kelompok-jabatan-fungsional"].member_role == "pejabat-fungsional"
    assert normalise_unit_name("Unit Pelaksana Teknis Daerah Pasar;") == "UPTD Pasar"
    assert normalise_unit_name("Subbagian Umum") == "Sub Bagian Umum"
    assert normalise_unit_name("Sub bidang Mutasi") == "Sub Bidang Mutasi"


def test_kinds_of_perangkat_daerah() -> None:
    assert {k.notation for k in pd_kinds()} >= {"dinas", "badan", "inspektorat", "kecamatan"}
    kind = pd_kind("SATUAN POLISI PAMONG PRAJA KABUPATEN X")
    assert kind is not None and kind.leader_role == "kepala-satuan"
    assert pd_kind("Satpol PP") is kind
    assert pd_kind("Kepala Dinas") is None


def test_lists_split_only_where_a_new_name_starts() -> None:
    text = "Sub Bagian Umum dan Kepegawaian dan Sub Bagian Perencanaan, Keuangan dan Aset"
    assert split_unit_names(text) == [
        "Sub Bagian Umum dan Kepegawaian",
        "Sub Bagian Perencanaan, Keuangan dan Aset",
    ]
    assert split_unit_names(
        "Inspektur Pembantu Wilayah I, Inspektur Pembantu Khusus dan Seksi A"
    ) == [
        "Inspektur Pembantu Wilayah I",
        "Inspektur Pembantu Khusus",
        "Seksi A",
    ]
