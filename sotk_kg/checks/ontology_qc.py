"""ODK-style quality checks for the ontology, its shared schemes and the files that use its terms.

Each check is a function that returns a list of `Problem`s; an empty list means it passed.
`run_all()` runs every check over the repository layout (docs/model.md, "Files") and
`python -m sotk_kg.checks.ontology_qc` prints the report and exits 1 when anything is wrong.

What is checked (ROBOT-report / ODK `*-violation` style, kept small):
- every file parses (the error names the file and the parser's message);
- every local term has rdfs:label @id and @en, rdfs:comment @id and @en (one of each: two are
  a name declared twice), rdfs:isDefinedBy;
- every `sotk:` term used in the data, the schemes, the shapes (also inside their SPARQL) or the
  queries (queries/**/*.rq) is declared in the ontology;
- every term of the standard vocabularies the data uses (ELI, ORG, CPOV, SKOS, PROV, DCTERMS,
  FOAF, VANN) is declared in the ontology, and every rdf:/rdfs:/owl:/xsd:/sh: term exists;
- profile: no term is both a class and a property, no class used as a predicate or a property
  used as a class, no literal on an object property or IRI on a datatype property;
- consistency after an OWL-RL closure (owlrl): nothing is an owl:Nothing, no individual is in
  two disjoint classes, no functional property has two distinct literal values.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD, DefinedNamespace
from rdflib.term import Node

from sotk_kg.namespaces import PREFIXES, SOTK_ONTOLOGY
from sotk_kg.resources import DATA_ROOT

# A plain Namespace, not the generated one: the checks name terms the ontology does not declare.
SOTK = Namespace(PREFIXES["sotk"])
ONTOLOGY_IRI = SOTK_ONTOLOGY

# Standard vocabularies whose terms must be declared in ontology/sotk.ttl before data uses them:
# the declarations ARE the list of allowed external terms.
EXTERNAL_NAMESPACES: dict[str, str] = {
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vann": "http://purl.org/vocab/vann/",
}

# Built-in vocabularies: closed term lists from rdflib catch typos such as rdfs:commenet.
BUILTIN_NAMESPACES: tuple[type[DefinedNamespace], ...] = (RDF, RDFS, OWL, XSD, SH)

DECLARATION_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
# Local terms must be labelled and commented in both languages.
REQUIRED_LANGUAGES = ("id", "en")


@dataclass(frozen=True, order=True)
class Problem:
    """One QC finding: which check, about which term or file, and what is wrong."""

    check: str
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.subject}: {self.detail}"


class QCInputError(Exception):
    """A file the QC must read is missing or does not parse."""


# ----------------------------------------------------------------------------- repository layout


@dataclass(frozen=True)
class Layout:
    """Where the QC finds its inputs; defaults follow docs/model.md."""

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "sotk.ttl"

    @property
    def imports(self) -> list[Path]:
        return sorted((self.root / "ontology" / "imports").glob("*.ttl"))

    @property
    def schemes(self) -> list[Path]:
        return sorted((self.root / "ontology" / "schemes").glob("*.ttl"))

    @property
    def shapes(self) -> list[Path]:
        return sorted((self.root / "shapes").glob("*.ttl"))

    @property
    def queries(self) -> list[Path]:
        return sorted((self.root / "queries").rglob("*.rq"))

    @property
    def data(self) -> list[Path]:
        return sorted((self.root / "data" / "graph").glob("*.ttl"))


# ----------------------------------------------------------------------------- loading


def parse_file(path: Path) -> Graph:
    """Parse one Turtle file; a missing or broken file raises QCInputError naming it."""
    if not path.is_file():
        raise QCInputError(f"{path}: file not found")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for syntax errors
        raise QCInputError(f"{path}: does not parse as Turtle: {exc}") from exc


def load(paths: Iterable[Path]) -> Graph:
    """Union of the given Turtle files (raises QCInputError on the first bad one)."""
    graph = Graph()
    for path in paths:
        graph += parse_file(path)
    return graph


def check_parses(paths: Iterable[Path]) -> list[Problem]:
    """Every file parses as Turtle."""
    problems = []
    for path in paths:
        try:
            parse_file(path)
        except QCInputError as exc:
            problems.append(Problem("parse", str(path), str(exc)))
    return problems


# ----------------------------------------------------------------------------- declarations


def declarations(onto: Graph) -> dict[URIRef, set[URIRef]]:
    """Declared IRI -> its declaration types (owl:Class, owl:ObjectProperty, ...)."""
    declared: dict[URIRef, set[URIRef]] = defaultdict(set)
    for kind in DECLARATION_TYPES:
        for term in onto.subjects(RDF.type, kind):
            if isinstance(term, URIRef):
                declared[term].add(kind)
    for term in onto.subjects(RDF.type, OWL.FunctionalProperty):
        if isinstance(term, URIRef) and not declared[term] & set(PROPERTY_TYPES):
            declared[term].add(OWL.FunctionalProperty)  # recorded so the profile check sees it
    # Individuals typed with a declared class (e.g. org:Head a org:Role) count as declared.
    classes = {t for t, kinds in declared.items() if OWL.Class in kinds}
    for term, cls in onto.subject_objects(RDF.type):
        if isinstance(term, URIRef) and cls in classes and not declared[term]:
            declared[term].add(OWL.NamedIndividual)
    return dict(declared)


def _local(term: URIRef) -> bool:
    return str(term).startswith(str(SOTK)) and len(str(term)) > len(str(SOTK))


def _external_prefix(term: URIRef) -> str | None:
    text = str(term)
    for prefix, namespace in EXTERNAL_NAMESPACES.items():
        if text.startswith(namespace) and len(text) > len(namespace):
            return prefix
    return None


def _iris(usage: Graph | Iterable[URIRef]) -> Iterator[URIRef]:
    """Every IRI used: of a graph (including prefixed names inside SHACL-SPARQL query
    strings), or the given IRIs themselves."""
    if not isinstance(usage, Graph):
        yield from usage
        return
    graph = usage
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                yield term
    yield from sparql_terms(graph)


# A prefixed name in SPARQL text (after IRIs and string literals are blanked out): not preceded
# by a name character, ':' or a variable sigil; local names do not end in '.'.
_PREFIXED_NAME = re.compile(r"(?<![\w:?$])([A-Za-z][\w-]*):([A-Za-z_][\w-]*(?:\.[\w-]+)*)")
_IRI_OR_STRING = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
SPARQL_TEXT_PROPERTIES = (SH.select, SH.ask, SH.construct, SH.update)


_SPARQL_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w-]*):\s*<([^<>\s]*)>", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n]*")


def _prefixed_names(sparql: str) -> list[tuple[str, str]]:
    """(prefix, local name) pairs in SPARQL text, ignoring IRIs, strings and comments."""
    code = _COMMENT.sub(" ", _IRI_OR_STRING.sub(" ", sparql))
    return _PREFIXED_NAME.findall(code)


def query_terms(text: str) -> set[URIRef]:
    """IRIs written as prefixed names in a SPARQL query, resolved with its PREFIX lines."""
    prefixes = dict(_SPARQL_PREFIX.findall(text))
    names = _prefixed_names(_SPARQL_PREFIX.sub(" ", text))
    return {URIRef(prefixes[p] + n) for p, n in names if p in prefixes}


def sparql_terms(graph: Graph) -> Iterator[URIRef]:
    """IRIs written as prefixed names inside SHACL-SPARQL queries (sh:select, sh:ask ...).
    Prefixes come from the graph's sh:declare, else the standard ones of this project."""
    prefixes = {"sotk": str(SOTK), **EXTERNAL_NAMESPACES}
    for declaration in graph.objects(None, SH.declare):
        prefix = graph.value(declaration, SH.prefix)
        namespace = graph.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            prefixes[str(prefix)] = str(namespace)
    for prop in SPARQL_TEXT_PROPERTIES:
        for text in graph.objects(None, prop):
            for used, name in _prefixed_names(str(text)):
                if used in prefixes:
                    yield URIRef(prefixes[used] + name)


