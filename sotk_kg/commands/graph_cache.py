"""The regulation graphs built on demand: `ensure_graph` brings `Settings.graph_dir` up to date
with every regulation in `data/source/` (`*.txt` and `*.pdf`, each built from the reviewed
markup committed beside it when there is one, as `sotk-kg build` builds them), building what is
missing or stale and reusing the rest.

Generated graphs are not committed (issue 12). The commands that read them (`serve`, `load`,
`query`, `validate`, `stats`) call `ensure_graph` first; the build goes to `data/graph/` in a
checkout (people read it there) and to the user's cache folder for an installed wheel, whose
package data is read-only (`Settings.graph_dir`, `sotk_kg.resources.cache_dir`).

A build is keyed, as the validation cache is (`sotk_kg.checks.cache`), on everything its bytes
depend on: the code (`code_identity`: the package's version, plus in a checkout a digest of every
source file of the package), rdflib's version (its Turtle writer), the sha256 of each SKOS scheme
the pipeline reads its vocabulary from (`sotk_kg.lexicon`) and the base the files are written
with; a change of any of these rebuilds every text. Per text, its sha256 and that of its reviewed
markup (`X.markup` beside `X.txt` or `X.pdf`): a text or markup added, changed or removed is built
alone, a removed text's files are deleted, so adding one regulation to a thousand builds one.
The manifest `sotk-graph.json` beside the outputs records those parts and the sha256 of every
output file. The files are always written with the canonical base `DEFAULT_BASE`: the store
rewrites IRIs to the serving base while loading, so serving under another base rebuilds nothing.

Reused only when the manifest reads, its key matches and every output file it lists has its
recorded sha256: a missing, unreadable or older manifest (every text), or an output missing, cut
short or edited (that text), is rebuilt with a warning, never served. Texts are built into a
staging folder and moved into place only when all of them built; the manifest is replaced last, so
a build that dies half-way leaves files that no longer match it. Builds are serialised by a lock
file in the folder; a second process waits, then finds the build current.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.settings import Settings

log = logging.getLogger(__name__)

MANIFEST = "sotk-graph.json"
LOCK = ".sotk-graph.lock"
STAGING_PREFIX = ".sotk-graph-staging-"
# Bump when what a build holds changes in a way the key would not show: older builds are rebuilt.
FORMAT = 2  # 2: a text's reviewed markup is part of its key


class OlderFormat(ValueError):
    """The manifest of a build made by a version writing another format: rebuilt, no damage."""


class GraphBuildError(RuntimeError):
    """The graph could not be built: a source text is unusable (the message names the file and
    line) or the folder cannot be written. Nothing already built was changed."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def source_texts(settings: Settings) -> list[Path]:
    """The texts a full build reads, as `sotk-kg build` without FILE does: `*.txt` and `*.pdf`."""
    from sotk_kg.commands.build import inputs

    return inputs([settings.source_dir]) if settings.source_dir.is_dir() else []


def _markup_sha256(source: Path) -> str:
    """sha256 of the reviewed markup beside `source` ("" when there is none): the build reads it
    instead of the parser's reading, so it is as much an input as the text."""
    from sotk_kg.pipeline.markup import markup_path

    markup = markup_path(source)
    return _sha256(markup) if markup.is_file() else ""


def _schemes() -> dict[str, str]:
    """sha256 of each scheme file the pipeline reads its vocabulary from, by file name."""
    from sotk_kg.lexicon import SCHEMES_DIR

    return {p.name: _sha256(p) for p in sorted(SCHEMES_DIR.glob("*.ttl"))}


def _code() -> list[str]:
    from sotk_kg.checks.cache import code_identity

    return [*code_identity(), f"rdflib={metadata.version('rdflib')}"]


@dataclass(frozen=True)
class Built:
    """One source text's build: its sha256, the files it wrote (name -> sha256) and the sha256 of
    the reviewed markup it was built from ("" when none)."""

    sha256: str
    outputs: dict[str, str]
    markup: str = ""


@dataclass(frozen=True)
class Manifest:
    """What the folder holds: the parts every file depends on (`base`, `code`, `schemes`) and,
    per source text (by file name), what was built from it."""

    base: str
    code: list[str]
    schemes: dict[str, str]
    sources: dict[str, Built]

    def common(self) -> tuple[str, list[str], dict[str, str]]:
        return self.base, self.code, self.schemes

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """Raises FileNotFoundError (none), OlderFormat (a build of an older version), OSError or
        ValueError (unreadable, another format)."""
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else None
            if isinstance(found, int) and found < FORMAT:
                raise OlderFormat(f"manifest format {found}, now {FORMAT}")
            raise ValueError(f"not a manifest of format {FORMAT}")
        try:
            sources = {
                name: Built(b["sha256"], b["outputs"], b["markup"])
                for name, b in data["sources"].items()
            }
            manifest = cls(data["base"], data["code"], data["schemes"], sources)
            strings = [
                manifest.base,
                *manifest.code,
                *manifest.schemes.values(),
                *(d for b in sources.values() for d in [b.sha256, b.markup, *b.outputs.values()]),
            ]
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"a field missing or of the wrong type ({exc!r})") from exc
        if not isinstance(manifest.code, list) or not all(isinstance(v, str) for v in strings):
            raise ValueError("a field of the wrong type")
        return manifest

    def write(self, folder: Path) -> None:
        """Atomically: a reader sees the old manifest or the new one."""
        data = {
            "format": FORMAT,
            "base": self.base,
            "code": self.code,
            "schemes": self.schemes,
            "sources": {
                name: {"sha256": b.sha256, "outputs": b.outputs, "markup": b.markup}
                for name, b in sorted(self.sources.items())
            },
        }
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{MANIFEST}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(json.dumps(data, indent=1, sort_keys=True) + "\n")
            os.chmod(tmp, 0o644)
            os.replace(tmp, folder / MANIFEST)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


