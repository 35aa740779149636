"""The sequence helpers the parser and the body-line stages share (repairs/sequence.py): inserted
provisions ("Pasal 12A", "BAB VA", ayat "(1a)") of amending acts and consolidations follow the
number they are inserted after."""

from __future__ import annotations

import pytest

from sotk_kg.pipeline.repairs.sequence import base, follows, inserted_after, succ


@pytest.mark.parametrize(("number", "after"), [("12", 12), ("12A", 12), ("1a", 1), ("5a", 5)])
def test_base(number: str, after: int) -> None:
    assert base(number) == after


@pytest.mark.parametrize(
    ("value", "last", "inserted"),
    [("12A", 12, True), ("12B", 12, True), ("1a", 1, True), ("13A", 12, False), ("13", 12, False)],
)
def test_inserted_after(value: str, last: int, inserted: bool) -> None:
    assert inserted_after(value, last) is inserted


def test_the_ayat_after_an_inserted_one_is_the_next_number() -> None:
    assert succ("ayat", "1a") == "2"
    assert succ("huruf", "b") == "c"


@pytest.mark.parametrize(
    ("kind", "last", "value", "ok"),
    [
        ("ayat", "1", "2", True),
        ("ayat", "1", "1a", True),
        ("ayat", "1a", "1b", True),
        ("ayat", "1a", "2", True),
        ("ayat", "1", "3", False),
        ("ayat", "", "1a", False),
        ("angka", "1", "1a", False),  # list items are never inserted so
    ],
)
def test_follows(kind: str, last: str, value: str, ok: bool) -> None:
    assert follows(kind, last, value) is ok
