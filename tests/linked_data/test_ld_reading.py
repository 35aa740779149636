"""The reading view of a regulation (its text in order, with numbers and anchors), a Pasal's
previous/next links, "cite this", the text as text/plain, and the home page. Expected values are
read from data/source/perbup-bekasi-99-2021.txt: Menimbang a-b, Mengingat 1-13 (1: UU 14/1950,
4: UU 23/2014, 13: Perda Kabupaten Bekasi 6/2016), Pasal 1-32, Pasal 7 (1) a "Kepala Dinas;"."""

from __future__ import annotations

import hashlib
import re
from html import unescape
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from fixture_graphs import FIXTURES, TEXTS, backend_of
from ld_support import WORK_PATH
from test_ld_pages import WORK_DOC, hrefs, html_of, section, text_of

from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.segment import roman_to_int
from sotk_kg.server.pages import describe, reading, views
from sotk_kg.server.pages.paths import Links
from sotk_kg.server.pages.resource import ResourcePage
from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend

SOURCE = Path(__file__).resolve().parents[2] / "data" / "source" / "perbup-bekasi-99-2021.txt"
MENGINGAT = [  # the works of Mengingat 1-13, in the text's order
    "uu/id/1950/14", "uu/id/2011/12", "uu/id/2014/5", "uu/id/2014/23", "uu/id/2014/30",
    "pp/id/2016/18", "permendagri/id/2015/80", "permendagri/id/2017/5", "permenpanrb/id/2018/41",
    "permendagri/id/2019/90", "permenpanrb/id/2021/17", "kepmendagri/id/2020/050-3708",
    "perda/kab-bekasi/2016/6",
]  # fmt: skip


def ids_in_order(html: str, pattern: str) -> list[str]:
    return re.findall(rf'id="({pattern})"', html)


def test_the_regulation_page_shows_every_pasal_in_order_with_its_anchor(client: TestClient) -> None:
    html = html_of(client, WORK_DOC)
    text = section(html, '<section class="text" id="text">', "</div></section>")
    assert ids_in_order(text, r"pasal-\d+") == [f"pasal-{n}" for n in range(1, 33)]
    # the parts in the text's order, Menimbang and Mengingat first, with their numbers
    tops = ids_in_order(text, r"menimbang|mengingat|bab-\d|lampiran")
    assert tops == ["menimbang", "mengingat", *(f"bab-{n}" for n in range(1, 7)), "lampiran"]
    items = ids_in_order(text, r"mengingat-angka-\d+")
    assert items == [f"mengingat-angka-{n}" for n in range(1, 14)]
    words = unescape(text_of(text))
    assert "a. bahwa dengan telah dikeluarkannya Surat Menteri Dalam Negeri" in words
    assert "13. Peraturan Daerah Kabupaten Bekasi Nomor 6 Tahun 2016" in words
    # BAB II, its heading, Bagian Kesatu, Pasal 2 (1): "Dinas menyelenggarakan urusan …"
    assert re.search(r"BAB II ?KEWENANGAN.*Bagian Kesatu ?Kewenangan.*Pasal 2 ?\(1\) Dinas "
                     r"menyelenggarakan urusan pemerintahan wajib", words)  # fmt: skip
    assert "(1) Organisasi Dinas terdiri dari: a. Kepala Dinas; b. Sekretariat, membawahkan: " \
        "1. Sub Bagian Perencanaan dan Keuangan;" in words  # fmt: skip
    # a part is headed by its own label, not its parent's again ("BAB IV Bagian Ketiga")
    assert f'href="{WORK_DOC}/bab/4/bagian/3">Bagian Ketiga</a>' in text
    # every part links to its own page
    assert f'href="{WORK_DOC}/pasal/7/ayat/1/huruf/b/angka/2"' in text


def test_the_legal_bases_are_listed_in_mengingat_order(client: TestClient) -> None:
    html = html_of(client, WORK_DOC)
    listed = hrefs(section(html, "<h2>Dasar hukum"))
    assert listed == [f"/eli/doc/{w}" for w in MENGINGAT]


def test_a_pasal_links_to_the_pasal_before_and_after_it(client: TestClient) -> None:
    nav = section(html_of(client, f"{WORK_DOC}/pasal/7"), '<nav class="pasal-nav"', "</nav>")
    assert re.search(rf'rel="prev" href="{WORK_DOC}/pasal/6"', nav)
    assert re.search(rf'rel="next" href="{WORK_DOC}/pasal/8"', nav)
    assert f'href="{WORK_DOC}#pasal-7"' in nav  # back to it in the full text
    first = section(html_of(client, f"{WORK_DOC}/pasal/1"), '<nav class="pasal-nav"', "</nav>")
    assert 'rel="prev"' not in first and f'rel="next" href="{WORK_DOC}/pasal/2"' in first
    last = section(html_of(client, f"{WORK_DOC}/pasal/32"), '<nav class="pasal-nav"', "</nav>")
    assert 'rel="next"' not in last and f'rel="prev" href="{WORK_DOC}/pasal/31"' in last
    # text order, not the IRIs' ("pasal/10" sorts before "pasal/9")
    nav10 = section(html_of(client, f"{WORK_DOC}/pasal/10"), '<nav class="pasal-nav"', "</nav>")
    assert f'rel="prev" href="{WORK_DOC}/pasal/9"' in nav10


