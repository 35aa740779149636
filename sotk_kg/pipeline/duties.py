"""Duties (tugas pokok, fungsi, uraian tugas manajerial/utama/penunjang or unsplit), the
kewenangan list, and the obligations of the tata kerja BAB. Who holds a duty is the subject the
organisation pass found for the provision."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import URIRef

from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.kinds import role_titles
from sotk_kg.pipeline.organisation import Holder, Organisation, PerangkatDaerah, strip_lead_in
from sotk_kg.pipeline.repairs.base import ocr_key
from sotk_kg.pipeline.terms import ORG, SKOS, SOTK
from sotk_kg.pipeline.tree import Provision

_TUGAS_POKOK = re.compile(r"\b(?:mempunyai|memiliki)\s+tugas\s+pokok\s+(?P<text>\S.*)$", re.I)
_TUGAS = re.compile(
    r"\b(?:mempunyai|memiliki)\s+tugas\s+(?!pokok|tambahan|sebagai|:)(?P<text>[a-z].*)$"
)
# "mempunyai fungsi:", also "menyelenggarakan fungsi:" (the wording of PP 18/2016) and its
# common misspelling "menyelanggarakan"
_FUNGSI = re.compile(r"\b(?:mempunyai|memiliki|menyel[ae]nggarakan)\s+fungsi\b", re.I)
_URAIAN = re.compile(r"\b(?:mempunyai|memiliki)\s+uraian\s+tugas\b\s*(?P<cat>\w+)?", re.I)
# "Rincian tugas Sekretariat, sebagai berikut:" / "Uraian tugas Kepala Sub Bagian X, meliputi :":
# a list of duties whose holder follows the words "rincian tugas".
_RINCIAN = re.compile(
    r"^(?:rincian|uraian)\s+tugas\s+\S.*(?:sebagai\s+berikut|meliputi)\s*:?$", re.I
)
_KEWENANGAN = re.compile(r"\bkewenangan\b.*:\s*$", re.I)
_TATA_KERJA = re.compile(r"\btata\s+kerja\b", re.I)
# Where the subject of an obligation ends: the first modal or main verb.
_OBLIGATION_VERB = re.compile(r"\b(?:wajib|harus|dapat|melaksanakan|menugaskan|berada)\b")

# Kewenangan links. A duty implements a kewenangan item when its text after the first word (the
# verb) contains one of the item's key phrases as a whole phrase. An item's key phrases: its own
# text and each part after "(hanya) meliputi", each cut at the first qualifier word (_KEY_END) or
# punctuation; normalised (abbreviations in parentheses dropped, lower-case words); kept when at
# least _MIN_KEY_WORDS long and not shared with another item. "As a whole phrase": in the duty the
# key is followed by a qualifier word, punctuation or the end, so "pemeriksaan dan pengawasan
# koperasi" does not match "... pengawasan koperasi simpan pinjam ...". When an item and one of
# its sub-items both match, only the sub-item is linked.
_KEY_END = frozenset(
    [
        "yang",
        "dengan",
        "bagi",
        "untuk",
        "dalam",
        "di",
        "pada",
        "melalui",
        "meliputi",
        "hanya",
        "sesuai",
        "sebagaimana",
    ]
)
_PUNCTUATION = "|"  # the token punctuation becomes
_MIN_KEY_WORDS = 3
_MELIPUTI = re.compile(r"\b(?:hanya\s+)?meliputi\b", re.I)


@dataclass(frozen=True)
class KewenanganItem:
    iri: URIRef
    broader: URIRef | None
    keys: frozenset[tuple[str, ...]]  # key phrases as word tuples


def _tokens(text: str) -> list[str]:
    """Lower-case words, punctuation as "|", parenthesised abbreviations dropped."""
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[,;:.]", f" {_PUNCTUATION} ", text)
    return re.findall(rf"[a-z0-9]+|\{_PUNCTUATION}", text.lower())


def key_phrases(text: str) -> set[tuple[str, ...]]:
    """ "pemberdayaan UKM, hanya meliputi pemberdayaan usaha mikro yang ..." ->
    {("pemberdayaan", "ukm")...} cut as described above (short ones dropped)."""
    keys = set()
    for part in _MELIPUTI.split(text):
        words: list[str] = []
        for token in _tokens(part):
            if token in _KEY_END or token == _PUNCTUATION:
                if words:
                    break
                continue
            words.append(token)
        if len(words) >= _MIN_KEY_WORDS:
            keys.add(tuple(words))
    return keys


def _contains_phrase(tokens: list[str], key: tuple[str, ...]) -> bool:
    n = len(key)
    for i in range(len(tokens) - n + 1):
        if tuple(tokens[i : i + n]) == key:
            after = tokens[i + n] if i + n < len(tokens) else _PUNCTUATION
            if after in _KEY_END or after == _PUNCTUATION:
                return True
    return False


def implemented_kewenangan(text: str, items: Sequence[KewenanganItem]) -> list[URIRef]:
    """The kewenangan items a duty's text implements (rule above), in item order."""
    tokens = _tokens(text)[1:]  # after the verb
    shared = Counter(key for item in items for key in item.keys)
    hits = [
        item
        for item in items
        if any(shared[key] == 1 and _contains_phrase(tokens, key) for key in item.keys)
    ]
    narrower_hit = {item.broader for item in hits}
    return [item.iri for item in hits if item.iri not in narrower_hit]


