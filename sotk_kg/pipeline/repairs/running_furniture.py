"""A page's running header or footer, which a PDF's text keeps on every page:

- a web address on a line of its own ("jdih.tegalkab.go.id", "https://jdih.bekasikab.go.id/"), as
  the legal-documentation sites (JDIH) stamp the PDFs they publish: furniture wherever it stands,
  once it stands alone at least twice. A web address the regulation itself cites ("diumumkan
  melalui laman www.tegalkab.go.id") is written once, inside a sentence; wrapped onto a line of its
  own it still stands there once, and is kept;
- any other line that stands, the same, next to a page number (within PAGE_EDGE lines of one) on
  most pages, at least two ("PERATURAN BUPATI TEGAL NOMOR 17 TAHUN 2023", "SALINAN"): furniture
  where it stands next to a page number. The same words elsewhere (the title block itself) are
  text. A line that ends as list items and sentences do (". ; : ,"), or starts as a heading or a
  list item does, is never taken: a duty's wrapped last words may repeat at a page's edge.

A page number beside the address on its line ("jdih.bekasikab.go.id - 2 -") goes with it.

Writes: the line left blank, as a page break is; noted on the line of text before it (the page's
last line). Without the repair the furniture is read as words of a provision, or of the name of
a unit ("Sub Bagian Perencanaan dan Keuangan; jdih.tegalkab.go.id").
"""

from __future__ import annotations

import re
from collections import Counter

from sotk_kg.pipeline.repairs.base import (
    PAGE_NUMBER,
    PAGE_NUMBER_LINE,
    SourceLine,
    layout_stripped,
)

# A host name ending in a top-level domain the sites of the genre use, with an optional scheme,
# port and path: never a number ("1.2"), an abbreviation ("s.d.", "Kab.Bekasi") or an academic
# title alone on a signature's line ("M.Si").
_TOP_LEVEL = "id|com|org|net|info|gov|edu|io|co|biz|web|app|site"
_WEB_ADDRESS = re.compile(
    r"^(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:" + _TOP_LEVEL + r")(?::\d+)?"
    r"(?:/\S*)?$",
    re.IGNORECASE,
)
# A footer's address with the page's number beside it: "jdih.bekasikab.go.id - 2 -".
_WITH_PAGE_NUMBER = re.compile(
    rf"^(?:{PAGE_NUMBER}\s+)?(?P<address>\S+?)(?:\s+{PAGE_NUMBER})?$", re.IGNORECASE
)
MIN_PAGES = 2
PAGE_EDGE = 3  # lines between a page number and the header or footer beside it
# Text, not furniture: the end of a list item or sentence, a heading, a list or ayat marker.
_TEXT_LIKE = re.compile(
    r"[.;:,]$|^(?:BAB\b|Pasal\b|Bagian\b|Paragraf\b|[a-z0-9]{1,3}[.)]\s|\(\s*\w{1,3}\s*\))",
    re.IGNORECASE,
)


class RunningFurniture:
    name = "running-furniture"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        texts = [layout_stripped(line.text) for line in lines]
        furniture = self._furniture(texts)
        before: SourceLine | None = None  # the last line of text: the note goes where it is read
        for index, (line, text) in enumerate(zip(lines, texts, strict=True)):
            pages = furniture.get(index)
            if pages is None:
                if text and not PAGE_NUMBER_LINE.match(text):
                    before = line
                continue
            line.text = ""
            (before or line).notes.append(
                f"Line {line.number} holds only '{text}', a header or footer the text's "
                f"pages repeat ({pages} times); not read as text."
            )
        return lines

    @staticmethod
    def _furniture(texts: list[str]) -> dict[int, int]:
        """Line index -> how often the text's pages repeat the header or footer it holds."""
        keys = [" ".join(text.lower().split()) for text in texts]
        at = {i: a.lower() for i, t in enumerate(texts) if (a := _address(t))}
        addresses = Counter(at.values())
        found = {i: addresses[a] for i, a in at.items() if addresses[a] >= MIN_PAGES}
        pages = [i for i, text in enumerate(texts) if PAGE_NUMBER_LINE.match(text)]
        edges = [i for page in pages for i in _beside(texts, page, found)]
        edges = [i for i in edges if not _TEXT_LIKE.search(texts[i])]
        count = Counter(keys[i] for i in set(edges))
        # on most pages: a duty's last words at the edge of two pages of thirty are no header
        most = max(MIN_PAGES, (len(pages) + 1) // 2)
        found.update({i: count[keys[i]] for i in edges if count[keys[i]] >= most})
        return found


def _address(text: str) -> str | None:
    """The web address a line holds alone, or with the page's number before or after it."""
    m = _WITH_PAGE_NUMBER.match(text)
    address = m.group("address") if m else ""
    return address if _WEB_ADDRESS.match(address) else None


def _beside(texts: list[str], page: int, furniture: dict[int, int]) -> list[int]:
    """The lines of text nearest a page number, before and after it: blank lines, other page
    numbers and web-address furniture between are skipped, up to PAGE_EDGE lines away."""
    beside = []
    for step in (-1, 1):
        i = page + step
        while 0 <= i < len(texts) and abs(i - page) <= PAGE_EDGE:
            if texts[i] and not PAGE_NUMBER_LINE.match(texts[i]) and i not in furniture:
                beside.append(i)
                break
            i += step
    return beside
