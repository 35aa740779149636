"""`sotk-kg build [FILE...] [--out DIR] [--base IRI] [--max-size SIZE] [--work WORK]
[--report text|json]`: regulation text(s) -> named-graph files and a build report each.

Exit codes: 0 every input built (its warnings, each with its line, printed on stdout); 2 an input
is unusable or the output folder cannot be written, and nothing is written or removed. A build
stopped by SIGTERM, SIGHUP or Ctrl-C also writes nothing and leaves no staging folder: the signal
is turned into an exception the build cleans up after, then the process exits 128 + the signal.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from sotk_kg.iris import WorkId, work_from_path

EXIT_BUILT, EXIT_UNUSABLE = 0, 2
DEFAULT_MAX_SIZE = (
    "10M"  # sotk_kg.pipeline.build.DEFAULT_MAX_SOURCE_BYTES, as written on the command line
)
INPUT_SUFFIXES = (".txt", ".pdf")  # a regulation as typed, or as published (sotk_kg.sources.pdf)
_SIZE = re.compile(r"^(\d+)([KMG]?)$", re.IGNORECASE)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
# Signals that end a build the way Ctrl-C does (KeyboardInterrupt), so that it cleans up.
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def size_in_bytes(text: str) -> int:
    """ "65536", "64K", "10M", "1G" (binary units) -> bytes; argparse type of --max-size."""
    m = _SIZE.match(text.strip())
    if m is None or int(m.group(1)) == 0:
        raise argparse.ArgumentTypeError(
            f"expected a positive number of bytes, optionally with K, M or G: {text!r}"
        )
    return int(m.group(1)) * _UNITS[m.group(2).upper()]


def inputs(paths: list[Path]) -> list[Path]:
    """The files to build: each FILE as given, each folder's *.txt and *.pdf in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in INPUT_SUFFIXES)
        else:
            files.append(path)
    return files


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "build",
        help="build RDF (Turtle + N-Quads) from regulation texts",
        description=(
            "Build one named graph per regulation text (one regulation per file: a file holding "
            "a second one is refused at the line where it starts; text after the closing block "
            "that is not a Lampiran or Penjelasan is reported as a warning and not read). With "
            "no FILE, rebuild data/graph/ (or --out) from every data/source/*.txt|*.pdf under "
            "SOTK_ROOT and remove the outputs ({jenis}-{yurisdiksi}-{tahun}-{nomor}.ttl|.nq) "
            "whose source is gone. A FILE with a reviewed markup beside it (X.txt -> X.markup, "
            "made by `sotk-kg markup`) is built from the markup, if it was made from FILE's "
            "text. Exit 0 when every input built (warnings printed, each with "
            "its line); 2 when an input is unusable (not a regulation, more than one, over "
            "--max-size, not UTF-8 text, a markup beside it that is malformed or of another "
            "text) or the output cannot be written: then nothing is "
            "written or removed, and no staging folder is left, also when the build is stopped."
        ),
    )
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="regulation text(s): .txt, or .pdf (text layer, else OCR); a folder: its .txt "
        "and .pdf files",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output directory (default data/graph; required with an installed copy's own data, "
        "which is never written to)",
    )
    p.add_argument("--base", default=None, help="base IRI for minted IRIs (default SOTK_BASE)")
    p.add_argument(
        "--max-size",
        type=size_in_bytes,
        default=DEFAULT_MAX_SIZE,
        metavar="SIZE",
        help=(
            "refuse an input larger than this, in bytes or with K, M, G (default "
            f"{DEFAULT_MAX_SIZE}; a regulation text is tens to hundreds of KB); no more than "
            "this is ever read, also from a pipe or a device"
        ),
    )
    p.add_argument(
        "--work",
        type=work_path,
        default=None,
        metavar="JENIS/REGION/YEAR/NUMBER",
        help=(
            "name the regulation of an excerpt without its title block (one FILE), as its IRI "
            "writes it: perbup/kab-tanah-bumbu/2022/33; an unknown year or number is 'unknown' "
            "(perbup/kab-tanah-bumbu/unknown/unknown, the number optionally with a suffix to tell "
            "two excerpts apart: unknown-kecamatan); the graph is marked sotk:partial. A text "
            "whose title block names another regulation is refused"
        ),
    )
    p.add_argument(
        "--report",
        choices=("text", "json"),
        default=None,
        help=(
            "print each regulation's build report (lines placed, Pasal, posts, posts without "
            "duties, units without a head, reporting lines, unplaced lines, repairs); it is "
            "always written beside the graph as {stem}.report.json"
        ),
    )
    p.set_defaults(handler=run)