CATEGORY_LABELS = {
    "tugas-pokok": ("Tugas pokok", "Main task"),
    "fungsi": ("Fungsi", "Function"),
    "uraian-tugas-manajerial": ("Uraian tugas manajerial", "Managerial duty"),
    "uraian-tugas-utama": ("Uraian tugas utama", "Core duty"),
    "uraian-tugas-penunjang": ("Uraian tugas penunjang", "Supporting duty"),
    "uraian-tugas": ("Uraian tugas", "Duty"),
}


def _flat(text: str) -> str:
    return " ".join(text.split())


# What a list item ends with because it stands in a list, not because of what it says: "; dan",
# ";", ", dan", ", atau", "; dan/atau", "." or ":"; glued by OCR (";dan") too. A conjunction is
# list glue only after a separator or a space ("sandan" keeps its "dan"): a sentence does not end
# in "dan".
_LIST_END = re.compile(r"(?:[\s;,.:]*[\s;,](?:dan/atau|dan|atau|serta))?[\s;,.:]*$", re.I)


def normalised_text(text: str) -> str:
    """The wording of a list item without what its place in the list adds, for grouping equal
    duties across posts: spaces collapsed, the list's closing punctuation and conjunction dropped,
    the first letter in lower case unless the word is an abbreviation ("Melaksanakan tugas ...;
    dan" and "melaksanakan tugas ..." are one text; "RENSTRA ..." stays)."""
    text = _LIST_END.sub("", _flat(text))
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and not first[1:2].isupper():
        text = text[:1].lower() + text[1:]
    return text


def duty_category(text: str) -> str | None:
    """The category a provision's chapeau announces, or None if it states no duty."""
    text = _flat(text)
    if _RINCIAN.match(text):
        return "uraian-tugas"
    m = _URAIAN.search(text)
    if m:
        cat = (m["cat"] or "").lower()
        split = cat in ("manajerial", "utama", "penunjang")
        return f"uraian-tugas-{cat}" if split else "uraian-tugas"
    if _FUNGSI.search(text):
        return "fungsi"
    if _TUGAS_POKOK.search(text) or _TUGAS.search(text):
        return "tugas-pokok"
    return None


def _tugas_pokok(text: str) -> re.Match[str] | None:
    return _TUGAS_POKOK.search(_flat(text)) or _TUGAS.search(_flat(text))


def _item_text(item: Provision) -> str:
    """A list item's text with its own sub-items, as one duty."""
    parts = [_flat(item.text)] + [
        f"{c.number_as_written or c.number} {_item_text(c)}" for c in item.children
    ]
    return " ".join(p for p in parts if p)


def _holder_name(holder: Holder) -> str:
    return holder.short if isinstance(holder, PerangkatDaerah) else holder.name


def emit_duties(
    ctx: BuildContext, org: Organisation, kewenangan: Sequence[KewenanganItem] = ()
) -> None:
    for top in ctx.doc.body:
        for prov in top.iter():
            category = duty_category(prov.reading)
            if category is None:
                continue
            holder = org.subjects.get(id(prov))
            if holder is None:
                ctx.warn(prov, f"a {category} whose holder is not a known post or unit")
                continue
            if category == "tugas-pokok":
                m = _tugas_pokok(prov.text) or _tugas_pokok(prov.reading)  # reading: typos fixed
                assert m is not None  # duty_category found it in prov.reading
                _emit_duty(ctx, org, holder, category, prov, m["text"], 1, kewenangan)
            elif not prov.children:
                ctx.warn(prov, f"announces a {category} list but has no items")
            else:
                for i, item in enumerate(prov.children, start=1):
                    _emit_duty(ctx, org, holder, category, item, _item_text(item), i, kewenangan)


def _emit_duty(
    ctx: BuildContext,
    org: Organisation,
    holder: Holder,
    category: str,
    prov: Provision,
    text: str,
    sequence: int,
    kewenangan: Sequence[KewenanganItem],
) -> None:
    b = ctx.builder
    duty = ctx.iris.duty(ctx.work_id, ctx.path(prov))
    holder_iri = org.holder_iri(holder)
    b.types(duty, SOTK.Tugas)
    b.add(duty, SOTK.dutyCategory, ctx.iris.concept("kategori-tugas", category))
    b.text(duty, SOTK.verbatimText, text)
    b.text(duty, SOTK.normalisedText, normalised_text(text))
    b.integer(duty, SOTK.sequence, sequence)
    label_id, label_en = CATEGORY_LABELS[category]
    name = _holder_name(holder)
    b.labels(
        duty,
        f"{label_id} {name} ({ctx.label(prov)})",
        f"{label_en} of {name}, {ctx.labels[id(prov)][1]}",
    )
    b.add(holder_iri, SOTK.hasDuty, duty)
    b.add(duty, SOTK.dutyOf, holder_iri)
    b.derived(duty, ctx.iri(prov))
    for concept in mentioned(text, ctx.defined_documents):
        b.add(duty, SOTK.mentions, concept)
    for item in implemented_kewenangan(text, kewenangan):
        b.add(duty, SOTK.implementsKewenangan, item)


