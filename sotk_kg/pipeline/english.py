"""English names for the kinds of legal instrument the genre cites, for `rdfs:label`s in English.
Names of ministries, regions and organisations stay as written (they are proper names) unless the
ministry is one the genre cites and has an established English name."""

from __future__ import annotations

import re

# jenis slug -> English kind (national kinds; regional kinds take "of <region>").
JENIS_EN = {
    "uu": "Law",
    "perppu": "Government Regulation in Lieu of Law",
    "pp": "Government Regulation",
    "perpres": "Presidential Regulation",
    "perda": "Regional Regulation",
    "perbup": "Regent Regulation",
    "perwal": "Mayor Regulation",
    "pergub": "Governor Regulation",
}
_INSTRUMENT_EN = {"Peraturan": "Regulation", "Keputusan": "Decree", "Surat": "Letter"}
MINISTRY_EN = {
    "Dalam Negeri": "Home Affairs",
    "Pendayagunaan Aparatur Negara dan Reformasi Birokrasi": (
        "State Apparatus Empowerment and Bureaucratic Reform"
    ),
    "Keuangan": "Finance",
}
_MINISTERIAL = re.compile(r"^(?P<kind>Peraturan|Keputusan|Surat)\s+Menteri\s+(?P<ministry>.+)$")
_REGIONAL = re.compile(r"^Peraturan\s+(?:Daerah|Bupati|Walikota|Wali\s+Kota|Gubernur)\s*(?P<r>.*)$")


def instrument_en(label: str, jenis: str) -> str:
    """ "Peraturan Menteri Dalam Negeri" -> "Regulation of the Minister of Home Affairs";
    "Peraturan Daerah Kabupaten Bekasi" -> "Regional Regulation of Kabupaten Bekasi"."""
    label = " ".join(label.split())
    m = _MINISTERIAL.match(label)
    if m:
        ministry = MINISTRY_EN.get(m["ministry"], m["ministry"])
        return f"{_INSTRUMENT_EN[m['kind']]} of the Minister of {ministry}"
    m = _REGIONAL.match(label)
    if m and jenis in JENIS_EN:
        return f"{JENIS_EN[jenis]} of {m['r']}" if m["r"] else JENIS_EN[jenis]
    return JENIS_EN.get(jenis, label)


def citation_en(label: str, jenis: str, nomor: str, tahun: str | None) -> str:
    """ "Regulation of the Minister of Home Affairs Number 80 of 2015"."""
    year = f" of {tahun}" if tahun else ""
    return f"{instrument_en(label, jenis)} Number {nomor}{year}"
