"""Validation entry points for the CLI and the server: what gets validated with what.

- No input: every regulation of the published graph (`data/graph/*.ttl`), each in its own store
  with the ontology and schemes, so that one regulation's result never depends on which others
  are loaded.
- RDF structure files: validated the same way (each alone, with the ontology).
- Rosters (CSV, or RDF stating org:Membership): matched onto the structure - the submitted structure
  files if any, else the published graph - and validated with the roster shapes, together with the
  regulations whose posts they name. The roster lives only in that call's in-memory store.

Structure validations (the first two) can be served from a result cache (`cache_dir=`, see
`checks/cache.py`) and spread over worker processes (`jobs=`): the outcome is the same either way,
merged in the order of the input, and `outcome.stats` says how many structures were validated and
how many came from the cache. Rosters are validated in this process and never cached: they are
cheap, and their result depends on several inputs. They are validated by `checks.batch_shacl`
(each constraint once per roster, not once per row: pySHACL took 30 s for 3,000 rows), which
reports what pySHACL reports.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal

from sotk_kg import versions as vs
from sotk_kg.checks import batch_shacl, cache, rdfinput, report, shacl, spreadsheet
from sotk_kg.checks.errors import UnusableInput
from sotk_kg.checks.findings import (
    SH,
    DocumentedDefect,
    Finding,
    annotate_documented,
    documented_defects,
    extract,
    findings_of,
    mark_documented,
)
from sotk_kg.checks.roster import (
    Vocabulary,
    is_roster,
    read_csv,
    roster_from_rdf,
    roster_from_table,
    sotk,
)
from sotk_kg.engine import select
from sotk_kg.iris import rebase
from sotk_kg.namespaces import SOTKSH
from sotk_kg.settings import Settings

SERIALIZE_FORMATS = ("turtle", "json-ld")
DEFECTS_FILE = "documented-defects.ttl"
PUBLISHED = "published"  # how a published regulation is read: Turtle, moved to the deploy base
# The posts a roster names (sotk:post, or the candidates of an ambiguous name)
_NAMED_POSTS = f"""SELECT DISTINCT ?post WHERE {{
  {{ ?m <{sotk("post").value}> ?post }} UNION {{ ?m <{sotk("postCandidate").value}> ?post }}
}}"""


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
    findings: list[Finding]
    checked: list[str] = field(default_factory=list)
    lang: str = "id"
    # structures "validated" now and served from the "cached" results (rosters not counted)
    stats: dict[str, int] = field(default_factory=dict)
    rosters: list[str] = field(default_factory=list)  # the inputs read as staffing rosters
    make_report: Callable[[], Graph] = field(default=Graph, repr=False)

    @cached_property
    def report_graph(self) -> Graph:
        """The merged sh:ValidationReport, made on first use: the text, HTML and JSON reports need
        only the findings, and parsing every regulation's report costs more than validating one
        (1,000 regulations: ~24,000 results, over 10 s of rdflib)."""
        return self.make_report()

    def to_text(self, lang: str | None = None) -> str:
        return report.to_text(self.conforms, self.findings, self.checked, lang or self.lang)

    @property
    def only_documented_violations(self) -> bool:
        """Fails only because of documented defects of the source text (and nothing else)."""
        violations, documented = report.violation_counts(self.findings)
        return not self.conforms and violations == documented

    def to_json(self) -> dict[str, object]:
        return report.to_json(self.conforms, self.findings, self.checked)

    def to_html(self, lang: str | None = None) -> str:
        return report.to_html(self.conforms, self.findings, self.checked, lang or self.lang)

    def to_rows_html(self, lang: str | None = None, *, fragment: bool = False) -> str:
        """For people: grouped by roster row, plain words, fix hints, provisions linked."""
        return report.roster_html(self.findings, lang or self.lang, fragment=fragment)

    def to_rows_text(self, lang: str | None = None) -> str:
        return report.roster_text(self.findings, lang or self.lang)

    def to_csv(self, lang: str | None = None) -> str:
        """One line per finding, for a spreadsheet."""
        return report.roster_csv(self.findings, lang or self.lang)

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
    as_of: str | None = None  # the roster's date; None: each row's `mulai`, else today


@dataclass(frozen=True)
class _Unit:
    """One structure validated on its own: a published regulation (`path`, read again where it is
    validated, so that a corpus is never held in memory) or a submitted file (`payload`)."""

    name: str
    kind: str  # PUBLISHED or the media type of a submitted file
    digest: str  # sha256 of the bytes the cache key was made from
    path: Path | None = None
    payload: bytes | None = None


@dataclass(frozen=True)
class _Unusable:
    """An UnusableInput met in a worker process, sent back whole (pickling the exception would
    keep its message only)."""

    message: str
    file: str | None
    line: int | None
    column: int | None


@dataclass
class _Run:
    """One pySHACL call: what it validated and what it found."""

    name: str
    conforms: bool
    # a Graph, N-Triples (a cache entry), or a function adding the results to a report graph
    # under its report node; read only when the report graph is asked for
    report: Graph | str | Callable[[Graph, BNode], None]
    findings: list[Finding]


# ---------------------------------------------------------------- public API


def validate_paths(
    paths: Sequence[Path],
    lang: str = "id",
    *,
    complete: bool = False,
    sources: Sources | None = None,
    perangkat_daerah: str | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    as_of: str | None = None,
) -> ValidationOutcome:
    """Validate files (CSV/Turtle/JSON-LD/N-Triples); no files = the published graph.
    `perangkat_daerah` (IRI or name) is where CSV rosters' post names are looked up.
    `jobs` > 1 validates the structures in that many worker processes; `cache_dir` keeps their
    results (`checks/cache.py`) and, for the published graph, drops the entries it did not use.
    Rosters are checked against the regulations in force on `as_of` (YYYY-MM-DD), else on each
    row's `mulai`, else today."""
    inputs = []
    for path in paths:
        media_type = rdfinput.media_type_of(path)
        inputs.append(_Input(str(path), media_type, _read(path)))
    options = _Options(lang, complete, perangkat_daerah, _as_of(as_of))
    return _validate(inputs, options, sources or Sources.from_settings(), jobs, cache_dir)


