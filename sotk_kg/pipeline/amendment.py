"""Amending acts ("Peraturan ... tentang Perubahan [Kedua] atas Peraturan ... Nomor N Tahun Y").

Their body is Pasal I, a list of instructions (`structure` keeps the text each quotes on its
angka), and Pasal II, the entry into force. This module reads what each instruction does
(`read_amendment`), writes the instructions as facts of the amending act's graph
(`emit_amendment`) and applies them to the provision tree of the act they amend
(`consolidate`), from which the extractors then read the consolidated version as they read any
text. The rules are those of the genre (UU 12/2011, Lampiran II, C.5), with no names of one
regulation:

- "Ketentuan [huruf x] [ayat (n)] Pasal N diubah sehingga [Pasal N] berbunyi sebagai berikut:"
  -> change of that provision; the quote is the whole Pasal or only the items it changes.
- "Di antara Pasal 12 dan Pasal 13 disisipkan 1 (satu) Pasal, yakni Pasal 12A ..." (also ayat)
  and "Ketentuan Pasal 8 ditambah 1 (satu) ayat, yakni ayat (3) ..." -> insert.
- "Pasal 20 dihapus." (several: "Pasal 20 dan Pasal 21 dihapus.") -> delete.
- "Lampiran ... diubah / diganti ..." -> the amending act's own Lampiran replaces it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from rdflib import URIRef

from sotk_kg.citation import Step, provision_label
from sotk_kg.instruments import is_amending_title
from sotk_kg.iris import Iris, WorkId
from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.references import emit_cited, find_citations
from sotk_kg.pipeline.segment import roman_to_int
from sotk_kg.pipeline.structure import parse_fragment
from sotk_kg.pipeline.terms import ELI, SOTK
from sotk_kg.pipeline.tree import Document, Provision

CHANGE, INSERT, DELETE, REPLACE = "change", "insert", "delete", "replace"
KIND_TERMS = {CHANGE: SOTK.Change, INSERT: SOTK.Insert, DELETE: SOTK.Delete, REPLACE: SOTK.Replace}
_VERBS = {
    CHANGE: ("diubah", "changed"),
    INSERT: ("disisipkan", "inserted"),
    DELETE: ("dihapus", "deleted"),
    REPLACE: ("diganti", "replaced"),
}

# The verb that ends an instruction's target ("Ketentuan ayat (3) Pasal 10 | diubah ...").
# Not "sebagaimana telah diubah dengan ...", which names an earlier amendment of the act.
_VERB = re.compile(
    r"(?<!telah )\b(diubah|disisipkan|dihapus|ditambah(?:kan)?|diganti)\b(?! dengan\b)", re.I
)
# The provisions an instruction names, in the order written.
_REF = re.compile(
    r"\b(?:(?P<pasal>Pasal)\s+(?P<p>\d+[A-Z]?)\b"
    r"|(?P<ayat>ayat)\s+\(\s*(?P<a>\d+[a-z]?)\s*\)"
    r"|(?P<huruf>huruf)\s+(?P<h>[a-z])\b"
    r"|(?P<angka>angka)\s+(?P<n>\d+[a-z]?)\b"
    r"|(?P<bab>BAB)\s+(?P<b>[IVXLC]+[AB]?)\b"
    r"|(?P<lampiran>Lampiran)\b)"
)
_BETWEEN = re.compile(r"\bDi\s+antara\b(?P<anchor>.*?)\bdisisipkan\b", re.I | re.S)
_YAKNI = re.compile(r"\byakni\b(?P<new>.*?)(?:\bsehingga\b|\bberbunyi\b|:|$)", re.I | re.S)
_HEADINGS = ("bab", "bagian", "paragraf")
_NOT_UNDERSTOOD = (
    "an amending instruction not understood (no verb diubah, disisipkan, dihapus, diganti; or a "
    "change of the Penjelasan); not read"
)
_HEADING_FIRST = re.compile(r"^\W*(?:BAB|Bagian|Paragraf|Pasal)\b", re.I)
# Kinds nested below a Pasal, outermost first (the order of a provision path).
_INNER = ("ayat", "huruf", "angka")

Ref = tuple[Step, ...]  # a provision of the amended act, outermost first


def ref_path(ref: Ref) -> str:
    """ "pasal/10/ayat/3": the provision path the amended act's IRIs use (provisions.py)."""
    return "/".join(f"{s.kind}/{s.number.lower()}" if s.number else s.kind for s in ref)


