"""`sotk-kg markup FILE [--out PATH]`: the reviewable markup of a regulation text, as the parser
reads it. Commit it beside the source as `X.markup` (after reading and correcting it) and
`sotk-kg build` uses it instead of the parser; see docs/pipeline.md.

Exit codes: 0 written; 2 the text is unusable (not one regulation, not UTF-8, too big) or the
output cannot be written (nothing is written then).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sotk_kg.commands.build import DEFAULT_MAX_SIZE, EXIT_BUILT, EXIT_UNUSABLE, size_in_bytes


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "markup",
        help="write the reviewable markup of a regulation text (the parser's reading of it)",
        description=(
            "Write the provision tree the parser reads from FILE as plain-text markup, for a "
            "person to review and correct. Saved as FILE's name with the suffix .markup beside "
            "it (data/source/X.txt -> data/source/X.markup), it is what `sotk-kg build` reads "
            "instead of the parser, as long as FILE's text is the one it was made from (its "
            "SHA-256 is recorded). The format: docs/pipeline.md. Exit 0 written; 2 unusable "
            "input or unwritable output."
        ),
    )
    p.add_argument("file", type=Path, metavar="FILE", help="a regulation text")
    p.add_argument(
        "--out", type=Path, default=None, help="write here instead of to standard output"
    )
    p.add_argument(
        "--max-size",
        type=size_in_bytes,
        default=DEFAULT_MAX_SIZE,
        metavar="SIZE",
        help=f"refuse an input larger than this (default {DEFAULT_MAX_SIZE}), as `sotk-kg build`",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sotk_kg.pipeline.build import read_source
    from sotk_kg.pipeline.errors import PipelineError
    from sotk_kg.pipeline.markup import unparse
    from sotk_kg.pipeline.structure import parse_document

    try:
        text = read_source(args.file, args.max_size)
        markup = unparse(parse_document(text, str(args.file)), args.file.name, text)
    except PipelineError as exc:
        print(f"sotk-kg markup: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    if args.out is None:
        sys.stdout.write(markup)
        return EXIT_BUILT
    try:
        args.out.write_text(markup, encoding="utf-8")
    except OSError as exc:
        print(f"sotk-kg markup: cannot write {args.out}: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"{args.file}: markup -> {args.out}", file=sys.stderr)
    return EXIT_BUILT
