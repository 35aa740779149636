"""The organisation a regulation sets up: perangkat daerah, units, posts, who leads what,
reporting lines (direct, "melalui", coordinative, disjunctive), Sub Koordinator functions, unsur
organisasi and the functional-grade rule. Everything is read from the drafting conventions of the
genre ("dipimpin oleh seorang ...", "bertanggungjawab kepada ... melalui ...", "membawahi", ...),
never from names of a particular Dinas."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.definitions import Definition, read_definitions
from sotk_kg.pipeline.english import kind_name_en, translate_name
from sotk_kg.pipeline.errors import PipelineError
from sotk_kg.pipeline.kinds import (
    FUNCTIONAL_ROLES,
    REGIONAL_SECRETARY,
    Role,
    UnitKind,
    head_of_region,
    pd_kinds,
    role_by_title,
    role_titles,
    roles,
    synonym_patterns,
    unit_kinds,
)
from sotk_kg.pipeline.repairs.base import ocr_key
from sotk_kg.pipeline.terms import CV, ORG, SKOS, SOTK
from sotk_kg.pipeline.tree import BLOCK_KINDS, Document, Provision

# Pasal 1 terms whose definitions name the region ("Daerah adalah Kabupaten X", "Pemerintah Daerah
# adalah Bupati dan Perangkat Daerah ...").
REGION_TERMS = ("Daerah", "Pemerintah Daerah")
_LINE_KIND_EN = {"langsung": "direct", "koordinatif": "coordinative"}

_LED_BY = re.compile(r"^(?P<unit>.+?)\s+di\s?pimpin\s+oleh\s+(?:seorang\s+)?(?P<title>\S.*)$")
# Where a name in running text ends: the first word of the clause that follows it.
_NAME_END = re.compile(
    r"\s+(?:yang|merupakan|adalah|sebagaimana|masing-masing|berkedudukan|berada|bertanggung"
    r"\w*|mempunyai|memiliki|menyel[ae]nggarakan|dalam|di|dipimpin|selaku|sebagai|dengan|pada"
    r"|untuk|melaksanakan)\b|\s*[,;:.(]",
    re.IGNORECASE,
)
_FUNCTION_POST = re.compile(
    r"^(?P<role>Sub\s*Koordinator|Koordinator)\b(?:\s+dan\s+Kelompok\s+Jabatan\s+Fungsional)?"
    r"(?:\s+yang\s+melaksanakan\s+fungsi\s+(?P<fn>.+?)(?=\s+(?:berkedudukan|berada|mempunyai)\b|$)"
    # "Sub Koordinator <substansi>", "Koordinator Kelompok Substansi <substansi>"
    r"|\s+(?P<kelompok>(?:Kelompok\s+)?Substansi\s+)?(?P<sub>[A-Z].*))"
)
_SUPERVISES = re.compile(r"\bmembawah(?:i|kan)\b\s*:?\s*(?P<rest>.*)$")
_DIRECT = re.compile(
    r"bertanggung\s*jawab\s+(?:secara\s+langsung\s+)?kepada\s+(?P<sup>.+?)"
    r"(?:\s+melalui\s+(?P<via>.+?))?(?=\s+dan\s+(?:memiliki|dalam|menyampaikan|secara)\b|[.;,]|$)"
)
_COORDINATIVE = re.compile(
    r"tanggung\s*jawab\s+koordinatif\s+kepada\s+(?P<list>.+?)(?=\s+yang\s|[.;]|$)"
)
_CONSISTS = re.compile(r"\bterdiri\s+(?:dari|atas)\b\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_SUSUNAN = re.compile(r"organisasi\b.*\bterdiri\s+(?:dari|atas)\s*:?\s*$", re.IGNORECASE)
_UNSUR = re.compile(r"terdiri\s+(?:dari|atas)\s+unsur", re.IGNORECASE)
# "A, B dan C masing-masing ...": a sentence about each of several posts or units.
# The verbs after a subject whose sentence makes it a unit or post of the organisation.
_ACTS = r"(?:mempunyai|memiliki|dipimpin|di\s+pimpin|berkedudukan|berada|bertanggung)\b"
# "melaksanakan sebagian tugas (dan fungsi) Sekretariat": the unit whose tasks these are a part of
_PART_OF = re.compile(
    r"\bsebagian\s+tugas(?:\s+(?:dan|serta)\s+fungsi)?\s+(?P<of>[A-Z][\w/]*(?:\s+[A-Z][\w/]*)*)"
)
# "UPTD X sebagaimana dimaksud dalam Pasal 2 mempunyai tugas": a reference between the subject
# and its verb.
_AS_MEANT = (
    r"(?:sebagaimana\s+dimaksud\s+(?:dalam|pada)\s+(?:Pasal|ayat|huruf)\s+\S+"
    r"(?:\s+(?:ayat|huruf)\s+\S+)*,?\s+)"
)
# "dipimpin oleh seorang tenaga fungsional senior / pejabat fungsional senior / Ketua Kelompok":
# the head a group without a head in the genre is given by the text that states it.
_GROUP_HEAD = re.compile(
    r"(?i)^(?:seorang\s+)?(?:(?:tenaga|pejabat)\s+fungsional\s+senior|ketua\s+kelompok)\b"
)
_EACH = re.compile(r"^(?P<names>.+?)\s+masing-masing\b", re.IGNORECASE)
_GRADES = {
    "ahli pertama": "ahli-pertama",
    "ahli muda": "ahli-muda",
    "ahli madya": "ahli-madya",
    "ahli utama": "ahli-utama",
    "pemula": "pemula",
    "terampil": "terampil",
    "mahir": "mahir",
    "penyelia": "penyelia",
}
_GRADE = re.compile(r"\b(" + "|".join(_GRADES) + r")\b", re.IGNORECASE)
_MINIMUM = re.compile(r"paling\s+rendah", re.IGNORECASE)
_FALLBACK = re.compile(r"^Dalam\s+hal\s+tidak\s+terdapat\b", re.IGNORECASE)


def _clean(text: str) -> str:
    """Strip list punctuation: "Sub Bagian Keuangan; dan" -> "Sub Bagian Keuangan"."""
    text = " ".join(text.split())
    return re.sub(r"\s*[;,.:]*\s*(?:;\s*)?(?:\b(?:dan|atau)\b)?\s*[;,.:]*\s*$", "", text).strip()


def _similar(a: str, b: str) -> bool:
    """Two names that differ by a typo or an OCR misreading at most."""
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.9


def name_at_start(text: str) -> str:
    """The name a sentence starts with, without the clause after it: "UPTD X merupakan UPTD
    kelas A yang" -> "UPTD X"; "Sub Bagian Umum, Keuangan dan Aset mempunyai" keeps its commas
    when a capitalised word follows them."""
    text = " ".join(text.split())
    pos = 0
    while m := _NAME_END.search(text, pos):
        after = text[m.end() :].lstrip()
        # a comma or "dan" inside a name ("Perencanaan, Keuangan dan Aset") is followed by a
        # capitalised word; a clause is not
        if m.group(0).strip() == "," and after[:1].isupper() and not role_starting(after):
            pos = m.end()
            continue
        return _clean(text[: m.start()])
    return _clean(text)


def normalise_unit_name(name: str) -> str:
    name = _clean(name)
    for pattern, replacement in synonym_patterns():
        name = pattern.sub(replacement, name)
    return name


def unit_kind(name: str) -> UnitKind | None:
    key = ocr_key(name)  # "Sekretarlat" is a Sekretariat as a scan misread it
    for kind in unit_kinds():
        prefix = ocr_key(kind.prefix)
        if key == prefix or key.startswith(prefix + " "):
            return kind
    return None


def as_titled(name: str, titles: Iterable[str]) -> str:
    """`name` with the title it starts with written as the genre writes it, when a scan misread
    it: "Kepa1a Dinas" -> "Kepala Dinas", "Sekretarlat" -> "Sekretariat". A name is a label and
    an IRI: the post or unit is the same however one line of the text misspells it."""
    for title in sorted(titles, key=len, reverse=True):
        if _starts_with(name, title):
            return title + name[len(title) :]
    return name


def pd_kind(name: str) -> UnitKind | None:
    """The kind of perangkat daerah a name (any case) is of: "BADAN PENDAPATAN DAERAH" -> Badan."""
    key = ocr_key(" ".join(name.split()))
    for kind in pd_kinds():
        for form in (kind.prefix, *kind.synonyms):
            if key == ocr_key(form) or key.startswith(ocr_key(form) + " "):
                return kind
    return None


def _first_kind_in(text: str) -> UnitKind | None:
    """The kind of perangkat daerah named first in `text` (a title: "... TATA KERJA BADAN X")."""
    found = []
    for kind in pd_kinds():
        for form in (kind.prefix, *kind.synonyms):
            m = re.search(rf"\b{re.escape(form)}\b", text, re.IGNORECASE)
            if m:
                found.append((m.start(), -len(form), kind.notation, kind))
    return min(found)[3] if found else None


# A perangkat daerah named after "kepada" or "melalui" is a superior the text reports to
# ("bertanggung jawab kepada Bupati melalui Sekretaris Daerah"), not the one it organises.
_SUPERIOR_BEFORE = re.compile(r"\b(?:kepada|melalui)\s*$", re.IGNORECASE)
# The words of a proper name: capitalised words, joined by "dan" or a comma.
_PROPER_NAME = re.compile(r"[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|dan\b|,))*")


def _words_pattern(text: str) -> str:
    return r"\s+".join(re.escape(w) for w in text.split())


def _name_after(text: str) -> str:
    """The proper name right after a kind's word: " Lingkungan Hidup mempunyai" -> "Lingkungan
    Hidup"; none when a lower-case word (or no space) follows."""
    m = _PROPER_NAME.match(text[1:]) if text[:1] == " " else None
    return _clean(m.group(0)) if m else ""


