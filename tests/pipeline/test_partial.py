"""Excerpts without their title block, built with the work named (`--work`): the graph is marked
partial, says which parts the text holds, and reports each line it cannot place. Expected values
come from reading EXCERPT below (line numbers counted in it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from repo_paths import REPO_ROOT

from sotk_kg.cli import main
from sotk_kg.iris import WorkId, region_name, work_from_path
from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.errors import NotARegulationError, PipelineError
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.terms import ELI, ORG, RDF, RDFS, SKOS, SOTK

BASE = "https://w3id.org/sotk-kg"
PERWAL = REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt"
# Line 1 is a website's caption; Bagian Kedua holds Pasal 4 (ayat 1-3, huruf a-b under ayat 3)
# and Pasal 5 (no ayat).
EXCERPT = """\
TUGAS DAN FUNGSI SEKRETARIAT

Bagian Kedua
Sekretariat

Pasal 4

(1) Sekretariat dipimpin oleh seorang Sekretaris yang berada di bawah dan bertanggung jawab kepada Kepala Dinas.
(2) Sekretaris mempunyai tugas pokok melaksanakan koordinasi pelaksanaan tugas Dinas.
(3) Sekretaris dalam melaksanakan tugas pokok sebagaimana dimaksud pada ayat (2) menyelenggarakan fungsi:
a. pengoordinasian penyusunan program kerja; dan
b. pengelolaan administrasi umum dan kepegawaian.

Pasal 5

