"""The queries behind the sections of a resource page (the RDF description comes from describe.py).

Every query reads all named graphs (`GRAPH ?g`), so it works whether or not the store's default
graph is their union.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rdflib import Literal
from rdflib.term import Node as RdfNode

from sotk_kg.server.pages.describe import iri_ref
from sotk_kg.server.pages.html import Labels
from sotk_kg.server.pages.vocab import SPARQL_PROLOGUE
from sotk_kg.store.backend import QueryBackend

# Order of the duty categories of the kategori-tugas scheme (docs/model.md).
DUTY_CATEGORY_ORDER = (
    "tugas-pokok",
    "fungsi",
    "uraian-tugas-manajerial",
    "uraian-tugas-utama",
    "uraian-tugas-penunjang",
    "uraian-tugas",
)
# Kinds of provision that make up a table of contents.
TOC_KINDS = (
    "Menimbang",
    "Mengingat",
    "Memperhatikan",
    "Bab",
    "Bagian",
    "Paragraf",
    "Pasal",
    "Lampiran",
)
# Reporting relations, superior side (post -> superior).
REPORTING = (
    "reportsDirectlyTo",
    "reportsToOneOf",
    "reportsVia",
    "coordinativelyAccountableTo",
)


def _select(backend: QueryBackend, body: str) -> list[dict[str, RdfNode]]:
    return backend.select(SPARQL_PROLOGUE + body)


def _str(row: dict[str, RdfNode], key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def _bool(row: dict[str, RdfNode], key: str) -> bool:
    value = row[key]
    return bool(value.toPython()) if isinstance(value, Literal) else bool(value)


def _int(row: dict[str, RdfNode], key: str) -> int:
    value = row.get(key)
    try:
        return int(str(value)) if value is not None else 0
    except ValueError:
        return 0


LABEL_ORDER = ("rdfs:label", "skos:prefLabel", "dct:title", "foaf:name")


def fetch_labels(
    backend: QueryBackend, iris: Iterable[str], labels: Labels | None = None
) -> Labels:
    """Labels (rdfs:label, skos:prefLabel, dct:title, foaf:name) of the given IRIs."""
    labels = labels or Labels()
    wanted = sorted({i for i in iris if i})
    for start in range(0, len(wanted), 200):
        values = " ".join(iri_ref(i) for i in wanted[start : start + 200])
        # one branch per label property: with `VALUES ?p` Oxigraph scans every graph's triples
        # (1.6 s for 90 IRIs on 100 regulations; 8 ms so, bench/reader_pages.py)
        branches = " UNION ".join(
            f"{{ GRAPH ?g {{ ?s {p} ?l }} BIND({p} AS ?p) }}" for p in LABEL_ORDER
        )
        rows = _select(
            backend,
            f"""SELECT DISTINCT ?s ?p ?l WHERE {{ VALUES ?s {{ {values} }}
  {branches} FILTER(isLiteral(?l)) }}""",
        )
        # rdfs:label before the others, whatever order the engine returns rows in (Virtuoso's
        # differs from Oxigraph's), so every backend picks the same label
        rank = {name.split(":")[1]: n for n, name in enumerate(LABEL_ORDER)}
        rows.sort(key=lambda r: (rank.get(str(r["p"]).rsplit("#", 1)[-1].rsplit("/", 1)[-1], 9),
                                 str(r["l"])))  # fmt: skip
        for row in rows:
            if isinstance(label := row.get("l"), Literal):
                labels.add(str(row["s"]), label)
    return labels


@dataclass
class Node:
    """A provision in a tree: what a table of contents or a Pasal's text needs."""

    iri: str
    sequence: int = 0
    line: int = 0  # sotk:sourceLine: text order across kinds (Menimbang before BAB I)
    label: str | None = None
    heading: str | None = None
    text: str | None = None
    children: list[Node] = field(default_factory=list)
    kind: str = ""  # the jenis-subdivisi concept's slug: "pasal", "ayat", "huruf", …
    number: str | None = None  # eli:number as the text numbers it ("1", "a")


