"""The roster engine (sotk_kg.checks.batch_shacl) reports what pySHACL reports: every roster
below is validated through the real pipeline (checks.validation), and the store and shapes it
validated are validated again by pySHACL; the sh:ValidationReport graphs must be isomorphic and
the findings equal.

One thing may differ: the order of a GROUP_CONCAT (the candidates of an ambiguous post), which
SPARQL leaves undefined and which follows the order the engine joins in. Lists of IRIs in
messages are compared sorted."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from shapes_support import FIXTURES, SOTKSH

from sotk_kg.checks import batch_shacl, shacl
from sotk_kg.checks.findings import extract
from sotk_kg.checks.validation import Sources, validate_paths

ROSTERS = FIXTURES / "rosters"
SH = Namespace("http://www.w3.org/ns/shacl#")
POST = "https://w3id.org/sotk-kg/id/post/kab-contoh/dinas-contoh"

# Blank-node rows and persons (cloned into the report), and each property constraint broken
BLANK_NODES = f"""
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sotk: <https://w3id.org/sotk-kg/def/sotk#> .
@prefix ex: <https://example.org/roster/> .

[] a org:Membership ;
    org:member [ foaf:name "Tanpa Jenis"@id ; sotk:nip "1985031220100110" ] ;
    sotk:post <{POST}/pelaksana> ;
    sotk:jenisJabatan "honorer" ;
    sotk:startDate "2022-02-30"^^xsd:date ;
    sotk:endDate "2022-03-01", "2022-03-02"^^xsd:date .
ex:m3 a org:Membership ; org:member ex:p3 ; sotk:post <{POST}/pelaksana> .
ex:m4 a org:Membership ; org:member ex:p4, ex:p5 ; sotk:post <{POST}/kepala-dinas> ;
    sotk:jenisJabatan "struktural" .
ex:p4 a foaf:Person ; foaf:name "" ; sotk:nip "198503122010011003", "198503122010011004" .
ex:p5 a foaf:Person ; foaf:name "Lima" ; sotk:nip "198513122010011003" .
"""


@pytest.fixture
def both_engines(monkeypatch: pytest.MonkeyPatch) -> list[tuple[ox.Store, Graph]]:
    """Every (store, shapes) checks.batch_shacl validates during the test."""
    seen: list[tuple[ox.Store, Graph]] = []
    original = batch_shacl.validate

    def spy(store: ox.Store, shapes: Graph) -> object:
        seen.append((store, shapes))
        return original(store, shapes)

    monkeypatch.setattr(batch_shacl, "validate", spy)
    return seen


IRI_LIST = re.compile(r"https?://[^,\s)]+(?:, https?://[^,\s)]+)+")


def sorted_lists(text: str) -> str:
    return IRI_LIST.sub(lambda m: ", ".join(sorted(m[0].split(", "))), text)


def canonical(report: Graph) -> Graph:
    out = Graph()
    for s, p, o in report:
        if p == SH.resultMessage:
            o = Literal(sorted_lists(str(o)), lang=o.language)
        out.add((s, p, o))
    return out


def assert_same_as_pyshacl(seen: list[tuple[ox.Store, Graph]], outcome, name: str) -> None:
    [(store, shapes)] = seen
    expected_conforms, expected = shacl.run(store, shapes)
    ours = outcome.report_graph
    assert outcome.conforms is expected_conforms
    assert isomorphic(canonical(ours), canonical(expected)), ours.serialize(format="turtle")
    expected_findings = extract(expected, shapes, store, name)
    for finding in [*outcome.findings, *expected_findings]:
        finding.message = {lang: sorted_lists(text) for lang, text in finding.message.items()}
    assert outcome.findings == expected_findings


def roster_files() -> list[Path]:
    return [*sorted(ROSTERS.glob("*.csv")), ROSTERS / "Membership-member.ttl"]


@pytest.mark.parametrize("path", roster_files(), ids=lambda p: p.name)
def test_fixture_rosters(two_dinas: Sources, both_engines, path: Path) -> None:
    complete = path.name == "CompleteRosterShape.csv"
    outcome = validate_paths([path], sources=two_dinas, complete=complete)
    assert_same_as_pyshacl(both_engines, outcome, str(path))


def test_blank_nodes_and_every_property_constraint(
    published: Sources, both_engines, tmp_path: Path
) -> None:
    path = tmp_path / "blank.ttl"
    path.write_text(BLANK_NODES, encoding="utf-8")
    outcome = validate_paths([path], sources=published)
    components = set(outcome.report_graph.objects(None, SH.sourceConstraintComponent))
    names = ("MinCount", "MaxCount", "Class", "Datatype", "MinLength", "Pattern", "SPARQL")
    assert {SH[f"{name}ConstraintComponent"] for name in names} <= components
    assert_same_as_pyshacl(both_engines, outcome, str(path))
    assert any(f.focus.startswith("_:") for f in outcome.findings)


def test_literal_member_is_a_finding_not_a_crash(published: Sources, tmp_path: Path) -> None:
    # pySHACL followed org:member/foaf:name from the literal and crashed (TypeError)
    path = tmp_path / "literal.ttl"
    path.write_text(
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        f'<https://example.org/m> a org:Membership ; org:member "Budi" ;\n'
        f"  <https://w3id.org/sotk-kg/def/sotk#post> <{POST}/pelaksana> ;\n"
        '  <https://w3id.org/sotk-kg/def/sotk#jenisJabatan> "pelaksana" .\n',
        encoding="utf-8",
    )
    outcome = validate_paths([path], sources=published)
    # sh:class foaf:Person fails on the literal; the name and NIP behind it are missing
    assert {(f.rule[len(SOTKSH) :], f.value) for f in outcome.findings} == {
        ("Membership-member", "Budi"),
        ("Membership-name", None),
        ("Membership-nip", None),
    }


def test_backslash_in_a_value_is_kept_as_typed(published: Sources, tmp_path: Path) -> None:
    # pySHACL fills {?value} with re.sub, which read "\d" as a bad escape and crashed
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "nama,nip,jabatan,jenis_jabatan\nBudi,198503122010011003,Kepala \\d Seksi,pelaksana\n",
        encoding="utf-8",
    )
    [finding] = validate_paths([roster], sources=published).findings
    assert finding.rule == f"{SOTKSH}MembershipPostShape"
    assert finding.message["en"] == (
        'Post "Kepala \\d Seksi" was not found in the published organisation structure (of the '
        "roster's perangkat daerah)."
    )


SHAPES_HEAD = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
"""