@dataclass(frozen=True)
class Instruction:
    node: Provision  # the angka of Pasal I stating it (or Pasal I, its one instruction)
    path: str  # that provision's path in the amending act: "pasal/i/angka/3"
    sequence: int  # 1-based, in text order
    kind: str | None  # CHANGE | INSERT | DELETE | REPLACE; None: not understood
    targets: tuple[Ref, ...] = ()  # the provisions it changes, deletes or inserts
    after: Ref | None = None  # an insertion: the provision the new one follows


@dataclass
class Amendment:
    amended: WorkId | None  # the act amended, None when Pasal I and the title name none
    instructions: list[Instruction] = field(default_factory=list)
    ordinal: str = ""  # "" (Perubahan atas), "Kedua", "Ketiga", ...


def read_amendment(doc: Document, home: str) -> Amendment | None:
    """The instructions of an amending act (None when `doc` is not one), and the act it amends:
    the first regulation Pasal I names, else the one its title names."""
    if not is_amending_title(doc.title):
        return None
    pasal = [p for top in doc.body for p in top.iter() if p.kind == "pasal"]
    if pasal and roman_to_int(pasal[0].number) is None:
        return None  # no "Pasal I": the parser read it as an ordinary regulation (noted)
    first = pasal[0] if pasal else None
    amended = None
    for text in ([first.reading] if first is not None else []) + [doc.title]:
        if found := find_citations(text, home):
            cit = found[0]
            if cit.tahun:
                amended = WorkId(cit.jenis, cit.yurisdiksi, cit.tahun, cit.nomor)
                break
    ordinal = re.match(r"^PERUBAHAN\s+(\w+\s+)?ATAS", doc.title, re.I)
    amendment = Amendment(
        amended, ordinal=(ordinal.group(1) or "").strip().title() if ordinal else ""
    )
    if first is None:
        return amendment
    items = [c for c in first.children if c.kind == "angka"]
    if not items and (first.quoted is not None or _VERB.search(_one_line(first.reading))):
        items = [first]  # Pasal I is the one instruction
    for n, node in enumerate(items, start=1):
        path = f"pasal/{first.number.lower()}"
        if node is not first:
            path += f"/angka/{node.number}"
        amendment.instructions.append(_read(node, path, n))
    return amendment


def _one_line(text: str) -> str:
    """The text on one line, runs of white space as one space."""
    return " ".join(text.split())


def _read(node: Provision, path: str, sequence: int) -> Instruction:
    text = _one_line(node.reading)
    verb = _VERB.search(text)
    if verb is None:
        return Instruction(node, path, sequence, None)
    before = text[: verb.start()]
    if re.search(r"\bPenjelasan\b", before, re.I):  # the explanation, not the body: not read
        return Instruction(node, path, sequence, None)
    word = verb.group(1).lower()
    if word in ("disisipkan",) or word.startswith("ditambah"):
        between = _BETWEEN.search(text)
        anchors = _refs(between.group("anchor")) if between else _refs(before)
        yakni = _YAKNI.search(text, verb.end())
        pasal = _last_pasal(anchors)
        new = _refs(yakni.group("new"), pasal) if yakni else []
        after = anchors[0] if between and anchors else None
        return Instruction(node, path, sequence, INSERT, tuple(new), after)
    targets = _refs(before)
    if targets and all(t[0].kind == "lampiran" for t in targets):
        return Instruction(node, path, sequence, REPLACE, tuple(targets))
    targets = [t for t in targets if t[0].kind != "lampiran"]
    kind = DELETE if word == "dihapus" else CHANGE
    return Instruction(node, path, sequence, kind, tuple(targets))


