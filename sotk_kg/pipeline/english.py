"""English names for `rdfs:label`s in English: the kinds of legal instrument the genre cites, from
the jenis-peraturan scheme's English labels (`sotk_kg.instruments`), and the names of units and
posts, translated with the glossary of the genre's words (`ontology/schemes/glosarium.ttl`). Names
of ministries, regions and organisations stay as written (they are proper names) unless the
ministry is one the scheme names in English; a unit's name with a word the glossary lacks keeps its
Indonesian name (its kind in English beside it) rather than a guessed translation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sotk_kg.instruments import (
    MENTERI,
    alternation,
    instrument_english,
    kind,
    ministerial_instruments,
    ministries,
    regional_kinds,
)
from sotk_kg.lexicon import LexiconError, scheme

_MINISTERIAL = re.compile(
    rf"^(?P<kind>{'|'.join(map(re.escape, ministerial_instruments()))})\s+{MENTERI}\s+"
    r"(?P<ministry>.+)$"
)
_REGIONAL = re.compile(
    rf"^{alternation(n for k in regional_kinds() for n in k.names)}\s*(?P<r>.*)$"
)


def english_name(jenis: str, default: str) -> str:
    """The scheme's English name of the kind `jenis`, else `default`."""
    try:
        return kind(jenis).english
    except LexiconError:
        return default


def instrument_en(label: str, jenis: str) -> str:
    """ "Peraturan Menteri Dalam Negeri" -> "Regulation of the Minister of Home Affairs";
    "Peraturan Daerah Kabupaten Bekasi" -> "Regional Regulation of Kabupaten Bekasi"."""
    label = " ".join(label.split())
    m = _MINISTERIAL.match(label)
    if m:
        ministry = ministries().get(m["ministry"], m["ministry"])
        return f"{instrument_english(m['kind'])} of {ministry}"
    m = _REGIONAL.match(label)
    name = english_name(jenis, label)
    if m and m["r"]:
        return f"{name} of {_region(jenis, m['r'])}"
    return name


def _region(jenis: str, written: str) -> str:
    """A regional head's instrument names the region bare ("Peraturan Bupati Bekasi"): its kind
    is the head's ("Kabupaten Bekasi"), as the regulation's own label names it."""
    try:
        head_region = kind(jenis).head_region
    except LexiconError:
        return written
    if head_region is None or written.lower().startswith(head_region.name.lower() + " "):
        return written
    return f"{head_region.name} {written}"


def citation_en(label: str, jenis: str, nomor: str, tahun: str | None) -> str:
    """ "Regulation of the Minister of Home Affairs No. 80 of 2015"; a regional head's "Regent
    Regulation of Kabupaten Bekasi No. 91 of 2020", in the words the regulation's own graph
    labels it with (`metadata.py`), so that citing it adds no second English name."""
    year = f" of {tahun}" if tahun else ""
    return f"{instrument_en(label, jenis)} No. {nomor}{year}"


# ---------------------------------------------------------------------------------------------
# Names of units and posts, from the glossary of the genre's words (ontology/schemes/glosarium.ttl)
@dataclass(frozen=True)
class _Word:
    head: str  # as the head of a phrase: "Cooperatives"
    modifier: str  # before another word: "Cooperative"


# Words that join the parts of a name ("Perencanaan dan Keuangan"), unless an entry holds them
# ("usaha kecil dan menengah").
_JOINERS = frozenset([",", "dan", "serta"])


@cache
def _glossary() -> dict[tuple[str, ...], _Word]:
    words = {}
    for term in scheme("glosarium"):
        head = term.label("en")
        modifier = term.texts_in("sotk:englishModifier", "en")
        words[tuple(term.label("id").lower().split())] = _Word(head, (*modifier, head)[0])
    return words


def _phrase(words: list[_Word]) -> str:
    """An Indonesian noun phrase names its head first: "Pemberdayaan Usaha Mikro" is
    "Micro Enterprise Empowerment"."""
    return " ".join([w.modifier for w in reversed(words[1:])] + [words[0].head])


def translate_name(name: str) -> str | None:
    """The English of a unit's or post's name after its kind ("Pemberdayaan Koperasi" ->
    "Cooperative Empowerment"; "Pengembangan, Penguatan dan Perlindungan Usaha Mikro" -> "Micro
    Enterprise Development, Strengthening and Protection": a last word after single-word parts
    is shared by all of them), or None when a word is not in the glossary: no guessed English."""
    tokens = re.findall(r"[^\s,]+|,", name)
    glossary = _glossary()
    longest = max(len(k) for k in glossary)
    parts: list[list[_Word]] = [[]]
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(t.lower() for t in tokens[i : i + n])
            if key in glossary:
                parts[-1].append(glossary[key])
                i += n
                break
        else:
            if tokens[i].lower() not in _JOINERS or not parts[-1]:
                return None
            parts.append([])
            i += 1
    if not parts[-1]:
        return None
    shared = ""
    if len(parts) > 1 and len(parts[-1]) > 1 and all(len(p) == 1 for p in parts[:-1]):
        shared = parts[-1].pop().modifier + " "
    names = [_phrase(p) for p in parts]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return shared + joined


def kind_name_en(name: str, prefixes: tuple[str, ...], kind_en: str) -> str | None:
    """ "Bidang Pemberdayaan Koperasi" of the kind "Bidang" (or a synonym) -> "Cooperative
    Empowerment Division"; the name of the kind alone -> "Secretariat"; None when a word of the
    rest is not in the glossary or the name does not start with its kind."""
    for prefix in sorted(prefixes, key=len, reverse=True):
        if name.lower() == prefix.lower():
            return kind_en
        if name.lower().startswith(prefix.lower() + " "):
            rest = translate_name(name[len(prefix) + 1 :])
            return None if rest is None else f"{rest} {kind_en}"
    return None