def slug(iri: str | None) -> str:
    """The last path segment of a concept IRI (`…/jenis-subdivisi/pasal` -> `pasal`)."""
    return (iri or "").rstrip("/").rsplit("/", 1)[-1]


def provision_tree(backend: QueryBackend, root: str) -> list[Node]:
    """The parts below `root`, nested and in text order (`contents` keeps the TOC kinds)."""
    rows = _select(
        backend,
        f"""SELECT DISTINCT ?c ?parent ?seq ?line ?label ?heading ?text ?kind ?number WHERE {{
  GRAPH ?g {{ {iri_ref(root)} eli:has_part+ ?c . ?c eli:is_part_of ?parent .
  OPTIONAL {{ ?c sotk:sequence ?seq }} OPTIONAL {{ ?c sotk:sourceLine ?line }}
  OPTIONAL {{ ?c rdfs:label ?label FILTER(langMatches(lang(?label), "id")) }}
  OPTIONAL {{ ?c sotk:heading ?heading }} OPTIONAL {{ ?c eli:type_subdivision ?kind }}
  OPTIONAL {{ ?c eli:number ?number }}
  OPTIONAL {{ ?c sotk:verbatimText ?text }} }} }}""",
    )
    nodes: dict[str, Node] = {}
    parent_of: dict[str, str] = {}
    for row in rows:
        iri = str(row["c"])
        if iri not in nodes:
            nodes[iri] = Node(
                iri,
                _int(row, "seq"),
                _int(row, "line"),
                _str(row, "label"),
                _str(row, "heading"),
                _str(row, "text"),
                kind=slug(_str(row, "kind")),
                number=_str(row, "number"),
            )
            parent_of[iri] = str(row["parent"])
    top: list[Node] = []
    for iri, node in nodes.items():
        parent = parent_of[iri]
        (nodes[parent].children if parent in nodes else top).append(node)

    def order(n: Node) -> tuple[int, int, str]:
        return (n.line, n.sequence, n.iri)

    for node in nodes.values():
        node.children.sort(key=order)
    top.sort(key=order)
    return top


def contents(nodes: list[Node]) -> list[Node]:
    """The table of contents of a provision tree: its parts of the TOC kinds, nested as in the
    tree (from the tree already read: no second query)."""
    kinds = {k.lower() for k in TOC_KINDS}
    out: list[Node] = []
    for node in nodes:
        below = contents(node.children)
        if node.kind in kinds:
            out.append(replace(node, children=below))
        else:
            out.extend(below)
    return out


def ancestors(backend: QueryBackend, iri: str) -> list[str]:
    """The provisions (and the work) above `iri`, outermost first."""
    rows = _select(
        backend,
        f"""SELECT DISTINCT ?a ?parent WHERE {{ GRAPH ?g {{ {iri_ref(iri)} eli:is_part_of+ ?a .
  OPTIONAL {{ ?a eli:is_part_of ?parent }} }} }}""",
    )
    parent_of = {str(r["a"]): _str(r, "parent") for r in rows}
    first = _select(
        backend, f"SELECT ?p WHERE {{ GRAPH ?g {{ {iri_ref(iri)} eli:is_part_of ?p }} }}"
    )
    chain: list[str] = []
    current = str(first[0]["p"]) if first else None
    while current and current not in chain:
        chain.append(current)
        current = parent_of.get(current)
    return list(reversed(chain))


@dataclass
class Derived:
    """What the graph derives from a provision and the provisions inside it."""

    organisation: list[str] = field(default_factory=list)  # posts and units, incl. duty holders
    duties: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


def derived_from(backend: QueryBackend, provision: str) -> Derived:
    rows = _select(
        backend,
        f"""SELECT DISTINCT ?x ?holder ?organisational WHERE {{ GRAPH ?g {{
  ?p eli:is_part_of* {iri_ref(provision)} . ?x prov:wasDerivedFrom ?p .
  OPTIONAL {{ ?x sotk:dutyOf ?holder }}
  BIND(EXISTS {{ VALUES ?t {{ org:Post org:OrganizationalUnit org:FormalOrganization }}
                ?x a ?t }} AS ?organisational) }} }}""",
    )
    organisation: dict[str, None] = {}
    duties: dict[str, None] = {}
    other: dict[str, None] = {}
    for row in rows:
        x, holder = str(row["x"]), _str(row, "holder")
        if _bool(row, "organisational"):
            organisation[x] = None
        elif holder:
            organisation[holder] = None  # the post or organisation the duty belongs to
            duties[x] = None
        else:
            other[x] = None
    return Derived(list(organisation), list(duties), [o for o in other if o not in organisation])


