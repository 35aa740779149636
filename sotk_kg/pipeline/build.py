"""Text file(s) -> `data/graph/{stem}.ttl` + `.nq`. The inputs are built one after the other, each
regulation's files written into a staging folder inside the output folder and its triples dropped
before the next is built (memory stays flat in the number of inputs); only when every input has
built are the files moved into place, each move atomic, so nothing is written if any input
fails. A full rebuild (`prune`) also removes the outputs whose source text is gone, recognised by
their name.

Input is bounded before it is parsed: a file over `max_bytes` (default
`DEFAULT_MAX_SOURCE_BYTES`) is refused, and no more than the cap + 1 bytes is ever read, so a
device or an endless pipe cannot fill memory. The staging folder is made on the first write and
removed on every way out a process can take (a SIGKILL aside, which nothing survives; its folder
carries the PID, and the next build that succeeds removes folders of dead builds)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph, URIRef

from sotk_kg.instruments import region_kinds, regional_kinds
from sotk_kg.iris import Iris, WorkId, region_slug
from sotk_kg.pipeline.amendment import (
    AmendingAct,
    Amendment,
    consolidate,
    emit_amendment,
    read_amendment,
)
from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.definitions import emit_definitions
from sotk_kg.pipeline.duties import emit_duties, emit_kewenangan, emit_obligations
from sotk_kg.pipeline.emit import Triple, to_graph, to_nquads, to_turtle
from sotk_kg.pipeline.errors import PipelineError
from sotk_kg.pipeline.levels import emit_levels
from sotk_kg.pipeline.markup import reviewed_document
from sotk_kg.pipeline.metadata import applicable_from, citation_label, emit_metadata
from sotk_kg.pipeline.organisation import emit_organisation, read_organisation
from sotk_kg.pipeline.partial import emit_partial
from sotk_kg.pipeline.provisions import assign_paths, emit_pages, emit_provisions
from sotk_kg.pipeline.references import emit_references
from sotk_kg.pipeline.report import REPORT_SUFFIX, DocumentReport, document_report
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.terms import ELI, LANG_IND, PROV, SOTK, XSD
from sotk_kg.pipeline.tree import Document
from sotk_kg.sources import APPLICATION_PDF, SourceError, SourceText, from_text
from sotk_kg.sources.pdf import is_pdf, read_pdf

OUTPUT_SUFFIXES = (".ttl", ".nq", REPORT_SUFFIX)
# Beside the graph of a PDF: the text it was built from, the lines sotk:sourceLine numbers.
EXTRACTED_SUFFIX = ".txt"
# A regulation text is tens to hundreds of KB (the seed: 79 KB): a hundred times that is still
# generous, and anything bigger is not one text (a scan, many texts, a device).
DEFAULT_MAX_SOURCE_BYTES = 10 * 1024 * 1024
# Staging folders carry the building process's PID: one left by a killed build can be told apart.
STAGING_PREFIX = ".sotk-build-"
_STAGING_NAME = re.compile(rf"^{re.escape(STAGING_PREFIX)}(\d+)-")
_READ_CHUNK = 1024 * 1024
# `WorkId.file_stem` of a regulation this pipeline parses, plus a suffix it writes.
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_OUTPUT_NAME = re.compile(
    rf"^(?:{'|'.join(k.jenis for k in regional_kinds())})"
    rf"-(?:{'|'.join(r.notation for r in region_kinds())})-{_SLUG}-\d{{4}}-{_SLUG}"
    r"(?:@\d{4}-\d{2}-\d{2})?"  # a consolidated version: "@" and the date it applies from
    rf"(?:{'|'.join(re.escape(s) for s in (*OUTPUT_SUFFIXES, EXTRACTED_SUFFIX))})$"
)


@dataclass
class BuildResult:
    triples: set[Triple]  # the regulation's named graph
    graph_iri: URIRef
    slug: str  # file stem: "perbup-kab-bekasi-2021-99"
    source_name: str
    warnings: list[str] = field(default_factory=list)
    report: DocumentReport | None = None
    amendment: Amendment | None = None  # an amending act's instructions
    applies_from: str | None = None  # ISO date: entry into force, else promulgation
    _graph: Graph | None = field(default=None, repr=False)

    @property
    def graph(self) -> Graph:
        """The named graph's triples as an rdflib Graph (made on first use)."""
        if self._graph is None:
            self._graph = to_graph(self.triples)
        return self._graph

    def __len__(self) -> int:
        return len(self.triples)

    def turtle(self) -> str:
        return to_turtle(self.triples)

    def nquads(self) -> str:
        return to_nquads(self.triples, self.graph_iri)


