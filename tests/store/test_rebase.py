"""The one rule "canonical base -> deploy base" (`sotk_kg.iris.rebase`) that the loader applies
to the data and the server to the example queries."""

from __future__ import annotations

import pytest

from sotk_kg.iris import DEFAULT_BASE, rebase

PUBLIC = "https://sotk.example.go.id"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{DEFAULT_BASE}/id/org/kab-bekasi", f"{PUBLIC}/id/org/kab-bekasi"),
        (DEFAULT_BASE, PUBLIC),
        (f"{DEFAULT_BASE}#x", f"{PUBLIC}#x"),
        (f"{DEFAULT_BASE}/def/sotk#Pasal", f"{DEFAULT_BASE}/def/sotk#Pasal"),  # fixed namespace
        (f"{DEFAULT_BASE}/def/shapes#S", f"{DEFAULT_BASE}/def/shapes#S"),
        (f"{DEFAULT_BASE}x/id/a", f"{DEFAULT_BASE}x/id/a"),  # another IRI that shares a prefix
        (f"{DEFAULT_BASE}-old/id/a", f"{DEFAULT_BASE}-old/id/a"),
        (f"{DEFAULT_BASE}/definisi", f"{PUBLIC}/definisi"),  # only "/def/" itself is fixed
        ("http://example.org/a", "http://example.org/a"),
    ],
)
def test_an_iri(text: str, expected: str) -> None:
    assert rebase(text, PUBLIC) == expected


def test_query_text_and_identity_under_the_canonical_base() -> None:
    query = (
        f"PREFIX sotk: <{DEFAULT_BASE}/def/sotk#>\n"
        f"SELECT * {{ VALUES ?p {{ <{DEFAULT_BASE}/id/post/kab-bekasi/bupati> }} "
        f'?p sotk:x ?y FILTER(STRSTARTS(STR(?y), "{DEFAULT_BASE}/id/")) }}'
    )
    moved = rebase(query, PUBLIC + "/")  # a trailing slash on the base is ignored
    assert f"<{PUBLIC}/id/post/kab-bekasi/bupati>" in moved
    assert f'"{PUBLIC}/id/"' in moved
    assert f"<{DEFAULT_BASE}/def/sotk#>" in moved
    assert rebase(query, DEFAULT_BASE) == query
