"""The law over time, at load time: which version of each regulation applies on which dates.

Every loaded regulation graph describes its work W and the expressions (versions) that realise it:
the enacted one, `W/ind`, and any consolidation `W/ind/{D}` in its own graph (docs/versions.md).
From these facts the loader derives the graph `{base}/graph/versions`: per expression whose
graph is loaded, `sotk:applicableFrom` (its `eli:date_applicability`) and `sotk:applicableUntil`
(the next expression's date, or the repeal date when another loaded regulation repeals W:
`eli:date_no_longer_in_force`). It is recomputed on every load and refresh, never built from a
file, so it always matches the graphs actually loaded.

The same versions say which graphs form the default graph on a date (`visible`): every graph that
is no version graph (ontology, shapes, versions, ...) and the version graphs applicable then.

Dates are ISO strings (`YYYY-MM-DD`), which order as dates.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

ELI = "http://data.europa.eu/eli/ontology#"
SOTK = "https://w3id.org/sotk-kg/def/sotk#"
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

REALIZED_BY = f"{ELI}is_realized_by"
DATE_APPLICABILITY = f"{ELI}date_applicability"
VERSION_GRAPH = f"{SOTK}versionGraph"
APPLICABLE_FROM = f"{SOTK}applicableFrom"
APPLICABLE_UNTIL = f"{SOTK}applicableUntil"
IN_FORCE_ON = f"{SOTK}inForceOn"
# in a remote store's default graph only: the day whose graphs in force `sotk-kg load` put there
DEFAULT_GRAPH_IN_FORCE_ON = f"{SOTK}defaultGraphInForceOn"
REPEALED_BY = f"{ELI}repealed_by"
REPEALS = f"{ELI}repeals"
NO_LONGER_IN_FORCE = f"{ELI}date_no_longer_in_force"
# A work's own dates, for an enacted expression without eli:date_applicability: the first that
# the graph gives of entry into force, promulgation, adoption.
WORK_DATES = (f"{ELI}first_date_entry_in_force", f"{ELI}date_publication", f"{ELI}date_document")
WATCHED = frozenset(
    {REALIZED_BY, DATE_APPLICABILITY, VERSION_GRAPH, REPEALED_BY, REPEALS, NO_LONGER_IN_FORCE,
     *WORK_DATES}
)  # fmt: skip


def versions_graph(base: str) -> str:
    return f"{base.rstrip('/')}/graph/versions"


def parse_date(value: str) -> str:
    """`YYYY-MM-DD` as a real date, else ValueError saying what is expected."""
    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(
            f"not a date: {value!r}; expected YYYY-MM-DD, e.g. {datetime.date.today().isoformat()}"
        ) from None


def today() -> str:
    return datetime.date.today().isoformat()


@dataclass
class Facts:
    """What the loaded graphs say about works, expressions and repeals (collected quad by quad)."""

    realized: set[tuple[str, str, str]] = field(default_factory=set)  # (work, expr, graph)
    applicability: dict[str, str] = field(default_factory=dict)  # expr -> date
    version_graph: dict[str, str] = field(default_factory=dict)  # expr -> graph
    work_dates: dict[tuple[str, str], str] = field(default_factory=dict)  # (work, pred) -> date
    repealed_by: dict[str, set[str]] = field(default_factory=dict)  # old work -> new works
    repeal_dates: dict[str, str] = field(default_factory=dict)  # old work -> earliest date
    graphs: set[str] = field(default_factory=set)  # every named graph seen

    def observe(self, quad: ox.Quad) -> None:
        graph = quad.graph_name
        if not isinstance(graph, ox.NamedNode):
            return
        self.graphs.add(graph.value)
        pred = quad.predicate.value
        if pred not in WATCHED or not isinstance(quad.subject, ox.NamedNode):
            return
        subject, obj = quad.subject.value, quad.object
        if pred == REALIZED_BY and isinstance(obj, ox.NamedNode):
            self.realized.add((subject, obj.value, graph.value))
        elif pred == VERSION_GRAPH and isinstance(obj, ox.NamedNode):
            self.version_graph[subject] = obj.value
        elif pred == REPEALED_BY and isinstance(obj, ox.NamedNode):
            self.repealed_by.setdefault(subject, set()).add(obj.value)
        elif pred == REPEALS and isinstance(obj, ox.NamedNode):
            self.repealed_by.setdefault(obj.value, set()).add(subject)
        elif isinstance(obj, ox.Literal) and _is_date(obj.value):
            if pred == DATE_APPLICABILITY:
                self.applicability[subject] = obj.value
            elif pred == NO_LONGER_IN_FORCE:
                known = self.repeal_dates.get(subject)
                self.repeal_dates[subject] = obj.value if known is None else min(known, obj.value)
            else:
                self.work_dates[(subject, pred)] = obj.value

    def observe_all(self, quads: Iterable[ox.Quad]) -> Facts:
        for quad in quads:
            self.observe(quad)
        return self


def _is_date(value: str) -> bool:
    try:
        parse_date(value)
    except ValueError:
        return False
    return True


def facts_of_store(store: ox.Store) -> Facts:
    """The facts of every named graph of a store (an index lookup per watched predicate)."""
    facts = Facts()
    facts.graphs = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    for pred in sorted(WATCHED):
        for quad in store.quads_for_pattern(None, ox.NamedNode(pred), None, None):
            if isinstance(quad.graph_name, ox.NamedNode):
                facts.observe(quad)
    return facts


@dataclass(frozen=True)
class Version:
    """One expression of a work, the graph holding it and when it applies (`start` inclusive,
    `end` exclusive; None: unbounded, as for a text that states no date)."""

    work: str
    start: str | None
    expression: str
    graph: str
    end: str | None

    def applies_on(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)

    def key(self) -> tuple[str, str, str]:
        return (self.work, self.start or "", self.expression)

    def row(self) -> list[str | None]:
        """As the store's manifest keeps it."""
        return [self.work, self.start, self.expression, self.graph, self.end]