def work_path(text: str) -> WorkId:
    """argparse type of --work: a work's IRI path (sotk_kg.iris.work_from_path)."""
    try:
        return work_from_path(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def run(args: argparse.Namespace) -> int:
    from sotk_kg.pipeline.build import build_and_write
    from sotk_kg.pipeline.errors import PipelineError
    from sotk_kg.pipeline.report import REPORT_SUFFIX
    from sotk_kg.resources import is_packaged
    from sotk_kg.settings import Settings

    settings = Settings()
    rebuild_all = not args.files
    files = inputs(args.files or [settings.source_dir])
    if not files:
        where = ", ".join(str(p) for p in args.files or [settings.source_dir])
        print(f"sotk-kg build: no input: no *.txt or *.pdf in {where}", file=sys.stderr)
        return EXIT_UNUSABLE
    if args.out is None and is_packaged(settings.root):
        print(
            f"sotk-kg build: {settings.graph_dir} is the installed package's own data: give "
            "--out DIR, or SOTK_ROOT=a copy of the data folders",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    out = args.out or settings.graph_dir
    base = (args.base or settings.base).rstrip("/")
    try:
        with _stop_signals_interrupt():
            report = build_and_write(files, out, base, rebuild_all, args.max_size, args.work)
    except PipelineError as exc:
        print(f"sotk-kg build: {exc}", file=sys.stderr)
        print("sotk-kg build: nothing written.", file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:
        print(f"sotk-kg build: cannot write {out}: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    for r in report.built:
        written = f"{out / r.slug}.ttl|.nq|{REPORT_SUFFIX}"
        print(f"{r.source_name}: <{r.graph_iri}> {len(r)} triples -> {written}")
        for suffix in r.suffixes:
            if suffix.startswith("@") and suffix.endswith(".ttl"):  # a consolidated version
                print(f"  consolidated version: {out / r.slug}{suffix}|.nq")
        for warning in r.warnings:
            print(f"  warning: {warning}")
        if args.report is not None and r.report is not None:
            print(r.report.to_text() if args.report == "text" else r.report.to_json(), end="")
    for path in report.removed:
        print(f"removed {path} (its source text is gone)")
    for path in report.swept:
        print(f"removed {path} (the staging folder of a build that was killed)")
    return EXIT_BUILT


class _Stopped(KeyboardInterrupt):
    """A stop signal, raised where the build is, so that it cleans up as after Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signal.Signals(signum)


@contextlib.contextmanager
def _stop_signals_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `_Stopped` while the build runs (their default would end the
    process at once, leaving the staging folder), as SIGINT raises KeyboardInterrupt; once the
    build has cleaned up, the process exits with 128 + the signal, as a shell reports a process
    the signal ended."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def stop(signum: int, _frame: FrameType | None) -> None:
        for s in _STOP_SIGNALS:  # a second signal during the clean-up must not interrupt it
            signal.signal(s, signal.SIG_IGN)
        raise _Stopped(signum)

    previous = {s: signal.signal(s, stop) for s in _STOP_SIGNALS}
    try:
        yield
    except KeyboardInterrupt as stopped:
        signum = stopped.signum if isinstance(stopped, _Stopped) else signal.SIGINT
        name = signal.Signals(signum).name
        print(f"sotk-kg build: stopped by {name}; nothing written.", file=sys.stderr)
        raise SystemExit(128 + signum) from None
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
