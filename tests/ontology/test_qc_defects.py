"""Planted defects: feed the QC small broken ontologies and data, and check that each problem
is found (and that the clean variant passes, so the checks are not trivially failing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from sotk_kg.checks.ontology_qc import (
    DATA_MISSING,
    Problem,
    QCInputError,
    check_annotations,
    check_consistency,
    check_external_terms_declared,
    check_local_terms_declared,
    check_parses,
    check_profile,
    main,
    parse_file,
    query_terms,
    run_all,
)

PREFIXES = """
@prefix sotk: <https://w3id.org/sotk-kg/def/sotk#> .
@prefix eli:  <http://data.europa.eu/eli/ontology#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix ex:   <https://example.org/> .
"""

HEADER = """
<https://w3id.org/sotk-kg/def/sotk> a owl:Ontology ;
    owl:versionIRI <https://w3id.org/sotk-kg/def/sotk/0.0.1> ;
    dct:license <https://creativecommons.org/publicdomain/zero/1.0/> ;
    dct:title "Uji"@id , "Test"@en .
dct:title a owl:AnnotationProperty .
dct:license a owl:AnnotationProperty .
"""


def term(name: str, kind: str = "owl:Class", *, skip: str = "", extra: str = "") -> str:
    """A local term with all its annotations except the ones named in `skip`."""
    parts = {
        "label_id": f'rdfs:label "{name}"@id',
        "label_en": f'rdfs:label "{name}"@en',
        "comment_id": f'rdfs:comment "Uji {name}."@id',
        "comment_en": f'rdfs:comment "Test {name}."@en',
        "defined_by": "rdfs:isDefinedBy <https://w3id.org/sotk-kg/def/sotk>",
    }
    body = " ;\n    ".join(v for k, v in parts.items() if k not in skip.split())
    return f"sotk:{name} a {kind} ;\n    {body}{extra} .\n"


def graph(*chunks: str) -> Graph:
    return Graph().parse(data=PREFIXES + "\n".join(chunks), format="turtle")


# A tiny consistent ontology used by the consistency defects.
ONTO = graph(
    HEADER,
    term("Bidang", extra=" ;\n    rdfs:subClassOf sotk:UnitOrganisasi"),
    term("UnitOrganisasi"),
    term("Pasal"),
    term("Ayat"),
    term("year", "owl:DatatypeProperty , owl:FunctionalProperty"),
    term("leads", "owl:ObjectProperty"),
    "sotk:UnitOrganisasi owl:disjointWith sotk:Pasal .",
    "[] a owl:AllDisjointClasses ; owl:members ( sotk:Pasal sotk:Ayat ) .",
    "sotk:Nothingish owl:equivalentClass owl:Nothing .",
    "eli:number a owl:DatatypeProperty . org:reportsTo a owl:ObjectProperty .",
)


def checks(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.check, p.detail) for p in problems]


# ----------------------------------------------------------------------------- annotations


def test_complete_term_passes() -> None:
    assert check_annotations(graph(HEADER, term("Pasal"))) == []


@pytest.mark.parametrize(
    ("skip", "expected"),
    [
        ("label_id", "no rdfs:label @id"),
        ("label_en", "no rdfs:label @en"),
        ("comment_id", "no rdfs:comment @id"),
        ("comment_en", "no rdfs:comment @en"),
        ("defined_by", "no rdfs:isDefinedBy <https://w3id.org/sotk-kg/def/sotk>"),
    ],
)
def test_missing_annotation_is_found(skip: str, expected: str) -> None:
    problems = check_annotations(graph(HEADER, term("Pasal", skip=skip)))
    assert checks(problems) == [("annotation", expected)]
    assert problems[0].subject == "https://w3id.org/sotk-kg/def/sotk#Pasal"


def test_a_term_declared_twice_is_found_by_its_second_label_and_comment() -> None:
    # as sotk:Bagian was: the part of a chapter, and again a secretariat's department
    twice = (
        term("Bagian")
        .replace('"Bagian"@en', '"Department"@en')
        .replace('"Test Bagian."@en', '"Test Department."@en')
    )
    onto = graph(HEADER, term("Bagian"), twice)
    assert sorted(checks(check_annotations(onto))) == [
        ("annotation", "more than one rdfs:comment @en"),
        ("annotation", "more than one rdfs:label @en"),
    ]


def test_missing_header_fields_are_found() -> None:
    onto = graph("<https://w3id.org/sotk-kg/def/sotk> a owl:Ontology .", term("Pasal"))
    assert {p.detail for p in check_annotations(onto)} == {
        "no owl:versionIRI",
        "no dct:license",
        "no dct:title @id",
        "no dct:title @en",
    }


# ----------------------------------------------------------------------------- declarations


def test_undeclared_local_term_is_found() -> None:
    usage = graph("ex:x a sotk:Pasal ; sotk:leads ex:y ; sotk:leadz ex:y .")
    problems = check_local_terms_declared(ONTO, usage, "data")
    assert [p.subject for p in problems] == ["https://w3id.org/sotk-kg/def/sotk#leadz"]
    assert problems[0].check == "undeclared-local"


def test_undeclared_term_inside_a_shacl_sparql_query_is_found() -> None:
    shapes = graph(
        'ex:S sh:sparql [ sh:select """SELECT $this WHERE { $this sotk:leads/sotk:ledBi ?x ;'
        ' org:reportsTo <http://example.org/a:b> }""" ] .'
    )
    problems = check_local_terms_declared(ONTO, shapes, "shapes")
    assert [p.subject for p in problems] == ["https://w3id.org/sotk-kg/def/sotk#ledBi"]