# ----------------------------------------------------------------------------- the checks


def check_annotations(onto: Graph) -> list[Problem]:
    """Every local term: rdfs:label and rdfs:comment in @id and @en, rdfs:isDefinedBy the
    ontology. The ontology header: version IRI, licence, title in @id and @en."""
    problems = []
    for term in sorted(t for t in declarations(onto) if _local(t)):
        for prop, name in ((RDFS.label, "rdfs:label"), (RDFS.comment, "rdfs:comment")):
            languages = [o.language for o in onto.objects(term, prop) if isinstance(o, Literal)]
            for language in REQUIRED_LANGUAGES:
                if language not in languages:
                    problems.append(Problem("annotation", str(term), f"no {name} @{language}"))
            # ROBOT's multiple_labels: two labels in one language are two terms under one IRI
            # (a name declared twice in the file: rdflib merges the blocks without a word).
            for repeated in sorted({x for x in languages if languages.count(x) > 1}, key=str):
                problems.append(
                    Problem("annotation", str(term), f"more than one {name} @{repeated}")
                )
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in onto:
            problems.append(
                Problem("annotation", str(term), f"no rdfs:isDefinedBy <{ONTOLOGY_IRI}>")
            )
    problems.extend(_header_problems(onto))
    return problems


def _header_problems(onto: Graph) -> list[Problem]:
    if (ONTOLOGY_IRI, RDF.type, OWL.Ontology) not in onto:
        return [Problem("header", str(ONTOLOGY_IRI), "not declared an owl:Ontology")]
    dct = Namespace(EXTERNAL_NAMESPACES["dct"])
    problems = []
    for prop, name in ((OWL.versionIRI, "owl:versionIRI"), (dct.license, "dct:license")):
        if onto.value(ONTOLOGY_IRI, prop) is None:
            problems.append(Problem("header", str(ONTOLOGY_IRI), f"no {name}"))
    titles = {o.language for o in onto.objects(ONTOLOGY_IRI, dct.title) if isinstance(o, Literal)}
    for language in REQUIRED_LANGUAGES:
        if language not in titles:
            problems.append(Problem("header", str(ONTOLOGY_IRI), f"no dct:title @{language}"))
    return problems


