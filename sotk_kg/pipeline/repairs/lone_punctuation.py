"""Punctuation on a line of its own: "d. melaksanakan koordinasi kegiatan pemberdayaan,meliputi" /
":" -> "d. melaksanakan koordinasi kegiatan pemberdayaan,meliputi :" / "".

Reads: a line holding only a colon or semicolon (as a justified PDF or a web page wraps the end of
a list introduction), right after a line of text (not a blank line).
Writes: the mark at the end of the line before, the line left blank; noted on the line before,
which is the list item or sentence it ends. Without the repair the mark is unplaced debris and
the introduction does not end in ":", so the list after it is not seen as its list.
"""

from __future__ import annotations

import itertools
import re

from sotk_kg.pipeline.repairs.base import SourceLine, layout_stripped

_LONE_MARK = re.compile(r"^[:;]$")


class LonePunctuation:
    name = "lone-punctuation"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        for before, line in itertools.pairwise(lines):
            mark = layout_stripped(line.text)
            text = before.text.rstrip()
            if not _LONE_MARK.match(mark) or not text or text.endswith((":", ";", ".")):
                continue
            before.text = f"{text} {mark}"
            line.text = ""
            before.notes.append(
                f"Line {line.number} holds only '{mark}', the end of line {before.number}; "
                "read at the end of that line."
            )
        return lines
