"""Building files: the second regulation, the CLI, atomic writes and deterministic rebuilds (the
byte-for-byte comparison with the golden sample is tests/pipeline/test_golden.py).
Expected values for the Perwal come from reading tests/fixtures/perwal-contoh-2023-7.txt."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph, URIRef
from repo_paths import REPO_ROOT

import sotk_kg.pipeline.build as pipeline_build
from sotk_kg.cli import main
from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.build import OUTPUT_SUFFIXES, BuildResult, build_files, is_output_name
from sotk_kg.pipeline.errors import PipelineError
from sotk_kg.pipeline.terms import ELI, ORG, PROV, RDF, RDFS, SKOS, SOTK

FIXTURES = REPO_ROOT / "tests" / "fixtures"
PERWAL = FIXTURES / "perwal-contoh-2023-7.txt"
PERWAL_OCR = FIXTURES / "perwal-contoh-2023-7-ocr.txt"
NOT_A_REGULATION = FIXTURES / "not-a-regulation.txt"
SEED = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
BASE = "https://w3id.org/sotk-kg"
WORK = URIRef(f"{BASE}/eli/id/perwal/kota-sukamaju/2023/7")
POST = f"{BASE}/id/post/kota-sukamaju/dinas-perhubungan"
UNIT = f"{BASE}/id/org/kota-sukamaju/dinas-perhubungan"


def post(slug: str) -> URIRef:
    return URIRef(f"{POST}/{slug}")


@pytest.fixture(scope="module")
def perwal() -> Graph:
    result = build_graph(PERWAL.read_text(encoding="utf-8"), PERWAL.name, BASE)
    assert result.graph_iri == URIRef(f"{BASE}/graph/perwal/kota-sukamaju/2023/7")
    assert result.slug == "perwal-kota-sukamaju-2023-7"
    assert result.warnings == []
    return result.graph


def test_perwal_provisions(perwal: Graph) -> None:
    numbers = sorted(
        int(perwal.value(p, ELI.number)) for p in perwal.subjects(RDF.type, SOTK.Pasal)
    )
    assert numbers == list(range(1, 24))
    assert len(set(perwal.subjects(RDF.type, SOTK.Definisi))) == 8
    abbreviations = {
        str(a)
        for d in perwal.subjects(RDF.type, SOTK.Definisi)
        for a in perwal.objects(d, SKOS.altLabel)
    }
    assert abbreviations == {"UPTD", "RENSTRA"}


def test_perwal_region_head_is_the_walikota(perwal: Graph) -> None:
    walikota = URIRef(f"{BASE}/id/post/kota-sukamaju/walikota")
    assert (walikota, RDF.type, SOTK.Walikota) in perwal
    assert perwal.value(post("kepala-dinas"), SOTK.reportsDirectlyTo) == walikota
    assert perwal.value(post("kepala-dinas"), SOTK.reportsVia) == URIRef(
        f"{BASE}/id/post/kota-sukamaju/sekretaris-daerah"
    )
    assert perwal.value(WORK, ELI.passed_by) == walikota


def test_perwal_uptd(perwal: Graph) -> None:
    uptd = URIRef(f"{UNIT}/uptd-pengujian-kendaraan-bermotor")
    assert (uptd, RDF.type, SOTK.UPTD) in perwal
    head = post("kepala-uptd-pengujian-kendaraan-bermotor")
    assert perwal.value(head, SOTK.leads) == uptd
    assert perwal.value(head, SOTK.reportsDirectlyTo) == post("kepala-dinas")  # Pasal 17 (2)
    assert len(set(perwal.objects(head, SOTK.hasDuty))) == 1  # Pasal 17 (3)


def test_perwal_koordinator_level(perwal: Graph) -> None:
    koordinator = post("koordinator-angkutan-jalan")
    assert (koordinator, RDF.type, SOTK.Koordinator) in perwal
    assert perwal.value(koordinator, ORG.postIn) == URIRef(f"{UNIT}/bidang-angkutan")
    assert perwal.value(koordinator, SOTK.reportsDirectlyTo) == post("kepala-bidang-angkutan")
    for fn in ("angkutan-orang", "angkutan-barang"):  # Pasal 14 (2), 15 (1), 16 (1)
        assert perwal.value(post(f"sub-koordinator-{fn}"), SOTK.reportsDirectlyTo) == koordinator
    for fn in ("manajemen-dan-rekayasa-lalu-lintas", "pengendalian-dan-ketertiban-lalu-lintas"):
        assert perwal.value(post(f"sub-koordinator-{fn}"), SOTK.reportsDirectlyTo) == post(
            "kepala-bidang-lalu-lintas"
        )


def test_perwal_unsplit_uraian_tugas(perwal: Graph) -> None:
    unsplit = URIRef(f"{BASE}/id/concept/kategori-tugas/uraian-tugas")
    for slug, count in (
        ("sub-koordinator-angkutan-orang", 4),
        ("sub-koordinator-angkutan-barang", 3),
    ):
        duties = set(perwal.objects(post(slug), SOTK.hasDuty))
        assert len(duties) == count
        assert {perwal.value(d, SOTK.dutyCategory) for d in duties} == {unsplit}


def test_perwal_two_repeals(perwal: Graph) -> None:
    old = {
        URIRef(f"{BASE}/eli/id/perwal/kota-sukamaju/2019/3"),
        URIRef(f"{BASE}/eli/id/perwal/kota-sukamaju/2020/12"),
    }
    assert set(perwal.objects(WORK, ELI.repeals)) == old
    for o in old:
        assert perwal.value(o, ELI.in_force) == ELI["InForce-notInForce"]


def test_perwal_amendments(perwal: Graph) -> None:
    uu = f"{BASE}/eli/id/uu/id"
    assert (URIRef(f"{uu}/2023/6"), ELI.amends, URIRef(f"{uu}/2014/23")) in perwal
    assert perwal.value(URIRef(f"{uu}/2014/23"), SOTK.lastAmendedBy) == URIRef(f"{uu}/2023/6")
    assert len(set(perwal.objects(WORK, ELI.based_on))) == 5


def test_ocr_damaged_copy_gives_the_same_organisation(perwal: Graph) -> None:
    damaged = build_graph(PERWAL_OCR.read_text(encoding="utf-8"), PERWAL_OCR.name, BASE)
    assert any("182" in w for w in damaged.warnings)  # the garbage line is reported, not placed

    def organisation(g: Graph) -> set:
        return {
            (s, p, o)
            for s, p, o in g
            if p
            in (
                SOTK.reportsDirectlyTo,
                SOTK.reportsToOneOf,
                SOTK.leads,
                ORG.postIn,
                SOTK.subKoordinatorFunction,
            )
        }

    assert organisation(damaged.graph) == organisation(perwal)


# -- files and CLI -------------------------------------------------------------------------------
def test_rebuild_is_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "sotk_kg.cli", "build", str(PERWAL), "--out", str(out)],
            check=True,
            env=env,
            capture_output=True,
            cwd=REPO_ROOT,
        )
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]


def test_turtle_and_nquads_hold_the_same_triples(tmp_path: Path) -> None:
    [result] = build_files([PERWAL], tmp_path, BASE)
    ttl = Graph().parse(tmp_path / f"{result.slug}.ttl", format="turtle")
    ds = Dataset()
    ds.parse(tmp_path / f"{result.slug}.nq", format="nquads")
    named = ds.graph(result.graph_iri)
    assert set(ttl) == set(named) == set(result.graph)
    lines = (tmp_path / f"{result.slug}.nq").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert "_:" not in (tmp_path / f"{result.slug}.ttl").read_text(encoding="utf-8")


def test_cli_build_prints_graph_and_count(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["build", str(PERWAL), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"<{BASE}/graph/perwal/kota-sukamaju/2023/7>" in out
    assert "triples" in out
    assert (tmp_path / "perwal-kota-sukamaju-2023-7.ttl").exists()


def test_cli_base_option(tmp_path: Path) -> None:
    assert (
        main(["build", str(PERWAL), "--out", str(tmp_path), "--base", "http://example.org/kg/"])
        == 0
    )
    text = (tmp_path / "perwal-kota-sukamaju-2023-7.nq").read_text(encoding="utf-8")
    assert "<http://example.org/kg/eli/id/perwal/kota-sukamaju/2023/7>" in text
    assert (
        f"{BASE}/eli/" not in text and f"{BASE}/id/" not in text
    )  # the ontology's namespace stays


def test_not_a_regulation_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    assert main(["build", str(PERWAL), str(NOT_A_REGULATION), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "not-a-regulation.txt" in err and "line" in err
    assert not out.exists()  # not even the good file before it


def test_build_files_raises_pipeline_error(tmp_path: Path) -> None:
    with pytest.raises(PipelineError):
        build_files([NOT_A_REGULATION], tmp_path, BASE)
    assert list(tmp_path.iterdir()) == []


def test_build_files_keeps_one_regulation_in_memory_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each regulation's triples are written and dropped before the next input is built, so the
    memory of a build does not grow with the number of inputs."""
    built: list[weakref.ref[BuildResult]] = []
    alive_at_each_build: list[int] = []
    original = pipeline_build.build_graph

    def tracking(*args: Any, **kwargs: Any) -> BuildResult:
        gc.collect()
        alive_at_each_build.append(sum(ref() is not None for ref in built))
        result = original(*args, **kwargs)
        built.append(weakref.ref(result))
        return result

    monkeypatch.setattr(pipeline_build, "build_graph", tracking)
    results = build_files([PERWAL, SEED], tmp_path, BASE)
    assert alive_at_each_build == [0, 0]
    assert [r.slug for r in results] == ["perwal-kota-sukamaju-2023-7", "perbup-kab-bekasi-2021-99"]
    # What is returned describes the written files; the graph is read back from them.
    assert len(results[0].graph) == len(results[0]) > 0
    assert (results[0].graph_iri, len(results[0])) == (
        URIRef(f"{BASE}/graph/perwal/kota-sukamaju/2023/7"),
        len(build_graph(PERWAL.read_text(encoding="utf-8"), PERWAL.name, BASE)),
    )


