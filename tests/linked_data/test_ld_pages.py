"""The HTML pages people read: provisions with their text, breadcrumb and parts; posts with duties
by category, superiors and subordinates; the regulation with its contents; search; the ontology.
Expected values are read from data/source/perbup-bekasi-99-2021.txt and ontology/sotk.ttl."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from ld_support import DINAS_PATH, POSTS_PATH, WORK_PATH
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from sotk_kg.settings import Settings

WORK_DOC = "/eli/doc" + WORK_PATH[len("/eli/id") :]
POST_DOCS = "/doc" + POSTS_PATH[len("/id") :]
SOTK = "https://w3id.org/sotk-kg/def/sotk#"


def html_of(client: TestClient, path: str) -> str:
    response = client.get(path, headers={"Accept": "text/html"}, follow_redirects=True)
    assert response.status_code == 200, path
    return response.text


def section(html: str, start: str, end: str = "</section>") -> str:
    """The part of a page from `start` to the next `end`."""
    i = html.index(start)
    return html[i : html.index(end, i)]


def hrefs(fragment: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', fragment)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    return re.sub(r"\s+", " ", "".join(parser.parts))


def test_ayat_page_shows_verbatim_text_and_breadcrumb(client: TestClient) -> None:
    html = html_of(client, f"{WORK_DOC}/pasal/9/ayat/1")
    assert (
        "Sekretariat dipimpin oleh seorang Sekretaris berkedudukan dibawah dan bertanggungjawab "
        "kepada Kepala Dinas." in unescape(html)
    )
    crumbs = hrefs(section(html, '<nav class="breadcrumb"', "</nav>"))
    # Pasal 9 stands in BAB IV, Bagian Ketiga, Paragraf 2 (Sekretariat) of the regulation.
    assert crumbs == [
        WORK_DOC,
        f"{WORK_DOC}/bab/4",
        f"{WORK_DOC}/bab/4/bagian/3",
        f"{WORK_DOC}/bab/4/bagian/3/paragraf/2",
        f"{WORK_DOC}/pasal/9",
    ]


def test_huruf_page_lists_its_angka_with_their_text(client: TestClient) -> None:
    html = html_of(client, f"{WORK_DOC}/pasal/7/ayat/1/huruf/b")
    assert "Sekretariat, membawahkan:" in html
    parts = text_of(section(html, '<section class="text">'))
    assert "Sub Bagian Perencanaan dan Keuangan" in parts
    assert "Sub Bagian Umum dan Kepegawaian" in parts
    assert parts.index("Perencanaan dan Keuangan") < parts.index("Umum dan Kepegawaian")
    crumbs = hrefs(section(html, '<nav class="breadcrumb"', "</nav>"))
    assert crumbs[-2:] == [f"{WORK_DOC}/pasal/7", f"{WORK_DOC}/pasal/7/ayat/1"]


def test_pasal_page_shows_its_ayat_and_the_post_it_sets_up(client: TestClient) -> None:
    html = html_of(client, f"{WORK_DOC}/pasal/9")
    parts = section(html, '<section class="text">')
    for n in range(1, 8):  # Pasal 9 has ayat (1) to (7)
        assert f'href="{WORK_DOC}/pasal/9/ayat/{n}"' in parts
    assert "pembinaan jabatan fungsional" in parts  # ayat (6) huruf j
    posts = section(html, "Jabatan dan unit")
    assert f'href="{POST_DOCS}/sekretaris"' in posts


def duty_groups(html: str) -> dict[str, str]:
    """Duty category slug -> the HTML of that group on a post page."""
    duties = section(html, "<h2>Tugas")
    groups = {}
    for chunk in duties.split("<h3>")[1:]:
        slug = re.search(r"kategori-tugas/([a-z-]+)", chunk)
        assert slug, chunk[:200]
        groups[slug.group(1)] = chunk
    return groups


def test_post_page_lists_duties_by_category_with_their_source(client: TestClient) -> None:
    html = html_of(client, f"{POST_DOCS}/sekretaris")
    groups = duty_groups(html)
    # Pasal 9: tugas pokok (2), fungsi (3) a-d, manajerial (5) a-c, utama (6) a-j, penunjang (7) a-d
    assert list(groups) == [
        "tugas-pokok",
        "fungsi",
        "uraian-tugas-manajerial",
        "uraian-tugas-utama",
        "uraian-tugas-penunjang",
    ]
    counts = {slug: chunk.count("<li>") for slug, chunk in groups.items()}
    assert counts == {
        "tugas-pokok": 1,
        "fungsi": 4,
        "uraian-tugas-manajerial": 3,
        "uraian-tugas-utama": 10,
        "uraian-tugas-penunjang": 4,
    }
    utama = groups["uraian-tugas-utama"]
    assert "pembinaan jabatan fungsional" in utama
    assert f'href="{WORK_DOC}/pasal/9/ayat/6/huruf/j"' in utama
    assert f'href="{WORK_DOC}/pasal/9/ayat/2"' in groups["tugas-pokok"]


def test_post_page_shows_superiors_and_subordinates(client: TestClient) -> None:
    html = html_of(client, f"{POST_DOCS}/kepala-bidang-kelembagaan-dan-pengawasan")
    up = section(html, "<h2>Atasan")
    # Pasal 12 (1): bertanggungjawab kepada Kepala Dinas melalui Sekretaris Dinas.
    assert re.search(
        rf'href="{POST_DOCS}/kepala-dinas">[^<]*</a> <span class="muted">\(langsung', up
    )
    assert re.search(rf'href="{POST_DOCS}/sekretaris">[^<]*</a> <span class="muted">\(melalui', up)
    down = section(html, "<h2>Bawahan")
    # Pasal 13 (1): the Sub Koordinator of Kelembagaan dan Perizinan Koperasi reports to it.
    assert f'href="{POST_DOCS}/sub-koordinator-kelembagaan-dan-perizinan-koperasi"' in down


def test_regulation_page_has_contents_metadata_and_org_chart(client: TestClient, base: str) -> None:
    html = html_of(client, WORK_DOC)
    toc = section(html, '<section class="toc">')
    links = hrefs(toc)
    for n in range(1, 33):  # Pasal 1 to Pasal 32
        assert f"{WORK_DOC}/pasal/{n}" in links
    assert links.index(f"{WORK_DOC}/bab/4") < links.index(f"{WORK_DOC}/pasal/7")
    # text order: Menimbang, Mengingat, the body, then the Lampiran
    order = [f"{WORK_DOC}/{p}" for p in ("menimbang", "mengingat", "bab/1", "bab/6", "lampiran")]
    assert [links.index(x) for x in order] == sorted(links.index(x) for x in order)
    assert "KETENTUAN UMUM" in toc and "ORGANISASI" in toc
    facts = text_of(section(html, '<dl class="meta">', "</dl>"))
    # "Ditetapkan di Cikarang Pusat pada tanggal 29 Desember 2021"; the gazette of the closing line.
    assert "2021-12-29" in facts and "Cikarang Pusat" in facts
    assert "Berita Daerah Kabupaten Bekasi Tahun 2021 Nomor 99" in facts
    # Pasal 31 repeals Perbup Bekasi 91/2020; Mengingat 4 is UU 23/2014.
    assert 'href="/eli/doc/perbup/kab-bekasi/2020/91"' in section(html, "<h2>Mencabut")
    assert 'href="/eli/doc/uu/id/2014/23"' in section(html, "<h2>Dasar hukum")
    cites = section(html, "<h2>Merujuk")
    assert 'href="/doc/dokumen/surat-menteri/061-5875-otda"' in cites  # Menimbang huruf a
    assert "<svg" in section(html, "Bagan struktur organisasi")


def test_organisation_page_lists_units_and_draws_the_chart(client: TestClient) -> None:
    html = html_of(client, "/doc" + DINAS_PATH[len("/id") :])
    units = section(html, "<h2>Unit")
    for slug in (
        "sekretariat",
        "bidang-kelembagaan-dan-pengawasan",
        "bidang-pemberdayaan-koperasi",
        "bidang-pemberdayaan-usaha-mikro",
        "kelompok-jabatan-fungsional",
        "kelompok-jabatan-pelaksana",
    ):
        assert f'href="/doc{DINAS_PATH[len("/id") :]}/{slug}"' in units
    assert '<figure class="orgchart"><svg' in html


def test_search_finds_resources_by_label(client: TestClient) -> None:
    html = html_of(client, "/search?q=sub%20bagian%20umum")
    assert f'href="/doc{DINAS_PATH[len("/id") :]}/sub-bagian-umum-dan-kepegawaian"' in html
    assert f'href="{POST_DOCS}/kepala-sub-bagian-umum-dan-kepegawaian"' in html
    nothing = html_of(client, "/search?q=zzzz-tidak-ada")
    assert "Tidak ada hasil" in nothing


@pytest.mark.parametrize("query", ['" } UNION { ?s ?p ?o', "\\", "<script>alert(1)</script>"])
def test_search_text_is_data_not_code(client: TestClient, query: str) -> None:
    response = client.get("/search", params={"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.text


def test_pages_are_accessible_plain_html(client: TestClient) -> None:
    for path in (WORK_DOC, f"{POST_DOCS}/sekretaris", "/def/sotk", "/catalogue", "/search?q=a"):
        html = html_of(client, path)
        assert '<html lang="id">' in html
        assert html.count("<h1>") == 1
        assert '<a class="skip" href="#main">' in html
        assert '<label for="q">' in html
        assert "<script" not in html


def test_ontology_page_documents_every_class_in_both_languages(
    client: TestClient, ld_settings: Settings
) -> None:
    onto = Graph().parse(ld_settings.ontology_dir / "sotk.ttl")
    html = unescape(html_of(client, "/def/sotk"))
    classes = [c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(SOTK)]
    assert classes
    for cls in classes:
        local = str(cls)[len(SOTK) :]
        block = section(html, f'<article id="{local}">', "</article>")
        for label in onto.objects(cls, RDFS.label):
            assert isinstance(label, Literal) and str(label) in block
        for comment in onto.objects(cls, RDFS.comment):
            assert str(comment) in block
    alignments = section(html, '<section id="alignments">')
    # docs/model.md: sotk:Pasal is an ELI subdivision; the direct line is an org:reportsTo.
    assert re.search(
        r"sotk:Pasal</a></td><td>rdfs:subClassOf</td><td><a [^>]*>eli:LegalResourceSubdivision",
        alignments,
    )
    assert (URIRef(SOTK + "reportsDirectlyTo"), RDFS.subPropertyOf, None) in onto
    assert re.search(
        r"sotk:reportsDirectlyTo</a></td><td>rdfs:subPropertyOf</td><td><a [^>]*>org:reportsTo",
        alignments,
    )
