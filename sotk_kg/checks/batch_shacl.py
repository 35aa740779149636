"""SHACL validation of a roster in one pass per constraint, instead of one query per row.

Why: pySHACL evaluates every constraint once per focus node. A roster has a focus node per row
and ten SPARQL-based constraints on it, so a 1,000-row roster took 9,000 SPARQL queries and 5,000
property-shape validations (profiled: 6.4 s in pySHACL, of which 4.8 s in the SPARQL constraints,
3.6 s of it in Oxigraph, and 1.6 s in the property shapes), and the queries that join a row with
the other rows (OneStructuralPostShape, SubKoordinatorFallbackShape) grew with the square of the
rows: 1,000 rows 5.7 s, 3,000 rows 30 s. Here (50,000 rows: about 11 s, bench/roster_bench.py):

- each SPARQL-based constraint runs once per roster. Pre-binding $this to a focus node (what
  SHACL-SPARQL prescribes) is replaced by binding $this to every focus node at once: the target
  (`SELECT DISTINCT $this WHERE { $this rdf:type/rdfs:subClassOf* C }`) is joined at the head of
  the query's WHERE group, so every pattern, OPTIONAL, FILTER (NOT) EXISTS and BIND after it sees
  $this bound, as it would see the pre-bound constant. The solutions are then split by $this;
- each property shape reads the value nodes of all focus nodes with one query and checks them
  in Python (sh:minCount, sh:maxCount, sh:class, sh:datatype, sh:minLength, sh:pattern, as
  pySHACL 0.40 checks them).

The results are the ones pySHACL reports, term for term: the same focus nodes, values, paths,
severities, messages (SPARQL messages with {?var} filled in, keeping the template's language)
and, when the Turtle/JSON-LD report is asked for, the same sh:ValidationReport graph, with the
blank nodes of the shapes and data cloned by pySHACL's own `clone_blank_node`.
`tests/shapes/test_batch_shacl.py` validates every roster fixture with both engines and compares
the reports graph for graph.

What is supported is what the roster shapes use, checked when the shapes are compiled: anything
else in the SHACL namespace raises `UnsupportedShape` naming the shape and the term, so that a new
roster shape never goes unchecked silently. SPARQL constraints must be SELECT queries that
project $this, with a WHERE group whose opening brace comes before any string; like pySHACL
(and the SHACL spec), no MINUS, VALUES, SERVICE, subquery or pre-bound variable other than $this;
and no aggregate unless grouped by $this (one group per focus node, as with pre-binding).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from pyshacl.graph_abstraction import DataGraph, to_rdf
from pyshacl.rdfutil.clone import clone_blank_node
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from sotk_kg.checks.findings import ValidationResult
from sotk_kg.checks.pyshacl_compat import fill_message
from sotk_kg.engine import Term, select

SH = Namespace("http://www.w3.org/ns/shacl#")
_TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"

# SHACL terms each kind of node may carry; every other sh: term is refused
_NODE_SHAPE_TERMS = {SH.targetClass, SH.sparql, SH.property, SH.severity, SH.message,
                     SH.deactivated, SH.name, SH.description}  # fmt: skip
_PROPERTY_SHAPE_TERMS = {SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype,
                         SH.minLength, SH.pattern, SH.message, SH.severity, SH.deactivated,
                         SH.name, SH.description, SH.order, SH.group}  # fmt: skip
_SPARQL_TERMS = {SH.select, SH.prefixes, SH.message, SH.deactivated}
_SHAPE_KINDS = {SH.NodeShape, SH.PropertyShape}
_MIN_COUNT, _MAX_COUNT = SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent
_OTHER_TARGETS = (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_FORBIDDEN_SPARQL = re.compile(r"\b(MINUS|VALUES|SERVICE)\b|[?$](shapesGraph|currentShape)\b", re.I)
_AGGREGATE = re.compile(r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.I)
_GROUP_BY_THIS = re.compile(r"\bGROUP\s+BY\b[^{}]*[?$]this\b", re.I)
_PROJECTS_THIS = re.compile(r"^\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?(\*|[^{]*?[?$]this\b)", re.I)
# what may come before the WHERE group: strings, IRIs and comments are skipped whole
_HEAD_TOKENS = re.compile(
    r'"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'" r'|<[^<>"{}|^`\\\s]*>' r"|#[^\n]*|\{"
)

# pySHACL's DatatypeConstraintComponent: the Python value rdflib must read for these datatypes
_DATATYPE_VALUES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


class UnsupportedShape(ValueError):
    """A shape uses SHACL this engine does not evaluate."""


@dataclass(frozen=True)
class _Rule:
    """What every result of one shape (or one of its SPARQL constraints) carries."""

    shape: Node
    severity: URIRef
    messages: tuple[Literal, ...]


@dataclass(frozen=True)
class _SparqlConstraint:
    rule: _Rule
    node: Node  # the sh:sparql node: sh:sourceConstraint
    query: str  # for all focus nodes at once


@dataclass(frozen=True)
class _PropertyShape:
    rule: _Rule
    path: Node  # sh:path as in the shapes graph: sh:resultPath
    values_query: str  # (subject, value node) pairs along the path, for all subjects
    min_count: int | None
    max_count: int | None
    instance_of: URIRef | None  # sh:class
    datatype: URIRef | None
    min_length: int | None
    pattern: re.Pattern[str] | None


@dataclass(frozen=True)
class _NodeShape:
    target_query: str
    sparql: tuple[_SparqlConstraint, ...]
    properties: tuple[_PropertyShape, ...]


# ---------------------------------------------------------------- compiling the shapes


_COMPILED: dict[int, tuple[Graph, list[_NodeShape]]] = {}
_COMPILED_LOCK = threading.Lock()
_COMPILED_KEPT = 8  # as many as checks.shacl keeps shapes graphs


def compile_shapes(shapes: Graph) -> list[_NodeShape]:
    """The node shapes of `shapes`, ready to run; compiled once per shapes graph (the graphs of
    `checks.shacl.load_shapes` are cached, so this is once per shapes files)."""
    with _COMPILED_LOCK:
        cached = _COMPILED.get(id(shapes))
        if cached is not None and cached[0] is shapes:
            return cached[1]
    compiled = [_node_shape(shapes, s) for s in _node_shapes(shapes)]
    with _COMPILED_LOCK:
        while len(_COMPILED) >= _COMPILED_KEPT:  # the oldest first: shapes files were edited
            del _COMPILED[next(iter(_COMPILED))]
        _COMPILED[id(shapes)] = (shapes, compiled)
    return compiled


def _node_shapes(shapes: Graph) -> list[Node]:
    """The shapes with a sh:targetClass; property shapes are reached through their node shape.
    Any other way of giving a shape focus nodes is refused rather than skipped."""
    for kind in _OTHER_TARGETS:
        for shape in shapes.subjects(kind, None):
            raise UnsupportedShape(f"{shape}: {kind} is not supported by the batch engine")
    used_as_property = set(shapes.objects(None, SH.property))
    targeted = set(shapes.subjects(SH.targetClass, None))
    declared = {s for kind in _SHAPE_KINDS for s in shapes.subjects(RDF.type, kind)}
    for shape in declared - used_as_property:
        if shape not in targeted or (shape, RDF.type, RDFS.Class) in shapes:
            raise UnsupportedShape(f"{shape}: a shape whose focus nodes are not a sh:targetClass")
    return sorted(targeted, key=str)


def _check_terms(shapes: Graph, node: Node, allowed: set[URIRef], what: str) -> None:
    for predicate in set(shapes.predicates(node)):
        if str(predicate).startswith(str(SH)) and predicate not in allowed:
            raise UnsupportedShape(f"{what} {node}: {predicate} is not supported here")


def _one(shapes: Graph, node: Node, predicate: URIRef) -> Node | None:
    values = list(shapes.objects(node, predicate))
    if len(values) > 1:
        raise UnsupportedShape(f"{node}: more than one {predicate}")
    return values[0] if values else None


def _deactivated(shapes: Graph, node: Node) -> bool:
    flag = _one(shapes, node, SH.deactivated)
    return isinstance(flag, Literal) and flag.toPython() is True


def _rule(shapes: Graph, shape: Node, extra_messages: Iterable[Node] = ()) -> _Rule:
    severity = _one(shapes, shape, SH.severity) or SH.Violation
    messages = [*shapes.objects(shape, SH.message), *extra_messages]
    literals = [m for m in messages if isinstance(m, Literal)]
    if not messages or len(literals) != len(messages):
        # pySHACL would make up an English message; the reports need the shape's own, id and en
        raise UnsupportedShape(f"{shape}: every rule needs its sh:message literals")
    unique = sorted(set(literals), key=lambda m: (m.language or "", str(m)))
    return _Rule(shape, URIRef(str(severity)), tuple(unique))


def _node_shape(shapes: Graph, shape: Node) -> _NodeShape:
    _check_terms(shapes, shape, _NODE_SHAPE_TERMS, "node shape")
    classes = sorted(shapes.objects(shape, SH.targetClass), key=str)
    union = " UNION ".join(f"{{ $this {_TYPE_PATH} <{c}> }}" for c in classes)
    target = f"SELECT DISTINCT $this WHERE {{ {union} }}"
    if _deactivated(shapes, shape):
        return _NodeShape(target, (), ())
    constraints = tuple(
        _sparql_constraint(shapes, shape, node, target)
        for node in sorted(shapes.objects(shape, SH.sparql), key=str)
        if not _deactivated(shapes, node)
    )
    properties = tuple(
        _property_shape(shapes, node)
        for node in sorted(shapes.objects(shape, SH.property), key=str)
        if not _deactivated(shapes, node)
    )
    return _NodeShape(target, constraints, properties)


def _sparql_constraint(shapes: Graph, shape: Node, node: Node, target: str) -> _SparqlConstraint:
    _check_terms(shapes, node, _SPARQL_TERMS, "SPARQL constraint of")
    select = _one(shapes, node, SH.select)
    if not isinstance(select, Literal):
        raise UnsupportedShape(f"{shape}: only SPARQL SELECT constraints are supported")
    text = str(select)
    for problem, found in (
        ("a MINUS, VALUES, SERVICE or pre-bound variable other than $this",
         _FORBIDDEN_SPARQL.search(text)),
        ("a subquery", len(re.findall(r"\bSELECT\b", text, re.I)) > 1),
        ("no $this in the projection", not _PROJECTS_THIS.search(text)),
        ("an aggregate not grouped by $this",
         _AGGREGATE.search(text) and not _GROUP_BY_THIS.search(text)),
    ):  # fmt: skip
        if found:
            raise UnsupportedShape(f"{shape}: its SPARQL constraint has {problem}")
    return _SparqlConstraint(
        _rule(shapes, shape, shapes.objects(node, SH.message)),
        node,
        _prefixes(shapes, node) + _with_target(text, target, shape),
    )


def _with_target(select: str, target: str, shape: Node) -> str:
    """The query with the target joined at the head of its WHERE group (the first `{` that is
    not in a string, an IRI or a comment)."""
    for token in _HEAD_TOKENS.finditer(select):
        if token.group() == "{":
            at = token.end()
            return f"{select[:at]} {{ {target} }}{select[at:]}"
    raise UnsupportedShape(f"{shape}: no WHERE group in its SPARQL constraint")


def _prefixes(shapes: Graph, node: Node) -> str:
    lines = []
    for declared_by in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(declared_by, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))


def _path_query(shapes: Graph, path: Node, shape: Node) -> str:
    """The (subject, value) pairs of a predicate or a sequence of predicates (what the roster
    shapes use). All subjects, no target join: the focus nodes are picked out in Python, which
    costs less than joining the target in every query."""
    steps: list[Node] = [path] if isinstance(path, URIRef) else []
    if (path, RDF.first, None) in shapes:
        steps = list(shapes.items(path))
    if not steps or not all(isinstance(step, URIRef) for step in steps):
        raise UnsupportedShape(f"{shape}: only predicate and sequence paths are supported")
    # a sequence may reach the same value twice; one predicate cannot (an RDF graph is a set)
    distinct = "DISTINCT " if len(steps) > 1 else ""
    sequence = "/".join(f"<{step}>" for step in steps)
    return f"SELECT {distinct}?this ?value WHERE {{ ?this {sequence} ?value }}"


def _count(shapes: Graph, shape: Node, predicate: URIRef) -> int | None:
    value = _one(shapes, shape, predicate)
    return None if value is None else int(str(value))  # rdflib terms are str: the lexical form


def _property_shape(shapes: Graph, shape: Node) -> _PropertyShape:
    # (one with targets of its own is compiled as a node shape, and refused there)
    _check_terms(shapes, shape, _PROPERTY_SHAPE_TERMS, "property shape")
    path = _one(shapes, shape, SH.path)
    if path is None:
        raise UnsupportedShape(f"{shape}: a property shape without sh:path")
    pattern = _one(shapes, shape, SH.pattern)
    instance_of = _one(shapes, shape, SH["class"])
    datatype = _one(shapes, shape, SH.datatype)
    return _PropertyShape(
        rule=_rule(shapes, shape),
        path=path,
        values_query=_path_query(shapes, path, shape),
        min_count=_count(shapes, shape, SH.minCount),
        max_count=_count(shapes, shape, SH.maxCount),
        instance_of=None if instance_of is None else URIRef(str(instance_of)),
        datatype=None if datatype is None else URIRef(str(datatype)),
        min_length=_count(shapes, shape, SH.minLength),
        pattern=None if pattern is None else re.compile(str(pattern)),
    )


# ---------------------------------------------------------------- validating


def validate(store: ox.Store, shapes: Graph) -> tuple[bool, list[ValidationResult]]:
    """Validate the default graph of `store`: (conforms, the results)."""
    results: list[ValidationResult] = []
    instances = _Instances(store)
    targets: dict[str, list[Term]] = {}  # the roster shapes share one target: queried once
    for node_shape in compile_shapes(shapes):
        query = node_shape.target_query
        if query not in targets:
            targets[query] = [this for (this,) in select(store, query)]
        focus = targets[query]
        if not focus:
            continue
        for constraint in node_shape.sparql:
            results.extend(_sparql_results(store, constraint))
        for prop in node_shape.properties:
            results.extend(_property_results(store, prop, focus, instances))
    return not results, results


def _sparql_results(store: ox.Store, constraint: _SparqlConstraint) -> list[ValidationResult]:
    """One result per distinct solution of a focus node, as pySHACL dedups them."""
    solutions = select(store, constraint.query)
    names = [v.value for v in solutions.variables]
    seen: set[tuple[tuple[str, Term], ...]] = set()
    results = []
    for solution in solutions:
        bound = tuple((n, t) for n, t in zip(names, solution, strict=True) if t is not None)
        if bound in seen:
            continue
        seen.add(bound)
        values = {name: _to_rdflib(term) for name, term in bound}
        focus = values["this"]
        rule = constraint.rule
        messages = tuple(_fill(m, values) for m in rule.messages)
        results.append(ValidationResult(
            shape=rule.shape, component=SH.SPARQLConstraintComponent, severity=rule.severity,
            focus=focus, value=values.get("value", focus), path=values.get("path"),
            constraint=constraint.node, messages=messages,
        ))  # fmt: skip
    return results


def _fill(template: Literal, values: dict[str, Node]) -> Literal:
    """The message with the bound values, in the template's language (pySHACL drops it, and
    checks.pyshacl_compat.restore_message_languages puts it back)."""
    return Literal(fill_message(str(template), values), lang=template.language)


class _Instances:
    """SHACL instances of a class (rdf:type/rdfs:subClassOf*), each class queried once."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.known: dict[URIRef, set[Term]] = {}

    def of(self, cls: URIRef) -> set[Term]:
        if cls not in self.known:
            query = f"SELECT DISTINCT ?x WHERE {{ ?x {_TYPE_PATH} <{cls}> }}"
            self.known[cls] = {row["x"] for row in select(self.store, query)}
        return self.known[cls]


