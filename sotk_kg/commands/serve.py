"""`sotk-kg serve`: the SPARQL endpoint, editor, linked-data pages and validation service."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sotk_kg.settings import Settings

EXIT_UNUSABLE = 2  # a source text does not build, or the graph folder cannot be written


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve the knowledge graph over SPARQL and HTTP",
        description=(
            "Start the HTTP server. Every option can also be set by an environment variable "
            "(SOTK_HOST, SOTK_PORT, SOTK_STORE, SOTK_TIMEOUT, SOTK_WORKERS, SOTK_MAX_ROWS, "
            "SOTK_QUEUE_LIMIT, SOTK_CLIENT_QUERIES, SOTK_MAX_RESULT_BYTES, SOTK_SANDBOX, "
            "SOTK_WORKER_MEMORY, SOTK_WORKER_JOBS, SOTK_WORKER_GROWTH, SOTK_VALIDATE_WORKERS, "
            "SOTK_VALIDATE_QUEUE, "
            "SOTK_BASE, SOTK_REMOTE_QUERY, SOTK_REMOTE_STORE, SOTK_HEADER_TIMEOUT, "
            "SOTK_BODY_TIMEOUT, SOTK_MAX_CONNECTIONS); options win. The graph is built from "
            "data/source/*.txt|*.pdf (a reviewed X.markup beside one instead of its parse) "
            "first when missing or stale (into data/graph/ in a checkout, the "
            "user's cache folder for an installed copy), else the cached build is reused; exit 2 "
            "when a text does not build."
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
        "(default: the time limit)",
    )
    p.add_argument("--max-rows", type=int, help="result row cap (default 100000)")
    p.add_argument(
        "--max-result-bytes",
        type=int,
        help="answer size cap in bytes: the answer is cut at the last row that fits and says so, "
        "as at the row cap (default 50000000)",
    )
    p.add_argument(
        "--queue-limit",
        type=int,
        help="queries waiting for a free worker; one more is answered 503 at once (default 16)",
    )
    p.add_argument(
        "--client-queries",
        type=int,
        help="queries one client address may have running or waiting; one more is answered 429 "
        "(default 2; behind a reverse proxy it must forward the address, docs/deployment.md)",
    )
    p.add_argument(
        "--sandbox",
        choices=["auto", "required", "off"],
        help="take each worker process off the network (a network namespace of its own): auto "
        "does where the system allows and warns where not, required refuses to start without "
        "it (default auto)",
    )
    p.add_argument(
        "--worker-memory",
        type=int,
        help="memory (data) per worker process in MiB; a query or upload needing more is "
        "stopped with 503 'memory limit' and the worker replaced (default 1024; 0: no cap)",
    )
    p.add_argument(
        "--worker-jobs",
        type=int,
        help="replace a worker process after this many jobs (default 10000; 0: never)",
    )
    p.add_argument(
        "--worker-growth",
        type=int,
        help="replace a worker process whose memory grew by this many MiB since it started, "
        "so idle workers do not keep a large query's memory (default 256; 0: never)",
    )
    p.add_argument("--validate-workers", type=int, help="validation worker processes (default 2)")
    p.add_argument(
        "--validate-queue",
        type=int,
        help="uploads waiting for a validation worker; one more is answered 503 (default 4)",
    )
    p.add_argument("--base", help="public base IRI, if not https://w3id.org/sotk-kg")
    p.add_argument("--remote-query", help="use this SPARQL 1.1 query endpoint instead of a store")
    p.add_argument("--remote-store", help="its Graph Store Protocol endpoint")
    p.add_argument(
        "--header-timeout",
        type=float,
        help="seconds for a request's headers to arrive, from the connection or the previous "
        "answer; a slower client gets 408 and is closed (default 10)",
    )
    p.add_argument(
        "--body-timeout",
        type=float,
        help="seconds for a request's body to arrive after its headers, else 408 (default 30)",
    )
    p.add_argument(
        "--max-connections",
        type=int,
        help="open connections at most; more are answered 503 at once. Kept below the "
        "open-file limit, whose soft value is raised to the hard one at start (default 4096)",
    )
    p.add_argument(
        "--contact-email",
        help="the publisher's contact address for the DCAT-AP catalogue (vcard:hasEmail; "
        "default: none, and the catalogue says so by leaving it out)",
    )
    p.add_argument("--publisher-name", help="the publisher named in the catalogue")
    p.add_argument(
        "--publisher-type",
        help="ADMS publisher type of the publisher (default NonProfitOrganisation)",
    )
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.set_defaults(handler=run)


def settings_from_args(args: argparse.Namespace) -> Settings:
    from sotk_kg.settings import Settings

    # every option named like a Settings field overrides it (its environment variable) when given
    fields = {f.name for f in dataclasses.fields(Settings)}
    overrides = {name: value for name, value in vars(args).items()
                 if name in fields and value is not None}  # fmt: skip
    if "base" in overrides:
        overrides["base"] = overrides["base"].rstrip("/")
    return dataclasses.replace(Settings(), **overrides)


def run(args: argparse.Namespace) -> int:
    import logging
    import time

    from sotk_kg.commands.graph_cache import ensure_for
    from sotk_kg.server.app import create_app
    from sotk_kg.server.listener import GuardedServer, server_config

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    settings = settings_from_args(args)
    # the graph the store loads: built from data/source/ when missing or stale, else reused
    if not settings.remote_query and not ensure_for("serve", settings):
        return EXIT_UNUSABLE
    started = time.perf_counter()
    app = create_app(settings)
    logging.getLogger("sotk_kg").info("store loaded in %.2f s", time.perf_counter() - started)
    config = server_config(app, settings, access_log=False, log_level=args.log_level)
    GuardedServer(config).run()
    return 0
