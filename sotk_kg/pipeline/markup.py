"""The reviewable markup of a provision tree: `unparse` writes a `tree.Document` as plain text a
person can read and correct, `parse` reads it back, strictly, with no heuristics.

    SOTK-MARKUP 1
    SOURCE perwal-x-2023-13.txt
    SHA256 4f2c...                        the source text's checksum (as the graph's sotk:sha256)
    JENIS perwal                          identification: one KEY value per line
    ...
    ADOPTION L120                         a signature block, its fields indented below it
      PLACE Sukamaju
    NOTE ...                              document notes, unplaced lines, text after the closing
    UNPLACED L7 ...

    BAB 1 "I" L40-41                      KIND number "as written" L<first line>-<last line>
      HEADING KETENTUAN UMUM
      PASAL 1 "1" L42-60
        | Dalam Peraturan Wali Kota ini   verbatim text, one "|" line per text line
        READING ...                       the text with known misspellings fixed, when it differs
        NOTE ...                          editorial notes (repairs, source defects)
        QUOTED L31-34                     an amending instruction's quoted text, "> " lines
        ANGKA 1 "1." L44
          | Daerah adalah Kota Sukamaju.

Children are indented two spaces under their parent; a value is the rest of its line after one
space ("KEY" alone is the empty value, an absent key None). The order of fields is fixed, so the
text `unparse` writes is the one form of a tree: markup -> tree -> markup gives the same text and
tree -> markup -> tree an equal Document. Blank lines are ignored. Every error names the markup's
line and what was expected there.

No parsing library: the format is line-based with one regular expression per line kind and the
nesting given by indentation, so a hand-written reader of ~150 lines states it as exactly as a
grammar would and gives error messages in the project's own terms, without a dependency.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sotk_kg.pipeline.errors import PipelineError
from sotk_kg.pipeline.tree import Document, Provision, Signature

MAGIC = "SOTK-MARKUP 1"
# File name of a reviewed markup beside its source: data/source/X.txt -> data/source/X.markup
SUFFIX = ".markup"
_INDENT = "  "

# Kinds whose provisions carry a number, and the kinds each may hold (None: the document's body).
_NUMBERED = ("bab", "bagian", "paragraf", "pasal", "ayat", "huruf", "angka")
_LISTS = ("huruf", "angka")
_CHILDREN: dict[str | None, tuple[str, ...]] = {
    None: ("bab", "bagian", "paragraf", "pasal"),
    "bab": ("bagian", "paragraf", "pasal"),
    "bagian": ("paragraf", "pasal"),
    "paragraf": ("pasal",),
    "pasal": ("ayat", *_LISTS),
    "ayat": _LISTS,
    "huruf": _LISTS,
    "angka": _LISTS,
    "menimbang": _LISTS,
    "mengingat": _LISTS,
    "memperhatikan": _LISTS,
}
# The document's parts outside the body, in text order around it.
_BEFORE_BODY = ("sampul", "judul", "menimbang", "mengingat", "memperhatikan")
_AFTER_BODY = ("penutup", "lampiran")
_PART_KINDS = (*_BEFORE_BODY, *_CHILDREN[None], *_AFTER_BODY)

# Identification: markup key -> Document attribute; required keys first.
_REQUIRED = {
    "JENIS": "jenis",
    "JENIS-LABEL": "jenis_label",
    "REGION": "region_name",
    "NOMOR": "number",
    "TAHUN": "year",
    "TITLE": "title",
}
_OPTIONAL = {
    "COVER-TITLE": "cover_title",
    "COVER-PROMULGATION-DATE": "cover_promulgation_date",
    "GAZETTE": "gazette",
}
_SIGNATURES = {"ADOPTION": "adoption", "PROMULGATION": "promulgation"}
_SIGNATURE_FIELDS = {"PLACE": "place", "DATE": "date", "OFFICE": "title", "NAME": "name"}

_RANGE = r"L(\d+)(?:-(\d+))?"
_NODE = re.compile(
    r"^(" + "|".join(k.upper() for k in (*_PART_KINDS, "ayat", "huruf", "angka")) + r")"
    r"(?: ([^\s\"]+))?(?: (\"(?:[^\"\\]|\\.)*\"))? " + _RANGE + r"$"
)
_UNPLACED = re.compile(r"^UNPLACED L(\d+)(?: (.*))?$")
_AFTER_CLOSING = re.compile(r"^AFTER-CLOSING L(\d+)-(\d+)(?: (.*))?$")
_SIGNATURE = re.compile(r"^(ADOPTION|PROMULGATION) L(\d+)$")


class MarkupError(PipelineError):
    """The markup does not follow the format: names the markup's line and what was expected."""