def _bab_step(written: str) -> Step:
    """BAB "IV" -> number "4"; an inserted "VA" -> "5a" (the path's Arabic numbering)."""
    suffix = written[-1] if written[-1] in "AB" and len(written) > 1 else ""
    value = roman_to_int(written.removesuffix(suffix) if suffix else written)
    return Step("bab", f"{value}{suffix.lower()}" if value else written, written)


def _last_pasal(refs: list[Ref]) -> Step | None:
    return next((r[0] for r in reversed(refs) if r[0].kind == "pasal"), None)


def _refs(text: str, pasal: Step | None = None) -> list[Ref]:
    """The provisions `text` names: "ayat (3) Pasal 10" and "Pasal 10 ayat (3)" are one; "Pasal
    12 dan Pasal 13", "ayat (2) dan ayat (3) Pasal 7" are two; items named without their Pasal
    are in `pasal` (the one the instruction named before) or the last one named."""
    groups: list[tuple[Step | None, list[Step]]] = []
    head: Step | None = None
    inner: list[Step] = []
    refs: list[Ref] = []

    def close() -> None:
        nonlocal head, inner
        if head is not None or inner:
            groups.append((head, inner))
        head, inner = None, []

    for m in _REF.finditer(text):
        if m["pasal"]:
            if head is not None:
                close()
            head = Step("pasal", m["p"], m["p"])
        elif m["bab"]:
            close()
            groups.append((_bab_step(m["b"]), []))
        elif m["lampiran"]:
            close()
            groups.append((Step("lampiran"), []))
        else:
            kind = next(k for k in _INNER if m[k])
            number = m[{"ayat": "a", "huruf": "h", "angka": "n"}[kind]]
            if head is not None and any(s.kind == kind for s in inner):
                close()
            inner.append(Step(kind, number, f"({number})" if kind == "ayat" else number))
    close()
    named = [top for top, _ in groups if top is not None and top.kind == "pasal"]
    last = named[-1] if named else pasal
    for found, items in groups:
        top = found if found is not None else last
        if top is None:
            continue
        if len({s.kind for s in items}) == len(items):  # nested: "huruf c ayat (2) Pasal 7"
            refs.append((top, *sorted(items, key=lambda s: _INNER.index(s.kind))))
        else:  # siblings: "ayat (2) dan ayat (3) Pasal 7"
            refs.extend((top, item) for item in items)
    return refs


# ------------------------------------------------------------------------------- the graph
def emit_amendment(ctx: BuildContext, amendment: Amendment) -> None:
    """The instructions as facts of the amending act's graph, and `A eli:amends W`."""
    b, iris, act = ctx.builder, ctx.iris, ctx.work
    doc = ctx.doc
    pasal_i = next((p for top in doc.body for p in top.iter() if p.kind == "pasal"), None)
    if amendment.amended is None:
        ctx.warn(
            pasal_i, "an amending act that names no regulation it amends (Nomor ... Tahun ...)"
        )
    else:
        amended = iris.work(amendment.amended)
        if pasal_i is not None:
            for cit in find_citations(pasal_i.reading, ctx.work_id.yurisdiksi)[:1]:
                emit_cited(ctx, cit, pasal_i)
                b.add(ctx.iri(pasal_i), ELI.cites, amended)
        b.add(act, ELI.amends, amended)
        b.add(amended, ELI.amended_by, act)
        b.add(act, ELI.cites, amended)
    for ins in amendment.instructions:
        if ins.kind is None:
            ctx.warn(ins.node, _NOT_UNDERSTOOD)
            continue
        s = instruction_iri(iris, ctx.work_id, ins)
        b.types(s, SOTK.AmendmentInstruction)
        b.add(s, SOTK.instructionKind, KIND_TERMS[ins.kind])
        b.integer(s, SOTK.sequence, ins.sequence)
        b.text(s, SOTK.verbatimText, ins.node.quoted)
        b.derived(s, ctx.iri(ins.node))
        if amendment.amended is not None:
            for ref in ins.targets:
                b.add(s, SOTK.targetProvision, iris.provision(amendment.amended, ref_path(ref)))
            if ins.after is not None:
                b.add(s, SOTK.insertedAfter, iris.provision(amendment.amended, ref_path(ins.after)))
        if not ins.targets:
            ctx.warn(ins.node, "an amending instruction naming no provision it changes; not read")
        where_id, where_en = ctx.labels[id(ins.node)]
        what_id = ", ".join(provision_label(r, "id") for r in ins.targets) or "?"
        what_en = ", ".join(provision_label(r, "en") for r in ins.targets) or "?"
        verb_id, verb_en = _VERBS[ins.kind]
        b.labels(
            s,
            f"Perubahan {ins.sequence} ({where_id}): {what_id} {verb_id}",
            f"Amendment {ins.sequence} ({where_en}): {what_en} {verb_en}",
        )