def _pd_mentions(doc: Document) -> list[tuple[UnitKind, str]]:
    """Every mention of a kind of perangkat daerah in the text, in text order, with the name it
    gives ("Dinas Lingkungan Hidup", or the bare kind "Kecamatan"): the kind itself, or its head
    ("Kepala Dinas Lingkungan Hidup", "Camat"), in the case the text writes a name in."""
    texts = [t for p in doc.provisions() for t in (p.heading or "", p.text) if t]
    texts += [fragment for _, fragment in doc.unplaced]  # captions name it too
    forms = sorted(
        (
            (form, kind, title)
            for kind in pd_kinds()
            for title in (None, *(roles()[kind.leader_role].titles if kind.leader_role else ()))
            for form in ((kind.prefix, *kind.synonyms) if title is None else (title,))
        ),
        key=lambda f: -len(f[0]),
    )
    found: list[tuple[int, int, UnitKind, str]] = []
    region = _words_pattern(doc.region_name)
    for index, text in enumerate(" ".join(t.split()) for t in texts):
        taken: list[tuple[int, int]] = []
        for form, kind, title in forms:
            for case in dict.fromkeys((form, form.upper())):
                for m in re.finditer(rf"\b{re.escape(case)}\b", text):
                    if any(a <= m.start() < b for a, b in taken):
                        continue  # inside a longer form found first
                    if title is not None and role_starting(text[m.start() :]) is not role_by_title(
                        title
                    ):
                        continue  # "Inspektur Pembantu" is not the Inspektur
                    taken.append((m.start(), m.end()))
                    if _SUPERIOR_BEFORE.search(text[: m.start()]):
                        continue
                    name = f"{kind.prefix} {_name_after(text[m.end() :])}".strip()
                    # the name ends at the region's ("Dinas X Kota Serang Struktur ...")
                    name = re.split(rf"\s*\b{region}\b", name, flags=re.IGNORECASE)[0]
                    found.append(
                        (index, m.start(), kind, _title_case(name) if case.isupper() else name)
                    )
    return [(kind, name) for _, _, kind, name in sorted(found, key=lambda f: f[:2])]


def role_starting(text: str) -> Role | None:
    """The role whose title `text` starts with, longest title first."""
    for title in sorted(role_titles(), key=len, reverse=True):
        if _starts_with(text, title):
            return role_titles()[title]
    return None


def _normal(text: str) -> str:
    """Lower-case words only: "DINAS KOPERASI, USAHA" -> "dinas koperasi usaha"."""
    return " ".join(re.findall(r"[a-z0-9]+", ocr_key(text)))


def mentions(name: str, text: str) -> bool:
    """Does `text` name `name` (whole words, any case), not as part of a regulation's kind
    ("Peraturan Bupati") or of a deputy's title ("Wakil Bupati")?"""
    words = " ".join(re.escape(w) for w in _normal(name).split())
    return re.search(rf"(?<!\w)(?<!peraturan )(?<!wakil ){words}(?!\w)", _normal(text)) is not None


def blocks_naming(doc: Document, name: str) -> list[Provision]:
    """The cover, title and closing blocks whose text contains `name` (whitespace and case
    ignored): where a signature, a region or an organisation read from them is written."""
    key = _normal(name)
    return [p for p in doc.parts() if p.kind in BLOCK_KINDS and key and key in _normal(p.text)]


def split_names(text: str) -> list[str]:
    """ "Sekretaris, Kepala Bidang dan Kepala Sub Bagian" -> three names."""
    return [n for n in (_clean(p) for p in re.split(r",\s*|\s+dan\s+", _clean(text))) if n]


def split_unit_names(text: str) -> list[str]:
    """Names of units or posts in a list whose names may hold "dan" and commas themselves:
    "Sub Bagian Umum dan Kepegawaian dan Sub Bagian Perencanaan, Keuangan dan Aset" -> two.
    A new name starts only where a unit kind or a role title starts."""
    return [n for n in (_clean(p) for p in _starts(_clean(text))) if n]


def _starts(text: str) -> list[str]:
    """`text` cut before every ", X" / " dan X" where X starts a unit kind or a role title."""
    cuts = [0]
    for m in re.finditer(r"(?:,\s*(?:dan\s+|serta\s+)?|\s+(?:dan|serta)\s+)", text):
        rest = text[m.end() :]
        if unit_kind_starting(rest) or role_starting(rest):
            cuts.append(m.start())
            cuts.append(m.end())
    cuts.append(len(text))
    pieces = [text[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts) - 1, 2)]
    return pieces


def unit_kind_starting(text: str) -> UnitKind | None:
    text = normalise_unit_name(text)
    return next((k for k in unit_kinds() if _starts_with(text, k.prefix)), None)


@dataclass(eq=False)
class PerangkatDaerah:
    name: str  # "Dinas Koperasi, Usaha Kecil dan Menengah" (without the region)
    short: str  # the defined term the text refers to it by: "Dinas", "Satuan Polisi Pamong Praja"
    kind: UnitKind | None
    iri: URIRef
    aliases: tuple[str, ...]  # every name the text refers to it by, short first
    provisions: list[Provision] = field(default_factory=list)
    scope: Provision | None = None  # its BAB, when the regulation organises several
    notes: list[str] = field(default_factory=list)  # editorial notes on how it was named

    def named(self, phrase: str) -> bool:
        key = ocr_key(" ".join(_clean(phrase).split()))
        return any(key == ocr_key(a) for a in self.aliases)


@dataclass(eq=False)
class Unit:
    name: str
    kind: UnitKind
    iri: URIRef
    parent: Unit | None  # None: a direct unit of the perangkat daerah
    pd: PerangkatDaerah
    provisions: list[Provision] = field(default_factory=list)


@dataclass(eq=False)
class Post:
    name: str
    role: str  # peran notation
    cls: str
    iri: URIRef
    post_in: URIRef
    pd: PerangkatDaerah | None = None  # None: a post of the region (Bupati, Sekretaris Daerah)
    unit: Unit | None = None  # the unit it leads or sits in (None: the organisation itself)
    leads: URIRef | None = None
    function: str | None = None  # Koordinator / Sub Koordinator function
    listed_under: Post | None = None  # superior named by a "membawahi" list
    listed_in: Unit | None = None  # unit whose susunan item lists it (its head is the superior)
    provisions: list[Provision] = field(default_factory=list)
    label: str | None = None  # a fuller name when the text gives one ("Bupati Bekasi")
    notes: list[str] = field(default_factory=list)  # editorial notes on the post itself
    # the head of another perangkat daerah (`pd`), named here only as a superior
    external: bool = False

    @property
    def regional(self) -> bool:
        return self.pd is None


@dataclass(eq=False)
class GradeRule:
    role: str
    minimum: str
    fallbacks: list[str]
    condition: str | None
    provisions: list[Provision]


@dataclass(eq=False)
class Line:
    subordinate: Post
    superiors: list[Post]
    kind: str  # "langsung" | "koordinatif"
    provision: Provision
    via: Post | None = None
    one_of: bool = False


Holder = Post | Unit | PerangkatDaerah


@dataclass
class Organisation:
    """The registry the extractors resolve names against: the region's posts and every
    perangkat daerah the regulation organises (one, or one per BAB), with their units and posts."""

    region_iri: URIRef
    pds: list[PerangkatDaerah]
    # other perangkat daerah whose heads the text names as superiors (an RSUD's Dinas Kesehatan)
    outside: list[PerangkatDaerah] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    region_provisions: list[Provision] = field(default_factory=list)
    unsur: list[tuple[URIRef, str, Provision]] = field(default_factory=list)
    # "Bidang X membawahkan Kelompok Jabatan Fungsional": (unit, group, the list item saying so).
    supervised_groups: list[tuple[Unit, Unit, Provision]] = field(default_factory=list)
    # Editorial notes on provisions, found while reading names: (provision, note).
    notes: list[tuple[Provision, str]] = field(default_factory=list)
    grade_rule: GradeRule | None = None
    # id(provision) -> what its sentence is about (a Post, a Unit, or a perangkat daerah).
    subjects: dict[int, Holder] = field(default_factory=dict)

    # The first (in most regulations the only) perangkat daerah.
    @property
    def pd(self) -> PerangkatDaerah:
        return self.pds[0]

    @property
    def pd_name(self) -> str:
        return self.pd.name

    @property
    def pd_short(self) -> str:
        return self.pd.short

    @property
    def pd_iri(self) -> URIRef:
        return self.pd.iri

    def unit_named(self, name: str, pd: PerangkatDaerah | None = None) -> Unit | None:
        key = ocr_key(normalise_unit_name(name))
        return next((u for u in self.units if ocr_key(u.name) == key and pd in (None, u.pd)), None)

    def post_named(self, name: str, pd: PerangkatDaerah | None = None) -> Post | None:
        key = ocr_key(" ".join(name.split()))
        return next(
            (p for p in self.posts if ocr_key(p.name) == key and p.pd in (None, pd or p.pd)),
            None,
        )

    def posts_with_role(self, role: str, pd: PerangkatDaerah | None = None) -> list[Post]:
        return [p for p in self.posts if p.role == role and p.pd in (None, pd or p.pd)]

    def function_post(
        self, role: str, function: str, pd: PerangkatDaerah | None = None
    ) -> Post | None:
        """The Koordinator / Sub Koordinator post of a function (compared case-insensitively)."""
        key = function.lower()
        return next(
            (p for p in self.posts_with_role(role, pd) if (p.function or "").lower() == key),
            None,
        )

    def leader_of(self, unit_iri: URIRef) -> Post | None:
        return next((p for p in self.posts if p.leads == unit_iri), None)

    def member_post(self, unit: Unit) -> Post | None:
        """The post of a group without a head (Pejabat Fungsional in the KJF)."""
        return next((p for p in self.posts if p.unit is unit and p.leads is None), None)

    def holder_iri(self, holder: Holder) -> URIRef:
        return holder.iri


