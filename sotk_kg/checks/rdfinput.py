"""Reading what users submit: media types, UTF-8, RDF syntax, with errors that say where.

RDF is parsed by Oxigraph: it is fast, it never fetches a remote JSON-LD @context (it refuses
one), and RDF/XML is not accepted at all (entity-expansion denial of service, stack-findings §4).

Guards before the parser, each measured (issue 11, defect 7):
- JSON-LD nesting is capped at MAX_JSON_DEPTH levels of arrays and objects, counted by a regex
  scan that skips strings (no recursion, linear). Oxigraph's JSON-LD parser is quadratic in
  time and memory with the depth of nested objects (depth 1,000: 0.2 s, 220 MB; 3,000: 6 s,
  1.9 GB) and overflows its stack at 20,000 (a segfault, after 30 s and 5.6 GB). The published
  graph written as JSON-LD (by rdflib or Oxigraph) nests 4 levels; framed documents a few more.
- Turtle is not capped: its parser is not recursive and nesting costs what the triples cost
  (1,000,000 nested blank nodes parse like 1,000,000 flat triples).
- A NUL byte is refused: it is never in a text file, and UTF-16 text (which Excel writes for
  "Unicode text") is valid UTF-8 with a NUL after every ASCII character.
- A token over Oxigraph's 16 MiB buffer (a huge literal) is unusable input, not a crash.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from sotk_kg.checks.errors import UnusableInput

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TURTLE = "text/turtle"
JSON_LD = "application/ld+json"
N_TRIPLES = "application/n-triples"

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    TURTLE: ox.RdfFormat.TURTLE,
    JSON_LD: ox.RdfFormat.JSON_LD,
    N_TRIPLES: ox.RdfFormat.N_TRIPLES,
}
ACCEPTED = (CSV, XLSX, *RDF_FORMATS)
ROSTER_TABLES = (CSV, XLSX)  # rosters as tables; an RDF roster is told by its content

_EXTENSIONS = {
    ".csv": CSV,
    ".xlsx": XLSX,
    ".ttl": TURTLE,
    ".jsonld": JSON_LD,
    ".json": JSON_LD,
    ".nt": N_TRIPLES,
}
_REFUSED_EXTENSIONS = {".rdf", ".owl", ".xml"}

MAX_JSON_DEPTH = 64
# a JSON string (skipped whole, escapes included) or a bracket
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)
_DEPTH_CHANGE = {"[": 1, "{": 1, "]": -1, "}": -1}


def media_type_of(path: Path) -> str:
    """The media type a file's extension stands for; RDF/XML and unknown kinds are refused."""
    suffix = path.suffix.lower()
    if suffix in _REFUSED_EXTENSIONS:
        raise _rdf_xml(str(path))
    if suffix not in _EXTENSIONS:
        kind = suffix or "(no extension)"
        raise UnusableInput(
            f"unknown kind of file {kind!r}: expected .csv, .xlsx, .ttl, .jsonld, .json or .nt",
            str(path),
            message_id=f"jenis berkas {kind!r} tidak dikenal: kirim .csv, .xlsx, .ttl, .jsonld, "
            ".json atau .nt",
        )
    return _EXTENSIONS[suffix]


def normalise_media_type(media_type: str, file: str | None) -> str:
    """`text/turtle; charset=utf-8` -> `text/turtle`; refuses what we do not read."""
    base = media_type.split(";", 1)[0].strip().lower()
    if base == "application/rdf+xml":
        raise _rdf_xml(file)
    if base not in ACCEPTED:
        raise UnusableInput(
            f"unsupported media type {base!r}: expected one of {', '.join(ACCEPTED)}",
            file,
            message_id=f"jenis berkas {base!r} tidak didukung: kirim CSV, XLSX atau RDF "
            "(Turtle, JSON-LD, N-Triples)",
        )
    return base


def _rdf_xml(file: str | None) -> UnusableInput:
    return UnusableInput(
        "RDF/XML is not accepted; send Turtle, JSON-LD, N-Triples or CSV",
        file,
        message_id="RDF/XML tidak diterima; kirim Turtle, JSON-LD, N-Triples, CSV atau XLSX",
    )


def decode_utf8(payload: bytes, file: str | None) -> str:
    """UTF-8 text (a BOM is dropped); a wrong encoding is reported at its line and column."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = payload[: exc.start]  # valid UTF-8: the first error is at exc.start
        line = before.count(b"\n") + 1
        # the column counts characters, as an editor shows them, not bytes
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        byte = f"0x{payload[exc.start]:02x}"
        raise UnusableInput(
            f"not UTF-8 text (byte {byte}); save the file as UTF-8",
            file, line, column,
            message_id=f"bukan teks UTF-8 (bita {byte}); simpan berkas sebagai UTF-8 (di "
            "spreadsheet: CSV UTF-8), atau kirim .xlsx",
        ) from None  # fmt: skip
    text = text.removeprefix("\ufeff")
    nul = text.find("\0")
    if nul >= 0:
        raise UnusableInput(
            "a NUL byte: not a text file, or UTF-16 text; save the file as UTF-8",
            file, *position(text, nul),
            message_id="bita NUL: bukan berkas teks, atau teks UTF-16; simpan berkas sebagai "
            "UTF-8, atau kirim .xlsx",
        )  # fmt: skip
    return text


def position(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of a character offset, both from 1; the column counts characters."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def check_json_depth(text: str, file: str | None) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH (see the module docstring). Malformed JSON
    may be miscounted here: the parser refuses it anyway."""
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        depth += _DEPTH_CHANGE.get(match.group(), 0)
        if depth > MAX_JSON_DEPTH:
            raise UnusableInput(
                f"JSON nested more than {MAX_JSON_DEPTH} levels deep (arrays and objects); the "
                "limit keeps the JSON-LD parser's time and memory bounded: flatten the document "
                "(e.g. top-level nodes in @graph, linked by @id)",
                file, *position(text, match.start()),
            )  # fmt: skip


def parse_rdf(payload: bytes, media_type: str, file: str | None) -> list[ox.Triple]:
    """All triples of an RDF document (named graphs are not part of an upload)."""
    text = decode_utf8(payload, file)  # a clear encoding error before the parser's own
    if media_type == JSON_LD:
        check_json_depth(text, file)
    try:
        quads = list(ox.parse(payload, RDF_FORMATS[media_type], base_iri=None))
    except MemoryError as exc:
        # Oxigraph's own limit on one token, not an exhausted heap: re-raise anything else
        limit = re.search(r"buffer maximal size of (\d+)", str(exc))
        if limit is None:
            raise
        raise UnusableInput(
            f"unreadable {media_type}: a single literal, IRI or name is longer than the parser's "
            f"limit of {int(limit.group(1)) // 2**20} MiB",
            file,
        ) from None
    except SyntaxError as exc:
        line, column = _syntax_position(exc)
        message = exc.msg
        if "LoadDocumentCallback" in message:
            message = "a remote JSON-LD @context is never fetched; put the context inline"
        raise UnusableInput(
            f"unreadable {media_type}: {message}",
            file, line, column,
            message_id=f"{media_type} tidak dapat dibaca: {message}",
        ) from None  # fmt: skip
    if not quads:
        raise UnusableInput("the document contains no triples", file,
                            message_id="dokumen ini tidak berisi satu tripel pun")  # fmt: skip
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def _syntax_position(exc: SyntaxError) -> tuple[int | None, int | None]:
    # pyoxigraph fills SyntaxError's (filename, lineno, offset, ...) when it knows the position
    return exc.lineno, exc.offset
