"""What a regulation built from an excerpt (a text without its title block, named with `--work`)
says about itself: `sotk:partial true`, which kinds of part its text holds and lacks, and the
range of Pasal present. A whole regulation gets none of this."""

from __future__ import annotations

from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.terms import SOTK, XSD

# The parts of a whole regulation that are reported missing from an excerpt (memperhatikan and
# lampiran are optional in a whole one too; present, they are reported present).
_EXPECTED = ("judul", "menimbang", "mengingat", "pasal", "penutup")
_OPTIONAL = ("memperhatikan", "lampiran")


def emit_partial(ctx: BuildContext) -> None:
    doc, b, w = ctx.doc, ctx.builder, ctx.work
    pasal = [p for p in doc.provisions() if p.kind == "pasal"]
    present = {p.kind for p in doc.parts() if p.kind in _EXPECTED + _OPTIONAL}
    if pasal:
        present.add("pasal")
    b.typed(w, SOTK.partial, "true", XSD.boolean)
    for kind in (*_EXPECTED, *_OPTIONAL):
        concept = ctx.iris.concept("jenis-subdivisi", kind)
        if kind in present:
            b.add(w, SOTK.partPresent, concept)
        elif kind in _EXPECTED:
            b.add(w, SOTK.partAbsent, concept)
    numbered = [p for p in pasal if p.number.isdigit()]
    if numbered:
        b.add(w, SOTK.firstPasal, ctx.iri(min(numbered, key=lambda p: int(p.number))))
        b.add(w, SOTK.lastPasal, ctx.iri(max(numbered, key=lambda p: int(p.number))))
