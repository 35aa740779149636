"""From a sh:ValidationReport graph to findings people can read: rule, where, value, message,
provision - looked up in the shapes graph and in the data that was validated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from sotk_kg import citation, instruments
from sotk_kg.checks import nip
from sotk_kg.engine import Term
from sotk_kg.iris import DEFAULT_BASE, NATIONAL, parse_work, read_rebased
from sotk_kg.lexicon import LexiconError
from sotk_kg.namespaces import SOTK, SOTKSH

SH = Namespace("http://www.w3.org/ns/shacl#")
DCT = Namespace("http://purl.org/dc/terms/")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
ORG_MEMBER = ox.NamedNode("http://www.w3.org/ns/org#member")
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
LABELS = [
    ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
    ox.NamedNode("http://xmlns.com/foaf/0.1/name"),
    # a roster row: the name it gives its person (one NIP may be given two names)
    ox.NamedNode(SOTK + "memberName"),
]
LANGS = ("id", "en")


def _nip_details(value: str) -> dict[str, list[str]]:
    return {lang: nip.problems(nip.normalise(value), lang) for lang in LANGS}


# Extra explanation for a value, per rule and language (the shape decides; this only words why).
_DETAILS: dict[str, Callable[[str], dict[str, list[str]]]] = {
    str(SOTKSH["Membership-nip"]): _nip_details,
    str(SOTKSH.NipDatesShape): _nip_details,
}


@dataclass
class Finding:
    """One validation result, with everything a report shows about it."""

    rule: str  # the shape's IRI
    rule_label: dict[str, str]
    severity: str  # Violation | Warning | Info
    focus: str  # IRI (or blank node id) of the focus node
    focus_label: str | None
    source: str  # the file or graph that was validated
    row: int | None  # line of a CSV roster
    value: str | None
    value_label: dict[str, str]
    path: str | None
    message: dict[str, str]
    provisions: list[str]  # the provisions the rule enforces (dct:source, own or inherited)
    provision_labels: dict[str, list[str]]
    derived_from: list[str]  # where the focus node comes from in the text (prov:wasDerivedFrom)
    derived_from_labels: dict[str, list[str]]
    details: dict[str, list[str]] = field(default_factory=dict)  # per language
    documented: dict[str, str] = field(default_factory=dict)  # reason, when a known source defect
    documented_defect: str | None = None  # the sotksh:DocumentedDefect node, when one
    hint: dict[str, str] = field(default_factory=dict)  # how to fix it (sotksh:hint), per language
    post_label: str | None = None  # a roster row's post, as named by the structure or the row
    # the regulation each provision belongs to, named (parallel to `provisions`), per language
    provision_works: dict[str, list[str]] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return _pick(self.message, lang) or ""

    def details_in(self, lang: str) -> list[str]:
        return self.details.get("en" if lang == "en" else "id", [])

    @property
    def key(self) -> tuple[str, str, str | None]:
        """(rule, focus, value): what a documented defect is recorded by."""
        return (self.rule, self.focus, self.value)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class DocumentedDefect:
    """A finding the source text causes (shapes/documented-defects.ttl): its node and why."""

    iri: str
    reason: dict[str, str]


def documented_defects(
    path: Path, base: str = DEFAULT_BASE
) -> dict[tuple[str, str, str | None], DocumentedDefect]:
    """(rule, focus, value) -> the documented defect, from shapes/documented-defects.ttl."""
    if not path.exists():
        return {}
    graph = Graph().parse(data=read_rebased(path, base), format="turtle")
    known: dict[tuple[str, str, str | None], DocumentedDefect] = {}
    for entry in graph.subjects(RDF.type, SOTKSH.DocumentedDefect):
        value = graph.value(entry, SOTKSH.value)
        key = (
            str(graph.value(entry, SOTKSH.rule)),
            str(graph.value(entry, SOTKSH.focus)),
            None if value is None else str(value),
        )
        reason = {
            (c.language or ""): str(c)
            for c in graph.objects(entry, RDFS.comment)
            if isinstance(c, Literal)
        }
        known[key] = DocumentedDefect(str(entry), reason)
    return known


def mark_documented(
    findings: list[Finding], known: dict[tuple[str, str, str | None], DocumentedDefect]
) -> None:
    for f in findings:
        defect = known.get(f.key)
        f.documented = dict(defect.reason) if defect else {}
        f.documented_defect = defect.iri if defect else None


def annotate_documented(
    report: Graph, known: dict[tuple[str, str, str | None], DocumentedDefect]
) -> None:
    """Link each sh:ValidationResult that is a documented source defect to its defect node
    (sotksh:documentedDefect), so that the Turtle/JSON-LD report says so too."""
    for result in list(report.objects(None, SH.result)):
        value = report.value(result, SH.value)
        key = (
            str(report.value(result, SH.sourceShape)),
            str(report.value(result, SH.focusNode)),
            None if value is None else str(value),
        )
        if key in known:
            report.add((result, SOTKSH.documentedDefect, URIRef(known[key].iri)))


def _pick(texts: dict[str, str], lang: str) -> str | None:
    for candidate in (lang, "en", "id", ""):
        if texts.get(candidate):
            return texts[candidate]
    return next(iter(texts.values()), None)


def _to_ox(node: Node | None) -> ox.NamedNode | None:
    return ox.NamedNode(str(node)) if isinstance(node, URIRef) else None


class _Lookup:
    """Labels, rows and provenance from the validated store (ontology + data)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def objects(self, subject: ox.NamedNode, predicate: ox.NamedNode) -> list[Term]:
        return [q.object for q in self.store.quads_for_pattern(subject, predicate, None)]

    def labels(self, node: Node | None) -> dict[str, str]:
        iri = _to_ox(node)
        if iri is None:
            return {}
        found: dict[str, str] = {}
        for predicate in LABELS:
            for o in self.objects(iri, predicate):
                if isinstance(o, ox.Literal):
                    found.setdefault(o.language or "", o.value)
        return found

    def member(self, node: Node) -> Node | None:
        iri = _to_ox(node)
        for o in self.objects(iri, ORG_MEMBER) if iri else []:
            return URIRef(o.value) if isinstance(o, ox.NamedNode) else None
        return None

    def row(self, node: Node) -> int | None:
        iri = _to_ox(node)
        if iri is None:
            return None
        for o in self.objects(iri, ox.NamedNode(SOTK.sourceLine)):
            return int(o.value) if isinstance(o, ox.Literal) else None
        return None

    def post_label(self, node: Node) -> str | None:
        """A roster row's post: the structure's name for it, else the name the row gives."""
        iri = _to_ox(node)
        if iri is None:
            return None
        for post in self.objects(iri, ox.NamedNode(SOTK + "post")):
            label = (
                _pick(self.labels(URIRef(post.value)), "id")
                if isinstance(post, ox.NamedNode)
                else None
            )
            if label:
                return label
        for name in self.objects(iri, ox.NamedNode(SOTK + "postName")):
            return name.value if isinstance(name, ox.Literal) else None
        return None

    def derived_from(self, node: Node) -> list[str]:
        iri = _to_ox(node)
        derived = self.objects(iri, PROV_DERIVED) if iri else []
        return sorted(o.value for o in derived if isinstance(o, ox.NamedNode))