def check_local_terms_declared(
    onto: Graph, usage: Graph | Iterable[URIRef], where: str
) -> list[Problem]:
    """Every sotk: IRI used in `usage` (a graph or IRIs, read from `where`) is declared in the
    ontology."""
    declared = declarations(onto)
    undeclared = sorted({t for t in _iris(usage) if _local(t) and t not in declared})
    return [
        Problem("undeclared-local", str(t), f"used in {where}, not declared") for t in undeclared
    ]


def check_external_terms_declared(
    onto: Graph, usage: Graph | Iterable[URIRef], where: str
) -> list[Problem]:
    """Every IRI of a standard vocabulary in EXTERNAL_NAMESPACES used in `usage` is declared in
    the ontology; every IRI in a built-in namespace (rdf, rdfs, owl, xsd, sh) exists there."""
    declared = declarations(onto)
    problems = []
    for term in sorted(set(_iris(usage))):
        prefix = _external_prefix(term)
        if prefix is not None and term not in declared:
            problems.append(
                Problem("undeclared-external", str(term), f"{prefix}: term used in {where}")
            )
        elif prefix is None and not _builtin_term_exists(term):
            problems.append(Problem("unknown-builtin", str(term), f"used in {where}"))
    return problems


def check_declared(onto: Graph, imports: Graph, schemes: Graph, shapes: Graph) -> list[Problem]:
    """The sotk: terms of the schemes and shapes, and the standard terms of the ontology itself,
    its imports, the schemes and the shapes, that the ontology does not declare."""
    return (
        check_local_terms_declared(onto, schemes, "ontology/schemes")
        + check_local_terms_declared(onto, shapes, "shapes")
        + check_external_terms_declared(onto, onto, "ontology/sotk.ttl")
        + check_external_terms_declared(onto, imports, "ontology/imports")
        + check_external_terms_declared(onto, schemes, "ontology/schemes")
        + check_external_terms_declared(onto, shapes, "shapes")
    )