def _property_results(
    store: ox.Store, prop: _PropertyShape, focus: list[Term], instances: _Instances
) -> list[ValidationResult]:
    values = _path_values(store, prop.values_query, focus)
    checks = _value_checks(prop, instances)
    least, most = prop.min_count, prop.max_count
    results = []
    for node in focus:
        found = values.get(node, ())
        if least is not None and len(found) < least:
            results.append(_property_result(prop, _MIN_COUNT, node, None))
        if most is not None and len(found) > most:
            results.append(_property_result(prop, _MAX_COUNT, node, None))
        for component, accepts in checks:
            for value in found:
                if not accepts(value):
                    results.append(_property_result(prop, component, node, value))
    return results


def _path_values(store: ox.Store, query: str, focus: list[Term]) -> dict[Term, list[Term]]:
    """The value nodes of each focus node that has any."""
    wanted = set(focus)
    values: dict[Term, list[Term]] = defaultdict(list)
    for this, value in select(store, query):
        if this in wanted:
            values[this].append(value)
    return values


def _value_checks(
    prop: _PropertyShape, instances: _Instances
) -> list[tuple[URIRef, Callable[[Term], bool]]]:
    """(component, test of one value node) for the value constraints the shape has, as pySHACL
    0.40 tests them."""
    checks: list[tuple[URIRef, Callable[[Term], bool]]] = []
    if prop.instance_of is not None:
        members = instances.of(prop.instance_of)

        def is_instance(v: Term) -> bool:
            return not isinstance(v, ox.Literal) and v in members

        checks.append((SH.ClassConstraintComponent, is_instance))
    if prop.datatype is not None:
        datatype = prop.datatype

        def has_datatype(v: Term) -> bool:
            return isinstance(v, ox.Literal) and _has_datatype(v, datatype)

        checks.append((SH.DatatypeConstraintComponent, has_datatype))
    if prop.min_length is not None:
        shortest = prop.min_length

        def long_enough(v: Term) -> bool:
            return shortest == 0 or (
                isinstance(v, ox.NamedNode | ox.Literal) and len(v.value) >= shortest
            )

        checks.append((SH.MinLengthConstraintComponent, long_enough))
    if prop.pattern is not None:
        pattern = prop.pattern

        def matches(v: Term) -> bool:
            return isinstance(v, ox.NamedNode | ox.Literal) and pattern.search(v.value) is not None

        checks.append((SH.PatternConstraintComponent, matches))
    return checks


