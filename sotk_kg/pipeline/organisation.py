"""The organisation a regulation sets up: perangkat daerah, units, posts, who leads what,
reporting lines (direct, "melalui", coordinative, disjunctive), Sub Koordinator functions, unsur
organisasi and the functional-grade rule. Everything is read from the drafting conventions of the
genre ("dipimpin oleh seorang ...", "bertanggungjawab kepada ... melalui ...", "membawahi", ...),
never from names of a particular Dinas."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.definitions import read_definitions
from sotk_kg.pipeline.errors import PipelineError
from sotk_kg.pipeline.terms import CV, ORG, SOTK
from sotk_kg.pipeline.tree import BLOCK_KINDS, Document, Provision

HEAD_OF_REGION = {"Kabupaten": "Bupati", "Kota": "Walikota", "Provinsi": "Gubernur"}
REGIONAL_SECRETARY = "Sekretaris Daerah"
PERANGKAT_DAERAH_TERMS = ("Dinas", "Badan")
# Pasal 1 terms whose definitions name the region ("Daerah adalah Kabupaten X", "Pemerintah Daerah
# adalah Bupati dan Perangkat Daerah ...").
REGION_TERMS = ("Daerah", "Pemerintah Daerah")


@dataclass(frozen=True)
class UnitKind:
    prefix: str  # how the unit's name starts
    cls: str  # sotk class
    leader_cls: str | None  # class of the post leading it
    leader_role: str | None  # peran notation of that post
    en: str


UNIT_KINDS = [
    UnitKind("Sekretariat", "Sekretariat", "Sekretaris", "sekretaris", "Secretariat"),
    UnitKind("Sub Bagian", "SubBagian", "KepalaSubBagian", "kepala-sub-bagian", "Subdivision"),
    UnitKind("Bidang", "Bidang", "KepalaBidang", "kepala-bidang", "Division"),
    UnitKind(
        "Kelompok Jabatan Fungsional",
        "KelompokJabatanFungsional",
        None,
        None,
        "Functional Officials Group",
    ),
    UnitKind(
        "Kelompok Jabatan Pelaksana",
        "KelompokJabatanPelaksana",
        None,
        None,
        "Executive Staff Group",
    ),
    UnitKind("UPTD", "UPTD", "KepalaUPTD", "kepala-uptd", "Regional Technical Implementation Unit"),
    UnitKind("Seksi", "Seksi", "KepalaSeksi", "kepala-seksi", "Section"),
]
# Long forms the genre abbreviates in unit names.
_NAME_SYNONYMS = [
    (re.compile(r"\bUnit\s+Pelaksana\s+Teknis\s+Daerah\b", re.IGNORECASE), "UPTD"),
    (re.compile(r"\bSub\s*bagian\b", re.IGNORECASE), "Sub Bagian"),
]
# Role labels as the texts name them -> (peran notation, sotk class). Longest first when matching.
ROLES = {
    "Kepala Dinas": ("kepala-dinas", "KepalaDinas"),
    "Sekretaris": ("sekretaris", "Sekretaris"),
    "Kepala Sub Bagian": ("kepala-sub-bagian", "KepalaSubBagian"),
    "Kepala Bidang": ("kepala-bidang", "KepalaBidang"),
    "Koordinator": ("koordinator", "Koordinator"),
    "Sub Koordinator": ("sub-koordinator", "SubKoordinator"),
    "Kepala UPTD": ("kepala-uptd", "KepalaUPTD"),
    "Kepala Seksi": ("kepala-seksi", "KepalaSeksi"),
    "Pejabat Fungsional": ("pejabat-fungsional", "PejabatFungsional"),
    "Pelaksana": ("pelaksana", "Pelaksana"),
    "Bupati": ("bupati", "Bupati"),
    "Walikota": ("walikota", "Walikota"),
    "Gubernur": ("gubernur", "Gubernur"),
    "Sekretaris Daerah": ("sekretaris-daerah", "SekretarisDaerah"),
}
ROLE_EN = {
    "kepala-dinas": "Head of the Agency",
    "sekretaris": "Secretary",
    "kepala-sub-bagian": "Head of Subdivision",
    "kepala-bidang": "Head of Division",
    "koordinator": "Coordinator",
    "sub-koordinator": "Sub-Coordinator",
    "kepala-uptd": "Head of Technical Unit",
    "kepala-seksi": "Head of Section",
    "pejabat-fungsional": "Functional Official",
    "pelaksana": "Executive Staff",
    "bupati": "Regent",
    "walikota": "Mayor",
    "gubernur": "Governor",
    "sekretaris-daerah": "Regional Secretary",
}
# "Jabatan Administrasi" (UU 5/2014): administrator and pengawas posts.
ADMINISTRASI_ROLES = {
    "sekretaris",
    "kepala-sub-bagian",
    "kepala-bidang",
    "kepala-uptd",
    "kepala-seksi",
}
_LINE_KIND_EN = {"langsung": "direct", "koordinatif": "coordinative"}
FUNCTIONAL_ROLES = {"koordinator": "Koordinator", "sub-koordinator": "Sub Koordinator"}

_LED_BY = re.compile(
    r"^(?P<unit>.+?)\s+di\s?pimpin\s+oleh\s+(?:seorang\s+)?(?P<title>[A-Z]\w*(?:\s+[A-Z]\w*)*)"
)
_FUNCTION_POST = re.compile(
    r"^(?P<role>Sub\s+Koordinator|Koordinator)\b(?:\s+dan\s+Kelompok\s+Jabatan\s+Fungsional)?"
    r"\s+yang\s+melaksanakan\s+fungsi\s+(?P<fn>.+?)(?=\s+(?:berkedudukan|berada|mempunyai)\b|$)"
)
_SUPERVISES = re.compile(r"\bmembawah(?:i|kan)\b\s*:?\s*(?P<rest>.*)$")
_DIRECT = re.compile(
    r"bertanggung\s*jawab\s+(?:secara\s+langsung\s+)?kepada\s+(?P<sup>.+?)"
    r"(?:\s+melalui\s+(?P<via>.+?))?(?=\s+dan\s+(?:memiliki|dalam|menyampaikan)\b|[.;]|$)"
)
_COORDINATIVE = re.compile(
    r"tanggung\s*jawab\s+koordinatif\s+kepada\s+(?P<list>.+?)(?=\s+yang\s|[.;]|$)"
)
_SUSUNAN = re.compile(r"organisasi\b.*\bterdiri\s+(?:dari|atas)\s*:?\s*$", re.IGNORECASE)
_UNSUR = re.compile(r"terdiri\s+(?:dari|atas)\s+unsur", re.IGNORECASE)
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


def normalise_unit_name(name: str) -> str:
    name = _clean(name)
    for pattern, replacement in _NAME_SYNONYMS:
        name = pattern.sub(replacement, name)
    return name


def unit_kind(name: str) -> UnitKind | None:
    for kind in UNIT_KINDS:
        if name == kind.prefix or name.startswith(kind.prefix + " "):
            return kind
    return None


def _normal(text: str) -> str:
    """Lower-case words only: "DINAS KOPERASI, USAHA" -> "dinas koperasi usaha"."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


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


