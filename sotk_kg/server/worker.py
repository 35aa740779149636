"""The code that runs inside a query worker process (kept light: no web framework imported).

A worker (server/pool.py) opens the store once (`start`), then evaluates each job on it. A runaway
query is stopped by the parent killing this process; a native crash only ends this process.

Answers are capped twice: at `max_rows` rows (or triples) and at `max_bytes` bytes of the written
answer. Rows are taken as the engine gives them and their size in the negotiated format is
counted as they are taken, so a query of a hundred thousand large rows stops at the byte cap (at a
row boundary) without ever holding the whole answer, here or in the server process.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, TypeVar, cast

import pyoxigraph as ox

from sotk_kg.server import results
from sotk_kg.server.negotiation import RESULTS_FORMATS

T = TypeVar("T")
COUNT_CHUNK = 64  # items whose size is counted with one write (server/worker.py `_fitting`)


SYNTAX_ERROR = "SPARQL syntax error: "  # the engine's message follows, with its position


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
    max_bytes: int | None = None  # of the written answer; None: no byte cap
    # default_graphs are the graphs in force on a day (server/in_force.py), not a protocol
    # dataset: every named graph stays visible to GRAPH
    in_force: bool = False


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    rows: int | None  # None: not counted (the engine wrote the answer)
    truncated: bool
    cut_at: str = ""  # the cap that cut it ("40 rows", "50000000 bytes"), when truncated


@dataclass(frozen=True)
class Failure:
    status: int
    message: str


def open_store(spec: StoreSpec) -> ox.Store:
    if spec.kind == "disk":
        return ox.Store.read_only(spec.path)
    store = ox.Store()
    store.load(path=spec.path, format=ox.RdfFormat.N_QUADS)
    return store


def evaluate(store: ox.Store, job: Job) -> Answer | Failure:
    """Run the job on the store. Without a protocol dataset, the store's own default graph is
    used: `sotk_kg.store.load` keeps it the set union of the graphs in force on the day of the
    load (a triple stated in many regulations matches once, which Oxigraph's union-graph flag
    does not give; oxigraph#1919); for another day the graphs in force then are the default
    graph and every named graph stays visible (`in_force`)."""
    default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
    named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None
    if job.in_force:
        default_graph = [ox.NamedNode(g) for g in job.default_graphs]
    elif job.default_graphs or job.named_graphs:
        # SPARQL protocol: a dataset given by parameters is exactly those graphs and replaces the
        # query's FROM / FROM NAMED: default-graph-uri alone means no named graphs,
        # named-graph-uri alone an empty default graph.
        default_graph = [ox.NamedNode(g) for g in job.default_graphs]
        named_graphs = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = store.query(job.query, default_graph=default_graph, named_graphs=named_graphs)
        if isinstance(result, ox.QuerySolutions) and job.results_type == JSON_RESULTS:
            if (answer := _native_json(result, job)) is not None:
                return answer
            # Too large for the shortcut: evaluated again, the caps applied row by row.
            result = store.query(job.query, default_graph=default_graph,
                                 named_graphs=named_graphs)  # fmt: skip
        return serialise(result, job)
    except SyntaxError as exc:
        return Failure(400, f"{SYNTAX_ERROR}{exc}")
    except (ValueError, TypeError, RuntimeError, OSError) as exc:
        return Failure(400, f"query evaluation failed: {exc}")


JSON_RESULTS = "application/sparql-results+json"
# A SPARQL JSON answer of R rows takes at least 3R - 1 bytes (`{}` and a comma per row), so one
# of at most 3 * max_rows bytes cannot hold more than max_rows rows.
JSON_ROW_BYTES = 3
# In the engine's JSON, a row after the first starts with "},{" + a variable's name + ":{".
# Within a string every quote is escaped, so the pattern cannot start inside one and run on:
# [^"\\]* stops at the string's closing quote, after which comes "," or "}", never ":{".
_NEXT_ROW = re.compile(rb'\},\{"[^"\\]*":\{')
_BINDINGS = b'"bindings":['


class _TooLarge(Exception):
    """The engine's own writer went past what the shortcut may take."""


class _Limited:
    """Where the engine writes an answer: kept while it stays within `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _native_json(result: ox.QuerySolutions, job: Job) -> Answer | None:
    """The SELECT answer in SPARQL JSON written by the engine itself (Rust, a tenth of the time
    of writing it here), when neither cap cuts it: within the byte cap, and of at most max_rows
    rows (certain below 3 bytes a row, else counted); None when a cap cuts it (the caller
    evaluates again and writes row by row, cutting at a row boundary). The engine's JSON is the same
    document as `results.solutions` writes, U+FFFE/U+FFFF escaped alike."""
    out = _Limited(job.max_bytes if job.max_bytes is not None else sys.maxsize)
    try:
        result.serialize(cast(IO[bytes], out), format=ox.QueryResultsFormat.JSON)  # write() only
    except _TooLarge:
        return None
    body = b"".join(out.parts)
    if len(body) > JSON_ROW_BYTES * job.max_rows and _json_rows(body) > job.max_rows:
        return None
    return Answer(results.escape_json_utf8(body), JSON_RESULTS, None, False)


def _json_rows(body: bytes) -> int:
    """The rows of the engine's SPARQL JSON answer, counted without parsing it (a 20 MB answer
    in 25 ms): the first, and each row start after it. A row binding nothing (`{}`) has no such
    start: where "{}" appears (also inside a string), the count is unknown (sys.maxsize)."""
    if b"{}" in body:
        return sys.maxsize
    start = body.find(_BINDINGS) + len(_BINDINGS)
    first = int(body.startswith(b'{"', start))
    return first + sum(1 for _ in _NEXT_ROW.finditer(body, start))


def _not_acceptable(kind: str) -> Failure:
    return Failure(406, f"no acceptable media type for the result of a {kind} query")


def serialise(result: object, job: Job) -> Answer | Failure:
    """Apply the row cap and write the result in the negotiated format; 406 when that format
    cannot write a term of the answer (e.g. U+0001 in XML), naming formats that can."""
    try:
        return _serialise(result, job)
    except results.NotRepresentable as exc:
        return Failure(406, str(exc))


def _serialise(result: object, job: Job) -> Answer | Failure:
    if isinstance(result, ox.QueryBoolean):
        if job.results_type is None:
            return _not_acceptable("ASK")
        fmt = RESULTS_FORMATS[job.results_type]
        return Answer(results.boolean(bool(result), fmt), job.results_type, 1, False)
    if isinstance(result, ox.QuerySolutions):
        if job.results_type is None:
            return _not_acceptable("SELECT")
        variables = [v.value for v in result.variables]
        fmt = RESULTS_FORMATS[job.results_type]
        rows = ([sol[v] for v in variables] for sol in result)
        return _capped(rows, functools.partial(results.solutions, variables, fmt=fmt),
                       job, job.results_type)  # fmt: skip
    if isinstance(result, ox.QueryTriples | list):  # a list: triples from a remote endpoint
        if job.graph_type is None:
            return _not_acceptable("CONSTRUCT/DESCRIBE")
        write = functools.partial(results.triples, media_type=job.graph_type)
        return _capped(iter(result), write, job, job.graph_type)
    return Failure(400, f"unexpected query result {type(result).__name__}")


def _capped(
    items: Iterator[T], write: Callable[[list[T]], bytes], job: Job, media_type: str
) -> Answer:
    """The answer of the first items that fit both caps, written by `write`."""
    taken, cut_at = _take(items, write, job)
    body = write(taken)
    # Formats that group items (Turtle, RDF/XML: one subject, many predicates) write a group
    # shorter than its items alone, so the count is an upper bound; should a format ever write
    # more than counted, drop items until the answer fits.
    while job.max_bytes is not None and len(body) > job.max_bytes and taken:
        taken = taken[: min(len(taken) - 1, len(taken) * job.max_bytes // len(body))]
        body, cut_at = write(taken), f"{job.max_bytes} bytes"
    return Answer(body, media_type, len(taken), bool(cut_at), cut_at)


def _take(items: Iterator[T], write: Callable[[list[T]], bytes], job: Job) -> tuple[list[T], str]:
    """The items within `job.max_rows` and, counted as they are taken, `job.max_bytes`; and the
    cap that stopped them ("" when all were taken)."""
    within_rows = itertools.islice(items, job.max_rows)
    if job.max_bytes is None:
        taken, over_bytes = list(within_rows), False
    else:
        taken, over_bytes = _fitting(within_rows, write, job.max_bytes)
    if over_bytes:
        return taken, f"{job.max_bytes} bytes"
    if len(taken) == job.max_rows and next(items, None) is not None:
        return taken, f"{job.max_rows} rows"
    return taken, ""


def _fitting(
    items: Iterator[T], write: Callable[[list[T]], bytes], budget: int
) -> tuple[list[T], bool]:
    """The first items whose answer stays within `budget` bytes, and whether an item was left
    out for it. What an item adds to an answer is what writing it alone adds to an empty one,
    plus the separator between two items (what a second copy adds beyond that). It is counted
    per chunk of items, one write each (a write per item costs up to five times the answer
    itself in Turtle), and item by item only in a chunk that reaches the budget or holds an
    item the format cannot write: such an item counts 0 and is kept, so that writing the answer
    refuses it and says where (with its row number)."""
    taken: list[T] = []
    frame = len(write([]))
    size, separator = frame, None
    while chunk := list(itertools.islice(items, COUNT_CHUNK)):
        if separator is None:
            separator = _separator(write, chunk[0], frame)
        join = (separator or 0) if taken else 0
        cost = _added(write, chunk, frame)
        if cost is not None and size + join + cost <= budget:
            taken += chunk
            size += join + cost
            continue
        for item in chunk:
            size += ((separator or 0) if taken else 0) + (_added(write, [item], frame) or 0)
            if size > budget:
                return taken, True
            taken.append(item)
    return taken, False


def _added(write: Callable[[list[T]], bytes], items: list[T], frame: int) -> int | None:
    """Bytes `items` add to an empty answer; None when the format cannot write one of them."""
    try:
        return len(write(items)) - frame
    except results.NotRepresentable:
        return None


def _separator(write: Callable[[list[T]], bytes], item: T, frame: int) -> int | None:
    """Bytes between two items: what a second copy of `item` adds beyond the item itself."""
    one, two = _added(write, [item], frame), _added(write, [item, item], frame)
    return None if one is None or two is None else two - 2 * one


def start(spec: StoreSpec) -> Callable[[Job], Answer | Failure]:
    """Entry of a query worker (server/pool.py): open the store once; each job is evaluated on
    it. A store that cannot be opened stops the worker's start with that error."""
    return functools.partial(evaluate, open_store(spec))