def instruction_iri(iris: Iris, act: WorkId, ins: Instruction) -> URIRef:
    return iris.amendment_instruction(act, ins.path)


# ------------------------------------------------------------------------------- consolidation
@dataclass(frozen=True)
class AmendingAct:
    """An amending act as consolidation needs it."""

    work: WorkId
    doc: Document
    amendment: Amendment
    source_name: str
    label: str  # "Peraturan Walikota Sukamaju Nomor 15 Tahun 2024"
    date: str  # ISO date from which it applies


@dataclass
class Consolidation:
    doc: Document  # the amended act's tree with the instructions applied
    derived: dict[int, URIRef] = field(default_factory=dict)  # id(provision) -> instruction
    warnings: list[str] = field(default_factory=list)


class _NotApplied(Exception):
    pass


def consolidate(doc: Document, acts: list[AmendingAct], iris: Iris) -> Consolidation:
    """A copy of `doc` with the instructions of `acts` applied in order. A provision the
    instructions put in place (changed, inserted, the new Lampiran) has no source lines (its text
    is the amending act's: `prov:wasDerivedFrom` its instruction says where) and a note naming the
    instruction; one that cannot be applied (its target is not in the text) is reported and the
    rest are applied."""
    result = Consolidation(copy.deepcopy(doc))
    for act in acts:
        for ins in act.amendment.instructions:
            if ins.kind is None or not ins.targets:
                continue
            where = f"{act.label}, {provision_label(_steps_of(ins), 'id')}"
            try:
                placed = _apply(result.doc, ins, act)
            except _NotApplied as exc:
                result.warnings.append(f"{where}: not applied: {exc}")
                continue
            for node in placed:
                node.notes.append(
                    f"{_VERBS[ins.kind][1].capitalize()} by {where} (applies from {act.date})."
                )
                result.derived[id(node)] = instruction_iri(iris, act.work, ins)
    return result


def _steps_of(ins: Instruction) -> list[Step]:
    node = ins.node
    if node.kind == "pasal":
        return [Step("pasal", node.number, node.number)]
    assert node.parent is not None
    return [Step("pasal", node.parent.number, node.parent.number), Step("angka", node.number)]


def _container(doc: Document, node: Provision) -> list[Provision]:
    return node.parent.children if node.parent is not None else doc.body


def _locate(doc: Document, ref: Ref) -> Provision:
    top, *inner = ref
    if top.kind == "lampiran":
        if doc.lampiran is None:
            raise _NotApplied("the amended text has no Lampiran")
        return doc.lampiran
    candidates = [
        p for part in doc.body for p in part.iter()
        if p.kind == top.kind and p.number.lower() == top.number.lower()
    ]  # fmt: skip
    if not candidates:
        raise _NotApplied(f"{provision_label([top], 'id')} is not in the amended text")
    node = candidates[0]
    for step in inner:
        found = [
            c for c in node.children
            if c.kind == step.kind and c.number.lower() == step.number.lower()
        ]  # fmt: skip
        if not found:
            raise _NotApplied(f"{provision_label(ref, 'id')} is not in the amended text")
        node = found[0]
    return node


