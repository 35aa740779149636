"""The Cool-URIs mapping between things and documents, and links for browsers."""

from __future__ import annotations

import pytest

from sotk_kg.server.pages.paths import Links, doc_for_thing, split_extension, thing_for_doc

PAIRS = [
    ("/eli/id/perbup/kab-bekasi/2021/99/pasal/7", "/eli/doc/perbup/kab-bekasi/2021/99/pasal/7"),
    ("/id/org/kab-bekasi", "/doc/org/kab-bekasi"),
    ("/id/concept/kategori-tugas/tugas-pokok", "/doc/concept/kategori-tugas/tugas-pokok"),
    ("/graph/perbup/kab-bekasi/2021/99", "/doc/graph/perbup/kab-bekasi/2021/99"),
    ("/activity/build/perbup/kab-bekasi/2021/99", "/doc/activity/build/perbup/kab-bekasi/2021/99"),
]


@pytest.mark.parametrize(("thing", "doc"), PAIRS)
def test_thing_and_document_map_both_ways(thing: str, doc: str) -> None:
    assert doc_for_thing(thing) == doc
    assert thing_for_doc(doc) == thing


@pytest.mark.parametrize("path", ["/sparql", "/id/", "/doc/", "/def/sotk", "/eli/doc"])
def test_other_paths_are_neither(path: str) -> None:
    assert doc_for_thing(path) is None or thing_for_doc(path) is None
    assert thing_for_doc(path) is None


def test_extension_is_split_only_for_known_formats() -> None:
    assert split_extension("/doc/org/kab-bekasi.ttl") == ("/doc/org/kab-bekasi", "ttl")
    assert split_extension("/doc/org/kab-bekasi.jsonld") == ("/doc/org/kab-bekasi", "jsonld")
    # Kepmendagri 050-3708/2020: its number keeps its hyphen and is not an extension.
    assert split_extension("/eli/doc/kepmendagri/id/2020/050-3708") == (
        "/eli/doc/kepmendagri/id/2020/050-3708",
        None,
    )
    assert split_extension("/doc/x.exe") == ("/doc/x.exe", None)


def test_links_follow_the_configured_base_and_mount_point() -> None:
    links = Links("https://sotk.example.id", "/kg")
    assert links.href("https://sotk.example.id/id/org/kab-bekasi") == "/kg/doc/org/kab-bekasi"
    assert links.href("https://w3id.org/sotk-kg/def/sotk#Pasal") == "/kg/def/sotk#Pasal"
    assert links.href("http://data.europa.eu/eli/ontology#Work") == (
        "http://data.europa.eu/eli/ontology#Work"
    )
    # An IRI under the default base is foreign once the base has changed.
    assert links.local_path("https://w3id.org/sotk-kg/id/org/kab-bekasi") is None
