"""The data gaps a researcher hit (issue 15): duties grouped by a normalised text, BAB numbers in
Roman figures, English labels that translate, labels qualified by their perangkat daerah, and the
level of each post as data. Expected values come from reading
data/source/perbup-bekasi-99-2021.txt (the seed)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import Literal, URIRef
from repo_paths import REPO_ROOT

from sotk_kg.pipeline import BuildResult, build_graph
from sotk_kg.pipeline.duties import normalised_text
from sotk_kg.pipeline.terms import RDFS, SOTK

BASE = "https://w3id.org/sotk-kg"
SEED = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
SEED_WORK = f"{BASE}/eli/id/perbup/kab-bekasi/2021/99"
DINAS = "dinas-koperasi-usaha-kecil-dan-menengah"
POST = f"{BASE}/id/post/kab-bekasi/{DINAS}"


@pytest.fixture(scope="module")
def seed() -> BuildResult:
    return build_graph(SEED.read_text(encoding="utf-8"), SEED.name, BASE)


def _objects(result: BuildResult, s: str, p: URIRef) -> set:
    return {o for s2, p2, o in result.triples if s2 == URIRef(s) and p2 == p}


@pytest.mark.parametrize(
    "verbatim",
    [
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan.",
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan; dan",
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan ;",
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan, dan",
        "Melaksanakan  tugas kedinasan lainnya yang diberikan oleh pimpinan; dan/atau",
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan",
    ],
)
def test_list_punctuation_is_not_part_of_the_normalised_text(verbatim: str) -> None:
    assert normalised_text(verbatim) == (
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan"
    )


def test_the_normalised_text_keeps_what_the_item_says() -> None:
    # a conjunction inside the text, an abbreviation first, a word ending in "dan" are kept
    assert normalised_text("RENSTRA dan RENJA;") == "RENSTRA dan RENJA"
    assert normalised_text("penyusunan bahan koperasi dan usaha mikro; dan") == (
        "penyusunan bahan koperasi dan usaha mikro"
    )
    assert normalised_text("pelaksanaan tugas di bidang sandan.") == (
        "pelaksanaan tugas di bidang sandan"
    )


def test_the_seed_duty_every_post_shares_groups_all_sixteen_posts(seed: BuildResult) -> None:
    # "d. melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan sesuai dengan tugas
    # pokok dan fungsi" closes the manajerial duties of 16 posts (Pasal 8 to 23), once without
    # its full stop (line 312): grouped by the verbatim text it splits, by the normalised one not
    holders: dict[str, set[URIRef]] = defaultdict(set)
    verbatim: dict[URIRef, str] = {}
    for s, p, o in seed.triples:
        if p == SOTK.normalisedText:
            holders[str(o)] |= _objects(seed, str(s), SOTK.dutyOf)
        if p == SOTK.verbatimText and "tugas kedinasan lainnya" in str(o):
            verbatim[s] = str(o)
    text = (
        "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan sesuai dengan tugas "
        "pokok dan fungsi"
    )
    assert len(holders[text]) == 16
    assert len(set(verbatim.values())) == 2  # the verbatim text is kept as written


def test_a_chapter_without_its_numeral_is_labelled_in_roman_figures(seed: BuildResult) -> None:
    # line 749 reads "BAB" alone, between "BABIV" (line 149) and "BAB VI" (line 769)
    labels = _objects(seed, f"{SEED_WORK}/bab/5", RDFS.label)
    assert Literal("BAB V", lang="id") in labels
    assert Literal("Chapter 5", lang="en") in labels
    assert Literal("BAB IV", lang="id") in _objects(seed, f"{SEED_WORK}/bab/4", RDFS.label)
