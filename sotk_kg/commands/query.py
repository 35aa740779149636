"""`sotk-kg query`: run a SPARQL query on the knowledge graph from the command line."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sotk_kg.iris import DEFAULT_BASE, rebase

if TYPE_CHECKING:
    from sotk_kg.server.executor import Executor
    from sotk_kg.settings import Settings
    from sotk_kg.store.backend import QueryBackend


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "query",
        help="run a SPARQL query against the graph (embedded store, or --remote-query)",
        description=(
            "QUERY is SPARQL text, a .rq file, or the name of an example in queries/ "
            "(e.g. 01-organisation-chart). The default graph is the law in force today (or on "
            "--as-of); GRAPH ?g sees every version (docs/versions.md). "
            "Exit status: 0 answered, 1 the query failed, 2 refused (e.g. SERVICE), "
            f"{EXIT_TIMEOUT} stopped at the time limit."
        ),
    )
    p.add_argument("query", help="SPARQL text, a file, or an example name from queries/")
    p.add_argument(
        "--format",
        default="tsv",
        choices=["tsv", "csv", "json", "xml", "turtle", "nt", "json-ld"],
        help="output format (default tsv; graph formats for CONSTRUCT/DESCRIBE)",
    )
    p.add_argument("--store", type=Path, help="on-disk store directory (default: in memory)")
    p.add_argument("--remote-query", help="send the query to this SPARQL endpoint instead")
    p.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the default graph is the law in force on this day (default today)",
    )
    p.add_argument("--max-rows", type=int, default=1_000_000)
    p.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=DEFAULT_TIMEOUT,
        help=f"time limit in seconds (default {DEFAULT_TIMEOUT:g}); the query runs in a worker "
        f"process that is killed at the limit, and the command exits {EXIT_TIMEOUT}",
    )
    p.set_defaults(handler=run)


DEFAULT_TIMEOUT = 60.0  # s: above the server's 10 s, a local user may wait longer
EXIT_TIMEOUT = 3


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"the time limit must be above 0 s, not {text}")
    return value


def read_query_arg(text: str, queries_dir: Path, base: str = DEFAULT_BASE) -> str:
    """The query of the argument; an example of `queries_dir` has its IRIs moved to `base`, as
    the loader moved the data's."""
    if len(text) < 300 and Path(text).is_file():
        return Path(text).read_text(encoding="utf-8")
    for candidate in (queries_dir / text, queries_dir / f"{text}.rq"):
        if len(text) < 300 and candidate.is_file():
            return rebase(candidate.read_text(encoding="utf-8"), base)
    return text


def run(args: argparse.Namespace) -> int:
    from sotk_kg.server.guard import QueryRefused, check_query
    from sotk_kg.server.in_force import parse_as_of
    from sotk_kg.server.negotiation import GRAPH_FORMAT_PARAM, RESULTS_FORMAT_PARAM
    from sotk_kg.server.pool import JobTimeout, WorkerLost
    from sotk_kg.server.worker import Answer, Job
    from sotk_kg.settings import Settings

    settings = Settings()
    query = read_query_arg(args.query, settings.queries_dir, settings.base)
    try:
        checked = check_query(query)
        query = checked.text  # the canonical text the guard checked is what runs
        as_of = parse_as_of(args.as_of)
    except QueryRefused as exc:
        print(f"sotk-kg query: {exc.message}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"sotk-kg query: {exc}", file=sys.stderr)
        return 2
    names_dataset = bool(checked.from_graphs or checked.from_named_graphs)
    if as_of is not None and names_dataset:
        print("sotk-kg query: --as-of chooses the default graph of a query naming no dataset; "
              "this one has FROM / FROM NAMED", file=sys.stderr)  # fmt: skip
        return 2
    job = Job(
        query=query,
        results_type=RESULTS_FORMAT_PARAM.get(args.format, "text/tab-separated-values"),
        graph_type=GRAPH_FORMAT_PARAM.get(args.format, "text/turtle"),
        max_rows=args.max_rows,
    )
    from sotk_kg.commands.graph_cache import ensure_for

    if not args.remote_query and not ensure_for("query", settings):
        return 2
    executor, backend = _executor(settings, args)
    try:
        if not names_dataset:
            from sotk_kg.server.in_force import read_view
            from sotk_kg.versions import today

            view = read_view(backend, settings, embedded=not args.remote_query)
            graphs = view.dataset(as_of or today())
            if graphs is not None:
                job = dataclasses.replace(job, default_graphs=graphs, in_force=True)
        executor.start()
        outcome = executor.run(job, args.timeout)
    except JobTimeout as exc:
        print(f"sotk-kg query: {exc}", file=sys.stderr)
        return EXIT_TIMEOUT
    except (WorkerLost, OSError) as exc:
        print(f"sotk-kg query: {exc}", file=sys.stderr)
        return 1
    finally:
        executor.close()
    if not isinstance(outcome, Answer):
        print(f"sotk-kg query: {outcome.message}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(outcome.body)
    if outcome.truncated:
        print(f"sotk-kg query: output cut at {args.max_rows} rows", file=sys.stderr)
    return 0


def _executor(settings: Settings, args: argparse.Namespace) -> tuple[Executor, QueryBackend]:
    """Where the query runs: as the server runs it, in one killable worker process (the engine
    cannot be interrupted inside a process), or on the remote endpoint with the same limit; and
    the backend of the same store, for what is in force when."""
    from sotk_kg.server.executor import PoolExecutor, RemoteExecutor

    if args.remote_query:
        from sotk_kg.store.remote import RemoteBackend, RemoteEndpoint

        endpoint = RemoteEndpoint(args.remote_query)
        remote = RemoteExecutor(endpoint, settings)
        return remote, RemoteBackend(endpoint, args.timeout)
    from sotk_kg.store.backend import EmbeddedBackend
    from sotk_kg.store.load import open_store

    store = open_store(settings, args.store)
    directory = args.store.resolve() if args.store else None
    pool = PoolExecutor(store, directory, dataclasses.replace(settings, workers=1))
    return pool, EmbeddedBackend(store)