@dataclass(eq=False)
class Unit:
    name: str
    kind: UnitKind
    iri: URIRef
    parent: Unit | None  # None: a direct unit of the perangkat daerah
    provisions: list[Provision] = field(default_factory=list)


@dataclass(eq=False)
class Post:
    name: str
    role: str  # peran notation
    cls: str
    iri: URIRef
    post_in: URIRef
    unit: Unit | None = None  # the unit it leads or sits in (None: the organisation itself)
    leads: URIRef | None = None
    function: str | None = None  # Koordinator / Sub Koordinator function
    listed_under: Post | None = None  # superior named by a "membawahi" list
    provisions: list[Provision] = field(default_factory=list)
    regional: bool = False
    label: str | None = None  # a fuller name when the text gives one ("Bupati Bekasi")


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


@dataclass
class Organisation:
    """The registry the extractors resolve names against."""

    region_iri: URIRef
    pd_name: str  # "Dinas Koperasi, Usaha Kecil dan Menengah"
    pd_short: str  # "Dinas"
    pd_iri: URIRef
    units: list[Unit] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    pd_provisions: list[Provision] = field(default_factory=list)
    region_provisions: list[Provision] = field(default_factory=list)
    unsur: list[tuple[URIRef, str, Provision]] = field(default_factory=list)
    # "Bidang X membawahkan Kelompok Jabatan Fungsional": (unit, group, the list item saying so).
    supervised_groups: list[tuple[Unit, Unit, Provision]] = field(default_factory=list)
    # Editorial notes on provisions, found while reading names: (provision, note).
    notes: list[tuple[Provision, str]] = field(default_factory=list)
    grade_rule: GradeRule | None = None
    # id(provision) -> what its sentence is about (a Post, a Unit, or this Organisation).
    subjects: dict[int, Post | Unit | Organisation] = field(default_factory=dict)

    def unit_named(self, name: str) -> Unit | None:
        key = normalise_unit_name(name).lower()
        return next((u for u in self.units if u.name.lower() == key), None)

    def post_named(self, name: str) -> Post | None:
        key = " ".join(name.split()).lower()
        return next((p for p in self.posts if p.name.lower() == key), None)

    def posts_with_role(self, role: str) -> list[Post]:
        return [p for p in self.posts if p.role == role]

    def function_post(self, role: str, function: str) -> Post | None:
        """The Koordinator / Sub Koordinator post of a function (compared case-insensitively)."""
        key = function.lower()
        return next(
            (p for p in self.posts_with_role(role) if (p.function or "").lower() == key), None
        )

    def leader_of(self, unit_iri: URIRef) -> Post | None:
        return next((p for p in self.posts if p.leads == unit_iri), None)

    def member_post(self, unit: Unit) -> Post | None:
        """The post of a group without a head (Pejabat Fungsional in the KJF)."""
        return next((p for p in self.posts if p.unit is unit and p.leads is None), None)

    def holder_iri(self, holder: Post | Unit | Organisation) -> URIRef:
        return holder.pd_iri if isinstance(holder, Organisation) else holder.iri


