"""Who may start work now: a cap on work in flight per kind, and on queries per client.

Each kind of work (user queries, validations) has its own gate and its own thread limiter, so a
flood of one cannot take the threads the other needs, nor the default thread pool that the
server's own routes (`/health`, pages) run in. A gate admits at most `capacity` jobs at once
(its workers plus the queue allowed to wait for one); past it the answer is 503 at once, never a
wait. Its limiter has exactly that many threads, so an admitted job never waits for a thread.

Per client: a client address may have at most `per_client` jobs in flight, so one client cannot
hold every worker (429 with Retry-After). The address is the connection's, or the one a trusted
reverse proxy forwards (uvicorn's `--forwarded-allow-ips`): behind a proxy that does not forward
it, all clients share one address and one allowance.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from sotk_kg.server.pool import PoolBusy

T = TypeVar("T")


class ClientBusy(Exception):
    """This client already has its allowance of jobs in flight (429)."""


class Gate:
    def __init__(self, kind: str, capacity: int, per_client: int = 0) -> None:
        self.kind = kind
        self.capacity = max(1, capacity)
        self.per_client = per_client  # 0: no per-client cap
        self._in_flight = 0
        self._by_client: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._limiter: anyio.CapacityLimiter | None = None
        # A client's jobs running outside this gate: on a connection a query worker serves
        # itself (server/hosting.py), which count against the client's allowance here.
        self.elsewhere: Callable[[str], int] = lambda client: 0

    @contextmanager
    def admit(self, client: str | None) -> Iterator[None]:
        """Hold a place for one job of `client` (None: unknown, not counted per client)."""
        with self._lock:
            if self._in_flight >= self.capacity:
                raise PoolBusy(
                    f"{self._in_flight} {self.kind} jobs are running or waiting, the most this "
                    "server takes at once"
                )
            mine = self._by_client[client] + self.elsewhere(client) if client is not None else 0
            if self.per_client and mine >= self.per_client:
                raise ClientBusy(
                    f"this client ({client}) already has {self.per_client} {self.kind} jobs "
                    f"running or waiting, the most one client may; wait for one to finish"
                )
            self._in_flight += 1
            if client is not None:
                self._by_client[client] += 1
        try:
            yield
        finally:
            self._release(client)

    def _release(self, client: str | None) -> None:
        with self._lock:
            self._in_flight -= 1
            if client is not None:
                self._by_client[client] -= 1
                if not self._by_client[client]:
                    del self._by_client[client]

    async def run(self, fn: Callable[..., T], *args: Any, client: str | None = None) -> T:
        """`fn(*args)` in a thread of this gate's own limiter, once admitted."""
        if self._limiter is None:  # made in the event loop that uses it
            self._limiter = anyio.CapacityLimiter(self.capacity)
        with self.admit(client):
            return await anyio.to_thread.run_sync(fn, *args, limiter=self._limiter)

    async def run_async(
        self, fn: Callable[..., Awaitable[T]], *args: Any, client: str | None = None
    ) -> T:
        """`await fn(*args)` once admitted: for work that waits in the event loop, not in a
        thread (the query pool's pipes)."""
        with self.admit(client):
            return await fn(*args)
