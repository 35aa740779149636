"""Cited documents: the Mengingat legal basis (with amendments), documents named in Menimbang and
Memperhatikan, and repeals ("... dicabut dan dinyatakan tidak berlaku")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from sotk_kg.instruments import (
    MENTERI,
    alternation,
    kinds,
    ministerial_instruments,
    national_kinds,
    regional_kinds,
)
from sotk_kg.iris import NATIONAL, WorkId, region_slug
from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.dates import parse_indonesian_date
from sotk_kg.pipeline.english import citation_en
from sotk_kg.pipeline.terms import DCT, ELI, NOT_IN_FORCE, SOTK, XSD
from sotk_kg.pipeline.tree import Provision

# The kinds of instrument a citation names, from the jenis-peraturan scheme: national kinds by
# their name ("Peraturan Pemerintah"), a minister's by "<instrument> Menteri <ministry>", a Perda
# by its name and its region, a regional head's by its name and the region's bare name.
_NATIONAL = {k.name: k.jenis for k in national_kinds()}
_MINISTERIAL = ministerial_instruments()  # "Peraturan" -> permen
_PERDA = [k for k in regional_kinds() if k.head_region is None]
_HEADS = [k for k in regional_kinds() if k.head_region is not None]
_WORDS = r"(?:\s+(?:[A-Z][\w-]*|dan|Dalam))"  # capitalised words of a minister's or region's name
_CITATION = re.compile(
    r"(?P<label>"
    + alternation(k.name for k in national_kinds() if not k.is_ministerial)
    + rf"|{alternation(_MINISTERIAL)}\s+{MENTERI}{_WORDS}{{1,10}}?"
    + rf"|{alternation(n for k in _PERDA for n in k.names)}"
    + rf"(?:\s+{alternation(r.name for k in _PERDA for r in k.region_kinds)}{_WORDS}{{1,3}}?)?"
    + rf"|{alternation(n for k in _HEADS for n in k.names)}{_WORDS}{{0,3}}?"
    + r")\s+Nomor\s*:?\s*(?P<nomor>\w[\w/.-]*?)"
    r"(?:\s+Tahun\s+(?P<tahun>\d{4}))?(?=[\s,;.)]|$)"
)
_AMENDED = re.compile(
    r"sebagaimana\s+telah\s+(?:(?P<s1>beberapa\s+kali\s+)?diubah|diubah\s+(?P<s2>beberapa\s+kali))"
    r"[,\s]*(?P<s3>(?:yang\s+)?terakhir\s+)?(?:dengan|oleh)\s+"
)
# Instruments of a minister: published in the Berita Negara, not the Lembaran Negara.
_MINISTERIAL_JENIS = frozenset(k.jenis for k in national_kinds() if k.is_ministerial)
_REPEAL = re.compile(r"dicabut\s+dan\s+dinyatakan\s+tidak\s+berlaku", re.IGNORECASE)
# Where a cited title ends (the title itself runs from "tentang").
_TITLE_END = re.compile(
    r"\s*\(|;|\s+sebagaimana\s+telah|,?\s+maka\s|\s+dicabut\s|\s+dalam\s+rangka\s|,?\s+perlu\s"
)
# What may follow the number: the date a letter or decree was signed ("Nomor 061/2911/SJ tanggal 4
# Juli 2022"), then its title, which a letter gives as its subject ("perihal ..."). Only a letter:
# after any other instrument "perihal" is running text ("... Tahun 2016 perihal yang sama ...").
_DATED = re.compile(r",?\s+tanggal\s+(?P<date>\d{1,2}\s+[A-Za-z]+\s+\d{4})")
_TITLE_START = re.compile(r"\s+(?P<word>tentang|perihal)\s+")
_LETTER_JENIS = frozenset(k.jenis for k in kinds() if k.is_letter)  # the "Surat ..." jenis


@dataclass
class Citation:
    label: str  # the instrument as written: "Peraturan Daerah Kabupaten Bekasi"
    jenis: str
    yurisdiksi: str
    nomor: str
    tahun: str | None
    title: str | None = None
    date: str | None = None  # ISO date of signature, when the citation gives one ("tanggal ...")
    gazette: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0  # end of the whole citation (title and gazette included)

    @property
    def display(self) -> str:
        year = f" Tahun {self.tahun}" if self.tahun else ""
        return f"{self.label} Nomor {self.nomor}{year}"


@dataclass
class LegalBasis:
    """One Mengingat item: an act and, when stated, the act that (last) amended it."""

    act: Citation
    amended_by: Citation | None = None
    amended_several_times: bool = False


def _jenis_and_region(label: str, home_region: str) -> tuple[str, str]:
    label = re.sub(r"\s+", " ", label)
    if label in _NATIONAL:
        return _NATIONAL[label], NATIONAL
    words = label.split(" ")
    if len(words) > 1 and words[1] == MENTERI and words[0] in _MINISTERIAL:
        return _MINISTERIAL[words[0]].jenis, NATIONAL  # a minister the scheme does not name
    for k in _PERDA + _HEADS:
        for name in k.names:
            if label == name or label.startswith(name + " "):
                rest = label[len(name) :].strip()
                if not rest:
                    return k.jenis, home_region
                region = k.head_region  # the bare name after a head's title: "Bupati Bekasi"
                return k.jenis, region_slug(f"{region.name} {rest}" if region else rest)
    raise ValueError(f"unknown kind of instrument: {label!r}")


def _balanced_paren(text: str, start: int) -> int:
    """Index just after the ')' closing the '(' at `start` (or len(text) if unclosed)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def _complete(text: str, m: re.Match[str], home_region: str) -> Citation:
    jenis, yurisdiksi = _jenis_and_region(m["label"], home_region)
    cit = Citation(
        re.sub(r"\s+", " ", m["label"]),
        jenis,
        yurisdiksi,
        m["nomor"],
        m["tahun"],
        start=m.start(),
        end=m.end(),
    )
    pos = m.end()
    if dated := _DATED.match(text, pos):
        cit.date = parse_indonesian_date(dated["date"])
        pos = dated.end()
    t = _TITLE_START.match(text[pos:])
    if t and (t["word"] == "tentang" or cit.jenis in _LETTER_JENIS):
        title_start = pos + t.end()
        # A title may itself cite ("Perubahan Atas Undang-Undang Nomor ... tentang ..."),
        # so it ends at the next terminator, never at a nested citation.
        stop = _TITLE_END.search(text, title_start)
        title_end = stop.start() if stop else len(text)
        # "... dan <another citation>" also ends a title.
        for nxt in _CITATION.finditer(text, title_start, title_end):
            before = text[title_start : nxt.start()]
            if re.search(r"(?:\s|,)dan\s+$", before):
                title_end = title_start + len(re.sub(r",?\s+dan\s+$", "", before))
                break
        cit.title = text[title_start:title_end].strip().rstrip(".,;") or None
        pos = title_end
    g = re.match(r"\s*\(", text[pos:])
    if g and not text[pos + g.end() :].lstrip().startswith("selanjutnya"):
        close = _balanced_paren(text, pos + g.end() - 1)
        inner = text[pos + g.end() : close - 1]
        cit.gazette = [p.strip() for p in re.split(r",\s*(?=[A-Z])", inner) if p.strip()]
        pos = close
    cit.end = pos
    return cit