def validate_upload(
    payload: bytes,
    media_type: str,
    filename: str | None = None,
    lang: str = "id",
    *,
    complete: bool = False,
    sources: Sources | None = None,
    perangkat_daerah: str | None = None,
    as_of: str | None = None,
) -> ValidationOutcome:
    """Validate one uploaded document (a roster against the published graph, or a structure;
    `as_of` as in `validate_paths`)."""
    name = filename or "upload"
    kind = rdfinput.normalise_media_type(media_type, name)
    item = _Input(name, kind, payload)
    options = _Options(lang, complete, perangkat_daerah, _as_of(as_of))
    return _validate([item], options, sources or Sources.from_settings())


# ---------------------------------------------------------------- loading


def _stamp(files: Iterable[Path]) -> tuple[tuple[str, int], ...]:
    return tuple((str(f), f.stat().st_mtime_ns) for f in sorted(files))


def _ontology_files(sources: Sources) -> list[Path]:
    return [*sources.ontology_dir.glob("*.ttl"), *sources.ontology_dir.glob("schemes/*.ttl")]


def _ontology_triples(sources: Sources) -> list[ox.Triple]:
    return _parse_files(_stamp(_ontology_files(sources)), sources.base)


def _published_files(sources: Sources) -> list[Path]:
    return sorted(sources.graph_dir.glob("*.ttl"))


def _published_units(sources: Sources) -> list[tuple[str, list[ox.Triple]]]:
    return [(f.name, _parse_files(_stamp([f]), sources.base)) for f in _published_files(sources)]