# The framed pool's wire (server/pool.py `framed`): a job or an answer is one frame of bytes, a
# line of JSON with the small fields, then the query text or the answer's body as they are. The
# body is written once, here, and the server sends it on unchanged: no pickling either way.
_ANSWER, _FAILURE = b"A", b"F"


def encode_job(job: Job) -> bytes:
    head = [job.results_type, job.graph_type, job.max_rows, job.max_bytes,
            job.default_graphs, job.named_graphs, job.in_force]  # fmt: skip
    return json.dumps(head).encode() + b"\n" + job.query.encode()


def decode_job(frame: bytes) -> Job:
    head, _, query = frame.partition(b"\n")
    results_type, graph_type, max_rows, max_bytes, default, named, in_force = json.loads(head)
    return Job(query.decode(), results_type, graph_type, max_rows, tuple(default), tuple(named),
               max_bytes, in_force)  # fmt: skip


def encode_outcome(outcome: Answer | Failure) -> bytes:
    if isinstance(outcome, Failure):
        return _FAILURE + json.dumps([outcome.status, outcome.message]).encode()
    head = [outcome.media_type, outcome.rows, outcome.truncated, outcome.cut_at]
    return _ANSWER + json.dumps(head).encode() + b"\n" + outcome.body


def decode_outcome(frame: bytes) -> Answer | Failure:
    if frame[:1] == _FAILURE:
        status, message = json.loads(frame[1:])
        return Failure(status, message)
    line = frame.index(b"\n")  # slices, not a partition of a slice: the body is copied once
    media_type, rows, truncated, cut_at = json.loads(frame[1:line])
    return Answer(frame[line + 1 :], media_type, rows, truncated, cut_at)


def start_framed(spec: StoreSpec) -> Callable[[bytes], bytes]:
    """Entry of a query worker of a framed pool: `start`, with jobs and answers as bytes."""
    return framed_jobs(open_store(spec))


def framed_jobs(store: ox.Store) -> Callable[[bytes], bytes]:
    """A framed pool's job function on `store`."""
    run = functools.partial(evaluate, store)
    return lambda frame: encode_outcome(run(decode_job(frame)))