def shapes_graph(body: str) -> Graph:
    return Graph().parse(data=SHAPES_HEAD + body, format="turtle")


P = "https://example.org/p"


def sparql(select: str) -> str:
    return f'sh:sparql [ sh:message "m"@en ; sh:select """{select}""" ] .'


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ('sh:property [ sh:path ex:p ; sh:minInclusive 1 ; sh:message "m"@en ] .',
         "minInclusive"),
        ('sh:targetNode ex:n ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "m" ] .',
         "targetNode"),
        ('sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ; sh:message "m" ] .',
         "only predicate and sequence paths"),
        ("sh:property [ sh:path ex:p ; sh:minCount 1 ] .", "sh:message"),
        (sparql("SELECT $this WHERE { $this ex:p ?x MINUS { $this ex:q ?x } }"), "MINUS"),
        (sparql("SELECT $this WHERE { $this ex:p ?x { SELECT ?x WHERE { ?x ex:q 1 } } }"),
         "subquery"),
        (sparql("SELECT ?x WHERE { $this ex:p ?x }"), "no $this in the projection"),
        (sparql("SELECT $this (COUNT(?x) AS ?n) WHERE { $this ex:p ?x }"),
         "an aggregate not grouped by $this"),
    ],
)  # fmt: skip
def test_unsupported_shapes_are_refused(body: str, what: str) -> None:
    with pytest.raises(batch_shacl.UnsupportedShape, match=re.escape(what)):
        batch_shacl.compile_shapes(shapes_graph(body))


def test_target_goes_into_the_where_group_not_into_a_string() -> None:
    # the projection holds a "{" in a string: the target must follow WHERE's brace
    body = sparql(f'SELECT $this (CONCAT("{{", ?x) AS ?value) WHERE {{ $this <{P}> ?x }}')
    data = "<https://example.org/a> a <https://example.org/C> ; <https://example.org/p> 'x' .\n"
    store = ox.Store()
    store.load(data.encode(), ox.RdfFormat.TURTLE)
    conforms, [result] = batch_shacl.validate(store, shapes_graph(body))
    assert not conforms
    assert (str(result.focus), str(result.value)) == ("https://example.org/a", "{x")