def build_graph(
    text: str,
    source_name: str,
    base: str,
    *,
    work: WorkId | None = None,
    reviewed: Document | None = None,
    source: SourceText | None = None,
) -> BuildResult:
    """Parse one regulation text and extract its named graph. `work` names the regulation of an
    excerpt (a text without its title block), whose graph is marked partial; a text with a title
    block that names another regulation than `work` is refused. `reviewed`, the tree of a reviewed
    markup of `text` (`markup.reviewed_document`), is used instead of the parser's reading.
    `source` is the published file `text` was read from, when it is not `text` itself (a PDF, a
    text with page breaks)."""
    doc = reviewed if reviewed is not None else parse_document(text, source_name, work)
    partial = doc.judul is None
    work_id = work if partial and work is not None else _identified(doc, source_name, work)
    ctx = BuildContext(doc, Iris(base), work_id, source_name=source_name, source=source)
    amendment = read_amendment(doc, work_id.yurisdiksi)
    _extract(ctx, text, partial, amendment)
    warnings = (
        [f"line {line}: not placed in the provision tree: {frag}" for line, frag in doc.unplaced]
        + [
            f"lines {first}-{last}: after the closing block, not read as part of the regulation: "
            f"'{text[:60]}'"
            for first, last, text in doc.after_closing
        ]
        + ctx.warnings
    )
    report = document_report(doc, text, ctx.builder.triples, ctx.work, source_name)
    return BuildResult(
        ctx.builder.triples,
        ctx.iris.graph(work_id),
        work_id.file_stem,
        source_name,
        warnings,
        report,
        amendment=amendment,
        applies_from=applicable_from(ctx),
    )


def _identified(doc: Document, source_name: str, work: WorkId | None) -> WorkId:
    """The regulation a text's title block names; PipelineError when `work` names another."""
    try:
        yurisdiksi = region_slug(doc.region_name)
    except ValueError as exc:
        raise PipelineError(str(exc), None, source_name) from exc
    work_id = WorkId(doc.jenis, yurisdiksi, doc.year, doc.number)
    if work is not None and work.path != work_id.path:
        line = doc.judul.line_start if doc.judul is not None else None
        raise PipelineError(
            f"--work names {work.path}, but the text's title block names {work_id.path}: "
            "a text with its title block is identified by it (drop --work, or name the "
            "right file)",
            line,
            source_name,
        )
    return work_id


def _extract(ctx: BuildContext, text: str, partial: bool, amendment: Amendment | None) -> None:
    """Every extractor over `ctx.doc`, in the order their facts depend on one another. An
    amending act has no organisation of its own (its Pasal I quotes another act's): its
    instructions are read instead."""
    assign_paths(ctx)
    emit_metadata(ctx, text)  # first: sets the entry-into-force date the repeals use
    emit_provisions(ctx)
    emit_pages(ctx)
    if partial:
        emit_partial(ctx)
    if amendment is not None:  # its Pasal hold instructions, not definitions nor organisation
        emit_amendment(ctx, amendment)
    else:
        emit_definitions(ctx)
        try:
            org = read_organisation(ctx)
        except PipelineError as exc:
            if not partial:
                raise
            # An excerpt may not name its perangkat daerah: its provisions are kept, its
            # organisation is not read.
            ctx.warn(None, f"organisation not read: {exc.message}")
        else:
            emit_organisation(ctx, org)
            kewenangan = emit_kewenangan(ctx, org)
            emit_duties(ctx, org, kewenangan)
            emit_levels(ctx, org)
    emit_obligations(ctx)
    emit_references(ctx)


@dataclass(frozen=True)
class Text:
    """A regulation's text to build: what `read_input` gives, with its reviewed markup."""

    text: str
    name: str
    reviewed: Document | None = None
    source: SourceText | None = None

    def document(self) -> Document:
        return self.reviewed if self.reviewed is not None else parse_document(self.text, self.name)


