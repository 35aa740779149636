"""Line level of the parser: clean each source line and say what kind of line it is.

A regulation text (plain text, Markdown-ish export or OCR) is first repaired by the stages of
`repairs/` (page numbers glued to headings, a title's number split over two lines, OCR letters in
it, words broken over lines), then read one line at a time. Each line is cleaned of layout noise
(Markdown bold, "- " bullets, indentation) and classified: a heading (BAB, Bagian, Paragraf,
Pasal), a list marker (ayat "(1)", huruf "a.", angka "1."), a preamble/closing keyword, plain
text, a page number, garbage or blank. Every repair is recorded as an English editorial note on
the line; `structure.py` moves the notes onto the provision the line ends up in. Nothing here
knows about the tree.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from sotk_kg.citation import int_to_roman
from sotk_kg.pipeline.kinds import pd_kinds, roles, unit_kinds
from sotk_kg.pipeline.repairs import SourceLine, repair
from sotk_kg.pipeline.repairs.base import PAGE_NUMBER_LINE, PROVISION_TEXT_START, ocr_key

# Line kinds produced by `classify`.
HEADING_KINDS = ("bab", "bagian", "paragraf", "pasal")
MARKER_KINDS = ("ayat", "huruf", "angka")

# Ordinals used in "Bagian Kesatu" and (sometimes) "Paragraf Kesatu".
ORDINALS: dict[str, int] = {
    "kesatu": 1,
    "pertama": 1,
    "kedua": 2,
    "ketiga": 3,
    "keempat": 4,
    "kelima": 5,
    "keenam": 6,
    "ketujuh": 7,
    "kedelapan": 8,
    "kesembilan": 9,
    "kesepuluh": 10,
    "kesebelas": 11,
    "keduabelas": 12,
    "ketigabelas": 13,
    "keempatbelas": 14,
    "kelimabelas": 15,
}

# Misspellings of the genre's key phrases that occur in published texts, with their reading.
# The verbatim text keeps the misspelling; the reading (Provision.text_corrected) uses the fix.
KNOWN_MISSPELLINGS: dict[str, str] = {
    "kerkedudukan": "berkedudukan",
    "berkedudkan": "berkedudukan",
    "berkedukan": "berkedudukan",
    "bertangungjawab": "bertanggungjawab",
    "bertanggunjawab": "bertanggungjawab",
    "bertanggungjwab": "bertanggungjawab",
    "dipimipin": "dipimpin",
    "mempunyal": "mempunyai",
    "sekertaris": "sekretaris",
    "sekertariat": "sekretariat",
    # Slips of the genre: a prefix written apart, a word order broken by a stray "dan".
    "di pimpin": "dipimpin",
    "tugas dan pokoknya": "tugas pokoknya",
}
_MISSPELLING = re.compile(
    r"\b(" + "|".join(k.replace(" ", r"\s+") for k in KNOWN_MISSPELLINGS) + r")\b", re.IGNORECASE
)
# A separator written twice (";;", ", ;"): kept as written, noted.
_DOUBLED_SEPARATOR = re.compile(r"[;,]\s*[;,]")

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

_BULLET = re.compile(r"^(?:[-•●▪]\s*)+(?=\S)")

# Headings are read as typed: OCR letters in their numbers were read by the repair stage
# `heading-numbers`. A BAB "numeral" that is none even so ("BAB IlX") is still taken for one, to be
# reported and numbered from the sequence. An inserted BAB carries a capital after its numeral
# ("BAB VA", amending acts).
_BAB = re.compile(r"^(BAB|Bab)(\s*)(?:([IVXLCl1|]{1,7}[AB]?)(?=\s|$))?\s*(.*)$")
_BAGIAN = re.compile(r"^(Bagian)\s+(" + "|".join(ORDINALS) + r")\b\s*(.*)$", re.IGNORECASE)
_PARAGRAF = re.compile(
    r"^(Paragraf)\s+(\d{1,3}|[IVX]{1,6}|[0-9l|]{1,3}|" + "|".join(ORDINALS) + r")\b\s*(.*)$",
    re.IGNORECASE,
)
# "Pasal 7", or "Pasal 7 12" (a second number: a page number, or the real one). An inserted Pasal
# carries a capital after its digits ("Pasal 12A", amending acts and the texts consolidating them);
# an amending act numbers its own Pasal in Roman ("Pasal II": `heading-numbers` reads OCR's
# "Pasal Il" so only in an amending act, as "Pasal 11" elsewhere).
_PASAL = re.compile(r"^(Pasal|PASAL) (\d{1,3}|[IVX]{1,6})((?<=\d)[A-Z])?(?:\s+(\d{1,3}))?$")
# "Pasal 1 Dalam Peraturan ..." / "Pasal 2 (1) Dinas ..." / "Pasal 12A Sub Koordinator ...": a
# heading with the first line of its text. Only a candidate: the text must start like a provision
# (a capital or an ayat marker), never like the rest of a cross-reference ("Pasal 5 ayat (2)",
# "Pasal 5 dan Pasal 6", "Pasal 5,"); the repair stage `heading-with-text` also requires the
# next number in sequence and a sentence ended before it (unless an ayat marker follows the number).
_PASAL_WITH_TEXT = re.compile(
    rf"^((?:Pasal|PASAL) (\d{{1,3}}[A-Z]?))\s+{PROVISION_TEXT_START}(\S.*)$"
)
# An inserted ayat carries a letter after its digits ("(1a)", amending acts and consolidations).
_AYAT = re.compile(r"^\(\s*([0-9lI]{1,3})((?<=\d)[a-z])?\s*\)\s*(.*)$")
# The space after the marker may be lost ("b.melaksanakan"), but "s.d." and "1.000" are not markers.
_HURUF = re.compile(r"^([a-z])[.)](?:\s+|(?=[A-Za-z]{2})|$)(\S.*)?$")
_ANGKA = re.compile(r"^(\d{1,3})[.)](?:\s+|(?=[A-Za-z])|$)(\S.*)?$")

_KEYWORDS: list[tuple[str, re.Pattern[str]]] = [
    ("menimbang", re.compile(r"^Menimbang\b\s*:?\s*(.*)$", re.IGNORECASE)),
    ("mengingat", re.compile(r"^Mengingat\b\s*:?\s*(.*)$", re.IGNORECASE)),
    ("memperhatikan", re.compile(r"^Memperhatikan\b\s*:?\s*(.*)$", re.IGNORECASE)),
    ("memutuskan", re.compile(r"^M\s?E\s?M\s?U\s?T\s?U\s?S\s?K\s?A\s?N\s*:?\s*$", re.IGNORECASE)),
    # The order "Menetapkan : PERATURAN ..." (or the title straight after the word, or on the next
    # line): never a line that merely begins with the verb, such as the continuation "menetapkan
    # Peraturan Bupati tentang ..." of a Menimbang item split by a page break.
    ("menetapkan", re.compile(r"^(?:Menetapkan|MENETAPKAN)(?:\s*:\s*|\s+(?=[A-Z]{2})|\s*$)(.*)$")),
    ("order", re.compile(r"^(Agar setiap orang\b.*)$", re.IGNORECASE)),
    ("ditetapkan", re.compile(r"^Ditetapkan\s+di\b\s*:?\s*(.*)$", re.IGNORECASE)),
    ("diundangkan", re.compile(r"^Diundangkan\s+di\b\s*:?\s*(.*)$", re.IGNORECASE)),
    ("tanggal", re.compile(r"^(?:pada\s+)?tanggal\b\s*:?\s*(.*)$", re.IGNORECASE)),
    ("ttd", re.compile(r"^\(?\s*ttd\s*\.?\s*\)?$", re.IGNORECASE)),
    (
        "gazette",  # "BERITA DAERAH KABUPATEN X TAHUN 2021 NOMOR 99", possibly wrapped
        re.compile(r"^((?:BERITA|LEMBARAN)\s+DAERAH\b.*)$"),
    ),
    ("lampiran", re.compile(r"^LAMPIRAN\b\s*(?:[IVX]+\b)?\s*:?\s*(.*)$")),
    ("rahmat", re.compile(r"^DENGAN\s+RAHMAT\s+TUHAN\s+YANG\s+MAHA\s+ESA\b", re.IGNORECASE)),
    ("tentang", re.compile(r"^TENTANG\b\s*:?\s*(.*)$")),
]


@dataclass
class Line:
    """One source line, cleaned and classified."""

    number: int  # 1-based line number in the source
    raw: str  # the line as in the source
    text: str = ""  # cleaned text (no bullet, no Markdown bold, no glued page number)
    kind: str = (
        "blank"  # blank|page|garbage|text|bab|bagian|paragraf|pasal|ayat|huruf|angka|<keyword>
    )
    marker: str = ""  # marker as written: "IV", "(1)", "a.", "1.", "Kesatu", "6"
    value: str = ""  # normalised number: "4", "1", "a", "12" ("" when a BAB has no numeral)
    rest: str = ""  # the text after the marker/keyword
    alt_value: str = (
        ""  # Pasal only: a second number on the heading line (page number or the real one)
    )
    bulleted: bool = False  # the line began with a "- " bullet
    notes: list[str] = field(default_factory=list)
    corrected: str | None = None  # `rest` with known misspellings fixed, when any were found
    # A text line that may be a Pasal heading with the first line of its text on the same line:
    # (the heading, the text), each classified on its own; the repair stage `heading-with-text`
    # (repairs/heading_with_text.py) decides which reading holds.
    pasal_split: tuple[Line, Line] | None = None


def roman_to_int(numeral: str) -> int | None:
    """Value of a well-formed Roman numeral (I..CCCXCIX), None when it is not one."""
    if not numeral or any(ch not in _ROMAN for ch in numeral):
        return None
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN[ch]
        if i + 1 < len(numeral) and _ROMAN[numeral[i + 1]] > value:
            total -= value
        else:
            total += value
    return total if int_to_roman(total) == numeral else None


def _is_garbage(text: str) -> bool:
    """OCR debris: too few letters/digits to be a word of the text."""
    compact = text.replace(" ", "")
    alnum = sum(ch.isalnum() for ch in compact)
    return alnum < 2 or alnum / len(compact) < 0.5


# Words the reading of the organisation turns on besides the kinds' own (roles, units, bodies):
# the verbs and nouns of "X dipimpin oleh", "bertanggung jawab kepada", "yang melaksanakan fungsi".
STRUCTURAL_WORDS = (
    "dipimpin", "oleh", "bertanggung", "jawab", "kepada", "melalui", "melaksanakan", "fungsi",
    "mempunyai", "tugas", "pokok", "uraian", "membawahi", "membawahkan", "terdiri", "dari", "atas",
    "berkedudukan", "dibawah", "bawah", "secara", "langsung", "koordinatif", "substansi",
    "bertanggungjawab",
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z0-9|!]{4,}")


# The first words of the preamble's and the closing's blocks, as `_KEYWORDS` reads them.
BLOCK_WORDS = (
    "Menimbang", "Mengingat", "Memperhatikan", "Menetapkan", "MEMUTUSKAN", "Ditetapkan",
    "Diundangkan", "LAMPIRAN", "TENTANG", "BERITA", "LEMBARAN",
)  # fmt: skip
_BLOCK_WORD_KEYS = {ocr_key(w): w for w in BLOCK_WORDS}
_FIRST_WORD = re.compile(r"[A-Za-z0-9|!]+")


def _keyword_as_read(line: Line, text: str) -> str:
    """`text` with its first word read as the block word a scan misread ("Menimbanq",
    "Menqingat" -> "Menimbang", "Mengingat"), noted; else `text` as it is."""
    first = _FIRST_WORD.match(text)
    right = _BLOCK_WORD_KEYS.get(ocr_key(first.group(0))) if first else None
    if first is None or right is None or first.group(0).lower() == right.lower():
        return text
    word = first.group(0)
    right = right.upper() if word.isupper() else right.capitalize()
    line.notes.append(f"Source reads '{word}' (OCR misread); read as '{right}'.")
    return right + text[first.end() :]


@functools.cache
def _ocr_vocabulary() -> dict[str, str]:
    """ocr_key -> the word, for the words of the genre's names (the kinds of post, unit and body
    in the ontology's schemes) and STRUCTURAL_WORDS."""
    names = [t for r in roles().values() for t in r.titles]
    names += [f for k in (*unit_kinds(), *pd_kinds()) for f in (k.prefix, *k.synonyms)]
    words = {w.lower() for n in names for w in re.findall(r"[A-Za-z]{4,}", n)}
    return {ocr_key(w): w for w in sorted(words | set(STRUCTURAL_WORDS))}


