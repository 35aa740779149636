"""Glued page numbers: "- 3 - BAB II" / "12 Pasal 7" -> "BAB II" / "Pasal 7".

Reads: a line that starts with a page number ("- 3 -" or a bare number) followed by a heading
keyword (BAB, Pasal, Bagian, Paragraf), as a PDF-to-text conversion leaves a page's header on the
first line of the page.
Writes: the line without the page number (and without layout noise), noted. A page number on a
line of its own is no repair: the classifier reads it as a page line and the parser drops it.
"""

from __future__ import annotations

import re

from sotk_kg.pipeline.repairs.base import SourceLine, layout_stripped

_PAGE_GLUED = re.compile(
    r"^(?:-\s*(\d{1,3})\s*-\s*|(\d{1,3})\s+)"
    # a heading: "BAB" with its numeral or alone, "Pasal" with a number (OCR-damaged ones too)
    r"(?=BAB(?:[\sIVXLl1|]|$)|Pas[a4][lI1|]\s*[0-9OolI|]|Bagian\b|Paragraf\b)"
)


class GluedPageNumbers:
    name = "glued-page-numbers"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        for line in lines:
            text = layout_stripped(line.text)
            if glued := _PAGE_GLUED.match(text):
                page = glued.group(1) or glued.group(2)
                line.notes.append(
                    f"Page number {page} glued before the heading ('{text}'); removed."
                )
                line.text = text[glued.end() :]
        return lines
