"""Reading what users submit: media types, UTF-8, RDF syntax, with errors that say where.

RDF is parsed by Oxigraph: it is fast, it never fetches a remote JSON-LD @context (it refuses
one), and RDF/XML is not accepted at all (entity-expansion denial of service, stack-findings §4).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from sotk_kg.checks.errors import UnusableInput

CSV = "text/csv"
TURTLE = "text/turtle"
JSON_LD = "application/ld+json"
N_TRIPLES = "application/n-triples"

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    TURTLE: ox.RdfFormat.TURTLE,
    JSON_LD: ox.RdfFormat.JSON_LD,
    N_TRIPLES: ox.RdfFormat.N_TRIPLES,
}
ACCEPTED = (CSV, *RDF_FORMATS)

_EXTENSIONS = {
    ".csv": CSV,
    ".ttl": TURTLE,
    ".jsonld": JSON_LD,
    ".json": JSON_LD,
    ".nt": N_TRIPLES,
}
_REFUSED_EXTENSIONS = {".rdf", ".owl", ".xml"}


def media_type_of(path: Path) -> str:
    """The media type a file's extension stands for; RDF/XML and unknown kinds are refused."""
    suffix = path.suffix.lower()
    if suffix in _REFUSED_EXTENSIONS:
        raise UnusableInput("RDF/XML is not accepted; send Turtle, JSON-LD, N-Triples or CSV",
                            str(path))  # fmt: skip
    if suffix not in _EXTENSIONS:
        raise UnusableInput(
            f"unknown kind of file {suffix or '(no extension)'!r}: expected .csv, .ttl, .jsonld, "
            ".json or .nt",
            str(path),
        )
    return _EXTENSIONS[suffix]


def normalise_media_type(media_type: str, file: str | None) -> str:
    """`text/turtle; charset=utf-8` -> `text/turtle`; refuses what we do not read."""
    base = media_type.split(";", 1)[0].strip().lower()
    if base == "application/rdf+xml":
        raise UnusableInput("RDF/XML is not accepted; send Turtle, JSON-LD, N-Triples or CSV", file)
    if base not in ACCEPTED:
        raise UnusableInput(
            f"unsupported media type {base!r}: expected one of {', '.join(ACCEPTED)}", file
        )
    return base


def decode_utf8(payload: bytes, file: str | None) -> str:
    """UTF-8 text (a BOM is dropped); a wrong encoding is reported at its line and column."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = payload[: exc.start]  # valid UTF-8: the first error is at exc.start
        line = before.count(b"\n") + 1
        # the column counts characters, as an editor shows them, not bytes
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise UnusableInput(
            f"not UTF-8 text (byte 0x{payload[exc.start]:02x}); save the file as UTF-8",
            file, line, column,
        ) from None  # fmt: skip
    return text.removeprefix("\ufeff")


def parse_rdf(payload: bytes, media_type: str, file: str | None) -> list[ox.Triple]:
    """All triples of an RDF document (named graphs are not part of an upload)."""
    decode_utf8(payload, file)  # a clear encoding error before the parser's own
    try:
        quads = list(ox.parse(payload, RDF_FORMATS[media_type], base_iri=None))
    except SyntaxError as exc:
        line, column = _syntax_position(exc)
        message = exc.msg
        if "LoadDocumentCallback" in message:
            message = "a remote JSON-LD @context is never fetched; put the context inline"
        raise UnusableInput(f"unreadable {media_type}: {message}", file, line, column) from None
    if not quads:
        raise UnusableInput("the document contains no triples", file)
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def _syntax_position(exc: SyntaxError) -> tuple[int | None, int | None]:
    # pyoxigraph fills SyntaxError's (filename, lineno, offset, ...) when it knows the position
    return exc.lineno, exc.offset