def test_cite_this_names_the_regulation_and_the_provision(client: TestClient, base: str) -> None:
    html = html_of(client, f"{WORK_DOC}/pasal/7/ayat/1/huruf/a")
    cite = text_of(section(html, '<section class="cite">'))
    assert "Peraturan Bupati Bekasi Nomor 99 Tahun 2021, Pasal 7 ayat (1) huruf a" in cite
    assert "Regent Regulation of Kabupaten Bekasi No. 99 of 2021, Article 7 paragraph (1) " \
        "point a" in cite  # fmt: skip
    assert f"{base}{WORK_PATH}/pasal/7/ayat/1/huruf/a" in cite
    whole = text_of(section(html_of(client, WORK_DOC), '<section class="cite">'))
    assert "Peraturan Bupati Bekasi Nomor 99 Tahun 2021" in whole and base + WORK_PATH in whole


def test_the_text_is_served_as_text_plain_and_n_triples_stays(client: TestClient) -> None:
    published = SOURCE.read_bytes()
    by_accept = client.get(WORK_DOC, headers={"Accept": "text/plain"})
    assert by_accept.status_code == 200 and by_accept.content == published
    assert by_accept.headers["content-type"].startswith("text/plain")
    assert by_accept.headers["content-location"] == WORK_DOC + ".txt"
    assert client.get(WORK_DOC + ".txt").content == published
    assert client.get(WORK_DOC, params={"format": "txt"}).content == published
    thing = client.get(WORK_PATH, headers={"Accept": "text/plain"}, follow_redirects=True)
    assert thing.content == published
    triples = client.get(WORK_DOC, headers={"Accept": "application/n-triples"})
    assert triples.headers["content-type"].startswith("application/n-triples")
    assert triples.text.startswith("<") and " .\n" in triples.text  # N-Triples, not the text
    assert client.get(WORK_DOC + ".nt").content == triples.content
    # the page links to it; a provision has no text of its own to download
    assert f'href="{WORK_DOC}.txt"' in html_of(client, WORK_DOC)
    assert client.get(f"{WORK_DOC}/pasal/7.txt").status_code == 404
    # a work the graph only cites (Mengingat 4, UU 23/2014) has no text here
    assert client.get("/eli/doc/uu/id/2014/23.txt").status_code == 404
    cited = html_of(client, "/eli/doc/uu/id/2014/23")
    assert 'href="#text"' not in cited and ".txt" not in cited
    assert 'href="#text"' in html_of(client, WORK_DOC)
    pasal = client.get(f"{WORK_DOC}/pasal/7", headers={"Accept": "text/plain"})
    assert pasal.headers["content-type"].startswith("application/n-triples")


def test_without_the_source_file_the_text_comes_from_the_graph(
    backend: EmbeddedBackend, ld_settings: Settings
) -> None:
    tree = views.provision_tree(backend, ld_settings.base + WORK_PATH)
    text = reading.plain_text(tree)
    lines = text.splitlines()
    i = lines.index("Pasal 7")
    assert lines[i + 1 : i + 4] == [
        "(1) Organisasi Dinas terdiri dari:",
        "    a. Kepala Dinas;",
        "    b. Sekretariat, membawahkan:",
    ]
    assert lines[i + 4] == "        1. Sub Bagian Perencanaan dan Keuangan;"
    assert text.index("Mengingat") < text.index("BAB I") < text.index("Pasal 32")


def test_source_texts_are_found_by_checksum_and_not_served_once_edited(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"PERATURAN A\n")
    texts = reading.SourceTexts([tmp_path, tmp_path / "missing"])
    sha = hashlib.sha256(b"PERATURAN A\n").hexdigest()
    assert texts.find(["0" * 64, sha]) == b"PERATURAN A\n"
    (tmp_path / "a.txt").write_bytes(b"EDITED\n")  # no longer the text the graph names
    assert texts.find([sha]) is None