def amending_act(act: Text, base: str) -> AmendingAct:
    """An amending act read for consolidation: its instructions and the date it applies from.
    PipelineError when it is no amending act or its date is not known."""
    doc = act.document()
    work_id = _identified(doc, act.name, None)
    amendment = read_amendment(doc, work_id.yurisdiksi)
    if amendment is None:
        raise PipelineError("not an amending act (its title is no 'Perubahan ... atas ...')",
                            None, act.name)  # fmt: skip
    ctx = BuildContext(doc, Iris(base), work_id, source_name=act.name)
    date = applicable_from(ctx)
    if date is None:
        raise PipelineError(
            "an amending act without a date it applies from (no 'mulai berlaku' clause with a "
            "date, no promulgation date): its version cannot be dated",
            None,
            act.name,
        )
    return AmendingAct(work_id, doc, amendment, act.name, citation_label(ctx), date)


def consolidate_graph(work: Text, acts: Sequence[AmendingAct], base: str) -> BuildResult:
    """The version of `work` consolidated with `acts` (each amending it, applied in date order):
    the whole graph the extractors read from the consolidated text, with the IRIs of the enacted
    version (unchanged provisions and posts keep theirs), in its own named graph
    `{graph}/{date}`, dated by the last act. Changed and inserted provisions are
    `prov:wasDerivedFrom` their instruction."""
    doc = work.document()
    work_id = _identified(doc, work.name, None)
    iris = Iris(base)
    acts = sorted(acts, key=lambda a: a.date)
    if not acts:
        raise PipelineError("no amending act to consolidate with", None, work.name)
    for act in acts:
        if act.amendment.amended != work_id:
            amended = act.amendment.amended.path if act.amendment.amended else "no regulation"
            raise PipelineError(
                f"{act.label} amends {amended}, not {work_id.path}", None, act.source_name
            )
    date = acts[-1].date
    merged = consolidate(doc, list(acts), iris)
    ctx = BuildContext(merged.doc, iris, work_id, source_name=work.name, source=work.source)
    _extract(ctx, work.text, False, None)
    b = ctx.builder
    present = {id(p): p for top in merged.doc.parts() for p in top.iter()}
    for node_id, instruction in merged.derived.items():
        if (node := present.get(node_id)) is not None:  # not deleted by a later amendment
            b.derived(ctx.iri(node), instruction)
    enacted_graph, graph = iris.graph(work_id), iris.version_graph(work_id, date)
    # This graph's own provenance: the enacted text and the amending acts it was built from.
    moved = {t for t in b.triples if t[0] == enacted_graph}
    b.triples -= moved
    for _, p, o in sorted(moved):
        b.add(graph, URIRef(str(p)), o)
    version, label = iris.version(work_id, date), citation_label(ctx)
    b.add(ctx.work, ELI.is_realized_by, version)
    b.types(version, ELI.LegalExpression)
    b.add(version, ELI.realizes, ctx.work)
    b.typed(version, ELI.date_applicability, date, XSD.date)
    b.add(version, SOTK.versionGraph, graph)
    b.add(version, ELI.language, LANG_IND)
    b.text(version, ELI["title"], doc.title)
    for act in acts:
        b.add(version, ELI.consolidates, iris.work(act.work))
        b.add(graph, PROV.wasDerivedFrom, iris.graph(act.work))
    b.labels(
        version,
        f"{label} (teks konsolidasi per {date})",
        f"{label} (consolidated text as of {date})",
    )
    warnings = merged.warnings + ctx.warnings
    enacted = applicable_from(ctx)
    warnings += [
        f"{act.label} applies from {act.date}, before the act it amends ({enacted})"
        for act in acts
        if enacted is not None and act.date < enacted
    ]
    return BuildResult(b.triples, graph, version_stem(work_id, date), work.name, warnings)


def version_stem(work_id: WorkId, date: str) -> str:
    """File stem of a consolidated version: the work's, "@", the date it applies from."""
    return f"{work_id.file_stem}@{date}"


def is_output_name(name: str) -> bool:
    """Is `name` a file this pipeline writes: `{jenis}-{yurisdiksi}-{tahun}-{nomor}.ttl|.nq`
    (or `.txt`, the text extracted from a PDF)?"""
    return _OUTPUT_NAME.match(name) is not None


def stale_outputs(out_dir: Path, keep: Iterable[str]) -> list[Path]:
    """Pipeline outputs in `out_dir` (by name pattern) whose name is not in `keep` (the names of
    the files a build wrote)."""
    if not out_dir.is_dir():
        return []
    kept = set(keep)
    return sorted(
        p
        for p in out_dir.iterdir()
        if p.is_file() and is_output_name(p.name) and p.name not in kept
    )