def _ocr_word(word: str) -> str | None:
    """The genre's word `word` is as a scan misread it ("Koordlnator", "Bidanq", "Kepa1a"), in
    its case; None for a word read right or no word of the genre."""
    right = _ocr_vocabulary().get(ocr_key(word))
    if right is None or right == word.lower():
        return None
    return right.upper() if word.isupper() else right.capitalize() if word[0].isupper() else right


def _correct(line: Line) -> None:
    def fix(match: re.Match[str]) -> str:
        word = match.group(1)
        right = KNOWN_MISSPELLINGS[" ".join(word.lower().split())]
        line.notes.append(f"Source reads '{word}', a known misspelling or slip; read as '{right}'.")
        return right.capitalize() if word[0].isupper() else right

    def misread(match: re.Match[str]) -> str:
        word = match.group(0)
        if (right := _ocr_word(word)) is None:
            return word
        line.notes.append(f"Source reads '{word}' (OCR misread); read as '{right}'.")
        return right

    corrected = _WORD.sub(misread, _MISSPELLING.sub(fix, line.rest))
    if corrected != line.rest:
        line.corrected = corrected


def classify(line: Line, text: str) -> None:
    """Set kind/marker/value/rest of `line` from its cleaned `text` (also used on the remainder of a
    keyword line such as "Menimbang : a. bahwa ...")."""
    line.text = text
    if not text:
        line.kind = "blank"
        return
    if PAGE_NUMBER_LINE.match(text):
        line.kind = "page"
        return
    m = _BAB.match(text)
    # not "BABAK..."; "Bab" in title case only with its numeral ("Bab I", not "Bab ini")
    if m and (m.group(3) is not None or (m.group(1) == "BAB" and (m.group(2) or not m.group(4)))):
        _classify_bab(line, m)
        return
    if m := _PASAL.match(text):
        _classify_pasal(line, m)
        return
    for kind, pattern in (("bagian", _BAGIAN), ("paragraf", _PARAGRAF)):
        if m := pattern.match(text):
            line.kind, line.marker, line.rest = kind, m.group(2), m.group(3).strip()
            written = m.group(2)
            if written.isdigit():
                line.value = str(int(written))
            elif written.lower() in ORDINALS:
                line.value = str(ORDINALS[written.lower()])
            else:
                line.value = str(roman_to_int(written.upper()) or "")
            return
    if m := _AYAT.match(text):
        written, suffix = m.group(1), m.group(2) or ""
        digits = written.translate(str.maketrans("lI", "11"))
        line.kind, line.marker, line.value, line.rest = (
            "ayat",
            f"({written}{suffix})",
            str(int(digits)) + suffix,
            m.group(3),
        )
        if digits != written:
            line.notes.append(f"Source marker reads '({written})'; read as ayat ({digits}).")
        _correct(line)
        return
    for kind, pattern in (("huruf", _HURUF), ("angka", _ANGKA)):
        if m := pattern.match(text):
            marker = text[: len(m.group(1)) + 1]  # "a." or "a)"
            line.kind, line.marker, line.rest = kind, marker, (m.group(2) or "").strip()
            line.value = m.group(1) if kind == "huruf" else str(int(m.group(1)))
            _correct(line)
            return
    text = _keyword_as_read(line, text)
    for kind, pattern in _KEYWORDS:
        if m := pattern.match(text):
            line.kind = kind
            line.rest = m.group(1).strip() if pattern.groups else ""
            return
    if _is_garbage(text):
        line.kind = "garbage"
        return
    line.kind, line.rest = "text", text
    _correct(line)