@dataclass(frozen=True)
class Outcome:
    """What `ensure_graph` did: where, which texts it built (none: the build was current) and
    why; `damaged`: a reason was a damaged build, already logged as a warning."""

    folder: Path
    built: tuple[str, ...] = ()
    reason: str = ""
    damaged: bool = False


@dataclass
class _Plan:
    """What a run must build: every text (`full`), or the texts in `todo`; each reason noted."""

    full: bool = False
    todo: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    damaged: bool = False

    def rebuild(self, reason: str, damaged: bool = False, text: str | None = None) -> None:
        if text is None:
            self.full = True
        elif text not in self.todo:
            self.todo.append(text)
        self.reasons.append(reason)
        if damaged:
            self.damaged = True
            log.warning("damaged graph build: %s; building it again", reason)


def _damage(folder: Path, outputs: dict[str, str]) -> str:
    """Why the recorded `outputs` in `folder` are not what was built ("" when they are)."""
    for name, digest in sorted(outputs.items()):
        path = folder / name
        try:
            if _sha256(path) != digest:
                return f"{path} differs from the build (cut short or edited)"
        except OSError as exc:
            return f"{path} unreadable or missing ({exc.strerror or exc})"
    return ""


def plan(folder: Path, old: Manifest, wanted: Manifest) -> _Plan:
    """Compare the build on disk (`old`, its manifest) with `wanted` (whose `sources` hold only
    the texts' sha256)."""
    todo = _Plan()
    if old.base != wanted.base:
        todo.rebuild(f"built for base {old.base}")
    elif old.code != wanted.code:
        todo.rebuild("the code changed (the package's version, or its sources in a checkout)")
    elif changed := sorted(
        k
        for k in old.schemes.keys() | wanted.schemes.keys()
        if old.schemes.get(k) != wanted.schemes.get(k)
    ):
        todo.rebuild(f"schemes changed: {', '.join(changed)}")
    if todo.full:
        return todo
    for name, built in sorted(wanted.sources.items()):
        was = old.sources.get(name)
        if was is None:
            todo.rebuild(f"new text {name}", text=name)
        elif was.sha256 != built.sha256:
            todo.rebuild(f"changed text {name}", text=name)
        elif was.markup != built.markup:
            what = "new" if not was.markup else "removed" if not built.markup else "changed"
            todo.rebuild(f"{what} markup {Path(name).with_suffix('.markup')}", text=name)
        elif damage := _damage(folder, was.outputs):
            todo.rebuild(damage, damaged=True, text=name)
    for name in sorted(old.sources.keys() - wanted.sources.keys()):
        todo.reasons.append(f"removed text {name}")
    return todo


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # waits for a build of another process to finish
        for left in folder.glob(f"{STAGING_PREFIX}*"):  # by a build killed outright (SIGKILL)
            shutil.rmtree(left, ignore_errors=True)
        yield
    finally:
        os.close(fd)


def ensure_graph(settings: Settings, force: bool = False) -> Outcome:
    """Bring `settings.graph_dir` up to date with the source texts: nothing when its build is
    current; the texts added, changed or damaged when only they are; every text when the base,
    the code or a scheme changed, the manifest is missing or unreadable, or with `force`. The
    outputs of removed texts, and pipeline outputs that no text accounts for, are removed.

    A root without source texts (a deployment given only built graphs, a test's tree) has nothing
    to build: its graph folder is used as it is. Raises GraphBuildError when a text does not build
    or the folder cannot be written (the folder is then left as it was)."""
    folder = settings.graph_dir
    texts = {p.name: p for p in source_texts(settings)}
    if not texts:
        return Outcome(folder)
    from sotk_kg.pipeline.errors import PipelineError

    try:
        with _locked(folder):
            wanted = Manifest(
                DEFAULT_BASE,
                _code(),
                _schemes(),
                {name: Built(_sha256(p), {}, _markup_sha256(p)) for name, p in texts.items()},
            )
            old, todo = _read_or_full(folder, force)
            if old is not None and not todo.full:
                todo = plan(folder, old, wanted)
                if todo.reasons and _versioned(old):  # a version reads the text and its acts
                    todo.rebuild("a text changed in a corpus with consolidated versions")
            if names := (sorted(texts) if todo.full else todo.todo):
                built = _build(folder, [texts[n] for n in names], wanted, old, todo.full)
                if built is None:  # an amending act among them: build it with what it amends
                    todo.rebuild("an amending act is built with the text it amends")
                    names = sorted(texts)
                    built = _build(folder, [texts[n] for n in names], wanted, old, True)
                assert built is not None  # a full build has every text it amends
                sources = built
            else:
                assert old is not None  # no manifest means a full build
                sources = {n: b for n, b in old.sources.items() if n in texts}
            strays = _strays(folder, {o for b in sources.values() for o in b.outputs})
            if not (names or strays or todo.reasons):
                return Outcome(folder)
            for path in strays:
                path.unlink(missing_ok=True)
            Manifest(*wanted.common(), sources).write(folder)
    except PipelineError as exc:
        raise GraphBuildError(f"{exc}; nothing built, {folder} left as it was") from exc
    except OSError as exc:
        raise GraphBuildError(f"cannot build into {folder}: {exc}") from exc
    reasons = todo.reasons or [f"{len(strays)} file(s) no source text accounts for"]
    return Outcome(folder, tuple(names), "; ".join(reasons), todo.damaged)


