"""Which graphs a query naming no dataset sees: the law in force today, or on the `as-of` day.

The store's versions graph (`sotk_kg/versions.py`) says when each regulation version
applies. The embedded store's own default graph holds the graphs in force on one day (the
versions graph records it, `sotk:inForceOn`): a query for a day with the same graphs in force
uses it (a set union: a triple stated in many graphs matches once); any other day is given as a
dataset of those graphs, which Oxigraph 0.5 merges as a bag (stack-findings §7.12), so a triple
stated by two regulations in force then matches twice (SELECT DISTINCT gives it once). A remote
store's default graph is used likewise when `sotk-kg load` filled it (it then holds
`sotk:defaultGraphInForceOn`, in no named graph); otherwise (Virtuoso's default graph is the union
of every graph) every query naming no dataset gets the graphs in force as `default-graph-uri`.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from sotk_kg import versions as vs
from sotk_kg.settings import Settings
from sotk_kg.store.backend import QueryBackend

log = logging.getLogger(__name__)


DATASETS_KEPT = 512  # days whose dataset a view keeps (`as-of` is the client's: bounded)


@dataclass(frozen=True)
class InForceView:
    versions: tuple[vs.Version, ...]
    graphs: frozenset[str]  # every named graph of the store
    store_default_on: str | None  # the day the store's default graph holds; None: not ours
    # dataset() by day: it reads every graph (two `visible` calls), and every query naming no
    # dataset asks for it; the view never changes, so neither does the answer
    _datasets: dict[str, tuple[str, ...] | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    def graphs_on(self, day: str) -> frozenset[str]:
        return vs.visible(self.versions, self.graphs, day)

    def dataset(self, day: str) -> tuple[str, ...] | None:
        """The default graph of a query naming no dataset on `day`: None when the store's own
        default graph holds it already, else the graphs in force then."""
        try:
            return self._datasets[day]
        except KeyError:
            pass
        wanted = self.graphs_on(day)
        found: tuple[str, ...] | None = tuple(sorted(wanted))
        if self.store_default_on is not None and wanted == self.graphs_on(self.store_default_on):
            found = None
        if len(self._datasets) >= DATASETS_KEPT:
            self._datasets.clear()
        self._datasets[day] = found  # a race only computes a day twice
        return found

    def applicable(self, work: str, day: str) -> vs.Version | None:
        """The version of `work` that applies on `day`, if any."""
        return next((v for v in self.versions if v.work == work and v.applies_on(day)), None)

    def of_work(self, work: str) -> list[vs.Version]:
        return [v for v in self.versions if v.work == work]


def versions_rows(backend: QueryBackend, base: str) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in row.items()} for row in backend.select(vs.versions_query(base))]


def read_view(backend: QueryBackend, settings: Settings, embedded: bool) -> InForceView:
    """The versions and graphs of the store behind `backend` (the server's own queries)."""
    versions = vs.read_versions(versions_rows(backend, settings.base))
    graphs = _graph_names(backend, settings.base)
    day = None
    graph = vs.versions_graph(settings.base)
    if embedded:
        rows = backend.select(
            f"SELECT ?d WHERE {{ GRAPH <{graph}> {{ <{graph}> <{vs.IN_FORCE_ON}> ?d }} }}"
        )
        # A store without a versions graph (no regulation states a version) holds every graph
        # in its default graph, which is what any day's view gives then.
        day = str(rows[0]["d"]) if rows else vs.today()
    else:
        # a remote default graph `sotk-kg load` filled with the graphs in force says so, in it
        # alone; one left to the server (Virtuoso's union of every graph) does not
        rows = backend.select(
            f"SELECT ?d WHERE {{ <{graph}> <{vs.DEFAULT_GRAPH_IN_FORCE_ON}> ?d }}"
        )
        day = str(rows[0]["d"]) if rows else None
    return InForceView(tuple(versions), graphs, day)


def _graph_names(backend: QueryBackend, base: str) -> frozenset[str]:
    """The project's named graphs (`{base}/graph/...`: a remote server may hold its own, e.g.
    Virtuoso's system graphs). `GRAPH ?g {}` lists them without reading them, but Virtuoso answers
    it with ?g unbound: then every quad's graph is read."""
    names: set[str] = set()
    for pattern in ("", "?s ?p ?o"):
        rows = backend.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {pattern} }} }}")
        names = {str(row["g"]) for row in rows if "g" in row}
        if names:
            break
    return frozenset(g for g in names if g.startswith(f"{base}/graph/"))


class InForce:
    """The view, read once from the store (on first use: a remote store may be down when the
    server starts; then every query naming no dataset waits for it)."""

    def __init__(self, backend: QueryBackend, settings: Settings, embedded: bool) -> None:
        self._backend, self._settings, self._embedded = backend, settings, embedded
        self._view: InForceView | None = None
        self._lock = threading.Lock()

    def view(self) -> InForceView:
        with self._lock:
            if self._view is None:
                self._view = read_view(self._backend, self._settings, self._embedded)
                log.info("versions read: %d, graphs: %d", len(self._view.versions),
                         len(self._view.graphs))  # fmt: skip
            return self._view


def parse_as_of(value: str | None) -> str | None:
    """The `as-of` request parameter as an ISO date; ValueError with what is expected."""
    if value is None:
        return None
    try:
        return vs.parse_date(value)
    except ValueError as exc:
        raise ValueError(f"parameter 'as-of': {exc}") from None
