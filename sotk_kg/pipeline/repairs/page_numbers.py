"""Glued page numbers: "- 3 - BAB II" / "12 Pasal 7" / "- 4 - (1) Camat mempunyai" -> "BAB II" /
"Pasal 7" / "(1) Camat mempunyai".

Reads: a line that starts with a page number followed by the page's first text, as a PDF-to-text
conversion leaves a page's header on the first line of the page: "- 3 -" before anything (no
text of a regulation starts so), a bare number only before a heading keyword (BAB, Pasal,
Bagian, Paragraf), since "12 Tahun 2021" or a list's number may start a line.
Writes: the line without the page number (and without layout noise), noted. A page number on a
line of its own is no repair: the classifier reads it as a page line and the parser drops it.
"""

from __future__ import annotations

import re

from sotk_kg.pipeline.repairs.base import SourceLine, layout_stripped

_PAGE_GLUED = re.compile(
    r"^(?:-\s*(\d{1,3})\s*-\s*(?=\S)|(\d{1,3})\s+"
    # a heading: "BAB" with its numeral or alone, "Pasal" with a number (OCR-damaged ones too)
    r"(?=BAB(?:[\sIVXLl1|]|$)|Pas[a4][lI1|]\s*[0-9OolI|]|Bagian\b|Paragraf\b))"
)
_HEADING = re.compile(r"(?:BAB|Pas[a4][lI1|]|Bagian|Paragraf)\b|BAB|Pas[a4][lI1|]\s*\d")


class GluedPageNumbers:
    name = "glued-page-numbers"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        for line in lines:
            text = layout_stripped(line.text)
            if glued := _PAGE_GLUED.match(text):
                page = glued.group(1) or glued.group(2)
                before = "the heading" if _HEADING.match(text, glued.end()) else "the text"
                line.notes.append(f"Page number {page} glued before {before} ('{text}'); removed.")
                line.text = text[glued.end() :]
        return lines
