"""The regulation itself: work, expression, source-text format, dates, signatures, gazette,
in-force status, entry into force and applicability; and the named graph's provenance."""

from __future__ import annotations

import re

from rdflib import URIRef

from sotk_kg.instruments import kind
from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.dates import parse_indonesian_date
from sotk_kg.pipeline.definitions import read_definitions
from sotk_kg.pipeline.english import english_name
from sotk_kg.pipeline.kinds import head_of_region
from sotk_kg.pipeline.organisation import blocks_naming
from sotk_kg.pipeline.terms import DCT, ELI, FOAF, IN_FORCE, LANG_IND, PROV, RDFS, SKOS, SOTK, XSD
from sotk_kg.pipeline.tree import BLOCK_KINDS, Document, Provision
from sotk_kg.sources import APPLICATION_PDF, SourceText, from_text

_IN_FORCE_ON_PROMULGATION = re.compile(r"mulai\s+berlaku\s+pada\s+tanggal\s+diundangkan", re.I)
_IN_FORCE_ON_DATE = re.compile(r"mulai\s+berlaku\s+pada\s+tanggal\s+(\d{1,2}\s+\w+\s+\d{4})", re.I)
_APPLIES_WHEN = re.compile(r"mulai\s+dilaksanakan\s+pada\s+saat\s+(.+?)\s*[.;]?$", re.I)
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
TEXT_PLAIN = URIRef(MEDIA_TYPES + "text/plain")


def citation_label(ctx: BuildContext) -> str:
    """ "Peraturan Bupati Bekasi Nomor 99 Tahun 2021": a regional head's regulation cites the bare
    region name (its title says the kind of region), a Perda the whole ("... Daerah Kota X")."""
    doc = ctx.doc
    region = doc.region_name
    region_kind = kind(doc.jenis).head_region
    first, _, bare = region.partition(" ")
    if region_kind is not None and first.lower() == region_kind.name.lower() and bare:
        region = bare
    return f"{doc.jenis_label} {region} {_number_and_year(doc)[0]}"


def _number_and_year(doc: Document) -> tuple[str, str]:
    """ "Nomor 99 Tahun 2021" and "No. 99 of 2021"; an excerpt's work may know neither (the
    Document holds "" for what is unknown)."""
    if doc.number and doc.year:
        return f"Nomor {doc.number} Tahun {doc.year}", f"No. {doc.number} of {doc.year}"
    if doc.number:
        return f"Nomor {doc.number} (tahun tidak diketahui)", f"No. {doc.number} (year unknown)"
    if doc.year:
        return f"Tahun {doc.year} (nomor tidak diketahui)", f"of {doc.year} (number unknown)"
    return "(nomor dan tahun tidak diketahui)", "(number and year unknown)"


def _body_pasal(ctx: BuildContext) -> list[Provision]:
    return [p for top in ctx.doc.body for p in top.iter() if p.kind in ("pasal", "ayat")]


def promulgation_date(ctx: BuildContext) -> str | None:
    return _promulgation(ctx)[0]


def _promulgation(ctx: BuildContext) -> tuple[str | None, list[Provision]]:
    """The promulgation date and the block it is read from (closing block, else the cover)."""
    doc = ctx.doc
    if doc.promulgation is not None and doc.promulgation.date:
        return doc.promulgation.date, [p for p in (doc.penutup,) if p is not None]
    return doc.cover_promulgation_date, [p for p in (doc.sampul,) if p is not None]


def read_entry_into_force(ctx: BuildContext) -> tuple[str | None, list[Provision]]:
    """The date of entry into force and what it is read from: the clause ("mulai berlaku pada
    tanggal diundangkan" / "... pada tanggal <date>") and, for the former, the block giving the
    promulgation date. ([] when the text has no such clause.)"""
    for prov in _body_pasal(ctx):
        text = " ".join(prov.reading.split())
        if _IN_FORCE_ON_PROMULGATION.search(text):
            date, blocks = _promulgation(ctx)
            return date, [prov, *blocks]
        m = _IN_FORCE_ON_DATE.search(text)
        if m:
            return parse_indonesian_date(m.group(1)), [prov]
    return None, []


