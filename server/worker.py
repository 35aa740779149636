"""The code that runs inside a query worker process (kept light: no web framework imported).

A worker opens the store once, then answers jobs from its pipe. A runaway query is stopped by the
parent killing this process; a native crash only ends this process.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph as ox

from server import results
from server.negotiation import RESULTS_FORMATS


@dataclass(frozen=True)
class StoreSpec:
    """How a worker gets the data: an on-disk store opened read-only, or an N-Quads snapshot."""

    kind: str  # "disk" | "nquads"
    path: str


@dataclass(frozen=True)
class Job:
    query: str
    results_type: str | None  # negotiated media type for SELECT/ASK, None: not acceptable
    graph_type: str | None  # negotiated media type for CONSTRUCT/DESCRIBE
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    rows: int
    truncated: bool


@dataclass(frozen=True)
class Failure:
    status: int
    message: str


def block_network(event: str, args: tuple[object, ...]) -> None:
    # Defence in depth: nothing in a worker has any business opening a connection or URL.
    if event in ("socket.connect", "urllib.Request", "socket.getaddrinfo"):
        raise PermissionError(f"network access is disabled in query workers ({event})")


def open_store(spec: StoreSpec) -> ox.Store:
    if spec.kind == "disk":
        return ox.Store.read_only(spec.path)
    store = ox.Store()
    store.load(path=spec.path, format=ox.RdfFormat.N_QUADS)
    return store


def evaluate(store: ox.Store, job: Job) -> Answer | Failure:
    """Run the job on the store. Without a protocol dataset, the store's own default graph is
    used: `store.load` keeps it the set union of the named graphs (a triple stated in many
    regulations matches once, which Oxigraph's union-graph flag does not give; oxigraph#1919)."""
    kwargs: dict[str, object] = {}
    if job.default_graphs or job.named_graphs:
        # SPARQL protocol: a dataset given by parameters is exactly those graphs and replaces the
        # query's FROM / FROM NAMED: default-graph-uri alone means no named graphs,
        # named-graph-uri alone an empty default graph.
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = store.query(job.query, **kwargs)  # type: ignore[arg-type]
        return serialise(result, job)
    except SyntaxError as exc:
        return Failure(400, f"SPARQL syntax error: {exc}")
    except (ValueError, TypeError, RuntimeError, OSError) as exc:
        return Failure(400, f"query evaluation failed: {exc}")


def _not_acceptable(kind: str) -> Failure:
    return Failure(406, f"no acceptable media type for the result of a {kind} query")


def serialise(result: object, job: Job) -> Answer | Failure:
    """Apply the row cap and write the result in the negotiated format."""
    if isinstance(result, ox.QueryBoolean):
        if job.results_type is None:
            return _not_acceptable("ASK")
        fmt = RESULTS_FORMATS[job.results_type]
        return Answer(results.boolean(bool(result), fmt), job.results_type, 1, False)
    if isinstance(result, ox.QuerySolutions):
        if job.results_type is None:
            return _not_acceptable("SELECT")
        variables = [v.value for v in result.variables]
        rows = [
            [sol[v] for v in variables] for sol in itertools.islice(result, job.max_rows + 1)
        ]
        truncated = len(rows) > job.max_rows
        rows = rows[: job.max_rows]
        body = results.solutions(variables, rows, RESULTS_FORMATS[job.results_type])
        return Answer(body, job.results_type, len(rows), truncated)
    if isinstance(result, ox.QueryTriples | list):  # a list: triples from a remote endpoint
        if job.graph_type is None:
            return _not_acceptable("CONSTRUCT/DESCRIBE")
        items = list(itertools.islice(result, job.max_rows + 1))
        truncated = len(items) > job.max_rows
        items = items[: job.max_rows]
        return Answer(results.triples(items, job.graph_type), job.graph_type, len(items), truncated)
    return Failure(400, f"unexpected query result {type(result).__name__}")


def main(conn: Connection, spec: StoreSpec) -> None:
    """Entry point of a worker process."""
    sys.addaudithook(block_network)
    try:
        store = open_store(spec)
    except Exception as exc:  # reported to the parent, which logs it and gives up on this worker
        conn.send(Failure(500, f"worker could not open the store: {exc}"))
        return
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the parent went away
        conn.send(evaluate(store, job))
