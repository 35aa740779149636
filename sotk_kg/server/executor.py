"""Where user SPARQL is evaluated: the killable worker pool (embedded store) or a remote endpoint.

Both take a `Job` and a time limit and return an `Answer` or a `Failure`, raising the pool's
JobTimeout / WorkerLost (WorkerCrashed, MemoryLimitExceeded, WorkerEnded) / PoolBusy or the
gate's ClientBusy for the route to map to HTTP statuses. `submit` admits the query through the
executor's own gate (server/admission.py): its own threads, a cap on queries in flight, and one
per client address.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
import urllib.error
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from sotk_kg.server import worker
from sotk_kg.server.admission import Gate
from sotk_kg.server.conditional import DataVersion
from sotk_kg.server.hosting import Hosting
from sotk_kg.server.pool import JobTimeout, WorkerOptions, WorkerPool
from sotk_kg.server.worker import (
    Answer,
    Failure,
    Job,
    StoreSpec,
    decode_outcome,
    encode_job,
    serialise,
)
from sotk_kg.settings import Settings
from sotk_kg.store.load import graphs_prefix
from sotk_kg.store.remote import RemoteEndpoint, RemoteError

log = logging.getLogger(__name__)


class Executor(Protocol):
    # Read-only here, so that an executor may narrow them (PoolExecutor always has both).
    @property
    def known_graphs(self) -> frozenset[str] | None: ...
    @property
    def union_default(self) -> bool: ...
    @property
    def queue_wait(self) -> float | None:
        """Longest wait for a free worker (s); None: no pool of ours."""
        ...

    def start(self) -> None: ...
    def run(self, job: Job, timeout: float) -> Answer | Failure: ...
    async def submit(self, job: Job, timeout: float, client: str | None) -> Answer | Failure: ...
    def close(self) -> None: ...


def query_gate(settings: Settings) -> Gate:
    """Queries in flight: a worker each plus `queue_limit` waiting; `client_queries` a client."""
    return Gate("query", settings.workers + settings.queue_limit, settings.client_queries)


def worker_options(settings: Settings, nice: int = 0, framed: bool = False) -> WorkerOptions:
    """The confinement and recycling settings every worker process gets (server/pool.py)."""
    return WorkerOptions(
        sandbox=settings.sandbox,
        memory_mb=settings.worker_memory,
        max_jobs=settings.worker_jobs,
        recycle_mb=settings.worker_growth,
        nice=nice,
        framed=framed,
    )


class _Gated:
    """`submit` for an executor with a `run` and a `gate`."""

    gate: Gate

    def run(self, job: Job, timeout: float) -> Answer | Failure:
        raise NotImplementedError

    async def submit(self, job: Job, timeout: float, client: str | None) -> Answer | Failure:
        return await self.gate.run(self.run, job, timeout, client=client)


def named_graph_iris(store: ox.Store) -> frozenset[str]:
    return frozenset(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


class PoolExecutor(_Gated):
    """Embedded store: workers open the on-disk store read-only, or load an N-Quads snapshot of
    the in-memory store written once at start-up."""

    union_default = True

    def __init__(
        self,
        store: ox.Store,
        directory: Path | None,
        settings: Settings,
        version: DataVersion | None = None,
    ) -> None:
        self.known_graphs = named_graph_iris(store)
        self._version = version
        self._store = store
        self._directory = directory
        self._settings = settings
        self.queue_wait = settings.worker_wait
        self.gate = query_gate(settings)
        self._snapshot: tempfile.TemporaryDirectory[str] | None = None
        self.pool: WorkerPool | None = None
        self.hosting: Hosting | None = None

    def start(self) -> None:
        if self._directory is not None:
            spec = StoreSpec("disk", str(self._directory))
            if self._settings.hosting and self._version is not None and self._settings.workers > 1:
                self._start_hosting(spec, self._version)
                return
        else:
            self._snapshot = tempfile.TemporaryDirectory(prefix="sotk-snapshot-")
            path = Path(self._snapshot.name) / "store.nq"
            self._store.dump(str(path), format=ox.RdfFormat.N_QUADS)
            spec = StoreSpec("nquads", str(path))
        self.pool = WorkerPool(
            "query",
            worker.start_framed,
            (spec,),
            self._settings.workers,
            options=worker_options(self._settings, framed=True),
            queue_wait=self.queue_wait,
        )
        self.pool.start()

    def _start_hosting(self, spec: StoreSpec, version: DataVersion) -> None:
        """Workers that also serve connections handed to them (server/hosting.py): an on-disk
        store only, whose text index each worker opens."""
        from sotk_kg.server import hosted  # the worker's side imports the route: not at import

        options = dataclasses.replace(worker_options(self._settings, framed=True), hosting=True)
        self.pool = WorkerPool(
            "query",
            hosted.start,
            (spec, self._settings, version),
            self._settings.workers,
            options=options,
            queue_wait=self.queue_wait,
        )
        self.pool.start()
        self.hosting = Hosting(self.pool, self.gate, self._settings.timeout)

    def _pool(self) -> WorkerPool:
        if self.pool is None:
            raise RuntimeError("query workers not started")
        return self.pool

    def run(self, job: Job, timeout: float) -> Answer | Failure:
        return decode_outcome(self._pool().run(encode_job(job), timeout))

    async def submit(self, job: Job, timeout: float, client: str | None) -> Answer | Failure:
        """In the event loop: the job goes down the worker's pipe as one frame of bytes and the
        answer comes back as one, its body as the worker wrote it (server/worker.py)."""
        frame = await self.gate.run_async(
            self._pool().run_async, encode_job(job), timeout, client=client
        )
        return decode_outcome(frame)

    def close(self) -> None:
        if self.hosting is not None:
            self.hosting.close()
        if self.pool is not None:
            self.pool.close()
        if self._snapshot is not None:
            self._snapshot.cleanup()


class RemoteExecutor(_Gated):
    """Remote mode: the query goes to the configured endpoint; its answer is parsed (a cut-off
    body is detected, not passed on) and re-serialised with the same caps and formats."""

    union_default = False  # the remote server's own default-graph setting applies
    queue_wait: float | None = None  # the remote server queues (or not) by its own rules

    def __init__(self, endpoint: RemoteEndpoint, settings: Settings) -> None:
        self.endpoint = endpoint
        self.known_graphs: frozenset[str] | None = None
        self.gate = query_gate(settings)
        self._graphs_under = graphs_prefix(settings)

    def start(self) -> None:
        try:
            self.known_graphs = frozenset(self.endpoint.graph_names(under=self._graphs_under))
        except (RemoteError, OSError) as exc:
            log.warning("cannot list the remote graphs (%s); FROM is checked for file: only", exc)

    def run(self, job: Job, timeout: float) -> Answer | Failure:
        try:
            # The graphs in force as the default graph; the protocol then needs every named
            # graph listed, or GRAPH would see none.
            named = job.named_graphs
            if job.in_force:
                named = tuple(sorted(self.known_graphs or ()))
            result = self.endpoint.query(
                job.query, timeout, default_graphs=job.default_graphs, named_graphs=named
            )
        except RemoteError as exc:
            status = exc.status if exc.status in (400, 403, 404, 406) else 502
            return Failure(status, exc.message)
        except TimeoutError as exc:
            raise JobTimeout(f"the remote endpoint did not answer within {timeout:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise JobTimeout(f"no answer from the remote endpoint in {timeout:g} s") from exc
            return Failure(502, f"remote endpoint unreachable: {exc.reason}")
        except (SyntaxError, ValueError) as exc:
            # The Oxigraph server answers 200 with a cut-off body when its own timeout fires.
            raise JobTimeout(f"the remote endpoint's answer was cut off ({exc})") from exc
        try:
            return serialise(result, job)
        except (SyntaxError, ValueError) as exc:
            raise JobTimeout(f"the remote endpoint's answer was cut off ({exc})") from exc

    def close(self) -> None:
        pass