Sub Bagian Umum dan Kepegawaian dipimpin oleh seorang Kepala Sub Bagian yang berada di bawah dan bertanggung jawab kepada Sekretaris.
"""  # noqa: E501  (the lines of a regulation as published)
WORK = WorkId("perbup", "kab-contoh", "2022", "33")
WORK_IRI = URIRef(f"{BASE}/eli/id/perbup/kab-contoh/2022/33")
UNKNOWN_IRI = URIRef(f"{BASE}/eli/id/perbup/kab-contoh/unknown/unknown")


def concept(kind: str) -> URIRef:
    return URIRef(f"{BASE}/id/concept/jenis-subdivisi/{kind}")


# -- the work on the command line ----------------------------------------------------------------
def test_work_path_reads_as_the_iri_writes_it() -> None:
    assert work_from_path("perbup/kab-tanah-bumbu/2022/33") == WorkId(
        "perbup", "kab-tanah-bumbu", "2022", "33"
    )
    assert work_from_path("perwal/kota-serang/unknown/unknown-dlh").nomor == "unknown-dlh"
    assert region_name("kab-tanah-bumbu") == "Kabupaten Tanah Bumbu"


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("perbup/kab-contoh/22/33", "YEAR four digits"),
        ("perbup/tanah-bumbu/2022/33", "not a region slug"),
        ("perbup/kab-contoh/2022", "JENIS/REGION/YEAR/NUMBER"),
        ("perbup/kab-contoh/2022/x33", "NUMBER a slug starting with a digit"),
        ("perbup/kab-contoh/2022/33/", ""),  # a trailing slash is harmless
    ],
)
def test_a_malformed_work_says_what_is_expected(path: str, why: str) -> None:
    if not why:
        assert work_from_path(path) == WORK
        return
    with pytest.raises(ValueError, match=why):
        work_from_path(path)


def test_an_excerpt_without_work_is_refused_saying_to_name_it() -> None:
    with pytest.raises(NotARegulationError, match=r"--work JENIS/REGION/YEAR/NUMBER") as exc:
        parse_document(EXCERPT, "excerpt.txt")
    assert exc.value.line == 6  # the first Pasal heading, before which no title block came


def test_an_excerpt_of_a_kind_the_parser_does_not_read_is_refused() -> None:
    with pytest.raises(PipelineError, match=r"jenis 'permendagri' .*\(perbup"):
        parse_document(EXCERPT, "excerpt.txt", WorkId("permendagri", "kab-contoh", "2022", "1"))


def test_an_excerpt_of_no_region_is_refused() -> None:
    with pytest.raises(PipelineError, match=r"not a region slug"):
        parse_document(EXCERPT, "excerpt.txt", WorkId("perbup", "bekasi", "2022", "1"))


# -- the tree and the graph of an excerpt --------------------------------------------------------
def test_excerpt_is_read_from_its_first_heading() -> None:
    doc = parse_document(EXCERPT, "excerpt.txt", WORK)
    assert doc.judul is None and doc.menimbang is None and doc.penutup is None
    assert (doc.jenis_label, doc.region_name, doc.number, doc.year) == (
        "Peraturan Bupati",
        "Kabupaten Contoh",
        "33",
        "2022",
    )
    pasal = [p for p in doc.provisions() if p.kind == "pasal"]
    assert [p.number for p in pasal] == ["4", "5"]
    assert [c.number for c in pasal[0].children] == ["1", "2", "3"]
    assert [c.number for c in pasal[0].children[2].children] == ["a", "b"]
    assert doc.unplaced == [(1, "TUGAS DAN FUNGSI SEKRETARIAT")]
    # The sequence starts at the excerpt's first Pasal: Pasal 4 is not "out of sequence".
    assert not any("Pasal 4 is out of sequence" in n for n in pasal[0].notes)


def test_excerpt_graph_is_marked_partial_with_its_parts() -> None:
    result = build_graph(EXCERPT, "excerpt.txt", BASE, work=WORK)
    g = result.graph
    assert result.graph_iri == URIRef(f"{BASE}/graph/perbup/kab-contoh/2022/33")
    assert g.value(WORK_IRI, SOTK.partial) == Literal(True)
    assert set(g.objects(WORK_IRI, SOTK.partPresent)) == {concept("pasal")}
    assert set(g.objects(WORK_IRI, SOTK.partAbsent)) == {
        concept(k) for k in ("judul", "menimbang", "mengingat", "penutup")
    }
    assert g.value(WORK_IRI, SOTK.firstPasal) == URIRef(f"{WORK_IRI}/pasal/4")
    assert g.value(WORK_IRI, SOTK.lastPasal) == URIRef(f"{WORK_IRI}/pasal/5")
    assert (URIRef(f"{WORK_IRI}/pasal/4/ayat/3/huruf/b"), ELI.is_part_of, None) in g
    assert g.value(WORK_IRI, ELI.number) == Literal("33")
    assert "line 1: not placed in the provision tree: TUGAS DAN FUNGSI SEKRETARIAT" in (
        result.warnings
    )


def test_a_whole_regulation_is_not_marked_partial() -> None:
    result = build_graph(PERWAL.read_text(encoding="utf-8"), PERWAL.name, BASE)
    assert not any(p in (SOTK.partial, SOTK.partPresent) for _, p, _ in result.triples)


def test_unknown_year_and_number_mint_a_work_no_real_one_has() -> None:
    result = build_graph(
        EXCERPT, "excerpt.txt", BASE, work=work_from_path("perbup/kab-contoh/unknown/unknown")
    )
    g = result.graph
    assert result.slug == "perbup-kab-contoh-unknown-unknown"
    assert g.value(UNKNOWN_IRI, SOTK.partial) == Literal(True)
    # Neither a number nor a year is stated for it, and its label says they are unknown.
    assert g.value(UNKNOWN_IRI, ELI.number) is None
    assert g.value(UNKNOWN_IRI, SOTK.year) is None
    labels = {str(o) for o in g.objects(UNKNOWN_IRI, RDFS.label)}
    assert "Peraturan Bupati Contoh (nomor dan tahun tidak diketahui)" in labels


def test_a_title_block_that_disagrees_with_the_work_is_refused() -> None:
    text = PERWAL.read_text(encoding="utf-8")
    with pytest.raises(
        PipelineError, match=r"perwal/kota-sukamaju/2023/8.*perwal/kota-sukamaju/2023/7"
    ):
        build_graph(text, PERWAL.name, BASE, work=work_from_path("perwal/kota-sukamaju/2023/8"))


def test_a_title_block_that_agrees_with_the_work_builds_as_without_it() -> None:
    text = PERWAL.read_text(encoding="utf-8")
    named = build_graph(text, PERWAL.name, BASE, work=work_from_path("perwal/kota-sukamaju/2023/7"))
    assert named.triples == build_graph(text, PERWAL.name, BASE).triples


# -- the command line ----------------------------------------------------------------------------
@pytest.fixture
def excerpt(tmp_path: Path) -> Path:
    path = tmp_path / "excerpt.txt"
    path.write_text(EXCERPT, encoding="utf-8")
    return path


def test_cli_builds_an_excerpt_named_with_work(
    excerpt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert (
        main(["build", str(excerpt), "--out", str(out), "--work", "perbup/kab-contoh/2022/33"]) == 0
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "perbup-kab-contoh-2022-33.nq",
        "perbup-kab-contoh-2022-33.report.json",
        "perbup-kab-contoh-2022-33.ttl",
    ]
    assert "warning: line 1: not placed in the provision tree" in capsys.readouterr().out


def test_cli_without_work_refuses_an_excerpt_and_writes_nothing(
    excerpt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(excerpt), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "line 6" in err and "sotk-kg build --work JENIS/REGION/YEAR/NUMBER" in err
    assert not out.exists()


def test_cli_work_with_two_files_is_refused(excerpt: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [
        "build",
        str(excerpt),
        str(PERWAL),
        "--out",
        str(out),
        "--work",
        "perbup/kab-contoh/2022/33",
    ]
    assert main(args) == 2
    assert not out.exists()


def test_cli_malformed_work_is_a_usage_error(
    excerpt: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["build", str(excerpt), "--work", "perbup/kab-contoh/22/33"])
    assert exc.value.code == 2
    assert "YEAR four digits or unknown" in capsys.readouterr().err


# Lines 1, 8 and 13 are a site's captions between the posts' ayat; no Pasal heading anywhere.
AYAT_ONLY = """\
Kepala Dinas

