"""What a query is answered when a limit stopped it or its worker died: for the route
(routes/sparql.py) and for a connection a worker served itself (server/hosting.py)."""

from __future__ import annotations

from starlette.responses import PlainTextResponse, Response

from sotk_kg.server.admission import ClientBusy
from sotk_kg.server.http import retry_later
from sotk_kg.server.pool import JobTimeout, MemoryLimitExceeded, PoolBusy, WorkerCrashed, WorkerLost


def refusal(exc: JobTimeout | PoolBusy | ClientBusy | WorkerLost) -> Response:
    """503 (429 for the client's own allowance) where a retry may succeed, 400 for a crash."""
    if isinstance(exc, JobTimeout):
        return retry_later(f"{exc}; no result was sent", 10)
    if isinstance(exc, PoolBusy):
        return retry_later(f"server busy: {exc}", 5)
    if isinstance(exc, ClientBusy):
        return retry_later(f"too many queries: {exc}", 5, status=429)
    if isinstance(exc, MemoryLimitExceeded):
        # 503 like the time limit: a limit of this server, not an error in the query.
        return retry_later(f"memory limit: {exc}; no result was sent", 10)
    if isinstance(exc, WorkerCrashed):
        # 400, not 500: the query is the cause (the same query crashes again, a retry cannot
        # help) and the server is unharmed; see docs/deployment.md "Limits and safety".
        return PlainTextResponse(
            f"the query engine crashed on this query ({exc}); the server is unaffected. "
            "The query goes beyond what the engine can evaluate (e.g. nesting too deep): "
            "simplify it; sending it again gives the same answer\n",
            400,
        )
    return retry_later(f"{exc}; send the query again", 2)  # WorkerEnded: not the query's doing