def _apply(doc: Document, ins: Instruction, act: AmendingAct) -> list[Provision]:
    if ins.kind == DELETE:
        for ref in ins.targets:
            node = _locate(doc, ref)
            if node is doc.lampiran:
                doc.lampiran = None
            else:
                _container(doc, node).remove(node)
        return []
    if ins.kind == REPLACE:
        if act.doc.lampiran is None:
            raise _NotApplied("the amending act has no Lampiran to put in its place")
        _locate(doc, ins.targets[0])  # the amended text has one
        doc.lampiran = _unlined(copy.deepcopy(act.doc.lampiran))
        return [doc.lampiran]
    quoted = ins.node.quoted
    if not quoted:
        raise _NotApplied("it quotes no text")
    target = ins.targets[0]
    headed = _HEADING_FIRST.match(quoted) is not None
    within = None if headed else target[0].number
    tops, unplaced = parse_fragment(quoted, ins.node.quoted_start, act.source_name, within)
    tops = [_unlined(top) for top in tops]
    if unplaced:
        raise _NotApplied(f"its quoted text has lines not read: {unplaced[0][1][:60]!r}")
    if not tops:
        raise _NotApplied("its quoted text holds no provision")
    if headed:
        return _place_headed(doc, ins, tops)
    # Items alone ("(2) ..."): they go into the provision that holds the target.
    holder = _locate(doc, target[:-1]) if len(target) > 1 else _locate(doc, target)
    items = [c for top in tops for c in _items_for(top, target)]
    if not items:
        raise _NotApplied(f"its quoted text holds no {target[-1].kind} ({quoted[:40]!r})")
    after = _locate(doc, ins.after) if ins.after is not None else None
    for item in items:
        _put(holder, item, after if ins.kind == INSERT else None)
        after = item if ins.kind == INSERT else after
    return items


def _unlined(node: Provision) -> Provision:
    """`node` without source lines: its lines are the amending act's, not the amended text's
    (its instruction, which it is derived from, says where it was read)."""
    for below in node.iter():
        below.line_start = below.line_end = 0
    return node


def _items_for(top: Provision, target: Ref) -> list[Provision]:
    """The quoted items at the target's depth: "(2) ..." under a Pasal, "c. ..." under an ayat
    (parsed under the quote's Pasal, the items of a huruf target sit one level up)."""
    depth = len(target) - 1  # 1: items of the Pasal (ayat); 2: items of an ayat
    nodes = [top]
    for _ in range(depth):
        nodes = [c for n in nodes for c in n.children]
    return nodes or top.children


def _put(holder: Provision, item: Provision, after: Provision | None) -> None:
    """Put `item` into `holder`: in place of the child of its kind and number, else after
    `after`, else in number order."""
    item.parent = holder
    for i, child in enumerate(holder.children):
        if child.kind == item.kind and child.number.lower() == item.number.lower():
            holder.children[i] = item
            return
    if after is not None and after in holder.children:
        holder.children.insert(holder.children.index(after) + 1, item)
        return
    holder.children.append(item)
    holder.children.sort(key=lambda c: _number_key(c.number))


def _number_key(number: str) -> tuple[int, str]:
    m = re.match(r"(\d+)(.*)", number)
    return (int(m.group(1)), m.group(2)) if m else (0, number)


def _place_headed(doc: Document, ins: Instruction, tops: list[Provision]) -> list[Provision]:
    """Quoted Pasal (or BAB, Bagian, Paragraf with theirs): each goes in place of the provision of
    its kind and number ("Pasal 8 ditambah 1 ayat ... sehingga Pasal 8 berbunyi" quotes the
    whole Pasal); one the text lacks goes after the anchor an insertion names, in order."""
    placed: list[Provision] = []
    anchor = _locate(doc, ins.after[:1]) if ins.after is not None else None
    for top in tops:
        try:
            old = _locate(doc, (Step(top.kind, top.number),))
            if top.kind in _HEADINGS and not top.children:
                # "Judul BAB IV diubah": the quote is the heading alone; its provisions stay
                top.children = old.children
                for child in top.children:
                    child.parent = top
        except _NotApplied:
            if anchor is None:
                raise
            container = _container(doc, anchor)
            top.parent = anchor.parent
            container.insert(container.index(anchor) + 1, top)
            anchor = top
        else:
            container = _container(doc, old)
            top.parent = old.parent
            container[container.index(old)] = top
        placed.append(top)
    return placed