def test_terms_of_a_sparql_query_are_resolved_with_its_prefixes() -> None:
    query = """PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#>
    PREFIX org: <http://www.w3.org/ns/org#>
    # sotk:inAComment is not code
    SELECT ?p WHERE { ?p org:reportsTo+/sotk:leads ?u ; sotk:heading "sotk:inAString" .
      FILTER(?p != <https://example.org/sotk:notAName>) }"""
    assert sorted(str(t) for t in query_terms(query)) == [
        "http://www.w3.org/ns/org#reportsTo",
        "https://w3id.org/sotk-kg/def/sotk#heading",
        "https://w3id.org/sotk-kg/def/sotk#leads",
    ]


def test_undeclared_external_term_is_found() -> None:
    usage = graph('ex:x eli:number "7" ; eli:numbr "7" ; org:reportsTo ex:y ; org:reportTo ex:y .')
    problems = check_external_terms_declared(ONTO, usage, "data")
    assert sorted(p.subject for p in problems) == [
        "http://data.europa.eu/eli/ontology#numbr",
        "http://www.w3.org/ns/org#reportTo",
    ]
    assert {p.check for p in problems} == {"undeclared-external"}


def test_misspelt_builtin_term_is_found() -> None:
    # the typo w3c/ns org.ttl once shipped (commit 99e1e11)
    usage = graph('ex:x rdfs:commenet "typo" ; rdfs:comment "fine" ; rdf:_3 ex:y .')
    problems = check_external_terms_declared(ONTO, usage, "data")
    assert checks(problems) == [("unknown-builtin", "used in data")]
    assert problems[0].subject == "http://www.w3.org/2000/01/rdf-schema#commenet"


# ----------------------------------------------------------------------------- profile


def test_class_used_as_predicate_is_found() -> None:
    problems = check_profile(ONTO, graph("ex:x sotk:Pasal ex:y ."), "data")
    assert checks(problems) == [("profile", "a class used as a predicate in data")]


def test_property_used_as_class_is_found() -> None:
    problems = check_profile(ONTO, graph("ex:x a sotk:leads ."), "data")
    assert checks(problems) == [("profile", "a property used as a class (rdf:type) in data")]


def test_wrong_kind_of_value_is_found() -> None:
    usage = graph('ex:x sotk:leads "a unit" ; sotk:year ex:y2021 .')
    assert sorted(checks(check_profile(ONTO, usage, "data"))) == [
        ("profile", "datatype property with a non-literal in data"),
        ("profile", "object property with a literal value in data"),
    ]


def test_term_declared_as_class_and_property_is_found() -> None:
    onto = graph(term("Pasal", "owl:Class , owl:ObjectProperty"))
    assert checks(check_profile(onto, Graph(), "data")) == [
        ("profile", "declared both as a class and as a property")
    ]


# ----------------------------------------------------------------------------- consistency


