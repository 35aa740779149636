"""bench/kinds.py: a corpus mixing kinds of perangkat daerah, regulation types, list and heading
styles and OCR damage, each text building through the real pipeline into exactly the posts,
units and reporting lines the generator says it wrote."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.term import Node

from bench.kinds import KINDS, MARKERS, OCR_DAMAGE, Generated, generate
from sotk_kg.pipeline.build import build_graph
from sotk_kg.pipeline.terms import ORG, RDF, SKOS, SOTK

SEED = 5
BASE = "https://example.org/kg"
CORPUS = generate(20, SEED)


def test_same_seed_same_corpus_and_smaller_corpus_is_a_prefix() -> None:
    assert [g.text for g in generate(4, SEED)] == [g.text for g in CORPUS[:4]]
    assert [g.text for g in generate(4, SEED + 1)] != [g.text for g in CORPUS[:4]]


def test_twenty_texts_cover_every_kind_type_and_style() -> None:
    ex = [g.expected for g in CORPUS]
    assert {e["pd_class"] for e in ex} == set(KINDS)
    assert {e["jenis"] for e in ex} == {"perbup", "perwal", "pergub"}
    assert {e["style"]["markers"] for e in ex} == set(MARKERS)
    assert {e["style"]["caps"] for e in ex} == {True, False}
    assert {d for e in ex for d in e["style"]["ocr"]} == set(OCR_DAMAGE)
    assert any(not e["style"]["ocr"] for e in ex)
    posts = {p for e in ex for p in e["superior"]}
    for post in ("Lurah", "Kepala UPTD", "Sub Koordinator", "Inspektur Pembantu", "Kepala Seksi"):
        assert any(p.startswith(post) for p in posts), post


@pytest.mark.parametrize("g", CORPUS, ids=lambda g: g.stem)
def test_style_and_damage_are_in_the_text(g: Generated) -> None:
    lines = g.text.split("\n")
    style = g.expected["style"]
    assert ("BAB I" if style["caps"] else "Bab I") in lines
    first = {"a.": "a. ", "a)": "a) ", "1)": "1) "}[style["markers"]]
    assert any(line.startswith(first + "Daerah adalah") for line in lines)
    ocr = style["ocr"]
    assert (re.match(r"NOMOR \S+$", lines[1]) is not None) == ("split_title_number" in ocr)
    number = re.search(r"NOMOR (\S+)", g.text)
    assert number is not None and ("l" in number.group(1)) == ("letter_l_for_1" in ocr)
    assert any(line.startswith("Pasa1 ") for line in lines) == ("pasa1" in ocr)
    glued = any(re.match(r"- \d+ -Pasal", line) for line in lines)
    assert glued == ("glued_page_number" in ocr)


def _label(g: Graph, node: Node) -> str:
    return str(g.value(node, SKOS.prefLabel))


@pytest.mark.parametrize("g", CORPUS, ids=lambda g: g.stem)
def test_each_text_builds_exactly_what_the_generator_put_in(g: Generated) -> None:
    graph = build_graph(g.text, f"{g.stem}.txt", BASE).graph
    e = g.expected
    work = re.compile(rf".*/eli/id/{e['jenis']}/[^/]+/{e['tahun']}/{e['nomor']}")
    assert any(work.fullmatch(str(s)) for s in graph.subjects()), e  # "l3" read as 13
    posts = {
        p
        for p in graph.subjects(SOTK.establishedBy, None)
        if isinstance(p, URIRef) and (p, RDF.type, ORG.Post) in graph
    }
    found = {
        _label(graph, p): sorted(_label(graph, s) for s in graph.objects(p, SOTK.reportsDirectlyTo))
        for p in posts
    }
    assert found == {post: [sup] for post, sup in g.expected["superior"].items()}
    units = {_label(graph, u) for u in graph.subjects(RDF.type, SOTK.UnitOrganisasi)}
    assert units == set(g.expected["units"])
    pds = set(graph.subjects(RDF.type, SOTK.PerangkatDaerah))
    assert len(pds) == 1 and (pds.pop(), RDF.type, SOTK[g.expected["pd_class"]]) in graph
    assert len(set(graph.subjects(RDF.type, SOTK.Pasal))) == g.expected["pasal"]


def test_no_two_texts_are_one_regulation_even_at_a_thousand() -> None:
    # The scale bench builds 1,000 texts at once; a repeated (jenis, year, number) in one region
    # stops the build ("two inputs are the same regulation"). Numbers are unique corpus-wide.
    numbers = [g.expected["nomor"] for g in generate(1000, SEED)]
    assert len(set(numbers)) == len(numbers)
