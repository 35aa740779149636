"""Remote mode in front of Virtuoso, over HTTP: `sotk-kg serve --remote-query` on the seed graph
bulk-loaded into a Virtuoso of the test's own answers the catalogue, VoID, the dumps, the
linked-data pages, the search, /validate and the editor as the embedded store does (before,
the catalogue and dumps failed at start-up: Virtuoso answered their CONSTRUCT with result rows)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from liveserver import LiveServer
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings
from sotk_kg.store.load import with_versions
from sotk_kg.store.virtuoso import VirtuosoServer, bulk_load

pytestmark = pytest.mark.virtuoso

ROSTER = Path(__file__).resolve().parent.parent / "shapes" / "fixtures" / "rosters"
KEPALA_DINAS = "/id/post/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah/kepala-dinas"
TURTLE = {"Accept": "text/turtle"}


@pytest.fixture(scope="module")
def seed_settings() -> Settings:
    return dataclasses.replace(Settings(), base=DEFAULT_BASE, workers=2)


@pytest.fixture(scope="module")
def servers(virtuoso: VirtuosoServer, seed_settings: Settings) -> Iterator[tuple[str, str]]:
    """(embedded, remote) base URLs of two servers of the same seed graph."""
    bulk_load(with_versions(seed_settings)[0], virtuoso.load_dir, virtuoso.sql, virtuoso.user,
              virtuoso.password)  # fmt: skip
    remote = dataclasses.replace(seed_settings, remote_query=virtuoso.sparql)
    with LiveServer(seed_settings) as embedded, LiveServer(remote) as on_virtuoso:
        yield embedded.url, on_virtuoso.url


def get_both(servers: tuple[str, str], path: str, **kw: object) -> tuple[httpx.Response, ...]:
    return tuple(httpx.get(url + path, timeout=120, **kw) for url in servers)  # type: ignore[arg-type]


def test_health_says_remote(servers: tuple[str, str]) -> None:
    assert httpx.get(servers[1] + "/health", timeout=30).json()["mode"] == "remote"


@pytest.mark.parametrize(
    "name", ["sotk-kg.ttl", "sotk-kg.nt.gz", "perbup-kab-bekasi-2021-99.jsonld"]
)
def test_same_dumps(servers: tuple[str, str], name: str) -> None:
    embedded, remote = get_both(servers, f"/dump/{name}")
    assert embedded.status_code == remote.status_code == 200, remote.text[:500]
    assert remote.content == embedded.content


@pytest.mark.parametrize("path", ["/catalogue", "/.well-known/void", KEPALA_DINAS])
def test_same_documents(servers: tuple[str, str], path: str) -> None:
    embedded, remote = get_both(servers, path, headers=TURTLE, follow_redirects=True)
    assert embedded.status_code == remote.status_code == 200, remote.text[:500]
    mine = Graph().parse(data=embedded.text, format="turtle")
    theirs = Graph().parse(data=remote.text, format="turtle")
    # when the data last changed: the loaded files' time embedded, the server's start in remote
    # mode (a remote store may change unseen); everything else is the same
    for graph in (mine, theirs):
        graph.remove((None, DCTERMS.modified, None))
    assert len(mine) > 0
    assert isomorphic(mine, theirs), f"{path}: {len(theirs)} triples, embedded {len(mine)}"


def test_same_html_pages(servers: tuple[str, str]) -> None:
    for path in (KEPALA_DINAS, "/search?q=usaha+mikro", "/catalogue", "/"):
        embedded, remote = get_both(servers, path, headers={"Accept": "text/html"},
                                    follow_redirects=True)  # fmt: skip
        assert embedded.status_code == remote.status_code == 200, path
        assert remote.text == embedded.text, path
    assert "Kepala Dinas" in remote.text or "01-organisation-chart" in remote.text


def test_search_finds_labels(servers: tuple[str, str]) -> None:
    page = httpx.get(servers[1] + "/search", params={"q": "sekretaris"}, timeout=60)
    assert page.status_code == 200
    assert "/sekretaris" in page.text  # the Sekretaris post (Pasal 3) by its label


def test_same_validation_report(servers: tuple[str, str]) -> None:
    payload = (ROSTER / "SubKoordinatorHolderGradeShape.csv").read_bytes()
    answers = [
        httpx.post(url + "/validate", content=payload, timeout=120,
                   headers={"Content-Type": "text/csv", "Accept": "application/json"})
        for url in servers
    ]  # fmt: skip
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[1].headers["x-shacl-conforms"] == "false"
    assert answers[1].json() == answers[0].json()


def test_search_uses_virtuosos_text_index(
    servers: tuple[str, str], virtuoso: VirtuosoServer, seed_settings: Settings
) -> None:
    """The search page's query goes through `bif:contains` on Virtuoso. Its word index matches
    word starts: the labels the embedded store's substring scan finds in addition are those
    where the text is found only inside a word ("perkoperasian" for "koperasi")."""
    import re

    from sotk_kg.server.pages import views
    from sotk_kg.store.backend import EmbeddedBackend
    from sotk_kg.store.load import load_memory
    from sotk_kg.store.remote import RemoteBackend, RemoteEndpoint

    backend = RemoteBackend(RemoteEndpoint(virtuoso.sparql))
    assert backend.text_index == "virtuoso"
    pattern = views.text_index_pattern(backend, "Usaha Mikro")
    assert 'bif:contains \'"usaha*" AND "mikro*"\'' in pattern
    assert views.text_index_pattern(backend, "dan") == ""  # too short for the index
    sent: list[str] = []
    select = backend.select
    backend.select = lambda q: sent.append(q) or select(q)  # type: ignore[method-assign]
    on_virtuoso = dict(views.search(backend, "koperasi", limit=1000))
    assert len(sent) == 1 and "bif:contains" in sent[0]
    # The embedded store's FTS5 index is asked the same words: the same labels, each with a word
    # starting "koperasi" (not "perkoperasian", where it is inside a word).
    embedded = dict(views.search(EmbeddedBackend(load_memory(seed_settings)), "koperasi", 1000))
    assert on_virtuoso and set(on_virtuoso) == set(embedded)
    assert all(re.search(r"(?<!\w)koperasi", str(label).lower()) for label in embedded.values())


def test_only_the_datasets_graphs_are_listed(
    servers: tuple[str, str], virtuoso: VirtuosoServer
) -> None:
    """Virtuoso lists its own system graphs with the dataset's; the server names only the
    dataset's, as the embedded store does: in /health and the service description."""
    from rdflib import Namespace

    from sotk_kg.store.remote import RemoteEndpoint

    listed = RemoteEndpoint(virtuoso.sparql).graph_names()
    assert "http://www.openlinksw.com/schemas/virtrdf#" in listed  # what is filtered out
    counts = [httpx.get(url + "/health", timeout=30).json()["graphs"] for url in servers]
    # ontology, shapes, the seed regulation, its statistics, the versions graph (docs/versions.md)
    assert counts[0] == counts[1] == 5
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    names = []
    for url in servers:
        graph = Graph().parse(data=httpx.get(url + "/sparql", headers=TURTLE, timeout=30).text,
                              format="turtle")  # fmt: skip
        names.append({str(o) for o in graph.objects(None, sd.name)})
    assert names[0] == names[1]
    assert all(name.startswith(DEFAULT_BASE + "/graph/") for name in names[1])


