"""Amending regulations and consolidated versions (issue 14, the pipeline side). Expected values
come from reading tests/fixtures/perwal-contoh-2024-15-perubahan.txt (an amendment of
tests/fixtures/perwal-contoh-2023-7.txt; tests/fixtures/README.md lists what each says)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from repo_paths import REPO_ROOT

import sotk_kg.pipeline.build as pipeline_build
from sotk_kg.cli import main
from sotk_kg.pipeline.build import Text, amending_act, build_files, build_graph, consolidate_graph
from sotk_kg.pipeline.errors import PipelineError
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.terms import ELI, ORG, PROV, RDF, SKOS, SOTK

FIXTURES = REPO_ROOT / "tests" / "fixtures"
AMENDED = FIXTURES / "perwal-contoh-2023-7.txt"
AMENDING = FIXTURES / "perwal-contoh-2024-15-perubahan.txt"
BASE = "https://w3id.org/sotk-kg"
W = f"{BASE}/eli/id/perwal/kota-sukamaju/2023/7"
A = f"{BASE}/eli/id/perwal/kota-sukamaju/2024/15"
DATE = "2024-07-01"  # Pasal II: in force on promulgation, "Diundangkan ... 1 Juli 2024"
VERSION = URIRef(f"{W}/ind/{DATE}")
VERSION_GRAPH = URIRef(f"{BASE}/graph/perwal/kota-sukamaju/2023/7/{DATE}")
POST = f"{BASE}/id/post/kota-sukamaju/dinas-perhubungan"


def post(slug: str) -> URIRef:
    return URIRef(f"{POST}/{slug}")


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def amending() -> Graph:
    return build_graph(text(AMENDING), AMENDING.name, BASE).graph


@pytest.fixture(scope="module")
def enacted() -> Graph:
    return build_graph(text(AMENDED), AMENDED.name, BASE).graph


@pytest.fixture(scope="module")
def consolidated() -> Graph:
    act = amending_act(Text(text(AMENDING), AMENDING.name), BASE)
    assert act.date == DATE
    result = consolidate_graph(Text(text(AMENDED), AMENDED.name), [act], BASE)
    assert result.graph_iri == VERSION_GRAPH
    return result.graph


def pasal_numbers(g: Graph) -> set[str]:
    return {str(g.value(p, ELI.number)) for p in g.subjects(RDF.type, SOTK.Pasal)}


# ------------------------------------------------------------------ the amending act alone
def test_amending_act_has_pasal_i_and_ii_only() -> None:
    doc = parse_document(text(AMENDING), AMENDING.name)
    pasal = [p for top in doc.body for p in top.iter() if p.kind == "pasal"]
    assert [p.number for p in pasal] == ["I", "II"]
    assert [a.number for a in pasal[0].children] == ["1", "2", "3", "4", "5", "6", "7"]
    assert pasal[1].text == "Peraturan Walikota ini mulai berlaku pada tanggal diundangkan."
    assert doc.unplaced == []


def test_amending_graph_pasal(amending: Graph) -> None:
    assert pasal_numbers(amending) == {"I", "II"}
    assert (URIRef(f"{A}/pasal/i"), RDF.type, SOTK.Pasal) in amending
    # the quoted Pasal are text of the instructions, not provisions of the act
    assert (URIRef(f"{A}/pasal/9"), None, None) not in amending
    assert (URIRef(f"{A}/pasal/12a"), None, None) not in amending


def instructions(g: Graph) -> dict[int, URIRef]:
    """The instructions by the number of the angka of Pasal I they come from."""
    found = {}
    for i in g.subjects(RDF.type, SOTK.AmendmentInstruction):
        angka = g.value(i, PROV.wasDerivedFrom)
        assert str(angka).startswith(f"{A}/pasal/i/angka/")
        found[int(str(angka).rsplit("/", 1)[1])] = i
    return found


def test_instructions_kinds_and_targets(amending: Graph) -> None:
    found = instructions(amending)
    assert sorted(found) == [1, 2, 3, 4, 5, 6, 7]
    expected = {
        1: (SOTK.Change, {f"{W}/pasal/9"}),
        2: (SOTK.Change, {f"{W}/pasal/10/ayat/3"}),
        3: (SOTK.Insert, {f"{W}/pasal/12a"}),
        4: (SOTK.Change, {f"{W}/pasal/14/ayat/2"}),
        5: (SOTK.Delete, {f"{W}/pasal/16"}),
        6: (SOTK.Replace, {f"{W}/lampiran"}),
        7: (SOTK.Insert, {f"{W}/bab/5a"}),
    }
    for n, (kind, targets) in expected.items():
        i = found[n]
        assert amending.value(i, SOTK.instructionKind) == kind, n
        assert {str(t) for t in amending.objects(i, SOTK.targetProvision)} == targets, n
    assert amending.value(found[3], SOTK.insertedAfter) == URIRef(f"{W}/pasal/12")
    assert amending.value(found[7], SOTK.insertedAfter) == URIRef(f"{W}/bab/5")


def test_instruction_quoted_text_is_verbatim(amending: Graph) -> None:
    found = instructions(amending)
    quoted_4 = amending.value(found[4], SOTK.verbatimText)
    assert quoted_4 == Literal(
        "(2) Koordinator sebagaimana dimaksud pada ayat (1) membawahi Sub Koordinator yang "
        "melaksanakan fungsi Angkutan Orang.",
        lang="id",
    )
    quoted_1 = str(amending.value(found[1], SOTK.verbatimText))
    assert quoted_1.startswith("Pasal 9\n")
    assert quoted_1.endswith(
        "pengelolaan barang milik daerah dan penyusunan laporan keuangan Dinas."
    )
    assert "Pasal 10" not in quoted_1  # the next instruction's quote is its own
    # "Pasal 16 dihapus." quotes nothing
    assert amending.value(found[5], SOTK.verbatimText) is None


def test_amending_act_amends_and_mints_no_posts(amending: Graph) -> None:
    assert (URIRef(A), ELI.amends, URIRef(W)) in amending
    assert (URIRef(W), ELI.amended_by, URIRef(A)) in amending
    # the quoted transitional clause (Pasal 21A) names a post the amendment removes: no post of A
    assert not set(amending.subjects(RDF.type, ORG.Post))
    assert amending.value(URIRef(A), ELI.first_date_entry_in_force) == Literal(
        DATE, datatype=XSD.date
    )
    assert amending.value(URIRef(f"{A}/ind"), ELI.date_applicability) == Literal(
        DATE, datatype=XSD.date
    )


# ------------------------------------------------------------------ enacted expression
def test_enacted_expression_is_dated_with_its_graph(enacted: Graph) -> None:
    ind = URIRef(f"{W}/ind")
    # Pasal 23: in force on promulgation, 14 Maret 2023
    assert enacted.value(ind, ELI.date_applicability) == Literal("2023-03-14", datatype=XSD.date)
    assert enacted.value(ind, SOTK.versionGraph) == URIRef(
        f"{BASE}/graph/perwal/kota-sukamaju/2023/7"
    )


# ------------------------------------------------------------------ the consolidated version
def test_version_metadata(consolidated: Graph) -> None:
    assert (URIRef(W), ELI.is_realized_by, VERSION) in consolidated
    assert (VERSION, RDF.type, ELI.LegalExpression) in consolidated
    assert consolidated.value(VERSION, ELI.date_applicability) == Literal(DATE, datatype=XSD.date)
    assert set(consolidated.objects(VERSION, ELI.consolidates)) == {URIRef(A)}
    assert consolidated.value(VERSION, SOTK.versionGraph) == VERSION_GRAPH


def test_consolidated_provisions(consolidated: Graph, enacted: Graph) -> None:
    before = {str(n) for n in range(1, 24)}
    assert pasal_numbers(enacted) == before
    assert pasal_numbers(consolidated) == (before - {"16"}) | {"12A", "21A"}
    assert (URIRef(f"{W}/pasal/16"), None, None) not in consolidated
    ayat_10_3 = URIRef(f"{W}/pasal/10/ayat/3")
    assert len(set(enacted.objects(ayat_10_3, ELI.has_part))) == 2
    assert len(set(consolidated.objects(ayat_10_3, ELI.has_part))) == 3
    ayat_14_2 = URIRef(f"{W}/pasal/14/ayat/2")
    assert len(set(enacted.objects(ayat_14_2, ELI.has_part))) == 2
    assert not set(consolidated.objects(ayat_14_2, ELI.has_part))
    # Pasal 12A sits where it was inserted: in Paragraf 3 (Bidang Lalu Lintas) after Pasal 12
    p12a, p12 = URIRef(f"{W}/pasal/12a"), URIRef(f"{W}/pasal/12")
    assert consolidated.value(p12a, ELI.is_part_of) == consolidated.value(p12, ELI.is_part_of)
    seq = consolidated.value(p12a, SOTK.sequence).toPython()
    assert consolidated.value(p12, SOTK.sequence).toPython() == seq - 1
    # unchanged provisions keep their text; the new Lampiran is the amending act's
    assert consolidated.value(URIRef(f"{W}/pasal/8/ayat/1"), SOTK.verbatimText) == enacted.value(
        URIRef(f"{W}/pasal/8/ayat/1"), SOTK.verbatimText
    )
    lampiran = str(consolidated.value(URIRef(f"{W}/lampiran"), SOTK.verbatimText))
    assert lampiran.startswith("KEPALA DINAS - SEKRETARIAT")
    assert enacted.value(URIRef(f"{W}/lampiran"), SOTK.verbatimText) is None


def test_changed_and_inserted_provisions_derive_from_their_instruction(
    consolidated: Graph, amending: Graph
) -> None:
    found = instructions(amending)
    assert (URIRef(f"{W}/pasal/9"), PROV.wasDerivedFrom, found[1]) in consolidated
    assert (URIRef(f"{W}/pasal/12a"), PROV.wasDerivedFrom, found[3]) in consolidated
    assert (URIRef(f"{W}/pasal/14/ayat/2"), PROV.wasDerivedFrom, found[4]) in consolidated
    assert (URIRef(f"{W}/pasal/8"), PROV.wasDerivedFrom, None) not in consolidated


def test_consolidated_posts(consolidated: Graph, enacted: Graph) -> None:
    before = set(enacted.subjects(RDF.type, ORG.Post))
    after = set(consolidated.subjects(RDF.type, ORG.Post))
    barang, parkir = post("sub-koordinator-angkutan-barang"), post("sub-koordinator-perparkiran")
    assert barang in before and parkir not in before
    assert after == (before - {barang}) | {parkir}
    # the inserted transitional clause still names the removed post: it makes no post of it
    bab_5a, p21a = URIRef(f"{W}/bab/5a"), URIRef(f"{W}/pasal/21a")
    assert str(consolidated.value(bab_5a, SOTK.heading)) == "KETENTUAN PERALIHAN"
    assert consolidated.value(p21a, ELI.is_part_of) == bab_5a
    assert "fungsi Angkutan Barang tetap" in str(consolidated.value(p21a, SOTK.verbatimText))


def reporting_pairs(g: Graph) -> set[tuple[URIRef, URIRef]]:
    return {(s, o) for s, o in g.subject_objects(SOTK.reportsDirectlyTo)}  # type: ignore[misc]


def test_consolidated_reporting_lines(consolidated: Graph, enacted: Graph) -> None:
    barang, parkir = post("sub-koordinator-angkutan-barang"), post("sub-koordinator-perparkiran")
    koordinator, kabid = post("koordinator-angkutan-jalan"), post("kepala-bidang-lalu-lintas")
    before = reporting_pairs(enacted)
    assert (barang, koordinator) in before
    assert reporting_pairs(consolidated) == (before - {(barang, koordinator)}) | {(parkir, kabid)}


def test_changed_duties(consolidated: Graph, enacted: Graph) -> None:
    keuangan = post("kepala-sub-bagian-keuangan")

    def duty_texts(g: Graph) -> set[str]:
        return {str(g.value(d, SOTK.verbatimText)) for d in g.objects(keuangan, SOTK.hasDuty)}

    old, new = duty_texts(enacted), duty_texts(consolidated)
    assert any("penatausahaan keuangan dan penyusunan laporan keuangan" in t for t in old)
    assert any("pengelolaan barang milik daerah" in t for t in new)
    assert not any("pengelolaan barang milik daerah" in t for t in old)
    parkir = post("sub-koordinator-perparkiran")
    assert len(set(consolidated.objects(parkir, SOTK.hasDuty))) == 3  # Pasal 12A (2) a-c


# ------------------------------------------------------------------ sotk-kg build on a folder
def test_build_folder_writes_the_consolidated_version(tmp_path: Path) -> None:
    out = tmp_path / "graph"
    build_files([AMENDED, AMENDING], out, BASE)
    stem = "perwal-kota-sukamaju-2023-7"
    assert (out / f"{stem}@{DATE}.ttl").is_file()
    ds = Dataset()
    ds.parse(out / f"{stem}@{DATE}.nq", format="nquads")
    assert VERSION_GRAPH in {g.identifier for g in ds.graphs()}
    g = Graph().parse(out / f"{stem}@{DATE}.ttl", format="turtle")
    assert "12A" in pasal_numbers(g)


def test_cli_build_of_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "source", tmp_path / "graph"
    src.mkdir()
    for path in (AMENDED, AMENDING):
        (src / path.name).write_bytes(path.read_bytes())
    assert main(["build", str(src), "--out", str(out)]) == 0
    version = out / f"perwal-kota-sukamaju-2023-7@{DATE}"
    assert f"consolidated version: {version}.ttl|.nq" in capsys.readouterr().out
    assert version.with_name(version.name + ".nq").is_file()


def test_amending_act_alone_warns_that_no_version_is_written(tmp_path: Path) -> None:
    [built] = build_files([AMENDING], tmp_path, BASE)
    assert built.amends == "perwal-kota-sukamaju-2023-7"
    assert [w for w in built.warnings if "no consolidated version" in w]
    assert not list(tmp_path.glob("*@*"))


# ------------------------------------------------------------------ an OCR'd copy of the act
AMENDING_OCR = FIXTURES / "perwal-contoh-2024-15-perubahan-ocr.txt"


def test_ocr_copy_reads_the_same_instructions(amending: Graph) -> None:
    ocr = build_graph(text(AMENDING_OCR), AMENDING_OCR.name, BASE)
    assert ocr.warnings == []

    def summary(g: Graph) -> list[tuple[str, set[str]]]:
        return sorted(
            (
                str(g.value(i, SOTK.instructionKind)),
                {str(t) for t in g.objects(i, SOTK.targetProvision)},
            )
            for i in g.subjects(RDF.type, SOTK.AmendmentInstruction)
        )

    assert summary(ocr.graph) == summary(amending)
    assert pasal_numbers(ocr.graph) == {"I", "II"}
    notes = {str(n) for n in ocr.graph.objects(URIRef(f"{A}/pasal/i/angka/3"), SKOS.editorialNote)}
    assert any("'diberi-'" in n for n in notes)  # the word broken over lines 57-58 of the quote


def test_ocr_copy_consolidates_alike(consolidated: Graph) -> None:
    act = amending_act(Text(text(AMENDING_OCR), AMENDING_OCR.name), BASE)
    ocr = consolidate_graph(Text(text(AMENDED), AMENDED.name), [act], BASE).graph
    assert pasal_numbers(ocr) == pasal_numbers(consolidated)
    assert set(ocr.subjects(RDF.type, ORG.Post)) == set(consolidated.subjects(RDF.type, ORG.Post))
    assert reporting_pairs(ocr) == reporting_pairs(consolidated)
    parkir = post("sub-koordinator-perparkiran")

    def duties(g: Graph) -> set[str]:
        return {str(g.value(d, SOTK.verbatimText)) for d in g.objects(parkir, SOTK.hasDuty)}

    assert duties(ocr) == duties(consolidated)


def test_a_version_that_does_not_build_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise PipelineError("the organisation of the amended text is not read", None, "w.txt")

    monkeypatch.setattr(pipeline_build, "consolidate_graph", failing)
    built = build_files([AMENDED, AMENDING], tmp_path, BASE)
    assert not list(tmp_path.glob("*@*"))
    assert f"version of {DATE} not written: the organisation of the amended text is not read" in (
        built[0].warnings
    )
