"""A build report per regulation: what a maintainer adding a text reads instead of its triples.

Computed from the provision tree and the built triples (no store): how much of the text was placed,
how many Pasal, posts and reporting lines were found, what looks incomplete (posts without duties,
units without a head, Sub Koordinator without the grade rule), each line that could not be placed
and the repairs made, counted by kind. Written beside the graph as `{stem}.report.json` (sorted
keys, no timings or absolute paths: a rebuild writes the same bytes) and printed as text by
`sotk-kg build --report text` and `sotk-kg stats`."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from sotk_kg.pipeline.emit import Triple
from sotk_kg.pipeline.terms import ORG, RDF, RDFS, SKOS, SOTK
from sotk_kg.pipeline.tree import Document

REPORT_SUFFIX = ".report.json"
_NOT_A_REPAIR = "not placed"  # notes of unplaced lines: listed as fragments, not as repairs
# How an excerpt's perangkat daerah was named (organisation.py): a reading, not a repair.
_NAMED_FROM_TEXT = "perangkat daerah named from the text"
# Editorial notes by kind, the first pattern that matches naming it; the wording is the front
# end's (repairs/, structure.py, segment.py), so an unmatched note counts as "other" rather than
# failing.
_REPAIR_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (_NOT_A_REPAIR, r"could not be placed|not placed in the tree"),
        (_NAMED_FROM_TEXT, r"^Read from an excerpt without title block"),
        ("misspelling", r"known misspelling|misspelt"),
        ("OCR misread", r"OCR misread|Source marker reads"),
        ("glued word or number", r"\(no space\)|glued"),
        ("page number", r"page number|Page-number"),
        ("page header or footer", r"header or footer the text's pages repeat"),
        ("word broken over two lines", r"is broken over two lines"),
        ("joined across a page break", r"across a page break"),
        ("heading and text on one line", r"holds the heading"),
        ("marker read as text", r"read as text"),
        ("list marker recovered", r"has no list marker; read as"),
        ("list marker lost", r"has no list marker"),
        ("numbering", r"out of sequence|from the sequence|The list starts at|second Pasal"),
        ("layout stripped", r"Layout stripped"),
        ("closing block", r"closing block|cover gives|after the Lampiran"),
        ("annex without content", r"annex has no content"),
        ("name read as a post", r"a title it does not establish"),
        ("post known only from a reference", r"^Known from this text only as the superior"),
        ("unit named short", r"with words left out"),
        ("punctuation on a line of its own", r"holds only '"),
        ("Pasal without a number", r"starts a Pasal without a number"),
        ("source defect kept as written", r"kept as written|as written"),
    )
)


@dataclass
class DocumentReport:
    source: str  # the source file's name
    work: str  # the work's IRI
    partial: bool  # an excerpt without its title block
    lines: int  # lines with text
    lines_placed: int  # ... read into the tree, a closing block or an annex (or a page number)
    pasal: int
    pasal_numbers: list[str]  # in text order; an excerpt's Pasal without a heading has none
    posts: int  # posts the regulation establishes (not the region's)
    reporting_lines: int
    posts_without_duties: list[str] = field(default_factory=list)
    units_without_head: list[str] = field(default_factory=list)
    sub_koordinator_without_grade_rule: list[str] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (line, text)
    repairs: dict[str, int] = field(default_factory=dict)  # editorial notes by kind

    @property
    def placed_percent(self) -> float:
        return 100.0 if not self.lines else round(100 * self.lines_placed / self.lines, 1)

    def to_json(self) -> str:
        data = asdict(self)
        data["lines_placed_percent"] = self.placed_percent
        data["unplaced"] = [{"line": n, "text": t} for n, t in self.unplaced]
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> DocumentReport:
        data: dict[str, Any] = json.loads(text)
        data.pop("lines_placed_percent", None)
        data["unplaced"] = [(u["line"], u["text"]) for u in data.get("unplaced", [])]
        return cls(**data)

    def to_text(self) -> str:
        def listed(title: str, names: list[str]) -> list[str]:
            return [f"{title}: {len(names)}", *(f"  {n}" for n in names)]

        pasal = f"{self.pasal}"
        if self.pasal_numbers:
            pasal += f" (Pasal {self.pasal_numbers[0]}-{self.pasal_numbers[-1]})"
        if len(self.pasal_numbers) < self.pasal:
            pasal += f", {self.pasal - len(self.pasal_numbers)} without a number"
        out = [
            f"{self.source}: {self.work}" + (" (partial: an excerpt)" if self.partial else ""),
            f"lines placed: {self.lines_placed} of {self.lines} ({self.placed_percent:.1f}%)",
            f"Pasal: {pasal}",
            f"posts: {self.posts}",
            *listed("posts without duties", self.posts_without_duties),
            *listed("units without a head", self.units_without_head),
            f"reporting lines: {self.reporting_lines}",
            *listed("Sub Koordinator without grade rule", self.sub_koordinator_without_grade_rule),
            f"unplaced fragments: {len(self.unplaced)}",
            *(f"  line {n}: {t}" for n, t in self.unplaced),
            f"repairs (editorial notes): {sum(self.repairs.values())}",
            *(f"  {kind}: {n}" for kind, n in sorted(self.repairs.items())),
        ]
        return "\n".join(out) + "\n"


def repair_kind(note: str) -> str:
    """The kind of an editorial note ("misspelling", "numbering", ...; "other" when none fits)."""
    return next((kind for kind, pattern in _REPAIR_KINDS if pattern.search(note)), "other")


def document_report(
    doc: Document, text: str, triples: Iterable[Triple], work: URIRef, source_name: str
) -> DocumentReport:
    """The report of one built regulation: `doc` its tree, `text` its source, `triples` its
    graph."""
    index = _Index(triples)
    established = {p for p in index.of_type(ORG.Post) if index.has(p, SOTK.establishedBy, work)}
    led = {o for p in established for o in index.objects(p, SOTK.leads)}
    units = index.of_type(ORG.OrganizationalUnit)
    pasal = [p.number for p in doc.provisions() if p.kind == "pasal"]
    content = {n for n, line in enumerate(text.splitlines(), start=1) if line.strip()}
    after = {n for first, last, _ in doc.after_closing for n in range(first, last + 1)}
    unplaced = {n for n, _ in doc.unplaced} | (after & content)
    return DocumentReport(
        source=PurePath(source_name).name,
        work=str(work),
        partial=doc.judul is None,
        lines=len(content),
        lines_placed=len(content - unplaced),
        pasal=len(pasal),
        pasal_numbers=[n for n in pasal if n],
        posts=len(established),
        reporting_lines=len(index.of_type(SOTK.ReportingLine)),
        posts_without_duties=index.names(p for p in established if not index.has(p, SOTK.hasDuty)),
        units_without_head=index.names(u for u in units if u not in led),
        sub_koordinator_without_grade_rule=index.names(
            p
            for p in index.of_type(SOTK.SubKoordinator)
            if p in established and not index.has(p, SOTK.gradeRequirement)
        ),
        unplaced=list(doc.unplaced),
        repairs=_repairs(index.notes),
    )


def _repairs(notes: Iterable[Node]) -> dict[str, int]:
    kinds = Counter(repair_kind(str(n)) for n in notes)
    kinds.pop(_NOT_A_REPAIR, None)
    kinds.pop(_NAMED_FROM_TEXT, None)
    return dict(sorted(kinds.items()))


# The predicates the report looks up by subject (the rest of a graph is not indexed).
_LOOKED_UP = frozenset(
    [
        SOTK.establishedBy,
        SOTK.leads,
        SOTK.hasDuty,
        SOTK.gradeRequirement,
        SKOS.prefLabel,
        RDFS.label,
    ]
)


class _Index:
    """The few lookups the report needs over a set of triples (no rdflib Graph: cheaper)."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.by_sp: dict[tuple[Node, Node], set[Node]] = {}
        self.by_type: dict[Node, set[Node]] = {}
        self.notes: list[Node] = []
        for s, p, o in triples:
            if p == RDF.type:
                self.by_type.setdefault(o, set()).add(s)
            elif p == SKOS.editorialNote:
                self.notes.append(o)
            elif p in _LOOKED_UP:
                self.by_sp.setdefault((s, p), set()).add(o)

    def objects(self, s: Node, p: Node) -> set[Node]:
        return self.by_sp.get((s, p), set())

    def has(self, s: Node, p: Node, o: Node | None = None) -> bool:
        found = self.objects(s, p)
        return bool(found) if o is None else o in found

    def of_type(self, cls: URIRef) -> set[Node]:
        return self.by_type.get(cls, set())

    def names(self, nodes: Iterable[Node]) -> list[str]:
        """Each node's Indonesian label (its IRI when it has none), sorted."""

        def name(node: Node) -> str:
            for p in (SKOS.prefLabel, RDFS.label):
                labels = [
                    o
                    for o in self.objects(node, p)
                    if isinstance(o, Literal) and o.language == "id"
                ]
                if labels:
                    return str(min(labels))
            return str(node)

        return sorted(name(n) for n in nodes)