def _versioned(manifest: Manifest | None) -> bool:
    """Does the build hold a consolidated version ("{stem}@{date}.ttl")? Then an incremental
    build is not enough: a version is made from the amended text and all its amending acts."""
    if manifest is None:
        return False
    return any("@" in name for built in manifest.sources.values() for name in built.outputs)


def _read_or_full(folder: Path, force: bool) -> tuple[Manifest | None, _Plan]:
    """The manifest, and a plan that is full when there is none to compare with."""
    todo = _Plan()
    try:
        old = Manifest.read(folder)
    except FileNotFoundError:
        if found := [p for p in folder.iterdir() if p.suffix in (".ttl", ".nq")]:
            todo.rebuild(f"{len(found)} graph file(s) but no {MANIFEST}", damaged=True)
        else:
            todo.rebuild("not built yet")
        return None, todo
    except OlderFormat as exc:
        todo.rebuild(f"built by an older version ({exc})")
        return None, todo
    except (OSError, ValueError) as exc:
        todo.rebuild(f"{MANIFEST} unreadable ({exc})", damaged=True)
        return None, todo
    if force:
        todo.rebuild("forced")
    return old, todo


def _strays(folder: Path, keep: set[str]) -> list[Path]:
    """Pipeline outputs in `folder` that no text's build accounts for (a removed text's, one
    written by `sotk-kg build FILE`): they would be served as if they were built from the texts."""
    from sotk_kg.pipeline.build import is_output_name

    return sorted(
        p for p in folder.iterdir() if p.is_file() and is_output_name(p.name) and p.name not in keep
    )


def _build(
    folder: Path, paths: list[Path], wanted: Manifest, old: Manifest | None, full: bool
) -> dict[str, Built] | None:
    """Build `paths` into a staging folder, then move their files into `folder`: every text's
    entry of the new manifest (the texts not built keep theirs); None, with `folder` untouched,
    when a build of some texts only holds an amending act (build them all: its versions need the
    text it amends). Raises PipelineError, with `folder` untouched, when a text does not build
    or is the same regulation as another."""
    from sotk_kg.pipeline.build import build_and_write
    from sotk_kg.pipeline.errors import PipelineError

    building = {p.name for p in paths}
    kept = {} if full or old is None else {
        name: built for name, built in old.sources.items()
        if name in wanted.sources and name not in building}  # fmt: skip
    sources = dict(kept)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=STAGING_PREFIX))
    try:
        report = build_and_write(paths, staging, DEFAULT_BASE)
        if not full and any(b.amends for b in report.built):
            return None  # its versions need the text it amends and every other act amending it
        taken = {out: name for name, built in kept.items() for out in built.outputs}
        for built in report.built:
            name = Path(built.source_name).name
            files = [built.path(suffix) for suffix in built.suffixes]  # graph, report, PDF text
            for path in files:
                if path.name in taken:
                    raise PipelineError(
                        f"the same regulation as {taken[path.name]} ({built.slug})",
                        None,
                        built.source_name,
                    )
            want = wanted.sources[name]
            sources[name] = Built(want.sha256, {p.name: _sha256(p) for p in files}, want.markup)
            for warning in built.warnings:
                log.warning("%s: %s", built.source_name, warning)
        for built in report.built:
            for path in (built.path(suffix) for suffix in built.suffixes):
                os.replace(path, folder / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sources


def ensure_for(command: str, settings: Settings) -> bool:
    """`ensure_graph` for a command about to read the graph: says on stderr what it built and
    why, or why it could not (then False: the command stops with its "unusable input" code)."""
    started = time.perf_counter()
    try:
        outcome = ensure_graph(settings)
    except GraphBuildError as exc:
        print(f"sotk-kg {command}: {exc}", file=sys.stderr)
        return False
    if outcome.built or outcome.reason:
        why = "" if outcome.damaged else f": {outcome.reason}"  # a warning said it already
        print(
            f"sotk-kg {command}: {outcome.folder} brought up to date, {len(outcome.built)} "
            f"text(s) built in {time.perf_counter() - started:.1f} s{why}",
            file=sys.stderr,
        )
    return True