@dataclass(frozen=True)
class BuiltFile:
    """One regulation as `build_files` wrote it: where its files are, not its triples (those are
    dropped once written)."""

    graph_iri: URIRef
    slug: str
    source_name: str
    triple_count: int
    out_dir: Path
    warnings: list[str] = field(default_factory=list)
    report: DocumentReport | None = None
    suffixes: tuple[str, ...] = OUTPUT_SUFFIXES  # with EXTRACTED_SUFFIX when built from a PDF
    # (and "@{date}.ttl|.nq" for each consolidated version written beside it)
    amends: str | None = None  # an amending act: the file stem of the act it amends

    def __len__(self) -> int:
        return self.triple_count

    def path(self, suffix: str) -> Path:
        return self.out_dir / f"{self.slug}{suffix}"

    @property
    def graph(self) -> Graph:
        """The named graph read back from its Turtle file (parsed on every call, never kept)."""
        return Graph().parse(self.path(".ttl"), format="turtle")


@dataclass(frozen=True)
class BuildReport:
    built: list[BuiltFile]  # in the order of the inputs
    removed: list[Path]  # stale outputs removed by `prune`
    swept: list[Path] = field(default_factory=list)  # staging folders of killed builds, removed


class _Staging:
    """The staging folder of one build. Made (with `out_dir` and its missing parents) on the first
    write, so a build that fails before it has anything to write leaves nothing, not even
    `out_dir`; `discard` removes it and the folders made for it."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._folder: Path | None = None
        self._made: list[Path] = []

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._made = _make_dirs(self.out_dir)
            prefix = f"{STAGING_PREFIX}{os.getpid()}-"
            self._folder = Path(tempfile.mkdtemp(dir=self.out_dir, prefix=prefix))
        return self._folder

    def discard(self, made_too: bool) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        if made_too:
            for folder in reversed(self._made):  # made for this build and empty again
                with contextlib.suppress(OSError):
                    folder.rmdir()


def build_and_write(
    paths: list[Path],
    out_dir: Path,
    base: str,
    prune: bool = False,
    max_bytes: int = DEFAULT_MAX_SOURCE_BYTES,
    work: WorkId | None = None,
) -> BuildReport:
    """Build every file and write `{slug}.ttl` and `{slug}.nq` for each into `out_dir`; with
    `prune`, also remove the outputs no input writes (their source is gone). Each regulation is
    written to a staging folder in `out_dir` as soon as it is built; once all have built, the files
    are moved into place (each move atomic), the stale ones removed and so are staging folders
    left by killed builds. Raises PipelineError if any input fails (over `max_bytes`, not UTF-8,
    not one regulation) or two inputs are the same regulation; `out_dir` is then left as it was
    (a folder made for it is removed again), also on KeyboardInterrupt or SystemExit. `work` names
    the regulation of an excerpt (one input only)."""
    if work is not None and len(paths) != 1:
        raise PipelineError(
            f"a work names one regulation: give one input with it, not {len(paths)}",
            None,
            ", ".join(map(str, paths)) or "<no input>",
        )
    staging = _Staging(out_dir)
    try:
        built = _build_into(paths, base, staging, out_dir, max_bytes, work)
        written = (b.path(suffix).name for b in built for suffix in b.suffixes)
        stale = stale_outputs(out_dir, written) if prune else []
        for b in built:
            for suffix in b.suffixes:
                os.replace(staging.folder / f"{b.slug}{suffix}", b.path(suffix))
    except BaseException:
        staging.discard(made_too=True)
        raise
    staging.discard(made_too=False)
    for path in stale:
        path.unlink(missing_ok=True)
    return BuildReport(built, stale, sweep_staging(out_dir))


def build_files(
    paths: list[Path],
    out_dir: Path,
    base: str,
    prune: bool = False,
    max_bytes: int = DEFAULT_MAX_SOURCE_BYTES,
    work: WorkId | None = None,
) -> list[BuiltFile]:
    """`build_and_write` without the list of removed files."""
    return build_and_write(paths, out_dir, base, prune, max_bytes, work).built


def sweep_staging(out_dir: Path) -> list[Path]:
    """Remove the staging folders in `out_dir` whose build process is gone (killed: SIGKILL leaves
    no chance to clean up). A folder of a live process, or not named by this module, is kept."""
    if not out_dir.is_dir():
        return []
    swept = []
    for path in sorted(out_dir.iterdir()):
        m = _STAGING_NAME.match(path.name)
        if m and path.is_dir() and not _process_alive(int(m.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            swept.append(path)
    return swept


def _process_alive(pid: int) -> bool:
    """Is there a process `pid`? (Unsure counts as alive: its folder is then kept.)"""
    if pid <= 0:
        return True  # os.kill(0, ...) would mean this process group
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def read_input(path: Path, max_bytes: int = DEFAULT_MAX_SOURCE_BYTES) -> SourceText:
    """The published file at `path` as the text to build: a PDF (named .pdf) page by page, its
    text layer or OCR (`sotk_kg.sources.pdf`; `max_bytes` then caps the text it gives), any
    other file as UTF-8 text (`read_source`; form feeds in it end pages)."""
    if not is_pdf(path):
        text = read_source(path, max_bytes)
        return from_text(text, text.encode("utf-8"))
    try:
        source = read_pdf(path)
    except SourceError as exc:
        where = exc.source if exc.page is None else f"{exc.source}, page {exc.page}"
        raise PipelineError(exc.message, None, where) from exc
    if len(source.text.encode("utf-8")) > max_bytes:
        raise _too_big(path, "its text is ", max_bytes)
    return source


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_SOURCE_BYTES) -> str:
    """The UTF-8 text of `path`, never holding more than `max_bytes` + 1 bytes of it: a regular
    file over the cap is refused by its size before any read, a stream (a pipe, a FIFO, a device
    such as /dev/zero) once it has given one byte more than the cap."""
    chunks: list[bytes] = []
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                raise _too_big(path, f"{info.st_size:,} bytes, ", max_bytes)
            total = 0
            while total <= max_bytes and (
                chunk := os.read(fd, min(_READ_CHUNK, max_bytes + 1 - total))
            ):
                chunks.append(chunk)
                total += len(chunk)
            if total > max_bytes:
                raise _too_big(path, "", max_bytes)
        finally:
            os.close(fd)
        text = b"".join(chunks).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(f"cannot read as UTF-8 text: {exc}", None, str(path)) from exc
    _refuse_control_characters(text, path)
    return text


# Characters no text of a regulation holds and RDF/XML, XML results and many tools cannot carry:
# C0 controls but tab, line feed, carriage return and form feed (pdftotext's page break), and
# the non-characters U+FFFE / U+FFFF. Refused with their line rather than built into the graph.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")


def _refuse_control_characters(text: str, path: Path) -> None:
    if found := _CONTROL.search(text):
        line = text.count("\n", 0, found.start()) + 1
        raise PipelineError(
            f"control character U+{ord(found.group()):04X} at column "
            f"{found.start() - text.rfind(chr(10), 0, found.start())}: not text of a regulation "
            "(a damaged file or a binary one); remove it",
            line,
            str(path),
        )


def _too_big(path: Path, size: str, max_bytes: int) -> PipelineError:
    """`size` is "<n> bytes, " when known (a regular file), "" for a stream."""
    mib, rest = divmod(max_bytes, 1024 * 1024)
    cap = f"{mib} MiB ({max_bytes:,} bytes)" if mib and not rest else f"{max_bytes:,} bytes"
    return PipelineError(
        f"{size}more than the cap of {cap}: a regulation text is tens to hundreds of KB; if "
        "this is one, raise the cap (sotk-kg build --max-size)",
        None,
        str(path),
    )


def _build_into(
    paths: list[Path],
    base: str,
    staging: _Staging,
    out_dir: Path,
    max_bytes: int,
    work: WorkId | None,
) -> list[BuiltFile]:
    """Build each input and write its files into `staging`, one regulation in memory at a time;
    then the consolidated versions of each input that others amend (`_versions_into`)."""
    built: list[BuiltFile] = []
    sources: dict[str, Path] = {}
    amending: list[tuple[BuiltFile, WorkId, Path]] = []  # each amending act, and what it amends
    for path in paths:
        one, amended = _build_one(path, base, staging, out_dir, max_bytes, work)
        if (first := sources.setdefault(one.slug, path)) != path:
            raise PipelineError(
                f"two inputs are the same regulation: {one.slug}", None, f"{first}, {path}"
            )
        built.append(one)
        if amended is not None:
            amending.append((one, amended, path))
    return _versions_into(built, amending, sources, base, staging, max_bytes)


def _versions_into(
    built: list[BuiltFile],
    amending: list[tuple[BuiltFile, WorkId, Path]],
    sources: dict[str, Path],
    base: str,
    staging: _Staging,
    max_bytes: int,
) -> list[BuiltFile]:
    """For each input amended by others among the inputs: one consolidated version per date an
    amending act applies from (all acts up to that date applied), written beside it as
    `{stem}@{date}.ttl|.nq` and counted among its files. The texts are read again (one
    regulation and its acts in memory at a time). An act whose amended text is not an input is
    built alone, with a warning."""
    by_work: dict[str, list[Path]] = {}
    for one, amended, path in amending:
        if amended.file_stem in sources:
            by_work.setdefault(amended.file_stem, []).append(path)
        else:
            one.warnings.append(
                f"amends {amended.path}, whose text is not among the inputs: no consolidated "
                "version of it is written (build both together)"
            )
    by_path = {path: one for one, _, path in amending}
    for slug, act_paths in by_work.items():
        work_text = _text(sources[slug], max_bytes)
        acts = []
        for path in act_paths:
            try:
                acts.append(amending_act(_text(path, max_bytes), base))
            except PipelineError as exc:  # no date: the act stands, its version is not made
                by_path[path].warnings.append(f"no consolidated version: {exc.message}")
        if not acts:
            continue
        acts.sort(key=lambda a: a.date)
        at = next(i for i, b in enumerate(built) if b.slug == slug)
        suffixes, warnings = built[at].suffixes, list(built[at].warnings)
        for date in sorted({a.date for a in acts}):
            try:
                version = consolidate_graph(work_text, [a for a in acts if a.date <= date], base)
            except PipelineError as exc:  # the text as amended does not read: reported, not built
                warnings.append(f"version of {date} not written: {exc.message}")
                continue
            _write(staging.folder / f"{version.slug}.ttl", version.turtle())
            _write(staging.folder / f"{version.slug}.nq", version.nquads())
            suffixes += (f"@{date}.ttl", f"@{date}.nq")
            warnings += [f"version of {date}: {w}" for w in version.warnings]
        built[at] = replace(built[at], suffixes=suffixes, warnings=warnings)
    return built


def _text(path: Path, max_bytes: int) -> Text:
    source = read_input(path, max_bytes)
    return Text(source.text, str(path), reviewed_document(path, source.text), source)


def _build_one(
    path: Path,
    base: str,
    staging: _Staging,
    out_dir: Path,
    max_bytes: int,
    work: WorkId | None,
) -> tuple[BuiltFile, WorkId | None]:
    """Build `path`, write its files into `staging`; its triples go when this returns. Also
    returns the work it amends, when it is an amending act."""
    source = read_input(path, max_bytes)
    reviewed = reviewed_document(path, source.text)
    result = build_graph(source.text, str(path), base, work=work, reviewed=reviewed, source=source)
    _write(staging.folder / f"{result.slug}.ttl", result.turtle())
    _write(staging.folder / f"{result.slug}.nq", result.nquads())
    assert result.report is not None  # build_graph always makes one
    _write(staging.folder / f"{result.slug}{REPORT_SUFFIX}", result.report.to_json())
    suffixes: tuple[str, ...] = OUTPUT_SUFFIXES
    if source.media_type == APPLICATION_PDF:
        _write(staging.folder / f"{result.slug}{EXTRACTED_SUFFIX}", source.with_form_feeds())
        suffixes += (EXTRACTED_SUFFIX,)
    built = BuiltFile(
        result.graph_iri,
        result.slug,
        result.source_name,
        len(result),
        out_dir,
        result.warnings,
        result.report,
        suffixes,
    )
    amended = result.amendment.amended if result.amendment is not None else None
    if amended is not None:
        built = replace(built, amends=amended.file_stem)
    return built, amended


def _make_dirs(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; returns those created, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return missing[::-1]


def _write(target: Path, content: str) -> None:
    with target.open("w", encoding="utf-8", newline="\n") as f:
        f.write(content)
    os.chmod(target, 0o644)  # mkdtemp makes the folder private; published data is world-readable
