"""Metadata for harvesters, built from the store: a DCAT-AP 3 catalogue (Catalog, a Dataset for
the whole graph and one per regulation, a Distribution per dump file, the SPARQL endpoint as a
DataService) and a VoID description with statistics counted by SPARQL over the same graphs.

Resources of the catalogue are hash IRIs of its document `{base}/catalogue` (`#catalogue`,
`#dataset-{slug}`, `#distribution-{file}`, `#sparql`, `#publisher`); VoID
(`{base}/.well-known/void`) describes the same datasets. Both documents point at each other and
at the Service Description answered by `GET {base}/sparql`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from sotk_kg.server.dumps import FORMATS, WHOLE, DatasetGraphs, Dumps
from sotk_kg.server.pages.describe import iri_ref
from sotk_kg.server.pages.views import established_organisations, fetch_labels
from sotk_kg.server.pages.vocab import DCATAP, PREFIXES, SPDX, VCARD, VOID, bind_prefixes
from sotk_kg.store.backend import QueryBackend

EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
LICENCE = URIRef(EU + "licence/CC0")
LANGUAGE = URIRef(EU + "language/IND")
THEME_SCHEME = URIRef(EU + "data-theme")
THEME = URIRef(EU + "data-theme/GOVE")
SPATIAL = URIRef(EU + "country/IDN")
AVAILABILITY = URIRef(EU + "planned-availability/STABLE")
# New regulations and amendments come when regions adopt them, on no schedule.
FREQUENCY = URIRef(EU + "frequency/IRREG")
# ADMS publisher types: the project publishes as a non-profit (set SOTK_PUBLISHER_TYPE otherwise).
PUBLISHER_TYPES = "http://purl.org/adms/publishertype/"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
ELI_NS = "http://data.europa.eu/eli/ontology#"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
# Vocabularies a term's namespace is reported under in void:vocabulary (the ones the model uses).
KNOWN_VOCABULARIES = tuple(PREFIXES.values())

TITLE_ID = "Graf pengetahuan SOTK: peraturan susunan organisasi dan tata kerja perangkat daerah"
TITLE_EN = "SOTK knowledge graph: regional government organisation regulations of Indonesia"
DESCRIPTION_ID = (
    "Peraturan kepala daerah tentang kewenangan, kedudukan, susunan organisasi, tugas dan fungsi "
    "serta tata kerja perangkat daerah, sebagai data terhubung: pasal-pasal (ELI), organisasi, "
    "unit dan jabatan (W3C ORG), garis pertanggungjawaban, tugas dan asal-usul setiap fakta."
)
DESCRIPTION_EN = (
    "Indonesian regional regulations on the authority, structure, duties and working procedures "
    "of regional government bodies, as linked data: provisions (ELI), organisations, units and "
    "posts (W3C ORG), reporting lines, duties and the provenance of every fact. The regulation "
    "texts are not subject to copyright (UU 28/2014 Pasal 42); the graph is dedicated to the "
    "public domain under CC0 1.0."
)


@dataclass
class Statistics:
    """VoID figures of one dataset."""

    triples: int = 0
    entities: int = 0
    distinct_subjects: int = 0
    distinct_objects: int = 0
    classes: dict[str, int] = field(default_factory=dict)  # class -> entities
    properties: dict[str, int] = field(default_factory=dict)  # property -> triples

    @property
    def vocabularies(self) -> list[str]:
        terms = list(self.classes) + list(self.properties)
        return sorted({ns for ns in KNOWN_VOCABULARIES for t in terms if t.startswith(ns)})


def _count(backend: QueryBackend, query: str) -> int:
    rows = backend.select(query)
    return int(str(rows[0]["n"])) if rows and "n" in rows[0] else 0


def statistics(backend: QueryBackend, graphs: list[str]) -> Statistics:
    """Counted over the set union of `graphs` (a triple in two graphs counts once)."""
    values = f"VALUES ?g {{ {' '.join(iri_ref(g) for g in graphs)} }}"
    triples = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} }}"
    stats = Statistics(
        triples=_count(backend, f"SELECT (COUNT(*) AS ?n) WHERE {{ {triples} }}"),
        entities=_count(
            backend,
            f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} "
            "FILTER(isIRI(?s)) }",
        ),
        distinct_subjects=_count(
            backend,
            f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} }}",
        ),
        distinct_objects=_count(
            backend,
            f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} }}",
        ),
    )
    for row in backend.select(
        f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?s a ?c }} }} "
        "GROUP BY ?c"
    ):
        stats.classes[str(row["c"])] = int(str(row["n"]))
    for row in backend.select(f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {triples} }} GROUP BY ?p"):
        stats.properties[str(row["p"])] = int(str(row["n"]))
    return stats


@dataclass(frozen=True)
class Publisher:
    """Who publishes this deployment: configured (SOTK_PUBLISHER_NAME, SOTK_PUBLISHER_TYPE,
    SOTK_CONTACT_EMAIL), since only the deployer knows; an empty e-mail leaves vcard:hasEmail out
    rather than inventing an address."""

    name: str = "sotk-kg project"
    type: str = "NonProfitOrganisation"  # a local name of the ADMS publisher-type scheme
    email: str = ""


@dataclass(frozen=True)
class Coverage:
    """What the loaded regulations are about, per dataset slug: their regions (eli:jurisdiction)
    and the Indonesian names of their kinds (eli:type_document), for dct:spatial and keywords."""

    regions: dict[str, set[str]]
    kinds: dict[str, set[str]]

    def of(self, slug: str) -> tuple[set[str], set[str]]:
        if slug == WHOLE:
            return set().union(*self.regions.values()), set().union(*self.kinds.values())
        return self.regions.get(slug, set()), self.kinds.get(slug, set())


def coverage(backend: QueryBackend, datasets: DatasetGraphs) -> Coverage:
    """One query over every regulation's graph (a corpus of thousands is one round trip)."""
    regions: dict[str, set[str]] = {slug: set() for slug in datasets.regulations}
    kinds: dict[str, set[str]] = {slug: set() for slug in datasets.regulations}
    slug_of = {graph: slug for slug, graph in datasets.regulations.items()}
    pairs = " ".join(
        f"({iri_ref(graph)} {iri_ref(work)})"
        for slug, graph in datasets.regulations.items()
        if (work := datasets.work(slug)) is not None
    )
    if not pairs:
        return Coverage(regions, kinds)
    rows = backend.select(
        f"SELECT ?g ?region ?kind WHERE {{ VALUES (?g ?work) {{ {pairs} }} GRAPH ?g {{ "
        f"OPTIONAL {{ ?work <{ELI_NS}jurisdiction> ?region }} "
        f"OPTIONAL {{ ?work <{ELI_NS}type_document> ?type }} }} "
        f"OPTIONAL {{ ?type <{SKOS_NS}prefLabel> ?kind FILTER(lang(?kind) = 'id') }} }}"
    )
    for row in rows:
        slug = slug_of[str(row["g"])]
        if row.get("region") is not None:
            regions[slug].add(str(row["region"]))
        if row.get("kind") is not None:
            kinds[slug].add(str(row["kind"]).lower())
    return Coverage(regions, kinds)


