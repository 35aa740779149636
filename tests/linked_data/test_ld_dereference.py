"""Every kind of IRI the graph mints answers: 303 to its document, which is negotiated into HTML
or RDF that describes that IRI. IRIs follow docs/model.md for Perbup Bekasi 99/2021."""

from __future__ import annotations

import gzip
import json

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from ld_support import DINAS_PATH, POSTS_PATH, WORK_PATH, build_store, serve_app
from rdflib import Graph, URIRef

from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend

# One IRI path of each kind, named in the regulation's text.
SAMPLE_PATHS = {
    "regulation": WORK_PATH,
    "expression": f"{WORK_PATH}/ind",
    "bab": f"{WORK_PATH}/bab/4",  # BAB IV ORGANISASI
    "pasal": f"{WORK_PATH}/pasal/9",
    "ayat": f"{WORK_PATH}/pasal/9/ayat/1",  # Sekretariat dipimpin oleh seorang Sekretaris …
    "cited regulation": "/eli/id/uu/id/2014/23",  # Mengingat 4: UU 23/2014
    "repealed regulation": "/eli/id/perbup/kab-bekasi/2020/91",  # Pasal 31
    "region": "/id/org/kab-bekasi",
    "perangkat daerah": DINAS_PATH,
    "unit": f"{DINAS_PATH}/sekretariat",
    "region post": "/id/post/kab-bekasi/bupati",
    "post": f"{POSTS_PATH}/sekretaris",
    "duty": "/id/tugas/perbup/kab-bekasi/2021/99/pasal/9/ayat/2",  # tugas pokok of Sekretaris
    "definition": "/id/definisi/perbup/kab-bekasi/2021/99/rpjpd",  # Pasal 1 angka 12
    "shared concept": "/id/concept/kategori-tugas/tugas-pokok",
    "named graph": "/graph/perbup/kab-bekasi/2021/99",
    "build activity": "/activity/build/perbup/kab-bekasi/2021/99",
    "source text": f"{WORK_PATH}/ind/txt",
    "menimbang": f"{WORK_PATH}/menimbang/huruf/a",
    "lampiran": f"{WORK_PATH}/lampiran",  # the Bagan Struktur Organisasi
    "kewenangan": "/id/kewenangan/perbup/kab-bekasi/2021/99/pasal/2/ayat/2/huruf/a",
    "reporting line": "/id/hubungan/perbup/kab-bekasi/2021/99/pasal/9/ayat/1",
    "person": "/id/orang/kab-bekasi/akhmad-marjuki",  # the signer (Plt. Bupati)
    "cited document": "/id/dokumen/surat-menteri/061-5875-otda",  # Menimbang huruf a
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


def vary_values(response: Response) -> set[str]:
    """The field names of the Vary header (the gzip middleware adds Accept-Encoding)."""
    return {v.strip() for v in response.headers.get("vary", "").split(",") if v.strip()}


@pytest.mark.parametrize("kind", sorted(SAMPLE_PATHS))
def test_thing_iri_redirects_303_to_its_document(client: TestClient, kind: str) -> None:
    path = SAMPLE_PATHS[kind]
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 303
    # The pattern of docs/linked-data.md, written out.
    thing, doc = next(
        (t, d)
        for t, d in (
            ("/eli/id/", "/eli/doc/"),
            ("/id/", "/doc/"),
            ("/graph/", "/doc/graph/"),
            ("/activity/", "/doc/activity/"),
        )
        if path.startswith(t)
    )
    assert response.headers["location"] == doc + path[len(thing) :]


@pytest.mark.parametrize("media_type", sorted(RDF_TYPES))
@pytest.mark.parametrize("kind", sorted(SAMPLE_PATHS))
def test_document_in_every_rdf_format_describes_the_iri(
    client: TestClient, base: str, kind: str, media_type: str
) -> None:
    path = SAMPLE_PATHS[kind]
    response = client.get(path, headers={"Accept": media_type}, follow_redirects=True)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in vary_values(response)
    graph = Graph().parse(data=response.content, format=RDF_TYPES[media_type])
    iri = URIRef(base + path)
    assert (iri, None, None) in graph or (None, None, iri) in graph
    if kind != "shared concept":  # the concept only appears as an object in the data graphs
        assert (iri, None, None) in graph


@pytest.mark.parametrize("kind", sorted(SAMPLE_PATHS))
def test_html_page_names_the_iri(client: TestClient, base: str, kind: str) -> None:
    response = client.get(
        SAMPLE_PATHS[kind], headers={"Accept": "text/html"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f"<code>{base}{SAMPLE_PATHS[kind]}</code>" in response.text


def test_document_headers_name_representations(client: TestClient, base: str) -> None:
    doc = f"/doc{SAMPLE_PATHS['post'][3:]}"
    response = client.get(doc, headers={"Accept": "application/ld+json"})
    assert response.headers["content-location"] == f"{doc}.jsonld"
    link = response.headers["link"]
    for ext, media_type in (
        ("ttl", "text/turtle"),
        ("html", "text/html"),
        ("rdf", "application/rdf+xml"),
    ):
        assert f'<{doc}.{ext}>; rel="alternate"; type="{media_type}"' in link
    assert f'<{base}{SAMPLE_PATHS["post"]}>; rel="describes"' in link
    json.loads(response.content)  # JSON-LD is JSON


def test_extension_and_format_parameter_override_accept(client: TestClient) -> None:
    doc = f"/eli/doc{WORK_PATH[len('/eli/id') :]}"
    by_ext = client.get(doc + ".ttl", headers={"Accept": "text/html"})
    assert by_ext.headers["content-type"].startswith("text/turtle")
    by_param = client.get(doc + "?format=nt", headers={"Accept": "text/html"})
    assert by_param.headers["content-type"].startswith("application/n-triples")
    # the parameter survives the 303
    redirect = client.get(WORK_PATH + "?format=jsonld")
    assert redirect.headers["location"].endswith("?format=jsonld")
    assert client.get(doc + "?format=docx").status_code == 400


def test_browser_accept_gets_html_and_unknown_types_get_406(client: TestClient) -> None:
    doc = "/doc/org/kab-bekasi"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert (
        client.get(doc, headers={"Accept": browser}).headers["content-type"].startswith("text/html")
    )
    assert client.get(doc, headers={"Accept": "image/png"}).status_code == 406


def test_unknown_iri_is_404_with_a_search_suggestion(client: TestClient) -> None:
    response = client.get(f"{POSTS_PATH}/kepala-seksi-tidak-ada", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert 'role="search"' in response.text
    assert "/search?q=kepala%20seksi%20tidak%20ada" in response.text
    assert "Accept" in vary_values(response)  # the 404 too depends on Accept (HTML or text)
    plain = client.get("/doc/org/tidak-ada", headers={"Accept": "text/turtle"})
    assert plain.status_code == 404 and "Accept" in vary_values(plain)


def test_unknown_path_outside_the_iri_space_gets_the_html_404_for_browsers(
    client: TestClient,
) -> None:
    page = client.get("/tidak/ada/halaman", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert 'role="search"' in page.text and "/search?q=halaman" in page.text
    machine = client.get("/tidak/ada/halaman", headers={"Accept": "application/json"})
    assert machine.status_code == 404 and machine.json() == {"detail": "Not Found"}


def test_ontology_iri_serves_html_for_browsers_and_turtle_for_machines(
    client: TestClient, ld_settings: Settings
) -> None:
    html = client.get("/def/sotk", headers={"Accept": "text/html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    turtle = client.get("/def/sotk", headers={"Accept": "text/turtle"})
    assert turtle.content == (ld_settings.ontology_dir / "sotk.ttl").read_bytes()
    graph = Graph().parse(data=client.get("/def/sotk.jsonld").content, format="json-ld")
    ontology = URIRef("https://w3id.org/sotk-kg/def/sotk")
    assert (ontology, None, None) in graph
    # the version IRI of docs/model.md answers with the same document
    assert (
        client.get("/def/sotk/0.1.0", headers={"Accept": "text/turtle"}).content == turtle.content
    )


@pytest.mark.parametrize("path", ["/def/server", "/def/server/0.1.0"])
def test_server_vocabulary_is_served_like_the_ontology(
    client: TestClient, ld_settings: Settings, path: str
) -> None:
    """ontology/server.ttl declares <…/def/server> (the Service Description's limits)."""
    source = ld_settings.ontology_dir / "server.ttl"
    turtle = client.get(path, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.content == source.read_bytes()
    html = client.get(path, headers={"Accept": "text/html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    declared = Graph().parse(source, format="turtle")
    srv = "https://w3id.org/sotk-kg/def/server#"
    terms = {str(s)[len(srv) :] for s in declared.subjects() if str(s).startswith(srv)}
    assert "queryTimeoutSeconds" in terms
    for term in terms:
        assert f'<article id="{term}">' in html.text and f"<code>srv:{term}</code>" in html.text


def test_a_deploy_base_changes_every_iri_without_code_changes() -> None:
    """Under another public domain the same routes answer with IRIs minted under that base."""
    settings = Settings(base="https://sotk.example.id")
    client = TestClient(serve_app(settings, EmbeddedBackend(build_store(settings))))
    response = client.get(f"{POSTS_PATH}/sekretaris", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="turtle")
    assert (URIRef(f"https://sotk.example.id{POSTS_PATH}/sekretaris"), None, None) in graph
    assert "https://w3id.org/sotk-kg/id/" not in response.text
    # the catalogue's download URLs follow the base too
    dump = client.get("/dump/sotk-kg.nt.gz")
    assert dump.status_code == 200
    assert b"<https://sotk.example.id/eli/id/perbup/kab-bekasi/2021/99>" in gzip.decompress(
        dump.content
    )


@pytest.mark.parametrize(
    "path",
    [
        "/id/org/a%3Eb",
        "/doc/org/a%20b",
        "/eli/id/x%22%7D",
        "/orgchart/a%3C%3E",
        # bytes that are not UTF-8 (decoded as U+FFFD), an overlong "/", NUL, DEL, controls
        "/doc/org/%FF",
        "/id/org/%FF",
        "/eli/id/%FF",
        "/eli/doc/%FF",
        "/graph/%FF",
        "/activity/%FF",
        "/orgchart/%FF",
        "/doc/org/%C0%AF",
        "/id/org/%00",
        "/doc/org/a%7Fb",
        "/doc/org/a%0Ab",
        "/doc/org/%EF%BF%BD",
        "/doc/graph/%ED%A0%80",  # an encoded surrogate
    ],
)
@pytest.mark.parametrize("accept", ["text/turtle", "text/html"])
def test_paths_that_are_not_iris_are_404_not_errors(
    client: TestClient, path: str, accept: str
) -> None:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 404, response.text


def test_a_malformed_trusted_query_is_a_client_error_not_a_500(backend: EmbeddedBackend) -> None:
    """The second line of defence: an IRI that passed the checks but that the engine refuses is
    QueryRejected (answered 400), not the engine's SyntaxError (a 500)."""
    from sotk_kg.store.backend import QueryRejected

    with pytest.raises(QueryRejected):
        backend.ask("ASK { <https://w3id.org/sotk-kg/id/\u0000> ?p ?o }")


def test_shapes_namespace_is_documented(client: TestClient, ld_settings: Settings) -> None:
    shapes = Graph()
    for path in sorted(ld_settings.shapes_dir.glob("*.ttl")):
        shapes.parse(path)
    sh = "http://www.w3.org/ns/shacl#"
    names = [
        str(s)
        for s in shapes.subjects(
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(sh + "NodeShape")
        )
        if str(s).startswith("https://w3id.org/sotk-kg/def/shapes#")
    ]
    assert names
    html = client.get("/def/shapes", headers={"Accept": "text/html"}).text
    for name in names:
        assert f'<article id="{name.rsplit("#", 1)[1]}">' in html
    served = Graph().parse(data=client.get("/def/shapes.ttl").content, format="turtle")
    assert all((URIRef(n), None, None) in served for n in names)
