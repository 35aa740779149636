"""`sotk-kg load`: build the on-disk store, or push the graph to a remote SPARQL server."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "load",
        help="build the on-disk store or push the graph to a remote SPARQL server",
        description=(
            "Loads ontology/, shapes/ and data/graph/*.nq (one named graph per regulation), "
            "built first from data/source/*.txt when missing or stale (as `sotk-kg serve` does). "
            "With --store: bring that Oxigraph directory up to date, rewriting only the named "
            "graphs whose files were added, changed or removed (a full rebuild on --force, a "
            "new --base or a missing manifest), and compacting the store once the quads written "
            "in place since the last compaction reach a tenth of it. "
            "With --remote-store: replace each named graph on a Graph Store Protocol endpoint "
            "(e.g. http://127.0.0.1:7878/store for `oxigraph serve`) and make the remote default "
            "graph their set union, as the embedded store's is (run `oxigraph serve` without "
            "--union-default-graph, whose union counts a triple once per graph)."
        ),
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--store", type=Path, help="on-disk store directory")
    target.add_argument("--remote-store", help="Graph Store Protocol endpoint URL")
    p.add_argument("--force", action="store_true", help="rebuild even if up to date")
    p.add_argument(
        "--no-default-union",
        action="store_true",
        help="with --remote-store: leave the remote default graph alone (for servers whose "
        "default graph is already the union: Fuseki with tdb2:unionDefaultGraph, Virtuoso)",
    )
    p.add_argument("--base", help="public base IRI, if not https://w3id.org/sotk-kg")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import sys
    import time

    from sotk_kg.commands.graph_cache import ensure_for
    from sotk_kg.settings import Settings
    from sotk_kg.store.load import StoreError, build_disk, read_quads
    from sotk_kg.store.remote import RemoteEndpoint, RemoteError, push

    settings = Settings()
    if args.base:
        settings = dataclasses.replace(settings, base=args.base.rstrip("/"))
    if not ensure_for("load", settings):
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
            for _ in read_quads(settings):
                pass
            endpoint = RemoteEndpoint("", args.remote_store)
            try:
                counts = push(endpoint, read_quads(settings),
                              default_union=not args.no_default_union)  # fmt: skip
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
