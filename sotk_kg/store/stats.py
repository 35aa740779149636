"""Per-regulation statistics, computed as each regulation file is loaded and stored beside it.

Counting over the whole corpus reads every duty at every query: "how many duties of each category
does each post have" (worked question 10) joins 250,000 duties at 1,000 regulations, seconds of
index lookups however the query is written. So the loader counts them once, per regulation graph,
from the quads it is reading anyway, and stores the counts in the regulation's statistics graph
(`{base}/graph/stats/…` + the regulation graph's path). Being made
from the same file, the statistics graph is refreshed, rebuilt and removed with the regulation's
graph (the manifest lists the file as filling both), and it reaches every backend the same way:
the embedded store, `sotk-kg load --remote-store` and Virtuoso's bulk loader all read the quads
through `sotk_kg.store.load`. It is no regulation: the dumps and the catalogue count it with the
whole dataset (as the ontology and the shapes), never as a dataset of its own.

A tally (docs/model.md): `<post#duties-{category}> sotk:tallyOf <post> ; sotk:tallyCategory
<category> ; sotk:tallyCount n` for each post (`a org:Post`) and duty category of one regulation,
`n` the number of distinct duties (`sotk:hasDuty`) of that category (`sotk:dutyCategory`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ORG_POST = "http://www.w3.org/ns/org#Post"
SOTK = "https://w3id.org/sotk-kg/def/sotk#"
HAS_DUTY = SOTK + "hasDuty"
DUTY_CATEGORY = SOTK + "dutyCategory"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
TALLY_OF = ox.NamedNode(SOTK + "tallyOf")
TALLY_CATEGORY = ox.NamedNode(SOTK + "tallyCategory")
TALLY_COUNT = ox.NamedNode(SOTK + "tallyCount")
TALLY = ox.NamedNode(SOTK + "DutyTally")
TYPE = ox.NamedNode(RDF_TYPE)


STATS = "stats/"  # the statistics graphs' path under `{base}/graph/`


def is_stats_graph(graph: str, base: str) -> bool:
    return graph.startswith(f"{base}/graph/{STATS}")


def stats_graph(graph: str, base: str) -> str | None:
    """The statistics graph of a regulation graph `{base}/graph/{path}`:
    `{base}/graph/stats/{path}` (None for the ontology, the shapes and any other graph)."""
    prefix = f"{base}/graph/"
    path = graph[len(prefix) :] if graph.startswith(prefix) else ""
    if path in ("ontology", "shapes", "") or path.startswith(STATS):
        return None
    return f"{prefix}{STATS}{path}"


class Tallies:
    """Collects, from a regulation's quads, what its statistics are computed from."""

    def __init__(self) -> None:
        self._posts: dict[str, set[str]] = defaultdict(set)  # graph -> posts
        self._duties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._categories: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def see(self, quad: ox.Quad) -> None:
        graph, p, o = quad.graph_name, quad.predicate.value, quad.object
        if not isinstance(graph, ox.NamedNode) or not isinstance(quad.subject, ox.NamedNode):
            return
        if not isinstance(o, ox.NamedNode):
            return
        if p == RDF_TYPE and o.value == ORG_POST:
            self._posts[graph.value].add(quad.subject.value)
        elif p == HAS_DUTY:
            self._duties[graph.value][quad.subject.value].add(o.value)
        elif p == DUTY_CATEGORY:
            self._categories[graph.value][quad.subject.value].add(o.value)

    def quads(self, base: str) -> Iterable[ox.Quad]:
        """The statistics quads of every regulation graph seen (none for a graph without a post
        with duties)."""
        for graph, posts in self._posts.items():
            target = stats_graph(graph, base)
            if target is None:
                continue
            name = ox.NamedNode(target)
            duties, categories = self._duties[graph], self._categories[graph]
            for post in sorted(posts):
                counts: dict[str, int] = defaultdict(int)
                for duty in duties.get(post, ()):
                    for category in categories.get(duty, ()):
                        counts[category] += 1
                for category, n in sorted(counts.items()):
                    tally = ox.NamedNode(f"{post}#duties-{category.rstrip('/').rsplit('/', 1)[-1]}")
                    yield ox.Quad(tally, TYPE, TALLY, name)
                    yield ox.Quad(tally, TALLY_OF, ox.NamedNode(post), name)
                    yield ox.Quad(tally, TALLY_CATEGORY, ox.NamedNode(category), name)
                    yield ox.Quad(
                        tally, TALLY_COUNT, ox.Literal(str(n), datatype=XSD_INTEGER), name
                    )
