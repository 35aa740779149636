"""`sotk-kg`: one entry point, one sub-command per step of the data flow."""

from __future__ import annotations

import argparse
import sys

# Each command module imports only argparse-level code at the top, its heavy imports inside its
# handler, so that `sotk-kg --help` stays fast.
from sotk_kg.commands import build, load, markup, query, serve, stats, validate

# Order is the order of the data flow: text -> graph -> checks -> store -> server.
COMMANDS = (markup, build, stats, validate, load, query, serve)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sotk-kg",
        description=(
            "Knowledge graph of Indonesian regional organisation regulations (SOTK). "
            "Build RDF from regulation texts, inspect it, validate it with SHACL, "
            "and serve it over SPARQL."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