def test_each_focus_node_is_its_own_group() -> None:
    # grouped by $this: two rows, two counts (one group for all would count 3)
    body = sparql(f"SELECT $this (COUNT(?x) AS ?value) WHERE {{ $this <{P}> ?x }} GROUP BY $this")
    data = """@prefix ex: <https://example.org/> .
    ex:a a ex:C ; ex:p 1, 2 .  ex:b a ex:C ; ex:p 3 ."""
    store = ox.Store()
    store.load(data.encode(), ox.RdfFormat.TURTLE)
    _, results = batch_shacl.validate(store, shapes_graph(body))
    assert {(str(r.focus), str(r.value)) for r in results} == {
        ("https://example.org/a", "2"),
        ("https://example.org/b", "1"),
    }


# ---------------------------------------------------------------- the engine on small graphs

EX = "https://example.org/"
DATA_HEAD = "@prefix ex: <https://example.org/> .\n"


def run(body: str, data: str, head: str = SHAPES_HEAD) -> list:
    store = ox.Store()
    store.load((DATA_HEAD + data).encode(), ox.RdfFormat.TURTLE)
    shapes = Graph().parse(data=head + body, format="turtle")
    conforms, results = batch_shacl.validate(store, shapes)
    assert conforms is (not results)
    return results


def pairs(results: list) -> set[tuple[str, str | None]]:
    return {(str(r.focus), None if r.value is None else str(r.value)) for r in results}


@pytest.mark.parametrize(
    ("shapes_text", "what"),
    [
        ("ex:T a sh:NodeShape ; sh:sparql [ ] .", "not a sh:targetClass"),  # no target
        ("ex:T a sh:NodeShape, rdfs:Class ; sh:targetClass ex:C .", "not a sh:targetClass"),
        ("ex:T a sh:NodeShape ; sh:targetClass ex:C ; "
         'sh:property [ sh:path ex:p ; sh:minCount 1, 2 ; sh:message "m" ] .', "more than one"),
        ('ex:T a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:message "m" ] .',
         "only SPARQL SELECT"),
        ("ex:T a sh:NodeShape ; sh:targetClass ex:C ; "
         'sh:sparql [ sh:message "m" ; sh:select "SELECT $this" ] .', "no WHERE group"),
        ("ex:T a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P . "
         'ex:P sh:targetClass ex:C ; sh:path ex:p ; sh:minCount 1 ; sh:message "m" .',
         "is not supported here"),  # a property shape with targets is read as a node shape
        ("ex:T a sh:NodeShape ; sh:targetClass ex:C ; "
         'sh:property [ sh:minCount 1 ; sh:message "m" ] .', "without sh:path"),
        ("ex:T a sh:NodeShape ; sh:targetClass ex:C ; "
         "sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message ex:m ] .", "sh:message"),
    ],
)  # fmt: skip
def test_more_unsupported_shapes(shapes_text: str, what: str) -> None:
    head = (
        SHAPES_HEAD.split("ex:S a")[0] + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    )
    with pytest.raises(batch_shacl.UnsupportedShape, match=re.escape(what)):
        batch_shacl.compile_shapes(Graph().parse(data=head + shapes_text, format="turtle"))


def test_compiled_shapes_kept_are_bounded() -> None:
    graphs = [shapes_graph('sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "m" ] .')
              for _ in range(batch_shacl._COMPILED_KEPT + 2)]  # fmt: skip
    for graph in graphs:
        batch_shacl.compile_shapes(graph)
    assert len(batch_shacl._COMPILED) == batch_shacl._COMPILED_KEPT
    assert batch_shacl._COMPILED[id(graphs[-1])][0] is graphs[-1]  # the newest kept


def test_shapes_are_compiled_once_per_graph() -> None:
    body = 'sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "m" ] .'
    graph = shapes_graph(body)
    assert batch_shacl.compile_shapes(graph) is batch_shacl.compile_shapes(graph)
    assert batch_shacl.compile_shapes(shapes_graph(body)) is not batch_shacl.compile_shapes(graph)


