"""The genre's kinds of post (roles), of unit and of perangkat daerah, as the organisation pass
needs them, read once from the ontology's schemes through `sotk_kg.lexicon`:
`ontology/schemes/peran.ttl`, `jenis-unit.ttl` and `jenis-perangkat-daerah.ttl`. A role or a kind
added there (with its labels, its class in `rdfs:seeAlso` and its `sotk:leaderRole`) is read by
the pipeline without a code change; nothing here names one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sotk_kg.lexicon import Term, scheme
from sotk_kg.pipeline.repairs.base import ocr_key

# Koordinator and Sub Koordinator: additional assignments named by the function they coordinate.
FUNCTIONAL_ROLES = ("koordinator", "sub-koordinator")
REGIONAL_SECRETARY = "sekretaris-daerah"


@dataclass(frozen=True)
class Role:
    notation: str  # "kepala-dinas"
    cls: str  # sotk class of its posts: "KepalaDinas"
    en: str
    titles: tuple[str, ...]  # how texts name it: preferred label first, then the alternatives
    administrasi: bool  # a Jabatan Administrasi (administrator or pengawas)
    region_kind: str | None  # "Kabupaten" for the Bupati: heads a region of that kind

    @property
    def title(self) -> str:
        return self.titles[0]


@dataclass(frozen=True)
class UnitKind:
    notation: str
    prefix: str  # how a unit's name starts: "Sub Bagian"
    cls: str
    leader_role: str | None  # peran notation of the post leading it
    leader_cls: str | None
    member_role: str | None  # peran notation of the posts of a group without a head
    en: str
    synonyms: tuple[str, ...]  # other ways texts write the prefix


def _role(term: Term) -> Role:
    cls = term.local_name("rdfs:seeAlso")
    if cls is None:
        raise ValueError(f"{term.iri}: no rdfs:seeAlso naming the class of its posts")
    return Role(
        term.notation,
        cls,
        term.label("en"),
        (term.label("id"), *term.alt_labels),
        term.value("sotk:jabatanAdministrasi") == "true",
        term.value("sotk:headOfRegionKind"),
    )


@cache
def roles() -> dict[str, Role]:
    """Peran notation -> role."""
    return {t.notation: _role(t) for t in scheme("peran")}


@cache
def role_titles() -> dict[str, Role]:
    """Every title a text may name a role by ("Walikota", "Wali Kota") -> the role."""
    return {title: r for r in roles().values() for title in r.titles}


def role_by_title(title: str) -> Role | None:
    key = ocr_key(" ".join(title.split()))
    return next((r for t, r in role_titles().items() if ocr_key(t) == key), None)


def _kind(term: Term) -> UnitKind:
    cls = term.local_name("rdfs:seeAlso")
    if cls is None:
        raise ValueError(f"{term.iri}: no rdfs:seeAlso naming the class of its units")
    leader = term.local_name("sotk:leaderRole")
    return UnitKind(
        term.notation,
        term.label("id"),
        cls,
        leader,
        roles()[leader].cls if leader else None,
        term.local_name("sotk:memberRole"),
        term.label("en"),
        term.alt_labels,
    )


def _longest_first(kinds: list[UnitKind]) -> tuple[UnitKind, ...]:
    return tuple(sorted(kinds, key=lambda k: -len(k.prefix)))


@cache
def unit_kinds() -> tuple[UnitKind, ...]:
    """Kinds of unit inside a perangkat daerah, longest prefix first."""
    return _longest_first([_kind(t) for t in scheme("jenis-unit")])


@cache
def pd_kinds() -> tuple[UnitKind, ...]:
    """Kinds of perangkat daerah (Dinas, Badan, Inspektorat, Kecamatan ...), longest first."""
    return _longest_first([_kind(t) for t in scheme("jenis-perangkat-daerah")])


def head_of_region(region_kind: str) -> Role:
    """The role heading a region of this kind ("Kabupaten" -> the Bupati)."""
    for role in roles().values():
        if role.region_kind and role.region_kind.lower() == region_kind.lower():
            return role
    raise ValueError(f"no head-of-region role for a {region_kind!r} in the peran scheme")


def _words(text: str) -> str:
    """A pattern for `text` with any spacing between its words, and none in a glued form."""
    return r"\s*".join(re.escape(w) for w in text.split())


@cache
def synonym_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(long or glued form, the prefix it stands for): "Unit Pelaksana Teknis Daerah" -> "UPTD",
    "Subbagian" / "Sub bagian" -> "Sub Bagian"."""
    found = []
    for kind in (*unit_kinds(), *pd_kinds()):
        forms = [s for s in kind.synonyms if s.lower() != kind.prefix.lower()]
        if " " in kind.prefix:
            forms.append(kind.prefix)  # its words glued or in another case
        for form in forms:
            found.append((re.compile(rf"\b{_words(form)}\b", re.IGNORECASE), kind.prefix))
    return tuple(found)