def provision_label(iri: str, lang: str) -> str:
    """'…/eli/id/perbup/kab-bekasi/2021/99/pasal/25/ayat/2' -> 'Pasal 25 ayat (2), Perbup
    kab-bekasi 99/2021' (generic: read from the ELI-style IRI template of docs/model.md), for a
    provision the validated data does not hold; the provision named as the graph names it
    (`sotk_kg.citation`), the regulation by its jenis, region, number and year."""
    parsed = parse_work(iri)
    if parsed is None:
        return iri
    work_id, provision_path = parsed
    try:
        provision = citation.provision_label(citation.steps_of_path(provision_path), lang)
    except LexiconError:  # not a provision path this project mints: the IRI says it best
        return iri
    try:  # the kind's abbreviation: "Perbup", "UU"
        name = instruments.kind(work_id.jenis).short
    except LexiconError:
        name = work_id.jenis
    number = f"{work_id.nomor}/{work_id.tahun}"
    region = "" if work_id.yurisdiksi == NATIONAL else f" {work_id.yurisdiksi}"
    work = f"{name}{region} {number}"
    return f"{provision}, {work}" if provision else work


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult as rdflib terms: read from a pySHACL report (`results_of`), or made
    by checks.batch_shacl without a report graph (which is then built only when asked for)."""

    shape: Node
    component: Node | None
    severity: Node | None
    focus: Node
    value: Node | None
    path: Node | None
    constraint: Node | None  # sh:sourceConstraint
    messages: tuple[Literal, ...]


def _required(report: Graph, result: Node, predicate: URIRef) -> Node:
    """A value every sh:ValidationResult has (SHACL 3.6.2); ValueError naming it when absent."""
    value = report.value(result, predicate)
    if value is None:
        raise ValueError(f"validation result {result} has no {predicate}")
    return value


def results_of(report: Graph) -> list[ValidationResult]:
    # only top-level results: pySHACL also nests the results behind sh:node as sh:detail
    return [
        ValidationResult(
            shape=_required(report, result, SH.sourceShape),
            component=report.value(result, SH.sourceConstraintComponent),
            severity=report.value(result, SH.resultSeverity),
            focus=_required(report, result, SH.focusNode),
            value=report.value(result, SH.value),
            path=report.value(result, SH.resultPath),
            constraint=report.value(result, SH.sourceConstraint),
            messages=tuple(
                m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)
            ),
        )
        for result in report.objects(None, SH.result)
    ]


def extract(report: Graph, shapes: Graph, store: ox.Store, source: str) -> list[Finding]:
    """The findings of one pySHACL run over `store` (validated data named `source`)."""
    return findings_of(results_of(report), shapes, store, source)


@dataclass
class _Rule:
    """What the findings of one shape share: looked up once per shape, not once per finding
    (a roster of 50,000 rows may have as many findings of the same shape)."""

    rule: str
    labels: dict[str, str]
    provisions: list[str]
    provision_labels: dict[str, list[str]]
    hint: dict[str, str]
    provision_works: dict[str, list[str]]


def findings_of(
    results: list[ValidationResult], shapes: Graph, store: ox.Store, source: str
) -> list[Finding]:
    """The findings of validation results over `store` (validated data named `source`)."""
    lookup = _Lookup(store)
    rules: dict[Node | None, _Rule] = {}
    findings: list[Finding] = []
    for result in results:
        shape, focus, value = result.shape, result.focus, result.value
        if shape not in rules:
            provisions = shape_provisions(shapes, shape)
            rules[shape] = _Rule(
                rule=str(shape) if isinstance(shape, URIRef) else "(anonymous shape)",
                labels={
                    (lab.language or ""): str(lab)
                    for lab in shapes.objects(shape, RDFS.label)
                    if isinstance(lab, Literal)
                }
                if shape is not None
                else {},
                provisions=provisions,
                provision_labels={
                    lang: [_provision_text(lookup, shapes, p, lang) for p in provisions]
                    for lang in LANGS
                },
                hint={
                    (h.language or ""): str(h)
                    for h in shapes.objects(shape, SOTKSH.hint)
                    if isinstance(h, Literal)
                }
                if shape is not None
                else {},
                provision_works={
                    lang: [_work_text(lookup, shapes, p, lang) for p in provisions]
                    for lang in LANGS
                },
            )
        rule = rules[shape]
        derived = lookup.derived_from(focus)
        # a roster row has no label of its own: name it after its person
        focus_labels = lookup.labels(focus) or lookup.labels(lookup.member(focus))
        value_text = None if value is None else str(value)
        severity = result.severity
        findings.append(
            Finding(
                rule=rule.rule,
                rule_label=rule.labels,
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=str(focus) if not isinstance(focus, BNode) else f"_:{focus}",
                focus_label=_pick(focus_labels, "id") if focus_labels else None,
                source=source,
                row=lookup.row(focus),
                value=value_text,
                value_label=lookup.labels(value) if value is not None else {},
                path=None if result.path is None else str(result.path),
                message={(m.language or ""): str(m) for m in result.messages},
                provisions=rule.provisions,
                provision_labels=rule.provision_labels,
                derived_from=derived,
                derived_from_labels={
                    lang: [_provision_text(lookup, shapes, p, lang) for p in derived]
                    for lang in LANGS
                },
                details=_DETAILS[rule.rule](value_text)
                if rule.rule in _DETAILS and value_text
                else {},
                hint=rule.hint,
                post_label=lookup.post_label(focus),
                provision_works=rule.provision_works,
            )
        )
    findings.sort(key=lambda f: (f.rule, f.source, f.row or 0, f.focus, f.value or ""))
    return findings


def shape_provisions(shapes: Graph, shape: Node | None) -> list[str]:
    """The provisions a shape enforces: its own dct:source, else those of the node shapes that
    use it as a property shape (nearest first)."""
    seen: set[Node] = set()
    todo = [shape] if shape is not None else []
    while todo:
        sources = sorted({str(s) for node in todo for s in shapes.objects(node, DCT.source)})
        if sources:
            return sources
        seen.update(todo)
        todo = [p for node in todo for p in shapes.subjects(SH.property, node) if p not in seen]
    return []


def _work_text(lookup: _Lookup, shapes: Graph, iri: str, lang: str) -> str:
    """The name of the regulation a provision belongs to (the provision's own, for a whole
    regulation): 'Peraturan Bupati Bekasi Nomor 99 Tahun 2021'."""
    parsed = parse_work(iri)
    work = iri
    if parsed is not None and parsed[1]:
        work = iri[: -len(parsed[1]) - 1]
    return _provision_text(lookup, shapes, work, lang)


def _provision_text(lookup: _Lookup, shapes: Graph, iri: str, lang: str) -> str:
    """A provision's label: from the validated data, else from the shapes (documents they cite
    that are not in the data, such as the NIP rules), else read from its IRI."""
    labels = lookup.labels(URIRef(iri)) or {
        (lab.language or ""): str(lab)
        for lab in shapes.objects(URIRef(iri), RDFS.label)
        if isinstance(lab, Literal)
    }
    return labels.get(lang) or provision_label(iri, lang)
