"""Where user SPARQL is evaluated: the killable worker pool (embedded store) or a remote endpoint.

Both take a `Job` and a time limit and return an `Answer` or a `Failure`, raising the pool's
QueryTimeout / WorkerCrashed / PoolBusy for the route to map to HTTP statuses.
"""

from __future__ import annotations

import logging
import tempfile
import urllib.error
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from server.pool import QueryTimeout, WorkerPool
from server.worker import Answer, Failure, Job, StoreSpec, serialise
from store.remote import RemoteEndpoint, RemoteError

log = logging.getLogger(__name__)


class Executor(Protocol):
    known_graphs: frozenset[str] | None
    union_default: bool
    queue_wait: float | None  # longest wait for a free worker (s); None: no pool of ours

    def start(self) -> None: ...
    def run(self, job: Job, timeout: float) -> Answer | Failure: ...
    def close(self) -> None: ...


class PoolExecutor:
    """Embedded store: workers open the on-disk store read-only, or load an N-Quads snapshot of
    the in-memory store written once at start-up."""

    union_default = True

    def __init__(
        self, store: ox.Store, directory: Path | None, size: int, queue_wait: float = 2.0
    ) -> None:
        self.known_graphs = frozenset(
            g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)
        )
        self._store = store
        self._directory = directory
        self._size = size
        self.queue_wait = queue_wait
        self._snapshot: tempfile.TemporaryDirectory[str] | None = None
        self.pool: WorkerPool | None = None

    def start(self) -> None:
        if self._directory is not None:
            spec = StoreSpec("disk", str(self._directory))
        else:
            self._snapshot = tempfile.TemporaryDirectory(prefix="sotk-snapshot-")
            path = Path(self._snapshot.name) / "store.nq"
            self._store.dump(str(path), format=ox.RdfFormat.N_QUADS)
            spec = StoreSpec("nquads", str(path))
        self.pool = WorkerPool(spec, self._size, queue_wait=self.queue_wait)
        self.pool.start()

    def run(self, job: Job, timeout: float) -> Answer | Failure:
        if self.pool is None:
            raise RuntimeError("query workers not started")
        return self.pool.run(job, timeout)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        if self._snapshot is not None:
            self._snapshot.cleanup()


class RemoteExecutor:
    """Remote mode: the query goes to the configured endpoint; its answer is parsed (a cut-off
    body is detected, not passed on) and re-serialised with the same row cap and formats."""

    union_default = False  # the remote server's own default-graph setting applies
    queue_wait: float | None = None  # the remote server queues (or not) by its own rules

    def __init__(self, endpoint: RemoteEndpoint) -> None:
        self.endpoint = endpoint
        self.known_graphs: frozenset[str] | None = None

    def start(self) -> None:
        try:
            self.known_graphs = frozenset(self.endpoint.graph_names())
        except (RemoteError, OSError) as exc:
            log.warning("cannot list the remote graphs (%s); FROM is checked for file: only", exc)

    def run(self, job: Job, timeout: float) -> Answer | Failure:
        try:
            result = self.endpoint.query(
                job.query,
                timeout,
                default_graphs=job.default_graphs,
                named_graphs=job.named_graphs,
            )
        except RemoteError as exc:
            status = exc.status if exc.status in (400, 403, 404, 406) else 502
            return Failure(status, exc.message)
        except TimeoutError as exc:
            raise QueryTimeout(f"the remote endpoint did not answer within {timeout:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise QueryTimeout(f"no answer from the remote endpoint in {timeout:g} s") from exc
            return Failure(502, f"remote endpoint unreachable: {exc.reason}")
        except (SyntaxError, ValueError) as exc:
            # The Oxigraph server answers 200 with a cut-off body when its own timeout fires.
            raise QueryTimeout(f"the remote endpoint's answer was cut off ({exc})") from exc
        try:
            return serialise(result, job)
        except (SyntaxError, ValueError) as exc:
            raise QueryTimeout(f"the remote endpoint's answer was cut off ({exc})") from exc

    def close(self) -> None:
        pass
