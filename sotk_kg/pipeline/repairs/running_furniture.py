"""A page's running header or footer: a web address on a line of its own, on every page
("jdih.tegalkab.go.id", "https://jdih.bekasikab.go.id/"), as the legal-documentation sites (JDIH)
stamp the PDFs they publish.

Reads: a line holding only a web address (a host name with a top-level domain, an optional
scheme and path) that stands, alone on its line, at least twice in the text. A web address the
regulation itself cites ("diumumkan melalui laman www.tegalkab.go.id") is written once, inside a
sentence; wrapped onto a line of its own it still stands there once, and is kept.
Writes: the line left blank, as a page break is; noted on the line of text before it (the page's
last line). Without the repair the address is read as words of that provision, or as the name of
a unit ("Sub Bagian Perencanaan dan Keuangan; jdih.tegalkab.go.id").
"""

from __future__ import annotations

import re
from collections import Counter

from sotk_kg.pipeline.repairs.base import PAGE_NUMBER_LINE, SourceLine, layout_stripped

# A host name ending in a top-level domain the sites of the genre use, with an optional scheme,
# port and path: never a number ("1.2"), an abbreviation ("s.d.", "Kab.Bekasi") or an academic
# title alone on a signature's line ("M.Si").
_TOP_LEVEL = "id|com|org|net|info|gov|edu|io|co|biz|web|app|site"
_WEB_ADDRESS = re.compile(
    r"^(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:" + _TOP_LEVEL + r")(?::\d+)?"
    r"(?:/\S*)?$",
    re.IGNORECASE,
)
MIN_PAGES = 2


class RunningFurniture:
    name = "running-furniture"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        texts = [layout_stripped(line.text) for line in lines]
        repeated = Counter(t.lower() for t in texts if _WEB_ADDRESS.match(t))
        before: SourceLine | None = None  # the last line of text: the note goes where it is read
        for line, text in zip(lines, texts, strict=True):
            pages = repeated.get(text.lower(), 0)
            if pages < MIN_PAGES:
                if text and not PAGE_NUMBER_LINE.match(text):
                    before = line
                continue
            line.text = ""
            (before or line).notes.append(
                f"Line {line.number} holds only '{text}', a header or footer the text's "
                f"pages repeat ({pages} times); not read as text."
            )
        return lines
