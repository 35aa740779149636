"""A list item whose marker was lost: "b. ...;" / "pelaksanaan kebijakan ...;" / "d. ...".

Reads: a run of unmarked text lines, each ending like a complete item (";", ".", "; dan"), after
a list introduction (text ending ":" with no item yet) or after an item of the list, and before
the next marker of that list, when the run exactly fills the gap between the two markers (b, one
line, d; or ":", two lines, c). Writes: the first line of the run as the missing item, with no
marker as written, noted (the next ones follow the same way, each in its turn). A run that does
not fill the gap exactly is left as text, which the parser joins and notes as a possible lost
marker.
"""

from __future__ import annotations

from collections.abc import Iterator

from sotk_kg.pipeline.repairs.sequence import ITEM_END, BodyState, advance, first_of, succ, text_run
from sotk_kg.pipeline.segment import MARKER_KINDS, Line


class LostListMarkers:
    name = "lost-list-markers"

    def apply(self, line: Line, index: int | None, body: BodyState) -> Iterator[Line]:
        recovered = None
        if index is not None and body.stack and line.kind not in MARKER_KINDS:
            recovered = _recovered(line, index, body)
        yield line if recovered is None else recovered


def _recovered(line: Line, index: int, body: BodyState) -> Line | None:
    node = body.stack[-1]
    chapeau = node.text.rstrip().endswith(":") and not node.children
    if not chapeau and not (node.kind in ("huruf", "angka") and ITEM_END.search(node.text)):
        return None
    following, nxt = text_run(body.lines, index)
    run = [line, *following]
    if nxt is None or nxt.kind not in ("huruf", "angka"):
        return None
    if not all(ITEM_END.search(r.text) for r in run):
        return None
    kind = nxt.kind
    if chapeau:
        value = first_of(kind)
    elif node.kind == kind:
        value = succ(kind, node.number)
    else:
        return None
    if advance(kind, value, len(run)) != nxt.value:
        return None
    before = f"{kind} {node.number} before it, " if not chapeau else ""
    return Line(
        number=line.number,
        raw=line.raw,
        kind=kind,
        marker="",
        value=value,
        rest=line.text,
        corrected=line.corrected,
        notes=[
            *line.notes,
            f"Line {line.number} has no list marker; read as {kind} {value} from the sequence "
            f"({before}{kind} {nxt.value} follows).",
        ],
    )
