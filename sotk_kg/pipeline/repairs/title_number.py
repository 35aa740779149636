"""The title block's number: "NOMOR l3" / "TAHUN 2023" on two lines, and OCR letters in it.

`SplitTitleNumber` reads: the phrase "NOMOR <n> TAHUN <yyyy>" (also "NOMOR : <n>"; alone, or after
the heading "PERATURAN WALI KOTA X") split over two lines at any word ("NOMOR l3" / "TAHUN 2023",
"NOMOR 13 TAHUN" / "2023", "NOMOR" / "13 TAHUN 2023"), the second line holding the rest of the
phrase and nothing else (blank lines between allowed), as scans of a title block centred on
narrow lines read. Writes: the two joined on the first line, the second blank, noted.

`TitleNumberDigits` reads: "NOMOR <n>" and "TAHUN <yyyy>" in capitals (the title block, the cover,
the gazette line, a Lampiran's identification) where OCR read letters for digits ("l3", "ll",
"I1", "2O23": O or o for 0, l, I or | for 1). Writes: the digits, noted. A number that may be a
Roman numeral is left alone: "NOMOR IV", "NOMOR II" (capital I's only, two or more; a single I is
a 1, no regulation being numbered I).
"""

from __future__ import annotations

import re

from sotk_kg.pipeline.repairs.base import DIGITS_OCR, SourceLine, layout_stripped

_OCR_DIGIT = "[0-9OolI|]"  # a digit, or a letter OCR reads for one (DIGITS_OCR)
# The whole phrase at the end of a line (where a split one ends once joined).
_PHRASE = re.compile(
    rf"(?:^|\s)(NOMOR\s*:?\s*{_OCR_DIGIT}[\w./-]*\s+TAHUN\s*:?\s*{_OCR_DIGIT}{{4}})$"
)
_NUMBER = re.compile(rf"\b(NOMOR|TAHUN)(\s*:?\s*)({_OCR_DIGIT}+)(?![\w/.-])")


class SplitTitleNumber:
    name = "split-title-number"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        for i, line in enumerate(lines):
            first = layout_stripped(line.text)
            if "NOMOR" not in first or _PHRASE.search(first):
                continue
            after = next((ln for ln in lines[i + 1 : i + 4] if layout_stripped(ln.text)), None)
            if after is None:
                continue
            rest = layout_stripped(after.text)
            found = _PHRASE.search(f"{first} {rest}")
            # The phrase must start on the first line: the second holds its rest and nothing else.
            if found is None or found.start(1) >= len(first):
                continue
            line.text = f"{first} {rest}"
            after.text = ""
            line.notes.append(
                f"Lines {line.number}-{after.number}: the title's '{first[found.start(1) :]}' and "
                f"'{rest}' stand on two lines; read as one."
            )
        return lines


def _misread(token: str) -> bool:
    """Letters OCR confuses for digits, unless the token may be a Roman numeral ("II")."""
    if token.isdigit():
        return False
    return not (len(token) > 1 and set(token) == {"I"})


class TitleNumberDigits:
    name = "title-number-digits"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        for line in lines:
            misread = [m for m in _NUMBER.finditer(line.text) if _misread(m.group(3))]
            for m in reversed(misread):
                read = m.group(3).translate(DIGITS_OCR)
                line.text = f"{line.text[: m.start(3)]}{read}{line.text[m.end(3) :]}"
            for m in misread:
                read = m.group(3).translate(DIGITS_OCR)
                line.notes.append(
                    f"Source reads '{m.group(1)}{m.group(2)}{m.group(3)}' (OCR misread); "
                    f"read as {m.group(1)} {read}."
                )
        return lines
