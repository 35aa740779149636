"""An OCR'd upper-case huruf marker: "C. pelaksanaan ..." where the open list expects "c.".

Reads: a text line starting with an upper-case letter and "." or ")" ("C.", "D)"), where an open
huruf list expects that letter next and the item before it ends in punctuation (";" or what OCR
makes of it: ":", ","). Writes: the line as that huruf (its marker as written kept), noted.
"A. Ahmad", initials out of sequence, a letter where no huruf list is open, a sentence: text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sotk_kg.pipeline.repairs.sequence import BodyState, succ
from sotk_kg.pipeline.segment import Line

_UPPER_HURUF = re.compile(r"^([B-Z])([.)])\s+(\S.*)$")
# An item's end as OCR may leave it (";" read as ":" or ",").
_OCR_ITEM_END = re.compile(r"[;:,.]\s*(?:dan|atau)?\s*$")


class UpperCaseHuruf:
    name = "upper-case-huruf"

    def apply(self, line: Line, index: int | None, body: BodyState) -> Iterator[Line]:
        m = _UPPER_HURUF.match(line.text) if line.kind == "text" else None
        stack = body.stack
        if m is not None and stack and _OCR_ITEM_END.search(stack[-1].text):
            value = m.group(1).lower()
            if any(n.kind == "huruf" and succ("huruf", n.number) == value for n in stack[1:]):
                prefix = line.text[: m.start(3)]
                line.kind, line.marker, line.value = "huruf", prefix.strip(), value
                line.rest = m.group(3)
                if line.corrected is not None:
                    line.corrected = line.corrected.removeprefix(prefix)
                line.notes.append(
                    f"Source marker reads '{m.group(1)}{m.group(2)}' (upper case, an OCR misread); "
                    f"read as huruf {value}, the next in sequence."
                )
        yield line