@lru_cache(maxsize=4096)  # a roster repeats its dates: rdflib reads each lexical form once
def _has_datatype(value: ox.Literal, datatype: URIRef) -> bool:
    """sh:datatype of a literal, as pySHACL decides it: of that datatype and read by rdflib as a
    well-formed value of it (a datatype rdflib has no Python type for passes)."""
    literal = to_rdf(value)
    assert isinstance(literal, Literal)
    if literal.datatype == datatype:
        if getattr(literal, "ill_typed", None) is True:
            return False
        expected = _DATATYPE_VALUES.get(datatype)
        return expected is None or isinstance(literal.value, expected)
    if datatype == RDFS.Literal:
        return True
    if datatype == RDFS.Datatype:
        return literal.datatype is not None
    return datatype == RDF.langString and bool(literal.language)


def _to_rdflib(term: Term) -> Node:
    """pySHACL's conversion of a bound engine term (the compiled queries bind no triple terms)."""
    node = None if isinstance(term, ox.Triple) else to_rdf(term)
    if node is None:
        raise UnsupportedShape(f"a query bound the triple term {term}")
    return node


def _property_result(
    prop: _PropertyShape, component: URIRef, focus: Term, value: Term | None
) -> ValidationResult:
    rule = prop.rule
    return ValidationResult(
        shape=rule.shape, component=component, severity=rule.severity, focus=_to_rdflib(focus),
        value=None if value is None else _to_rdflib(value), path=prop.path, constraint=None,
        messages=rule.messages,
    )  # fmt: skip


