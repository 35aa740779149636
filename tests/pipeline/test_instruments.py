"""Kinds of regulation and region come from the schemes jenis-peraturan and jenis-wilayah: the
parser's headings, the citations, their English names, the region slugs. Expected values come
from the schemes' files and from tests/fixtures/perwal-contoh-2023-7.txt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDFS, URIRef
from repo_paths import REPO_ROOT

from sotk_kg import instruments, lexicon
from sotk_kg.iris import region_slug
from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.english import citation_en
from sotk_kg.pipeline.references import find_citations

BASE = "https://w3id.org/sotk-kg"
PERWAL = REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt"


def test_a_heading_in_either_spelling_is_a_perwal() -> None:
    # the fixture writes "PERATURAN WALIKOTA SUKAMAJU / NOMOR: 7 TAHUN 2023"; jenis-peraturan.ttl
    # has "Peraturan Wali Kota" as prefLabel and "Peraturan Walikota" as hiddenLabel
    text = PERWAL.read_text(encoding="utf-8")
    for spelling in ("WALIKOTA", "WALI KOTA"):
        result = build_graph(
            text.replace("PERATURAN WALIKOTA", f"PERATURAN {spelling}"), PERWAL.name, BASE
        )
        work = URIRef(f"{BASE}/eli/id/perwal/kota-sukamaju/2023/7")
        assert result.graph_iri == URIRef(f"{BASE}/graph/perwal/kota-sukamaju/2023/7")
        labels = {lab.language: str(lab) for lab in result.graph.objects(work, RDFS.label)}
        # a regional head's regulation cites the bare region name, whichever the spelling (the
        # "Wali Kota" spelling used to give "Peraturan Wali Kota Kota Sukamaju")
        name = spelling.title()
        assert labels["id"] == f"Peraturan {name} Sukamaju Nomor 7 Tahun 2023"
        assert labels["en"] == "Mayor Regulation of Kota Sukamaju No. 7 of 2023"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Keputusan Menteri Dalam Negeri Nomor 1 Tahun 2020", ("kepmendagri", "id")),
        ("Keputusan Menteri Kesehatan Nomor 2 Tahun 2020", ("kepmen", "id")),
        ("Peraturan Menteri Keuangan Nomor 3 Tahun 2021", ("permenkeu", "id")),
        ("Peraturan Menteri Kesehatan Nomor 4 Tahun 2021", ("permen", "id")),
        ("Peraturan Daerah Kota Sukamaju Nomor 5 Tahun 2016", ("perda", "kota-sukamaju")),
        ("Peraturan Wali Kota Sukamaju Nomor 6 Tahun 2020", ("perwal", "kota-sukamaju")),
        ("Peraturan Gubernur Jawa Barat Nomor 7 Tahun 2019", ("pergub", "prov-jawa-barat")),
        ("Peraturan Bupati Nomor 8 Tahun 2019", ("perbup", "kab-contoh")),  # the home region
    ],
)
def test_citations_are_read_by_the_schemes_names(text: str, expected: tuple[str, str]) -> None:
    (cit,) = find_citations(f"{text} tentang Sesuatu;", "kab-contoh")
    assert (cit.jenis, cit.yurisdiksi) == expected


def test_english_names_come_from_the_scheme() -> None:
    # jenis-peraturan.ttl: permenkeu "Regulation of the Minister of Finance"@en; the ministry of
    # an instrument without a concept of its own is read off the ones that have one
    assert citation_en("Peraturan Menteri Keuangan", "permenkeu", "3", "2021") == (
        "Regulation of the Minister of Finance No. 3 of 2021"
    )
    assert citation_en("Keputusan Menteri Keuangan", "kepmen", "9", "2022") == (
        "Decree of the Minister of Finance No. 9 of 2022"
    )
    assert citation_en("Peraturan Menteri Kesehatan", "permen", "4", "2021") == (
        "Regulation of the Minister of Kesehatan No. 4 of 2021"  # unknown: kept as written
    )
    assert citation_en("Peraturan Daerah Kota Sukamaju", "perda", "5", "2016") == (
        "Regional Regulation of Kota Sukamaju No. 5 of 2016"
    )


def test_region_slugs_are_the_notations_of_jenis_wilayah() -> None:
    assert [(r.name, r.notation) for r in instruments.region_kinds()] == [
        ("Kabupaten", "kab"),
        ("Kota", "kota"),
        ("Provinsi", "prov"),
    ]
    assert region_slug("KOTA Sukamaju") == "kota-sukamaju"
    assert instruments.kind("perbup").head_region.head_role == "bupati"
    assert instruments.kind("perda").head_region is None  # issued by all three kinds
    with pytest.raises(ValueError, match=r"Kabupaten/Kota/Provinsi"):
        region_slug("Kecamatan Sukamaju")


@pytest.fixture
def schemes_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shutil.copytree(lexicon.SCHEMES_DIR, tmp_path / "schemes")
    monkeypatch.setattr(lexicon, "SCHEMES_DIR", tmp_path / "schemes")
    caches = (lexicon.scheme, instruments.kinds, instruments.region_kinds, instruments.headings)
    for cached in caches:
        cached.cache_clear()
    yield tmp_path / "schemes"
    for cached in caches:
        cached.cache_clear()


def test_a_spelling_added_to_the_scheme_is_a_heading(schemes_copy: Path) -> None:
    path = schemes_copy / "jenis-peraturan.ttl"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'skos:altLabel "Pergub"@id ;',
            'skos:altLabel "Pergub"@id ; skos:hiddenLabel "Peraturan Gubernor"@id ;',
        ),
        encoding="utf-8",
    )
    kind, name = instruments.headings()["GUBERNOR"]
    assert (kind.jenis, name) == ("pergub", "Peraturan Gubernor")


def test_a_region_kind_not_in_the_scheme_is_refused(schemes_copy: Path) -> None:
    path = schemes_copy / "jenis-peraturan.ttl"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "sotk:regionKind w:kab ;", "sotk:regionKind w:kec ;"
        ),
        encoding="utf-8",
    )
    with pytest.raises(lexicon.LexiconError, match=r"perbup: sotk:regionKind .*/kec is not in"):
        instruments.kinds()
