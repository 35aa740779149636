"""The title block's number: "NOMOR l3" / "TAHUN 2023" on two lines, and OCR letters in it.

`SplitTitleNumber` reads: the phrase "NOMOR <n> TAHUN <yyyy>" (also "NOMOR : <n>"; alone, or after
the heading "PERATURAN WALI KOTA X") split over two or three lines at any word ("NOMOR l3" /
"TAHUN 2023", "NOMOR 13 TAHUN" / "2023", "NOMOR" / "13" / "TAHUN 2023"), the lines after the first
holding the rest of the phrase and nothing else (blank lines between allowed), as scans of a title
block centred on narrow lines read. Writes: the lines joined on the first, the others blank, noted.

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
            following = [ln for ln in lines[i + 1 : i + 6] if layout_stripped(ln.text)][:2]
            # two lines, else three ("NOMOR" / "13" / "TAHUN 2023")
            for count in range(1, len(following) + 1):
                parts = [first, *(layout_stripped(ln.text) for ln in following[:count])]
                found = _PHRASE.search(" ".join(parts))
                # The phrase starts on the first line; the others hold its rest and nothing else.
                if found is None or found.start(1) >= len(first):
                    continue
                line.text = " ".join(parts)
                for ln in following[:count]:
                    ln.text = ""
                quoted = " and ".join(f"'{p}'" for p in [first[found.start(1) :], *parts[1:]])
                line.notes.append(
                    f"Lines {line.number}-{following[count - 1].number}: the title's {quoted} "
                    f"stand on {('two', 'three')[count - 1]} lines; read as one."
                )
                break
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