@dataclass
class Duty:
    iri: str
    category: str | None
    sequence: int
    text: str | None
    source: str | None


def duties(backend: QueryBackend, holder: str) -> list[Duty]:
    ref = iri_ref(holder)
    rows = _select(
        backend,
        f"""SELECT DISTINCT ?d ?cat ?seq ?text ?src WHERE {{
  {{ GRAPH ?g {{ {ref} sotk:hasDuty ?d }} }} UNION {{ GRAPH ?g {{ ?d sotk:dutyOf {ref} }} }}
  GRAPH ?g2 {{ ?d a sotk:Tugas .
    OPTIONAL {{ ?d sotk:dutyCategory ?cat }} OPTIONAL {{ ?d sotk:sequence ?seq }}
    OPTIONAL {{ ?d sotk:verbatimText ?text }} OPTIONAL {{ ?d prov:wasDerivedFrom ?src }} }} }}""",
    )
    found: dict[str, Duty] = {}
    for row in rows:
        iri = str(row["d"])
        found.setdefault(
            iri,
            Duty(iri, _str(row, "cat"), _int(row, "seq"), _str(row, "text"), _str(row, "src")),
        )

    def order(d: Duty) -> tuple[int, str, str, int, str]:
        slug = (d.category or "").rstrip("/").rsplit("/", 1)[-1]
        rank = DUTY_CATEGORY_ORDER.index(slug) if slug in DUTY_CATEGORY_ORDER else 99
        return (rank, d.category or "", d.source or "", d.sequence, d.iri)

    return sorted(found.values(), key=order)