# ---------------------------------------------------------------------------------------------
# Reading
def strip_lead_in(text: str) -> str:
    """Drop a leading "Dalam menyelenggarakan ...," so that the sentence starts at its subject."""
    text = " ".join(text.split())
    if re.match(r"(?i)^dalam\s", text) and ", " in text:
        return text.split(", ", 1)[1]
    return text


def _starts_with(text: str, name: str) -> bool:
    return text.lower().startswith(name.lower()) and not text[len(name) : len(name) + 1].isalpha()


class _Reader:
    """One pass over the body in text order. Ambiguous names ("Kepala Bidang") resolve to the post
    of that role introduced in the same Pasal, else to the one most recently introduced before."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.pasal_posts: dict[int, dict[str, Post]] = {}
        self.pasal: Provision | None = None
        self.org = self._perangkat_daerah()
        self.seen_lines: set[tuple[object, ...]] = set()
        self.current: Provision | None = None  # the provision being read, for notes

    def _note(self, note: str) -> None:
        """An editorial note on the provision being read (once)."""
        current = self.current
        if current is not None and not any(p is current and n == note for p, n in self.org.notes):
            self.org.notes.append((current, note))

    # -- the perangkat daerah and the region's posts ----------------------------------------------
    def _perangkat_daerah(self) -> Organisation:
        ctx, doc = self.ctx, self.ctx.doc
        region = doc.region_name
        definitions = read_definitions(doc)
        pd = next((d for d in definitions if d.term in PERANGKAT_DAERAH_TERMS), None)
        if pd is not None:
            full, short = pd.definiens, pd.term
        else:
            m = re.search(r"\b((?:DINAS|BADAN)\b.+)$", doc.title)
            if m is None:
                raise PipelineError(
                    "expected the perangkat daerah in a definition ('Dinas adalah ...') "
                    "or in the title ('... DINAS ...')",
                    None,
                    ctx.source_name,
                )
            full = " ".join(
                w.lower() if w in ("DAN", "SERTA") else w.capitalize() for w in m.group(1).split()
            )
            short = full.split()[0]
            ctx.warn(
                None,
                f"no '{short} adalah ...' definition; perangkat daerah named "
                f"from the title: {full}",
            )
        name = re.sub(rf"\s+{re.escape(region)}\s*$", "", full.strip(), flags=re.IGNORECASE)
        org = Organisation(
            ctx.iris.region(ctx.work_id.yurisdiksi),
            name,
            short,
            ctx.iris.perangkat_daerah(ctx.work_id.yurisdiksi, name),
        )
        if pd is not None:
            org.pd_provisions.append(pd.provision)
        org.pd_provisions += [p for p in blocks_naming(doc, name) if p.kind == "judul"]
        head = HEAD_OF_REGION[region.split()[0].capitalize()]
        by_term = {d.term: d for d in definitions}
        org.region_provisions = [by_term[t].provision for t in REGION_TERMS if t in by_term]
        if not org.region_provisions:  # the region is read from the heading
            org.region_provisions = [p for p in doc.parts() if p.kind == "judul"]
        for title in (head, REGIONAL_SECRETARY):
            role, cls = ROLES[title]
            post = Post(
                title,
                role,
                cls,
                ctx.iris.region_post(ctx.work_id.yurisdiksi, title),
                org.region_iri,
                regional=True,
            )
            if title in by_term:
                post.provisions.append(by_term[title].provision)
                post.label = by_term[title].definiens
            org.posts.append(post)
        return org

    # -- units ----------------------------------------------------------------------------------
    def add_unit(self, name: str, prov: Provision, parent: Unit | None = None) -> Unit | None:
        name = normalise_unit_name(name)
        kind = unit_kind(name)
        if kind is None:
            self.ctx.warn(prov, f"'{name}' is not a kind of unit this pipeline knows")
            return None
        if kind.leader_cls is None:
            parent = None  # functional and executive groups belong to the whole organisation
        unit = self.org.unit_named(name)
        if unit is None:
            unit = Unit(name, kind, self.ctx.iris.unit(self.org.pd_iri, name), parent)
            self.org.units.append(unit)
        if prov not in unit.provisions:
            unit.provisions.append(prov)
        member = {
            "KelompokJabatanFungsional": "Pejabat Fungsional",
            "KelompokJabatanPelaksana": "Pelaksana",
        }.get(kind.cls)
        if member is not None:
            post = self.org.member_post(unit)
            if post is None:
                post = self._new_post(member, *ROLES[member], unit.iri, unit=unit)
            if prov not in post.provisions:
                post.provisions.append(prov)
        return unit

    def read_susunan(self, prov: Provision) -> None:
        """ "Organisasi Dinas terdiri dari: a. Kepala Dinas; b. Sekretariat, membawahkan: ..." """
        for item in prov.children:
            parts = re.split(r",?\s*\bmembawah(?:kan|i)\b\s*:?\s*", item.reading, maxsplit=1)
            head, rest = _clean(parts[0]), (parts[1] if len(parts) > 1 else "")
            if head.startswith("Kepala"):
                continue  # the head of the organisation is a post ("dipimpin oleh")
            unit = self.add_unit(head, item)
            if unit is None:
                continue
            for sub in [c.reading for c in item.children] or split_names(rest):
                child = self.add_unit(sub, item, parent=unit)
                if child is not None and child.kind.leader_cls is None:  # a group under a unit
                    self.org.supervised_groups.append((unit, child, item))

    # -- posts ----------------------------------------------------------------------------------
    def _new_post(self, name: str, role: str, cls: str, post_in: URIRef, **kw: Any) -> Post:
        iri = self.ctx.iris.post(self.ctx.work_id.yurisdiksi, self.org.pd_name, name)
        post = Post(name, role, cls, iri, post_in, **kw)
        self.org.posts.append(post)
        return post

    def _introduce(self, post: Post) -> None:
        if self.pasal is not None:
            self.pasal_posts.setdefault(id(self.pasal), {})[post.role] = post

    def read_led_by(self, prov: Provision, m: re.Match[str]) -> Post | None:
        unit_phrase, title = _clean(m["unit"]), m["title"]
        if unit_phrase.lower() == self.org.pd_short.lower():
            unit, leads = None, self.org.pd_iri
            (role, cls), name = ROLES["Kepala Dinas"], title
        else:
            unit = self.org.unit_named(unit_phrase) or self.add_unit(unit_phrase, prov)
            if unit is None:
                return None
            if unit.kind.leader_role is None or unit.kind.leader_cls is None:
                self.ctx.warn(prov, f"'{unit.name}' has no head in this genre, yet is 'dipimpin'")
                return None
            leads, role, cls = unit.iri, unit.kind.leader_role, unit.kind.leader_cls
            # "Kepala" alone, or "Kepala Bidang" leading "Bidang X": the post is "Kepala Bidang X".
            kind_word = title.removeprefix("Kepala").strip()
            if title.startswith("Kepala") and (not kind_word or unit.name.startswith(kind_word)):
                name = f"Kepala {unit.name}"
            else:
                name = title
        post = self.org.leader_of(leads)
        if post is None:
            post = self._new_post(name, role, cls, leads, unit=unit, leads=leads)
        post.provisions.append(prov)
        self._introduce(post)
        return post

    def function_post(self, prov: Provision, m: re.Match[str], superior: Post | None) -> Post:
        """A Koordinator / Sub Koordinator post, named by its function."""
        role_label = " ".join(m["role"].split())
        role, cls = ROLES[role_label]
        fn = _clean(m["fn"])
        post = self.org.function_post(role, fn)
        if post is None:
            unit = superior.unit if superior is not None else None
            post_in = unit.iri if unit is not None else self.org.pd_iri
            post = self._new_post(
                f"{role_label} {fn}",
                role,
                cls,
                post_in,
                unit=unit,
                function=fn,
                listed_under=superior,
            )
        if prov not in post.provisions:
            post.provisions.append(prov)
        return post

    # -- names ----------------------------------------------------------------------------------
    def resolve_subject(self, text: str) -> Post | Unit | Organisation | None:
        text = strip_lead_in(text)
        m = _FUNCTION_POST.match(text)
        if m:
            return self.org.function_post(ROLES[" ".join(m["role"].split())][0], _clean(m["fn"]))
        names: list[tuple[str, Post | Unit | Organisation | str]] = [
            (p.name, p) for p in self.org.posts
        ]
        names += [(u.name, u) for u in self.org.units]
        names += [(label, label) for label in ROLES]
        names.append((self.org.pd_short, self.org))
        names.sort(key=lambda n: -len(n[0]))
        for name, thing in names:
            if _starts_with(text, name):
                if isinstance(thing, str):
                    found = self.resolve(thing, None)
                    return found[0] if len(found) == 1 else None
                return thing
        return None

    def resolve(self, phrase: str, subject: Post | None, every: bool = False) -> list[Post]:
        """The posts a phrase names. `every`: a plural reference ("kepada ... Kepala Bidang")."""
        phrase = re.sub(r"^(?:seorang|para)\s+", "", _clean(phrase))
        org = self.org
        post = org.post_named(phrase)
        if post is not None:
            return [post]
        if phrase.lower().endswith(" " + org.pd_short.lower()):  # "Sekretaris Dinas"
            shorter = phrase[: -len(org.pd_short) - 1]
            if org.post_named(shorter) or shorter in ROLES:
                found = self.resolve(shorter, subject, every)
                if len(found) == 1:
                    self._note(
                        f"The text names '{phrase}', a title it does not establish; read as "
                        f"the post '{found[0].name}' of the {org.pd_short}."
                    )
                return found
        if re.search(r"\bsebagai\s+", phrase):  # "Pejabat Fungsional yang ditunjuk sebagai X"
            return self.resolve(re.split(r"\bsebagai\s+", phrase)[-1], subject, every=True)
        if re.match(r"(?i)jabatan\s+administrasi\b", phrase):
            return [p for p in org.posts if p.role in ADMINISTRASI_ROLES]
        role = next((r for label, (r, _) in ROLES.items() if label.lower() == phrase.lower()), None)
        if role is not None:
            candidates = org.posts_with_role(role)
            if every or len(candidates) <= 1:
                return candidates
            return [self._closest(candidates, subject)]
        unit = org.unit_named(phrase)
        if unit is not None:
            post = org.leader_of(unit.iri) or org.member_post(unit)
            return [post] if post else []
        return []

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
        m = _DIRECT.search(text)
        if m:
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
                superiors = self.resolve(sup, subject)
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
            if not found:
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
            for prov in top.iter():
                if prov.kind == "pasal":
                    self.pasal = prov
                self.read_provision(prov)
        self.current = None  # what follows reads lists, not sentences: no notes
        self._implied_lines()
        self._unsur()
        self._grade_rule()
        self._region_post_mentions()
        return self.org

    def _region_post_mentions(self) -> None:
        """A region post (Bupati, Sekretaris Daerah) is derived from its definition and from every
        provision or block that names it ("... kepada Bupati melalui Sekretaris Daerah", the
        signature "Plt. BUPATI BEKASI")."""
        regional = [p for p in self.org.posts if p.regional]
        for part in self.ctx.doc.parts():
            for prov in part.iter():
                for post in regional:
                    if prov not in post.provisions and mentions(post.name, prov.reading):
                        post.provisions.append(prov)

    def read_provision(self, prov: Provision) -> None:
        self.current = prov
        text = " ".join(prov.reading.split())
        if not text:
            return
        if _SUSUNAN.search(text) and prov.children:
            self.read_susunan(prov)
            return
        subject: Post | Unit | Organisation | None = None
        led = _LED_BY.match(text)
        fn = _FUNCTION_POST.match(text)
        if led:
            subject = self.read_led_by(prov, led)
        elif fn and (direct := _DIRECT.search(text)):
            # "Sub Koordinator yang melaksanakan fungsi X berkedudukan ... kepada Kepala Bidang"
            known = self.resolve_subject(text)
            superior = None
            if known is None:
                sup = self.resolve(direct["sup"], None)
                superior = sup[0] if len(sup) == 1 else None
            subject = self.function_post(prov, fn, superior)
            self._introduce(subject)
        else:
            subject = self.resolve_subject(text)
        if subject is not None:
            self.org.subjects[id(prov)] = subject
        supervises = _SUPERVISES.search(text)
        if supervises and isinstance(subject, Post):
            items = [c for c in prov.children] or [prov]
            for item in items:
                item_text = supervises["rest"] if item is prov else " ".join(item.reading.split())
                m = _FUNCTION_POST.match(item_text)
                if m:
                    self.function_post(item, m, superior=subject)
        post = subject
        if isinstance(subject, Unit):
            post = self.org.leader_of(subject.iri) or self.org.member_post(subject)
        elif isinstance(subject, Organisation):
            post = self.org.leader_of(subject.pd_iri)
        if (
            isinstance(post, Post)
            and not post.regional
            and (_DIRECT.search(text) or _COORDINATIVE.search(text))
        ):
            self.read_lines(prov, post)

    def _implied_lines(self) -> None:
        """A Koordinator / Sub Koordinator listed under a post but never given its own
        "bertanggungjawab kepada" clause reports to the post that lists it."""
        direct = {line.subordinate for line in self.org.lines if line.kind == "langsung"}
        for post in self.org.posts:
            if post.listed_under is not None and post not in direct:
                self.org.lines.append(
                    Line(post, [post.listed_under], "langsung", post.provisions[0])
                )

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
                        ROLES[label][0]
                        for label in sorted(ROLES, key=len, reverse=True)
                        if label in FUNCTIONAL_ROLES.values() and label in text
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
                    rule.fallbacks = [_GRADES[g.lower()] for g in _GRADE.findall(fallback)]
                    rule.condition = condition
                    rule.provisions.append(after[0])
                self.org.grade_rule = rule
                return


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

    pd = org.pd_iri
    b.types(pd, ORG.FormalOrganization, CV.PublicOrganisation, SOTK.PerangkatDaerah)
    if org.pd_short == "Dinas":
        b.types(pd, SOTK.Dinas)
    full = f"{org.pd_name} {doc.region_name}"
    b.pref_label(pd, full)
    b.labels(pd, full, f"{full} (regional government agency)")
    b.add(pd, ORG.subOrganizationOf, org.region_iri)
    b.derived(pd, *(ctx.iri(p) for p in org.pd_provisions))

    for unit in org.units:
        u = unit.iri
        b.types(u, ORG.OrganizationalUnit, SOTK.UnitOrganisasi, SOTK[unit.kind.cls])
        b.pref_label(u, unit.name)
        b.labels(u, unit.name, f"{unit.name} ({unit.kind.en})")
        if unit.parent is None:
            b.add(u, ORG.unitOf, pd)
            b.add(u, ORG.subOrganizationOf, pd)
            b.add(pd, ORG.hasUnit, u)
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
    b.labels(p, label, f"{ROLE_EN[post.role]}: {label}")
    if post.leads is not None:
        b.add(p, SOTK.leads, post.leads)
        b.add(p, ORG.role, ORG.Head)
    if post.function:
        b.text(p, SOTK.subKoordinatorFunction, post.function)
    if rule_iri is not None and post.role == "sub-koordinator":
        b.add(p, SOTK.gradeRequirement, rule_iri)
    if not post.regional:
        b.add(p, SOTK.establishedBy, ctx.work)
    b.derived(p, *(ctx.iri(prov) for prov in post.provisions))


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