def find_citations(text: str, home_region: str) -> list[Citation]:
    """Every citation in `text`, not counting those nested in another's title."""
    found: list[Citation] = []
    pos = 0
    while True:
        m = _CITATION.search(text, pos)
        if m is None:
            return found
        cit = _complete(text, m, home_region)
        found.append(cit)
        pos = max(cit.end, m.end())


def parse_legal_basis(text: str, home_region: str) -> LegalBasis | None:
    """A Mengingat item: the act cited first, and the amending act after "sebagaimana telah
    diubah [beberapa kali, terakhir] dengan"."""
    m = _CITATION.search(text)
    if m is None:
        return None
    basis = LegalBasis(_complete(text, m, home_region))
    amended = _AMENDED.search(text, basis.act.end)
    if amended:
        n = _CITATION.match(text, amended.end())
        if n:
            basis.amended_by = _complete(text, n, home_region)
            basis.amended_several_times = bool(amended["s1"] or amended["s2"] or amended["s3"])
    return basis


# ---------------------------------------------------------------------------------------------
def _emit_cited(ctx: BuildContext, cit: Citation, source: Provision) -> URIRef:
    b = ctx.builder
    if cit.tahun:
        s = ctx.iris.work(WorkId(cit.jenis, cit.yurisdiksi, cit.tahun, cit.nomor))
        b.typed(s, SOTK.year, cit.tahun, XSD.gYear)
    else:
        s = ctx.iris.document(cit.jenis, cit.nomor)
    b.types(s, ELI.LegalResource)
    if cit.jenis != "surat-menteri":
        b.types(s, SOTK.Peraturan)
    b.add(s, ELI.type_document, ctx.iris.concept("jenis-peraturan", cit.jenis))
    b.plain(s, ELI.number, cit.nomor)
    b.labels(s, cit.display, citation_en(cit.label, cit.jenis, cit.nomor, cit.tahun))
    if not b.has(s, DCT.title):  # the same act cited twice keeps its first title
        b.text(s, DCT.title, cit.title)
    if cit.date and not b.has(s, ELI.date_document):
        b.typed(s, ELI.date_document, cit.date, XSD.date)
    for phrase in cit.gazette:
        b.plain(s, ELI.published_in, phrase)
    b.derived(s, ctx.iri(source))
    b.notes(ctx.iri(source), gazette_notes(cit))
    return s


