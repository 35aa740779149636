"""Kinds of regulation and of region as the genre writes them, read from the schemes
`jenis-peraturan` and `jenis-wilayah` (`sotk_kg.lexicon`): which headings the parser reads
("PERATURAN BUPATI X", "PERATURAN WALIKOTA X"), which kinds of instrument a citation names, the
kind of region a regional head's regulation belongs to, and their English names. A kind added to
a scheme reaches the parser, the citations and the labels together; the patterns built here are
alternations of the schemes' names.

The Indonesian words that stay in code are the genre's grammar, not its vocabulary: a regulation
is a "Peraturan ...", a minister's instrument names the "Menteri" second ("Peraturan Menteri
Dalam Negeri"), a letter is a "Surat ...", and "Menteri X" is "the Minister of X" in English."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sotk_kg.lexicon import LexiconError, scheme

MENTERI = "Menteri"
_OF_THE_MINISTER = " of the Minister"  # the English of "<instrument> Menteri"
# An amending act: "PERUBAHAN ATAS ...", "PERUBAHAN KEDUA (KETIGA, ...) ATAS ...".
_AMENDING_TITLE = re.compile(r"^PERUBAHAN\s+(?:\w+\s+)?ATAS\b", re.IGNORECASE)


def is_amending_title(title: str) -> bool:
    """Is this the title of an amending act: "PERUBAHAN ATAS ...", "PERUBAHAN KEDUA ATAS ..."?
    (The parser reads its body, and the repair stage `heading-numbers` its Roman Pasal, by it.)"""
    return _AMENDING_TITLE.match(title) is not None


@dataclass(frozen=True)
class RegionKind:
    notation: str  # prefix of a region's slug: "kab" (kab-bekasi)
    iri: str
    name: str  # "Kabupaten": the word before a region's name
    english: str  # "Regency"
    head_role: str | None  # notation of the head's role in the peran scheme: "bupati"


@dataclass(frozen=True)
class Kind:
    """A kind of regulation (jenis peraturan)."""

    jenis: str  # notation: "perwal"
    # as texts write it, preferred first: "Peraturan Wali Kota", "Peraturan Walikota"
    names: tuple[str, ...]
    short: str  # its abbreviation (skos:altLabel@id): "Perwal", "UU"; else the notation
    english: str  # "Mayor Regulation"
    english_forms: tuple[str, ...]  # English name and alternatives
    region_kinds: tuple[RegionKind, ...]  # who issues it; () for national kinds

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def head_region(self) -> RegionKind | None:
        """The one kind of region whose head issues it (a Perbup: Kabupaten), else None (a Perda,
        whose heading names its region's kind, or a national kind)."""
        return self.region_kinds[0] if len(self.region_kinds) == 1 else None

    @property
    def is_ministerial(self) -> bool:
        words = self.name.split()
        return len(words) > 1 and words[1] == MENTERI

    @property
    def is_letter(self) -> bool:
        return self.name.split()[0] == "Surat"

    def title_words(self) -> tuple[str, ...]:
        """What follows "Peraturan" in its names: "Bupati", "Wali Kota", "Walikota", "Daerah"."""
        return tuple(n.split(" ", 1)[1] for n in self.names if n.startswith("Peraturan "))


@cache
def region_kinds() -> tuple[RegionKind, ...]:
    return tuple(
        RegionKind(
            t.notation,
            t.iri,
            t.label("id"),
            t.label("en"),
            t.local_name("sotk:headRole"),
        )
        for t in scheme("jenis-wilayah")
    )


def region_kind_named(word: str) -> RegionKind | None:
    """The kind of region "Kabupaten" (any case) names, or None."""
    for region in region_kinds():
        if region.name.lower() == word.lower():
            return region
    return None


@cache
def kinds() -> tuple[Kind, ...]:
    regions = {r.iri: r for r in region_kinds()}
    found = []
    for t in scheme("jenis-peraturan"):
        in_region = t.properties.get("sotk:regionKind", ())
        unknown = [iri for iri in in_region if iri not in regions]
        if unknown:
            raise LexiconError(f"{t.iri}: sotk:regionKind {unknown[0]} is not in jenis-wilayah")
        found.append(
            Kind(
                t.notation,
                (t.label("id"), *t.texts_in("skos:hiddenLabel", "id")),
                next(iter(t.texts_in("skos:altLabel", "id")), t.notation),
                t.label("en"),
                (t.label("en"), *t.texts_in("skos:altLabel", "en")),
                tuple(sorted((regions[iri] for iri in in_region), key=lambda r: r.notation)),
            )
        )
    return tuple(found)


def kind(jenis: str) -> Kind:
    for k in kinds():
        if k.jenis == jenis:
            return k
    raise LexiconError(f"no concept with notation {jenis!r} in scheme 'jenis-peraturan'")


def regional_kinds() -> tuple[Kind, ...]:
    """The kinds a region issues: the regulations the parser reads."""
    return tuple(k for k in kinds() if k.region_kinds)


def national_kinds() -> tuple[Kind, ...]:
    return tuple(k for k in kinds() if not k.region_kinds)


def alternation(names: Iterable[str]) -> str:
    """A regex group matching any of `names`, any run of spaces between words, longest first (so
    that "Peraturan Pemerintah Pengganti Undang-Undang" is not read as "Peraturan Pemerintah")."""
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return "(?:" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in ordered) + ")"


@cache
def headings() -> dict[str, tuple[Kind, str]]:
    """The title words of a regulation's heading, upper case, one space between words -> the kind
    and its name as that spelling writes it: "WALIKOTA" -> (perwal, "Peraturan Walikota")."""
    return {
        word.upper(): (k, f"Peraturan {word}") for k in regional_kinds() for word in k.title_words()
    }


@cache
def ministerial_instruments() -> dict[str, Kind]:
    """The generic kinds of a minister's instrument by their first word: "Peraturan" -> permen
    ("Peraturan Menteri"), "Keputusan" -> kepmen, "Surat" -> surat-menteri."""
    return {
        k.name.split()[0]: k
        for k in national_kinds()
        if k.is_ministerial and len(k.name.split()) == 2
    }


@cache
def ministries() -> dict[str, str]:
    """Ministries by their Indonesian name, as a citation writes it after "Menteri" -> English:
    read off the kinds that name one ("Peraturan Menteri Dalam Negeri" = "Regulation of the
    Minister of Home Affairs", next to "Peraturan Menteri" = "Regulation of the Minister")."""
    found: dict[str, str] = {}
    for generic in ministerial_instruments().values():
        for k in national_kinds():
            if not k.name.startswith(generic.name + " "):
                continue
            ministry = k.name[len(generic.name) + 1 :]
            for form in generic.english_forms:
                if k.english.startswith(form + " of "):
                    found[ministry] = k.english[len(form) + len(" of ") :]
    return found


def instrument_english(instrument: str) -> str:
    """ "Peraturan" -> "Regulation of the Minister" (the generic kind's English form that names the
    minister), for a minister the schemes do not name."""
    generic = ministerial_instruments()[instrument]
    for form in generic.english_forms:
        if form.endswith(_OF_THE_MINISTER):
            return form
    raise LexiconError(f"{generic.jenis}: no English name ending in {_OF_THE_MINISTER!r}")