def reporting(
    backend: QueryBackend, post: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(superiors, subordinates) as (relation local name, other post)."""
    ref = iri_ref(post)
    values = " ".join(f"sotk:{r}" for r in REPORTING)
    rows = _select(
        backend,
        f"""SELECT DISTINCT ?rel ?other ?dir WHERE {{ VALUES ?rel {{ {values} }}
  {{ GRAPH ?g {{ {ref} ?rel ?other }} BIND("up" AS ?dir) }}
  UNION {{ GRAPH ?g {{ ?other ?rel {ref} }} BIND("down" AS ?dir) }} }}""",
    )
    up: list[tuple[str, str]] = []
    down: list[tuple[str, str]] = []
    for row in rows:
        rel = str(row["rel"]).rsplit("#", 1)[-1]
        (up if str(row["dir"]) == "up" else down).append((rel, str(row["other"])))
    key = lambda pair: (REPORTING.index(pair[0]), pair[1])  # noqa: E731
    return sorted(up, key=key), sorted(down, key=key)


def members(backend: QueryBackend, organisation: str) -> tuple[list[str], list[str]]:
    """(units directly below, posts in it)."""
    ref = iri_ref(organisation)
    rows = _select(
        backend,
        f"""SELECT DISTINCT ?x ?kind WHERE {{
  {{ GRAPH ?g {{ ?x org:subOrganizationOf {ref} }} BIND("unit" AS ?kind) }}
  UNION {{ GRAPH ?g {{ {ref} org:hasUnit ?x }} BIND("unit" AS ?kind) }}
  UNION {{ GRAPH ?g {{ ?x org:postIn {ref} }} BIND("post" AS ?kind) }} }} ORDER BY ?x""",
    )
    units = [str(r["x"]) for r in rows if str(r["kind"]) == "unit"]
    posts = [str(r["x"]) for r in rows if str(r["kind"]) == "post"]
    return list(dict.fromkeys(units)), list(dict.fromkeys(posts))


def established_organisations(backend: QueryBackend, work: str) -> list[str]:
    """The perangkat daerah whose units or posts (or itself) the regulation establishes."""
    rows = _select(
        backend,
        f"""SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ ?x sotk:establishedBy {iri_ref(work)} .
  ?x (org:postIn|org:subOrganizationOf)* ?o . ?o a sotk:PerangkatDaerah }} }} ORDER BY ?o""",
    )
    return [str(r["o"]) for r in rows]


# Virtuoso's word index takes a prefix wildcard after at least 4 characters; the FTS5 index
# is asked with the same words, so that both find the same labels.
_INDEXED_WORD = re.compile(r"[^\W_]{4,}")
# Resources the FTS5 index hands the label query, shortest labels first: the page shows 50.
SEARCH_CANDIDATES = 1000


def text_index_pattern(backend: QueryBackend, text: str) -> str:
    """The candidates of a label search, from a text index, by the words of `text` (of 4
    letters or digits or more, each a word's start): on Virtuoso `?l bif:contains '"word*" AND
    …'`, written here from letters and digits only (user queries may not use `bif:`,
    server/guard.py); on a store with the project's FTS5 index (store/textindex.py), a VALUES
    of the resources it finds. The CONTAINS filter keeps the same meaning as elsewhere, except
    that a match inside a word ("perasi" in "koperasi") is found only through another word of
    the search. Empty where there is no index or no word long enough."""
    words = _INDEXED_WORD.findall(text.lower())
    if not words:
        return ""
    if getattr(backend, "text_index", None) == "virtuoso":
        return ". ?l bif:contains '" + " AND ".join(f'"{w}*"' for w in words) + "' "
    texts = getattr(backend, "texts", None)
    index = texts() if callable(texts) else None
    if index is None:
        return ""
    found = index.labelled(words, SEARCH_CANDIDATES)
    return "VALUES ?s { " + " ".join(iri_ref(s) for s in found) + " } "


def search(backend: QueryBackend, text: str, limit: int = 50) -> list[tuple[str, Literal]]:
    """Resources whose label contains `text` (case-insensitive), shortest labels first."""
    needle = Literal(text.lower()).n3()  # an escaped SPARQL string literal

    def labels_with(index: str) -> list[dict[str, RdfNode]]:
        return _select(
            backend,
            f"""SELECT DISTINCT ?s ?l WHERE {{
  VALUES ?p {{ rdfs:label skos:prefLabel skos:altLabel }}
  GRAPH ?g {{ ?s ?p ?l {index}}} FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?l)), {needle})) }}
  ORDER BY STRLEN(STR(?l)) STR(?l) LANG(?l) STR(?s) LIMIT {int(limit) * 3}""",
        )

    index = text_index_pattern(backend, text)
    rows = labels_with(index)
    if index.startswith(". ") and not rows:  # a Virtuoso loaded without its text index finds
        rows = labels_with("")  # nothing through it
    seen: dict[str, Literal] = {}
    for row in rows:
        if isinstance(label := row["l"], Literal):  # the query's ?l is a label: a literal
            seen.setdefault(str(row["s"]), label)
    return list(seen.items())[:limit]


@dataclass
class Regulation:
    """A regulation whose text the graph holds (not one it only cites), for the home page."""

    iri: str
    label: str
    label_en: str | None
    organisations: list[str] = field(default_factory=list)  # perangkat daerah it establishes


def regulations(backend: QueryBackend) -> list[Regulation]:
    """Every regulation with parts (its text was read), with the perangkat daerah it sets up;
    ordered by label, the list a reader picks from. Its labels are those of its own graph: an
    amending act citing it labels it too, in the words of the citation."""
    rows = _select(
        backend,
        """SELECT DISTINCT ?w ?label ?en ?o WHERE {
  { SELECT DISTINCT ?w ?g WHERE { GRAPH ?g { ?w a eli:LegalResource ; eli:has_part ?part } } }
  OPTIONAL { GRAPH ?g { ?w rdfs:label ?label FILTER(langMatches(lang(?label), "id")) } }
  OPTIONAL { GRAPH ?g { ?w rdfs:label ?en FILTER(langMatches(lang(?en), "en")) } }
  OPTIONAL { GRAPH ?g3 { ?x sotk:establishedBy ?w .
    ?x (org:postIn|org:subOrganizationOf)* ?o . ?o a sotk:PerangkatDaerah } } }""",
    )
    found: dict[str, Regulation] = {}
    for row in rows:
        iri = str(row["w"])
        reg = found.setdefault(iri, Regulation(iri, _str(row, "label") or iri, _str(row, "en")))
        org = _str(row, "o")
        if org and org not in reg.organisations:
            reg.organisations.append(org)
    for reg in found.values():
        reg.organisations.sort()
    return sorted(found.values(), key=lambda r: (r.label, r.iri))


@dataclass
class Neighbours:
    """A Pasal's place in its regulation: the work, and the Pasal before and after it."""

    work: str | None = None
    previous: str | None = None
    next: str | None = None