def test_an_official_copy_is_linked_where_the_graph_names_one() -> None:
    store = ox.Store()
    eli = "http://data.europa.eu/eli/ontology#"
    work, expr = "https://x.example/eli/id/w", "https://x.example/eli/id/w/ind"
    g = ox.NamedNode("https://x.example/graph/w")
    for s, p, o in (
        (work, "http://purl.org/dc/terms/source", "https://jdih.example/perbup-1.pdf"),
        (work, eli + "is_realized_by", expr),
        (expr, eli + "is_embodied_by", "https://x.example/eli/id/w/ind/txt"),  # our own file
        (expr, eli + "is_embodied_by", "https://peraturan.example/w.pdf"),
    ):
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), g))
    found = views.official_copies(EmbeddedBackend(store), work, "https://x.example/")
    assert found == ["https://jdih.example/perbup-1.pdf", "https://peraturan.example/w.pdf"]


def test_the_home_page_links_every_way_in_and_each_link_works(
    client: TestClient, ld_settings: Settings
) -> None:
    home = client.get("/", headers={"Accept": "text/html"})
    assert home.status_code == 200 and '<html lang="id">' in home.text
    main = section(home.text, '<main id="main">', "</main>")
    links = set(hrefs(main))
    wanted = {
        WORK_DOC, WORK_DOC + ".txt", "/sparql-editor", "/sparql", "/catalogue",
        "/.well-known/void", "/dump/", "/def/sotk", "/def/shapes", "/validate", "/docs",
        "/orgchart/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah",
    }  # fmt: skip
    assert wanted <= links and 'action="/search"' in main
    assert "Peraturan Bupati Bekasi Nomor 99 Tahun 2021" in main
    assert "<script" not in home.text  # a page of text: no JavaScript needed
    for href in sorted(links):
        if href.startswith("/"):
            answer = client.get(href, headers={"Accept": "text/html"}, follow_redirects=True)
            assert answer.status_code == 200, href
    worked = [h for h in links if h.startswith("/sparql-editor?example=")]
    assert len(worked) == len(list(ld_settings.queries_dir.glob("*.rq"))) == 20


def test_the_home_page_names_each_regulation_as_its_own_graph_does(base: str) -> None:
    """Perwal Sukamaju 15/2024 cites 7/2023 as "Peraturan Walikota Sukamaju Nomor 7 Tahun 2023" and
    labels it in English from those words; the list shows 7/2023's own label."""
    store = ox.Store()
    for name in ("perwal-contoh-2023-7.txt", "perwal-contoh-2024-15-perubahan.txt"):
        built = build_graph((FIXTURES / name).read_text(encoding="utf-8"), name, base)
        store.load(built.nquads().encode(), ox.RdfFormat.N_QUADS)
    found = {r.iri: r.label_en for r in views.regulations(EmbeddedBackend(store))}
    assert found[f"{base}/eli/id/perwal/kota-sukamaju/2023/7"] == (
        "Mayor Regulation of Kota Sukamaju No. 7 of 2023"
    )


def test_an_editor_link_to_the_old_address_reaches_the_editor(client: TestClient) -> None:
    moved = client.get("/", params={"query": "ASK {}"})
    assert moved.status_code == 301
    assert moved.headers["location"] == "/sparql-editor?query=ASK+%7B%7D"
    editor = client.get(moved.headers["location"])
    assert editor.status_code == 200 and 'id="known-prefixes"' in editor.text
    assert "static/editor/prefixes.js" in editor.text


def test_a_home_page_without_regulations_says_so() -> None:
    from sotk_kg.server.pages import home
    from sotk_kg.server.pages.paths import Links

    html = home.render(Links("https://x.example"), [], [])
    assert "Belum ada peraturan yang dimuat." in html and "(0)" in html
    assert 'href="/sparql-editor"' in html and "Contoh kueri" not in html  # no worked queries


def test_list_markers_are_read_as_the_provision_they_number(client: TestClient) -> None:
    html = html_of(client, f"{WORK_DOC}/pasal/7")
    assert 'aria-label="Pasal 7 ayat (1) huruf b">b.</a>' in html


@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.stem)
def test_every_fixture_reads_its_pasal_in_order(text: Path, base: str) -> None:
    """Each fixture's Pasal are numbered 1..N once each, in order (tests/fixtures/README.md; an
    amending act's own Pasal are I and II, in Roman numerals): the reading view shows them so, and
    the plain text too."""
    backend = backend_of(text, base)
    (regulation,) = views.regulations(backend)
    graph = describe.describe(backend, regulation.iri)
    html = ResourcePage(backend, Links(base), regulation.iri, graph, [], lambda o: None).render()
    ids = re.findall(r'<section id="pasal-(\d+|[ivxlc]+)"', html)
    shown = [int(n) if n.isdigit() else roman_to_int(n.upper()) for n in ids]
    assert shown == list(range(1, len(shown) + 1)) and len(shown) >= 2
    text_lines = reading.plain_text(views.provision_tree(backend, regulation.iri)).splitlines()
    numbers = [x[6:] for x in text_lines if re.fullmatch(r"Pasal (\d+|[IVXLC]+)", x)]
    assert [int(n) if n.isdigit() else roman_to_int(n) for n in numbers] == shown