(1) Dinas dipimpin oleh Kepala Dinas yang berada di bawah dan bertanggung jawab kepada Bupati.
(2) Kepala Dinas mempunyai fungsi:
a. perumusan kebijakan teknis
b. pelaporan

Sekretaris Dinas

(1) Sekretariat dipimpin oleh seorang Sekretaris.
(2) Sekretaris mempunyai tugas pokok membantu Kepala Dinas.

SUSUNAN ORGANISASI

a. Kepala Dinas;
b. Sekretariat.
"""


def test_ayat_only_excerpt_has_pasal_without_a_number() -> None:
    result = build_graph(AYAT_ONLY, "ayat-only.txt", BASE, work=WORK)
    doc = parse_document(AYAT_ONLY, "ayat-only.txt", WORK)
    pasal = [p for p in doc.provisions() if p.kind == "pasal"]
    assert [(p.number, p.line_start) for p in pasal] == [("", 3), ("", 10), ("", 15)]
    assert [c.number for c in pasal[0].children] == ["1", "2"]
    # The caption is reported, not joined to the last item ("pelaporan Sekretaris Dinas").
    assert pasal[0].children[1].children[1].text == "pelaporan"
    assert [c.number for c in pasal[2].children] == ["a", "b"]
    assert doc.unplaced == [
        (1, "Kepala Dinas"),
        (8, "Sekretaris Dinas"),
        (13, "SUSUNAN ORGANISASI"),
    ]
    g = result.graph
    second = URIRef(f"{WORK_IRI}/pasal/tanpa-nomor-2")
    assert g.value(second, ELI.number) is None
    assert Literal("Pasal tanpa nomor 2", lang="id") in set(g.objects(second, RDFS.label))
    assert (URIRef(f"{second}/ayat/2"), ELI.is_part_of, second) in g
    assert g.value(WORK_IRI, SOTK.firstPasal) is None  # no numbered Pasal to name


# -- the perangkat daerah of an excerpt, read from its text --------------------------------------
# Three Pasal of a Badan, no title block, no definition: the Badan is named in Pasal 2 (1)-(2),
# its head in (2) and Pasal 3; the Sekretariat and one Bidang each have a head reporting to the
# Kepala Badan (Pasal 4 (1), 5 (1)); each head is given one task.
BADAN_EXCERPT = """\
Pasal 2

(1) Badan Kepegawaian dan Pengembangan Sumber Daya Manusia merupakan unsur penunjang urusan pemerintahan bidang kepegawaian.
(2) Badan Kepegawaian dan Pengembangan Sumber Daya Manusia dipimpin oleh Kepala Badan yang berada di bawah dan bertanggung jawab kepada Bupati melalui Sekretaris Daerah.