def pasal_neighbours(backend: QueryBackend, pasal: str) -> Neighbours:
    """The Pasal before and after `pasal` in the text of its regulation (text order: the source
    line, then the sequence), and that regulation."""
    rows = _select(
        backend,
        f"""SELECT DISTINCT ?w ?p ?line ?seq WHERE {{ GRAPH ?g {{
  {iri_ref(pasal)} eli:is_part_of+ ?w . ?w a eli:LegalResource .
  ?p eli:is_part_of+ ?w ; a sotk:Pasal .
  OPTIONAL {{ ?p sotk:sourceLine ?line }} OPTIONAL {{ ?p sotk:sequence ?seq }} }} }}""",
    )
    if not rows:
        return Neighbours()
    order = sorted({(_int(r, "line"), _int(r, "seq"), str(r["p"])) for r in rows})
    pasals = list(dict.fromkeys(p for _, _, p in order))
    found = Neighbours(str(rows[0]["w"]))
    if pasal in pasals:
        i = pasals.index(pasal)
        found.previous = pasals[i - 1] if i > 0 else None
        found.next = pasals[i + 1] if i + 1 < len(pasals) else None
    return found


def citation_order(backend: QueryBackend, work: str) -> dict[str, dict[str, int]]:
    """Each work `work` cites -> {kind of the top-level part citing it ("mengingat", "bab", …):
    the first source line citing it there}: the order in which the text lists its legal bases
    (Mengingat 1-13), not the alphabet."""
    rows = _select(
        backend,
        f"""SELECT ?t ?kind (MIN(?line) AS ?first) WHERE {{ GRAPH ?g {{
  ?top eli:is_part_of {iri_ref(work)} . ?p eli:is_part_of* ?top .
  ?p eli:cites ?t ; sotk:sourceLine ?line . OPTIONAL {{ ?top eli:type_subdivision ?kind }} }} }}
  GROUP BY ?t ?kind""",
    )
    found: dict[str, dict[str, int]] = {}
    for r in rows:
        found.setdefault(str(r["t"]), {})[slug(_str(r, "kind"))] = _int(r, "first")
    return found


def official_copies(backend: QueryBackend, work: str, local: str) -> list[str]:
    """Where the official copy of `work` is published: its dct:source, or a manifestation of
    one of its expressions that is not minted under `local` (this graph's own text file)."""
    ref = iri_ref(work)
    rows = _select(
        backend,
        f"""SELECT DISTINCT ?u WHERE {{
  {{ GRAPH ?g {{ {ref} dct:source ?u }} }}
  UNION {{ GRAPH ?g {{ {ref} eli:is_realized_by ?e . ?e eli:is_embodied_by ?u }} }}
  FILTER(isIRI(?u)) }} ORDER BY ?u""",
    )
    return [str(r["u"]) for r in rows if not str(r["u"]).startswith(local)]


def text_checksums(backend: QueryBackend, work: str) -> list[str]:
    """The SHA-256 of the plain-text files the graph says hold `work`'s text."""
    rows = _select(
        backend,
        f"""SELECT DISTINCT ?sha WHERE {{ GRAPH ?g {{
  {iri_ref(work)} eli:is_realized_by ?e . ?e eli:is_embodied_by ?f . ?f sotk:sha256 ?sha ;
  eli:format <http://www.iana.org/assignments/media-types/text/plain> }} }}""",
    )
    return [str(r["sha"]) for r in rows]