def _classify_bab(line: Line, m: re.Match[str]) -> None:
    numeral, rest = m.group(3), m.group(4).strip()
    line.kind, line.rest = "bab", rest
    if numeral is None:
        return  # no numeral: structure.py infers it from the sequence
    suffix = numeral[-1] if numeral[-1] in "AB" else ""
    numeral = numeral.removesuffix(suffix) if suffix else numeral
    value = roman_to_int(numeral)
    if value is None:
        line.notes.append(f"Source heading reads 'BAB {numeral}{suffix}', not a Roman numeral.")
        line.marker = numeral + suffix
        return
    line.marker, line.value = numeral + suffix, f"{value}{suffix.lower()}"


def _classify_pasal(line: Line, m: re.Match[str]) -> None:
    number, suffix, second = m.group(2), m.group(3) or "", m.group(4)
    # a Roman number is an amending act's own Pasal (`structure._roman_pasal` reads its marker)
    value = str(int(number)) if number.isdigit() else str(roman_to_int(number) or "")
    line.kind, line.marker, line.value = "pasal", number + suffix, value + suffix
    line.alt_value = str(int(second)) if second else ""


def clean(raw: str) -> tuple[str, bool]:
    """Strip layout noise from one line (the repair stages have run): returns (text, had_bullet)."""
    text = raw.replace("**", "").replace("\u00a0", " ").strip()
    bulleted = False
    if not PAGE_NUMBER_LINE.match(text) and (bullet := _BULLET.match(text)):
        bulleted = True
        text = text[bullet.end() :]
    return re.sub(r"\s+", " ", text).strip(), bulleted


