"""The one place that reads SOTK_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.resources import DATA_ROOT, cache_dir


def _env(name: str, default: str) -> str:
    return os.environ.get(f"SOTK_{name}", default)


def _env_int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


def _env_float(name: str, default: float) -> float:
    return float(_env(name, str(default)))


def _default_workers() -> int:
    return min(max(4, os.cpu_count() or 1), 8)


def _env_path(name: str) -> Path | None:
    value = _env(name, "")
    return Path(value) if value else None


@dataclass(frozen=True)
class Settings:
    """Paths and knobs; every field can be set by an environment variable SOTK_<FIELD>."""

    base: str = field(default_factory=lambda: _env("BASE", DEFAULT_BASE).rstrip("/"))
    # ontology/, shapes/, queries/, data/: the checkout, or the installed package data (resources)
    root: Path = field(default_factory=lambda: Path(_env("ROOT", str(DATA_ROOT))))

    # Server (sotk-kg serve). Store: None = in memory, loaded at start-up; a directory = on-disk
    # Oxigraph store, refreshed at start-up where the data files changed (store/load.py).
    host: str = field(default_factory=lambda: _env("HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: _env_int("PORT", 8000))
    store: Path | None = field(default_factory=lambda: _env_path("STORE"))
    timeout: float = field(default_factory=lambda: _env_float("TIMEOUT", 10.0))  # s per query
    # Query worker processes: at least 4, so that a few slow queries leave workers for the rest
    # (they mostly wait on their time limit, not on a core); one per core beyond that, up to 8.
    workers: int = field(default_factory=lambda: _env_int("WORKERS", _default_workers()))
    # Longest wait for a free worker before a query is answered 503 "server busy" (Retry-After);
    # counted apart from the time limit, which starts when a worker takes the query. Unset: the
    # time limit, by which every running query has ended or been stopped, so that a query
    # admitted behind busy workers (at most `queue_limit` of them wait) is not refused for
    # waiting on queries that merely take a few seconds (`worker_wait`).
    queue_wait: float | None = field(
        default_factory=lambda: _env_float("QUEUE_WAIT", 0.0) or None
    )  # s
    max_rows: int = field(default_factory=lambda: _env_int("MAX_ROWS", 100_000))
    max_body: int = field(default_factory=lambda: _env_int("MAX_BODY", 1_000_000))  # bytes
    max_depth: int = field(default_factory=lambda: _env_int("MAX_DEPTH", 64))  # bracket nesting
    validate_timeout: float = field(default_factory=lambda: _env_float("VALIDATE_TIMEOUT", 30.0))
    # Admission (server/admission.py): queries waiting for a worker past which a query is
    # answered 503 at once; queries one client address may have running or waiting (429 past it,
    # so that one client cannot hold every worker). Validation has its own, smaller pool.
    queue_limit: int = field(default_factory=lambda: _env_int("QUEUE_LIMIT", 16))
    client_queries: int = field(default_factory=lambda: _env_int("CLIENT_QUERIES", 2))
    validate_workers: int = field(default_factory=lambda: _env_int("VALIDATE_WORKERS", 2))
    validate_queue: int = field(default_factory=lambda: _env_int("VALIDATE_QUEUE", 4))
    # Answer size cap beside max_rows: the answer is cut at the last row that fits (announced).
    max_result_bytes: int = field(default_factory=lambda: _env_int("MAX_RESULT_BYTES", 50_000_000))
    # Worker processes (server/pool.py, server/sandbox.py): off the network (auto | required |
    # off), at most worker_memory MiB of data each (0: no cap), replaced after worker_jobs jobs
    # or once they hold worker_growth MiB more than when they started (0: never).
    sandbox: str = field(default_factory=lambda: _env("SANDBOX", "auto"))
    worker_memory: int = field(default_factory=lambda: _env_int("WORKER_MEMORY", 1024))  # MiB
    worker_jobs: int = field(default_factory=lambda: _env_int("WORKER_JOBS", 10_000))
    worker_growth: int = field(default_factory=lambda: _env_int("WORKER_GROWTH", 256))  # MiB
    # Slow clients (server/listener.py): a request's headers must arrive within header_timeout
    # of the connection (or of the previous answer), its body within body_timeout of the headers
    # (else 408); connections past max_connections are refused with 503 at once.
    header_timeout: float = field(default_factory=lambda: _env_float("HEADER_TIMEOUT", 10.0))
    body_timeout: float = field(default_factory=lambda: _env_float("BODY_TIMEOUT", 30.0))
    max_connections: int = field(default_factory=lambda: _env_int("MAX_CONNECTIONS", 4096))
    # The HTTP parser (httptools: llhttp in C; h11: pure Python) and the event loop (uvloop,
    # asyncio) of `sotk-kg serve`; chosen by bench/server_bench.py (docs/deployment.md).
    http: str = field(default_factory=lambda: _env("HTTP", "httptools"))
    loop: str = field(default_factory=lambda: _env("LOOP", "uvloop"))
    # Query requests to /sparql skip the generic middleware stack (server/fastlane.py); 0: they
    # take the full stack like every other request (to compare the two, bench/server_bench.py).
    fast_lane: bool = field(default_factory=lambda: _env("FAST_LANE", "1") != "0")
    # A keep-alive connection whose query was answered is handed to an idle query worker, which
    # answers its next queries itself (server/hosting.py); 0: every query crosses the server.
    hosting: bool = field(default_factory=lambda: _env("HOSTING", "1") != "0")
    # Remote mode: an existing SPARQL 1.1 server instead of the embedded store.
    remote_query: str = field(default_factory=lambda: _env("REMOTE_QUERY", ""))
    remote_store: str = field(default_factory=lambda: _env("REMOTE_STORE", ""))  # Graph Store
    # Who publishes this deployment, for the DCAT-AP catalogue (only the deployer knows).
    publisher_name: str = field(default_factory=lambda: _env("PUBLISHER_NAME", "sotk-kg project"))
    # a local name of http://purl.org/adms/publishertype/ (e.g. Academia-ScientificOrganisation)
    publisher_type: str = field(
        default_factory=lambda: _env("PUBLISHER_TYPE", "NonProfitOrganisation")
    )
    contact_email: str = field(default_factory=lambda: _env("CONTACT_EMAIL", ""))

    @property
    def worker_wait(self) -> float:
        """The longest wait for a free query worker (s): `queue_wait`, else the time limit."""
        return self.timeout if self.queue_wait is None else self.queue_wait

    @property
    def source_dir(self) -> Path:
        return self.root / "data" / "source"

    @property
    def graph_dir(self) -> Path:
        """The regulation graphs built from `source_dir` (commands/graph_cache.py): data/graph/
        beside the sources, or the user's cache folder for the installed package's own data."""
        return cache_dir(self.root, "graph", beside=self.root / "data" / "graph")

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"
