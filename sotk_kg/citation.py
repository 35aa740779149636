"""How a provision is named: "Pasal 7 ayat (1) huruf a angka 2", in English "Article 7 paragraph
(1) point a item 2". The one rule, for the graph's `rdfs:label`s (`pipeline.provisions`), the
parser's notes (`pipeline.structure`) and the validation reports, which name a provision that is
not in the validated data from its IRI (`checks.findings`). The word for each kind is the
`sotk:citationLabel` of its concept in the jenis-subdivisi scheme, in the label's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sotk_kg.lexicon import LexiconError, scheme

# Kinds that occur once in a regulation: their IRI segment carries no number ("…/menimbang"), nor
# does their label.
UNNUMBERED = ("sampul", "judul", "menimbang", "mengingat", "memperhatikan", "penutup", "lampiran")
# Kinds numbered in words (Bagian Kesatu): the Indonesian label keeps the number as the text
# writes it, the English one the number.
_AS_WRITTEN = ("bagian",)
# Kinds numbered in Roman figures in the genre (BAB IV): the Indonesian label writes the number
# so whether the text wrote "IV", "4", a misread "lV" or no numeral at all (the number then comes
# from the sequence); the form written stays in sotk:numberAsWritten.
_ROMAN_KINDS = ("bab",)


@dataclass(frozen=True)
class Step:
    """One provision on the way down from the regulation: its kind (jenis-subdivisi notation) and
    number ("" for the unnumbered kinds), and the number as written when it says more ("IV")."""

    kind: str
    number: str = ""
    written: str = ""


@cache
def _words(lang: str) -> dict[str, str]:
    return {
        term.notation: term.text("sotk:citationLabel", lang) for term in scheme("jenis-subdivisi")
    }


def own_label(step: Step, lang: str) -> str:
    """ "ayat (1)", "BAB IV", "Article 7", "Menimbang": one provision, without the ones it is in."""
    words = _words("en" if lang == "en" else "id")
    if step.kind not in words:
        raise LexiconError(f"no kind of provision {step.kind!r} in scheme 'jenis-subdivisi'")
    word = words[step.kind]
    if not step.number:
        return word
    number = step.number
    if lang != "en" and step.kind in _AS_WRITTEN and step.written:
        number = step.written
    elif lang != "en" and step.kind in _ROMAN_KINDS and number.isdigit():
        number = int_to_roman(int(number))
    return f"{word} ({number})" if step.kind == "ayat" else f"{word} {number}"


def int_to_roman(value: int) -> str:
    out = []
    for number, letters in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def provision_label(steps: Sequence[Step], lang: str) -> str:
    """The label of the last of `steps`: a Pasal is named on its own (its number is unique in the
    regulation), everything else after the provisions it is in ("BAB II Bagian Kesatu",
    "Pasal 7 ayat (1) huruf a")."""
    start = max((i for i, step in enumerate(steps) if step.kind == "pasal"), default=0)
    return " ".join(own_label(step, lang) for step in steps[start:])


def steps_of_path(path: str) -> list[Step]:
    """The steps of a provision path as its IRI writes it: "pasal/7/ayat/1" (docs/model.md)."""
    segments = [s for s in path.split("/") if s]
    steps: list[Step] = []
    i = 0
    while i < len(segments):
        kind = segments[i]
        if kind in UNNUMBERED or i + 1 == len(segments):
            steps.append(Step(kind))
            i += 1
        else:
            steps.append(Step(kind, segments[i + 1]))
            i += 2
    return steps
