"""A cross-reference wrapped to the start of a line: "... sebagaimana dimaksud dalam" / "Pasal 5
Peraturan Daerah ...", "... dimaksud pada ayat" / "(2) ...".

`WrappedHeading` reads: a "Pasal <n>" heading line out of sequence (neither its number nor a
second number on it is the next Pasal) when the text before it stops mid-sentence
(`sequence.mid_sentence`). `WrappedMarker` reads: an ayat, huruf or angka marker line that no open
list expects next, after a sentence that does not end. Both write: the line as text, to be joined
to the sentence it continues, noted. A heading or marker in sequence, or after a finished
sentence, is left: the parser places it.
"""

from __future__ import annotations

from collections.abc import Iterator

from sotk_kg.pipeline.repairs.sequence import BodyState, expected, mid_sentence, next_pasal
from sotk_kg.pipeline.segment import MARKER_KINDS, Line


class WrappedHeading:
    name = "wrapped-heading"

    def apply(self, line: Line, index: int | None, body: BodyState) -> Iterator[Line]:
        after = str(body.last_pasal + 1)
        if (
            line.kind == "pasal"
            and not any(next_pasal(body, v) for v in (line.value, line.alt_value) if v)
            and mid_sentence(body.stack)
        ):
            line.kind, line.rest = "text", line.text
            line.notes.append(
                f"Line {line.number} reads '{line.text}' but continues a sentence and is out of "
                f"sequence (expected Pasal {after}); read as text."
            )
        yield line


class WrappedMarker:
    name = "wrapped-marker"

    def apply(self, line: Line, index: int | None, body: BodyState) -> Iterator[Line]:
        if (
            line.kind in MARKER_KINDS
            and mid_sentence(body.stack)
            and not expected(body.stack, line)
        ):
            line.kind, line.rest = "text", line.text
            line.notes.append(
                f"Line {line.number} starts with '{line.marker}' but continues a sentence and is "
                "out of sequence; read as text, not as a list marker."
            )
        yield line
