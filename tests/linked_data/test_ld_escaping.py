"""Data is text, never markup, wherever a page shows it (the templates autoescape): a label of a
resource, a literal value, a search query echoed back, an unknown path in the 404 page, the boxes
of an organisation chart and the titles of the editor's example queries. Each test puts markup
that would run a script into the data and reads the page back with a parser: the markup must come
back as the text it was, and the page must hold no element it would have made."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
from fastapi.testclient import TestClient
from html_payloads import ATTRIBUTE, SCRIPT, Page, inert_page
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from sotk_kg.server.orgchart import Box, Chart, render_svg
from sotk_kg.server.pages.paths import Links
from sotk_kg.server.pages.resource import ResourcePage
from sotk_kg.server.pages.vocab import ORG
from sotk_kg.server.routes.editor import render_editor
from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend

BASE = "https://w3id.org/sotk-kg"


def assert_inert(html: str, *payloads: str) -> Page:
    """No script or img element in `html`, and each payload in it only as text or a value."""
    page = inert_page(html)
    for payload in payloads:
        assert payload not in html  # never as it was written
        assert any(payload in t for t in page.text + page.attributes), payload
    return page


def test_resource_page_shows_labels_and_literals_as_text() -> None:
    post = f"{BASE}/id/post/kab-contoh/dinas-x/kepala"
    unit = f"{BASE}/id/org/kab-contoh/dinas-x"
    graph = Graph()
    graph.add((URIRef(post), RDF.type, ORG.Post))
    graph.add((URIRef(post), RDFS.label, Literal(f"Kepala {SCRIPT}", lang="id")))
    graph.add((URIRef(post), RDFS.label, Literal(f"Head {ATTRIBUTE}", lang="en")))
    graph.add((URIRef(post), RDFS.comment, Literal(f"{ATTRIBUTE} and {SCRIPT}")))
    graph.add((URIRef(post), ORG.postIn, URIRef(unit)))  # a link whose text is a label
    graph.add((URIRef(unit), RDFS.label, Literal(f"Dinas {SCRIPT}", lang="id")))
    graph.add((URIRef(unit), ORG.hasPost, URIRef(post)))  # an incoming link
    page = ResourcePage(
        EmbeddedBackend(ox.Store()),
        Links(BASE),
        post,
        graph,
        alternates=[(f"/doc/post/x.ttl?a={ATTRIBUTE}", "text/turtle")],
        chart=lambda _organisation: None,
    ).render()
    shown = assert_inert(page, SCRIPT, ATTRIBUTE)
    assert f"Kepala {SCRIPT}" in shown.text  # the title and the h1
    assert f"Dinas {SCRIPT}" in shown.text  # a link's text
    assert f"/doc/post/x.ttl?a={ATTRIBUTE}" in shown.attributes  # an href


def test_search_query_is_echoed_as_text(client: TestClient) -> None:
    query = f"{SCRIPT}{ATTRIBUTE}"
    response = client.get("/search", params={"q": query}, headers={"Accept": "text/html"})
    assert response.status_code == 200
    page = assert_inert(response.text, query)
    assert query in page.attributes  # the search box keeps the query as its value
    assert f"Hasil pencarian / Search results: “{query}”" in "".join(page.text)


def test_unknown_path_is_shown_as_text(client: TestClient) -> None:
    response = client.get(
        "/id/" + SCRIPT.replace("/", "%2F") + "x", headers={"Accept": "text/html"}
    )
    assert response.status_code == 404
    assert_inert(response.text, "<script>alert(1)<")


def test_chart_boxes_are_text_in_the_svg() -> None:
    iri = f"{BASE}/id/post/kab-contoh/dinas-x/kepala?{ATTRIBUTE}"
    chart = Chart({iri: Box(iri, f"Kepala {SCRIPT}", [SCRIPT, ATTRIBUTE])}, [])
    svg = render_svg(chart, Links(BASE), f"Bagan {SCRIPT}")
    root = ET.fromstring(svg)  # well-formed XML: nothing broke out of a text or an attribute
    ns = "{http://www.w3.org/2000/svg}"
    assert not list(root.iter(f"{ns}script"))
    assert root.find(f"{ns}title").text == f"Bagan {SCRIPT}"  # type: ignore[union-attr]
    node = next(g for g in root.iter(f"{ns}g") if g.get("class") == "node")
    assert node.get("data-iri") == iri
    assert [t.text for t in node.iter(f"{ns}text")] == [SCRIPT, ATTRIBUTE]


def test_editor_example_titles_cannot_end_the_script_block(tmp_path: Path) -> None:
    title = f"</script>{SCRIPT}{ATTRIBUTE}"
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "01-x.rq").write_text(
        f"# title: {title}\nSELECT * WHERE {{ ?s ?p ?o }}\n", encoding="utf-8"
    )
    page = render_editor(dataclasses.replace(Settings(), root=tmp_path))
    shown = Page(page)
    # only the two JSON data blocks and the three scripts the page loads
    assert shown.tags.count("script") == 5
    block = page.split('id="example-queries">', 1)[1].split("</script>", 1)[0]
    assert json.loads(block)[0]["title"] == title
    assert "<option" in page and title not in page
    assert title in shown.text  # the option's text