def emit_metadata(ctx: BuildContext, source_text: str) -> None:
    doc, b, w = ctx.doc, ctx.builder, ctx.work
    iris, wid = ctx.iris, ctx.work_id
    source = ctx.source or from_text(source_text, source_text.encode("utf-8"))
    pdf = source.media_type == APPLICATION_PDF
    expr, fmt = iris.expression(wid), iris.text_format(wid, "pdf" if pdf else "txt")
    label = citation_label(ctx)

    b.types(w, ELI.LegalResource, SOTK.Peraturan)
    b.add(w, ELI.type_document, iris.concept("jenis-peraturan", wid.jenis))
    b.plain(w, ELI.number, doc.number)
    if doc.year:
        b.typed(w, SOTK.year, doc.year, XSD.gYear)
    b.add(w, ELI.jurisdiction, iris.wilayah(wid.yurisdiksi))
    b.text(w, DCT.title, doc.title)
    b.labels(
        w,
        label,
        f"{english_name(wid.jenis, doc.jenis_label)} of {doc.region_name} "
        f"{_number_and_year(doc)[1]}",
    )
    b.add(w, ELI.is_realized_by, expr)
    # The facts above and below are read from the cover, title and closing blocks.
    b.derived(w, *(ctx.iri(p) for p in doc.parts() if p.kind in BLOCK_KINDS))
    b.plain(w, ELI.published_in, doc.gazette)
    b.notes(w, doc.notes)
    b.notes(
        w,
        (
            f"Line {line} could not be placed in the provision tree: {text}"
            for line, text in doc.unplaced
        ),
    )

    wilayah = iris.wilayah(wid.yurisdiksi)
    b.types(wilayah, SKOS.Concept)
    b.add(wilayah, SKOS.inScheme, iris.scheme("wilayah"))
    b.pref_label(wilayah, doc.region_name)
    b.labels(wilayah, doc.region_name, f"{doc.region_name} (jurisdiction)")
    b.plain(wilayah, SKOS.notation, wid.yurisdiksi)
    # The region's name is read from the heading; "Daerah adalah Kabupaten X" restates it.
    b.derived(wilayah, *(ctx.iri(p) for p in doc.parts() if p.kind == "judul"))
    b.derived(wilayah, *(ctx.iri(d.provision) for d in read_definitions(doc) if d.term == "Daerah"))

    if doc.adoption is not None:
        if doc.adoption.date:
            b.typed(w, ELI.date_document, doc.adoption.date, XSD.date)
        b.plain(w, SOTK.placeOfAdoption, doc.adoption.place)
        if doc.adoption.name:
            b.add(w, SOTK.signer, _person(ctx, doc.adoption.name))
        b.text(w, SOTK.signerTitle, (doc.adoption.title or "").rstrip(","))
    head = head_of_region(doc.region_name.split()[0])
    b.add(w, ELI.passed_by, iris.region_post(wid.yurisdiksi, head.notation))
    promulgated = promulgation_date(ctx)
    if promulgated:
        b.typed(w, ELI.date_publication, promulgated, XSD.date)
    if doc.promulgation is not None:
        b.plain(w, SOTK.placeOfPromulgation, doc.promulgation.place)
        if doc.promulgation.name:
            b.add(w, SOTK.promulgator, _person(ctx, doc.promulgation.name))
        b.text(w, SOTK.promulgatorTitle, (doc.promulgation.title or "").rstrip(","))

    ctx.entry_into_force, ctx.entry_into_force_sources = read_entry_into_force(ctx)
    if ctx.entry_into_force_sources:
        # In force: the text says so (the clause); no later repeal is known to this graph.
        b.add(w, ELI.in_force, IN_FORCE)
        b.derived(w, *(ctx.iri(p) for p in ctx.entry_into_force_sources))
    else:
        ctx.warn(None, "no entry-into-force clause ('mulai berlaku pada ...') found")
    if ctx.entry_into_force:
        b.typed(w, ELI.first_date_entry_in_force, ctx.entry_into_force, XSD.date)
    for prov in _body_pasal(ctx):
        m = _APPLIES_WHEN.search(" ".join(prov.reading.split()))
        if m:
            b.text(w, SOTK.applicabilityCondition, m.group(1))
            b.derived(w, ctx.iri(prov))

    b.types(expr, ELI.LegalExpression)
    b.add(expr, ELI.realizes, w)
    b.text(expr, ELI["title"], doc.title)
    b.text(expr, ELI.title_alternative, doc.cover_title)
    b.add(expr, ELI.language, LANG_IND)
    b.add(expr, ELI.is_embodied_by, fmt)
    b.labels(expr, f"{label} (teks bahasa Indonesia)", f"{label} (Indonesian text)")

    b.types(fmt, ELI.Format)
    b.add(fmt, ELI.embodies, expr)
    b.add(fmt, ELI["format"], URIRef(MEDIA_TYPES + source.media_type))
    b.plain(fmt, SOTK.sha256, source.sha256)
    if pdf:
        b.labels(fmt, f"{label} (berkas PDF)", f"{label} (PDF file)")
        b.notes(fmt, [pdf_origin_note(source, wid.file_stem)])
    else:
        b.labels(fmt, f"{label} (berkas teks)", f"{label} (plain-text file)")

    graph, activity = iris.graph(wid), iris.activity(wid)
    b.add(graph, PROV.wasGeneratedBy, activity)
    b.add(graph, PROV.hadPrimarySource, fmt)
    b.types(activity, PROV.Activity)
    b.add(activity, PROV.used, fmt)
    b.labels(activity, f"Pembangunan graf dari {label}", f"sotk-kg build of {label}")


def _person(ctx: BuildContext, name: str) -> URIRef:
    b = ctx.builder
    person = ctx.iris.person(ctx.work_id.yurisdiksi, name)
    b.types(person, FOAF.Person)
    b.plain(person, FOAF.name, name)
    b.plain(person, RDFS.label, name.title())
    # The closing block that signs (and the cover, when it repeats the name).
    b.derived(person, *(ctx.iri(p) for p in blocks_naming(ctx.doc, name)))
    return person


def pdf_origin_note(source: SourceText, stem: str) -> str:
    """Where the text the graph is built from comes from, page by page."""
    ocr = set(source.ocr_pages)
    layer = [p for p in range(1, source.page_count + 1) if p not in ocr]
    parts = []
    if layer:
        parts.append(f"the PDF's text layer (pdftotext) on page(s) {_ranges(layer)}")
    if ocr:
        parts.append(f"OCR (Tesseract, Indonesian) on page(s) {_ranges(sorted(ocr))}")
    return (
        f"Text read from {' and '.join(parts)} of {source.page_count}; sotk:sourceLine numbers "
        f"the lines of that text, written beside the graph as {stem}.txt (each page ended by a "
        "form feed)."
    )


def _ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5"."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
