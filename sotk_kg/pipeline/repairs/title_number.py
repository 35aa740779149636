"""The title block's number: "NOMOR l3" / "TAHUN 2023" on two lines, and OCR letters in it.

`SplitTitleNumber` reads: a line that ends in "NOMOR <n>" (or "NOMOR : <n>"; alone, or after the
heading "PERATURAN WALI KOTA X"), with a line "TAHUN <yyyy>" and nothing else after it (blank
lines between allowed), as scans of a title block centred on narrow lines read. Writes: the two
joined on the first line ("NOMOR <n> TAHUN <yyyy>"), the TAHUN line blank, noted.

`TitleNumberDigits` reads: "NOMOR <n>" and "TAHUN <yyyy>" in capitals (the title block, the cover,
the gazette line, a Lampiran's identification) where OCR read letters for digits ("l3", "2O23": O
or o for 0, l, I or | for 1). Writes: the digits, noted. A number of letters only is left alone
(a single l, I or | aside): "NOMOR IV" is no misread digit.
"""

from __future__ import annotations

import re

from sotk_kg.pipeline.repairs.base import SourceLine, layout_stripped

_NOMOR_LAST = re.compile(r"(?:^|\s)(NOMOR\s*:?\s*[0-9OolI|][\w./-]*)$")
_TAHUN_ONLY = re.compile(r"^TAHUN\s*:?\s*[0-9OolI|]{4}$")
# Letters OCR reads for digits in numbers: O/o for 0, l/I/| for 1.
_DIGITS_OCR = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
_NUMBER = re.compile(r"\b(NOMOR|TAHUN)(\s*:?\s*)([0-9OolI|]+)(?![\w/.-])")


class SplitTitleNumber:
    name = "split-title-number"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        for i, line in enumerate(lines):
            first = layout_stripped(line.text)
            if (found := _NOMOR_LAST.search(first)) is None:
                continue
            nomor = found.group(1)
            after = next((ln for ln in lines[i + 1 : i + 4] if layout_stripped(ln.text)), None)
            if after is None or not _TAHUN_ONLY.match(tahun := layout_stripped(after.text)):
                continue
            line.text = f"{first} {tahun}"
            after.text = ""
            line.notes.append(
                f"Lines {line.number}-{after.number}: the title's '{nomor}' and '{tahun}' stand "
                "on two lines; read as one."
            )
        return lines


def _misread(token: str) -> bool:
    """Digits with letters OCR confuses for them; a lone l, I or | is a 1."""
    if token.isdigit():
        return False
    return any(ch.isdigit() for ch in token) or token in ("l", "I", "|")


class TitleNumberDigits:
    name = "title-number-digits"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        for line in lines:
            misread = [m for m in _NUMBER.finditer(line.text) if _misread(m.group(3))]
            for m in reversed(misread):
                read = m.group(3).translate(_DIGITS_OCR)
                line.text = f"{line.text[: m.start(3)]}{read}{line.text[m.end(3) :]}"
            for m in misread:
                read = m.group(3).translate(_DIGITS_OCR)
                line.notes.append(
                    f"Source reads '{m.group(1)}{m.group(2)}{m.group(3)}' (OCR misread); "
                    f"read as {m.group(1)} {read}."
                )
        return lines
