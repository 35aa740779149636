"""Build the Oxigraph store the server reads: ontology, shapes and every regulation graph.

Layout of the dataset:
- `{base}/graph/ontology`: `ontology/*.ttl` and `ontology/schemes/*.ttl`
- `{base}/graph/shapes`: `shapes/*.ttl`
- one named graph per regulation version: `data/graph/*.nq` (the graph name is in the file)
- `{base}/graph/versions`: derived on every load and refresh (`sotk_kg/versions.py`): when each
  version of each regulation applies
- the default graph: "in force", materialised: the set union of every graph that holds no version
  (ontology, shapes, versions) and of the version graphs applicable on the day of the load (the
  manifest says which day; a later open whose day changes that set rewrites it). Every regulation
  describes the acts it cites and its region, so such a triple is in hundreds of graphs; Oxigraph
  0.5's union-default-graph flag matches it once per graph (oxigraph#1919), which made joins on
  shared nodes grow with the corpus (bench/README.md). A stored set matches it once. It costs
  the store's size about twice over.

Data files are written with the canonical base `DEFAULT_BASE`; when the server runs under another
base (a public domain) the IRIs are rewritten while loading. The ontology and shapes namespaces
(`{DEFAULT_BASE}/def/...`) are fixed and never rewritten.

An on-disk store carries a manifest of the files it was built from, grouped by the named graph they
fill, and how much was written in place since the store was last compacted. When files change,
only the graphs of those files are rewritten in place (`build_disk`); a change of base, a missing
or unreadable manifest, or `force` rebuilds the whole store in a sibling directory, swapped in only
once complete, so a failed rebuild leaves the old store in place.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import logging
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

import pyoxigraph as ox

from sotk_kg import versions as vs
from sotk_kg.iris import DEFAULT_BASE, rebase
from sotk_kg.settings import Settings
from sotk_kg.store import stats, textindex

log = logging.getLogger(__name__)

MANIFEST = "sotk-store.json"
DEFAULT = ox.DefaultGraph()
# Quads per `bulk_extend` call. pyoxigraph holds all the quads of one call in memory (about 1.5 KiB
# each), so a single call for the whole graph grows with the corpus (780 MiB at 100 regulations);
# batches keep the peak flat (~190 MiB) and are no slower.
BULK_BATCH = 100_000
# In-place refreshes write small uncompacted files, which every lookup of a read-only store then
# probes; once the quads written in place since the last compaction reach this share of the store,
# the refresh compacts it (31 s at 1,000 regulations, so about once per hundred added regulations
# rather than on every one).
COMPACT_AFTER = 0.1


class StoreError(RuntimeError):
    """A source file cannot be loaded; names the file and the parser's message."""


class StoreBusy(StoreError):
    """The store is open in another process, so it must not be written now."""


# Who has an on-disk store open: a process reading it (a server, `sotk-kg query`) holds a shared
# lock on `DIR.lock` for its life; a refresh or rebuild takes it exclusively, and fails at once
# rather than rewrite (or compact away) files a reader has open. The file sits beside the store
# because a rebuild replaces the directory itself.
_HELD: dict[Path, int] = {}  # directory -> this process's lock file descriptor


