"""The HTML page of one resource: header, type-specific sections, then all its properties."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from sotk_kg.checks.templating import Markup
from sotk_kg.namespaces import SOTK
from sotk_kg.server.pages import reading, views
from sotk_kg.server.pages.html import Labels, Term, link, literal_term, render_page, term
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
    def a(self, iri: str, text: str | None = None) -> Term:
        return link(self.links, self.labels, iri, text)

    def has_type(self, *terms: URIRef) -> bool:
        return any(str(t) in self.types for t in terms)

    def more_labels(self, iris: list[str]) -> None:
        missing = [i for i in iris if self.labels.get(i) is None]
        if missing:
            views.fetch_labels(self.backend, missing, self.labels)

    def list_section(self, title: str, en: str, iris: Sequence[str]) -> dict[str, object]:
        return {"title": title, "en": en, "entries": [self.a(i) for i in iris]}

    # -- page ------------------------------------------------------------------------------------
    def render(self) -> str:
        predicates = {str(p) for p in self.graph.predicates()}
        self.more_labels(sorted(predicates | self.types))
        provision = regulation = None
        if self.has_type(ELI.LegalResourceSubdivision):
            provision = self.provision_part()
        elif self.has_type(ELI.LegalResource):
            regulation = self.regulation_part()
        post = self.post_part() if self.has_type(ORG.Post) else None
        is_organisation = self.has_type(ORG.FormalOrganization, ORG.OrganizationalUnit)
        organisation = self.organisation_part() if is_organisation else None
        title = self.labels.text(self.iri, "id")
        en = self.labels.get(self.iri, "en")
        return render_page(
            self.links,
            "resource.html",
            title=title,
            title_en=en if en and en != title else "",
            iri=self.iri,
            types=[self.a(t) for t in sorted(self.types)],
            alternates=self.alternates,
            properties=self.properties(),
            incoming=self.incoming(),
            provision_part=provision,
            regulation_part=regulation,
            post_part=post,
            organisation_part=organisation,
        )

    # -- provisions ------------------------------------------------------------------------------
    def provision_part(self) -> dict[str, object]:
        chain = views.ancestors(self.backend, self.iri)
        self.more_labels(chain)
        work = chain[0] if chain else self.iri
        tree = views.provision_tree(self.backend, self.iri)
        derived = views.derived_from(self.backend, self.iri)
        self.more_labels(derived.organisation + derived.duties[:200] + derived.other[:200])
        return {
            "chain": [self.a(i) for i in chain],
            "current": self.labels.text(self.iri),
            "nav": self.pasal_nav() if self.has_type(SOTK.Pasal) else None,
            "headings": [literal_term(t) for t in self.graph.objects(self.subject, SOTK.heading)],
            "verbatim": [
                literal_term(t) for t in self.graph.objects(self.subject, SOTK.verbatimText)
            ],
            "runs": reading.parts(tree, work, self.links) if tree else None,
            "cite": self.citation(work, self.iri) if chain else None,
            "organisation": [self.a(i) for i in derived.organisation],
            "details": [
                self.list_section(title, en, iris)
                for title, en, iris in (
                    ("Tugas", "Duties", derived.duties),
                    ("Lainnya", "Other facts", derived.other),
                )
                if iris
            ],
        }

    def pasal_nav(self) -> tuple[dict[str, str] | None, dict[str, str] | None, str | None]:
        """The Pasal before and after this one in its regulation's text, and this one there."""
        around = views.pasal_neighbours(self.backend, self.iri)
        self.more_labels([i for i in (around.previous, around.next) if i])

        def target(iri: str | None) -> dict[str, str] | None:
            return {"href": self.links.href(iri), "label": self.labels.text(iri)} if iri else None

        whole = (
            self.links.href(around.work) + "#" + reading.anchor(around.work, self.iri)
            if around.work
            else None
        )
        return target(around.previous), target(around.next), whole

    def citation(self, work: str, provision: str | None) -> reading.Citation:
        """ "Cite this": the citation in Indonesian style and in English, and the IRI."""
        self.more_labels([work] + ([provision] if provision else []))
        return reading.citation(self.labels, work, provision)

    # -- regulations -----------------------------------------------------------------------------
    def regulation_part(self) -> dict[str, object]:
        tree = views.provision_tree(self.backend, self.iri)
        # Where to read the text: below, as plain text, and the official copy where the graph
        # names one (a work it only cites may have none of these).
        copies = views.official_copies(self.backend, self.iri, self.links.base + "/")
        charts = [
            self.chart_part(org) for org in views.established_organisations(self.backend, self.iri)
        ]
        return {
            "cite": self.citation(self.iri, None),
            "downloads": (bool(tree), self.text_url, copies),
            **self.regulation_summary(),
            "timeline": self.timeline(),
            "toc": self.toc(views.contents(tree)),
            "runs": reading.parts(tree, self.iri, self.links) if tree else None,
            "charts": [c for c in charts if c],
        }

    def toc(self, nodes: list[views.Node]) -> list[dict[str, object]]:
        return [
            {
                "link": self.a(n.iri, n.label or None),
                "heading": n.heading or "",
                "children": self.toc(n.children),
            }
            for n in nodes
        ]

    def timeline(self) -> dict[str, object] | None:
        """The versions of the regulation with their dates, and "as in force on" a day: which
        version applies then (the organisation chart below is drawn for that day)."""
        if not self.versions:
            return None
        day = self.as_of or today()
        current = next((v for v in self.versions if v.applies_on(day)), None)
        return {
            "day": day,
            "rows": [
                {
                    "expression": self.a(v.expression),
                    "start": v.start,
                    "end": v.end,
                    "applies": v.applies_on(day),
                }
                for v in self.versions
            ],
            "current": self.a(current.expression) if current is not None else None,
            "before": bool(self.versions[0].start and day < self.versions[0].start),
        }

    def regulation_summary(self) -> dict[str, object]:
        """Identification and dates, then the regulations it stands on, cites, repeals…"""
        facts = []
        for prop in REGULATION_FACTS:
            values = sorted(self.graph.objects(self.subject, prop), key=str)
            if values:
                facts.append(
                    (
                        self.predicate(str(prop)),
                        [term(v, self.links, self.labels) for v in values],
                    )
                )
        cited = views.citation_order(self.backend, self.iri)
        sections = []
        for prop, id_title, en_title in REGULATION_LINKS:
            # in the order the text cites them (Mengingat 1, 2, …), the alphabet breaking ties
            first = "mengingat" if prop == ELI.based_on else ""
            targets = sorted(
                (str(o) for o in self.graph.objects(self.subject, prop)),
                key=lambda t: (_first_cited(cited.get(t, {}), first), t),
            )
            if targets:
                sections.append(self.list_section(id_title, en_title, targets))
        return {"facts": facts, "links": sections}

    def chart_part(self, organisation: str) -> dict[str, object] | None:
        svg = self.chart(organisation)
        if not svg:
            return None
        self.more_labels([organisation])
        return {
            "svg": Markup(svg),  # rendered by orgchart's own (autoescaped) template
            "name": self.labels.text(organisation),
            "href": self.links.orgchart(organisation) or self.links.url("/orgchart"),
        }

    # -- posts -----------------------------------------------------------------------------------
    def post_part(self) -> dict[str, object]:
        up, down = views.reporting(self.backend, self.iri)
        self.more_labels([o for _, o in up + down])
        lines = [
            {
                "title": title,
                "en": en,
                "entries": [(self.a(o), *RELATION_TITLES[rel]) for rel, o in pairs],
            }
            for title, en, pairs in (("Atasan", "Superiors", up), ("Bawahan", "Subordinates", down))
            if pairs
        ]
        found = views.duties(self.backend, self.iri)
        self.more_labels(
            [d.category for d in found if d.category] + [d.source for d in found if d.source]
        )
        groups: dict[str | None, list[views.Duty]] = {}
        for d in found:
            groups.setdefault(d.category, []).append(d)
        duties = [
            {
                "category": self.a(cat) if cat else None,
                "duties": [
                    {
                        "text": d.text or "",
                        "source": self.a(d.source) if d.source else None,
                        "link": self.a(d.iri, "tugas"),
                    }
                    for d in items
                ],
            }
            for cat, items in groups.items()
        ]
        return {"lines": lines, "duties": duties}

    # -- organisations ---------------------------------------------------------------------------
    def organisation_part(self) -> dict[str, object]:
        units, posts = views.members(self.backend, self.iri)
        self.more_labels(units + posts)
        return {
            "lists": [
                self.list_section(title, en, iris)
                for title, en, iris in (("Unit", "Units", units), ("Jabatan", "Posts", posts))
                if iris
            ],
            "chart": self.chart_part(self.iri) if self.has_type(SOTK.PerangkatDaerah) else None,
        }

    # -- generic ---------------------------------------------------------------------------------
    def predicate(self, predicate: str) -> Term:
        label = self.labels.get(predicate, "id")
        short = curie(predicate)
        return self.a(predicate, f"{label} ({short})" if label else short)

    def properties(self) -> list[dict[str, object]]:
        rows: dict[str, list[Node]] = {}
        for p, o in self.graph.predicate_objects(self.subject):
            if p != RDF.type:
                rows.setdefault(str(p), []).append(o)
        return [
            {
                "predicate": self.predicate(prop),
                "objects": [
                    term(o, self.links, self.labels)
                    for o in sorted(
                        rows[prop], key=lambda o: (str(getattr(o, "language", "") or ""), str(o))
                    )
                ],
                "more": 0,
            }
            for prop in sorted(rows, key=curie)
        ]

    def incoming(self) -> list[dict[str, object]]:
        rows: dict[str, list[str]] = {}
        for s, p in self.graph.subject_predicates(self.subject):
            if isinstance(s, URIRef):
                rows.setdefault(str(p), []).append(str(s))
        out: list[dict[str, object]] = []
        for prop in sorted(rows, key=curie):
            subjects = sorted(set(rows[prop]))
            out.append(
                {
                    "predicate": self.predicate(prop),
                    "objects": [self.a(s) for s in subjects[:MAX_INCOMING_SHOWN]],
                    "more": max(0, len(subjects) - MAX_INCOMING_SHOWN),
                }
            )
        return out
