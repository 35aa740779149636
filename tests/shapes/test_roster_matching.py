"""How roster words become the statements the roster rules read (checks/roster.py): posts by name
within the roster's perangkat daerah and unit, jenis jabatan and grades by notation or label, and
RDF rosters made uniform (posts through org:organization, periods through org:memberDuring, grades
and jenis jabatan given as text, the document's own sotk:Roster). Expected findings are worked
out from the fixture structure (tests/shapes/fixtures/structure.ttl) and the rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapes_support import SOTKSH, mutated_structure, sources_with_graph

from sotk_kg.checks.validation import Sources, validate_paths

BASE = "https://w3id.org/sotk-kg/id"
POST = f"{BASE}/post/kab-contoh/dinas-contoh"
ORG = f"{BASE}/org/kab-contoh/dinas-contoh"
GRADE = f"{BASE}/concept/jenjang-jabatan-fungsional"
HEADER = "nama,nip,jabatan,unit,jenis_jabatan,jenjang,mulai"
DEWI = "Dewi Anggraini,198507092010012003"


def rules(outcome) -> set[tuple[str, str, str | None]]:
    return {(f.rule[len(SOTKSH) :], f.focus, f.value) for f in outcome.findings}


def rows(sources: Sources, tmp_path: Path, *lines: str, **options) -> set[tuple[str, int | None]]:
    roster = tmp_path / "roster.csv"
    roster.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    outcome = validate_paths([roster], sources=sources, **options)
    return {(f.rule[len(SOTKSH) :], f.row) for f in outcome.findings}


@pytest.fixture
def two_sub_koordinators(tmp_path: Path) -> Sources:
    """The fixture structure with a second "Sub Koordinator Pembinaan Usaha", in the Sekretariat
    and without a grade requirement: only the unit tells the two apart."""
    graph = tmp_path / "graph"
    graph.mkdir()
    mutated_structure(
        f"""INSERT DATA {{
          <{POST}/sub-koordinator-sekretariat> a <http://www.w3.org/ns/org#Post> ;
            <http://www.w3.org/2004/02/skos/core#prefLabel> "Sub Koordinator Pembinaan Usaha"@id ;
            <http://www.w3.org/ns/org#postIn> <{ORG}/sekretariat> .
        }}""",
        graph / "structure.ttl",
    )
    return sources_with_graph(graph)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("Bidang Pembinaan", {("SubKoordinatorHolderGradeShape", 2)}),  # Mahir is too low there
        ("sekretariat", set()),  # no grade requirement in the Sekretariat
        ("", {("MembershipPostAmbiguousShape", 2)}),
        ("Bidang Lain", {("MembershipPostAmbiguousShape", 2)}),  # no unit of that name: both
    ],
)
def test_the_unit_tells_apart_posts_of_one_name(
    two_sub_koordinators: Sources, tmp_path: Path, unit: str, expected: set
) -> None:
    line = f"{DEWI},Sub Koordinator Pembinaan Usaha,{unit},fungsional,Mahir,2022-01-03"
    assert rows(two_sub_koordinators, tmp_path, line) == expected


def test_a_post_outside_every_perangkat_daerah_is_not_matched(
    published: Sources, tmp_path: Path
) -> None:
    # the Bupati's post is the region's, not the Dinas's that the other row settles
    lines = (
        "Joko Susilo,199202282019031001,Pelaksana,,pelaksana,,2022-01-03",
        "Budi Santoso,198004202005011002,Bupati,,struktural,,2022-01-03",
    )
    assert rows(published, tmp_path, *lines) == {("MembershipPostShape", 3)}


def test_a_roster_may_span_several_perangkat_daerah(two_dinas: Sources, tmp_path: Path) -> None:
    # the two Sub Koordinator names are each in one Dinas only: both Dinas are the roster's,
    # so "Kepala Dinas" fits two posts
    lines = (
        f"{DEWI},Sub Koordinator Pembinaan Usaha,,fungsional,Ahli Muda,2022-01-03",
        "Rina Marlina,199001012015032002,Sub Koordinator Pembinaan Koperasi,,fungsional,"
        "Ahli Muda,2022-01-03",
        "Andi Wijaya,197501022000031001,Kepala Dinas,,struktural,,2022-01-03",
    )
    assert rows(two_dinas, tmp_path, *lines) == {("MembershipPostAmbiguousShape", 4)}


@pytest.mark.parametrize("jenis", ["fungsional", "Jabatan Fungsional", "Functional Post"])
def test_jenis_jabatan_by_notation_or_label(published: Sources, tmp_path: Path, jenis: str) -> None:
    line = f"{DEWI},Sub Koordinator Pembinaan Usaha,,{jenis},Ahli Muda,2022-01-03"
    assert rows(published, tmp_path, line) == set()


RDF_ROSTER = f"""
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sotk: <https://w3id.org/sotk-kg/def/sotk#> .
@prefix ex: <https://example.org/> .

