"""OCR letters in the numbers of body headings: "Pasa1 5", "Pasal l2", "PasaI 7", "Pasal6",
"BAB IIl", "BABIV", "Paragraf l1".

Reads: a line that is a Pasal heading (alone, with a second number after it as a page number
may stand there, or followed by the first words of its text: "Pasa1 5 Dalam Peraturan ..."), a
BAB heading (its Roman numeral, a title may follow) or a Paragraf heading whose keyword or number
has letters OCR reads for digits or Roman "I" (l, I, 1, |; O or o for 0), or that lost the space
after its keyword. Writes: the heading as typed ("Pasal 5", "BAB III", "BAB IV", "Paragraf 11"),
the rest of the line unchanged, noted ("Source heading reads 'Pasa1 5' (OCR misread); read as
Pasal 5."). A numeral that is no Roman numeral once read ("BAB IlX") is left for the classifier
to report; a Pasal number of capital letters only ("Pasal I Dalam ...") is too weak a sign of a
heading when text follows it, and is left (a lower-case l, never a Roman numeral, is read: "Pasal
ll Dalam ..." is Pasal 11).

An inserted number keeps its capital: "Pasa1 12A" is read as "Pasal 12A", "BAB lVA" as "BAB IVA".
In an amending act (its title, before "Menimbang", reads "PERUBAHAN [KEDUA] ATAS ..."), a Pasal
number of Roman letters alone ("Pasal I", "PasaI I", "Pasal Il") is the act's own Roman Pasal
I, II, ... (`structure._amending_body`): read as Roman ("Pasal II"), never as "Pasal 1" or
"Pasal 11" as in any other text.

The classifier (`segment.classify`) then reads headings strictly: "Pasal <digits>[A-Z]" (or
"Pasal <Roman>"), "BAB <Roman>[AB]", "Paragraf <digits|Roman|ordinal>".
"""

from __future__ import annotations

import re
from functools import partial

from sotk_kg.instruments import is_amending_title
from sotk_kg.pipeline.repairs.base import (
    DIGITS_OCR,
    PROVISION_TEXT_START,
    SourceLine,
    layout_stripped,
)

_BULLET = re.compile(r"^(?:[-•●▪]\s*)+(?=\S)")
_KEYWORD = r"(Pas[a4][lI1|]|PAS[A4][LI1|])"
_NUMBER = r"([0-9OolI|]{1,3})"
# "Pasal 5", "Pasal 15 9" (a page number after it), "Pasal 12A" (inserted): the heading alone
_PASAL = re.compile(rf"^{_KEYWORD}(\s*){_NUMBER}((?:(?<=\d)[A-Z])?(?:\s+\d{{1,3}})?)$")
# "Pasal 5 Dalam ...", "Pasal 2 (1) ...": a heading candidate with the first words of its text
# (segment._PASAL_WITH_TEXT says which)
_PASAL_WITH_TEXT = re.compile(rf"^{_KEYWORD}(\s*){_NUMBER}(\s+{PROVISION_TEXT_START}\S.*)$")
_BAB = re.compile(r"^(BAB|Bab)(\s*)([IVXLCl1|]{1,7})(?=[AB]?(?:\s|$))(.*)$")
_PARAGRAF = re.compile(r"^(Paragraf)(\s+)([0-9Ool|]{1,3})\b(.*)$", re.IGNORECASE)
# Letters OCR confuses with Roman "I": lower-case l, digit 1, pipe.
_ROMAN_OCR = str.maketrans({"l": "I", "1": "I", "|": "I"})
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def _pasal(text: str, amending: bool) -> tuple[str, str] | None:
    """(heading as typed, note) for an OCR-damaged Pasal heading at the start of `text`; in an
    `amending` act a number of Roman letters alone is read as Roman."""
    m = _PASAL.match(text) or _PASAL_WITH_TEXT.match(text)
    if m is None:
        return None
    keyword, space, number, rest = m.groups()
    if m.re is _PASAL_WITH_TEXT and not any(ch.isdigit() or ch == "l" for ch in number):
        return None  # "Pasal I Dalam ...": a capital I alone is too weak a sign of a heading
    roman = amending and m.re is _PASAL and re.fullmatch(r"[Il|]+", number) and not rest
    typed = keyword in ("Pasal", "PASAL") and (number.isdigit() or (roman and number.isupper()))
    if typed and space:
        return None
    value = number.translate(_ROMAN_OCR) if roman else str(int(number.translate(DIGITS_OCR)))
    written = f"{keyword}{space}{number}"
    why = "no space" if typed else "OCR misread"
    word = "PASAL" if keyword.isupper() else "Pasal"
    return (
        f"{word} {value}{rest}",
        f"Source heading reads '{written}' ({why}); read as Pasal {value}.",
    )


def _bab(text: str) -> tuple[str, str] | None:
    m = _BAB.match(text)
    if m is None:
        return None
    keyword, space, numeral, rest = m.groups()
    read = numeral.translate(_ROMAN_OCR)
    if (read == numeral and space) or not _ROMAN.match(read):
        return None  # as typed, or no Roman numeral even once read: the classifier says so
    if not space:
        note = f"Source heading reads '{keyword}{numeral}' (no space); read as BAB {read}."
    else:
        note = f"Source heading reads 'BAB {numeral}' (OCR misread); read as BAB {read}."
    return f"{keyword} {read}{rest}", note


def _paragraf(text: str) -> tuple[str, str] | None:
    m = _PARAGRAF.match(text)
    # case-sensitive: "Paragraf L" or "Paragraf I" are no misread digits
    if m is None or m.group(3).isdigit() or not re.fullmatch(r"[0-9Ool|]+", m.group(3)):
        return None
    keyword, space, number, rest = m.groups()
    value = str(int(number.translate(DIGITS_OCR)))
    note = f"Source heading reads '{keyword} {number}' (OCR misread); read as Paragraf {value}."
    return f"{keyword}{space}{value}{rest}", note


def _amending(lines: list[SourceLine]) -> bool:
    """Is the text an amending act: a title line before "Menimbang" reads "PERUBAHAN ... ATAS"
    (the title block may open it with "TENTANG")?"""
    for line in lines:
        text = re.sub(r"\s+", " ", layout_stripped(line.text))
        if re.match(r"menimbang\b", text, re.IGNORECASE):
            return False
        if is_amending_title(re.sub(r"^TENTANG\s+", "", text, flags=re.IGNORECASE)):
            return True
    return False


class HeadingNumbers:
    name = "heading-numbers"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        amending = _amending(lines)
        for line in lines:
            text = re.sub(r"\s+", " ", layout_stripped(line.text))
            bullet = _BULLET.match(text)
            prefix = bullet.group() if bullet else ""
            body = text[len(prefix) :]
            for read in (partial(_pasal, amending=amending), _bab, _paragraf):
                if (repaired := read(body)) is not None:
                    line.text = prefix + repaired[0]
                    line.notes.append(repaired[1])
                    break
        return lines
