"""What a harvester (a DCAT-AP portal, a linked-data crawler) needs beyond the data: validators and
304s on a second run, robots.txt and a sitemap, a list of the dumps, N-Quads, browser views of the
service description and VoID, and the catalogue's DCAT-AP metadata (modified, periodicity,
publisher type, contact e-mail, regions and kinds of the loaded regulations)."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from ld_support import DINAS_PATH, WORK_PATH, serve_app
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from sotk_kg.server.conditional import data_version, none_match
from sotk_kg.server.dumps import FORMATS
from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VCARD = "http://www.w3.org/2006/vcard/ns#"
EU = "http://publications.europa.eu/resource/authority/"


def harvested_paths(client: TestClient) -> list[tuple[str, str]]:
    """(path, Accept) of what a harvester fetches: catalogue, VoID, the dump list, every dump."""
    listing = client.get("/dump/", headers={"Accept": "application/json"}).json()["dumps"]
    paths = [
        ("/catalogue", "text/turtle"),
        ("/.well-known/void", "text/turtle"),
        ("/dump/", "application/json"),
        ("/sparql", "text/turtle"),
        ("/sitemap.xml", "*/*"),
    ]
    return paths + [("/dump/" + d["file"], "*/*") for d in listing]


def test_a_harvesters_second_run_gets_304s(client: TestClient) -> None:
    paths = harvested_paths(client)
    assert len(paths) == 5 + 2 * len(FORMATS)  # the whole graph's dumps and the regulation's
    for path, accept in paths:
        first = client.get(path, headers={"Accept": accept})
        assert first.status_code == 200, path
        tag, modified = first.headers["etag"], first.headers["last-modified"]
        assert first.headers["cache-control"].startswith("public"), path
        again = client.get(path, headers={"Accept": accept, "If-None-Match": tag})
        assert (again.status_code, again.content) == (304, b""), path
        assert again.headers["etag"] == tag
        by_date = client.get(path, headers={"Accept": accept, "If-Modified-Since": modified})
        assert by_date.status_code == 304, path
        stale = client.get(path, headers={"Accept": accept, "If-None-Match": 'W/"other"'})
        assert stale.status_code == 200, path


def test_a_dump_keeps_its_exact_checksum_as_tag(client: TestClient) -> None:
    listing = client.get("/dump/", headers={"Accept": "application/json"}).json()["dumps"]
    turtle = next(d for d in listing if d["file"] == "sotk-kg.ttl")
    answer = client.get("/dump/sotk-kg.ttl", headers={"Accept-Encoding": "identity"})
    assert answer.headers["etag"] == f'"{turtle["sha256"]}"'
    again = client.get("/dump/sotk-kg.ttl", headers={"If-None-Match": f'"{turtle["sha256"]}"'})
    assert again.status_code == 304


def test_an_older_date_or_another_negotiation_is_answered_in_full(client: TestClient) -> None:
    first = client.get("/catalogue", headers={"Accept": "text/turtle"})
    modified = datetime.strptime(first.headers["last-modified"], "%a, %d %b %Y %H:%M:%S GMT")
    earlier = format_datetime(modified.replace(tzinfo=UTC) - timedelta(seconds=1), usegmt=True)
    older = client.get(
        "/catalogue", headers={"Accept": "text/turtle", "If-Modified-Since": earlier}
    )
    assert older.status_code == 200
    # the tag names the representation: JSON-LD is another answer than Turtle
    other = client.get(
        "/catalogue",
        headers={"Accept": "application/ld+json", "If-None-Match": first.headers["etag"]},
    )
    assert other.status_code == 200
    assert other.headers["etag"] != first.headers["etag"]


@pytest.fixture(scope="module")
def querying(ld_settings: Settings) -> Iterator[TestClient]:
    """The whole server with its query workers (the lifespan runs)."""
    from sotk_kg.server.app import create_app

    with TestClient(create_app(dataclasses.replace(ld_settings, workers=1))) as client:
        yield client


def test_query_answers_are_validated_unless_the_query_is_not_deterministic(
    querying: TestClient,
) -> None:
    client = querying
    fixed = client.get("/sparql", params={"query": "SELECT (1 AS ?x) {}"})
    assert fixed.status_code == 200
    again = client.get(
        "/sparql",
        params={"query": "SELECT (1 AS ?x) {}"},
        headers={"If-None-Match": fixed.headers["etag"]},
    )
    assert again.status_code == 304
    assert fixed.headers["cache-control"] == "public, no-cache"
    assert fixed.headers["etag"].startswith('W/"')
    for query in ("SELECT (RAND() AS ?x) {}", "SELECT (now () AS ?x) {}"):
        answer = client.get("/sparql", params={"query": query})
        assert answer.status_code == 200
        assert "etag" not in answer.headers, query
    assert "etag" not in client.get("/health").headers


def test_weak_comparison_of_tag_lists() -> None:
    assert none_match('W/"a", "b"', '"b"')
    assert none_match('"a"', 'W/"a"')
    assert none_match("*", 'W/"x"')
    assert not none_match('"ab"', '"a"')


def test_the_data_version_follows_the_files(tmp_path: Path) -> None:
    root = tmp_path / "root"
    for folder in ("ontology", "shapes", "data/graph"):
        shutil.copytree(Settings().root / folder, root / folder)
    settings = dataclasses.replace(Settings(), root=root)
    first = data_version(settings, injected=False)
    assert data_version(settings, injected=False) == first  # a restart keeps the tags
    graph = next((root / "data" / "graph").glob("*.nq"))
    graph.write_bytes(graph.read_bytes() + b"\n")
    later = datetime.now(UTC).timestamp() + 5
    os.utime(graph, (later, later))
    changed = data_version(settings, injected=False)
    assert changed.digest != first.digest
    assert changed.modified > first.modified
    # a store handed in may change unseen: its tags never outlive the process
    assert data_version(settings, True).digest != data_version(settings, True).digest


def test_robots_txt_keeps_crawlers_off_the_endpoint_and_names_the_sitemap(
    client: TestClient, base: str
) -> None:
    text = client.get("/robots.txt").text
    lines = text.splitlines()
    assert "User-agent: *" in lines
    assert {"Disallow: /sparql", "Disallow: /validate", "Disallow: /search"} <= set(lines)
    assert f"Sitemap: {base}/sitemap.xml" in lines


def test_the_sitemap_lists_the_regulation_and_its_organisation(
    client: TestClient, base: str
) -> None:
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    pages = [loc.text for loc in index.iter(SITEMAP + "loc")]
    assert pages == [f"{base}/sitemap-1.xml"]
    urlset = ElementTree.fromstring(client.get("/sitemap-1.xml").content)
    urls = [loc.text or "" for loc in urlset.iter(SITEMAP + "loc")]
    doc_work = base + WORK_PATH.replace("/eli/id/", "/eli/doc/")
    assert doc_work in urls
    assert base + DINAS_PATH.replace("/id/", "/doc/", 1) in urls
    # posts: 1 Kepala Dinas, 1 Sekretaris, 2 Kepala Sub Bagian, 3 Kepala Bidang (Pasal 4)
    posts = [u for u in urls if "/doc/post/" in u]
    assert len(posts) >= 7
    assert all(u.startswith(base + "/") for u in urls)
    assert len(urls) == len(set(urls))
    assert client.get("/sitemap-2.xml").status_code == 404
    for url in urls[:40]:  # each listed page answers
        assert client.get(url[len(base) :], headers={"Accept": "text/html"}).status_code == 200


def test_the_dump_list_for_people_and_programs(client: TestClient, base: str) -> None:
    listing = client.get("/dump/", headers={"Accept": "application/json"}).json()["dumps"]
    for entry in listing:
        body = client.get("/dump/" + entry["file"], headers={"Accept-Encoding": "identity"})
        assert len(body.content) == entry["bytes"]
        assert entry["url"] == f"{base}/dump/{entry['file']}"
    assert {e["file"] for e in listing if e["named_graphs"]} == {
        "sotk-kg.nq.gz",
        "perbup-kab-bekasi-2021-99.nq.gz",
    }
    page = client.get("/dump/", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert all(f'href="/dump/{e["file"]}"' in page.text for e in listing)
    moved = client.get("/dump")
    assert (moved.status_code, moved.headers["location"]) == (301, "/dump/")


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("path", ["/sparql", "/.well-known/void"])
def test_service_description_and_void_are_pages_for_browsers_and_rdf_for_programs(
    client: TestClient, path: str, base: str
) -> None:
    page = client.get(path, headers={"Accept": BROWSER})
    assert page.headers["content-type"].startswith("text/html")
    assert f'href="{base}/sparql"' in page.text or 'href="/sparql"' in page.text
    assert "<pre" in page.text
    for accept in ("*/*", "text/turtle"):
        rdf = client.get(path, headers={"Accept": accept})
        assert rdf.headers["content-type"].startswith("text/turtle"), accept
        Graph().parse(data=rdf.text, format="turtle")


@pytest.fixture(scope="module")
def published(backend: EmbeddedBackend) -> tuple[Graph, Settings]:
    settings = dataclasses.replace(
        Settings(),
        contact_email="data@example.org",
        publisher_type="Academia-ScientificOrganisation",
    )
    client = TestClient(serve_app(settings, backend))
    answer = client.get("/catalogue", headers={"Accept": "text/turtle"})
    return Graph().parse(data=answer.text, format="turtle"), settings


def test_the_catalogue_says_when_the_data_changed_and_how_often(
    published: tuple[Graph, Settings],
) -> None:
    catalogue, settings = published
    catalog = URIRef(f"{settings.base}/catalogue#catalogue")
    modified = catalogue.value(catalog, DCTERMS.modified)
    assert isinstance(modified, Literal) and modified.datatype == XSD.dateTime
    for ds in catalogue.subjects(RDF.type, DCAT.Dataset):
        assert catalogue.value(ds, DCTERMS.modified) == modified
        assert catalogue.value(ds, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/IRREG")


def test_the_catalogue_names_the_publisher_type_and_contact_email(
    published: tuple[Graph, Settings],
) -> None:
    catalogue, settings = published
    publisher = URIRef(f"{settings.base}/catalogue#publisher")
    contact = URIRef(f"{settings.base}/catalogue#contact")
    kind = URIRef("http://purl.org/adms/publishertype/Academia-ScientificOrganisation")
    assert catalogue.value(publisher, DCTERMS.type) == kind
    assert catalogue.value(contact, URIRef(VCARD + "hasEmail")) == URIRef("mailto:data@example.org")


def test_without_an_address_the_catalogue_invents_none(client: TestClient, base: str) -> None:
    catalogue = Graph().parse(data=client.get("/catalogue.ttl").text, format="turtle")
    assert catalogue.value(URIRef(f"{base}/catalogue#contact"), URIRef(VCARD + "hasEmail")) is None


def test_the_catalogue_covers_the_regions_and_kinds_loaded(
    published: tuple[Graph, Settings],
) -> None:
    catalogue, settings = published
    regulation = URIRef(f"{settings.base}/catalogue#dataset-perbup-kab-bekasi-2021-99")
    whole = URIRef(f"{settings.base}/catalogue#dataset-sotk-kg")
    # the seed: Peraturan Bupati Bekasi, jurisdiction Kabupaten Bekasi
    region = URIRef(f"{settings.base}/id/concept/wilayah/kab-bekasi")
    for ds in (regulation, whole):
        assert region in set(catalogue.objects(ds, DCTERMS.spatial))
        keywords = {str(k) for k in catalogue.objects(ds, DCAT.keyword)}
        assert "peraturan bupati" in keywords
        assert "peraturan daerah" not in keywords  # a Perbup is not a Perda
    assert (region, RDF.type, DCTERMS.Location) in catalogue