# ---------------------------------------------------------------- the report graph


def add_to_report(
    graph: Graph, report: Node, results: list[ValidationResult], shapes: Graph, store: ox.Store
) -> None:
    """Add the results under the sh:ValidationReport node `report` of `graph` (the merged report
    of checks.validation: built in place, as 50,000 results are 500,000 rdflib triples), as
    pySHACL's report states them: blank nodes of the shapes (sh:sparql constraints, sequence
    paths) and of the data (focus nodes, values) are cloned in with their description."""
    data = DataGraph.from_oxigraph_store(store)
    cloned: dict[tuple[int, str], Node] = {}  # by source graph and blank node, as pySHACL

    def copy(term: Node, source: Graph) -> Node:
        if not isinstance(term, BNode):
            return term
        key = (id(source), str(term))
        if key not in cloned:
            cloned[key] = clone_blank_node(source, term, graph, keepid=True)
        return cloned[key]

    for result in results:
        r = BNode()
        graph.add((report, SH.result, r))
        graph.add((r, RDF.type, SH.ValidationResult))
        for predicate, term, source in (
            (SH.sourceConstraintComponent, result.component, shapes),
            (SH.sourceShape, result.shape, shapes),
            (SH.resultSeverity, result.severity, shapes),
            (SH.focusNode, result.focus, data),
            (SH.value, result.value, data),
            (SH.resultPath, result.path, shapes),
            (SH.sourceConstraint, result.constraint, shapes),
        ):
            if term is not None:
                graph.add((r, predicate, copy(term, source)))
        for message in result.messages:
            graph.add((r, SH.resultMessage, message))