def source_checksum(text: str) -> str:
    """The checksum a markup records of its source text (the graph's sotk:sha256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------------------ unparse
def unparse(doc: Document, source_name: str, source_text: str) -> str:
    """The markup of `doc`, made from `source_text` (named `source_name`)."""
    out = [MAGIC, f"SOURCE {_one_line(source_name)}", f"SHA256 {source_checksum(source_text)}"]
    for key, attr in _REQUIRED.items():
        out.append(_field(key, getattr(doc, attr)))
    for key, attr in _OPTIONAL.items():
        if (value := getattr(doc, attr)) is not None:
            out.append(_field(key, value))
    for key, attr in _SIGNATURES.items():
        sig: Signature | None = getattr(doc, attr)
        if sig is not None:
            out.append(f"{key} L{sig.line}")
            for sub, sub_attr in _SIGNATURE_FIELDS.items():
                if (value := getattr(sig, sub_attr)) is not None:
                    out.append(_INDENT + _field(sub, value))
    out.extend(_field("NOTE", note) for note in doc.notes)
    out.extend(_field(f"UNPLACED L{line}", text) for line, text in doc.unplaced)
    out.extend(
        _field(f"AFTER-CLOSING L{first}-{last}", text) for first, last, text in doc.after_closing
    )
    for part in doc.parts():
        out.append("")
        _unparse_node(part, 0, out)
    return "\n".join(out) + "\n"


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError(f"a single-line markup value holds a line break: {value!r}")
    return value


def _field(key: str, value: str) -> str:
    return f"{key} {_one_line(value)}" if value else key


def _unparse_node(node: Provision, depth: int, out: list[str]) -> None:
    pad = _INDENT * depth
    head = node.kind.upper()
    if node.number:
        head += f" {node.number}"
    if node.number or node.number_as_written:
        head += " " + json.dumps(node.number_as_written, ensure_ascii=False)
    span = f"L{node.line_start}" + (f"-{node.line_end}" if node.line_end != node.line_start else "")
    out.append(f"{pad}{head} {span}")
    inner = pad + _INDENT
    if node.heading is not None:
        out.append(inner + _field("HEADING", node.heading))
    if node.text:
        out.extend(f"{inner}| {t}" if t else f"{inner}|" for t in node.text.split("\n"))
    if node.text_corrected is not None:
        out.append(inner + _field("READING", node.text_corrected))
    out.extend(inner + _field("NOTE", note) for note in node.notes)
    if node.quoted is not None:  # an amending instruction's quoted text, one "> " line per line
        out.append(f"{inner}QUOTED L{node.quoted_start}-{node.quoted_end}")
        out.extend(f"{inner}> {t}" if t else f"{inner}>" for t in node.quoted.split("\n"))
    for child in node.children:
        _unparse_node(child, depth + 1, out)


# ------------------------------------------------------------------------------------ parse
@dataclass
class _Line:
    number: int  # 1-based line of the markup
    depth: int
    text: str  # without the indentation


class _Reader:
    def __init__(self, markup: str, name: str) -> None:
        self.name = name
        self.lines: list[_Line] = []
        # A markup saved by an editor with CRLF line ends reads as written with LF.
        for number, raw in enumerate(markup.replace("\r\n", "\n").split("\n"), start=1):
            if not raw.strip():
                continue
            body = raw.lstrip(" ")
            indent = len(raw) - len(body)
            if "\t" in raw[: indent + 1] or indent % len(_INDENT):
                raise self.error(number, "indentation of a multiple of two spaces (no tabs)")
            self.lines.append(_Line(number, indent // len(_INDENT), body))
        self.at = 0

    def error(self, number: int, expected: str, found: str | None = None) -> MarkupError:
        what = f"expected {expected}" + (f"; found '{found[:80]}'" if found is not None else "")
        return MarkupError(what, number, self.name)

    def peek(self) -> _Line | None:
        return self.lines[self.at] if self.at < len(self.lines) else None

    def take(self, depth: int, key: str) -> str | None:
        """The value of `key` on the next line at `depth`, None (nothing taken) if not there."""
        line = self.peek()
        if line is None or line.depth != depth:
            return None
        if line.text == key:
            self.at += 1
            return ""
        if line.text.startswith(key + " "):
            self.at += 1
            return line.text[len(key) + 1 :]
        return None

    def need(self, depth: int, key: str) -> str:
        value = self.take(depth, key)
        if value is None:
            line = self.peek()
            number = line.number if line else (self.lines[-1].number + 1 if self.lines else 1)
            raise self.error(number, f"'{key} <value>'", line.text if line else "end of markup")
        return value


def parse(markup: str, name: str = "<markup>") -> tuple[Document, str]:
    """The Document a markup describes, and the source checksum it records. Raises MarkupError
    (with the markup's line) on anything that does not follow the format."""
    r = _Reader(markup, name)
    first = r.peek()
    if first is None or first.text != MAGIC or first.depth:
        raise r.error(first.number if first else 1, f"'{MAGIC}' on the first line")
    r.at += 1
    r.need(0, "SOURCE")
    checksum = r.need(0, "SHA256")
    if not re.fullmatch(r"[0-9a-f]{64}", checksum):
        raise r.error(r.lines[r.at - 1].number, "a SHA-256 checksum of 64 hex digits", checksum)
    ident = {attr: r.need(0, key) for key, attr in _REQUIRED.items()}
    doc = Document(
        jenis=ident["jenis"],
        jenis_label=ident["jenis_label"],
        region_name=ident["region_name"],
        number=ident["number"],
        year=ident["year"],
        title=ident["title"],
    )
    for key, attr in _OPTIONAL.items():
        setattr(doc, attr, r.take(0, key))
    for key, attr in _SIGNATURES.items():
        line = r.peek()
        m = _SIGNATURE.match(line.text) if line is not None and not line.depth else None
        if m is not None and m.group(1) == key:
            r.at += 1
            sig = Signature(line=int(m.group(2)))
            for sub, sub_attr in _SIGNATURE_FIELDS.items():
                setattr(sig, sub_attr, r.take(1, sub))
            setattr(doc, attr, sig)
    while (note := r.take(0, "NOTE")) is not None:
        doc.notes.append(note)
    while (line := r.peek()) is not None and (m := _UNPLACED.match(line.text)) and not line.depth:
        r.at += 1
        doc.unplaced.append((int(m.group(1)), m.group(2) or ""))
    while (line := r.peek()) is not None and (m := _AFTER_CLOSING.match(line.text)):
        if line.depth:
            break
        r.at += 1
        doc.after_closing.append((int(m.group(1)), int(m.group(2)), m.group(3) or ""))
    _parse_parts(r, doc)
    return doc, checksum


def _parse_parts(r: _Reader, doc: Document) -> None:
    order = -1  # index in `places` of the last part read
    places = (*_BEFORE_BODY, "body", *_AFTER_BODY)
    while (line := r.peek()) is not None:
        if line.depth:
            raise r.error(line.number, "a part of the document at the left margin", line.text)
        node = _parse_node(r, None)
        place = "body" if node.kind in _CHILDREN[None] else node.kind
        at = places.index(place)
        if at < order or (at == order and place != "body"):
            raise r.error(
                line.number,
                f"the parts in the order {', '.join(k.upper() for k in _PART_KINDS)}, each once",
                line.text,
            )
        order = at
        if place == "body":
            doc.body.append(node)
        else:
            setattr(doc, place, node)


def _parse_node(r: _Reader, parent: Provision | None) -> Provision:
    line = r.peek()
    assert line is not None
    m = _NODE.match(line.text)
    allowed = _CHILDREN[parent.kind] if parent else _PART_KINDS
    if m is None or m.group(1).lower() not in allowed:
        where = f"in {parent.kind.upper()}" if parent else "at the top"
        kinds = "|".join(k.upper() for k in allowed)
        raise r.error(
            line.number, f"a provision {where}: '{kinds} <number> \"<as written>\" L<n>-<m>'",
            line.text,
        )  # fmt: skip
    r.at += 1
    kind, number = m.group(1).lower(), m.group(2) or ""
    written = json.loads(m.group(3)) if m.group(3) else ""
    if kind not in _NUMBERED and (number or written):
        raise r.error(line.number, f"{kind.upper()} without a number", line.text)
    start = int(m.group(4))
    node = Provision(
        kind=kind,
        number=number,
        number_as_written=written,
        line_start=start,
        line_end=int(m.group(5)) if m.group(5) else start,
        parent=parent,
    )
    depth = line.depth + 1
    node.heading = r.take(depth, "HEADING")
    text: list[str] = []
    while (nxt := r.peek()) is not None and nxt.depth == depth and nxt.text[:1] == "|":
        if nxt.text != "|" and not nxt.text.startswith("| "):
            raise r.error(nxt.number, "'| <text>' (a space after the bar)", nxt.text)
        text.append(nxt.text[2:])
        r.at += 1
    node.text = "\n".join(text)
    node.text_corrected = r.take(depth, "READING")
    while (note := r.take(depth, "NOTE")) is not None:
        node.notes.append(note)
    if (span := r.take(depth, "QUOTED")) is not None:
        if (q := re.fullmatch(r"L(\d+)-(\d+)", span)) is None:
            raise r.error(r.lines[r.at - 1].number, "'QUOTED L<n>-<m>'", f"QUOTED {span}")
        node.quoted_start, node.quoted_end = int(q.group(1)), int(q.group(2))
        quoted: list[str] = []
        while (nxt := r.peek()) is not None and nxt.depth == depth and nxt.text[:1] == ">":
            if nxt.text != ">" and not nxt.text.startswith("> "):
                raise r.error(nxt.number, "'> <text>' (a space after the mark)", nxt.text)
            quoted.append(nxt.text[2:])
            r.at += 1
        node.quoted = "\n".join(quoted)
    while (nxt := r.peek()) is not None and nxt.depth >= depth:
        if nxt.depth > depth:
            raise r.error(nxt.number, f"at most {depth * 2} spaces of indentation", nxt.text)
        node.children.append(_parse_node(r, node))
    return node


def check_source(checksum: str, source_text: str, markup_name: str, source_name: str) -> None:
    """Refuse a markup made from another text than `source_text`."""
    actual = source_checksum(source_text)
    if checksum != actual:
        raise MarkupError(
            f"was made from a text with SHA-256 {checksum}, but {source_name} has {actual}: the "
            f"source changed since; make the markup again (sotk-kg markup {source_name}) and "
            "carry the reviewed edits over",
            None,
            markup_name,
        )


def markup_path(source: Path) -> Path:
    """Where the reviewed markup of `source` is committed: beside it, `X.txt` -> `X.markup`."""
    return source.with_suffix(SUFFIX)


def reviewed_document(source: Path, source_text: str) -> Document | None:
    """The Document of the reviewed markup beside `source`, None when there is none. Raises
    MarkupError when it does not follow the format or was made from another text."""
    path = markup_path(source)
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MarkupError(f"cannot read as UTF-8 text: {exc}", None, str(path)) from exc
    doc, checksum = parse(text, str(path))
    check_source(checksum, source_text, str(path), str(source))
    return doc
