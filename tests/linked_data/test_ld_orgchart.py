"""The Lampiran's "Bagan Struktur Organisasi" drawn from the graph: every unit and post of Pasal 7
(and the Sub Koordinator of Pasal 12, 16 and 20), with the lines of Pasal 3, 9-26."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from ld_support import DINAS_PATH, POSTS_PATH

SVG = "{http://www.w3.org/2000/svg}"

# Pasal 7 ayat (1): the organisation of the Dinas (units and the Kepala Dinas).
PASAL_7_UNITS = [
    "Sekretariat",
    "Sub Bagian Perencanaan dan Keuangan",
    "Sub Bagian Umum dan Kepegawaian",
    "Bidang Kelembagaan dan Pengawasan",
    "Bidang Pemberdayaan Koperasi",
    "Bidang Pemberdayaan Usaha Mikro",
    "Kelompok Jabatan Fungsional",
    "Kelompok Jabatan Pelaksana",
]
# Posts: Kepala Dinas (7(1)a), Sekretaris (9(1)), Kepala Sub Bagian (10(1), 11(1)), Kepala
# Bidang (12(1), 16(1), 20(1)) and the Sub Koordinator of Pasal 7 ayat (3), by function
# (12(4), 16(4), 20(4)).
POSTS = [
    "Kepala Dinas",
    "Sekretaris",
    "Kepala Sub Bagian Perencanaan dan Keuangan",
    "Kepala Sub Bagian Umum dan Kepegawaian",
    "Kepala Bidang Kelembagaan dan Pengawasan",
    "Kepala Bidang Pemberdayaan Koperasi",
    "Kepala Bidang Pemberdayaan Usaha Mikro",
    *(
        f"Sub Koordinator {function}"
        for function in (
            "Kelembagaan dan Perizinan Koperasi",
            "Keanggotaan dan Penerapan Peraturan Koperasi",
            "Pengawasan, Pemeriksaan dan Penilaian Kesehatan Koperasi",
            "Fasilitasi Usaha Koperasi",
            "Pengembangan, Penguatan dan Perlindungan Koperasi",
            "Peningkatan Kualitas SDM Koperasi",
            "Fasilitasi Usaha Mikro",
            "Pengembangan, Penguatan dan Perlindungan Usaha Mikro",
            "Peningkatan Kualitas Kewirausahaan",
        )
    ),
]


@pytest.fixture(scope="module")
def chart(client: TestClient) -> ET.Element:
    response = client.get("/orgchart" + DINAS_PATH[len("/id/org") :])
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    return ET.fromstring(response.content)  # well-formed XML


def box_titles(chart: ET.Element) -> list[str]:
    return [
        g.find(f"{SVG}title").text or ""  # type: ignore[union-attr]
        for g in chart.iter(f"{SVG}g")
        if g.get("class") == "node"
    ]


def lines(chart: ET.Element, kind: str, base: str) -> set[tuple[str, str]]:
    """(from, to) post slugs of the lines of one kind."""
    prefix = base + POSTS_PATH + "/"
    found = set()
    for el in chart.iter():
        if el.get("class") == f"line-{kind}":
            a, b = el.get("data-from", ""), el.get("data-to", "")
            found.add((a.removeprefix(prefix), b.removeprefix(prefix)))
    return found


@pytest.mark.parametrize("name", PASAL_7_UNITS + POSTS)
def test_every_unit_and_post_is_drawn(chart: ET.Element, name: str) -> None:
    titles = [t.lower() for t in box_titles(chart)]
    assert any(name.lower() in t for t in titles), name


def test_chart_is_an_accessible_image_with_linked_boxes(chart: ET.Element) -> None:
    assert chart.get("role") == "img"
    title = chart.find(f"{SVG}title")
    assert title is not None and chart.get("aria-labelledby") == title.get("id")
    assert "Dinas Koperasi, Usaha Kecil dan Menengah" in (chart.find(f"{SVG}title").text or "")
    for a in chart.iter(f"{SVG}a"):
        assert a.get("href", "").startswith(("/doc/", "/eli/doc/"))


def test_direct_lines_melalui_and_coordinative_lines(chart: ET.Element, base: str) -> None:
    region = base + "/id/post/kab-bekasi/"
    tree = lines(chart, "tree", base)
    # Pasal 3 (2): Kepala Dinas bertanggungjawab kepada Bupati melalui Sekretaris Daerah.
    assert ("kepala-dinas", region + "bupati") in tree
    via = lines(chart, "via", base)
    assert ("kepala-dinas", region + "sekretaris-daerah") in via
    # Pasal 12 (1), 16 (1), 20 (1): each Kepala Bidang reports through the Sekretaris Dinas.
    for bidang in (
        "kelembagaan-dan-pengawasan",
        "pemberdayaan-koperasi",
        "pemberdayaan-usaha-mikro",
    ):
        assert (f"kepala-bidang-{bidang}", "kepala-dinas") in tree
        assert (f"kepala-bidang-{bidang}", "sekretaris") in via
    # Pasal 10 (1), 11 (1): Kepala Sub Bagian under the Sekretaris.
    assert ("kepala-sub-bagian-umum-dan-kepegawaian", "sekretaris") in tree
    # Pasal 24 (2): the functional group answers directly to the Kepala Dinas and coordinatively
    # to the Sekretaris, the Kepala Bidang and the Kepala Sub Bagian.
    assert ("pejabat-fungsional", "kepala-dinas") in tree
    coordinative = {b for a, b in lines(chart, "coord", base) if a == "pejabat-fungsional"}
    assert coordinative == {
        "sekretaris",
        "kepala-bidang-kelembagaan-dan-pengawasan",
        "kepala-bidang-pemberdayaan-koperasi",
        "kepala-bidang-pemberdayaan-usaha-mikro",
        "kepala-sub-bagian-perencanaan-dan-keuangan",
        "kepala-sub-bagian-umum-dan-kepegawaian",
    }


def test_unknown_organisation_has_no_chart(client: TestClient) -> None:
    assert client.get("/orgchart/kab-bekasi/dinas-tidak-ada").status_code == 404