def _lock_file(directory: Path) -> int:
    directory.parent.mkdir(parents=True, exist_ok=True)  # a first build may name a new folder
    return os.open(directory.with_name(directory.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)


def _busy(directory: Path) -> StoreBusy:
    return StoreBusy(
        f"{directory} is in use by another process (a running server, `sotk-kg query`, or another "
        "`sotk-kg load`): stop it, then run again"
    )


@contextmanager
def _writing(directory: Path) -> Iterator[None]:
    """The exclusive lock for a write; this process's own shared lock, if it holds one, is
    converted for the while (flock locks belong to the open file, not the process)."""
    held = _HELD.get(directory)
    fd = held if held is not None else _lock_file(directory)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _busy(directory) from None
        yield
    finally:
        if held is not None:
            fcntl.flock(fd, fcntl.LOCK_SH)
        else:
            os.close(fd)


def _hold_for_reading(directory: Path) -> None:
    """A shared lock on the store for the rest of this process's life."""
    if directory in _HELD:
        return
    fd = _lock_file(directory)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise _busy(directory) from None
    _HELD[directory] = fd


@dataclass(frozen=True)
class Source:
    path: Path
    format: ox.RdfFormat
    graph: str | None  # None: the graph names are in the file (N-Quads)


def graphs_prefix(settings: Settings) -> str:
    """What the IRI of every graph of the dataset starts with (regulations, ontology, shapes)."""
    return f"{settings.base}/graph/"


def ontology_graph(settings: Settings) -> str:
    return f"{settings.base}/graph/ontology"


def shapes_graph(settings: Settings) -> str:
    return f"{settings.base}/graph/shapes"


def sources(settings: Settings) -> list[Source]:
    """Every file the store is built from, in a stable order."""
    found: list[Source] = []
    onto = ontology_graph(settings)
    for path in sorted(settings.ontology_dir.glob("*.ttl")) + sorted(
        settings.ontology_dir.glob("schemes/*.ttl")
    ):
        found.append(Source(path, ox.RdfFormat.TURTLE, onto))
    for path in sorted(settings.shapes_dir.glob("*.ttl")):
        found.append(Source(path, ox.RdfFormat.TURTLE, shapes_graph(settings)))
    for path in sorted(settings.graph_dir.glob("*.nq")):
        found.append(Source(path, ox.RdfFormat.N_QUADS, None))
    return found


class _Rebaser:
    """Rewrites `DEFAULT_BASE` data IRIs to another base (identity when the bases agree)."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.active = self.base != DEFAULT_BASE

    def iri(self, value: str) -> str:
        return rebase(value, self.base)

    # Any: a term comes back as the same kind it went in, which the stubs' unions cannot say.
    def term(self, term: Any) -> Any:
        if isinstance(term, ox.NamedNode):
            new = self.iri(term.value)
            return term if new == term.value else ox.NamedNode(new)
        if isinstance(term, ox.Literal) and term.datatype.value != self.iri(term.datatype.value):
            return ox.Literal(term.value, datatype=ox.NamedNode(self.iri(term.datatype.value)))
        if isinstance(term, ox.Triple):
            parts = (term.subject, term.predicate, term.object)
            return ox.Triple(*(self.term(t) for t in parts))
        return term

    def quad(self, quad: ox.Quad) -> ox.Quad:
        graph = quad.graph_name
        return ox.Quad(
            self.term(quad.subject),
            self.term(quad.predicate),
            self.term(quad.object),
            graph if isinstance(graph, ox.DefaultGraph) else self.term(graph),
        )


def _parse(src: Source, rebaser: _Rebaser) -> Iterator[ox.Quad]:
    """The quads of one source, rebased, then the statistics of each regulation graph in it
    (`sotk_kg.store.stats`). Raises StoreError naming the file."""
    graph = ox.NamedNode(src.graph) if src.graph else None
    tallies = stats.Tallies() if graph is None else None
    try:
        # The canonical base resolves relative IRIs as at build time; blank nodes are renamed so
        # that two files never share one by accident.
        parser = ox.parse(
            path=str(src.path),
            format=src.format,
            base_iri=f"{DEFAULT_BASE}/",
            rename_blank_nodes=True,
        )
        for quad in parser:
            if graph is not None:
                quad = ox.Quad(quad.subject, quad.predicate, quad.object, graph)
            elif isinstance(quad.graph_name, ox.DefaultGraph):
                raise StoreError(
                    f"{src.path}: triple with subject {quad.subject} is outside any named "
                    "graph; regulation files must be N-Quads with a graph name"
                )
            quad = rebaser.quad(quad) if rebaser.active else quad
            if tallies is not None:
                tallies.see(quad)
            yield quad
    except SyntaxError as exc:
        raise StoreError(f"{src.path}: {exc}") from exc
    if tallies is not None:  # the file's statistics graphs, filled from the same file
        yield from tallies.quads(rebaser.base)


def _graph_of(quad: ox.Quad) -> str:
    """The graph name of a quad from `_parse` (which refuses the default graph)."""
    graph = quad.graph_name
    assert not isinstance(graph, ox.DefaultGraph)
    return graph.value


def read_quads(settings: Settings, files: Iterable[Source] | None = None) -> Iterator[ox.Quad]:
    """All quads of the sources, rebased to `settings.base`. Raises StoreError naming the file."""
    rebaser = _Rebaser(settings.base)
    for src in sources(settings) if files is None else files:
        yield from _parse(src, rebaser)


def with_union(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad, then its triple in the default graph: loaded so, the default graph is the set
    union of every named graph, which `derive` then narrows to the graphs in force (usually all
    but a few: the versions superseded, repealed or not yet applicable), at far less cost than
    copying the graphs in force in a second pass."""
    for quad in quads:
        yield quad
        yield ox.Quad(quad.subject, quad.predicate, quad.object, DEFAULT)


def in_default(triples: Iterable[ox.Triple]) -> Iterator[ox.Quad]:
    for t in triples:
        yield ox.Quad(t.subject, t.predicate, t.object, DEFAULT)


def _graph_triples(store: ox.Store, graph: str) -> Iterator[ox.Triple]:
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        yield quad.triple


@dataclass(frozen=True)
class InForce:
    """What the default graph of a store holds: the versions, and the day they were read for."""

    versions: tuple[vs.Version, ...]
    on: str
    graphs: frozenset[str]  # the named graphs whose union it is


def derive(
    store: ox.Store,
    settings: Settings,
    on: str | None = None,
    before: frozenset[str] = frozenset(),
    removed: Iterable[ox.Triple] = (),
    rewritten: frozenset[str] = frozenset(),
    bulk: bool = False,
) -> tuple[InForce, int, int]:
    """Recompute the versions graph from the store's named graphs, then make the default graph
    the set union of the graphs in force `on` (today by default). `before`: the graphs the
    default graph held until now; `removed`: triples those of them in `rewritten` held before
    they were rewritten. Returns the new state and the quads added and removed."""
    on = on or vs.today()
    versions = vs.compute(vs.facts_of_store(store))
    graph = vs.versions_graph(settings.base)
    old = list(_graph_triples(store, graph))
    store.remove_graph(ox.NamedNode(graph))
    new = vs.version_quads(versions, graph, on)
    store.extend(new)
    names = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    after = vs.visible(versions, names, on)
    added, removed_n = _sync_default(
        store,
        before,
        after,
        itertools.chain(removed, old if graph in before else ()),
        rewritten | {graph},
        bulk,
    )
    return InForce(tuple(versions), on, after), added + len(new), removed_n + len(old)


def _sync_default(
    store: ox.Store,
    before: frozenset[str],
    after: frozenset[str],
    removed: Iterable[ox.Triple],
    rewritten: frozenset[str],
    bulk: bool,
) -> tuple[int, int]:
    """Keep the default graph the set union of the graphs `after`: the triples `removed` from
    rewritten graphs, and those of graphs no longer in force, leave it unless a graph in force
    states them; the graphs rewritten or newly in force are added. Returns the quads added and
    removed."""
    candidates = itertools.chain(
        removed, *(_graph_triples(store, g) for g in sorted(before - after - rewritten))
    )
    gone = [
        t for t in set(candidates)
        if not any(isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in after
                   for q in store.quads_for_pattern(t.subject, t.predicate, t.object))
    ]  # fmt: skip
    for quad in in_default(gone):
        store.remove(quad)
    added = 0
    for g in sorted(after):
        if g in rewritten or g not in before:
            stream = in_default(_graph_triples(store, g))
            while batch := list(itertools.islice(stream, BULK_BATCH)):
                (store.bulk_extend if bulk else store.extend)(batch)
                added += len(batch)
    return added, len(gone)


def rederive(store: ox.Store, settings: Settings, on: str | None = None) -> InForce:
    """The versions and the default graph of a store made again from its named graphs (after
    quads were added to an in-memory store by hand, as tests do)."""
    store.clear_graph(DEFAULT)
    return derive(store, settings, on, bulk=False)[0]


def with_versions(settings: Settings, on: str | None = None) -> tuple[Iterator[ox.Quad], InForce]:
    """Every quad of the sources, then the versions graph derived from them, and what is in force
    `on` (today): for the remote loaders, which push a stream and cannot query what they pushed.
    The files are read here once for the facts (a file that does not parse raises StoreError
    before anything is sent), then again by the stream."""
    on = on or vs.today()
    facts = vs.Facts().observe_all(read_quads(settings))
    versions = vs.compute(facts)
    graph = vs.versions_graph(settings.base)
    in_force = InForce(tuple(versions), on, vs.visible(versions, facts.graphs | {graph}, on))
    return itertools.chain(read_quads(settings), vs.version_quads(versions, graph, on)), in_force


def load_memory(settings: Settings, on: str | None = None) -> ox.Store:
    """An in-memory store with every source loaded, its default graph in force `on` (today)."""
    store = ox.Store()
    store.extend(with_union(read_quads(settings)))
    derive(store, settings, on, before=_names(store))
    return store


def _names(store: ox.Store) -> frozenset[str]:
    return frozenset(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


Stat = list[int]  # [size, mtime_ns] of a file, as JSON keeps it


def _key(src: Source, settings: Settings) -> str:
    """A file's name in manifests: its path under the root; the built graph of an installed copy
    lives in the user's cache instead, and is named as if it were under the root."""
    if src.path.is_relative_to(settings.root):
        return str(src.path.relative_to(settings.root))
    return str(Path("data", "graph", src.path.relative_to(settings.graph_dir)))


def fingerprint(settings: Settings, files: Iterable[Source] | None = None) -> dict[str, Stat]:
    """Size and mtime of every source file, by path relative to the root."""
    stats: dict[str, Stat] = {}
    for src in sources(settings) if files is None else files:
        st = src.path.stat()
        stats[_key(src, settings)] = [st.st_size, st.st_mtime_ns]
    return stats


@dataclass(frozen=True)
class Manifest:
    """What an on-disk store holds: the base, and per named graph the files it was loaded from
    (a file may fill several graphs, a graph come from several files). Files that hold no quad
    are listed apart, so that they do not look new at every refresh."""

    base: str
    graphs: dict[str, dict[str, Stat]]
    empty: dict[str, Stat]
    quads: int = 0  # the store's size, about: exact at the last compaction, then estimated
    uncompacted: int = 0  # quads written or removed in place since the last compaction
    in_force_on: str = ""  # the day whose graphs in force the default graph holds
    versions: tuple[vs.Version, ...] = ()

    # 4: the default graph holds the graphs in force on `in_force_on`. Older stores are rebuilt.
    FORMAT: ClassVar[int] = 4

    @classmethod
    def of(
        cls,
        base: str,
        stats: dict[str, Stat],
        graphs_of: dict[str, set[str]],
        quads: int = 0,
        uncompacted: int = 0,
        in_force: InForce | None = None,
    ) -> Manifest:
        """From the stats of the files and the graphs each one filled."""
        graphs: dict[str, dict[str, Stat]] = {}
        for path, names in graphs_of.items():
            for graph in names:
                graphs.setdefault(graph, {})[path] = stats[path]
        empty = {path: stats[path] for path, names in graphs_of.items() if not names}
        return cls(base, {g: graphs[g] for g in sorted(graphs)}, dict(sorted(empty.items())),
                   quads, uncompacted, in_force.on if in_force else "",
                   in_force.versions if in_force else ())  # fmt: skip

    def in_force(self, settings: Settings, on: str) -> frozenset[str]:
        """The graphs the default graph should hold on `on`."""
        names = {*self.graphs, vs.versions_graph(settings.base)}
        return vs.visible(self.versions, names, on)

    def current_on(self, settings: Settings, on: str) -> bool:
        """Does the default graph, made for `in_force_on`, hold the graphs in force `on`?"""
        return self.in_force(settings, self.in_force_on) == self.in_force(settings, on)

    def files(self) -> dict[str, Stat]:
        found = dict(self.empty)
        for files in self.graphs.values():
            found.update(files)
        return found

    def graphs_of(self) -> dict[str, set[str]]:
        """Per file, the graphs it filled."""
        found: dict[str, set[str]] = {path: set() for path in self.empty}
        for graph, files in self.graphs.items():
            for path in files:
                found.setdefault(path, set()).add(graph)
        return found

    @classmethod
    def read(cls, directory: Path) -> Manifest | None:
        """The manifest of the store at `directory`; None if missing, unreadable, of an older
        format or left by a refresh that did not finish (which the caller treats as "rebuild
        everything")."""
        try:
            data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
            if data.get("format") != cls.FORMAT or data.get("refreshing"):
                return None
            versions = tuple(vs.Version(*row) for row in data["versions"])
            return cls(str(data["base"]), dict(data["graphs"]), dict(data["empty"]),
                       int(data.get("quads", 0)), int(data.get("uncompacted", 0)),
                       vs.parse_date(data["in_force_on"]), versions)  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def write(self, directory: Path, refreshing: bool = False) -> None:
        """Atomically: a temporary file renamed over the old manifest. `refreshing` marks a store
        about to be changed in place, so that a crash in between makes the next run rebuild it."""
        tmp = directory / (MANIFEST + ".tmp")
        data = {"format": self.FORMAT, "base": self.base, "graphs": self.graphs,
                "empty": self.empty, "quads": self.quads, "uncompacted": self.uncompacted,
                "in_force_on": self.in_force_on, "versions": [v.row() for v in self.versions],
                "refreshing": refreshing}  # fmt: skip
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, directory / MANIFEST)


@dataclass(frozen=True)
class Refresh:
    """What `build_disk` did: `kind` is "current" (nothing to do), "full" (store rebuilt),
    "graphs" (only `graphs` rewritten in place) or "in-force" (no file changed, but the day did:
    the default graph now holds other versions); `graphs` names the graphs written; `compacted`
    whether the store was compacted (always after a full rebuild)."""

    kind: Literal["current", "full", "graphs", "in-force"]
    graphs: tuple[str, ...] = ()
    compacted: bool = field(default=False, compare=False)


def is_stale(directory: Path, settings: Settings, on: str | None = None) -> bool:
    """Do the files, the base or the day (`on`, today by default: another set of versions in
    force) differ from what the store at `directory` was built for?"""
    manifest = Manifest.read(directory)
    return (
        manifest is None
        or manifest.base != settings.base
        or manifest.files() != fingerprint(settings)
        or not manifest.current_on(settings, on or vs.today())
    )


def build_disk(
    directory: Path, settings: Settings, force: bool = False, on: str | None = None
) -> Refresh:
    """Bring the on-disk store at `directory`, and its full-text index, up to date with the
    source files (the store as `_build_disk` says, then `sync_text_index`)."""
    refresh = _build_disk(directory, settings, force, on)
    sync_text_index(directory).close()
    return refresh


def sync_text_index(directory: Path, store: ox.Store | None = None) -> textindex.TextIndex:
    """The full-text index of the on-disk store at `directory`, brought in step with it: each
    graph's rows are stamped with the files the manifest lists for the graph, so the graphs a
    refresh rewrote (or a store rebuilt without its index) are re-read, and only those."""
    directory = directory.resolve()
    manifest = Manifest.read(directory)
    graphs = manifest.graphs if manifest is not None else {}
    stamps = {graph: textindex.stamp(files) for graph, files in graphs.items()}
    index = textindex.TextIndex(directory / textindex.INDEX_FILE)
    if index.stamps() != stamps:
        opened = store if store is not None else ox.Store.read_only(str(directory))
        stale = textindex.sync(index, opened, stamps)
        log.info("text index of %s: %d graphs indexed", directory, len(stale))
    return index


def _build_disk(
    directory: Path, settings: Settings, force: bool = False, on: str | None = None
) -> Refresh:
    """Bring the on-disk store at `directory` up to date with the source files.

    The default graph holds the graphs in force `on` (today by default), and the versions graph
    is derived again after every write (`derive`); when no file changed but the day changes
    which versions are in force, only the default graph is rewritten.

    Incremental refresh, when the manifest is readable, the base unchanged and the store opens
    read-write: the graphs filled by the files added, changed or removed since the manifest (and
    any other file filling one of those graphs) are rewritten, the rest is not touched. First
    every such file is parsed completely into memory, so a file that does not parse raises
    StoreError with the store and the manifest unchanged. Then the manifest is marked
    "refreshing"; per graph, `remove_graph` and one `extend` transaction with its new quads; then
    the versions and the default graph (`derive`: the triples no graph in force states leave it);
    then `flush` and the new manifest, written atomically. If the process dies (or
    the disk fails) in between, the store may be half-refreshed (`open_store` serves it so after a
    failed write, and logs the error), and the mark makes the next run rebuild it whole.

    Full rebuild, otherwise (or with `force`): the new store is written next to the old one and
    renamed into place only when complete; any error leaves the old store as it was (and is
    re-raised for the caller to report).

    The store is opened read-write here, so this must not run while another process has it open
    (the server refreshes it before starting its workers): a write takes the store's lock
    exclusively and raises StoreBusy, touching nothing, when a reader holds it.
    """
    directory = directory.resolve()
    on = on or vs.today()
    found = sources(settings)
    stats = fingerprint(settings, found)  # taken before reading, so a later edit shows as stale
    manifest = None if force else Manifest.read(directory)
    if (
        manifest is not None
        and manifest.base == settings.base
        and manifest.files() == stats
        and manifest.current_on(settings, on)
    ):
        return Refresh("current")
    with _writing(directory):
        if manifest is not None and manifest.base == settings.base:
            refreshed = _refresh_graphs(directory, settings, manifest, found, stats, on)
            if refreshed is not None:
                return refreshed
        return _rebuild(directory, settings, found, stats, on)


def _rebuild(
    directory: Path, settings: Settings, found: list[Source], stats: dict[str, Stat], on: str
) -> Refresh:
    rebaser = _Rebaser(settings.base)
    graphs_of: dict[str, set[str]] = {}

    def quads() -> Iterator[ox.Quad]:  # every quad, noting which graphs each file fills
        for src in found:
            graphs = graphs_of.setdefault(_key(src, settings), set())
            for quad in _parse(src, rebaser):
                graphs.add(_graph_of(quad))
                yield quad

    tmp = directory.with_name(directory.name + ".building")
    old = directory.with_name(directory.name + ".old")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        store = ox.Store(str(tmp))
        stream = with_union(quads())
        loaded = 0
        while batch := list(itertools.islice(stream, BULK_BATCH)):
            store.bulk_extend(batch)
            loaded += len(batch)
        in_force, written, gone = derive(store, settings, on, before=_names(store), bulk=True)
        _compact(store)
        store.flush()
        del store  # releases the RocksDB lock before the rename
        manifest = Manifest.of(settings.base, stats, graphs_of, quads=loaded + written - gone,
                               in_force=in_force)  # fmt: skip
        manifest.write(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    if directory.exists():
        os.replace(directory, old)
    os.replace(tmp, directory)
    shutil.rmtree(old, ignore_errors=True)
    log.info("store rebuilt at %s", directory)
    return Refresh("full", tuple(manifest.graphs), compacted=True)


def _refresh_graphs(
    directory: Path,
    settings: Settings,
    manifest: Manifest,
    found: list[Source],
    stats: dict[str, Stat],
    on: str,
) -> Refresh | None:
    """Rewrite in place the graphs touched by changed files; None if the store does not open
    read-write (the caller rebuilds it)."""
    recorded = manifest.files()
    by_key = {_key(src, settings): src for src in found}
    old_graphs_of = manifest.graphs_of()
    rebaser = _Rebaser(settings.base)

    # 1. Parse: the changed files, then every file filling a graph one of them fills (filled, or
    # filled before), until closed. A removed file parses to nothing.
    parsed: dict[str, dict[str, list[ox.Quad]]] = {}  # file -> graph -> quads
    touched: set[str] = set()
    pending = {path for path in recorded.keys() | stats.keys()
               if recorded.get(path) != stats.get(path)}  # fmt: skip
    while pending:
        path = pending.pop()
        by_graph: dict[str, list[ox.Quad]] = {}
        if path in by_key:
            for quad in _parse(by_key[path], rebaser):
                by_graph.setdefault(_graph_of(quad), []).append(quad)
        parsed[path] = by_graph
        for graph in (old_graphs_of.get(path, set()) | by_graph.keys()) - touched:
            touched.add(graph)
            pending |= manifest.graphs.get(graph, {}).keys() - parsed.keys()

    # 2. Write: one graph at a time, then the manifest.
    try:
        store = ox.Store(str(directory))
    except OSError as exc:
        log.warning("cannot open %s read-write (%s); rebuilding it whole", directory, exc)
        return None
    quads, uncompacted = manifest.quads, manifest.uncompacted
    before = manifest.in_force(settings, manifest.in_force_on)
    try:
        manifest.write(directory, refreshing=True)
        removed: list[ox.Triple] = []
        for graph in sorted(touched):
            new_quads = [q for by_graph in parsed.values() for q in by_graph.get(graph, ())]
            old = _replace_graph(store, ox.NamedNode(graph), new_quads)
            if graph in before:
                removed += old
            quads += len(new_quads) - len(old)
            uncompacted += len(new_quads) + len(old)
        in_force, added, gone = derive(store, settings, on, before, removed, frozenset(touched))
        quads += added - gone
        uncompacted += added + gone
        compacted = uncompacted >= COMPACT_AFTER * max(quads, 1)
        if compacted:
            _compact(store)
            uncompacted = 0
        store.flush()
    finally:
        del store  # releases the RocksDB lock, also on error (the server opens it next)
    graphs_of = {**old_graphs_of, **{path: set(g) for path, g in parsed.items()}}
    kept = {p: g for p, g in graphs_of.items() if p in stats}
    new = Manifest.of(settings.base, stats, kept, max(quads, 0), uncompacted, in_force)
    new.write(directory)
    log.info("store %s: %d of %d graphs rewritten%s", directory, len(touched), len(new.graphs),
             ", store compacted" if compacted else "")  # fmt: skip
    kind: Literal["graphs", "in-force"] = "graphs" if touched else "in-force"
    return Refresh(kind, tuple(sorted(touched)), compacted=compacted)


def _compact(store: ox.Store) -> None:
    """Merge the store's files (Store.optimize): each batch or in-place write lands as files whose
    key ranges overlap the others, and a read-only store never merges them, so every lookup would
    probe them all. Compacting after a full load halves query times (N=100: 1.9 s of compaction;
    08-definitions 13.5 -> 6.5 ms, 10-duty-counts 317 -> 168 ms in process;
    bench/results/store-queries-2026-11-28.txt)."""
    store.optimize()


def _replace_graph(store: ox.Store, graph: ox.NamedNode, quads: list[ox.Quad]) -> list[ox.Triple]:
    """Replace one named graph (the default graph is `derive`'s); returns its old triples."""
    old = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
    store.remove_graph(graph)
    store.extend(quads)
    return old


def open_store(settings: Settings, directory: Path | None) -> ox.Store:
    """The store to serve: in memory when `directory` is None, else the (refreshed if stale)
    on-disk store opened read-only. If the refresh fails but a store exists, that one is served
    and the error logged: the previous store when the files did not parse or a full rebuild
    failed, a half-refreshed one when an in-place write failed (its manifest is marked, so the
    next start rebuilds it)."""
    if directory is None:
        return load_memory(settings)
    directory = directory.resolve()
    try:
        build_disk(directory, settings)
    except (StoreError, OSError) as exc:
        if not (directory / MANIFEST).is_file():
            raise
        log.error(
            "refresh of %s failed, serving the store as it is (the previous one, or a "
            "half-refreshed one that the next start rebuilds): %s",
            directory,
            exc,
        )
    _hold_for_reading(directory)
    return ox.Store.read_only(str(directory))


def named_graphs(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
