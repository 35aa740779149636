"""Provision nodes: one eli:LegalResourceSubdivision per node of the provision tree."""

from __future__ import annotations

from rdflib import URIRef

from sotk_kg.citation import UNNUMBERED, Step, provision_label
from sotk_kg.lexicon import scheme
from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.terms import ELI, SOTK
from sotk_kg.pipeline.tree import Provision

# Kind -> local name of the sotk class (the concept's rdfs:seeAlso in the jenis-subdivisi scheme).
CLASS_OF = {
    term.notation: term.local_name("rdfs:seeAlso") or term.notation.capitalize()
    for term in scheme("jenis-subdivisi")
}
# The IRI segment of an excerpt's Pasal whose heading (and so its number) the text does not show:
# "pasal/tanpa-nomor-1", ... in text order.
UNNUMBERED_PASAL = "tanpa-nomor"
# Kinds that nest in the IRI below their parent (Pasal does not: it is flat under the work).
_NESTED = {"bagian", "paragraf", "ayat", "huruf", "angka"}


def _segment(prov: Provision) -> str:
    if prov.kind in UNNUMBERED:
        return prov.kind
    return f"{prov.kind}/{prov.number.lower()}"


def _step(prov: Provision) -> Step:
    if prov.kind in UNNUMBERED:
        return Step(prov.kind)
    return Step(prov.kind, prov.number, prov.number_as_written.strip())


def top_level(ctx: BuildContext) -> list[Provision]:
    return ctx.doc.parts()


def assign_paths(ctx: BuildContext) -> None:
    """Fill ctx.paths, ctx.parents and ctx.labels for every provision of the document."""
    seen: dict[str, Provision] = {}
    unnumbered: list[Provision] = []  # an excerpt's Pasal without a heading, in text order

    def visit(
        prov: Provision, parent: Provision | None, base_path: str, above: tuple[Step, ...]
    ) -> None:
        if prov.kind == "pasal" and not prov.number:
            unnumbered.append(prov)
            path = f"pasal/{UNNUMBERED_PASAL}-{len(unnumbered)}"  # no real number reads so
        elif prov.kind in _NESTED and base_path:
            path = f"{base_path}/{_segment(prov)}"
        else:
            path = _segment(prov)
        duplicate = path in seen
        if duplicate:
            # Two provisions claim one IRI: keep both, visibly, rather than merge their triples.
            n = 2
            while f"{path}-{n}" in seen:
                n += 1
            path = f"{path}-{n}"
        seen[path] = prov
        ctx.paths[id(prov)] = path
        ctx.parents[id(prov)] = parent
        if prov.kind == "pasal" and not prov.number:
            n = len(unnumbered)
            steps = (*above, Step("pasal", f"tanpa nomor {n}"))
            ctx.labels[id(prov)] = (f"Pasal tanpa nomor {n}", f"Unnumbered Article {n}")
        else:
            steps = (*above, _step(prov))
            ctx.labels[id(prov)] = (provision_label(steps, "id"), provision_label(steps, "en"))
        if duplicate:
            ctx.warn(prov, f"duplicate provision number; minted as {path}")
        for child in prov.children:
            visit(child, prov, path, steps)

    for top in top_level(ctx):
        visit(top, None, "", ())


def _number_as_written(prov: Provision) -> str | None:
    """The written form when it says more than the number (BAB "IV", Bagian "Kesatu")."""
    written = prov.number_as_written.strip()
    if written and written.strip("().").lower() != prov.number.lower():
        return written
    return None


def emit_provisions(ctx: BuildContext) -> None:
    b = ctx.builder
    for top in top_level(ctx):
        b.add(ctx.work, ELI.has_part, ctx.iri(top))
    for sequence, top in enumerate(top_level(ctx), start=1):
        _emit(ctx, top, ctx.work, sequence)


def _emit(ctx: BuildContext, prov: Provision, parent_iri: URIRef, sequence: int) -> None:
    b = ctx.builder
    s = ctx.iri(prov)
    b.types(s, ELI.LegalResourceSubdivision, SOTK[CLASS_OF[prov.kind]])
    b.add(s, ELI.type_subdivision, ctx.iris.concept("jenis-subdivisi", prov.kind))
    b.add(s, ELI.is_part_of, parent_iri)
    b.integer(s, SOTK.sequence, sequence)
    if prov.kind not in UNNUMBERED and prov.number:
        b.plain(s, ELI.number, prov.number)
    b.plain(s, SOTK.numberAsWritten, _number_as_written(prov))
    b.text(s, SOTK.heading, prov.heading)
    b.text(s, SOTK.verbatimText, prov.text)
    b.labels(s, *ctx.labels[id(prov)])
    if prov.line_start:
        b.integer(s, SOTK.sourceLine, prov.line_start)
    if prov.line_end:
        b.integer(s, SOTK.sourceLineEnd, prov.line_end)
    b.notes(s, prov.notes)
    for i, child in enumerate(prov.children, start=1):
        b.add(s, ELI.has_part, ctx.iri(child))
        _emit(ctx, child, s, i)


def emit_pages(ctx: BuildContext) -> None:
    """The page(s) of the published file each provision is on, when it has pages (a PDF): from
    the page of its first and last line."""
    if ctx.source is None or not ctx.source.line_pages:
        return
    b, page = ctx.builder, ctx.source.page
    for prov in (p for top in top_level(ctx) for p in top.iter()):
        if prov.line_start and (first := page(prov.line_start)):
            b.integer(ctx.iri(prov), SOTK.sourcePage, first)
            if last := page(prov.line_end or prov.line_start):
                b.integer(ctx.iri(prov), SOTK.sourcePageEnd, last)
