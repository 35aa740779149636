"""Text file(s) -> `data/graph/{stem}.ttl` + `.nq`. The inputs are built one after the other, each
regulation's files written into a staging folder inside the output folder and its triples dropped
before the next is built (memory stays flat in the number of inputs); only when every input has
built are the files moved into place, each move atomic, so nothing is written if any input
fails. A full rebuild (`prune`) also removes the outputs whose source text is gone, recognised by
their name."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from pipeline.context import BuildContext
from pipeline.definitions import emit_definitions
from pipeline.duties import emit_duties, emit_kewenangan, emit_obligations
from pipeline.emit import Triple, to_graph, to_nquads, to_turtle
from pipeline.errors import PipelineError
from pipeline.iris import REGION_PREFIXES, Iris, WorkId, region_slug
from pipeline.metadata import emit_metadata
from pipeline.organisation import emit_organisation, read_organisation
from pipeline.provisions import assign_paths, emit_provisions
from pipeline.references import emit_references
from pipeline.structure import JENIS_CODES, parse_document

OUTPUT_SUFFIXES = (".ttl", ".nq")
# `WorkId.file_stem` of a regulation this pipeline parses, plus a suffix it writes.
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_OUTPUT_NAME = re.compile(
    rf"^(?:{'|'.join(JENIS_CODES)})-(?:{'|'.join(REGION_PREFIXES)})-{_SLUG}-\d{{4}}-{_SLUG}"
    rf"(?:{'|'.join(re.escape(s) for s in OUTPUT_SUFFIXES)})$"
)


@dataclass
class BuildResult:
    triples: set[Triple]  # the regulation's named graph
    graph_iri: URIRef
    slug: str  # file stem: "perbup-kab-bekasi-2021-99"
    source_name: str
    warnings: list[str] = field(default_factory=list)
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


def build_graph(text: str, source_name: str, base: str) -> BuildResult:
    """Parse one regulation text and extract its named graph."""
    doc = parse_document(text, source_name)
    try:
        yurisdiksi = region_slug(doc.region_name)
    except ValueError as exc:
        raise PipelineError(str(exc), None, source_name) from exc
    work_id = WorkId(doc.jenis, yurisdiksi, doc.year, doc.number)
    ctx = BuildContext(doc, Iris(base), work_id, source_name=source_name)
    assign_paths(ctx)
    emit_metadata(ctx, text)  # first: sets the entry-into-force date the repeals use
    emit_provisions(ctx)
    emit_definitions(ctx)
    org = read_organisation(ctx)
    emit_organisation(ctx, org)
    kewenangan = emit_kewenangan(ctx, org)
    emit_duties(ctx, org, kewenangan)
    emit_obligations(ctx)
    emit_references(ctx)
    warnings = [
        f"line {line}: not placed in the provision tree: {frag}" for line, frag in doc.unplaced
    ] + ctx.warnings
    return BuildResult(
        ctx.builder.triples, ctx.iris.graph(work_id), work_id.file_stem, source_name, warnings
    )


def is_output_name(name: str) -> bool:
    """Is `name` a file this pipeline writes: `{jenis}-{yurisdiksi}-{tahun}-{nomor}.ttl|.nq`?"""
    return _OUTPUT_NAME.match(name) is not None


def stale_outputs(out_dir: Path, slugs: Iterable[str]) -> list[Path]:
    """Pipeline outputs in `out_dir` (by name pattern) that are not one of `slugs`' files."""
    if not out_dir.is_dir():
        return []
    keep = {f"{slug}{suffix}" for slug in slugs for suffix in OUTPUT_SUFFIXES}
    return sorted(
        p
        for p in out_dir.iterdir()
        if p.is_file() and is_output_name(p.name) and p.name not in keep
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


def build_and_write(
    paths: list[Path], out_dir: Path, base: str, prune: bool = False
) -> BuildReport:
    """Build every file and write `{slug}.ttl` and `{slug}.nq` for each into `out_dir`; with
    `prune`, also remove the outputs no input writes (their source is gone). Each regulation is
    written to a staging folder in `out_dir` as soon as it is built; once all have built, the files
    are moved into place (each move atomic) and the stale ones removed. Raises PipelineError if any
    input fails or two inputs are the same regulation; `out_dir` is then left as it was (a folder
    made for it is removed again)."""
    made = _make_dirs(out_dir)
    staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=".sotk-build-"))
    try:
        built = _build_into(paths, base, staging, out_dir)
        stale = stale_outputs(out_dir, (b.slug for b in built)) if prune else []
        for b in built:
            for suffix in OUTPUT_SUFFIXES:
                os.replace(staging / f"{b.slug}{suffix}", b.path(suffix))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in reversed(made):  # made for this build and empty again: not left behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    shutil.rmtree(staging, ignore_errors=True)
    for path in stale:
        path.unlink(missing_ok=True)
    return BuildReport(built, stale)


def build_files(
    paths: list[Path], out_dir: Path, base: str, prune: bool = False
) -> list[BuiltFile]:
    """`build_and_write` without the list of removed files."""
    return build_and_write(paths, out_dir, base, prune).built


def _build_into(paths: list[Path], base: str, staging: Path, out_dir: Path) -> list[BuiltFile]:
    """Build each input and write its files into `staging`, one regulation in memory at a time."""
    built: list[BuiltFile] = []
    sources: dict[str, Path] = {}
    for path in paths:
        one = _build_one(path, base, staging, out_dir)
        if (first := sources.setdefault(one.slug, path)) != path:
            raise PipelineError(
                f"two inputs are the same regulation: {one.slug}", None, f"{first}, {path}"
            )
        built.append(one)
    return built


def _build_one(path: Path, base: str, staging: Path, out_dir: Path) -> BuiltFile:
    """Build `path`, write its files into `staging`; its triples go when this returns."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(f"cannot read as UTF-8 text: {exc}", None, str(path)) from exc
    result = build_graph(text, str(path), base)
    _write(staging / f"{result.slug}.ttl", result.turtle())
    _write(staging / f"{result.slug}.nq", result.nquads())
    return BuiltFile(
        result.graph_iri, result.slug, result.source_name, len(result), out_dir, result.warnings
    )


def _make_dirs(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; returns those created, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return missing[::-1]


def _write(target: Path, content: str) -> None:
    with target.open("w", encoding="utf-8", newline="\n") as f:
        f.write(content)
    os.chmod(target, 0o644)  # mkdtemp makes the folder private; published data is world-readable
