"""A Pasal heading and the first line of its text on one line: "Pasal 1 Dalam Peraturan Bupati
ini yang dimaksud dengan:", "Pasal 2 (1) Dinas merupakan ...".

Reads: a text line the classifier saw could be one (`Line.pasal_split`: "Pasal <n>" then a capital
or an ayat marker, never the rest of a cross-reference such as "Pasal 5 ayat (2)"). Writes: the
heading and its text as two lines of the same source line, the heading noted, when it is the next
Pasal in sequence and the text before it ends a sentence, or an ayat marker follows the number
("Pasal 4 (1) ..." is never a cross-reference). Otherwise the line stays running text: "...
sebagaimana dimaksud dalam" / "Pasal 3 Peraturan Daerah ..." continues the sentence, and a
cross-reference rarely names exactly the next Pasal; when it does, or when the sentence before a
real heading lost its full stop, the line is noted.
"""

from __future__ import annotations

from collections.abc import Iterator

from sotk_kg.pipeline.repairs.sequence import BodyState, mid_sentence, next_pasal
from sotk_kg.pipeline.segment import Line


class HeadingWithText:
    name = "heading-with-text"

    def apply(self, line: Line, index: int | None, body: BodyState) -> Iterator[Line]:
        if line.kind != "text" or line.pasal_split is None:
            yield line
            return
        head, first = line.pasal_split
        is_next = next_pasal(body, head.value)
        unfinished = mid_sentence(body.stack)
        if is_next and (not unfinished or first.kind == "ayat"):
            why = (
                " (an ayat marker follows the number, so it is no cross-reference, although the "
                "text before it does not end a sentence)"
                if unfinished
                else ""
            )
            head.notes.append(
                f"Line {line.number} holds the heading 'Pasal {head.value}' and the first line of "
                f"its text; read as the heading, followed by its text{why}."
            )
            yield head
            yield first
            return
        if is_next:
            line.notes.append(
                f"Line {line.number} starts with 'Pasal {head.value}', the next Pasal in sequence, "
                "but continues a sentence that does not end; read as text. It may be the heading "
                f"of Pasal {head.value} with the first line of its text, the sentence before it "
                "having lost its full stop."
            )
        yield line