Pasal 3

Kepala Badan mempunyai tugas membantu Bupati melaksanakan fungsi penunjang urusan pemerintahan bidang kepegawaian.

Pasal 4

(1) Sekretariat dipimpin oleh seorang Sekretaris yang berada di bawah dan bertanggung jawab kepada Kepala Badan.
(2) Sekretaris mempunyai tugas melaksanakan koordinasi penyusunan program dan pelayanan administrasi Badan.

Pasal 5

(1) Bidang Mutasi dan Promosi dipimpin oleh seorang Kepala Bidang yang berada di bawah dan bertanggung jawab kepada Kepala Badan.
(2) Kepala Bidang Mutasi dan Promosi mempunyai tugas melaksanakan penyiapan perumusan kebijakan teknis di bidang mutasi dan promosi pegawai.
"""  # noqa: E501  (the lines of a regulation as published)
BADAN_WORK = work_from_path("perbup/kab-contoh/unknown/unknown")
ORG_IRI = f"{BASE}/id/org/kab-contoh"


def labelled_posts(g: Graph) -> dict[str, URIRef]:
    return {
        str(g.value(s, SKOS.prefLabel)): s
        for s in g.subjects(RDF.type, ORG.Post)
        if isinstance(s, URIRef)
    }


def test_excerpt_names_its_badan_from_its_text_and_reads_its_posts() -> None:
    result = build_graph(BADAN_EXCERPT, "badan.txt", BASE, work=BADAN_WORK)
    g = result.graph
    assert not any("organisation not read" in w for w in result.warnings)
    badan = URIRef(f"{ORG_IRI}/badan-kepegawaian-dan-pengembangan-sumber-daya-manusia")
    assert (badan, RDF.type, SOTK.Badan) in g
    assert g.value(badan, SKOS.prefLabel) == Literal(
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Contoh", lang="id"
    )
    assert "named as the text names it most often" in str(g.value(badan, SKOS.editorialNote))
    posts = labelled_posts(g)
    head = posts["Kepala Badan"]
    assert (head, RDF.type, SOTK.KepalaBadan) in g and (head, SOTK.leads, badan) in g
    superiors = {
        "Kepala Badan": "Bupati",
        "Sekretaris": "Kepala Badan",
        "Kepala Bidang Mutasi dan Promosi": "Kepala Badan",
    }
    for post, superior in superiors.items():
        sup = g.value(posts[post], SOTK.reportsDirectlyTo)
        assert sup == posts[superior], post
        assert len(set(g.objects(posts[post], SOTK.hasDuty))) == 1, post
    assert g.value(head, SOTK.reportsVia) == posts["Sekretaris Daerah"]


def test_excerpt_naming_only_its_head_is_labelled_by_the_kind() -> None:
    """From Pasal 3 on, the Badan is named only by its head ("Kepala Badan") and as "Badan":
    it is the Badan, labelled by its kind alone, and a note on it says so."""
    text = "\n".join(BADAN_EXCERPT.splitlines()[5:])  # from Pasal 3
    g = build_graph(text, "badan.txt", BASE, work=BADAN_WORK).graph
    badan = URIRef(f"{ORG_IRI}/badan")
    assert (badan, RDF.type, SOTK.Badan) in g
    assert g.value(badan, SKOS.prefLabel) == Literal("Badan Kabupaten Contoh", lang="id")
    assert "labelled by its kind alone ('Badan')" in str(g.value(badan, SKOS.editorialNote))
    assert (labelled_posts(g)["Kepala Badan"], SOTK.leads, badan) in g


def test_excerpt_naming_no_perangkat_daerah_keeps_its_provisions() -> None:
    text = "Pasal 7\n\nPegawai wajib mematuhi ketentuan peraturan perundang-undangan.\n"
    result = build_graph(text, "x.txt", BASE, work=BADAN_WORK)
    assert any("organisation not read" in w and "named in its text" in w for w in result.warnings)
    assert (URIRef(f"{BASE}/eli/id/perbup/kab-contoh/unknown/unknown/pasal/7"), None, None) in (
        result.graph
    )