def mentioned(text: str, defined: dict[str, URIRef]) -> list[URIRef]:
    """Defined abbreviations a text names as words ("RENSTRA,RENJA" names both)."""
    return [
        iri
        for abbr, iri in sorted(defined.items())
        if re.search(rf"(?<![A-Za-z]){re.escape(abbr)}(?![A-Za-z])", text)
    ]


# ---------------------------------------------------------------------------------------------
def emit_kewenangan(ctx: BuildContext, org: Organisation) -> list[KewenanganItem]:
    """The kewenangan list ("... mempunyai kewenangan:") as a SKOS scheme; returns its items."""
    b = ctx.builder
    items: list[KewenanganItem] = []
    for top in ctx.doc.body:
        for prov in top.iter():
            if not (prov.children and _KEWENANGAN.search(_flat(prov.reading))):
                continue
            scheme = ctx.iris.kewenangan_scheme(ctx.work_id)
            b.types(scheme, SKOS.ConceptScheme)
            b.labels(scheme, f"Kewenangan {org.pd_name}", f"Competences of {org.pd_name}")
            b.derived(scheme, ctx.iri(prov))
            for item in prov.children:
                concept = _emit_kewenangan_item(ctx, scheme, item, None, item.number, items)
                b.add(org.pd_iri, ORG.purpose, concept)
                b.add(org.pd_iri, SOTK.hasKewenangan, concept)
            return items
    return items


def _emit_kewenangan_item(
    ctx: BuildContext,
    scheme: URIRef,
    item: Provision,
    broader: URIRef | None,
    notation: str,
    items: list[KewenanganItem],
) -> URIRef:
    b = ctx.builder
    c = ctx.iris.kewenangan(ctx.work_id, ctx.path(item))
    text = _flat(item.text)
    short = re.split(r",?\s+(?:hanya\s+)?meliputi\b|;", text, maxsplit=1)[0].strip(" ,.;:")
    b.types(c, SOTK.Kewenangan, SKOS.Concept)
    b.add(c, SKOS.inScheme, scheme)
    b.pref_label(c, short)
    b.labels(
        c, f"Kewenangan {notation}: {short}", f"Competence {notation}, {ctx.labels[id(item)][1]}"
    )
    b.text(c, SOTK.verbatimText, text)
    b.text(c, SOTK.normalisedText, normalised_text(text))
    b.plain(c, SKOS.notation, notation)
    if broader is None:
        b.add(c, SKOS.topConceptOf, scheme)
        b.add(scheme, SKOS.hasTopConcept, c)
    else:
        b.add(c, SKOS.broader, broader)
        b.add(broader, SKOS.narrower, c)
    b.derived(c, ctx.iri(item))
    items.append(KewenanganItem(c, broader, frozenset(key_phrases(item.reading))))
    for child in item.children:
        _emit_kewenangan_item(ctx, scheme, child, c, f"{notation}.{child.number}", items)
    return c


# ---------------------------------------------------------------------------------------------
def bearer_roles(text: str) -> list[str]:
    """Peran notations of the post kinds named as the subject of a working rule."""
    text = strip_lead_in(text)
    verb = _OBLIGATION_VERB.search(text)
    subject = ocr_key(text[: verb.start()] if verb else text)  # "Kepala Bidanq" names one too
    roles: list[str] = []
    for label in sorted(role_titles(), key=len, reverse=True):
        pattern = rf"\b{re.escape(ocr_key(label))}\b"
        if re.search(pattern, subject):
            roles.append(role_titles()[label].notation)
            subject = re.sub(pattern, " ", subject)  # "Sub Koordinator" is not also "Koordinator"
    return sorted(roles)


def emit_obligations(ctx: BuildContext) -> None:
    b = ctx.builder
    for top in ctx.doc.body:
        if top.kind != "bab" or not _TATA_KERJA.search(top.heading or ""):
            continue
        for prov in top.iter():
            if prov.kind not in ("pasal", "ayat") or not prov.text.strip():
                continue
            if prov.kind == "pasal" and any(c.kind == "ayat" for c in prov.children):
                continue
            ob = ctx.iris.obligation(ctx.work_id, ctx.path(prov))
            b.types(ob, SOTK.Kewajiban)
            b.text(ob, SOTK.verbatimText, _flat(prov.text))
            for role in bearer_roles(prov.reading):
                b.add(ob, SOTK.bearerRole, ctx.iris.concept("peran", role))
            b.labels(ob, f"Kewajiban {ctx.label(prov)}", f"Obligation, {ctx.label(prov)}")
            b.derived(ob, ctx.iri(prov))
