"""Side by side: what a generated regulation's sidecar says it establishes, and what a built graph
says. Both are reduced to the same plain shapes (IRIs relative to the base) so a test or the
benchmark can compare them aspect by aspect.

Aspects: provisions (every provision path), units and posts (IRI -> sotk class), Sub Koordinator
functions, duties (holder -> category -> count), repeals, legal bases (Mengingat), Pasal source
lines, kewenangan items and Pasal 1 definitions.
"""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.term import Node

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SOTK = Namespace("https://w3id.org/sotk-kg/def/sotk#")

# Holders whose duties the sidecar does not claim: the Kelompok paragraphs ("Kelompok Jabatan
# Fungsional mempunyai tugas pokok ...") may reasonably give their tugas pokok to the group or to
# its post, so neither side's count for them is compared.
UNCLAIMED_HOLDER_KINDS = frozenset(
    {"PejabatFungsional", "Pelaksana", "KelompokJabatanFungsional", "KelompokJabatanPelaksana"}
)
# Abstract classes a node also has; the comparison is on the specific one.
_GENERIC = frozenset({"UnitOrganisasi", "PerangkatDaerah", "Peraturan"})

ASPECTS = (
    "provisions",
    "units",
    "posts",
    "functions",
    "duties",
    "repeals",
    "based_on",
    "pasal_lines",
    "kewenangan",
    "definitions",
)


def expected(sidecar: dict) -> dict:
    """The sidecar in the comparison shapes."""
    unclaimed = {p["iri"] for p in sidecar["posts"] if p["kind"] in UNCLAIMED_HOLDER_KINDS}
    duties = {
        p["iri"]: p["duties"] for p in sidecar["posts"] if p["duties"] and p["iri"] not in unclaimed
    }
    if sidecar["dinas"]["duties"]:
        duties[sidecar["dinas"]["iri"]] = sidecar["dinas"]["duties"]
    return {
        "provisions": sorted(sidecar["provision_paths"]),
        "units": {u["iri"]: u["kind"] for u in sidecar["units"]},
        "posts": {p["iri"]: p["kind"] for p in sidecar["posts"]},
        "functions": sorted(sidecar["sub_koordinator_functions"]),
        "duties": duties,
        "repeals": sorted(sidecar["repeals"]),
        "based_on": sorted(sidecar["based_on"]),
        "pasal_lines": {int(k): v for k, v in sidecar["pasal_lines"].items()},
        "kewenangan": sidecar["kewenangan_items"],
        "definitions": sidecar["definitions"],
    }


def observed(graph: Graph, base: str, sidecar: dict) -> dict:
    """The same facts read from the graph the pipeline built for that regulation."""
    base = base.rstrip("/")
    work = URIRef(f"{base}/{sidecar['work']['path']}")

    def rel(node: Node) -> str:
        return str(node).removeprefix(f"{base}/")

    def sotk_class(node: Node) -> str | None:
        kinds = sorted(
            str(t).removeprefix(str(SOTK))
            for t in graph.objects(node, RDF.type)
            if str(t).startswith(str(SOTK))
        )
        specific = [k for k in kinds if k not in _GENERIC]
        return specific[0] if len(specific) == 1 else ",".join(specific) or None

    def established(cls: URIRef) -> list[Node]:
        return [s for s in graph.subjects(RDF.type, cls) if (s, SOTK.establishedBy, work) in graph]

    prefix = f"{work}/"
    provisions = sorted(
        str(s).removeprefix(prefix)
        for s in set(graph.subjects(RDF.type, ELI.LegalResourceSubdivision))
        if str(s).startswith(prefix)
    )
    units = {rel(u): sotk_class(u) for u in established(ORG.OrganizationalUnit)}
    posts = {rel(p): sotk_class(p) for p in established(ORG.Post)}
    functions = sorted(
        str(f)
        for p in established(SOTK.SubKoordinator)
        for f in graph.objects(p, SOTK.subKoordinatorFunction)
    )
    unclaimed = {iri for iri, kind in {**units, **posts}.items() if kind in UNCLAIMED_HOLDER_KINDS}
    duties: dict[str, dict[str, int]] = {}
    for holder in set(graph.subjects(SOTK.hasDuty, None)):
        if rel(holder) in unclaimed:
            continue
        counts = Counter(
            str(c).rsplit("/", 1)[-1]
            for d in graph.objects(holder, SOTK.hasDuty)
            for c in graph.objects(d, SOTK.dutyCategory)
        )
        duties[rel(holder)] = dict(counts)
    pasal_lines = {}
    for path in provisions:
        kind, _, number = path.partition("/")
        if kind == "pasal" and "/" not in number:
            line = graph.value(URIRef(prefix + path), SOTK.sourceLine)
            pasal_lines[int(number)] = int(line) if line is not None else None
    return {
        "provisions": provisions,
        "units": units,
        "posts": posts,
        "functions": functions,
        "duties": duties,
        "repeals": sorted(rel(o) for o in graph.objects(work, ELI.repeals)),
        "based_on": sorted(rel(o) for o in graph.objects(work, ELI.based_on)),
        "pasal_lines": pasal_lines,
        "kewenangan": len(set(graph.subjects(RDF.type, SOTK.Kewenangan))),
        "definitions": len(set(graph.subjects(RDF.type, SOTK.Definisi))),
    }


def mismatches(exp: dict, obs: dict) -> list[str]:
    """One line per aspect that differs, naming a few of the differences."""
    out = []
    for aspect in ASPECTS:
        e, o = exp[aspect], obs[aspect]
        if e == o:
            continue
        if isinstance(e, dict):
            missing = sorted(set(e) - set(o))[:3]
            extra = sorted(set(o) - set(e))[:3]
            wrong = sorted(k for k in set(e) & set(o) if e[k] != o[k])[:3]
            detail = f"missing {missing} extra {extra} differ {[(k, e[k], o[k]) for k in wrong]}"
        elif isinstance(e, list):
            detail = f"missing {sorted(set(e) - set(o))[:3]} extra {sorted(set(o) - set(e))[:3]}"
        else:
            detail = f"expected {e} got {o}"
        out.append(f"{aspect}: {detail}")
    return out