def _note_doubled_separator(line: Line) -> None:
    if doubled := _DOUBLED_SEPARATOR.search(line.rest or ""):
        line.notes.append(
            f"Source has the separator '{doubled.group()}' written twice; kept as written."
        )


def _split_pasal(line: Line, layout_notes: list[str]) -> tuple[Line, Line] | None:
    """A text line read as "Pasal <n>" + the first line of its text, when it can be one: the
    heading keeps the layout notes (a glued page number belongs to it), the text its own."""
    m = _PASAL_WITH_TEXT.match(line.text)
    if m is None:
        return None
    head = Line(number=line.number, raw=line.raw, bulleted=line.bulleted, notes=layout_notes)
    classify(head, m.group(1))
    if head.kind != "pasal":
        return None
    first = Line(number=line.number, raw=line.raw)
    classify(first, m.group(3))
    _note_doubled_separator(first)
    return head, first


def segment(text: str) -> list[Line]:
    """Every line of `text`, repaired (`repairs.STAGES`), cleaned, classified, numbered from 1."""
    return classify_lines(repair(text))


def classify_lines(source: list[SourceLine]) -> list[Line]:
    """Lines the repair stages left, cleaned and classified; each keeps its source line number,
    its raw text and the stages' notes (first, in the order the stages made them)."""
    lines = []
    for src in source:
        cleaned, bulleted = clean(src.text)
        notes = list(src.notes)
        line = Line(number=src.number, raw=src.raw, bulleted=bulleted, notes=list(notes))
        classify(line, cleaned)
        _note_doubled_separator(line)
        if line.kind == "text":
            line.pasal_split = _split_pasal(line, notes)
        lines.append(line)
    return lines
