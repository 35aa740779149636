"""Validation entry points for the CLI and the server: what gets validated with what.

- No input: every regulation of the published graph (`data/graph/*.ttl`), each in its own store
  with the ontology and schemes, so that one regulation's result never depends on which others
  are loaded.
- RDF structure files: validated the same way (each alone, with the ontology).
- Rosters (CSV, or RDF stating org:Membership): matched onto the structure - the submitted structure
  files if any, else the published graph - and validated with the roster shapes, together with the
  regulations whose posts they name. The roster lives only in that call's in-memory store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal

from checks import rdfinput, report, shacl
from checks.errors import UnusableInput
from checks.findings import (
    SH,
    SOTKSH,
    Finding,
    annotate_documented,
    documented_defects,
    extract,
    mark_documented,
)
from checks.roster import Vocabulary, is_roster, roster_from_csv, roster_from_rdf, sotk
from sotk_kg.settings import Settings, read_rebased

SERIALIZE_FORMATS = ("turtle", "json-ld")
DEFECTS_FILE = "documented-defects.ttl"


@dataclass(frozen=True)
class Sources:
    """Where the published graph, the ontology and the shapes are read from."""

    graph_dir: Path
    ontology_dir: Path
    shapes_dir: Path
    base: str

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Sources:
        s = settings or Settings()
        return cls(s.graph_dir, s.ontology_dir, s.shapes_dir, s.base)


@dataclass
class ValidationOutcome:
    conforms: bool
    report_graph: Graph
    findings: list[Finding]
    checked: list[str] = field(default_factory=list)
    lang: str = "id"

    def to_text(self, lang: str | None = None) -> str:
        return report.to_text(self.conforms, self.findings, self.checked, lang or self.lang)

    @property
    def only_documented_violations(self) -> bool:
        """Fails only because of documented defects of the source text (and nothing else)."""
        violations, documented = report.violation_counts(self.findings)
        return not self.conforms and violations == documented

    def to_json(self) -> dict:
        return report.to_json(self.conforms, self.findings, self.checked)

    def to_html(self, lang: str | None = None) -> str:
        return report.to_html(self.conforms, self.findings, self.checked, lang or self.lang)

    def serialize(self, fmt: str = "turtle") -> str:
        if fmt not in SERIALIZE_FORMATS:
            raise ValueError(f"format must be one of {SERIALIZE_FORMATS}, not {fmt!r}")
        return self.report_graph.serialize(format=fmt)


@dataclass
class _Input:
    name: str
    media_type: str
    payload: bytes


@dataclass(frozen=True)
class _Options:
    lang: str
    complete: bool
    perangkat_daerah: str | None


@dataclass
class _Run:
    """One pySHACL call: what it validated and what it found."""

    name: str
    conforms: bool
    report: Graph
    findings: list[Finding]


# ---------------------------------------------------------------- public API


def validate_paths(
    paths: Sequence[Path],
    lang: str = "id",
    *,
    complete: bool = False,
    sources: Sources | None = None,
    perangkat_daerah: str | None = None,
) -> ValidationOutcome:
    """Validate files (CSV/Turtle/JSON-LD/N-Triples); no files = the published graph.
    `perangkat_daerah` (IRI or name) is where CSV rosters' post names are looked up."""
    inputs = []
    for path in paths:
        media_type = rdfinput.media_type_of(path)
        try:
            payload = path.read_bytes()
        except OSError as exc:
            raise UnusableInput(f"cannot read the file: {exc.strerror}", str(path)) from None
        inputs.append(_Input(str(path), media_type, payload))
    options = _Options(lang, complete, perangkat_daerah)
    return _validate(inputs, options, sources or Sources.from_settings())


def validate_upload(
    payload: bytes,
    media_type: str,
    filename: str | None = None,
    lang: str = "id",
    *,
    complete: bool = False,
    sources: Sources | None = None,
    perangkat_daerah: str | None = None,
) -> ValidationOutcome:
    """Validate one uploaded document (a roster against the published graph, or a structure)."""
    name = filename or "upload"
    kind = rdfinput.normalise_media_type(media_type, name)
    item = _Input(name, kind, payload)
    options = _Options(lang, complete, perangkat_daerah)
    return _validate([item], options, sources or Sources.from_settings())


# ---------------------------------------------------------------- loading


def _stamp(files: Iterable[Path]) -> tuple[tuple[str, int], ...]:
    return tuple((str(f), f.stat().st_mtime_ns) for f in sorted(files))


def _ontology_triples(sources: Sources) -> list[ox.Triple]:
    files = [*sources.ontology_dir.glob("*.ttl"), *sources.ontology_dir.glob("schemes/*.ttl")]
    return _parse_files(_stamp(files), sources.base)


