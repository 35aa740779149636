"""`sotk-kg validate [FILE...]`: SHACL validation of the published graph, structures and rosters."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily at run time: `sotk-kg --help` stays light
    from checks.validation import ValidationOutcome

FORMATS = ("text", "turtle", "json-ld", "json", "html")
# Exit codes: 0 conforms, 1 violations, 2 unusable input.
EXIT_CONFORMS, EXIT_VIOLATIONS, EXIT_UNUSABLE = 0, 1, 2

# Kept here (not imported from checks.roster) so that `sotk-kg --help` stays light.
CSV_HELP = (
    "CSV rosters: UTF-8, header nama,nip,jabatan,unit,jenis_jabatan,jenjang,mulai[,selesai]"
    "[,perangkat_daerah] (any order; nama, nip, jabatan, jenis_jabatan required). jabatan = the "
    "post's IRI or Indonesian name (case/space-insensitive), looked up in the roster's perangkat "
    "daerah (the perangkat_daerah column or --perangkat-daerah, else the one of the rows that "
    "name one post only); unit tells apart posts of the same name; "
    "jenis_jabatan = struktural|fungsional|pelaksana; jenjang = grade notation or label "
    "(ahli-muda, 'Ahli Muda', penyelia ...); mulai/selesai = YYYY-MM-DD. RDF rosters: "
    "org:Membership with org:member (foaf:Person, sotk:nip), sotk:post, sotk:jenisJabatan, "
    "sotk:jenjang, sotk:startDate (see shapes/README.md)."
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "validate",
        help="validate the graph, structures or staffing rosters with the SHACL shapes",
        description=(
            "Validate with the SHACL shapes in shapes/. With no FILE, every regulation of the "
            "published graph (data/graph/*.ttl) is validated on its own with the ontology. "
            "Turtle/JSON-LD/N-Triples structure files are validated the same way; rosters (CSV, "
            "or RDF with org:Membership) are matched onto the structure and validated with it. "
            "Nothing is written. Exit 0 conforms, 1 violations, 2 unusable input; with "
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
        "--accept-documented",
        action="store_true",
        help="exit 0 when every violation is a documented defect of the source text "
        "(shapes/documented-defects.ttl); for a publisher's CI",
    )
    p.set_defaults(handler=run)


def render(outcome: ValidationOutcome, fmt: str, lang: str) -> str:
    if fmt == "text":
        return outcome.to_text(lang)
    if fmt == "html":
        return outcome.to_html(lang)
    if fmt == "json":
        return json.dumps(outcome.to_json(), ensure_ascii=False, indent=2) + "\n"
    return outcome.serialize(fmt)


def run(args: argparse.Namespace) -> int:
    from checks.errors import UnusableInput
    from checks.validation import validate_paths

    try:
        outcome = validate_paths(
            list(args.files),
            lang=args.lang,
            complete=args.complete,
            perangkat_daerah=args.perangkat_daerah,
        )
    except UnusableInput as exc:
        print(f"sotk-kg validate: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    sys.stdout.write(render(outcome, args.fmt, args.lang))
    if outcome.conforms or (args.accept_documented and outcome.only_documented_violations):
        return EXIT_CONFORMS
    return EXIT_VIOLATIONS