emit_cited = _emit_cited  # for amendment.py: the act an amending act amends


def gazette_notes(cit: Citation) -> list[str]:
    """Source defects in a citation's gazette phrases, by the rules of the genre: ministerial
    instruments are published in the Berita Negara (Acts and Government Regulations in the
    Lembaran Negara), and a gazette is cited with its Nomor."""
    notes = []
    for phrase in cit.gazette:
        if cit.jenis in _MINISTERIAL_JENIS and re.match(r"Lembaran\s+Negara\b", phrase):
            notes.append(
                f"{cit.display} is a ministerial instrument, which is published in the Berita "
                f"Negara; the source cites '{phrase}' (kept as written)."
            )
        if re.search(r"\bTahun\s+\d{4}\b", phrase) and not re.search(r"\bNomor\b", phrase):
            notes.append(
                f"The gazette cited for {cit.display}, '{phrase}', gives no Nomor "
                "(kept as written)."
            )
    return notes


def emit_references(ctx: BuildContext) -> None:
    doc, b, work = ctx.doc, ctx.builder, ctx.work
    home = ctx.work_id.yurisdiksi
    if doc.mengingat is not None:
        # a single unnumbered legal basis is the text of the block itself
        items = doc.mengingat.children or ([doc.mengingat] if doc.mengingat.text else [])
        for item in items:
            basis = parse_legal_basis(item.text, home)
            if basis is None:
                ctx.warn(item, "no citation (jenis Nomor ... Tahun ...) found in this legal basis")
                continue
            act = _emit_cited(ctx, basis.act, item)
            b.add(work, ELI.based_on, act)
            b.add(work, ELI.cites, act)
            b.add(ctx.iri(item), ELI.cites, act)
            if basis.amended_by is not None:
                amending = _emit_cited(ctx, basis.amended_by, item)
                b.add(amending, ELI.amends, act)
                b.add(work, ELI.cites, amending)
                b.add(ctx.iri(item), ELI.cites, amending)
                if basis.amended_several_times:
                    b.add(act, SOTK.lastAmendedBy, amending)
                    b.typed(act, SOTK.amendedSeveralTimes, "true", XSD.boolean)
    # Documents named in the considerations, and those taken into account (letters, decrees):
    # cited, never a legal basis; a document the citation parser does not know (a governor's
    # letter, meeting results) stays text only.
    for block in (doc.menimbang, doc.memperhatikan):
        for item in block.iter() if block is not None else ():
            for cit in find_citations(item.text, home):
                cited = _emit_cited(ctx, cit, item)
                b.add(work, ELI.cites, cited)
                b.add(ctx.iri(item), ELI.cites, cited)
    _emit_repeals(ctx)


def _emit_repeals(ctx: BuildContext) -> None:
    b, work = ctx.builder, ctx.work
    for top in ctx.doc.body:
        for prov in top.iter():
            m = _REPEAL.search(prov.text)
            if m is None:
                continue
            cited = find_citations(prov.text[: m.start()], ctx.work_id.yurisdiksi)
            if not cited:
                ctx.warn(prov, "a repeal clause names no regulation (jenis Nomor ... Tahun ...)")
            for cit in cited:
                repealed = _emit_cited(ctx, cit, prov)
                if repealed == work:
                    continue
                b.add(work, ELI.repeals, repealed)
                b.add(repealed, ELI.repealed_by, work)
                b.add(repealed, ELI.in_force, NOT_IN_FORCE)
                b.derived(work, ctx.iri(prov))
                if ctx.entry_into_force:
                    # No longer in force from the day this regulation enters into force.
                    b.typed(repealed, ELI.date_no_longer_in_force, ctx.entry_into_force, XSD.date)
                    b.derived(repealed, *(ctx.iri(p) for p in ctx.entry_into_force_sources))