@lru_cache(maxsize=32)
def _parse_files(stamp: tuple[tuple[str, int], ...], base: str) -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for path, _mtime in stamp:
        triples.extend(_parse_published(Path(path).read_bytes(), path, base))
    return triples


def _parse_published(payload: bytes, location: str, base: str) -> list[ox.Triple]:
    # The files are built under the canonical base; validate in the deploy base, as the server
    # serves them, so that findings name the IRIs users see.
    text = rebase(rdfinput.decode_utf8(payload, location), base)
    return rdfinput.parse_rdf(text.encode(), rdfinput.TURTLE, location)


def _store(*parts: Iterable[ox.Triple]) -> ox.Store:
    return _fill(ox.Store(), *parts)


def _fill(store: ox.Store, *parts: Iterable[ox.Triple]) -> ox.Store:
    for triples in parts:
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnusableInput(f"cannot read the file: {exc.strerror}", str(path)) from None


def _published_unit(path: Path) -> _Unit:
    # hashed only: the bytes are read again where the regulation is validated (and compared)
    return _Unit(path.name, PUBLISHED, cache.payload_digest(_read(path)), path=path)


def _unit_triples(unit: _Unit, sources: Sources) -> tuple[bytes, list[ox.Triple]]:
    """The bytes of a structure as read now, and its triples (published: in the deploy base)."""
    if unit.path is None:
        assert unit.payload is not None
        return unit.payload, rdfinput.parse_rdf(unit.payload, unit.kind, unit.name)
    payload = _read(unit.path)
    return payload, _parse_published(payload, str(unit.path), sources.base)


# ---------------------------------------------------------------- structures: cache, workers


class _Results:
    """The result cache of one call, or none (`directory` None): keys and entries by unit."""

    def __init__(self, directory: Path | None, sources: Sources) -> None:
        self.cache = cache.ResultCache(directory) if directory is not None else None
        self.sources = sources
        self.used: set[str] = set()
        self._context: str | None = None
        self._read: dict[str, cache.Entry | None] = {}  # each entry is read (and warned of) once

    def key(self, unit: _Unit) -> str | None:
        if self.cache is None:
            return None
        if self._context is None:  # once per call, and only when a structure is looked up
            s = self.sources
            shapes = shacl.shapes_files(s.shapes_dir, shacl.STRUCTURE)
            files = [(f"shapes/{f.name}", f) for f in shapes]
            files += sorted((f"ontology/{f.relative_to(s.ontology_dir)}", f)
                            for f in _ontology_files(s))  # fmt: skip
            # the code's part of the key is cache.code_identity: no list of modules here
            self._context = cache.context_digest(files, s.base)
        return cache.entry_key(self._context, unit.name, unit.kind, unit.digest)

    def get(self, unit: _Unit) -> cache.Entry | None:
        key = self.key(unit)
        if key is None or self.cache is None:
            return None
        self.used.add(key)
        if key not in self._read:
            self._read[key] = self.cache.get(key)
        return self._read[key]

    def put(self, unit: _Unit, digest: str, entry: cache.Entry) -> None:
        key = self.key(unit)
        # the file changed between hashing and validating: its result is not the key's
        if key is not None and self.cache is not None and digest == unit.digest:
            self.cache.put(key, entry)

    def prune(self, started: float) -> None:
        if self.cache is not None:
            self.cache.prune(self.used, started)


def _check(unit: _Unit, sources: Sources) -> tuple[str, cache.Entry] | _Unusable:
    """Validate one structure alone with the ontology (in this process or a worker): the sha256
    of the bytes validated, and the result as the cache keeps it."""
    try:
        payload, triples = _unit_triples(unit, sources)
    except UnusableInput as exc:
        return _Unusable(exc.message, exc.file, exc.line, exc.column)
    store = _store(_ontology_triples(sources), triples)
    shapes = shacl.load_shapes(sources.shapes_dir, shacl.STRUCTURE, sources.base)
    conforms, graph = shacl.run(store, shapes)
    found = extract(graph, shapes, store, unit.name)
    return cache.payload_digest(payload), cache.Entry(conforms, graph.serialize(format="nt"), found)