# ---------------------------------------------------------------------------------------------
# Reading
_LEAD_IN = re.compile(
    r"(?i)^(?:(?:rincian|uraian)\s+tugas|untuk\s+(?:melaksanakan|menjalankan)\s+tugas(?:\s+pokok)?)"
    r"\s+(?=[A-Z])"
)


def strip_lead_in(text: str) -> str:
    """Drop a leading "Dalam menyelenggarakan ...," or "Rincian tugas" so that the sentence
    starts at its subject."""
    text = " ".join(text.split())
    if _LEAD_IN.match(text):
        return _LEAD_IN.sub("", text)
    if re.match(r"(?i)^(?:dalam|untuk)\s", text) and ", " in text:
        return text.split(", ", 1)[1]
    return text


def _starts_with(text: str, name: str) -> bool:
    return ocr_key(text).startswith(ocr_key(name)) and not text[len(name) : len(name) + 1].isalpha()


def _title_case(words: str) -> str:
    """ "DINAS KOPERASI DAN UKM" -> "Dinas Koperasi dan UKM": acronyms the kinds write in
    capitals stay so."""
    keep = {w for k in (*pd_kinds(), *unit_kinds()) for s in (k.prefix, *k.synonyms)
            for w in s.split() if w.isupper()}  # fmt: skip
    return " ".join(
        w.lower() if w in ("DAN", "SERTA") else w if w in keep else w.capitalize()
        for w in words.split()
    )


def _leader_title(title: str) -> str:
    """The title after "dipimpin oleh": "Kepala Bidang berkedudukan ..." -> "Kepala Bidang";
    "kepala bidang yang ..." -> "Kepala Bidang"."""
    words = title.split()
    if words and words[0][:1].isupper():  # capitalised words, as most texts write titles
        taken: list[str] = []
        for w in words:
            bare = w.rstrip(",.;:")
            if not bare or not (bare[0].isupper() or bare[0].isdigit()):
                break
            taken.append(bare)
            if bare != w:
                break
        return " ".join(taken)
    return " ".join(w.capitalize() for w in name_at_start(title).split())


