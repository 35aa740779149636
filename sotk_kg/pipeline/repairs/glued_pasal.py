"""A Pasal heading glued to the end of a title line: "Bagian Keempat" / "Seksi Ketentraman dan
Ketertiban Umum Pasal 9" -> "Bagian Keempat Seksi Ketentraman dan Ketertiban Umum" / "Pasal 9".

Reads: a title line ending in "Pasal <n>" that is a heading's title: either the line right after
a heading without its title ("Bagian Keempat", "Paragraf 2", "BAB III", blank lines between
allowed), or a heading line with its title ("Bagian Kelima Seksi X Pasal 11"). Web pages and
PDF-to-text conversions put a Bagian's title and the Pasal under it on one line.
Writes: the title on the heading's line and "Pasal <n>" alone on the line that held it; when the
glued line is followed by a blank line, "Pasal <n>" goes down onto that blank line instead and the
title stays where it is (a heading with its title on one line needs that). Noted on the line that
holds "Pasal <n>" afterwards, so the note lands on the Pasal. A line ending in "... dimaksud dalam
Pasal 9" is running text, never a heading's title, and is left: neither case can hold it.
"""

from __future__ import annotations

import re

from sotk_kg.pipeline.repairs.base import SourceLine, layout_stripped

# The keyword and number of a heading: BAB with its numeral, Bagian with its ordinal, Paragraf with
# its number or ordinal (the title, if any, follows).
_HEADING = re.compile(
    r"^(?:BAB\s+[IVXLC]{1,7}|Bagian\s+Ke[a-z]+|Paragraf\s+(?:\d{1,3}|[IVX]{1,6}|Ke[a-z]+))\b",
    re.IGNORECASE,
)
# A title (capitalised, no sentence punctuation at its end) with "Pasal <n>" after it.
_GLUED = re.compile(r"^(?P<title>[A-Z][^.;:]*?[^\s.;:,])\s+(?P<pasal>Pasal\s*\d{1,3})$")
# Words a title never ends with, a cross-reference always does: "... dimaksud dalam Pasal 9".
_REFERENCE_END = re.compile(r"\b(?:dalam|pada|dan|atau|dengan|di|ke|oleh|sampai)$", re.IGNORECASE)


def _glued(text: str) -> re.Match[str] | None:
    m = _GLUED.match(text)
    if m is None or len(m["title"]) > 160 or _REFERENCE_END.search(m["title"]):
        return None
    return m


class GluedPasalHeading:
    name = "glued-pasal-heading"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        previous: SourceLine | None = None  # the last non-blank line before this one
        for i, line in enumerate(lines):
            text = layout_stripped(line.text)
            if not text:
                continue
            heading = _HEADING.match(text)
            m = _glued(text[heading.end() :].strip() if heading else text)
            bare_heading_before = (
                previous is not None
                and (h := _HEADING.match(layout_stripped(previous.text))) is not None
                and not layout_stripped(previous.text)[h.end() :].strip()
            )
            if m is not None and (heading or bare_heading_before):
                nxt = lines[i + 1] if i + 1 < len(lines) else None
                if nxt is not None and not nxt.text.strip():
                    self._move_down(line, nxt, text, m)
                elif heading is None and previous is not None:
                    self._move_up(previous, line, m)
                else:
                    previous = line
                    continue  # "Bagian X Title Pasal 9" with text right after it: left as it is
            previous = line
        return lines

    @staticmethod
    def _move_down(line: SourceLine, nxt: SourceLine, text: str, m: re.Match[str]) -> None:
        line.text = text[: len(text) - len(m["pasal"])].rstrip()
        nxt.text = m["pasal"]
        nxt.notes.append(
            f"Line {line.number} holds the heading '{m['pasal']}' after its title "
            f"('{text}'); read as the title, then the heading on line {nxt.number}."
        )

    @staticmethod
    def _move_up(heading: SourceLine, line: SourceLine, m: re.Match[str]) -> None:
        written = layout_stripped(line.text)
        heading.text = f"{layout_stripped(heading.text)} {m['title']}"
        line.text = m["pasal"]
        note = (
            f"Line {line.number} holds the heading '{m['pasal']}' after the title of the heading "
            f"on line {heading.number} ('{written}'); the title read with its heading, then "
            f"'{m['pasal']}'."
        )
        heading.notes.append(note)
        line.notes.append(note)