def compute(facts: Facts) -> list[Version]:
    """Each loaded expression with its dates of applicability, sorted by work then date."""
    by_work: dict[str, dict[str, tuple[str | None, str]]] = {}
    for work, expr, stated_in in sorted(facts.realized):
        graph = facts.version_graph.get(expr, stated_in)
        if graph not in facts.graphs:
            continue  # a version whose graph is not loaded
        date = facts.applicability.get(expr) or next(
            (facts.work_dates[(work, p)] for p in WORK_DATES if (work, p) in facts.work_dates),
            None,
        )
        by_work.setdefault(work, {})[expr] = (date, graph)
    first = {work: min((d for d, _ in exprs.values() if d), default=None)
             for work, exprs in by_work.items()}  # fmt: skip
    found: list[Version] = []
    for work, exprs in by_work.items():
        ordered = sorted(exprs.items(), key=lambda e: (e[1][0] or "", e[0]))
        for i, (expr, (date, graph)) in enumerate(ordered):
            end = ordered[i + 1][1][0] if i + 1 < len(ordered) else _repeal_end(work, facts, first)
            found.append(Version(work, date, expr, graph, end))
    return sorted(found, key=Version.key)


def _repeal_end(work: str, facts: Facts, first: dict[str, str | None]) -> str | None:
    """When a loaded regulation repeals `work`: the date it states, else the repealing
    regulation's own first date; None when no loaded regulation repeals it."""
    repealers = [w for w in facts.repealed_by.get(work, ()) if w in first and w != work]
    if not repealers:
        return None
    if work in facts.repeal_dates:
        return facts.repeal_dates[work]
    return min((d for w in repealers if (d := first[w])), default=None)


def default_marker(base: str, on: str) -> ox.Triple:
    """The triple `sotk-kg load` adds to a remote default graph holding the graphs in force `on`
    (`DEFAULT_GRAPH_IN_FORCE_ON`)."""
    return ox.Triple(
        ox.NamedNode(versions_graph(base)),
        ox.NamedNode(DEFAULT_GRAPH_IN_FORCE_ON),
        ox.Literal(on, datatype=XSD_DATE),
    )


def version_quads(versions: Iterable[Version], graph: str, on: str) -> list[ox.Quad]:
    """The versions graph: per expression its work, graph and dates; and the day whose versions
    in force the store's default graph holds. No version: no graph (every graph is in force on
    every day, a store without regulations keeps the graphs it had)."""
    versions = list(versions)
    if not versions:
        return []
    g = ox.NamedNode(graph)
    quads = [ox.Quad(g, ox.NamedNode(IN_FORCE_ON), ox.Literal(on, datatype=XSD_DATE), g)]
    for v in versions:
        expr = ox.NamedNode(v.expression)
        quads += [
            ox.Quad(expr, RDF_TYPE, ox.NamedNode(f"{ELI}LegalExpression"), g),
            ox.Quad(expr, ox.NamedNode(f"{ELI}realizes"), ox.NamedNode(v.work), g),
            ox.Quad(expr, ox.NamedNode(VERSION_GRAPH), ox.NamedNode(v.graph), g),
        ]
        for pred, date in ((APPLICABLE_FROM, v.start), (APPLICABLE_UNTIL, v.end)):
            if date is not None:
                value = ox.Literal(date, datatype=XSD_DATE)
                quads.append(ox.Quad(expr, ox.NamedNode(pred), value, g))
    return quads


def visible(versions: Iterable[Version], graphs: Iterable[str], date: str) -> frozenset[str]:
    """The graphs of the default graph on `date`: those that hold no version, and the version
    graphs applicable then."""
    versions = list(versions)
    of_versions = {v.graph for v in versions}
    applicable = {v.graph for v in versions if v.applies_on(date)}
    owners = {g: version_graph_of(g) for g in graphs}
    return frozenset(
        g for g, owner in owners.items() if owner not in of_versions or owner in applicable
    )


# A graph made from a version graph's quads at load time: its duty tallies (sotk_kg/store/stats.py
# names them `{base}/graph/stats/` + the version graph's path); it is in force with that graph.
_STATS = "/graph/stats/"


def version_graph_of(graph: str) -> str:
    """The graph whose version decides whether `graph` is in force: itself, or for a statistics
    graph the graph it was counted from."""
    return graph.replace(_STATS, "/graph/", 1) if _STATS in graph else graph


def read_versions(rows: Iterable[dict[str, str]]) -> list[Version]:
    """Versions from the rows of `VERSIONS_QUERY` (as plain strings; absent: unbounded)."""
    found = [Version(r["work"], r.get("from"), r["expr"], r["graph"], r.get("until")) for r in rows]
    return sorted(found, key=Version.key)


def versions_query(base: str) -> str:
    """Reads the versions graph back (the server's view of what applies when)."""
    return f"""PREFIX sotk: <{SOTK}>
PREFIX eli: <{ELI}>
SELECT ?work ?expr ?graph ?from ?until WHERE {{ GRAPH <{versions_graph(base)}> {{
  ?expr eli:realizes ?work ; sotk:versionGraph ?graph .
  OPTIONAL {{ ?expr sotk:applicableFrom ?from }} OPTIONAL {{ ?expr sotk:applicableUntil ?until }}
}} }}"""