def test_failure_after_a_built_input_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "perwal-kota-sukamaju-2023-7.nq").write_text("old\n", encoding="utf-8")
    with pytest.raises(PipelineError):
        build_files([PERWAL, NOT_A_REGULATION], out, BASE, prune=True)
    assert [(p.name, p.read_text(encoding="utf-8")) for p in out.iterdir()] == [
        ("perwal-kota-sukamaju-2023-7.nq", "old\n")
    ]  # not replaced, and no staging folder left behind


def test_the_same_regulation_twice_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(PERWAL.read_bytes())
    out = tmp_path / "new" / "out"
    with pytest.raises(PipelineError, match="same regulation: perwal-kota-sukamaju-2023-7"):
        build_files([PERWAL, copy], out, BASE)
    assert not (tmp_path / "new").exists()  # the folders made for the build are removed again


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path)]) == 2
    assert "nope.txt" in capsys.readouterr().err


def test_stats(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    build_files([PERWAL], tmp_path, BASE)
    assert main(["stats", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "sotk:Pasal" in out and "org:Post" in out
    row = next(line for line in out.splitlines() if line.startswith(f"{BASE}/graph/perwal"))
    assert row.split()[3] == "23"  # Pasal 1..23
    assert main(["stats", str(tmp_path / "missing.nq")]) == 2


# Files in the output directory that are not the pipeline's (by name) and must survive a rebuild.
FOREIGN = ("README.md", "notes.ttl", "perbup-kab-contoh-2020-1.ttl.bak", "uu-id-2014-23.nq")


def _root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *sources: Path) -> tuple[Path, Path]:
    """A project root with `sources` in data/source/ and a data/graph/ holding a stale
    regulation's outputs and files the pipeline did not write; SOTK_ROOT points at it."""
    source_dir, graph_dir = tmp_path / "data" / "source", tmp_path / "data" / "graph"
    source_dir.mkdir(parents=True)
    graph_dir.mkdir(parents=True)
    for src in sources:
        (source_dir / src.name).write_bytes(src.read_bytes())
    for name in ("perbup-kab-contoh-2020-1.ttl", "perbup-kab-contoh-2020-1.nq", *FOREIGN):
        (graph_dir / name).write_text("stale\n", encoding="utf-8")
    monkeypatch.setenv("SOTK_ROOT", str(tmp_path))
    return source_dir, graph_dir


def test_full_rebuild_removes_outputs_whose_source_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    _, graph_dir = _root(tmp_path, monkeypatch, PERWAL)
    assert main(["build"]) == 0
    assert sorted(p.name for p in graph_dir.iterdir()) == sorted(
        [*(f"perwal-kota-sukamaju-2023-7{s}" for s in OUTPUT_SUFFIXES), *FOREIGN]
    )
    out = capsys.readouterr().out
    assert f"removed {graph_dir / 'perbup-kab-contoh-2020-1.ttl'}" in out
    assert f"removed {graph_dir / 'perbup-kab-contoh-2020-1.nq'}" in out
    # The same with --out: the full rebuild prunes there, not in data/graph/.
    out_dir = tmp_path / "elsewhere"
    out_dir.mkdir()
    (out_dir / "perwal-kota-sukamaju-2023-8.nq").write_text("stale\n", encoding="utf-8")
    assert main(["build", "--out", str(out_dir)]) == 0
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "perwal-kota-sukamaju-2023-7.nq",
        "perwal-kota-sukamaju-2023-7.report.json",
        "perwal-kota-sukamaju-2023-7.ttl",
    ]


def test_build_of_named_files_removes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, graph_dir = _root(tmp_path, monkeypatch)
    assert main(["build", str(PERWAL), "--out", str(graph_dir)]) == 0
    assert (graph_dir / "perbup-kab-contoh-2020-1.ttl").exists()
    assert (graph_dir / "perwal-kota-sukamaju-2023-7.ttl").exists()


def test_failed_full_rebuild_writes_and_removes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, graph_dir = _root(tmp_path, monkeypatch, PERWAL, NOT_A_REGULATION)
    before = {p.name: p.read_bytes() for p in graph_dir.iterdir()}
    assert main(["build"]) == 2
    assert {p.name: p.read_bytes() for p in graph_dir.iterdir()} == before


def test_empty_source_dir_is_an_error_and_removes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, graph_dir = _root(tmp_path, monkeypatch)
    assert main(["build"]) == 2
    assert (graph_dir / "perbup-kab-contoh-2020-1.nq").exists()


def test_output_names() -> None:
    assert is_output_name("perbup-kab-bekasi-2021-99.ttl")
    assert is_output_name("perda-prov-jawa-barat-2016-050-3708.nq")
    for name in (*FOREIGN, ".perbup-kab-bekasi-2021-99.ttl.x.tmp", "perbup-kab-bekasi-99.ttl"):
        assert not is_output_name(name), name


# ------------------------------------------- Memperhatikan; Pasal heading and text on one line
# Expected values from reading tests/fixtures/perbup-contoh-2024-3.txt and -4.txt.
PERBUP_CONTOH = FIXTURES / "perbup-contoh-2024-3.txt"
EMPTY_MEMPERHATIKAN = FIXTURES / "perbup-contoh-2024-4.txt"
CONTOH_WORK = f"{BASE}/eli/id/perbup/kab-mekarsari/2024/3"


@pytest.fixture(scope="module")
def perbup_contoh() -> BuildResult:
    return build_graph(PERBUP_CONTOH.read_text(encoding="utf-8"), PERBUP_CONTOH.name, BASE)


def test_memperhatikan_items_are_citable_provisions(perbup_contoh: BuildResult) -> None:
    g, work = perbup_contoh.graph, URIRef(CONTOH_WORK)
    assert perbup_contoh.warnings == []
    block = URIRef(f"{CONTOH_WORK}/memperhatikan")
    item = URIRef(f"{CONTOH_WORK}/memperhatikan/angka/1")
    assert (block, RDF.type, SOTK.Memperhatikan) in g
    assert (block, ELI.is_part_of, work) in g and (work, ELI.has_part, block) in g
    assert g.value(block, ELI.type_subdivision) == URIRef(
        f"{BASE}/id/concept/jenis-subdivisi/memperhatikan"
    )
    # the preamble order of the text: judul, menimbang, mengingat, memperhatikan, then BAB I
    assert int(g.value(block, SOTK.sequence)) == 4
    assert (item, RDF.type, SOTK.Angka) in g and (item, ELI.is_part_of, block) in g
    assert str(g.value(item, SOTK.verbatimText)) == (
        "Surat Menteri Dalam Negeri Nomor 061/2911/SJ tanggal 4 Juli 2022 perihal "
        "Penyederhanaan Struktur Organisasi Perangkat Daerah;"
    )
    assert {(str(x), x.language) for x in g.objects(item, RDFS.label)} == {
        ("Memperhatikan angka 1", "id"),
        ("Noting item 1", "en"),
    }
    assert int(g.value(item, SOTK.sourceLine)) == 21
    letter = URIRef(f"{BASE}/id/dokumen/surat-menteri/061-2911-sj")
    assert (item, ELI.cites, letter) in g and (work, ELI.cites, letter) in g
    assert (work, ELI.based_on, letter) not in g
    assert g.value(letter, PROV.wasDerivedFrom) == item
    # item 2, meeting results: its text only
    second = URIRef(f"{CONTOH_WORK}/memperhatikan/angka/2")
    assert str(g.value(second, SOTK.verbatimText)).startswith("Hasil Rapat Koordinasi")
    assert g.value(second, ELI.cites) is None


def test_pasal_heading_on_the_line_of_its_text_is_noted(perbup_contoh: BuildResult) -> None:
    g = perbup_contoh.graph
    one = URIRef(f"{CONTOH_WORK}/pasal/1")
    assert (
        str(g.value(one, SOTK.verbatimText)) == "Dalam Peraturan Bupati ini yang dimaksud dengan:"
    )
    notes = {str(n) for n in g.objects(one, SKOS.editorialNote)}
    assert notes == {
        "Line 31 holds the heading 'Pasal 1' and the first line of its text; read as the "
        "heading, followed by its text."
    }
    assert len(set(g.objects(one, ELI.has_part))) == 5
    assert len(set(g.subjects(RDF.type, SOTK.Definisi))) == 5
    assert g.value(URIRef(f"{CONTOH_WORK}/pasal/4"), SKOS.editorialNote) is None
    # line 52 "Pasal 5 Peraturan Daerah ..." after "sesuai dengan": text, noted where it went
    ayat_2 = URIRef(f"{CONTOH_WORK}/pasal/4/ayat/2")
    assert {str(n) for n in g.objects(ayat_2, SKOS.editorialNote)} == {
        "Line 52 starts with 'Pasal 5', the next Pasal in sequence, but continues a sentence that "
        "does not end; read as text. It may be the heading of Pasal 5 with the first line of its "
        "text, the sentence before it having lost its full stop."
    }
    numbers = sorted(int(g.value(p, ELI.number)) for p in g.subjects(RDF.type, SOTK.Pasal))
    assert numbers == [1, 2, 3, 4, 5]


def test_empty_memperhatikan_block_is_reported_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["build", str(EMPTY_MEMPERHATIKAN), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    head = next(i for i, line in enumerate(out) if line.startswith(f"{EMPTY_MEMPERHATIKAN}:"))
    assert out[head + 1] == "  warning: line 18: not placed in the provision tree: Memperhatikan :"
    g = Graph().parse(tmp_path / "perbup-kab-mekarsari-2024-4.ttl", format="turtle")
    work = URIRef(f"{BASE}/eli/id/perbup/kab-mekarsari/2024/4")
    assert not set(g.subjects(RDF.type, SOTK.Memperhatikan))
    assert (work, ELI.has_part, URIRef(f"{work}/memperhatikan")) not in g
    assert any(
        "'Memperhatikan' block (line 18) lists nothing" in str(n)
        for n in g.objects(work, SKOS.editorialNote)
    )
