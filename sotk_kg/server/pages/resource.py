"""The HTML page of one resource: header, type-specific sections, then all its properties."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from sotk_kg.namespaces import SOTK
from sotk_kg.server.pages import reading, views
from sotk_kg.server.pages.html import Labels, esc, link, literal_html, page, term_html
from sotk_kg.server.pages.paths import Links
from sotk_kg.server.pages.vocab import ELI, ORG, curie
from sotk_kg.store.backend import QueryBackend
from sotk_kg.versions import Version, today

MAX_INCOMING_SHOWN = 30

RELATION_TITLES = {
    "reportsDirectlyTo": ("langsung", "direct line"),
    "reportsToOneOf": ("salah satu dari", "one of"),
    "reportsVia": ("melalui", "via"),
    "coordinativelyAccountableTo": ("koordinatif", "coordinative (dotted line)"),
}


# What the head of a regulation's page shows, in this order (docs/model.md, "Legislation").
REGULATION_FACTS = (
    ELI.type_document,
    ELI.number,
    SOTK.year,
    ELI.jurisdiction,
    ELI.date_document,
    SOTK.placeOfAdoption,
    ELI.passed_by,
    SOTK.signerTitle,
    SOTK.signer,
    ELI.date_publication,
    SOTK.placeOfPromulgation,
    SOTK.promulgatorTitle,
    SOTK.promulgator,
    ELI.published_in,
    ELI.first_date_entry_in_force,
    SOTK.applicabilityCondition,
    ELI.in_force,
    ELI.date_no_longer_in_force,
)
REGULATION_LINKS = (
    (ELI.based_on, "Dasar hukum (Mengingat)", "Legal basis"),
    (ELI.cites, "Merujuk", "Cites"),
    (ELI.repeals, "Mencabut", "Repeals"),
    (ELI.repealed_by, "Dicabut oleh", "Repealed by"),
    (ELI.amends, "Mengubah", "Amends"),
    (SOTK.lastAmendedBy, "Terakhir diubah dengan", "Last amended by"),
)


def _first_cited(lines: dict[str, int], kind: str) -> int:
    """Where the text first cites a work: in a part of `kind` if it does there, else anywhere
    (unknown: last)."""
    if kind in lines:
        return lines[kind]
    return min(lines.values(), default=1 << 30)


def _both(id_text: str, en_text: str) -> str:
    return f'{esc(id_text)} <span lang="en" class="muted">/ {esc(en_text)}</span>'


class ResourcePage:
    """Renders the page of `iri` from its description graph and a few extra queries."""

    def __init__(
        self,
        backend: QueryBackend,
        links: Links,
        iri: str,
        description: Graph,
        alternates: list[tuple[str, str]],
        chart: Callable[[str], str | None],
        text_url: str | None = None,
        versions: Sequence[Version] = (),
        as_of: str | None = None,
    ) -> None:
        self.backend = backend
        self.links = links
        self.iri = iri
        self.graph = description
        self.alternates = alternates  # (url, media type)
        self.chart = chart  # organisation IRI -> inline SVG (or None)
        self.text_url = text_url  # the regulation's text as text/plain, where it has one
        self.versions = versions  # of this regulation, by date (sotk_kg/versions.py)
        self.as_of = as_of  # the day the page shows the regulation as in force on
        self.subject = URIRef(iri)
        self.types = {str(t) for t in description.objects(self.subject, RDF.type)}
        self.labels = Labels(description)

    # -- helpers ---------------------------------------------------------------------------------
    def a(self, iri: str, text: str | None = None) -> str:
        return link(self.links, self.labels, iri, text)

    def has_type(self, *terms: URIRef) -> bool:
        return any(str(t) in self.types for t in terms)

    def more_labels(self, iris: list[str]) -> None:
        missing = [i for i in iris if self.labels.get(i) is None]
        if missing:
            views.fetch_labels(self.backend, missing, self.labels)

    # -- page ------------------------------------------------------------------------------------
    def render(self) -> str:
        predicates = {str(p) for p in self.graph.predicates()}
        self.more_labels(sorted(predicates | self.types))
        sections: list[str] = []
        if self.has_type(ELI.LegalResourceSubdivision):
            sections.append(self.provision_sections())
        elif self.has_type(ELI.LegalResource):
            sections.append(self.regulation_sections())
        if self.has_type(ORG.Post):
            sections.append(self.post_sections())
        if self.has_type(ORG.FormalOrganization, ORG.OrganizationalUnit):
            sections.append(self.organisation_sections())
        sections.append(self.properties_section())
        sections.append(self.incoming_section())
        title = self.labels.text(self.iri, "id")
        body = self.header(title) + "\n".join(s for s in sections if s)
        head = "\n".join(
            f'<link rel="alternate" type="{esc(mt)}" href="{esc(url)}">'
            for url, mt in self.alternates
        )
        return page(self.links, title=title, body=body, head=head)

    def header(self, title: str) -> str:
        en = self.labels.get(self.iri, "en")
        en_html = f'<p class="en" lang="en">{esc(en)}</p>' if en and en != title else ""
        types = " ".join(self.a(t) for t in sorted(self.types))
        formats = " ".join(
            f'<a href="{esc(url)}" type="{esc(mt)}">{esc(mt)}</a>' for url, mt in self.alternates
        )
        return f"""<h1>{esc(title)}</h1>
{en_html}<p class="iri">IRI: <code>{esc(self.iri)}</code></p>
<p class="types">Jenis / Type: {types or '<span class="muted">–</span>'}</p>
<p class="formats muted">Format lain / Other formats: {formats}</p>
"""

    # -- provisions ------------------------------------------------------------------------------
    def breadcrumb(self, chain: list[str]) -> str:
        self.more_labels(chain)
        items = "".join(f"<li>{self.a(i)}</li>" for i in chain)
        current = esc(self.labels.text(self.iri))
        return (
            '<nav class="breadcrumb" aria-label="Letak / Breadcrumb"><ol>'
            f'{items}<li aria-current="page">{current}</li></ol></nav>'
        )

    def tree_html(self, nodes: list[views.Node], with_text: bool) -> str:
        if not nodes:
            return ""
        items = []
        for n in nodes:
            name = self.a(n.iri, n.label or None)
            heading = f' <span class="heading">{esc(n.heading)}</span>' if n.heading else ""
            text = (
                f'<div class="verbatim-inline" lang="id">{esc(n.text)}</div>'
                if with_text and n.text
                else ""
            )
            items.append(f"<li>{name}{heading}{text}{self.tree_html(n.children, with_text)}</li>")
        return f"<ul>{''.join(items)}</ul>"

    def provision_sections(self) -> str:
        chain = views.ancestors(self.backend, self.iri)
        parts = [self.breadcrumb(chain)]
        work = chain[0] if chain else self.iri
        if self.has_type(SOTK.Pasal):
            parts.append(self.pasal_nav())
        for text in self.graph.objects(self.subject, SOTK.heading):
            parts.append(f'<p class="heading">{literal_html(text)}</p>')
        for text in self.graph.objects(self.subject, SOTK.verbatimText):
            lang = (
                f' lang="{esc(text.language)}"'
                if isinstance(text, Literal) and text.language
                else ""
            )
            parts.append(f'<blockquote class="verbatim"{lang}>{esc(text)}</blockquote>')
        tree = views.provision_tree(self.backend, self.iri)
        if tree:
            runs = reading.parts(tree, work, self.links)
            parts.append(
                f'<section class="text"><h2>{_both("Teks", "Text")}</h2>'
                f"{reading.render_text(runs)}</section>"
            )
        if chain:
            parts.append(self.cite_section(work, self.iri))
        derived = views.derived_from(self.backend, self.iri)
        self.more_labels(derived.organisation + derived.duties[:200] + derived.other[:200])
        if derived.organisation:
            items = "".join(f"<li>{self.a(i)}</li>" for i in derived.organisation)
            parts.append(
                f"<section><h2>{_both('Jabatan dan unit yang diatur di sini', 'Posts and units')}"
                "</h2>"
                f'<ul class="plain">{items}</ul></section>'
            )
        for title, iris in (("Tugas", derived.duties), ("Lainnya", derived.other)):
            if iris:
                items = "".join(f"<li>{self.a(i)}</li>" for i in iris)
                en = "Duties" if title == "Tugas" else "Other facts"
                parts.append(
                    f"<section><details><summary>{_both(title, en)} ({len(iris)})</summary>"
                    f'<ul class="plain">{items}</ul></details></section>'
                )
        return "\n".join(parts)

    def pasal_nav(self) -> str:
        """Links to the Pasal before and after this one in its regulation's text."""
        around = views.pasal_neighbours(self.backend, self.iri)
        self.more_labels([i for i in (around.previous, around.next) if i])

        def target(iri: str | None) -> dict[str, str] | None:
            return {"href": self.links.href(iri), "label": self.labels.text(iri)} if iri else None

        whole = (
            self.links.href(around.work) + "#" + reading.anchor(around.work, self.iri)
            if around.work
            else None
        )
        return str(reading.macros().pasal_nav(target(around.previous), target(around.next), whole))

    def cite_section(self, work: str, provision: str | None) -> str:
        """ "Cite this": the citation in Indonesian style and in English, and the IRI."""
        self.more_labels([work] + ([provision] if provision else []))
        return str(reading.macros().cite(reading.citation(self.labels, work, provision)))

    # -- regulations -----------------------------------------------------------------------------
    def regulation_sections(self) -> str:
        tree = views.provision_tree(self.backend, self.iri)
        parts = [
            self.cite_section(self.iri, None) + self.downloads(bool(tree)),
            self.regulation_summary(),
            self.timeline_section(),
        ]
        toc = views.contents(tree)
        if toc:
            parts.append(
                f'<section class="toc"><h2>{_both("Daftar isi", "Table of contents")}</h2>'
                f"{self.tree_html(toc, with_text=False)}</section>"
            )
        if tree:
            runs = reading.parts(tree, self.iri, self.links)
            parts.append(
                f'<section class="text" id="text"><h2>{_both("Teks", "Text")}</h2>'
                f"{reading.render_text(runs)}</section>"
            )
        for org in views.established_organisations(self.backend, self.iri):
            parts.append(self.chart_section(org))
        return "\n".join(parts)

    def downloads(self, has_text: bool) -> str:
        """Where to read the text: below, as plain text, and the official copy where the graph
        names one (a work it only cites may have none of these)."""
        copies = views.official_copies(self.backend, self.iri, self.links.base + "/")
        return str(reading.macros().downloads(has_text, self.text_url, copies))

    def timeline_section(self) -> str:
        """The versions of the regulation with their dates, and "as in force on" a day: which
        version applies then (the organisation chart below is drawn for that day)."""
        if not self.versions:
            return ""
        day = self.as_of or today()
        rows = []
        for v in self.versions:
            applies = v.applies_on(day)
            mark = ' class="current" aria-current="true"' if applies else ""
            rows.append(
                f"<tr{mark}><td>{self.a(v.expression)}</td>"
                f"<td>{esc(v.start or '–')}</td><td>{esc(v.end or '–')}</td>"
                f"<td>{'✓' if applies else ''}</td></tr>"
            )
        current = next((v for v in self.versions if v.applies_on(day)), None)
        if current is not None:
            status = _both(f"Pada {day} berlaku versi", f"On {day} the version in force is") + (
                f" {self.a(current.expression)}"
            )
        elif self.versions[0].start and day < self.versions[0].start:
            status = _both(f"Pada {day} belum berlaku.", f"On {day} not yet in force.")
        else:
            status = _both(f"Pada {day} sudah tidak berlaku.", f"On {day} no longer in force.")
        return f"""<section class="versions"><h2>{_both("Versi", "Versions")}</h2>
<form method="get" class="as-of"><label>{_both("Berlaku pada", "As in force on")}
<input type="date" name="as-of" value="{esc(day)}" required></label>
<button type="submit">{_both("Tampilkan", "Show")}</button></form>
<p class="as-of-status">{status}</p>
<table class="timeline"><thead><tr><th>{_both("Versi", "Version")}</th>
<th>{_both("Berlaku sejak", "Applies from")}</th><th>{_both("Sampai", "Until")}</th>
<th>{esc(day)}</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></section>"""

    def regulation_summary(self) -> str:
        """Identification and dates, then the regulations it stands on, cites, repeals…"""
        rows = []
        for prop in REGULATION_FACTS:
            values = sorted(self.graph.objects(self.subject, prop), key=str)
            if values:
                cells = ", ".join(term_html(v, self.links, self.labels) for v in values)
                rows.append(f"<dt>{self.predicate_cell(str(prop))}</dt><dd>{cells}</dd>")
        parts = [f'<section><dl class="meta">{"".join(rows)}</dl></section>'] if rows else []
        cited = views.citation_order(self.backend, self.iri)
        for prop, id_title, en_title in REGULATION_LINKS:
            # in the order the text cites them (Mengingat 1, 2, …), the alphabet breaking ties
            first = "mengingat" if prop == ELI.based_on else ""
            targets = sorted(
                (str(o) for o in self.graph.objects(self.subject, prop)),
                key=lambda t: (_first_cited(cited.get(t, {}), first), t),
            )
            if targets:
                items = "".join(f"<li>{self.a(t)}</li>" for t in targets)
                parts.append(
                    f"<section><h2>{_both(id_title, en_title)}</h2>"
                    f'<ul class="plain">{items}</ul></section>'
                )
        return "\n".join(parts)

    def chart_section(self, organisation: str) -> str:
        svg = self.chart(organisation)
        if not svg:
            return ""
        self.more_labels([organisation])
        name = self.labels.text(organisation)
        href = self.links.orgchart(organisation) or self.links.url("/orgchart")
        return f"""<section><h2>{_both("Bagan struktur organisasi", "Organisation chart")}</h2>
<figure class="orgchart">{svg}
<figcaption>{esc(name)}: digambar dari graf / drawn from the graph (garis penuh = langsung,
putus-putus = melalui, titik-titik = koordinatif; solid = direct, dashed = via, dotted =
coordinative). <a href="{esc(href)}">SVG</a></figcaption></figure></section>"""

    # -- posts -----------------------------------------------------------------------------------
    def post_sections(self) -> str:
        parts = []
        up, down = views.reporting(self.backend, self.iri)
        self.more_labels([o for _, o in up + down])
        for title, en, pairs in (("Atasan", "Superiors", up), ("Bawahan", "Subordinates", down)):
            if pairs:
                items = "".join(
                    f'<li>{self.a(other)} <span class="muted">({esc(RELATION_TITLES[rel][0])} / '
                    f'<span lang="en">{esc(RELATION_TITLES[rel][1])}</span>)</span></li>'
                    for rel, other in pairs
                )
                parts.append(
                    f'<section><h2>{_both(title, en)}</h2><ul class="plain">{items}</ul></section>'
                )
        found = views.duties(self.backend, self.iri)
        if found:
            self.more_labels(
                [d.category for d in found if d.category] + [d.source for d in found if d.source]
            )
            groups: dict[str | None, list[views.Duty]] = {}
            for d in found:
                groups.setdefault(d.category, []).append(d)
            blocks = []
            for cat, duties in groups.items():
                heading = self.a(cat) if cat else "–"
                lis = "".join(
                    f'<li><span lang="id">{esc(d.text or "")}</span> '
                    f'<span class="muted">[{self.a(d.source) if d.source else ""}'
                    f"{' · ' if d.source else ''}{self.a(d.iri, 'tugas')}]</span></li>"
                    for d in duties
                )
                blocks.append(f'<h3>{heading}</h3><ol class="duties">{lis}</ol>')
            parts.append(f"<section><h2>{_both('Tugas', 'Duties')}</h2>{''.join(blocks)}</section>")
        return "\n".join(parts)

    # -- organisations ---------------------------------------------------------------------------
    def organisation_sections(self) -> str:
        units, posts = views.members(self.backend, self.iri)
        self.more_labels(units + posts)
        parts = []
        for title, en, iris in (("Unit", "Units", units), ("Jabatan", "Posts", posts)):
            if iris:
                items = "".join(f"<li>{self.a(i)}</li>" for i in iris)
                parts.append(
                    f'<section><h2>{_both(title, en)}</h2><ul class="plain">{items}</ul></section>'
                )
        if self.has_type(SOTK.PerangkatDaerah):
            parts.append(self.chart_section(self.iri))
        return "\n".join(parts)

    # -- generic ---------------------------------------------------------------------------------
    def predicate_cell(self, predicate: str) -> str:
        label = self.labels.get(predicate, "id")
        short = curie(predicate)
        text = f"{label} ({short})" if label else short
        return self.a(predicate, text)

    def properties_section(self) -> str:
        rows: dict[str, list[Node]] = {}
        for p, o in self.graph.predicate_objects(self.subject):
            if p != RDF.type:
                rows.setdefault(str(p), []).append(o)
        if not rows:
            return ""
        trs = []
        for prop in sorted(rows, key=curie):
            values = sorted(
                rows[prop], key=lambda o: (str(getattr(o, "language", "") or ""), str(o))
            )
            cells = "".join(f"<li>{term_html(o, self.links, self.labels)}</li>" for o in values)
            trs.append(
                f'<tr><th scope="row">{self.predicate_cell(prop)}</th>'
                f"<td><ul>{cells}</ul></td></tr>"
            )
        return (
            f"<section><h2>{_both('Keterangan', 'Properties')}</h2>"
            f'<table class="props"><tbody>{"".join(trs)}</tbody></table></section>'
        )

    def incoming_section(self) -> str:
        rows: dict[str, list[str]] = {}
        for s, p in self.graph.subject_predicates(self.subject):
            if isinstance(s, URIRef):
                rows.setdefault(str(p), []).append(str(s))
        if not rows:
            return ""
        trs = []
        for prop in sorted(rows, key=curie):
            subjects = sorted(set(rows[prop]))
            shown = "".join(f"<li>{self.a(s)}</li>" for s in subjects[:MAX_INCOMING_SHOWN])
            more = len(subjects) - MAX_INCOMING_SHOWN
            extra = f'<li class="muted">… +{more}</li>' if more > 0 else ""
            trs.append(
                f'<tr><th scope="row">{self.predicate_cell(prop)}</th>'
                f"<td><ul>{shown}{extra}</ul></td></tr>"
            )
        return (
            f"<section><h2>{_both('Dirujuk oleh', 'Referenced by')}</h2>"
            f'<table class="props"><tbody>{"".join(trs)}</tbody></table></section>'
        )