@pytest.mark.parametrize(
    "text_query",
    ["'text: KSPPS'", "'text: \"laporan tahunan\"'", "'pembiaya*'", "'label: sekretaris'",
     "'text: koperasi NOT syariah'", "'(kantor OR cabang) AND kas'"],
)  # fmt: skip
def test_full_text_pattern_answers_as_the_embedded_store(
    servers: tuple[str, str], text_query: str
) -> None:
    """`sotk:matches` on Virtuoso goes through its own word index (bif:contains): the same
    resources as the embedded store's FTS5 index."""
    query = ("PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#>\n"
             f"SELECT ?n WHERE {{ ?n sotk:matches {text_query} }} ORDER BY ?n")  # fmt: skip
    answers = [httpx.post(url + "/sparql", data={"query": query}, timeout=60,
                          headers={"Accept": "text/csv"}) for url in servers]  # fmt: skip
    assert [a.status_code for a in answers] == [200, 200], answers[1].text
    assert len(answers[0].text.splitlines()) > 1
    assert answers[1].text == answers[0].text


def test_full_text_syntax_error_is_the_same_400(servers: tuple[str, str]) -> None:
    query = ("PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#>\n"
             "SELECT ?n WHERE { ?n sotk:matches '\"simpan pinjam' }")  # fmt: skip
    answers = [httpx.post(url + "/sparql", data={"query": query}, timeout=60) for url in servers]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[1].text == answers[0].text and "unterminated string" in answers[0].text