def _builtin_term_exists(term: URIRef) -> bool:
    for namespace in BUILTIN_NAMESPACES:
        base = str(namespace._NS)
        text = str(term)
        if text.startswith(base):
            name = text[len(base) :]
            # rdf:_1, rdf:_2 ... are container membership properties, always valid
            return term in namespace or (namespace is RDF and name[1:].isdigit())
    return True  # not a built-in namespace: someone else's concern


def check_profile(onto: Graph, usage: Graph, where: str) -> list[Problem]:
    """OWL 2 DL-ish separation: a term is a class or a property, never both; classes are not
    used as predicates nor properties as rdf:type objects; object properties take IRIs or
    blank nodes, datatype properties take literals."""
    declared = declarations(onto)
    classes = {t for t, kinds in declared.items() if OWL.Class in kinds}
    object_props = {t for t, kinds in declared.items() if OWL.ObjectProperty in kinds}
    data_props = {t for t, kinds in declared.items() if OWL.DatatypeProperty in kinds}
    properties = {t for t, kinds in declared.items() if kinds & set(PROPERTY_TYPES)}
    problems = [
        Problem("profile", str(t), "declared both as a class and as a property")
        for t in sorted(classes & properties)
    ]
    problems += [
        Problem("profile", str(t), "declared both as an object and as a datatype property")
        for t in sorted(object_props & data_props)
    ]
    predicates = set(usage.predicates())
    problems += [
        Problem("profile", str(t), f"a class used as a predicate in {where}")
        for t in sorted(classes & predicates)
    ]
    typed_as = set(usage.objects(None, RDF.type))
    problems += [
        Problem("profile", str(t), f"a property used as a class (rdf:type) in {where}")
        for t in sorted(properties & typed_as)
    ]
    for prop in sorted(object_props & predicates):
        if any(isinstance(o, Literal) for o in usage.objects(None, prop)):
            problems.append(
                Problem("profile", str(prop), f"object property with a literal value in {where}")
            )
    for prop in sorted(data_props & predicates):
        if any(not isinstance(o, Literal) for o in usage.objects(None, prop)):
            problems.append(
                Problem("profile", str(prop), f"datatype property with a non-literal in {where}")
            )
    return problems


# ----------------------------------------------------------------------------- consistency


# Built-in annotation properties; the ontology declares the others (skos:prefLabel, dct:title ...).
BUILTIN_ANNOTATIONS = frozenset(
    {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo}
)


def without_annotations(graph: Graph) -> Graph:
    """`graph` minus annotation assertions (labels, comments, definitions, notes). They carry no
    logical meaning in OWL 2, so dropping them changes no entailment; it makes owlrl, which
    visits every triple on every pass, about twice as fast on the data."""
    annotations = BUILTIN_ANNOTATIONS | set(graph.subjects(RDF.type, OWL.AnnotationProperty))
    kept = Graph()
    for triple in graph:
        if triple[1] not in annotations:
            kept.add(triple)
    return kept


def owlrl_closure(graph: Graph) -> Graph:
    """The OWL 2 RL closure (owlrl) of the logical part of `graph` (see `without_annotations`);
    the input is not changed."""
    import owlrl  # heavy import, only needed here

    closed = without_annotations(graph)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closed)
    return closed


def disjoint_pairs(graph: Graph) -> set[frozenset[URIRef]]:
    """Every pair of classes declared disjoint (owl:disjointWith and owl:AllDisjointClasses)."""
    pairs: set[frozenset[URIRef]] = set()
    for a, b in graph.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b:
            pairs.add(frozenset((a, b)))
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members_node = graph.value(axiom, OWL.members)
        if members_node is None:
            continue
        members = [m for m in Collection(graph, members_node) if isinstance(m, URIRef)]
        for a, b in itertools.combinations(members, 2):
            pairs.add(frozenset((a, b)))
    return pairs


def check_consistency(graph: Graph, closed: Graph | None = None) -> list[Problem]:
    """Run the OWL-RL closure of `graph` (ontology + schemes [+ data]) and report: members of
    owl:Nothing, individuals in two disjoint classes, functional properties with two distinct
    literal values, and any inconsistency owlrl itself recorded."""
    closed = owlrl_closure(graph) if closed is None else closed
    nothing = closed.subjects(RDF.type, OWL.Nothing)
    problems = [
        Problem("consistency", str(x), "is a member of owl:Nothing")
        for x in sorted(nothing)  # type: ignore[type-var]  # Node's hint lacks Identifier.__lt__
    ]
    problems += _disjointness_clashes(closed)
    problems += _functional_clashes(closed)
    problems += _owlrl_errors(closed)
    return problems


