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
    scanned = dict(views.search(EmbeddedBackend(load_memory(seed_settings)), "koperasi", 1000))
    assert on_virtuoso and set(on_virtuoso) <= set(scanned)
    inside_a_word = {s for s, label in scanned.items()
                     if not re.search(r"(?<!\w)koperasi", str(label).lower())}  # fmt: skip
    assert inside_a_word, "the seed has labels like 'perkoperasian'"
    assert set(scanned) - set(on_virtuoso) == inside_a_word
