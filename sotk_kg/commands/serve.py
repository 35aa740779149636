"""`sotk-kg serve`: the SPARQL endpoint, editor, linked-data pages and validation service."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "serve",
        help="serve the knowledge graph over SPARQL and HTTP",
        description=(
            "Start the HTTP server. Every option can also be set by an environment variable "
            "(SOTK_HOST, SOTK_PORT, SOTK_STORE, SOTK_TIMEOUT, SOTK_WORKERS, SOTK_MAX_ROWS, "
            "SOTK_BASE, SOTK_REMOTE_QUERY, SOTK_REMOTE_STORE); options win."
        ),
    )
    p.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="TCP port (default 8000)")
    p.add_argument(
        "--store",
        type=Path,
        help="on-disk Oxigraph store directory, brought up to date at start-up (only the named "
        "graphs whose files changed are rewritten; default: in memory, loaded at start-up)",
    )
    p.add_argument("--timeout", type=float, help="time limit per query in seconds (default 10)")
    p.add_argument(
        "--workers", type=int, help="query worker processes (default: cores, at least 4, at most 8)"
    )
    p.add_argument(
        "--queue-wait",
        type=float,
        help="longest wait for a free worker before 503 'server busy', apart from the time limit "
        "(default 2 s)",
    )
    p.add_argument("--max-rows", type=int, help="result row cap (default 100000)")
    p.add_argument("--base", help="public base IRI, if not https://w3id.org/sotk-kg")
    p.add_argument("--remote-query", help="use this SPARQL 1.1 query endpoint instead of a store")
    p.add_argument("--remote-store", help="its Graph Store Protocol endpoint")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.set_defaults(handler=run)


OVERRIDABLE = ("host", "port", "store", "timeout", "workers", "queue_wait", "max_rows", "base",
               "remote_query", "remote_store")  # fmt: skip


def settings_from_args(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from sotk_kg.settings import Settings

    overrides = {
        name: getattr(args, name) for name in OVERRIDABLE if getattr(args, name, None) is not None
    }
    if "base" in overrides:
        overrides["base"] = overrides["base"].rstrip("/")
    return dataclasses.replace(Settings(), **overrides)


def run(args: argparse.Namespace) -> int:
    import logging
    import time

    import uvicorn

    from server.app import create_app

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    settings = settings_from_args(args)
    started = time.perf_counter()
    app = create_app(settings)
    logging.getLogger("sotk_kg").info("store loaded in %.2f s", time.perf_counter() - started)
    uvicorn.run(app, host=settings.host, port=settings.port, access_log=False,
                log_level=args.log_level)  # fmt: skip
    return 0