def _unwrap(result: tuple[str, cache.Entry] | _Unusable) -> tuple[str, cache.Entry]:
    if isinstance(result, _Unusable):
        raise UnusableInput(result.message, result.file, result.line, result.column)
    return result


def _fresh(units: list[_Unit], sources: Sources, jobs: int) -> Iterator[tuple[str, cache.Entry]]:
    """The results of `units`, in their order: validated here, or by `jobs` worker processes."""
    if jobs <= 1 or len(units) <= 1:
        for unit in units:
            yield _unwrap(_check(unit, sources))
        return
    # spawn: a fresh interpreter per worker (no forked locks or pySHACL patches of this process);
    # each worker keeps the ontology and shapes parsed, and one regulation at a time.
    context = mp.get_context("spawn")
    with ProcessPoolExecutor(min(jobs, len(units)), mp_context=context) as pool:
        try:
            for result in pool.map(_check, units, itertools.repeat(sources)):
                yield _unwrap(result)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)  # not the queued regulations too
            raise


def _run_of(name: str, entry: cache.Entry) -> _Run:
    # every result goes through the entry, fresh or cached, so that both give the same outcome
    return _Run(name, entry.conforms, entry.report, list(entry.findings))


def _validate_structures(
    units: list[_Unit], sources: Sources, jobs: int, results: _Results
) -> tuple[list[_Run], dict[str, int]]:
    entries = [results.get(unit) for unit in units]
    todo = [unit for unit, entry in zip(units, entries, strict=True) if entry is None]
    fresh = _fresh(todo, sources, jobs)
    runs = []
    for unit, entry in zip(units, entries, strict=True):
        if entry is None:
            digest, entry = next(fresh)
            results.put(unit, digest, entry)  # now: a later failure keeps what was done
        runs.append(_run_of(unit.name, entry))
    return runs, {"validated": len(todo), "cached": len(units) - len(todo)}


# ---------------------------------------------------------------- validating


def _validate(
    inputs: list[_Input],
    options: _Options,
    sources: Sources,
    jobs: int = 1,
    cache_dir: Path | None = None,
) -> ValidationOutcome:
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    started = time.time()
    results = _Results(cache_dir, sources)
    units: list[_Unit] = []
    parsed: list[list[ox.Triple] | None] = []  # the units' triples, when read here
    rosters: list[tuple[_Input, list[ox.Triple] | None]] = []
    for item in inputs:
        if item.media_type in rdfinput.ROSTER_TABLES:
            rosters.append((item, None))
            continue
        unit = _Unit(item.name, item.media_type, cache.payload_digest(item.payload),
                     payload=item.payload)  # fmt: skip
        if results.get(unit) is not None:  # only structures are cached: no need to parse it
            units.append(unit)
            parsed.append(None)
            continue
        triples = rdfinput.parse_rdf(item.payload, item.media_type, item.name)
        if is_roster(triples):
            rosters.append((item, triples))
        else:
            units.append(unit)
            parsed.append(triples)
    if not inputs:
        units = [_published_unit(f) for f in _published_files(sources)]
        if not units:
            raise UnusableInput("no published graph to validate (run `sotk-kg build` first)",
                                str(sources.graph_dir))  # fmt: skip
    if not rosters:
        parsed = [None] * len(units)  # only rosters need the structures' triples here
    runs, stats = _validate_structures(units, sources, jobs, results)
    if not inputs:
        results.prune(started)
    if rosters:
        context = [
            (u.name, triples if triples is not None else _unit_triples(u, sources)[1])
            for u, triples in zip(units, parsed, strict=True)
        ] or _published_units(sources)
        if not context:
            raise UnusableInput(
                "no structure to check the roster against: publish the graph (`sotk-kg build`) "
                "or give a structure file together with the roster",
                rosters[0][0].name,
            )
        ontology = _ontology_triples(sources)
        runs.extend(_validate_rosters(rosters, context, ontology, options, sources))
    known = documented_defects(sources.shapes_dir / DEFECTS_FILE, sources.base)
    outcome = _outcome(runs, options.lang, known)
    outcome.stats = stats
    outcome.rosters = [item.name for item, _ in rosters]
    mark_documented(outcome.findings, known)
    return outcome


