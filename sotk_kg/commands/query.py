"""`sotk-kg query`: run a SPARQL query on the knowledge graph from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sotk_kg.settings import DEFAULT_BASE, rebase


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "query",
        help="run a SPARQL query against the graph (embedded store, or --remote-query)",
        description=(
            "QUERY is SPARQL text, a .rq file, or the name of an example in queries/ "
            "(e.g. 01-organisation-chart). The default graph is the union of all graphs."
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
    p.add_argument("--max-rows", type=int, default=1_000_000)
    p.set_defaults(handler=run)


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
    from server.guard import QueryRefused, check_query
    from server.negotiation import GRAPH_FORMAT_PARAM, RESULTS_FORMAT_PARAM
    from server.worker import Answer, Job, evaluate, serialise
    from sotk_kg.settings import Settings

    settings = Settings()
    query = read_query_arg(args.query, settings.queries_dir, settings.base)
    try:
        check_query(query)
    except QueryRefused as exc:
        print(f"sotk-kg query: {exc.message}", file=sys.stderr)
        return 2
    job = Job(
        query=query,
        results_type=RESULTS_FORMAT_PARAM.get(args.format, "text/tab-separated-values"),
        graph_type=GRAPH_FORMAT_PARAM.get(args.format, "text/turtle"),
        max_rows=args.max_rows,
    )
    if args.remote_query:
        from store.remote import RemoteEndpoint, RemoteError

        try:
            outcome = serialise(RemoteEndpoint(args.remote_query).query(query), job)
        except (RemoteError, OSError) as exc:
            print(f"sotk-kg query: {exc}", file=sys.stderr)
            return 1
    else:
        from store.load import open_store

        outcome = evaluate(open_store(settings, args.store), job)
    if not isinstance(outcome, Answer):
        print(f"sotk-kg query: {outcome.message}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(outcome.body)
    if outcome.truncated:
        print(f"sotk-kg query: output cut at {args.max_rows} rows", file=sys.stderr)
    return 0
