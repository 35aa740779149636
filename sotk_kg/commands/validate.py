"""`sotk-kg validate [FILE...]`: SHACL validation of the published graph, structures and rosters."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily at run time: `sotk-kg --help` stays light
    from sotk_kg.checks.validation import ValidationOutcome

FORMATS = ("text", "turtle", "json-ld", "json", "html")
# How the text and HTML reports group the findings: by roster row (what an HR office reads), or
# by rule (what a data publisher fixing a regulation's graph reads).
GROUPINGS = ("row", "rule")
# Exit codes: 0 conforms, 1 violations, 2 unusable input.
EXIT_CONFORMS, EXIT_VIOLATIONS, EXIT_UNUSABLE = 0, 1, 2

# Kept here (not imported from sotk_kg.checks.roster) so that `sotk-kg --help` stays light.
CSV_HELP = (
    "CSV rosters (separated by ; or , detected; or .xlsx, its first sheet): UTF-8, header "
    "nama,nip,jabatan,unit,jenis_jabatan,jenjang,mulai[,selesai]"
    "[,perangkat_daerah] (any order; nama, nip, jabatan, jenis_jabatan required). jabatan = the "
    "post's IRI or Indonesian name (case/space-insensitive), looked up in the roster's perangkat "
    "daerah (the perangkat_daerah column or --perangkat-daerah, else the one of the rows that "
    "name one post only); unit tells apart posts of the same name; "
    "jenis_jabatan = struktural|fungsional|pelaksana; jenjang = grade notation or label "
    "(ahli-muda, 'Ahli Muda', penyelia ...); mulai/selesai = YYYY-MM-DD. RDF rosters: "
    "org:Membership with org:member (foaf:Person, sotk:nip), sotk:post, sotk:jenisJabatan, "
    "sotk:jenjang, sotk:startDate (see shapes/README.md)."
)
# What a worker may hold: the ontology, the shapes and one regulation (80-90 MiB measured on the
# generated corpus; budgeted high for larger regulations).
WORKER_MIB = 300
MAX_JOBS = 8
# Told on stderr, so that the report itself is the same from the cache as from a fresh run.
CACHE_NOTE = {
    "id": "sotk-kg validate: {validated} struktur divalidasi, {cached} dari cache ({where})",
    "en": "sotk-kg validate: {validated} structure(s) validated, {cached} from the cache ({where})",
}


def default_jobs() -> int:
    """One worker per usable core, at most MAX_JOBS, and no more than half the memory holds."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        by_memory = memory // 2 // (WORKER_MIB * 2**20)
    except (AttributeError, ValueError, OSError):
        by_memory = MAX_JOBS
    return max(1, min(cores, MAX_JOBS, by_memory))


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "validate",
        help="validate the graph, structures or staffing rosters with the SHACL shapes",
        description=(
            "Validate with the SHACL shapes in shapes/. With no FILE, every regulation of the "
            "published graph (data/graph/*.ttl) is validated on its own with the ontology. "
            "Turtle/JSON-LD/N-Triples structure files are validated the same way; rosters (CSV, "
            "or RDF with org:Membership) are matched onto the structure and validated with it. "
            "The results of structures are cached (--cache-dir; --no-cache), so that only the "
            "regulations or files that changed are validated again; nothing else is written. "
            "Exit 0 conforms, 1 violations, 2 unusable input; with "
            "--accept-documented, 0 also when every violation is a documented defect of the "
            "source text (what a data publisher's CI runs)."
        ),
        epilog=CSV_HELP,
    )
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="roster (.csv) or RDF (.ttl, .jsonld, .json, .nt) files",
    )
    p.add_argument("--lang", choices=("id", "en"), default="id", help="report language")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        dest="fmt",
        help="text report, sh:ValidationReport as Turtle or JSON-LD, HTML, or JSON",
    )
    p.add_argument(
        "--by",
        choices=GROUPINGS,
        help="group the text and HTML reports by roster row (the default when a roster is "
        "checked: each row with its findings, fix hints and provisions) or by rule (the "
        "default for structures and the published graph)",
    )
    p.add_argument(
        "--complete",
        action="store_true",
        help="the rosters claim to be complete: every leading post must be filled",
    )
    p.add_argument(
        "--perangkat-daerah",
        metavar="IRI_OR_NAME",
        help="the perangkat daerah (Dinas, Badan ...) whose posts CSV rosters name",
    )
    p.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the rosters' date: check them against the regulations in force then (default: "
        "each row's mulai, else today)",
    )
    p.add_argument(
        "--accept-documented",
        action="store_true",
        help="exit 0 when every violation is a documented defect of the source text "
        "(shapes/documented-defects.ttl); for a publisher's CI",
    )
    p.add_argument(
        "--jobs",
        type=positive,
        metavar="N",
        help=f"worker processes for the structures (default: one per core, at most {MAX_JOBS}; "
        "each holds the ontology and one regulation; 1 = in this process)",
    )
    p.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="where the results of structures are cached (default: $SOTK_ROOT/.cache/validation, "
        "or ~/.cache/sotk-kg/validation for an installed copy's own data; validating the "
        "published graph drops the entries it no longer uses)",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="validate every structure again, and read or write no cache",
    )
    p.set_defaults(handler=run)


def render(outcome: ValidationOutcome, fmt: str, lang: str, by: str | None = None) -> str:
    """The report in `fmt`; text and HTML grouped `by` row or rule (default: by row when a roster
    was checked)."""
    by_row = (by or ("row" if outcome.rosters else "rule")) == "row"
    if fmt == "text":
        return outcome.to_rows_text(lang) if by_row else outcome.to_text(lang)
    if fmt == "html":
        return outcome.to_rows_html(lang) if by_row else outcome.to_html(lang)
    if fmt == "json":
        return json.dumps(outcome.to_json(), ensure_ascii=False, indent=2) + "\n"
    return outcome.serialize(fmt)


def default_cache_dir() -> Path:
    from sotk_kg.resources import cache_dir as data_cache_dir
    from sotk_kg.settings import Settings

    return data_cache_dir(Settings().root, "validation")


def cache_dir(args: argparse.Namespace) -> Path | None:
    if args.no_cache:
        return None
    return args.cache_dir or default_cache_dir()


def run(args: argparse.Namespace) -> int:
    from sotk_kg.checks.errors import UnusableInput
    from sotk_kg.checks.validation import validate_paths
    from sotk_kg.commands.graph_cache import ensure_for
    from sotk_kg.settings import Settings

    # the published graph: validated with no FILE, and the rosters are checked against it
    if not ensure_for("validate", Settings()):
        return EXIT_UNUSABLE
    where = cache_dir(args)
    try:
        outcome = validate_paths(
            list(args.files),
            lang=args.lang,
            complete=args.complete,
            perangkat_daerah=args.perangkat_daerah,
            jobs=args.jobs or default_jobs(),
            as_of=args.as_of,
            cache_dir=where,
        )
    except UnusableInput as exc:
        print(f"sotk-kg validate: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    if where is not None and any(outcome.stats.values()):
        print(CACHE_NOTE[args.lang].format(where=where, **outcome.stats), file=sys.stderr)
    sys.stdout.write(render(outcome, args.fmt, args.lang, args.by))
    if outcome.conforms or (args.accept_documented and outcome.only_documented_violations):
        return EXIT_CONFORMS
    return EXIT_VIOLATIONS