class _Reader:
    """One pass over the body in text order. Ambiguous names ("Kepala Bidang") resolve to the post
    of that role introduced in the same Pasal, else to the one most recently introduced before.
    When the regulation organises several perangkat daerah, one BAB each, names resolve inside
    the perangkat daerah of the BAB being read."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.pasal_posts: dict[int, dict[str, Post]] = {}
        self.pasal: Provision | None = None
        self.org = self._organisation()
        self.pd = self.org.pd  # the perangkat daerah being read
        self.seen_lines: set[tuple[object, ...]] = set()
        self.current: Provision | None = None  # the provision being read, for notes

    def _note(self, note: str) -> None:
        """An editorial note on the provision being read (once)."""
        current = self.current
        if current is not None and not any(p is current and n == note for p, n in self.org.notes):
            self.org.notes.append((current, note))

    # -- the perangkat daerah and the region's posts ----------------------------------------------
    def _organisation(self) -> Organisation:
        ctx, doc = self.ctx, self.ctx.doc
        definitions = read_definitions(doc)
        org = Organisation(ctx.iris.region(ctx.work_id.yurisdiksi), [])
        org.pds = self._scoped_pds(definitions) or [self._single_pd(definitions)]
        by_term = {d.term: d for d in definitions}
        org.region_provisions = [by_term[t].provision for t in REGION_TERMS if t in by_term]
        if not org.region_provisions:  # the region is read from the heading
            org.region_provisions = [p for p in doc.parts() if p.kind == "judul"]
        head = head_of_region(doc.region_name.split()[0])
        for role in (head, roles()[REGIONAL_SECRETARY]):
            post = Post(
                role.title,
                role.notation,
                role.cls,
                ctx.iris.region_post(ctx.work_id.yurisdiksi, role.notation),
                org.region_iri,
            )
            defined = next((by_term[t] for t in role.titles if t in by_term), None)
            if defined is not None:
                post.provisions.append(defined.provision)
                post.label = defined.definiens
            org.posts.append(post)
        return org

    def _make_pd(self, full: str, short: str, defined: Definition | None) -> PerangkatDaerah:
        ctx, region = self.ctx, self.ctx.doc.region_name
        name = re.sub(rf"\s+{re.escape(region)}\s*$", "", full.strip(), flags=re.IGNORECASE)
        kind = pd_kind(name) or pd_kind(short)
        aliases = [short, name]
        if defined is not None:
            aliases += [defined.term, defined.abbreviation or "", defined.acronym or ""]
        if kind is not None:
            aliases.append(kind.prefix)
        pd = PerangkatDaerah(
            name,
            short,
            kind,
            ctx.iris.perangkat_daerah(ctx.work_id.yurisdiksi, name),
            tuple(dict.fromkeys(a for a in aliases if a)),
        )
        if defined is not None:
            pd.provisions.append(defined.provision)
        pd.provisions += [p for p in blocks_naming(ctx.doc, name) if p.kind == "judul"]
        return pd

    def _scoped_pds(self, definitions: list[Definition]) -> list[PerangkatDaerah]:
        """A regulation of several perangkat daerah gives each a BAB headed by its name
        ("BAB II BADAN PENDAPATAN DAERAH"); each is named as its definition names it."""
        babs = [b for b in self.ctx.doc.body if b.kind == "bab" and b.heading]
        scoped = [(b, b.heading or "") for b in babs if pd_kind(b.heading or "")]
        if len(scoped) < 2:
            return []
        found = []
        for bab, heading in scoped:
            key = _normal(heading)
            defined = next(
                (d for d in definitions if key in (_normal(d.term), _normal(d.definiens))), None
            )
            if defined is None:
                defined = next(
                    (d for d in definitions if _normal(d.definiens).startswith(key + " ")), None
                )
            if defined is not None:
                full, short = defined.definiens, defined.abbreviation or defined.term
            else:
                full = short = _title_case(heading)
            pd = self._make_pd(full, short, defined)
            pd.scope = bab
            found.append(pd)
        return found

    def _single_pd(self, definitions: list[Definition]) -> PerangkatDaerah:
        ctx, doc = self.ctx, self.ctx.doc
        title_kind = _first_kind_in(doc.title)
        candidates = [d for d in definitions if pd_kind(d.term)]
        defined = next((d for d in candidates if pd_kind(d.term) is title_kind), None)
        if defined is None and candidates:
            defined = candidates[0]
        if defined is not None:
            return self._make_pd(defined.definiens, defined.term, defined)
        if title_kind is None and doc.judul is None:
            return self._pd_of_excerpt()
        if title_kind is None:
            raise PipelineError(
                "expected the perangkat daerah in a definition ('Dinas adalah ...') or in the "
                "title ('... DINAS ...', '... BADAN ...', '... KECAMATAN ...')",
                None,
                ctx.source_name,
            )
        forms = "|".join(re.escape(f) for f in (title_kind.prefix, *title_kind.synonyms))
        m = re.search(rf"\b((?:{forms})\b.*)$", doc.title, re.IGNORECASE)
        assert m is not None  # title_kind was found in the title
        full = _title_case(m.group(1))
        ctx.warn(
            None,
            f"no '{title_kind.prefix} adalah ...' definition; perangkat daerah named "
            f"from the title: {full}",
        )
        return self._make_pd(full, title_kind.prefix, None)

    def _pd_of_excerpt(self) -> PerangkatDaerah:
        """An excerpt without title block or definition: the perangkat daerah is the kind the
        text names most, itself or by its head ("Kecamatan", "Camat mempunyai tugas"), named as
        the text names it most often ("Dinas Lingkungan Hidup"), else by its kind alone."""
        ctx = self.ctx
        found = _pd_mentions(ctx.doc)
        if not found:
            raise PipelineError(
                "expected the perangkat daerah in a definition ('Dinas adalah ...'), in the "
                "title, or (an excerpt) named in its text ('Dinas X', 'Kepala Dinas', 'Camat')",
                None,
                ctx.source_name,
            )
        counts: dict[str, int] = {}
        for kind, _ in found:
            counts[kind.notation] = counts.get(kind.notation, 0) + 1
        best = max(counts.values())
        kind = next(k for k, _ in found if counts[k.notation] == best)  # a tie: named first
        names = [n for k, n in found if k is kind and n != kind.prefix]
        full = max(names, key=names.count) if names else kind.prefix
        pd = self._make_pd(full, kind.prefix, None)
        how = (
            f"named as the text names it most often ({names.count(full)} times)"
            if names
            else f"the text does not name it: labelled by its kind alone ('{kind.prefix}')"
        )
        note = (
            f"Read from an excerpt without title block or definition: the {kind.en} is the kind "
            f"of perangkat daerah its text names most ({best} mentions of it or its head); {how}."
        )
        pd.notes.append(note)
        ctx.warn(None, f"perangkat daerah of the excerpt: {full}; {how}")
        return pd

    # -- units ----------------------------------------------------------------------------------
    def add_unit(self, name: str, prov: Provision, parent: Unit | None = None) -> Unit | None:
        name = normalise_unit_name(name)
        kind = unit_kind(name)
        if kind is None:
            self.ctx.warn(prov, f"'{name}' is not a kind of unit this pipeline knows")
            return None
        name = as_titled(name, [kind.prefix])
        if kind.leader_cls is None:
            parent = None  # functional and executive groups belong to the whole organisation
        unit = self.org.unit_named(name, self.pd)
        if unit is None:
            unit = Unit(name, kind, self.ctx.iris.unit(self.pd.iri, name), parent, self.pd)
            self.org.units.append(unit)
        if prov not in unit.provisions:
            unit.provisions.append(prov)
        if kind.member_role is not None:
            post = self.org.member_post(unit)
            if post is None:
                role = roles()[kind.member_role]
                # "Kelompok Jabatan Fungsional UPTD X": "Pejabat Fungsional UPTD X"
                name = f"{role.title} {unit.name[len(kind.prefix) :].strip()}".strip()
                post = self._new_post(name, role.notation, role.cls, unit.iri, unit=unit)
            if prov not in post.provisions:
                post.provisions.append(prov)
        return unit

    def read_susunan(self, prov: Provision) -> None:
        """ "Organisasi Dinas terdiri dari: a. Kepala Dinas; b. Sekretariat, membawahkan: ..." """
        for item in prov.children:
            parts = re.split(r",?\s*\bmembawah(?:kan|i)\b\s*:?\s*", item.reading, maxsplit=1)
            head, rest = _clean(parts[0]), (parts[1] if len(parts) > 1 else "")
            role = role_starting(head)
            if role is not None and not unit_kind_starting(head):
                if role.notation != self._head_role() and role.notation not in FUNCTIONAL_ROLES:
                    self._listed_post(head, role, item)  # "c. Inspektur Pembantu Wilayah I;"
                continue  # the head of the organisation is a post ("dipimpin oleh")
            unit = self.add_unit(head, item)
            if unit is None:
                continue
            for sub in [c.reading for c in item.children] or split_unit_names(rest):
                m = _FUNCTION_POST.match(_clean(sub))
                if m:  # "Bidang X, membawahkan: 1. Sub Koordinator Y"
                    self.function_post(item, m, None, listed_in=unit)
                    continue
                child = self.add_unit(sub, item, parent=unit)
                if child is not None and child.kind.leader_cls is None:  # a group under a unit
                    self.org.supervised_groups.append((unit, child, item))

    def _listed_post(self, name: str, role: Role, prov: Provision) -> Post:
        post = self.org.post_named(name, self.pd)
        if post is None:
            post = self._new_post(name, role.notation, role.cls, self.pd.iri)
        if prov not in post.provisions:
            post.provisions.append(prov)
        return post

    # -- posts ----------------------------------------------------------------------------------
    def _new_post(self, name: str, role: str, cls: str, post_in: URIRef, **kw: Any) -> Post:
        name = as_titled(name, roles()[role].titles)
        iri = self.ctx.iris.post(self.ctx.work_id.yurisdiksi, self.pd.name, name)
        post = Post(name, role, cls, iri, post_in, self.pd, **kw)
        self.org.posts.append(post)
        return post

    def _introduce(self, post: Post) -> None:
        if self.pasal is not None:
            self.pasal_posts.setdefault(id(self.pasal), {})[post.role] = post

    def _head_role(self) -> str:
        kind = self.pd.kind
        return kind.leader_role if kind is not None and kind.leader_role else "kepala-dinas"

    def head_post(self, title: str | None, prov: Provision) -> Post:
        """The post leading the perangkat daerah being read, made on its first mention."""
        post = self.org.leader_of(self.pd.iri)
        if post is None and self._head_role() == REGIONAL_SECRETARY:
            # the Sekretariat Daerah is led by the region's own Sekretaris Daerah
            post = next(p for p in self.org.posts if p.regional and p.role == REGIONAL_SECRETARY)
            post.leads = self.pd.iri
        if post is None:
            role = roles()[self._head_role()]
            post = self._new_post(title or role.title, role.notation, role.cls, self.pd.iri)
            post.leads = self.pd.iri
        if prov not in post.provisions:
            post.provisions.append(prov)
        self._introduce(post)
        return post

    def read_led_by(self, prov: Provision, m: re.Match[str]) -> list[Post]:
        phrase = re.sub(r"(?i)^(?:setiap|tiap)\s+", "", name_at_start(m["unit"]) or "")
        title = _leader_title(m["title"])
        if self.pd.named(phrase):
            return [self.head_post(title, prov)]
        names = split_unit_names(phrase) if re.search(r"(?i)masing-masing", m["unit"]) else []
        posts = []
        for unit_phrase in names or [phrase]:
            unit = (
                self._own_group(unit_phrase if names else m["unit"], prov)  # "... pada UPTD X"
                or self.org.unit_named(unit_phrase, self.pd)
                or self._shortened(unit_phrase)
                or self.add_unit(unit_phrase, prov)
            )
            if unit is None:
                continue
            post = self._group_head(unit, m["title"], prov) or self._unit_leader(unit, title, prov)
            if post is not None:
                posts.append(post)
        return posts

    def _shortened(self, phrase: str) -> Unit | None:
        """ "Bidang Pengelolaan Limbah B3 dan Peningkatan Kapasitas" in the Pasal that named
        "Bidang Pengelolaan Sampah, Limbah B3 dan Peningkatan Kapasitas": a unit of the same kind
        named earlier in the same Pasal whose name holds every word of `phrase`, in order (a
        name written short), is that unit, noted. Only one such unit: else it is a new one."""
        name = normalise_unit_name(phrase)
        kind = unit_kind(name)
        pasal = self.pasal
        if kind is None or pasal is None:
            return None
        words = _words(name)
        found = [
            u
            for u in self.org.units
            if u.pd is self.pd
            and u.kind is kind
            and any(p is pasal or p.parent is pasal or pasal in _ancestors(p) for p in u.provisions)
            and _subsequence(words, _words(u.name))
        ]
        if len(found) != 1:
            return None
        self._note(
            f"The text names '{name}', the unit '{found[0].name}' named earlier in this Pasal "
            "with words left out; read as that unit."
        )
        return found[0]

    def _own_group(self, text: str, prov: Provision) -> Unit | None:
        """A group without a head that is a unit's own, not the perangkat daerah's: named
        "Kelompok Jabatan Fungsional pada UPTD X" (or "... UPTD X"), or named bare in a Pasal
        where the group "mempunyai tugas melaksanakan sebagian tugas UPTD X". It is the unit
        "Kelompok Jabatan Fungsional UPTD X", under the unit with a head it names."""
        text = normalise_unit_name(re.sub(r"(?i)^(?:setiap|tiap)\s+", "", strip_lead_in(text)))
        kind = unit_kind_starting(text)
        if kind is None or kind.leader_cls is not None:
            return None
        tail = re.sub(r"(?i)^pada\s+", "", text[len(kind.prefix) :].strip())
        owner = self._headed_unit_at(tail) if tail[:1].isupper() else self._owner_in_pasal(kind)
        if owner is None:
            return None
        unit = self.add_unit(f"{kind.prefix} {owner.name}", prov)
        if unit is not None:
            unit.parent = owner  # add_unit puts groups under the organisation; this one is not
        return unit

    def _headed_unit_at(self, text: str) -> Unit | None:
        """The unit with a head, of the perangkat daerah being read, whose name `text` starts
        with (the longest such name)."""
        found = [
            u
            for u in self.org.units
            if u.pd is self.pd and u.kind.leader_cls is not None and _starts_with(text, u.name)
        ]
        return max(found, key=lambda u: len(u.name), default=None)

    def _owner_in_pasal(self, kind: UnitKind) -> Unit | None:
        """The one unit with a head whose tasks the bare group of `kind` carries out part of,
        said in the Pasal being read ("Kelompok Jabatan Fungsional mempunyai tugas melaksanakan
        sebagian tugas UPTD X")."""
        if self.pasal is None:
            return None
        owners: list[Unit] = []
        for prov in self.pasal.iter():
            text = normalise_unit_name(" ".join(prov.reading.split()))
            m = _PART_OF.search(text)
            if m is None or not _starts_with(text, kind.prefix):
                continue
            owner = self._headed_unit_at(text[m.start("of") :])
            if owner is not None and owner not in owners:
                owners.append(owner)
        return owners[0] if len(owners) == 1 else None

    def _group_head(self, unit: Unit, title: str, prov: Provision) -> Post | None:
        """ "Setiap Kelompok Jabatan Fungsional dipimpin oleh seorang tenaga fungsional senior":
        a group without a head in the genre whose text gives it one. Its head is a member of the
        group (its member role) leading it: "Ketua Kelompok Jabatan Fungsional UPTD X"."""
        role = roles()[unit.kind.member_role] if unit.kind.member_role else None
        if role is None or not _GROUP_HEAD.match(title):
            return None
        post = self.org.leader_of(unit.iri)
        if post is None:
            post = self._new_post(
                f"Ketua {unit.name}", role.notation, role.cls, unit.iri, unit=unit, leads=unit.iri
            )
            post.notes.append(f"The text names its head '{_clean(title.split(' yang ')[0])}'.")
        if prov not in post.provisions:
            post.provisions.append(prov)
        self._introduce(post)
        return post

    def _unit_leader(self, unit: Unit, title: str, prov: Provision) -> Post | None:
        kind = unit.kind
        if kind.leader_role is None or kind.leader_cls is None:
            self.ctx.warn(prov, f"'{unit.name}' has no head in this genre, yet is 'dipimpin'")
            return None
        # "Kepala" alone, or "Kepala Bidang" leading "Bidang X": the post is "Kepala Bidang X";
        # "Lurah" leading "Kelurahan X": "Lurah X"; "Sekretaris" leading "Sekretariat": itself.
        head = _starts_with(title, "Kepala")  # also as a scan misreads it: "Kepa1a Bidanq"
        kind_word = title[len("Kepala") :].strip() if head else ""
        rest = unit.name[len(kind.prefix) :].strip()
        titles = roles()[kind.leader_role].titles
        if head and (not kind_word or ocr_key(unit.name).startswith(ocr_key(kind_word))):
            name = f"Kepala {unit.name}"
        elif rest and (written := next((t for t in titles if ocr_key(t) == ocr_key(title)), None)):
            name = f"{written} {rest}"
        else:
            name = title
        post = self.org.leader_of(unit.iri)
        if post is None:
            post = self._new_post(
                name, kind.leader_role, kind.leader_cls, unit.iri, unit=unit, leads=unit.iri
            )
        post.provisions.append(prov)
        self._introduce(post)
        return post

    def function_post(
        self,
        prov: Provision,
        m: re.Match[str],
        superior: Post | None,
        listed_in: Unit | None = None,
    ) -> Post:
        """A Koordinator / Sub Koordinator post, named by its function or its substansi."""
        role = role_by_title(m["role"]) or roles()["sub-koordinator"]
        fn = _clean(m["fn"]) if m["fn"] else name_at_start(m["sub"] or "")
        post = self.org.function_post(role.notation, fn, self.pd)
        if post is None:
            unit = superior.unit if superior is not None else listed_in
            post_in = unit.iri if unit is not None else self.pd.iri
            kelompok = " ".join((m["kelompok"] or "").split())
            post = self._new_post(
                " ".join(p for p in (role.title, kelompok, fn) if p),
                role.notation,
                role.cls,
                post_in,
                unit=unit,
                function=fn,
                listed_under=superior,
                listed_in=listed_in,
            )
        if prov not in post.provisions:
            post.provisions.append(prov)
        return post

    # -- names ----------------------------------------------------------------------------------
    def _visible(self, post: Post) -> bool:
        return post.pd is None or post.pd is self.pd

    def resolve_subject(self, text: str, prov: Provision | None = None) -> Holder | None:
        text = strip_lead_in(text)
        own = self._own_group(text, prov) if prov is not None else None
        if own is not None:
            return own
        m = _FUNCTION_POST.match(text)
        if m:
            role = role_by_title(m["role"]) or roles()["sub-koordinator"]
            fn = _clean(m["fn"]) if m["fn"] else name_at_start(m["sub"] or "")
            found = self.org.function_post(role.notation, fn, self.pd)
            if found is None and m["sub"] and fn and prov is not None:
                found = self.function_post(prov, m, None)  # named by its substansi, first here
            return found
        names: list[tuple[str, Holder | str]] = [
            (p.name, p) for p in self.org.posts if self._visible(p)
        ]
        names += [(u.name, u) for u in self.org.units if u.pd is self.pd]
        names += [(label, label) for label in role_titles()]
        names += [(alias, self.pd) for alias in self.pd.aliases]
        names.sort(key=lambda n: -len(n[0]))
        for name, thing in names:
            if _starts_with(text, name):
                if isinstance(thing, str):
                    if name_at_start(text).lower() != name.lower():
                        break  # a longer name than the title: "Kepala Sub Bagian Tata Usaha X"
                    found_posts = self.resolve(thing, None, prov=prov)
                    if not found_posts and prov is not None and _DIRECT.search(text):
                        found_posts = self._group_member(thing, prov)
                    if not found_posts:
                        break  # a title no post holds yet: perhaps "Kepala <new unit>"
                    return found_posts[0] if len(found_posts) == 1 else None
                return thing
        # "Kepala UPTD X mempunyai tugas ...": the head of a unit the susunan did not list
        head = re.match(r"(?i)kepala\s+(?=\S)", text)
        if head and prov is not None and unit_kind_starting(text[head.end() :]):
            unit = self.resolve_subject(text[head.end() :], prov)
            if isinstance(unit, Unit):
                return self.org.leader_of(unit.iri) or self._unit_leader(unit, "Kepala", prov)
        # "Seksi X mempunyai tugas ...": a unit the susunan did not list
        name = normalise_unit_name(name_at_start(text))
        kind = unit_kind(name)
        acts = re.match(
            rf"{re.escape(name)},?\s+{_AS_MEANT}?{_ACTS}", normalise_unit_name(text), re.I
        )
        if kind is not None and prov is not None and acts:
            return self.add_unit(name, prov)
        return None

    def _subjects(self, text: str, prov: Provision) -> list[Holder]:
        """ "A, B dan C masing-masing ...": each of them; else the one subject, if any."""
        m = _EACH.match(strip_lead_in(text))
        if m:
            found = [self.resolve_subject(n, prov) for n in split_unit_names(m["names"])]
            each = [f for f in found if f is not None]
            if len(each) > 1:
                return each
        one = self.resolve_subject(text, prov)
        if one is None and re.match(r"(?i)(?:dalam|untuk)\s", text):
            one = self._subject_before_verb(text)
        return [one] if one is not None else []

    def _subject_before_verb(self, text: str) -> Holder | None:
        """ "Dalam melaksanakan tugas ... Pasal 3 Dinas menyelenggarakan fungsi:" (no comma after
        the lead-in): the known name right before the duty verb."""
        names: list[tuple[str, Holder]] = [(p.name, p) for p in self.org.posts if self._visible(p)]
        names += [(u.name, u) for u in self.org.units if u.pd is self.pd]
        names += [(alias, self.pd) for alias in self.pd.aliases]
        for name, thing in sorted(names, key=lambda n: -len(n[0])):
            verb = r"\s*,?\s+(?:mempunyai|memiliki|menyel[ae]nggarakan)\b"
            if re.search(rf"(?<!\w){re.escape(name)}{verb}", text):
                return thing
        return None

    def resolve(
        self,
        phrase: str,
        subject: Post | None,
        every: bool = False,
        prov: Provision | None = None,
    ) -> list[Post]:
        """The posts a phrase names. `every`: a plural reference ("kepada ... Kepala Bidang")."""
        phrase = re.sub(r"^(?:seorang|para)\s+", "", _clean(phrase))
        org, pd = self.org, self.pd
        post = org.post_named(phrase, pd)
        if post is not None:
            return [post]
        head_role = roles()[self._head_role()]
        for alias in pd.aliases:  # "Sekretaris Dinas", "Kepala Dinas Lingkungan Hidup"
            if role_by_title(phrase) or not phrase.lower().endswith(" " + alias.lower()):
                continue
            shorter = phrase[: -len(alias) - 1]
            if shorter.lower() == "kepala":
                return self.resolve(head_role.title, subject, every, prov)
            if org.post_named(shorter, pd) or role_by_title(shorter):
                found = self.resolve(shorter, subject, every, prov)
                if len(found) == 1:
                    self._note(
                        f"The text names '{phrase}', a title it does not establish; read as "
                        f"the post '{found[0].name}' of the {pd.short}."
                    )
                return found
        if re.search(r"\bsebagai\s+", phrase):  # "Pejabat Fungsional yang ditunjuk sebagai X"
            return self.resolve(re.split(r"\bsebagai\s+", phrase)[-1], subject, every=True)
        if re.match(r"(?i)jabatan\s+administrasi\b", phrase):
            return [p for p in org.posts if roles()[p.role].administrasi and self._visible(p)]
        role = role_by_title(phrase)
        if role is not None:
            candidates = org.posts_with_role(role.notation, pd)
            if not candidates and role.notation == head_role.notation and prov is not None:
                return [self.head_post(phrase, prov)]  # the head, named before "dipimpin"
            if every or len(candidates) <= 1:
                return candidates
            return [self._closest(candidates, subject)]
        unit = org.unit_named(phrase, pd)
        if unit is not None:
            post = org.leader_of(unit.iri) or org.member_post(unit)
            return [post] if post else []
        return []

    def _group_member(self, title: str, prov: Provision) -> list[Post]:
        """ "Pemegang Jabatan Fungsional ... bertanggungjawab kepada Kepala Dinas" before the
        text names their group: the members' post of the group without a head whose members
        hold that title (Kelompok Jabatan Fungsional), the group made on this mention."""
        role = role_by_title(title)
        group = next((k for k in unit_kinds() if role and k.member_role == role.notation), None)
        unit = self.add_unit(group.prefix, prov) if group is not None else None
        member = self.org.member_post(unit) if unit is not None else None
        return [member] if member is not None else []

    def _referenced_head(self, phrase: str, prov: Provision) -> list[Post]:
        """A head the text names only as a superior ("bertanggung jawab kepada Kepala Dinas" in
        an excerpt without the Kepala Dinas' Pasal): the head of the perangkat daerah, "Kepala
        <unit>" or the one head of a unit named by its kind alone ("Sekretaris": Sekretariat),
        made on this mention and noted as known only from the reference."""
        phrase = re.sub(r"^(?:seorang|para)\s+", "", _clean(phrase))
        role = role_by_title(phrase)
        post: Post | None = None
        if role is not None and role.notation == self._head_role():
            post = self.head_post(phrase, prov)
        elif m := re.match(r"(?i)kepala\s+(?=\S)", phrase):
            name = phrase[m.end() :]
            unit = None
            if unit_kind_starting(name) and name_at_start(name) == name:
                unit = self.org.unit_named(name, self.pd) or self.add_unit(name, prov)
            post = self._unit_leader(unit, "Kepala", prov) if unit is not None else None
        elif role is not None:
            kind = next((k for k in unit_kinds() if k.leader_role == role.notation), None)
            if kind is not None and unit_kind(kind.prefix) is kind:
                unit = self.org.unit_named(kind.prefix, self.pd) or self.add_unit(kind.prefix, prov)
                post = self._unit_leader(unit, phrase, prov) if unit is not None else None
        if post is None:
            return []
        if len(post.provisions) == 1:  # this reference is all the text says of it
            post.notes.append(
                f"Known from this text only as the superior a reporting line names (line "
                f"{prov.line_start}: 'kepada {phrase}'); the provision establishing it is not in "
                "the text."
            )
        return [post]

    def _external_head(self, phrase: str, prov: Provision) -> list[Post]:
        """ "bertanggung jawab kepada Kepala Dinas Kesehatan" in the regulation of a body placed
        under another (an RSUD under the Dinas Kesehatan, a UPTD organised by a regulation of its
        own): the head of that perangkat daerah, a post its own regulation establishes. Made on
        this mention, with the IRIs that regulation gives the body and its head, so that the two
        regulations meet there; nothing else of the other body is asserted."""
        phrase = re.sub(r"^(?:seorang|para)\s+", "", _clean(phrase))
        region = self.ctx.doc.region_name
        for kind in pd_kinds():
            role = roles().get(kind.leader_role or "")
            if role is None:
                continue
            # "Kepala Dinas" + " Kesehatan": the role's title ends with the kind's name
            title = next(
                (t for t in role.titles
                 if t.lower().endswith(" " + kind.prefix.lower())
                 and phrase.lower().startswith(t.lower() + " ")),
                None,
            )  # fmt: skip
            if title is None:
                continue
            name = kind.prefix + phrase[len(title) :]
            name = re.sub(rf"\s+{re.escape(region)}\s*$", "", name, flags=re.IGNORECASE)
            # the text's own body, or a misspelling of it ("Menengh"), is no other body
            if name_at_start(name) != name or any(
                pd.named(name) or _similar(name, pd.name) for pd in self.org.pds
            ):
                return []
            return [self._outside_head(name, kind, role, prov)]
        return []

    def _outside_head(self, name: str, kind: UnitKind, role: Role, prov: Provision) -> Post:
        yurisdiksi = self.ctx.work_id.yurisdiksi
        iri = self.ctx.iris.post(yurisdiksi, name, role.title)
        post = next((p for p in self.org.posts if p.iri == iri), None)
        if post is None:
            body = PerangkatDaerah(
                name, name, kind, self.ctx.iris.perangkat_daerah(yurisdiksi, name), (name,)
            )
            body.notes.append(
                f"Named in this regulation only as the body of the superior '{role.title} "
                f"{name[len(kind.prefix) :].strip()}'; its own regulation organises it."
            )
            self.org.outside.append(body)
            post = Post(role.title, role.notation, role.cls, iri, body.iri, body, external=True)
            post.leads = body.iri
            post.notes.append(
                f"The head of another perangkat daerah ({name}), known from this text only as "
                f"the superior a reporting line names (line {prov.line_start}); its own "
                "regulation establishes it."
            )
            self.org.posts.append(post)
        for provisions in (post.provisions, post.pd.provisions if post.pd else []):
            if prov not in provisions:
                provisions.append(prov)
        return post

    def _closest(self, candidates: list[Post], subject: Post | None) -> Post:
        if subject is not None and subject.listed_under in candidates:
            return subject.listed_under
        if self.pasal is not None:
            here = self.pasal_posts.get(id(self.pasal), {})
            for c in candidates:
                if here.get(c.role) is c:
                    return c
        if subject is not None and subject.unit is not None:
            unit: Unit | None = subject.unit
            while unit is not None:
                for c in candidates:
                    if c.leads == unit.iri and c is not subject:
                        return c
                unit = unit.parent
        return candidates[-1]  # the one introduced most recently before this provision

    # -- reporting lines --------------------------------------------------------------------------
    def read_lines(self, prov: Provision, subject: Post) -> None:
        text = " ".join(prov.reading.split())
        found: list[Line] = []
        # one clause each ("secara teknis ... kepada X dan secara administratif ... kepada Y")
        for m in _DIRECT.finditer(text):
            before = len(found)
            sup = m["sup"]
            if re.search(r"\s+atau\s+", sup):
                superiors: list[Post] = []
                for alternative in re.split(r"\s+atau\s+", sup):
                    superiors += [
                        p
                        for p in self.resolve(alternative, subject, every=True)
                        if p is not subject and p not in superiors
                    ]
                if superiors:
                    found.append(Line(subject, superiors, "langsung", prov, one_of=True))
            else:
                superiors = (
                    self.resolve(sup, subject)
                    or self._referenced_head(sup, prov)
                    or self._external_head(sup, prov)
                )
                via = self.resolve(m["via"], subject) if m["via"] else []
                if len(superiors) == 1 and superiors[0] is not subject:
                    found.append(
                        Line(
                            subject,
                            superiors,
                            "langsung",
                            prov,
                            via=via[0] if len(via) == 1 else None,
                        )
                    )
            if len(found) == before:
                self.ctx.warn(prov, f"cannot tell which post '{_clean(sup)}' is")
        c = _COORDINATIVE.search(text)
        if c:
            superiors = []
            for name in split_names(c["list"]):
                superiors += [
                    p for p in self.resolve(name, subject, every=True) if p not in superiors
                ]
            if superiors:
                found.append(Line(subject, superiors, "koordinatif", prov))
        for line in found:
            key = (
                line.subordinate.iri,
                tuple(p.iri for p in line.superiors),
                line.kind,
                line.via.iri if line.via else None,
            )
            if key not in self.seen_lines:  # a later restatement (e.g. in Tata Kerja) adds nothing
                self.seen_lines.add(key)
                self.org.lines.append(line)

    # -- the pass -------------------------------------------------------------------------------
    def read(self) -> Organisation:
        for top in self.ctx.doc.body:
            self.pd = next((pd for pd in self.org.pds if pd.scope is top), self.org.pd)
            for prov in top.iter():
                if prov.kind == "pasal":
                    self.pasal = prov
                self.read_provision(prov)
        self.pd = self.org.pd
        self.current = None  # what follows reads lists, not sentences: no notes
        self._implied_lines()
        self._unsur()
        self._grade_rule()
        self._region_post_mentions()
        return self.org

    def _region_post_mentions(self) -> None:
        """A region post (Bupati, Sekretaris Daerah) is derived from its definition and from every
        provision or block that names it ("... kepada Bupati melalui Sekretaris Daerah", the
        signature "Plt. BUPATI BEKASI"), by any of its titles ("Walikota", "Wali Kota")."""
        regional = [p for p in self.org.posts if p.regional]
        for part in self.ctx.doc.parts():
            for prov in part.iter():
                for post in regional:
                    titles = roles()[post.role].titles
                    if prov not in post.provisions and any(
                        mentions(t, prov.reading) for t in titles
                    ):
                        post.provisions.append(prov)

    def read_provision(self, prov: Provision) -> None:
        self.current = prov
        text = " ".join(prov.reading.split())
        if not text:
            if _names_only(prov):
                self.read_susunan(prov)
            return
        if _SUSUNAN.search(text) and prov.children:
            self.read_susunan(prov)
            return
        subjects: list[Holder]
        led = _LED_BY.match(text)
        fn = _FUNCTION_POST.match(text)
        if led:
            subjects = list(self.read_led_by(prov, led))
        elif fn and (direct := _DIRECT.search(text)):
            # "Sub Koordinator yang melaksanakan fungsi X berkedudukan ... kepada Kepala Bidang"
            known = self.resolve_subject(text)
            superior = None
            if known is None:
                sup = self.resolve(direct["sup"], None)
                superior = sup[0] if len(sup) == 1 else None
            post = self.function_post(prov, fn, superior)
            self._introduce(post)
            subjects = [post]
        else:
            subjects = self._subjects(text, prov)
        if len(subjects) == 1:
            self.org.subjects[id(prov)] = subjects[0]
            if isinstance(subjects[0], Unit):
                self._part_of(subjects[0], text)
        supervises = _SUPERVISES.search(text)
        consists = supervises or _CONSISTS.search(text)
        if consists and len(subjects) == 1 and isinstance(subjects[0], Unit):
            # "Sekretariat membawahkan / terdiri dari: a. Sub Bagian ...": units under a unit
            self._units_under(subjects[0], prov, consists["rest"])
        if supervises and len(subjects) == 1 and isinstance(subjects[0], Post):
            headed = subjects[0].unit
            if headed is not None and subjects[0].leads == headed.iri:
                # "Bidang X dipimpin oleh Kepala Bidang ..., membawahi : Seksi A; ...": the
                # units under the unit its head leads
                self._units_under(headed, prov, supervises["rest"])
        if supervises and len(subjects) == 1 and isinstance(subjects[0], Post):
            items = [c for c in prov.children] or [prov]
            for item in items:
                item_text = supervises["rest"] if item is prov else " ".join(item.reading.split())
                m = _FUNCTION_POST.match(item_text)
                if m:
                    self.function_post(item, m, superior=subjects[0])
        if not (_DIRECT.search(text) or _COORDINATIVE.search(text)):
            return
        for subject in subjects:
            holder: Post | None
            if isinstance(subject, Unit):
                holder = self.org.leader_of(subject.iri) or self.org.member_post(subject)
            elif isinstance(subject, PerangkatDaerah):
                holder = self.org.leader_of(subject.iri)
            else:
                holder = subject
            if holder is not None and not holder.regional:
                self.read_lines(prov, holder)

    def _part_of(self, unit: Unit, text: str) -> None:
        """ "Sub Bagian Umum mempunyai tugas melaksanakan sebagian tugas dan fungsi Sekretariat":
        the drafting formula of a unit under another. A unit of the perangkat daerah with no
        place yet goes under the unit it names (never into a cycle), noted."""
        m = _PART_OF.search(text)
        if m is None or unit.parent is not None or unit.kind.leader_cls is None:
            return
        whole = self.org.unit_named(m["of"], self.pd)
        if whole is None or whole.kind is unit.kind:
            return
        above: Unit | None = whole
        while above is not None:
            if above is unit:
                return
            above = above.parent
        unit.parent = whole
        self._note(
            f"'{unit.name}' carries out part of the tasks of '{whole.name}' ('sebagian tugas "
            f"... {m['of']}'); read as a unit under it."
        )

    def _units_under(self, unit: Unit, prov: Provision, rest: str) -> None:
        """The units a provision lists under `unit`: its list items, else the names after the
        verb ("membawahkan Sub Bagian A dan Sub Bagian B")."""
        for sub in [c.reading for c in prov.children] or split_unit_names(rest):
            if unit_kind_starting(_clean(sub)):
                self.add_unit(_clean(sub), prov, parent=unit)

    def _implied_lines(self) -> None:
        """A Koordinator / Sub Koordinator listed under a post (or in the susunan under a unit)
        but never given its own "bertanggungjawab kepada" clause reports to the post that lists
        it (the unit's head)."""
        direct = {line.subordinate for line in self.org.lines if line.kind == "langsung"}
        for post in self.org.posts:
            superior = post.listed_under
            if superior is None and post.listed_in is not None:
                superior = self.org.leader_of(post.listed_in.iri)
            if superior is not None and post not in direct:
                self.org.lines.append(Line(post, [superior], "langsung", post.provisions[0]))

    def _unsur(self) -> None:
        """ "Dinas terdiri dari unsur-unsur: a. Pimpinan adalah Kepala Dinas; ..." """
        for top in self.ctx.doc.body:
            for prov in top.iter():
                if not (_UNSUR.search(prov.reading) and prov.children):
                    continue
                for item in prov.children:
                    label, sep, names = " ".join(item.reading.split()).partition(" adalah ")
                    if not sep:
                        continue
                    notation = slugify_unsur(label)
                    for name in split_names(names):
                        for iri in self._org_things(name):
                            self.org.unsur.append((iri, notation, item))

    def _org_things(self, name: str) -> list[URIRef]:
        """What an unsur names, as the text names it: a unit, all units of a kind ("Bidang",
        "Sub Bagian"), or a post ("Pimpinan adalah Kepala Dinas" names the post, not the Dinas)."""
        unit = self.org.unit_named(name)
        if unit is not None:
            return [unit.iri]
        kind = unit_kind(normalise_unit_name(name))
        if kind is not None and normalise_unit_name(name) == kind.prefix:
            return [u.iri for u in self.org.units if u.kind is kind]
        return [p.iri for p in self.resolve(name, None, every=True)]

    def _grade_rule(self) -> None:
        """ "... paling rendah menduduki Jabatan Fungsional Ahli Muda" and the next provision's
        "Dalam hal tidak terdapat ... jenjang Ahli Pertama atau ... jenjang Penyelia"."""
        for top in self.ctx.doc.body:
            for prov in top.iter():
                text = " ".join(prov.reading.split())
                minimum = _MINIMUM.search(text)
                grade = _GRADE.search(text, minimum.end()) if minimum else None
                if grade is None:
                    continue
                role = next(
                    (
                        role_titles()[title].notation
                        for title in sorted(role_titles(), key=len, reverse=True)
                        if role_titles()[title].notation in FUNCTIONAL_ROLES and title in text
                    ),
                    None,
                )
                if role is None:
                    continue
                rule = GradeRule(role, _GRADES[grade[1].lower()], [], None, [prov])
                parent = self.ctx.parent(prov)
                siblings = parent.children if parent is not None else []
                after = siblings[siblings.index(prov) + 1 :] if prov in siblings else []
                if after and _FALLBACK.match(" ".join(after[0].reading.split())):
                    fallback = " ".join(after[0].reading.split())
                    condition = re.split(r"\s+maka\s+|,\s*", fallback, maxsplit=1)[0]
                    # the grades after the condition (it may name the minimum it lacks)
                    after_condition = fallback[len(condition) :]
                    rule.fallbacks = [_GRADES[g.lower()] for g in _GRADE.findall(after_condition)]
                    rule.condition = condition
                    rule.provisions.append(after[0])
                self.org.grade_rule = rule
                return


def _words(name: str) -> list[str]:
    return re.findall(r"\w+", name.lower())


def _subsequence(short: list[str], long: list[str]) -> bool:
    """Every word of `short` in `long`, in order, and `long` longer."""
    rest = iter(long)
    return len(short) < len(long) and all(word in rest for word in short)


def _ancestors(prov: Provision) -> list[Provision]:
    found, node = [], prov.parent
    while node is not None:
        found.append(node)
        node = node.parent
    return found


def _names_only(prov: Provision) -> bool:
    """A list with no introduction of its own whose items are each just the name of a unit or a
    post ("a. Inspektur; b. Sekretariat; c. Inspektur Pembantu Wilayah I; ..."), as a web page
    shows the susunan organisasi under a caption: read as the susunan. An item with a clause
    after its name ("Sekretariat mempunyai tugas") or a list under it is no bare name."""
    if len(prov.children) < 2:
        return False
    for item in prov.children:
        name = _clean(item.reading)
        if item.children or name_at_start(name) != name:
            return False
        if not (unit_kind_starting(name) or role_starting(name)):
            return False
    return True


def slugify_unsur(label: str) -> str:
    return re.sub(r"[^a-z]+", "-", label.lower()).strip("-")


def read_organisation(ctx: BuildContext) -> Organisation:
    org = _Reader(ctx).read()
    ctx.organisation = org
    return org


# ---------------------------------------------------------------------------------------------
# Emission
def emit_organisation(ctx: BuildContext, org: Organisation) -> None:
    b, doc = ctx.builder, ctx.doc
    region_label = f"Pemerintah {doc.region_name}"
    b.types(org.region_iri, ORG.FormalOrganization, CV.PublicOrganisation, SOTK.PemerintahDaerah)
    b.pref_label(org.region_iri, region_label)
    b.labels(org.region_iri, region_label, f"Government of {doc.region_name}")
    b.derived(org.region_iri, *(ctx.iri(p) for p in org.region_provisions))

    for body in [*org.pds, *org.outside]:
        pd = body.iri
        b.types(pd, ORG.FormalOrganization, CV.PublicOrganisation, SOTK.PerangkatDaerah)
        if body.kind is not None:
            b.types(pd, SOTK[body.kind.cls])
        full = f"{body.name} {doc.region_name}"
        b.pref_label(pd, full)
        b.labels(pd, full, _pd_en(body, doc.region_name))
        b.add(pd, ORG.subOrganizationOf, org.region_iri)
        b.derived(pd, *(ctx.iri(p) for p in body.provisions))
        b.notes(pd, body.notes)

    for unit in org.units:
        u = unit.iri
        b.types(u, ORG.OrganizationalUnit, SOTK.UnitOrganisasi, SOTK[unit.kind.cls])
        b.pref_label(u, unit.name)
        unit_en = _unit_en(unit)
        b.labels(u, unit.name, unit_en)
        _qualified(ctx, u, unit.name, unit_en, unit.pd)
        if unit.parent is None:
            b.add(u, ORG.unitOf, unit.pd.iri)
            b.add(u, ORG.subOrganizationOf, unit.pd.iri)
            b.add(unit.pd.iri, ORG.hasUnit, u)
        else:
            b.add(u, ORG.subOrganizationOf, unit.parent.iri)
        b.add(u, SOTK.establishedBy, ctx.work)
        b.derived(u, *(ctx.iri(p) for p in unit.provisions))

    for thing, notation, _prov in org.unsur:
        b.add(thing, SOTK.unsurOrganisasi, ctx.iris.concept("unsur-organisasi", notation))
    for unit, group, _item in org.supervised_groups:
        b.add(unit.iri, SOTK.supervisesGroup, group.iri)
    for prov, note in [*org.notes, *_supervision_notes(ctx, org)]:
        b.notes(ctx.iri(prov), [note])

    rule_iri = _emit_grade_rule(ctx, org)
    for post in org.posts:
        _emit_post(ctx, post, rule_iri)
    _emit_lines(ctx, org)


def _qualified(ctx: BuildContext, s: URIRef, label: str, en: str, pd: PerangkatDaerah) -> None:
    """The label qualified by its perangkat daerah, as skos:altLabel: "Sekretaris, Dinas Koperasi,
    Usaha Kecil dan Menengah Kabupaten Bekasi", so that a bare "Sekretaris" is told apart from
    the Sekretaris of every other Dinas once several regulations are loaded."""
    region = ctx.doc.region_name
    ctx.builder.text(s, SKOS.altLabel, f"{label}, {pd.name} {region}", "id")
    ctx.builder.text(s, SKOS.altLabel, f"{en}, {_pd_en(pd, region)}", "en")


def _unit_en(unit: Unit) -> str:
    """ "Cooperative Empowerment Division"; a name with a word the glossary lacks stays
    Indonesian, its kind in English beside it: "Bidang Xyz (Division)"."""
    kind = unit.kind
    return kind_name_en(unit.name, (kind.prefix, *kind.synonyms), kind.en) or (
        f"{unit.name} ({kind.en})"
    )


def _pd_en(body: PerangkatDaerah, region: str) -> str:
    """ "Cooperatives and Small and Medium Enterprises Regional Agency of Kabupaten Bekasi" (the
    region's name is a proper name)."""
    kind = body.kind
    named = kind and kind_name_en(body.name, (kind.prefix, *kind.synonyms), kind.en)
    return f"{named} of {region}" if named else f"{body.name} {region} (regional government agency)"


def _post_en(ctx: BuildContext, post: Post, label: str) -> str:
    """A post's English label, translated: its role's name when the label is the role's title
    ("Secretary"); "Head of the Cooperative Empowerment Division" for the head of a unit; "Sub-
    Coordinator for Micro Enterprise Facilitation" for a function; the region's posts "of" the
    region ("Regent of Kabupaten Bekasi"). Where a word is not in the glossary, the role in
    English and the Indonesian name: "Head of Division (Kepala Bidang Xyz)"."""
    role = roles()[post.role]
    if post.regional:
        return f"{role.en} of {ctx.doc.region_name}"
    if " ".join(label.split()).lower() in (t.lower() for t in role.titles):
        return role.en
    if post.leads is not None and post.unit is not None and role.en.startswith("Head of "):
        kind = post.unit.kind
        unit_en = kind_name_en(post.unit.name, (kind.prefix, *kind.synonyms), kind.en)
        if unit_en is not None:
            return f"Head of the {unit_en}"
    function = post.function and translate_name(post.function)
    if function:
        return f"{role.en} for {function}"
    title = next((t for t in role.titles if label.lower().startswith(t.lower() + " ")), None)
    of = title and translate_name(label[len(title) + 1 :])
    if of:  # "Sekretaris Kecamatan": "Secretary of the District"
        return f"{role.en} of the {of}"
    return f"{role.en} ({label})"


def _supervision_notes(ctx: BuildContext, org: Organisation) -> list[tuple[Provision, str]]:
    """A group that units "membawahkan" in the susunan while the group's own Pasal makes it
    answer directly to another post: both statements are kept; the susunan provision says so."""
    notes = []
    groups = {id(g): g for _, g, _ in org.supervised_groups}
    for group in groups.values():
        pairs = [(u, i) for u, g, i in org.supervised_groups if g is group]
        leaders = {org.leader_of(u.iri) for u, _ in pairs}
        member = org.member_post(group)
        for line in org.lines:
            if line.subordinate is not member or line.kind != "langsung" or line.one_of:
                continue
            if leaders & set(line.superiors):
                continue
            items = ", ".join(ctx.label(i) for _, i in pairs)
            units = ", ".join(u.name for u, _ in pairs)
            superiors = ", ".join(p.name for p in line.superiors)
            notes.append(
                (
                    ctx.parent(pairs[0][1]) or pairs[0][1],
                    f"{items}: {units} 'membawahkan' the {group.name} (sotk:supervisesGroup), "
                    f"while {ctx.label(line.provision)} makes the {group.name} answer directly "
                    f"to {superiors}. Both statements are kept as written; only the latter is "
                    "a reporting line.",
                )
            )
    return notes


def _emit_post(ctx: BuildContext, post: Post, rule_iri: URIRef | None) -> None:
    b, p = ctx.builder, post.iri
    b.types(p, ORG.Post, SOTK[post.cls])
    b.add(p, ORG.postIn, post.post_in)
    b.add(p, ORG.role, ctx.iris.concept("peran", post.role))
    label = post.label or post.name
    b.pref_label(p, label)
    label_en = _post_en(ctx, post, label)
    b.labels(p, label, label_en)
    if post.pd is not None:
        _qualified(ctx, p, label, label_en, post.pd)
    if post.leads is not None:
        b.add(p, SOTK.leads, post.leads)
        b.add(p, ORG.role, ORG.Head)
    if post.function:
        b.text(p, SOTK.subKoordinatorFunction, post.function)
    if rule_iri is not None and post.role == "sub-koordinator":
        b.add(p, SOTK.gradeRequirement, rule_iri)
    if not post.regional and not post.external:
        b.add(p, SOTK.establishedBy, ctx.work)
    b.derived(p, *(ctx.iri(prov) for prov in post.provisions))
    b.notes(p, post.notes)


def _emit_lines(ctx: BuildContext, org: Organisation) -> None:
    b = ctx.builder
    per_provision: dict[int, int] = {}
    for line in org.lines:
        per_provision[id(line.provision)] = per_provision.get(id(line.provision), 0) + 1
    counter: dict[int, int] = {}
    for line in org.lines:
        key = id(line.provision)
        counter[key] = counter.get(key, 0) + 1
        n = counter[key] if per_provision[key] > 1 else None
        iri = ctx.iris.reporting_line(ctx.work_id, ctx.path(line.provision), n)
        sub = line.subordinate.iri
        b.types(iri, SOTK.ReportingLine)
        b.add(iri, SOTK.subordinate, sub)
        b.add(iri, SOTK.lineKind, ctx.iris.concept("jenis-hubungan", line.kind))
        for sup in line.superiors:
            b.add(iri, SOTK.superior, sup.iri)
            if line.kind == "koordinatif":
                b.add(sub, SOTK.coordinativelyAccountableTo, sup.iri)
            elif line.one_of:
                b.add(sub, SOTK.reportsToOneOf, sup.iri)
            else:
                b.add(sub, SOTK.reportsDirectlyTo, sup.iri)
                b.add(sub, ORG.reportsTo, sup.iri)
        if line.via is not None:
            b.add(iri, SOTK.via, line.via.iri)
            b.add(sub, SOTK.reportsVia, line.via.iri)
        names = ", ".join(s.name for s in line.superiors)
        kind_en = "one of" if line.one_of else _LINE_KIND_EN[line.kind]
        b.labels(
            iri,
            f"{line.subordinate.name} → {names}",
            f"Reporting line ({kind_en}): {line.subordinate.name} → {names}",
        )
        b.derived(iri, ctx.iri(line.provision))


def _emit_grade_rule(ctx: BuildContext, org: Organisation) -> URIRef | None:
    rule = org.grade_rule
    if rule is None:
        return None
    b = ctx.builder
    iri = ctx.iris.grade_rule(ctx.work_id, ctx.path(rule.provisions[0]))
    b.types(iri, SOTK.GradeRequirement)
    b.add(iri, SOTK.appliesToRole, ctx.iris.concept("peran", rule.role))
    b.add(iri, SOTK.minimumGrade, ctx.iris.grade(rule.minimum))
    for grade in rule.fallbacks:
        b.add(iri, SOTK.fallbackGrade, ctx.iris.grade(grade))
    b.text(iri, SOTK.fallbackCondition, rule.condition)
    b.labels(iri, f"Syarat jenjang {rule.role}", f"Grade requirement for {rule.role}")
    b.derived(iri, *(ctx.iri(p) for p in rule.provisions))
    return iri
