"""Pasal 1 definitions as a SKOS scheme; "yang selanjutnya disingkat X" gives skos:altLabel X."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.terms import PROV, SKOS, SOTK
from sotk_kg.pipeline.tree import Document, Provision

# The chapeau of the definitions Pasal: "Dalam Peraturan Bupati ini yang dimaksud dengan:".
_CHAPEAU = re.compile(r"yang\s+dimaksud\s+dengan", re.IGNORECASE)
_DEFINITION = re.compile(
    r"^(?P<term>.+?),?\s+(?:yang\s+selanjutnya\s+(?:disingkat|disebut)(?:\s+dengan)?\s+"
    r"(?P<abbr>.+?)\s+)?adalah\s+(?P<definiens>.+)$",
    re.DOTALL,
)


@dataclass(frozen=True)
class Definition:
    term: str  # "Rencana Pembangunan Jangka Panjang Daerah"
    # After "yang selanjutnya disingkat", as written: "RPJPD", "RENSTRA Perangkat Daerah".
    abbreviation: str | None
    definiens: str
    provision: Provision

    @property
    def key(self) -> str:
        """What the concept IRI is minted from: the abbreviation when there is one."""
        return self.abbreviation or self.term

    @property
    def acronym(self) -> str | None:
        """The capitalised word texts repeat: "RENSTRA Perangkat Daerah" -> "RENSTRA"."""
        if self.abbreviation is None:
            return None
        first = self.abbreviation.split()[0]
        return first if first.isupper() and len(first) > 1 else self.abbreviation


def definitions_pasal(doc: Document) -> Provision | None:
    for prov in doc.provisions():
        if prov.kind == "pasal" and _CHAPEAU.search(prov.text) and prov.children:
            return prov
    return None


def parse_definition(prov: Provision) -> Definition | None:
    m = _DEFINITION.match(" ".join(prov.text.split()))
    if m is None:
        return None
    abbr = m["abbr"].strip() if m["abbr"] else None
    return Definition(m["term"].strip(), abbr, m["definiens"].strip().rstrip(".;"), prov)


def read_definitions(doc: Document) -> list[Definition]:
    pasal = definitions_pasal(doc)
    if pasal is None:
        return []
    return [d for d in (parse_definition(item) for item in pasal.children) if d is not None]


def emit_definitions(ctx: BuildContext) -> list[Definition]:
    b = ctx.builder
    pasal = definitions_pasal(ctx.doc)
    if pasal is None:
        ctx.warn(None, "no definitions Pasal ('... yang dimaksud dengan:') found")
        return []
    scheme = ctx.iris.definition_scheme(ctx.work_id)
    b.types(scheme, SKOS.ConceptScheme)
    b.labels(
        scheme,
        f"Definisi dalam {ctx.doc.jenis_label} {ctx.doc.region_name} "
        f"Nomor {ctx.doc.number} Tahun {ctx.doc.year}",
        f"Definitions of {ctx.doc.jenis_label} {ctx.doc.region_name} "
        f"No. {ctx.doc.number} of {ctx.doc.year}",
    )
    b.derived(scheme, ctx.iri(pasal))
    found = []
    for item in pasal.children:
        d = parse_definition(item)
        if d is None:
            ctx.warn(item, "not a definition of the form '<term> adalah <definition>'")
            continue
        found.append(d)
        c = ctx.iris.definition(ctx.work_id, d.key)
        b.types(c, SKOS.Concept, SOTK.Definisi)
        b.add(c, SKOS.inScheme, scheme)
        b.add(c, SKOS.topConceptOf, scheme)
        b.add(scheme, SKOS.hasTopConcept, c)
        b.pref_label(c, d.term)
        b.labels(c, f"Definisi {item.number}: {d.key}", f"Definition {item.number}: {d.key}")
        b.text(c, SKOS.altLabel, d.abbreviation)
        if d.acronym and d.acronym != d.abbreviation:
            # "RENSTRA Perangkat Daerah" as defined; the bare acronym the duties use, for search.
            b.text(c, SKOS.hiddenLabel, d.acronym)
        b.text(c, SKOS.definition, d.definiens)
        b.plain(c, SKOS.notation, item.number)
        b.add(c, PROV.wasDerivedFrom, ctx.iri(item))
        if d.acronym:
            # Abbreviated terms name documents and reports that duties mention (RENSTRA, LAKIP...).
            ctx.defined_documents[d.acronym] = c
    return found
