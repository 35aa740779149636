"""The validation entry points: what is validated with what, uploads, unusable input."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapes_support import FIXTURES, SOTKSH, STRUCTURE, sources_with_graph

from sotk_kg.checks.errors import UnusableInput
from sotk_kg.checks.validation import Sources, validate_paths, validate_upload

ROSTERS = FIXTURES / "rosters"
SUB_KOORDINATOR = (
    "https://w3id.org/sotk-kg/id/post/kab-contoh/dinas-contoh/sub-koordinator-pembinaan-usaha"
)
BIDANG = "https://w3id.org/sotk-kg/id/org/kab-contoh/dinas-contoh/bidang-pembinaan"


def test_each_published_regulation_is_validated_on_its_own(tmp_path: Path) -> None:
    # b.ttl alone is harmless; merged with a.ttl it would give the Bidang a second head
    graph_dir = tmp_path / "graph"
    graph_dir.mkdir()
    (graph_dir / "a.ttl").write_bytes(STRUCTURE.read_bytes())
    (graph_dir / "b.ttl").write_text(
        f"<{SUB_KOORDINATOR}> a <http://www.w3.org/ns/org#Post> ;\n"
        f"    <https://w3id.org/sotk-kg/def/sotk#leads> <{BIDANG}> .\n",
        encoding="utf-8",
    )
    outcome = validate_paths([], sources=sources_with_graph(graph_dir))
    assert outcome.checked == ["a.ttl", "b.ttl"]
    assert outcome.findings == []


def test_no_published_graph_is_unusable(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="no published graph"):
        validate_paths([], sources=sources_with_graph(tmp_path))


def test_roster_with_submitted_structure(tmp_path: Path) -> None:
    # the structure file given next to the roster is the structure the roster is matched onto
    sources = sources_with_graph(tmp_path)  # nothing published
    roster = ROSTERS / "SubKoordinatorHolderGradeShape.csv"
    outcome = validate_paths([STRUCTURE, roster], sources=sources)
    assert {(f.rule[len(SOTKSH) :], f.row) for f in outcome.findings} == {
        ("SubKoordinatorHolderGradeShape", 5)
    }


def test_upload_csv(published: Sources) -> None:
    payload = (ROSTERS / "Membership-nip.csv").read_bytes()
    outcome = validate_upload(payload, "text/csv; charset=utf-8", "roster.csv", sources=published)
    assert [(f.rule[len(SOTKSH) :], f.source, f.row) for f in outcome.findings] == [
        ("Membership-nip", "roster.csv", 7)
    ]


def test_upload_json_ld_roster(published: Sources) -> None:
    payload = b"""{
      "@context": {"org": "http://www.w3.org/ns/org#", "foaf": "http://xmlns.com/foaf/0.1/",
                   "sotk": "https://w3id.org/sotk-kg/def/sotk#"},
      "@id": "https://example.org/m1", "@type": "org:Membership",
      "org:member": {"@id": "https://example.org/p1", "@type": "foaf:Person",
                     "foaf:name": "Dewi", "sotk:nip": "198507092010012003"},
      "sotk:post": {"@id": "%s"},
      "sotk:jenisJabatan": "pelaksana"
    }""" % SUB_KOORDINATOR.encode()
    outcome = validate_upload(payload, "application/ld+json", "roster.jsonld", sources=published)
    assert {f.rule[len(SOTKSH) :] for f in outcome.findings} == {
        "SubKoordinatorHolderFunctionalShape"
    }


def test_upload_structure_is_validated_alone(published: Sources) -> None:
    outcome = validate_upload(STRUCTURE.read_bytes(), "text/turtle", sources=published)
    assert outcome.conforms
    assert outcome.checked == ["upload"]


HEADER = b"nama,nip,jabatan,jenis_jabatan\n"
TURTLE_ERROR_ON_LINE_3 = b"@prefix e: <http://e/> .\ne:a e:b e:c .\ne:d e:e e:f e:g .\n"


@pytest.mark.parametrize(
    ("payload", "media_type", "where", "what"),
    [
        (b"nama,nip\nBudi,1\n", "text/csv", "x:1", "missing column(s) jabatan, jenis_jabatan"),
        (
            b"nama,nip,jabatan,jenis_jabatan\nBudi,1,Pelaksana\n",
            "text/csv",
            "x:2",
            "3 fields where the header has 4",
        ),
        (b"nama,nip,jabatan,jenis_jabatan\nB\xe9di,1,P,p\n", "text/csv", "x:2:2", "not UTF-8"),
        # the column counts characters: "\xc3\xa9" is one (e acute), so the bad byte is the 4th
        (HEADER + b"\xc3\xa9\xc3\xa9x\xe9,1,P,p\n", "text/csv", "x:2:4:", "not UTF-8"),
        (HEADER, "text/csv", "x:2:", "no rows"),
        (HEADER + b"\n \n", "text/csv", "x:2:", "no rows"),
        (HEADER[:-1] + b",NIP\nB,1,P,p,2\n", "text/csv", "x:1:", "column(s) nip appear more"),
        # the quote opened on line 3 (or 4, after a record over two lines) is never closed
        (HEADER + b'Budi,1,P,p\nSri,"2,P,p\nJoko,3,P,p\n', "text/csv", "x:3:", "unbalanced quote"),
        (HEADER + b'B,1,"Kepala\nDinas",p\nSri,2,P,"p\n', "text/csv", "x:4:", "unbalanced quote"),
        # the record starts on line 2; its quoted field over lines 2-3 closes, the next never
        (HEADER + b'Budi,1,"two\nlines","open\n', "text/csv", "x:3:", "unbalanced quote"),
        # escaped quotes ("") inside a quoted field do not close it
        (HEADER + b'Budi,"say ""hi""\nthere",P,"p\n', "text/csv", "x:3:", "unbalanced quote"),
        # a quote inside an unquoted field is a character, not an opening
        (HEADER + b'Bu"di,"x\ny",P,"p\n', "text/csv", "x:3:", "unbalanced quote"),
        # inside the open field, "" is an escaped quote: the field opened on line 2 stays open
        (HEADER + b'Budi,"open\nsays ""x"" and ""y""\nend\n', "text/csv", "x:2:", "unbalanced"),
        (HEADER + b"A" * 200_000 + b",1,2,3\n", "text/csv", "x:2:", "unreadable CSV: field larger"),
        (HEADER + b"A,1,2,3\n" + b"A" * 200_000 + b",1,2,3\n", "text/csv", "x:3:", "field larger"),
        # a quote opened in the header itself
        (b'nama,"nip\n,jabatan,jenis_jabatan\n', "text/csv", "x:1:", "unbalanced quote"),
        # more commas than semicolons in the header: commas separate, "jenis_jabatan;unit" is one
        (HEADER[:-1] + b";unit\nB,1,P,p\n", "text/csv", "x:1:", "missing column(s) jenis_jabatan"),
        (b"", "text/csv", "x:1", "empty file"),
        (b"<a> <b> .\n", "text/turtle", "x:1:", "unreadable text/turtle"),
        (TURTLE_ERROR_ON_LINE_3, "text/turtle", "x:3:", "unreadable text/turtle"),
        (b'{"@context": "https://example.org/ctx.jsonld"}', "application/ld+json", "x", "remote"),
        (b"<rdf:RDF/>", "application/rdf+xml", "x", "RDF/XML is not accepted"),
        (b"%PDF-1.4", "application/pdf", "x", "unsupported media type"),
        (b"# nothing\n", "text/turtle", "x", "no triples"),
    ],
)
def test_unusable_upload(
    published: Sources, payload: bytes, media_type: str, where: str, what: str
) -> None:
    with pytest.raises(UnusableInput) as caught:
        validate_upload(payload, media_type, "x", sources=published)
    assert str(caught.value).startswith(where)
    assert what in str(caught.value)


def test_no_semicolon_hint_without_semicolons(published: Sources) -> None:
    with pytest.raises(UnusableInput) as caught:
        validate_upload(b"nama,nip\nBudi,1\n", "text/csv", "x", sources=published)
    assert str(caught.value).endswith("[,selesai][,perangkat_daerah]")


@pytest.mark.parametrize(
    ("name", "what"),
    [("roster.rdf", "RDF/XML is not accepted"), ("roster.xls", "unknown kind of file")],
)
def test_unusable_file_kinds(published: Sources, tmp_path: Path, name: str, what: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"x")
    with pytest.raises(UnusableInput, match=what) as caught:
        validate_paths([path], sources=published)
    assert caught.value.file == str(path)


def test_missing_file(published: Sources, tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="cannot read the file"):
        validate_paths([tmp_path / "absent.csv"], sources=published)


def test_roster_without_any_structure(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="no structure to check the roster against"):
        validate_paths([ROSTERS / "conforming.csv"], sources=sources_with_graph(tmp_path))


def test_post_given_by_iri(published: Sources, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    unknown = SUB_KOORDINATOR.replace("sub-koordinator", "x")
    pelaksana = SUB_KOORDINATOR.rsplit("/", 1)[0] + "/pelaksana"
    roster.write_text(
        "nama,nip,jabatan,jenis_jabatan\n"
        f"Joko Susilo,199202282019031001,{unknown},pelaksana\n"
        "Joko Santoso,199202282019031002,https://example.org/not an iri,pelaksana\n"
        f"Joko Sugiarto,199202282019031003,{pelaksana},pelaksana\n",
        encoding="utf-8",
    )
    outcome = validate_paths([roster], sources=published)
    assert {(f.rule[len(SOTKSH) :], f.row) for f in outcome.findings} == {
        ("MembershipPostShape", 2),  # an IRI that is not a post of the structure
        ("MembershipPostShape", 3),  # not an IRI at all
    }


def test_perangkat_daerah_must_be_known(published: Sources, tmp_path: Path) -> None:
    roster = ROSTERS / "conforming.csv"
    with pytest.raises(UnusableInput, match=r"unknown .*perangkat daerah 'Dinas Lain'") as caught:
        validate_paths([roster], sources=published, perangkat_daerah="Dinas Lain")
    assert caught.value.line is None  # the option's, not a row's
    column = tmp_path / "column.csv"
    column.write_text(
        "nama,nip,jabatan,jenis_jabatan,perangkat_daerah\n"
        "Andi Wijaya,197501022000031001,Kepala Dinas,struktural,\n"
        "Sri Lestari,197803152002122004,Sekretaris,struktural,Dinas Lain\n",
        encoding="utf-8",
    )
    # row 2 leaves the column empty; row 3's name is checked all the same
    with pytest.raises(UnusableInput) as caught:
        validate_paths([column], sources=published)
    assert str(caught.value).startswith(f"{column}:3: unknown (or ambiguous) perangkat daerah")


def test_perangkat_daerah_settles_shared_names(two_dinas: Sources, tmp_path: Path) -> None:
    # both Dinas have a Kepala Dinas and a Sekretaris: the names alone do not say which
    roster = ROSTERS / "MembershipPostAmbiguousShape.csv"
    assert {
        f.rule[len(SOTKSH) :] for f in validate_paths([roster], sources=two_dinas).findings
    } == {"MembershipPostAmbiguousShape"}
    lain = "https://w3id.org/sotk-kg/id/org/kab-lain/dinas-contoh"  # named "Dinas Lain"
    for given in ("Dinas Contoh", "dinas  contoh", lain):
        assert validate_paths([roster], sources=two_dinas, perangkat_daerah=given).conforms
    # or by column, row by row: row 3 then names the Sekretaris of the other Dinas
    column = tmp_path / "column.csv"
    column.write_text(
        "nama,nip,jabatan,jenis_jabatan,perangkat_daerah\n"
        "Andi Wijaya,197501022000031001,Kepala Dinas,struktural,Dinas Contoh\n"
        f"Sri Lestari,197803152002122004,Sekretaris,struktural,{lain}\n",
        encoding="utf-8",
    )
    assert validate_paths([column], sources=two_dinas).conforms