def _as_of(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return vs.parse_date(value)
    except ValueError as exc:
        raise UnusableInput(f"as-of: {exc}", None) from None


class _InForce:
    """The structures' versions (sotk_kg/versions.py): which of them are in force on a day. A
    structure's graph is the one its own expression names (sotk:versionGraph), else its own."""

    def __init__(self, context: list[tuple[str, list[ox.Triple]]]) -> None:
        self.named: list[tuple[str, str, list[ox.Triple]]] = []
        facts = vs.Facts()
        for name, triples in context:
            graph = next(
                (t.object.value for t in triples
                 if t.predicate.value == vs.VERSION_GRAPH and isinstance(t.object, ox.NamedNode)),
                f"urn:sotk-structure:{len(self.named)}",
            )  # fmt: skip
            self.named.append((graph, name, triples))
            g = ox.NamedNode(graph)
            facts.observe_all(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
        self.versions = vs.compute(facts)
        self.graphs = {graph for graph, _, _ in self.named}

    def regulates(self, day: str) -> bool:
        """Is some version of a regulation in force on `day` (or none states a version)?"""
        return not self.versions or any(v.applies_on(day) for v in self.versions)

    def on(self, day: str) -> tuple[frozenset[str], list[tuple[str, list[ox.Triple]]]]:
        keep = vs.visible(self.versions, self.graphs, day)
        return keep, [(name, t) for graph, name, t in self.named if graph in keep]


def _by_day(
    table: list[tuple[int, list[str]]], in_force: _InForce, as_of: str | None
) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    """The table's rows grouped by the structures in force on their date, each group with the
    header; one day per group (the first row's). The date: `as_of`, else the row's `mulai`; a
    row that starts before any loaded regulation applies (its post held since before the
    regulation) is checked against the rules in force at its end (`selesai`, else today), and
    one whose end is no better (ended before, or before it began) against today's: checked
    against no rules at all, every post of it would be reported unknown."""
    if not table:
        return [(as_of or vs.today(), table)]
    header, rows = table[0], table[1:]
    columns = [c.strip().lower().lstrip("\ufeff") for c in header[1]]

    def cell(cells: list[str], name: str) -> str | None:
        i = columns.index(name) if name in columns else None
        return _as_of_or_none(cells[i]) if i is not None and i < len(cells) else None

    groups: dict[frozenset[str], tuple[str, list[tuple[int, list[str]]]]] = {}
    for line, cells in rows:
        day = as_of or cell(cells, "mulai")
        if day is None or (as_of is None and not in_force.regulates(day)):
            end = cell(cells, "selesai")
            day = end if end and end >= (day or end) and in_force.regulates(end) else vs.today()
        keep, _ = in_force.on(day)
        groups.setdefault(keep, (day, [header]))[1].append((line, cells))
    return list(groups.values()) or [(as_of or vs.today(), table)]


def _as_of_or_none(text: str) -> str | None:
    try:
        return vs.parse_date(text)
    except ValueError:
        return None  # the roster shapes report a bad date on its row


def _validate_rosters(
    rosters: list[tuple[_Input, list[ox.Triple] | None]],
    context: list[tuple[str, list[ox.Triple]]],
    ontology: list[ox.Triple],
    options: _Options,
    sources: Sources,
) -> list[_Run]:
    """Each roster against the structures in force on its date (`options.as_of`; a table without
    it: each row's `mulai`, its rows grouped by the structures in force then; else today)."""
    in_force = _InForce(context)
    shapes = shacl.load_shapes(sources.shapes_dir, shacl.ROSTER, sources.base)
    vocabs: dict[frozenset[str], Vocabulary] = {}

    def vocabulary(day: str) -> tuple[Vocabulary, list[tuple[str, list[ox.Triple]]]]:
        keep, structures = in_force.on(day)
        if keep not in vocabs:
            store = _store(ontology, *(t for _, t in structures))
            vocabs[keep] = Vocabulary.from_store(store, sources.base)
        return vocabs[keep], structures

    runs = []
    for index, (item, triples) in enumerate(rosters, start=1):
        key = str(index)
        # (store, structures) per set of regulations in force: rows of different periods are
        # checked apart, each against its own rules
        checks: list[tuple[ox.Store, list[tuple[str, list[ox.Triple]]]]] = []
        if triples is None:  # a table: CSV or a spreadsheet
            if item.media_type == rdfinput.XLSX:
                table = spreadsheet.xlsx_table(item.payload, item.name)
            else:
                table = read_csv(rdfinput.decode_utf8(item.payload, item.name), item.name)
            for day, group in _by_day(table, in_force, options.as_of):
                vocab, structures = vocabulary(day)
                store = ox.Store()
                roster_from_table(
                    group, item.name, vocab, key, store, options.complete,
                    options.perangkat_daerah,
                )  # fmt: skip
                checks.append((store, structures))
        else:
            vocab, structures = vocabulary(options.as_of or vs.today())
            store = ox.Store()
            roster_from_rdf(triples, item.name, vocab, key, store, options.complete)
            checks.append((store, structures))
        runs.append(_check_roster(item.name, checks, ontology, shapes))
    return runs


def _check_roster(
    name: str,
    checks: list[tuple[ox.Store, list[tuple[str, list[ox.Triple]]]]],
    ontology: list[ox.Triple],
    shapes: Graph,
) -> _Run:
    """One roster's run: the SHACL results of each part against its structures, together."""
    conforms, reports, found = True, [], []
    for store, structures in checks:
        named = {row[0] for row in select(store, _NAMED_POSTS)}
        # only the regulations whose posts the roster names: independent of what else is loaded
        relevant = [t for _, t in structures if any(x.subject in named for x in t)]
        _fill(store, ontology, *relevant)
        part_conforms, results = batch_shacl.validate(store, shapes)
        conforms = conforms and part_conforms
        # the report graph only for Turtle/JSON-LD: 50,000 findings are 500,000 rdflib triples
        reports.append(
            partial(batch_shacl.add_to_report, results=results, shapes=shapes, store=store)
        )
        found += findings_of(results, shapes, store, name)

    def report(graph: Graph, node: BNode) -> None:
        for add in reports:
            add(graph, node)

    return _Run(name, conforms, report, found)


def _outcome(
    runs: list[_Run], lang: str, known: dict[tuple[str, str, str | None], DocumentedDefect]
) -> ValidationOutcome:
    conforms = all(r.conforms for r in runs)

    def merged_report() -> Graph:
        merged = Graph()
        merged.bind("sh", SH)
        merged.bind("sotksh", SOTKSH)
        node = BNode()
        merged.add((node, RDF.type, SH.ValidationReport))
        merged.add((node, SH.conforms, Literal(conforms)))
        for run in runs:
            report = run.report
            if isinstance(report, str):
                report = Graph().parse(data=report, format="nt")
            elif not isinstance(report, Graph):
                report(merged, node)
                continue
            reports = set(report.subjects(RDF.type, SH.ValidationReport))
            for triple in report:
                if triple[0] in reports:
                    if triple[1] == SH.result:
                        merged.add((node, SH.result, triple[2]))
                else:
                    merged.add(triple)
        annotate_documented(merged, known)
        return merged

    findings = [f for r in runs for f in r.findings]
    return ValidationOutcome(conforms, findings, [r.name for r in runs], lang,
                             make_report=merged_report)  # fmt: skip