def test_deactivated_shapes_and_constraints_report_nothing() -> None:
    data = "ex:a a ex:C ."
    prop = 'sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "m" DEACTIVATED ] .'
    query = 'sh:sparql [ sh:message "m" DEACTIVATED ; sh:select "SELECT $this WHERE { }" ] .'
    assert pairs(run(prop.replace("DEACTIVATED", ""), data)) == {(f"{EX}a", None)}
    assert pairs(run(query.replace("DEACTIVATED", ""), data)) == {(f"{EX}a", f"{EX}a")}
    off = "; sh:deactivated true"
    assert run(prop.replace("DEACTIVATED", off), data) == []
    assert run(query.replace("DEACTIVATED", off), data) == []
    assert run("sh:deactivated true ; " + prop.replace("DEACTIVATED", ""), data) == []
    # one constraint off leaves the others on
    both = (
        'sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "m" ; sh:deactivated true ],'
        ' [ sh:path ex:q ; sh:minCount 1 ; sh:message "q" ] .'
    )
    assert [str(r.path) for r in run(both, data)] == [f"{EX}q"]


def test_severity_and_message_order() -> None:
    # the property shape's own severity (a node shape's applies to its own constraints)
    body = (
        "sh:severity sh:Violation ; sh:property [ sh:path ex:p ; sh:minCount 1 ; "
        'sh:severity sh:Warning ; sh:message "Aturan"@id, "Rule"@en ] .'
    )
    [result] = run(body, "ex:a a ex:C .")
    assert result.severity == SH.Warning
    assert result.component == SH.MinCountConstraintComponent
    # by language, then text (not by text: "Aturan" < "Rule"): as the JSON report lists them
    assert [(m.language, str(m)) for m in result.messages] == [("en", "Rule"), ("id", "Aturan")]


def test_every_target_class_and_every_shape() -> None:
    # a shape whose class has no instance does not stop the shapes after it
    body = 'sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "m" ] .'
    head = SHAPES_HEAD.replace("sh:targetClass ex:C", "sh:targetClass ex:C, ex:D")
    head = head.replace("ex:S a", 'ex:A a sh:NodeShape ; sh:targetClass ex:None ; sh:property '
                        '[ sh:path ex:p ; sh:minCount 1 ; sh:message "m" ] .\nex:S a')  # fmt: skip
    data = "ex:a a ex:C . ex:d a ex:D . ex:e a ex:E ."
    assert pairs(run(body, data, head)) == {(f"{EX}a", None), (f"{EX}d", None)}


def test_sparql_solutions_deduplicated_per_focus_node() -> None:
    # each focus node has three ex:p values, not projected: one result per focus node
    body = sparql(f'SELECT $this ?value WHERE {{ $this <{P}> ?x . BIND("v" AS ?value) }}')
    data = " ".join(f"ex:n{i} a ex:C ; ex:p 1, 2, 3 ." for i in range(20))
    results = run(body, data)
    assert sorted(pairs(results)) == sorted((f"{EX}n{i}", "v") for i in range(20))
    assert len(results) == 20


def test_sparql_path_value_and_unbound_placeholders() -> None:
    # ?path is the result path; no ?value: the value is the focus node; {?nothing} is kept
    body = (
        'sh:sparql [ sh:message "{?this} {?path} {?nothing} {$path}"@en ; sh:select """'
        f'SELECT $this ?path WHERE {{ $this ?path 1 . FILTER(?path = <{P}>) }}""" ] .'
    )
    [result] = run(body, "ex:a a ex:C ; ex:p 1 .")
    assert (result.focus, result.value, result.path) == (
        URIRef(f"{EX}a"),
        URIRef(f"{EX}a"),
        URIRef(P),
    )
    assert str(result.messages[0]) == f"{EX}a {P} {{?nothing}} {P}"


def test_sequence_path_values_are_a_set() -> None:
    # two members with the same name: one value "A" (pySHACL's value nodes are a set)
    body = (
        'sh:property [ sh:path ( ex:m ex:n ) ; sh:maxCount 1 ; sh:minLength 2 ; sh:message "m" ] .'
    )
    data = (
        'ex:a a ex:C ; ex:m ex:x, ex:y . ex:x ex:n "A" . ex:y ex:n "A" .'
        ' ex:b a ex:C ; ex:m ex:z . ex:z ex:n "AB" .'
    )
    results = run(body, data)
    assert [(r.component, str(r.focus), str(r.value)) for r in results] == [
        (SH.MinLengthConstraintComponent, f"{EX}a", "A")  # "AB" is exactly long enough
    ]