ex:roster a sotk:Roster ; sotk:rosterEntry ex:m1 .
# Andi heads the Bidang until 2022-01-03 and the Dinas from that day: one day of both
ex:m1 a org:Membership ; org:member ex:andi ;
    org:organization <{POST}/kepala-bidang-pembinaan> ;
    sotk:jenisJabatan "Struktural" ;
    org:memberDuring [ time:hasBeginning [ time:inXSDDate "2019-01-02"^^xsd:date ] ;
                       time:hasEnd [ time:inXSDDate "2022-01-03"^^xsd:date ] ] .
# sotk:post is the post: org:organization (the Sekretaris's post) is then not read as one
ex:m2 a org:Membership ; org:member ex:andi ;
    sotk:post <{POST}/kepala-dinas> ; org:organization <{POST}/sekretaris> ;
    sotk:jenisJabatan "struktural" ;
    org:memberDuring [ time:hasBeginning [ time:inXSDDate "2022-01-03"^^xsd:date ] ] .
ex:andi a foaf:Person ; foaf:name "Andi Wijaya" ; sotk:nip "197501022000031001" .
# grade given as text: Mahir, below the fallback Penyelia
ex:m3 a org:Membership ; org:member ex:dewi ;
    sotk:post <{POST}/sub-koordinator-pembinaan-usaha> ;
    sotk:jenisJabatan "fungsional" ; sotk:jenjang "Mahir" .
ex:dewi a foaf:Person ; foaf:name "Dewi Anggraini" ; sotk:nip "198507092010012003" .
# neither the jenis jabatan nor the grade is known: both kept as text
ex:m4 a org:Membership ; org:member ex:rina ; sotk:post <{POST}/pejabat-fungsional> ;
    sotk:jenisJabatan "honorer" ; sotk:jenjang "Ahli Tengah" .
