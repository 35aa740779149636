"""Provenance: every node minted from a regulation's text points back (prov:wasDerivedFrom) to a
provision of the same graph, and the cover, title and closing blocks are citable subdivisions.
Expected values come from reading data/source/perbup-bekasi-99-2021.txt and
tests/fixtures/perwal-contoh-2023-7.txt."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from repo_paths import REPO_ROOT

from sotk_kg.pipeline import BuildResult, build_graph
from sotk_kg.pipeline.terms import ELI, PROV, RDF, SKOS, SOTK, XSD

BASE = "https://w3id.org/sotk-kg"
TEXTS = {
    "seed": REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt",
    "perwal": REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt",
}
SEED_WORK = f"{BASE}/eli/id/perbup/kab-bekasi/2021/99"


def _build(path: Path) -> BuildResult:
    return build_graph(path.read_text(encoding="utf-8"), path.name, BASE)


@pytest.fixture(scope="module", params=sorted(TEXTS))
def built(request: pytest.FixtureRequest) -> BuildResult:
    return _build(TEXTS[request.param])


@pytest.fixture(scope="module")
def seed() -> BuildResult:
    return _build(TEXTS["seed"])


def _objects(result: BuildResult, s: URIRef, p: URIRef) -> set:
    return {o for s2, p2, o in result.triples if s2 == s and p2 == p}


def _sources(result: BuildResult, s: str) -> set[str]:
    work = str(next(o for o in _objects(result, result.graph_iri, PROV.hadPrimarySource)))
    work = work.removesuffix("/ind/txt")
    return {
        str(o).removeprefix(work + "/") for o in _objects(result, URIRef(s), PROV.wasDerivedFrom)
    }


def test_every_minted_node_is_derived_from_a_provision_of_its_graph(built: BuildResult) -> None:
    triples = built.triples
    fmt = next(o for s, p, o in triples if s == built.graph_iri and p == PROV.hadPrimarySource)
    expression = next(o for s, p, o in triples if s == fmt and p == ELI.embodies)
    work = next(o for s, p, o in triples if s == expression and p == ELI.realizes)
    provisions = {s for s, p, o in triples if p == RDF.type and o == ELI.LegalResourceSubdivision}
    activities = {s for s, p, o in triples if p == RDF.type and o == PROV.Activity}
    # The expression and text, and the provisions, are the sources themselves; the regulation
    # (work) is checked like everything else: its facts come from its blocks and clauses.
    # (The shared concept schemes live in the ontology graph; only the region's wilayah concept
    # is minted here, and it is checked like everything else.)
    sources = {built.graph_iri, fmt, expression} | provisions | activities
    assert work not in sources
    subjects = {s for s, _, _ in triples if str(s).startswith(BASE) and s not in sources}
    assert len(subjects) > 100
    derived_from: dict = {}
    for s, p, o in triples:
        if p == PROV.wasDerivedFrom:
            derived_from.setdefault(s, set()).add(o)
    missing = sorted(str(s) for s in subjects if not derived_from.get(s, set()) & provisions)
    assert missing == []
    # ... and no derivation points outside the graph's provisions.
    assert {o for targets in derived_from.values() for o in targets} <= provisions


def test_blocks_are_typed_subdivisions_with_text_and_lines(seed: BuildResult) -> None:
    expected = {  # kind: (class, first line, last line, a line of its verbatim text)
        "sampul": (SOTK.Sampul, 5, 30, "Tanggal : 30 Desember 2021"),
        "judul": (SOTK.Judul, 32, 39, "NOMOR 99 TAHUN 2021"),
        "penutup": (SOTK.Penutup, 788, 808, "Pj. SEKRETARIS DAERAH KABUPATEN BEKASI"),
    }
    parts = _objects(seed, URIRef(SEED_WORK), ELI.has_part)
    for kind, (cls, first, last, line) in expected.items():
        node = URIRef(f"{SEED_WORK}/{kind}")
        assert node in parts
        assert _objects(seed, node, RDF.type) == {ELI.LegalResourceSubdivision, cls}
        assert _objects(seed, node, ELI.type_subdivision) == {
            URIRef(f"{BASE}/id/concept/jenis-subdivisi/{kind}")
        }
        assert _objects(seed, node, SOTK.sourceLine) == {Literal(first)}
        assert _objects(seed, node, SOTK.sourceLineEnd) == {Literal(last)}
        (text,) = _objects(seed, node, SOTK.verbatimText)
        assert line in str(text).split("\n")
    # Text order: cover, title, preamble, body, closing, annex.
    order = {
        str(s).removeprefix(SEED_WORK + "/"): int(o)
        for s, p, o in seed.triples
        if p == SOTK.sequence and s in parts
    }
    assert sorted(order, key=order.get)[:4] == ["sampul", "judul", "menimbang", "mengingat"]
    assert sorted(order, key=order.get)[-2:] == ["penutup", "lampiran"]


def test_cover_and_closing_carry_the_promulgation_date_note(seed: BuildResult) -> None:
    note = (
        "The cover gives the promulgation date 2021-12-30; the closing block (line 799) "
        "gives 2021-12-29."
    )
    for node in ("sampul", "penutup"):
        assert Literal(note, lang="en") in _objects(
            seed, URIRef(f"{SEED_WORK}/{node}"), SKOS.editorialNote
        )


def test_region_and_its_posts_cite_definitions_mentions_and_signatures(seed: BuildResult) -> None:
    # Pasal 1 angka 1 "Daerah adalah Kabupaten Bekasi", angka 2 "Pemerintah Daerah adalah ...".
    assert _sources(seed, f"{BASE}/id/org/kab-bekasi") == {"pasal/1/angka/1", "pasal/1/angka/2"}
    assert _sources(seed, f"{BASE}/id/concept/wilayah/kab-bekasi") == {"judul", "pasal/1/angka/1"}
    assert _sources(seed, f"{BASE}/id/org/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah") == {
        "pasal/1/angka/5",
        "judul",
    }
    bupati = _sources(seed, f"{BASE}/id/post/kab-bekasi/bupati")
    sekda = _sources(seed, f"{BASE}/id/post/kab-bekasi/sekretaris-daerah")
    # Pasal 3 (2): "... bertanggung jawab kepada Bupati melalui Sekretaris Daerah".
    assert {"pasal/1/angka/3", "pasal/3/ayat/2", "penutup"} <= bupati
    assert {"pasal/1/angka/4", "pasal/3/ayat/2", "penutup"} <= sekda
    # "Peraturan Bupati ini mulai berlaku ..." names the regulation, not the Bupati.
    assert "pasal/32" not in bupati
    assert _sources(seed, f"{BASE}/id/orang/kab-bekasi/akhmad-marjuki") == {"penutup"}
    assert _sources(seed, f"{BASE}/id/orang/kab-bekasi/herman-hanapi") == {"penutup", "sampul"}


def test_the_regulation_cites_its_blocks_and_closing_clauses(seed: BuildResult) -> None:
    # Title and number (judul), cover (sampul), dates, places, signatures and gazette (penutup),
    # Pasal 30 (applicability), Pasal 31 (repeal), Pasal 32 (entry into force).
    assert _sources(seed, SEED_WORK) == {
        "sampul",
        "judul",
        "penutup",
        "pasal/30",
        "pasal/31",
        "pasal/32",
    }
    triples = seed.triples
    work = URIRef(SEED_WORK)
    # "mulai berlaku pada tanggal diundangkan" (Pasal 32) + "Diundangkan ... 29 Desember 2021".
    assert (
        work,
        ELI.first_date_entry_in_force,
        Literal("2021-12-29", datatype=XSD.date),
    ) in triples
    assert (work, ELI.in_force, ELI["InForce-inForce"]) in triples
    # The repealed Perbup 91/2020: Pasal 31 repeals it from the day Pasal 32 + penutup give.
    repealed = f"{BASE}/eli/id/perbup/kab-bekasi/2020/91"
    # (Menimbang a also names it.)
    assert _sources(seed, repealed) == {"menimbang/huruf/a", "pasal/31", "pasal/32", "penutup"}
    assert (
        URIRef(repealed),
        ELI.date_no_longer_in_force,
        Literal("2021-12-29", datatype=XSD.date),
    ) in triples


def test_no_in_force_status_without_an_entry_into_force_clause() -> None:
    text = TEXTS["perwal"].read_text(encoding="utf-8")
    clause = next(line for line in text.splitlines() if "mulai berlaku pada tanggal" in line)
    result = build_graph(text.replace(clause, "Tidak ada ketentuan."), "no-clause.txt", BASE)
    work = next(o for s, p, o in result.triples if p == ELI.realizes)
    assert not _objects(result, work, ELI.in_force)
    assert not _objects(result, work, ELI.first_date_entry_in_force)


def test_region_falls_back_to_the_title_block() -> None:
    text = TEXTS["perwal"].read_text(encoding="utf-8")
    text = text.replace("1. Daerah adalah Kota Sukamaju.", "1. Wilayah adalah Kota Sukamaju.")
    result = build_graph(text, "no-daerah.txt", BASE)
    assert _sources(result, f"{BASE}/id/org/kota-sukamaju") == {"judul"}