def test_consistent_data_passes() -> None:
    data = graph('ex:p a sotk:Pasal ; sotk:year "2021"^^xsd:gYear . ex:b a sotk:Bidang .')
    assert check_consistency(ONTO + data) == []


def test_disjointness_clash_is_found_through_subclass_inference() -> None:
    # ex:b is a Bidang, hence (OWL-RL) a UnitOrganisasi, which is disjoint with Pasal
    problems = check_consistency(ONTO + graph("ex:b a sotk:Bidang , sotk:Pasal ."))
    clashes = [p for p in problems if p.subject == "https://example.org/b"]
    assert clashes and all("disjoint" in p.detail for p in clashes)
    assert any("UnitOrganisasi" in p.detail and "Pasal" in p.detail for p in clashes)


def test_all_disjoint_classes_clash_is_found() -> None:
    problems = check_consistency(ONTO + graph("ex:x a sotk:Pasal , sotk:Ayat ."))
    assert any(
        p.subject == "https://example.org/x" and "Ayat" in p.detail and "Pasal" in p.detail
        for p in problems
    )


def test_member_of_nothing_is_found() -> None:
    problems = check_consistency(ONTO + graph("ex:z a sotk:Nothingish ."))
    assert ("consistency", "is a member of owl:Nothing") in checks(problems)


def test_functional_property_with_two_values_is_found() -> None:
    data = graph('ex:p sotk:year "2020"^^xsd:gYear , "2021"^^xsd:gYear .')
    problems = [p for p in check_consistency(ONTO + data) if "functional" in p.detail]
    assert len(problems) == 1 and "'2020', '2021'" in problems[0].detail


# ----------------------------------------------------------------------------- files and run_all


def test_broken_file_is_reported_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(PREFIXES + "sotk:Pasal a owl:Class ; rdfs:label [ .\n", encoding="utf-8")
    problems = check_parses([broken])
    assert len(problems) == 1 and problems[0].subject == str(broken)
    with pytest.raises(QCInputError, match=r"broken\.ttl"):
        parse_file(broken)
    with pytest.raises(QCInputError, match="not found"):
        parse_file(tmp_path / "missing.ttl")


def _repo(tmp_path: Path, ontology: str, data: str | None = None) -> Path:
    (tmp_path / "ontology" / "schemes").mkdir(parents=True)
    (tmp_path / "data" / "graph").mkdir(parents=True)
    (tmp_path / "ontology" / "sotk.ttl").write_text(PREFIXES + ontology, encoding="utf-8")
    if data is not None:
        (tmp_path / "data" / "graph" / "x.ttl").write_text(PREFIXES + data, encoding="utf-8")
    return tmp_path


def test_run_all_skips_data_checks_until_data_exists(tmp_path: Path, capsys) -> None:
    root = _repo(tmp_path, HEADER + term("Pasal"))
    report = run_all(root)
    assert "data" not in report and not any(report.values())
    assert main([str(root)]) == 0
    assert DATA_MISSING in capsys.readouterr().out


def test_run_all_checks_data_once_it_exists(tmp_path: Path) -> None:
    root = _repo(tmp_path, HEADER + term("Pasal"), data="ex:x a sotk:Pasal , sotk:Bidang .")
    report = run_all(root)
    assert [p.subject for p in report["data"]] == ["https://w3id.org/sotk-kg/def/sotk#Bidang"]
    assert main([str(root)]) == 1


def test_run_all_finds_an_undeclared_term_in_a_query(tmp_path: Path) -> None:
    root = _repo(tmp_path, HEADER + term("Pasal"))
    (root / "queries").mkdir()
    (root / "queries" / "01-x.rq").write_text(
        "PREFIX sotk: <https://w3id.org/sotk-kg/def/sotk#>\nSELECT * { ?x a sotk:Pasl }\n",
        encoding="utf-8",
    )
    problems = run_all(root)["declared"]
    assert [(p.subject, p.detail) for p in problems] == [
        ("https://w3id.org/sotk-kg/def/sotk#Pasl", "used in queries, not declared")
    ]


def test_run_all_stops_at_a_broken_file(tmp_path: Path) -> None:
    root = _repo(tmp_path, HEADER + term("Pasal", skip="label_id"), data="ex:x a ;")
    report = run_all(root)
    assert list(report) == ["parse"] and report["parse"][0].subject.endswith("x.ttl")