class Publication:
    """IRIs of the publication's own resources, all derived from the base."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.catalogue_doc = URIRef(f"{base}/catalogue")
        self.void_doc = URIRef(f"{base}/.well-known/void")
        self.endpoint = URIRef(f"{base}/sparql")
        self.catalogue = URIRef(f"{base}/catalogue#catalogue")
        self.service = URIRef(f"{base}/catalogue#sparql")
        self.publisher = URIRef(f"{base}/catalogue#publisher")
        self.contact = URIRef(f"{base}/catalogue#contact")

    def dataset(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}/catalogue#dataset-{slug}")

    def distribution(self, filename: str) -> URIRef:
        return URIRef(f"{self.base}/catalogue#distribution-{filename.replace('.', '-')}")

    def dump_url(self, filename: str) -> URIRef:
        return URIRef(f"{self.base}/dump/{filename}")


def _titles(backend: QueryBackend, datasets: DatasetGraphs) -> dict[str, tuple[str, str]]:
    """(Indonesian, English) title of each dataset; a regulation's from its label in the graph."""
    works = {slug: datasets.work(slug) for slug in datasets.regulations}
    labels = fetch_labels(backend, [w for w in works.values() if w])
    titles = {WHOLE: (TITLE_ID, TITLE_EN)}
    for slug, work in works.items():
        name_id = labels.get(work, "id") if work else None
        name_en = labels.get(work, "en") if work else None
        titles[slug] = (name_id or slug, name_en or name_id or slug)
    return titles


