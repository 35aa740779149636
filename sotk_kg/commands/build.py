"""`sotk-kg build [FILE...] [--out DIR] [--base IRI]`: regulation text(s) -> named-graph files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "build",
        help="build RDF (Turtle + N-Quads) from regulation texts",
        description=(
            "Build one named graph per regulation text. With no FILE, rebuild data/graph/ (or "
            "--out) from every data/source/*.txt under SOTK_ROOT and remove the outputs "
            "({jenis}-{yurisdiksi}-{tahun}-{nomor}.ttl|.nq) whose source is gone. Writes and "
            "removes nothing if any input fails (exit 2)."
        ),
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="regulation text(s)")
    p.add_argument("--out", type=Path, default=None, help="output directory (default data/graph)")
    p.add_argument("--base", default=None, help="base IRI for minted IRIs (default SOTK_BASE)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.build import build_and_write
    from pipeline.errors import PipelineError
    from sotk_kg.settings import Settings

    settings = Settings()
    rebuild_all = not args.files
    files = list(args.files) or sorted(settings.source_dir.glob("*.txt"))
    if not files:
        print(f"sotk-kg build: no input: {settings.source_dir}/*.txt is empty", file=sys.stderr)
        return 2
    out = args.out or settings.graph_dir
    base = (args.base or settings.base).rstrip("/")
    try:
        report = build_and_write(files, out, base, prune=rebuild_all)
    except PipelineError as exc:
        print(f"sotk-kg build: {exc}", file=sys.stderr)
        print("sotk-kg build: nothing written.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"sotk-kg build: cannot write {out}: {exc}", file=sys.stderr)
        return 2
    for r in report.built:
        print(f"{r.source_name}: <{r.graph_iri}> {len(r)} triples -> {out / r.slug}.ttl|.nq")
        for warning in r.warnings:
            print(f"  warning: {warning}")
    for path in report.removed:
        print(f"removed {path} (its source text is gone)")
    return 0
