"""The organisation chart's layout on every regulation the tests hold (the seed and each fixture
of tests/fixtures: Dinas, Badan, Kecamatan, Satpol PP, Sekretariat DPRD, two Badan in one text,
OCR'd texts): no wider than a 1366-px screen's page column, no line through a box it does not
join, every box inside the drawing, and siblings in the regulation's order."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from chart_geometry import SVG, boxes, crossings, lines
from fastapi.testclient import TestClient
from fixture_graphs import TEXTS, backend_of
from ld_support import DINAS_PATH, POSTS_PATH

from sotk_kg.server.orgchart import GAP, MAX_W, org_chart_svg
from sotk_kg.server.pages.paths import Links
from sotk_kg.server.pages.vocab import SPARQL_PROLOGUE
from sotk_kg.settings import Settings

# Of the 18 texts, all have posts but perbup-contoh-2024-4 (title and closing only) and the 4
# amending acts, which set up no organisation of their own (tests/fixtures/README.md).
DRAWN = 13
AMENDING = 4
# Inside the chart's frame on a 1366-px screen: the main column (70rem = 1120 px) less its padding
# (2 x 16 px) and the frame's (2 x 8 px and its 1-px border).
SCREEN_COLUMN = 1120 - 32 - 16 - 2


def charts_of(text: Path, base: str) -> list[ET.Element]:
    """The chart of every perangkat daerah the text sets up (none when it sets up no post: an
    excerpt of the title and closing parts)."""
    backend = backend_of(text, base)
    rows = backend.select(
        SPARQL_PROLOGUE + "SELECT DISTINCT ?o { GRAPH ?g { ?o a sotk:PerangkatDaerah } }"
    )
    posts = backend.select(
        SPARQL_PROLOGUE + "SELECT ?p { GRAPH ?g { ?p org:postIn ?u . "
        "?u org:subOrganizationOf* ?o . ?o a sotk:PerangkatDaerah } } LIMIT 1"
    )
    found = []
    for row in rows:
        svg = org_chart_svg(backend, Links(base), str(row["o"]))
        if svg:
            found.append(ET.fromstring(svg))
    assert bool(found) == bool(posts), text.name
    return found


def check(chart: ET.Element) -> None:
    width, height = float(chart.get("width", "0")), float(chart.get("height", "0"))
    assert width <= MAX_W + 2 * GAP <= SCREEN_COLUMN
    drawn = boxes(chart)
    assert drawn
    for box in drawn.values():
        assert box.x >= 0 and box.y >= 0
        assert box.x + box.w <= width and box.y + box.h <= height
    assert crossings(chart) == []


@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.stem)
def test_every_fixture_chart_fits_and_no_line_crosses_a_box(text: Path, base: str) -> None:
    charts = charts_of(text, base)
    for chart in charts:
        check(chart)


def test_the_seed_chart_fits_and_routes_its_dotted_lines_around_boxes(client: TestClient) -> None:
    chart = ET.fromstring(client.get("/orgchart" + DINAS_PATH[len("/id/org") :]).content)
    check(chart)
    kinds = {line.kind for line in lines(chart)}
    assert kinds == {"tree", "via", "coord"}
    # Pasal 24 (2): six coordinative lines from the functional group, none through a box
    assert sum(1 for line in lines(chart) if line.kind == "coord") == 6


def test_sub_koordinator_stand_in_pasal_order(client: TestClient, ld_settings: Settings) -> None:
    """Pasal 12 (4) names them a. Kelembagaan dan Perizinan Koperasi, b. Keanggotaan dan
    Penerapan Peraturan Koperasi, c. Pengawasan, Pemeriksaan dan Penilaian Kesehatan Koperasi
    (the alphabet would put Keanggotaan first); Pasal 7 (1) c-e the three Bidang in this order."""
    chart = ET.fromstring(client.get("/orgchart" + DINAS_PATH[len("/id/org") :]).content)
    drawn = boxes(chart)
    posts = ld_settings.base + POSTS_PATH + "/"

    def top_down(*slugs: str) -> list[float]:
        return [drawn[posts + s].y for s in slugs]

    def left_right(*slugs: str) -> list[float]:
        return [drawn[posts + s].x for s in slugs]

    ys = top_down(
        "sub-koordinator-kelembagaan-dan-perizinan-koperasi",
        "sub-koordinator-keanggotaan-dan-penerapan-peraturan-koperasi",
        "sub-koordinator-pengawasan-pemeriksaan-dan-penilaian-kesehatan-koperasi",
    )
    assert ys == sorted(ys) and len(set(ys)) == 3
    xs = left_right(
        "kepala-bidang-kelembagaan-dan-pengawasan",
        "kepala-bidang-pemberdayaan-koperasi",
        "kepala-bidang-pemberdayaan-usaha-mikro",
    )
    assert xs == sorted(xs) and len(set(xs)) == 3


def test_the_fixtures_draw_charts() -> None:
    drawn = [t for t in TEXTS if charts_of(t, "https://w3id.org/sotk-kg")]
    amending = [t for t in TEXTS if amends(t, "https://w3id.org/sotk-kg")]
    assert len(amending) == AMENDING and not set(amending) & set(drawn)
    assert len(drawn) == len(TEXTS) - 1 - AMENDING == DRAWN


def amends(text: Path, base: str) -> bool:
    """Whether the text is an amending act (its graph holds amendment instructions)."""
    return bool(
        backend_of(text, base).select(
            SPARQL_PROLOGUE + "SELECT ?i { GRAPH ?g { ?i a sotk:AmendmentInstruction } } LIMIT 1"
        )
    )


def test_a_superior_heading_another_body_is_shown_with_it(base: str) -> None:
    """The RSUD's Direktur answers to the Kepala Dinas Kesehatan (Pasal 2 (2)): in the RSUD's
    chart its box names the Dinas it leads, as the boxes of this regulation's heads name theirs."""
    rsud = next(t for t in TEXTS if t.name == "perwal-contoh-2022-42-rsud.txt")
    backend = backend_of(rsud, base)
    chart = ET.fromstring(
        org_chart_svg(backend, Links(base), f"{base}/id/org/kota-tirtajaya/rumah-sakit-umum-daerah")
    )
    head = f"{base}/id/post/kota-tirtajaya/dinas-kesehatan/kepala-dinas"
    (node,) = [g for g in chart.iter(f"{SVG}g") if g.get("data-iri") == head]
    text = " ".join(" ".join(node.itertext()).split())
    assert "KEPALA DINAS (Dinas Kesehatan Kota Tirtajaya)" in text
