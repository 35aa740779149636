"""The unit every repair stage reads and writes: one source line, its repaired text, its notes."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field


@dataclass
class SourceLine:
    number: int  # 1-based line number in the source: what provenance cites
    raw: str  # the line as in the source, never changed
    text: str  # the line as the stages left it
    notes: list[str] = field(default_factory=list)  # one English note per repair made on it


def layout_stripped(text: str) -> str:
    """`text` without the layout noise no stage cares about (Markdown bold, no-break spaces,
    surrounding blanks), as `segment.clean` strips it."""
    return text.replace("**", "").replace("\u00a0", " ").strip()


# A page number on a line of its own: "3", "- 3 -", "Halaman 3 dari 25", "Hal. 3", "hlm 3/25".
PAGE_NUMBER = (
    r"(?:-\s*\d{1,3}\s*-|\d{1,3}|(?:halaman|hal\.?|hlm\.?)\s*\d{1,3}(?:\s*(?:dari|/)\s*\d{1,3})?)"
)
PAGE_NUMBER_LINE = re.compile(rf"^{PAGE_NUMBER}$", re.IGNORECASE)
# Letters OCR reads for one another in words (g/q, i/l/1/|, o/0): names compared by `ocr_key`
# are alike however the scan read them ("Kepala Bidanq" names the Kepala Bidang). One character
# for one, so that a position in the key is the same position in the text.
_OCR_ALIKE = str.maketrans({"q": "g", "0": "o", "1": "i", "l": "i", "|": "i", "!": "i"})


@functools.lru_cache(maxsize=1 << 16)  # names are compared again and again: a key made once
def ocr_key(text: str) -> str:
    """`text` lower-cased, the letters OCR confuses made one: a key to compare names by, never
    text to keep (provisions and labels stay as written)."""
    return text.lower().translate(_OCR_ALIKE)


# Letters OCR reads for digits in numbers: O/o for 0, l/I/| for 1.
DIGITS_OCR = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
# What starts a provision's text after a Pasal number on the same line ("Pasal 5 Dalam ...",
# "Pasal 2 (1) ..."): a capital or an ayat marker, never the rest of a cross-reference ("Pasal 5
# ayat (2)", "Pasal 5 dan Pasal 6").
PROVISION_TEXT_START = (
    r"(?=[A-Z]|\(\s*[0-9lI]{1,3}\s*\))(?!(?i:ayat|huruf|angka|dan|atau|sampai|jo|juncto)\b)"
)