ex:rina a foaf:Person ; foaf:name "Rina Marlina" ; sotk:nip "199001012015032002" .
"""


def test_rdf_roster(published: Sources, tmp_path: Path) -> None:
    path = tmp_path / "roster.ttl"
    path.write_text(RDF_ROSTER, encoding="utf-8")
    ex = "https://example.org/"
    expected = {
        ("OneStructuralPostShape", f"{ex}m1", f"{POST}/kepala-dinas"),
        ("OneStructuralPostShape", f"{ex}m2", f"{POST}/kepala-bidang-pembinaan"),
        ("SubKoordinatorHolderGradeShape", f"{ex}m3", f"{GRADE}/mahir"),
        ("MembershipJenisShape", f"{ex}m4", "honorer"),
        ("MembershipGradeShape", f"{ex}m4", "Ahli Tengah"),
    }
    assert rules(validate_paths([path], sources=published)) == expected
    # claimed complete: the document's own roster lacks the Sekretaris, whose post is no
    # membership's sotk:post (only m2's org:organization)
    complete = validate_paths([path], sources=published, complete=True)
    assert rules(complete) == expected | {
        ("CompleteRosterShape", f"{ex}roster", f"{POST}/sekretaris")
    }


def test_rdf_roster_periods_that_do_not_meet(published: Sources, tmp_path: Path) -> None:
    path = tmp_path / "roster.ttl"
    # the Bidang post ends the day before the Dinas post starts
    ends = 'time:hasEnd [ time:inXSDDate "2022-01-03"^^xsd:date ]'
    assert ends in RDF_ROSTER
    path.write_text(RDF_ROSTER.replace(ends, ends.replace("03", "02")), encoding="utf-8")
    found = {rule for rule, _, _ in rules(validate_paths([path], sources=published))}
    assert "OneStructuralPostShape" not in found


def test_words_are_read_case_spacing_and_hyphen_insensitively(
    published: Sources, tmp_path: Path
) -> None:
    # "Ahli_Muda" is the notation ahli-muda; "dinas" a unique start of "Dinas Contoh"
    line = f"{DEWI},sub koordinator  PEMBINAAN-usaha,,Fungsional,Ahli_Muda,2022-01-03"
    assert rows(published, tmp_path, line, perangkat_daerah="dinas") == set()


def test_words_kept_as_text_are_the_values_reported(published: Sources, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    line = "Rina Marlina,199001012015032002,Pejabat Fungsional,,honorer,Ahli Tengah,2022-01-03"
    roster.write_text(f"{HEADER}\n{line}\n", encoding="utf-8")
    outcome = validate_paths([roster], sources=published)
    assert {(f.rule[len(SOTKSH) :], f.value) for f in outcome.findings} == {
        ("MembershipJenisShape", "honorer"),
        ("MembershipGradeShape", "Ahli Tengah"),
    }


def test_one_nip_under_two_names(published: Sources, tmp_path: Path) -> None:
    # the same NIP under two names is reported as a NIP given for two people
    # (sotksh:OneNipOnePersonShape: "A. Wijaya" may be someone else), not as one person leading
    # two units; a row without a NIP is a person of its own (by name), reported for the missing
    # NIP only
    lines = (
        "Andi Wijaya,197501022000031001,Kepala Dinas,,struktural,,2022-01-03",
        "A. Wijaya,197501022000031001,Kepala Bidang Pembinaan,,struktural,,2022-01-03",
        "Joko Susilo,,Pelaksana,,pelaksana,,2022-01-03",
    )
    assert rows(published, tmp_path, *lines) == {
        ("OneNipOnePersonShape", 2),
        ("OneNipOnePersonShape", 3),
        ("Membership-nip", 4),
    }


def test_ambiguous_name_without_a_unit_column(two_dinas: Sources, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "nama,nip,jabatan,jenis_jabatan\nAndi Wijaya,197501022000031001,Kepala Dinas,struktural\n",
        encoding="utf-8",
    )
    outcome = validate_paths([roster], sources=two_dinas)
    assert {(f.rule[len(SOTKSH) :], f.row) for f in outcome.findings} == {
        ("MembershipPostAmbiguousShape", 2)
    }


def test_the_perangkat_daerah_is_settled_from_every_row(two_dinas: Sources, tmp_path: Path) -> None:
    # row 2 names its post by IRI (settles nothing); row 3's name is only Dinas Contoh's, so
    # "Kepala Dinas" (row 4) is Dinas Contoh's, not ambiguous
    lines = (
        f"Joko Susilo,199202282019031001,{POST}/pelaksana,,pelaksana,,2022-01-03",
        f"{DEWI},Sub Koordinator Pembinaan Usaha,,fungsional,Ahli Muda,2022-01-03",
        "Andi Wijaya,197501022000031001,Kepala Dinas,,struktural,,2022-01-03",
    )
    assert rows(two_dinas, tmp_path, *lines) == set()


def test_perangkat_daerah_by_name_without_punctuation(published: Sources, tmp_path: Path) -> None:
    line = "Joko Susilo,199202282019031001,Pelaksana,,pelaksana,,2022-01-03"
    assert rows(published, tmp_path, line, perangkat_daerah="Dinas, Contoh.") == set()
