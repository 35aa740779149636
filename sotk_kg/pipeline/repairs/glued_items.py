"""Two list items on one line, the line break between them lost: "f. Melaksanakan pelayanan ...
undangan g. Melaksanakan fasilitasi ..." and then "h.".

Reads: a line of a huruf or angka item (its marker line, or a line going on with its text) that
holds the next marker of that list once, after a space ("... undangan g. Melaksanakan ..."), the
item's text holding it nowhere else, when the next marker line of the list skips it ("h." after
"f."). Writes: the line up to that marker, then the item it starts as a line of its own (marker as
written kept), noted. "f. pelayanan g.a. sesuai;" (no text after "g.") and a marker that the next
one does not skip are left.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from sotk_kg.pipeline.repairs.sequence import BodyState, succ, text_run
from sotk_kg.pipeline.segment import Line

_ITEMS = ("huruf", "angka")


class GluedListItem:
    name = "glued-list-item"

    def apply(self, line: Line, index: int | None, body: BodyState) -> Iterator[Line]:
        split = _split(line, index, body) if index is not None else None
        yield from split or (line,)


def _split(line: Line, index: int, body: BodyState) -> tuple[Line, Line] | None:
    if line.kind in _ITEMS:
        kind, number, before = line.kind, line.value, ""
    elif line.kind == "text" and body.stack and body.stack[-1].kind in _ITEMS:
        node = body.stack[-1]
        kind, number, before = node.kind, node.number, node.text
        if node.text_corrected is not None:
            return None
    else:
        return None
    if line.corrected is not None:  # the reading's offsets would differ from the verbatim text
        return None
    skipped = succ(kind, number)
    glued = re.compile(rf"\s({re.escape(skipped)}[.)])\s+(?=\S)")
    # the lines going on with the item's text, up to the next marker line
    run, nxt = text_run(body.lines, index)
    after = [later.text for later in run]
    if nxt is None or nxt.kind != kind or nxt.value != succ(kind, skipped):
        return None
    found = list(glued.finditer(line.rest))
    if len(found) != 1 or glued.search(before) or any(glued.search(t) for t in after):
        return None
    at = found[0]
    rest = line.rest[at.end() :]
    head = line.rest[: at.start()].rstrip()
    first = replace(line, text=line.text[: len(line.text) - len(line.rest)] + head, rest=head)
    item = Line(
        number=line.number,
        raw=line.raw,
        text=line.rest[at.start() :].strip(),
        kind=kind,
        marker=at.group(1),
        value=skipped,
        rest=rest,
        notes=[
            f"Line {line.number} holds {kind} {number} and {kind} {skipped} "
            f"('{at.group(1)}' glued to the item before it); read as two items."
        ],
    )
    return first, item
