"""A Pasal heading with a second number: "Pasal 15 9", "Pasal 7 12", as a page number printed
beside the heading reads once converted to text.

Reads: a Pasal heading line with two numbers. Writes: the one that is the next Pasal in sequence
as the heading's number (the first when neither is), noted: the other is taken for a page number.
"""

from __future__ import annotations

from collections.abc import Iterator

from sotk_kg.pipeline.repairs.sequence import BodyState
from sotk_kg.pipeline.segment import Line


class PasalPageNumber:
    name = "pasal-page-number"

    def apply(self, line: Line, index: int | None, body: BodyState) -> Iterator[Line]:
        if line.kind == "pasal" and line.alt_value:
            after = str(body.last_pasal + 1)
            stray = line.alt_value
            if line.alt_value == after and line.value != after:
                line.value, stray = line.alt_value, line.value
            line.notes.append(
                f"Source heading reads '{line.text}'; read as Pasal {line.value} (the next in "
                f"sequence is {after}); {stray} taken for a page number."
            )
            line.alt_value = ""  # settled: the heading has one number
        yield line