def _bilingual(g: Graph, subject: URIRef, predicate: URIRef, texts: tuple[str, str]) -> None:
    """`subject predicate` the (Indonesian, English) pair `texts`, each with its language tag."""
    g.add((subject, predicate, Literal(texts[0], lang="id")))
    g.add((subject, predicate, Literal(texts[1], lang="en")))


def catalogue_graph(
    backend: QueryBackend,
    base: str,
    dumps: Dumps,
    modified: datetime,
    publisher: Publisher | None = None,
) -> Graph:
    """The DCAT-AP 3 catalogue; `modified`: when the loaded data last changed."""
    pub = Publication(base)
    datasets = dumps.datasets
    titles = _titles(backend, datasets)
    covered = coverage(backend, datasets)
    changed = Literal(modified.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    g = bind_prefixes(Graph())
    g.add((pub.catalogue_doc, RDF.type, FOAF.Document))
    g.add((pub.catalogue_doc, FOAF.primaryTopic, pub.catalogue))
    cat = pub.catalogue
    g.add((cat, RDF.type, DCAT.Catalog))
    _bilingual(g, cat, DCTERMS.title, ("Katalog sotk-kg", "sotk-kg catalogue"))
    _bilingual(g, cat, DCTERMS.description, (DESCRIPTION_ID, DESCRIPTION_EN))
    g.add((cat, DCTERMS.publisher, pub.publisher))
    g.add((cat, DCTERMS.license, LICENCE))
    g.add((cat, DCTERMS.language, LANGUAGE))
    g.add((cat, DCTERMS.spatial, SPATIAL))
    g.add((cat, DCTERMS.modified, changed))
    g.add((cat, DCAT.themeTaxonomy, THEME_SCHEME))
    g.add((cat, FOAF.homepage, pub.catalogue_doc))
    g.add((cat, DCAT.service, pub.service))
    g.add((cat, RDFS.seeAlso, pub.void_doc))
    _agents_and_authorities(g, pub, publisher or Publisher())
    for slug in datasets.slugs:
        ds = pub.dataset(slug)
        g.add((cat, DCAT.dataset, ds))
        _dataset(g, pub, datasets, slug, titles[slug], dumps)
        g.add((ds, DCTERMS.modified, changed))
        g.add((ds, DCTERMS.accrualPeriodicity, FREQUENCY))
        regions, kinds = covered.of(slug)
        for region in sorted(regions):
            g.add((ds, DCTERMS.spatial, URIRef(region)))
            g.add((URIRef(region), RDF.type, DCTERMS.Location))
        for kind in sorted(kinds):
            g.add((ds, DCAT.keyword, Literal(kind, lang="id")))
    svc = pub.service
    g.add((svc, RDF.type, DCAT.DataService))
    _bilingual(g, svc, DCTERMS.title, ("Titik akhir SPARQL sotk-kg", "sotk-kg SPARQL endpoint"))
    g.add(
        (
            svc,
            DCTERMS.description,
            Literal(
                "Read-only SPARQL 1.1 query endpoint over every dataset of the catalogue; its "
                "Service Description (limits, graphs, formats) is answered by GET without a query.",
                lang="en",
            ),
        )
    )
    g.add((svc, DCAT.endpointURL, pub.endpoint))
    g.add((svc, DCAT.endpointDescription, pub.endpoint))
    g.add((svc, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    g.add((SPARQL_PROTOCOL, RDF.type, DCTERMS.Standard))
    g.add((svc, DCAT.keyword, Literal("SPARQL", lang="en")))
    g.add((svc, DCTERMS.publisher, pub.publisher))
    g.add((svc, DCTERMS.license, LICENCE))
    g.add((svc, DCAT.contactPoint, pub.contact))
    g.add((svc, DCAT.theme, THEME))
    for slug in datasets.slugs:
        g.add((svc, DCAT.servesDataset, pub.dataset(slug)))
    return g


def _agents_and_authorities(g: Graph, pub: Publication, publisher: Publisher) -> None:
    """The publisher, contact point and the typed EU authority terms the shapes' ranges need."""
    g.add((pub.publisher, RDF.type, FOAF.Agent))
    g.add((pub.publisher, FOAF.name, Literal(publisher.name)))
    kind = URIRef(PUBLISHER_TYPES + publisher.type)
    g.add((pub.publisher, DCTERMS.type, kind))
    g.add((kind, RDF.type, URIRef(SKOS_NS + "Concept")))
    g.add((kind, URIRef(SKOS_NS + "inScheme"), URIRef(PUBLISHER_TYPES.rstrip("/"))))
    # "NonProfitOrganisation" -> "Non Profit Organisation": the scheme's terms are camel case
    words = re.sub(r"(?<=[a-z])(?=[A-Z])|-", " ", publisher.type)
    g.add((kind, URIRef(SKOS_NS + "prefLabel"), Literal(words, lang="en")))
    g.add((pub.contact, RDF.type, VCARD.Kind))
    g.add((pub.contact, RDF.type, VCARD.Organization))
    g.add((pub.contact, VCARD.fn, Literal(publisher.name)))
    g.add((pub.contact, VCARD.hasURL, pub.catalogue_doc))
    if publisher.email:
        g.add((pub.contact, VCARD.hasEmail, URIRef("mailto:" + publisher.email)))
    g.add((FREQUENCY, RDF.type, DCTERMS.Frequency))
    g.add((FREQUENCY, URIRef(SKOS_NS + "prefLabel"), Literal("Irregular", lang="en")))
    g.add((LICENCE, RDF.type, DCTERMS.LicenseDocument))
    g.add((LANGUAGE, RDF.type, DCTERMS.LinguisticSystem))
    g.add((SPATIAL, RDF.type, DCTERMS.Location))
    g.add((THEME_SCHEME, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme")))
    g.add((THEME_SCHEME, DCTERMS.title, Literal("Data theme", lang="en")))
    skos = "http://www.w3.org/2004/02/skos/core#"
    g.add((THEME, RDF.type, URIRef(skos + "Concept")))
    g.add((THEME, URIRef(skos + "prefLabel"), Literal("Government and public sector", lang="en")))
    g.add((THEME, URIRef(skos + "inScheme"), THEME_SCHEME))
    g.add((AVAILABILITY, RDF.type, URIRef(skos + "Concept")))
    g.add((AVAILABILITY, URIRef(skos + "prefLabel"), Literal("Stable", lang="en")))
    g.add((AVAILABILITY, URIRef(skos + "inScheme"), URIRef(EU + "planned-availability")))


def _dataset(
    g: Graph,
    pub: Publication,
    datasets: DatasetGraphs,
    slug: str,
    title: tuple[str, str],
    dumps: Dumps,
) -> None:
    ds = pub.dataset(slug)
    g.add((ds, RDF.type, DCAT.Dataset))
    _bilingual(g, ds, DCTERMS.title, title)
    work = datasets.work(slug)
    if work:
        graph_name = datasets.regulations[slug]
        _bilingual(
            g,
            ds,
            DCTERMS.description,
            (
                f"Graf bernama {graph_name}: teks, organisasi, jabatan dan tugas menurut "
                f"{title[0]}.",
                f"Named graph {graph_name}: provisions, organisation, posts and duties as laid "
                f"down by {title[1]}.",
            ),
        )
        # dct:subject, not dcatap:applicableLegislation (that names law mandating the dataset)
        # nor dct:source (whose range is dcat:Dataset).
        g.add((ds, DCTERMS.subject, URIRef(work)))
        g.add((ds, DCAT.keyword, Literal(slug, lang="id")))
        g.add((pub.dataset(WHOLE), DCTERMS.hasPart, ds))
        g.add((ds, DCTERMS.isPartOf, pub.dataset(WHOLE)))
    else:
        _bilingual(g, ds, DCTERMS.description, (DESCRIPTION_ID, DESCRIPTION_EN))
    for word in ("SOTK", "perangkat daerah", "struktur organisasi"):
        g.add((ds, DCAT.keyword, Literal(word, lang="id")))
    g.add((ds, DCTERMS.publisher, pub.publisher))
    g.add((ds, DCAT.contactPoint, pub.contact))
    g.add((ds, DCAT.theme, THEME))
    g.add((ds, DCTERMS.language, LANGUAGE))
    g.add((ds, DCTERMS.spatial, SPATIAL))
    g.add((ds, RDFS.seeAlso, pub.void_doc))
    # The regulation's page for people; the catalogue's for the whole graph.
    landing = URIRef(work.replace("/eli/id/", "/eli/doc/", 1)) if work else pub.catalogue_doc
    g.add((ds, DCAT.landingPage, landing))
    g.add((landing, RDF.type, FOAF.Document))
    for fmt in FORMATS:
        dump = dumps.get(f"{slug}.{fmt.ext}")
        if dump is None:
            continue
        dist = pub.distribution(dump.filename)
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"{dump.filename}", lang="id")))
        g.add((dist, DCAT.accessURL, pub.dump_url(dump.filename)))
        g.add((dist, DCAT.downloadURL, pub.dump_url(dump.filename)))
        media = URIRef(IANA + fmt.media_type)
        g.add((dist, DCAT.mediaType, media))
        g.add((media, RDF.type, DCTERMS.MediaType))
        file_type = URIRef(EU + "file-type/" + fmt.file_type)
        g.add((dist, DCTERMS.format, file_type))
        g.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        if fmt.compressed:
            gzip_type = URIRef(IANA + "application/gzip")
            g.add((dist, DCAT.compressFormat, gzip_type))
            g.add((gzip_type, RDF.type, DCTERMS.MediaType))
        g.add((dist, DCAT.byteSize, Literal(dump.byte_size, datatype=XSD.nonNegativeInteger)))
        checksum = URIRef(f"{dist}-sha256")
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
        g.add((dist, DCTERMS.license, LICENCE))
        g.add(
            (
                dist,
                DCTERMS.description,
                Literal(
                    f"{fmt.file_type.replace('_', ' ')} dump{', gzip' if fmt.compressed else ''}: "
                    f"{dump.byte_size} bytes, SHA-256 {dump.sha256}",
                    lang="en",
                ),
            )
        )
        g.add((dist, DCATAP.availability, AVAILABILITY))


def void_graph(backend: QueryBackend, base: str, dumps: Dumps) -> Graph:
    """The VoID description: one void:Dataset per catalogue dataset, regulations as subsets."""
    pub = Publication(base)
    datasets = dumps.datasets
    titles = _titles(backend, datasets)
    g = bind_prefixes(Graph())
    g.add((pub.void_doc, RDF.type, VOID.DatasetDescription))
    g.add((pub.void_doc, DCTERMS.title, Literal("VoID description of sotk-kg", lang="en")))
    g.add((pub.void_doc, FOAF.primaryTopic, pub.dataset(WHOLE)))
    g.add((pub.void_doc, RDFS.seeAlso, pub.catalogue_doc))
    for slug in datasets.slugs:
        ds = pub.dataset(slug)
        g.add((ds, RDF.type, VOID.Dataset))
        _bilingual(g, ds, DCTERMS.title, titles[slug])
        g.add((ds, DCTERMS.license, LICENCE))
        g.add((ds, VOID.sparqlEndpoint, pub.endpoint))
        g.add((ds, VOID.uriSpace, Literal(f"{base}/")))
        g.add((ds, RDFS.seeAlso, pub.catalogue_doc))
        for fmt in FORMATS:
            g.add((ds, VOID.dataDump, pub.dump_url(f"{slug}.{fmt.ext}")))
        for name in ("Turtle", "N-Triples", "N-Quads", "JSON-LD", "RDF_XML"):
            g.add((ds, VOID.feature, URIRef(W3C_FORMATS + name)))
        work = datasets.work(slug)
        if work:
            g.add((pub.dataset(WHOLE), VOID.subset, ds))
            g.add((ds, VOID.rootResource, URIRef(work)))
            for example in [work, *established_organisations(backend, work)]:
                g.add((ds, VOID.exampleResource, URIRef(example)))
                g.add((pub.dataset(WHOLE), VOID.exampleResource, URIRef(example)))
        _statistics(g, ds, statistics(backend, datasets.graphs(slug)))
    return g


def _statistics(g: Graph, ds: URIRef, stats: Statistics) -> None:
    nn = XSD.integer
    g.add((ds, VOID.triples, Literal(stats.triples, datatype=nn)))
    g.add((ds, VOID.entities, Literal(stats.entities, datatype=nn)))
    g.add((ds, VOID.distinctSubjects, Literal(stats.distinct_subjects, datatype=nn)))
    g.add((ds, VOID.distinctObjects, Literal(stats.distinct_objects, datatype=nn)))
    g.add((ds, VOID.classes, Literal(len(stats.classes), datatype=nn)))
    g.add((ds, VOID.properties, Literal(len(stats.properties), datatype=nn)))
    for vocabulary in stats.vocabularies:
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    for cls, count in sorted(stats.classes.items()):
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(count, datatype=nn)))
    for prop, count in sorted(stats.properties.items()):
        part = BNode()
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(count, datatype=nn)))
