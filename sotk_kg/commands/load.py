"""`sotk-kg load`: build the on-disk store, or push the graph to a remote SPARQL server."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sotk_kg.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "load",
        help="build the on-disk store or push the graph to a remote SPARQL server",
        description=(
            "Loads ontology/, shapes/ and data/graph/*.nq (one named graph per regulation), "
            "built first from data/source/*.txt|*.pdf (and a reviewed X.markup beside one) when "
            "missing or stale (as `sotk-kg serve` does). "
            "With --store: bring that Oxigraph directory up to date, rewriting only the named "
            "graphs whose files were added, changed or removed (a full rebuild on --force, a "
            "new --base or a missing manifest), and compacting the store once the quads written "
            "in place since the last compaction reach a tenth of it. "
            "With --remote-store: replace each named graph on a Graph Store Protocol endpoint "
            "(e.g. http://127.0.0.1:7878/store for `oxigraph serve`) and make the remote default "
            "graph their set union, as the embedded store's is (run `oxigraph serve` without "
            "--union-default-graph, whose union counts a triple once per graph). "
            "With --virtuoso-bulk: write the graphs as N-Quads into --load-dir and run "
            "Virtuoso's bulk loader through isql (docs/deployment.md, Virtuoso)."
        ),
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--store", type=Path, help="on-disk store directory")
    target.add_argument("--remote-store", help="Graph Store Protocol endpoint URL")
    target.add_argument(
        "--virtuoso-bulk",
        metavar="HOST:PORT",
        help="Virtuoso's SQL port (isql): load with its bulk loader (ld_dir / rdf_loader_run), "
        "much faster than HTTP for a large corpus; needs --load-dir",
    )
    p.add_argument("--force", action="store_true", help="rebuild even if up to date")
    p.add_argument(
        "--no-default-union",
        action="store_true",
        help="with --remote-store: leave the remote default graph alone (for servers whose "
        "default graph is already the union: Fuseki with tdb2:unionDefaultGraph, Virtuoso)",
    )
    add_credentials(p)
    p.add_argument("--base", help="public base IRI, if not https://w3id.org/sotk-kg")
    p.set_defaults(handler=run)


def add_credentials(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--remote-user",
        help="user for --remote-store (HTTP digest auth, e.g. Virtuoso's "
        "/sparql-graph-crud-auth) or --virtuoso-bulk (default dba); the password comes from "
        "the environment variable SOTK_REMOTE_PASSWORD or --remote-password-file, never from "
        "the command line",
    )
    p.add_argument(
        "--remote-password-file", type=Path, help="file whose first line is the password"
    )
    p.add_argument(
        "--load-dir",
        type=Path,
        help="with --virtuoso-bulk: folder for the N-Quads files, one Virtuoso may read "
        "(listed in DirsAllowed of its virtuoso.ini) on the same machine",
    )


def remote_password(args: argparse.Namespace) -> str:
    """The password: the file's first line, else SOTK_REMOTE_PASSWORD, else empty."""
    import os

    if args.remote_password_file:
        lines = args.remote_password_file.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    return os.environ.get("SOTK_REMOTE_PASSWORD", "")


def run_virtuoso_bulk(args: argparse.Namespace, settings: Settings) -> int:
    """`--virtuoso-bulk`: every file parsed into --load-dir, then Virtuoso's bulk loader."""
    import sys
    import time

    from sotk_kg.store.load import with_versions
    from sotk_kg.store.virtuoso import VirtuosoError, bulk_load

    if args.load_dir is None:
        print("sotk-kg load: --virtuoso-bulk needs --load-dir (a folder Virtuoso may read)",
              file=sys.stderr)  # fmt: skip
        return 2
    started = time.perf_counter()
    try:
        counts = bulk_load(with_versions(settings)[0], args.load_dir, args.virtuoso_bulk,
                           args.remote_user or "dba", remote_password(args))  # fmt: skip
    except VirtuosoError as exc:
        print(f"sotk-kg load: {exc}", file=sys.stderr)
        return 1
    for graph, n in sorted(counts.items()):
        print(f"{n:8d} triples  {graph}")
    print(f"bulk-loaded {len(counts)} graphs in {time.perf_counter() - started:.2f} s")
    return 0


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import sys
    import time

    from sotk_kg import versions as vs
    from sotk_kg.commands.graph_cache import ensure_for
    from sotk_kg.settings import Settings
    from sotk_kg.store.load import StoreError, build_disk, with_versions
    from sotk_kg.store.remote import RemoteEndpoint, RemoteError, push

    settings = Settings()
    if args.base:
        settings = dataclasses.replace(settings, base=args.base.rstrip("/"))
    if not ensure_for("load", settings):
        return 1
    if args.virtuoso_bulk:
        try:
            return run_virtuoso_bulk(args, settings)
        except (StoreError, OSError) as exc:
            print(f"sotk-kg load: {exc}", file=sys.stderr)
            return 1
    started = time.perf_counter()
    try:
        if args.store:
            refresh = build_disk(args.store, settings, force=args.force)
            done = {
                "current": "already up to date",
                "full": "rebuilt",
                "graphs": f"{len(refresh.graphs)} graph(s) rewritten in place",
            }[refresh.kind]
            compacted = ", compacted" if refresh.compacted else ""
            print(f"store {args.store}: {done}{compacted} ({time.perf_counter() - started:.2f} s)")
        else:
            # Every file is parsed before the first request (the push itself streams, graph by
            # graph): a file that does not parse leaves the remote store untouched.
            quads, in_force = with_versions(settings)
            endpoint = RemoteEndpoint("", args.remote_store, args.remote_user or "",
                                      remote_password(args))  # fmt: skip
            try:
                marker = vs.default_marker(settings.base, in_force.on)
                counts = push(endpoint, quads, default_union=not args.no_default_union,
                              in_default=in_force.graphs, marker=marker)  # fmt: skip
            except (RemoteError, OSError) as exc:
                print(f"sotk-kg load: {exc}; the remote store is left partly pushed, push "
                      "again", file=sys.stderr)  # fmt: skip
                return 1
            for graph, n in sorted(counts.items()):
                print(f"{n:8d} triples  {graph}")
            print(f"pushed {len(counts)} graphs in {time.perf_counter() - started:.2f} s")
    except (StoreError, RemoteError, OSError) as exc:
        print(f"sotk-kg load: {exc}", file=sys.stderr)
        return 1
    return 0
