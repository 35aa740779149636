"""`sotk-kg stats [DIR or FILE...] [--report text|json]`: counts by class and totals per regulation
(named graph), and the figures of each regulation's build report (`{stem}.report.json` beside its
graph)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "stats",
        help="count instances per class and triples per regulation",
        description="Counts by rdf:type and totals per regulation of built graph files "
        "(*.nq or *.ttl; default: data/graph), and the figures of the build report written "
        "beside each ({stem}.report.json: lines placed, Pasal, posts, posts without duties, "
        "units without a head, reporting lines, Sub Koordinator without grade rule, unplaced "
        "lines, repairs).",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="DIR_OR_FILE")
    p.add_argument(
        "--report",
        choices=("text", "json"),
        default=None,
        help="also print each build report in full",
    )
    p.set_defaults(handler=run)


def _files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            nq = sorted(path.glob("*.nq"))
            # Each regulation once: its N-Quads, else its Turtle.
            files += nq or sorted(path.glob("*.ttl"))
        else:
            files.append(path)
    return files


def run(args: argparse.Namespace) -> int:
    from rdflib import Dataset, Graph
    from rdflib.namespace import RDF
    from rdflib.term import Node

    from sotk_kg.commands.graph_cache import ensure_for
    from sotk_kg.pipeline.terms import PREFIXES
    from sotk_kg.settings import Settings

    settings = Settings()
    if not args.paths and not ensure_for("stats", settings):
        return 2
    files = _files(list(args.paths) or [settings.graph_dir])
    if not files:
        print("sotk-kg stats: no *.nq or *.ttl files found", file=sys.stderr)
        return 2

    def short(iri: Node) -> str:
        for prefix, ns in PREFIXES.items():
            if str(iri).startswith(str(ns)):
                return f"{prefix}:{str(iri)[len(str(ns)) :]}"
        return f"<{iri}>"

    classes: Counter[str] = Counter()
    rows = []
    for path in files:
        if not path.exists():
            print(f"sotk-kg stats: {path}: no such file", file=sys.stderr)
            return 2
        try:
            if path.suffix == ".nq":
                ds = Dataset()
                ds.parse(path, format="nquads")
                graphs = [(str(g.identifier), g) for g in ds.graphs() if len(g)]
            else:
                graphs = [(path.stem, Graph().parse(path, format="turtle"))]
        except Exception as exc:  # a parse error names the file, not a traceback
            print(f"sotk-kg stats: {path}: cannot parse: {exc}", file=sys.stderr)
            return 2
        for name, g in graphs:
            types = Counter(short(o) for o in g.objects(None, RDF.type))
            classes.update(types)
            rows.append((name, len(g), len(set(g.subjects())), types))

    width = max(len(c) for c in classes) if classes else 10
    print(f"{'class':<{width}}  instances")
    for cls, n in sorted(classes.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{cls:<{width}}  {n:>9}")
    print()
    key_classes = [
        "sotk:Pasal",
        "org:OrganizationalUnit",
        "org:Post",
        "sotk:Tugas",
        "sotk:ReportingLine",
        "sotk:Definisi",
    ]
    header = ["regulation graph", "triples", "subjects", *key_classes]
    table = [header] + [
        [name, str(n_triples), str(n_subjects), *(str(types[c]) for c in key_classes)]
        for name, n_triples, n_subjects, types in rows
    ]
    _print_table(table)
    total_triples = sum(r[1] for r in rows)
    print(f"total: {len(rows)} regulation(s), {total_triples} triples")
    return _print_reports(files, args.report)


def _print_reports(files: list[Path], full: str | None) -> int:
    """The build reports beside `files`: a table of their figures, then each in full (`full`)."""
    from sotk_kg.pipeline.report import REPORT_SUFFIX, DocumentReport

    reports = []
    for path in files:
        beside = path.with_name(f"{path.stem}{REPORT_SUFFIX}")
        if not beside.exists():
            continue  # built before reports were written
        try:
            reports.append(DocumentReport.from_json(beside.read_text(encoding="utf-8")))
        except (ValueError, TypeError, KeyError) as exc:
            print(f"sotk-kg stats: {beside}: not a build report: {exc}", file=sys.stderr)
            return 2
    if not reports:
        return 0
    header = ["build report", "placed", "Pasal", "posts", "no duties", "no head", "lines",
              "no grade rule", "unplaced", "repairs"]  # fmt: skip
    table = [header] + [
        [
            r.source + (" (partial)" if r.partial else ""),
            f"{r.placed_percent:.1f}%",
            *map(str, (r.pasal, r.posts, len(r.posts_without_duties))),
            *map(str, (len(r.units_without_head), r.reporting_lines)),
            *map(str, (len(r.sub_koordinator_without_grade_rule), len(r.unplaced))),
            str(sum(r.repairs.values())),
        ]
        for r in reports
    ]
    print()
    _print_table(table)
    for r in reports if full else []:
        print()
        print(r.to_text() if full == "text" else r.to_json(), end="")
    return 0


def _print_table(table: list[list[str]]) -> None:
    """The first column left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        print("  ".join(cells))