def _disjointness_clashes(closed: Graph) -> list[Problem]:
    pairs = disjoint_pairs(closed)
    involved = {c for pair in pairs for c in pair}
    members: dict[URIRef, set[Node]] = {c: set(closed.subjects(RDF.type, c)) for c in involved}
    problems = []
    for pair in sorted(pairs, key=lambda p: sorted(p)):
        a, b = sorted(pair)
        for x in sorted(members[a] & members[b], key=str):
            problems.append(
                Problem("consistency", str(x), f"typed with disjoint classes <{a}> and <{b}>")
            )
    return problems


def _functional_clashes(closed: Graph) -> list[Problem]:
    problems = []
    for prop in sorted(set(closed.subjects(RDF.type, OWL.FunctionalProperty)), key=str):
        values: dict[Node, set[Literal]] = defaultdict(set)
        for s, o in closed.subject_objects(prop):
            if isinstance(o, Literal):
                values[s].add(o)
        for s, literals in sorted(values.items(), key=lambda kv: str(kv[0])):
            if len(literals) > 1:
                shown = ", ".join(sorted(repr(str(v)) for v in literals))
                problems.append(
                    Problem("consistency", str(s), f"functional <{prop}> has values {shown}")
                )
    return problems


def _owlrl_errors(closed: Graph) -> list[Problem]:
    # owlrl records inconsistencies as blank nodes carrying an error message.
    error = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
    return [
        Problem("consistency", "owlrl", str(msg))
        for node, msg in sorted(closed.subject_objects(error))
        if isinstance(node, BNode)
    ]


# ----------------------------------------------------------------------------- running everything


DATA_MISSING = "no data/graph/*.ttl yet: data checks skipped"


def run_all(root: Path, *, with_data: bool = True) -> dict[str, list[Problem]]:
    """Every check over the repository at `root`; keys name the checks, values their problems.
    Data checks run only when data/graph/*.ttl exists (key "data" then says why not)."""
    layout = Layout(root)
    files = [layout.ontology, *layout.imports, *layout.schemes, *layout.shapes]
    data_files = layout.data if with_data else []
    report: dict[str, list[Problem]] = {"parse": check_parses([*files, *data_files])}
    if report["parse"]:
        return report  # nothing else is meaningful on a broken file
    onto = parse_file(layout.ontology)
    imports, schemes, shapes = load(layout.imports), load(layout.schemes), load(layout.shapes)
    report["annotations"] = check_annotations(onto)
    report["declared"] = check_declared(onto, imports, schemes, shapes)
    queries = {t for path in layout.queries for t in query_terms(path.read_text(encoding="utf-8"))}
    report["declared"] += check_local_terms_declared(onto, queries, "queries")
    report["declared"] += check_external_terms_declared(onto, queries, "queries")
    report["profile"] = check_profile(onto, onto + schemes, "ontology")
    report["consistency"] = check_consistency(onto + imports + schemes)
    if data_files:
        data = load(data_files)
        report["data"] = (
            check_local_terms_declared(onto, data, "data/graph")
            + check_external_terms_declared(onto, data, "data/graph")
            + check_profile(onto, data, "data/graph")
            + check_consistency(onto + imports + schemes + data)
        )
    return report


def format_report(report: dict[str, list[Problem]]) -> str:
    lines = []
    for check, problems in report.items():
        lines.append(f"{check}: {'OK' if not problems else f'{len(problems)} problem(s)'}")
        lines.extend(f"  {p}" for p in problems)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m sotk_kg.checks.ontology_qc [ROOT]`: print the report; exit 1 on any problem."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else DATA_ROOT
    try:
        report = run_all(root)
    except QCInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_report(report))
    if not Layout(root).data:
        print(DATA_MISSING)
    return 1 if any(report.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