def _published_units(sources: Sources) -> list[tuple[str, list[ox.Triple]]]:
    files = sorted(sources.graph_dir.glob("*.ttl"))
    return [(f.name, _parse_files(_stamp([f]), sources.base)) for f in files]


@lru_cache(maxsize=32)
def _parse_files(stamp: tuple[tuple[str, int], ...], base: str) -> list[ox.Triple]:
    # The files are built under the canonical base; validate in the deploy base, as the server
    # serves them, so that findings name the IRIs users see.
    triples: list[ox.Triple] = []
    for path, _mtime in stamp:
        payload = read_rebased(Path(path), base).encode()
        triples.extend(rdfinput.parse_rdf(payload, rdfinput.TURTLE, path))
    return triples


def _store(*parts: Iterable[ox.Triple]) -> ox.Store:
    store = ox.Store()
    for triples in parts:
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


# ---------------------------------------------------------------- validating


def _validate(inputs: list[_Input], options: _Options, sources: Sources) -> ValidationOutcome:
    structures: list[tuple[str, list[ox.Triple]]] = []
    rosters: list[tuple[_Input, list[ox.Triple] | None]] = []
    for item in inputs:
        if item.media_type == rdfinput.CSV:
            rosters.append((item, None))
            continue
        triples = rdfinput.parse_rdf(item.payload, item.media_type, item.name)
        if is_roster(triples):
            rosters.append((item, triples))
        else:
            structures.append((item.name, triples))
    if not inputs:
        structures = _published_units(sources)
        if not structures:
            raise UnusableInput("no published graph to validate (run `sotk-kg build` first)",
                                str(sources.graph_dir))  # fmt: skip
    ontology = _ontology_triples(sources)
    runs = [_validate_structure(name, triples, ontology, sources) for name, triples in structures]
    if rosters:
        context = structures or _published_units(sources)
        if not context:
            raise UnusableInput(
                "no structure to check the roster against: publish the graph (`sotk-kg build`) "
                "or give a structure file together with the roster",
                rosters[0][0].name,
            )
        runs.extend(_validate_rosters(rosters, context, ontology, options, sources))
    outcome = _outcome(runs, options.lang)
    known = documented_defects(sources.shapes_dir / DEFECTS_FILE, sources.base)
    mark_documented(outcome.findings, known)
    annotate_documented(outcome.report_graph, known)
    return outcome


def _validate_structure(
    name: str, triples: list[ox.Triple], ontology: list[ox.Triple], sources: Sources
) -> _Run:
    store = _store(ontology, triples)
    shapes = shacl.load_shapes(sources.shapes_dir, shacl.STRUCTURE, sources.base)
    conforms, graph = shacl.run(store, shapes)
    return _Run(name, conforms, graph, extract(graph, shapes, store, name))


def _validate_rosters(
    rosters: list[tuple[_Input, list[ox.Triple] | None]],
    context: list[tuple[str, list[ox.Triple]]],
    ontology: list[ox.Triple],
    options: _Options,
    sources: Sources,
) -> list[_Run]:
    vocab = Vocabulary.from_store(_store(ontology, *(t for _, t in context)), sources.base)
    shapes = shacl.load_shapes(sources.shapes_dir, shacl.ROSTER, sources.base)
    runs = []
    for index, (item, triples) in enumerate(rosters, start=1):
        key = str(index)
        if triples is None:
            text = rdfinput.decode_utf8(item.payload, item.name)
            roster = roster_from_csv(
                text, item.name, vocab, key, options.complete, options.perangkat_daerah
            )
        else:
            roster = roster_from_rdf(triples, item.name, vocab, key, options.complete)
        named = {t.object for t in roster if t.predicate in (sotk("post"), sotk("postCandidate"))}
        # only the regulations whose posts the roster names: independent of what else is loaded
        relevant = [t for _, t in context if any(x.subject in named for x in t)]
        store = _store(ontology, *relevant, roster)
        conforms, graph = shacl.run(store, shapes)
        runs.append(_Run(item.name, conforms, graph, extract(graph, shapes, store, item.name)))
    return runs


def _outcome(runs: list[_Run], lang: str) -> ValidationOutcome:
    conforms = all(r.conforms for r in runs)
    merged = Graph()
    merged.bind("sh", SH)
    merged.bind("sotksh", SOTKSH)
    node = BNode()
    merged.add((node, RDF.type, SH.ValidationReport))
    merged.add((node, SH.conforms, Literal(conforms)))
    for run in runs:
        reports = set(run.report.subjects(RDF.type, SH.ValidationReport))
        for triple in run.report:
            if triple[0] in reports:
                if triple[1] == SH.result:
                    merged.add((node, SH.result, triple[2]))
            else:
                merged.add(triple)
    findings = [f for r in runs for f in r.findings]
    return ValidationOutcome(conforms, merged, findings, [r.name for r in runs], lang)
