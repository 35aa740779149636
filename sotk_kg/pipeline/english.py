"""English names for the kinds of legal instrument the genre cites, for `rdfs:label`s in English,
from the jenis-peraturan scheme's English labels (`sotk_kg.instruments`). Names of ministries,
regions and organisations stay as written (they are proper names) unless the ministry is one the
scheme names in English."""

from __future__ import annotations

import re

from sotk_kg.instruments import (
    MENTERI,
    alternation,
    instrument_english,
    kind,
    ministerial_instruments,
    ministries,
    regional_kinds,
)
from sotk_kg.lexicon import LexiconError

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
        return f"{name} of {m['r']}"
    return name


def citation_en(label: str, jenis: str, nomor: str, tahun: str | None) -> str:
    """ "Regulation of the Minister of Home Affairs Number 80 of 2015"."""
    year = f" of {tahun}" if tahun else ""
    return f"{instrument_en(label, jenis)} Number {nomor}{year}"
