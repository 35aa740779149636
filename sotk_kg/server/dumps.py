"""Dump files of the graph for download: Turtle, gzipped N-Triples and JSON-LD, of the whole graph
(every named graph of the store: the regulations, the ontology and the shapes, so the same
triples as the endpoint's default graph, their union) and of each regulation's named graph, with
their byte size and SHA-256 for the catalogue.

Dumps are built from the store once and kept in memory: the store does not change while the server
runs (a reload restarts it), and one regulation graph is a few thousand triples. They are written
by Oxigraph's serialisers from the engine's own terms (no rdflib graph), in a stable order.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from sotk_kg.server import results
from sotk_kg.server.pages.describe import iri_ref
from sotk_kg.server.pages.vocab import PREFIXES
from sotk_kg.store.backend import QueryBackend
from sotk_kg.store.stats import is_stats_graph

WHOLE = "sotk-kg"  # slug of the whole graph's dataset


@dataclass(frozen=True)
class DumpFormat:
    ext: str  # file extension, after the slug
    media_type: str  # of the uncompressed content (dcat:mediaType)
    served_as: str  # Content-Type of the file
    file_type: str  # EU file-type authority code (dct:format)
    compressed: bool = False
    quads: bool = False  # keeps each triple's named graph (a regulation's history stays apart)


FORMATS: tuple[DumpFormat, ...] = (
    DumpFormat("ttl", "text/turtle", "text/turtle; charset=utf-8", "RDF_TURTLE"),
    DumpFormat("nt.gz", "application/n-triples", "application/gzip", "RDF_N_TRIPLES", True),
    DumpFormat("jsonld", "application/ld+json", "application/ld+json", "JSON_LD"),
    DumpFormat("nq.gz", "application/n-quads", "application/gzip", "RDF_N_QUADS", True, True),
)


@dataclass(frozen=True)
class Dump:
    slug: str  # dataset slug: WHOLE or "{jenis}-{yurisdiksi}-{tahun}-{nomor}"
    format: DumpFormat
    content: bytes

    @property
    def filename(self) -> str:
        return f"{self.slug}.{self.format.ext}"

    @property
    def byte_size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class DatasetGraphs:
    """Which named graphs make up each dataset."""

    base: str
    regulations: dict[str, str]  # slug -> regulation graph IRI
    others: tuple[str, ...]  # every other named graph (ontology, shapes), sorted

    def graphs(self, slug: str) -> list[str]:
        """The graphs of a dataset; the whole graph's are all the store's named graphs, whose
        union is the endpoint's default graph."""
        if slug == WHOLE:
            return sorted(self.regulations.values()) + list(self.others)
        return [self.regulations[slug]]

    def work(self, slug: str) -> str | None:
        """The regulation a dataset is about: the graph path is the work path (docs/model.md)."""
        graph = self.regulations.get(slug)
        return graph.replace(f"{self.base}/graph/", f"{self.base}/eli/id/", 1) if graph else None

    @property
    def slugs(self) -> list[str]:
        return [WHOLE, *sorted(self.regulations)]


def regulation_slug(graph: str, base: str) -> str | None:
    """The dataset slug of a regulation graph: the named graphs `{base}/graph/…` other than
    ontology, shapes and the versions derived at load (`…/graph/perbup/kab-bekasi/2021/99` ->
    `perbup-kab-bekasi-2021-99`)."""
    prefix = f"{base}/graph/"
    if not graph.startswith(prefix) or graph[len(prefix) :] in (
        "ontology",
        "shapes",
        "versions",
        "",
    ):
        return None
    if is_stats_graph(graph, base):  # a regulation's statistics, computed by the loader
        return None
    return graph[len(prefix) :].replace("/", "-")


def dataset_graphs(backend: QueryBackend, base: str) -> DatasetGraphs:
    rows = backend.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    # Only the project's graphs: a remote server may hold its own (Virtuoso's system graphs,
    # virtrdf: and its service description), which are no part of the dataset or its dumps.
    names = {str(row["g"]) for row in rows if str(row["g"]).startswith(f"{base}/graph/")}
    regulations = {
        slug: name for name in names if (slug := regulation_slug(name, base)) is not None
    }
    return DatasetGraphs(base, regulations, tuple(sorted(names - set(regulations.values()))))


def read(backend: QueryBackend, graphs: list[str]) -> tuple[list[ox.Triple], list[ox.Quad]]:
    """The set union of the named graphs as triples, and their quads (each in its graph), both
    in a stable order: blank nodes relabelled canonically (RDFC-1.0; the loader names them at
    random, which would change the dumps' checksums at every start), sorted by their N-Triples /
    N-Quads form. One read per graph."""
    quads: list[ox.Quad] = []
    for graph in graphs:
        name = ox.NamedNode(graph)
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri_ref(graph)} {{ ?s ?p ?o }} }}"
        quads += (ox.Quad(t.subject, t.predicate, t.object, name) for t in
                  backend.construct_triples(query))  # fmt: skip
    union = _canonical(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return [q.triple for q in union], _canonical(quads)


def _canonical(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    found = set(quads)
    ground = {q for q in found if not _has_blank_node(q)}
    # RDFC-1.0 labels depend only on the quads that mention blank nodes, so only those go
    # through the (costly) canonicalisation.
    blank = ox.Dataset(found - ground)
    blank.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(ground | set(blank), key=str)


def _has_blank_node(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


_TURTLE_PREFIXES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode()


def encode_quads(quads: list[ox.Quad]) -> bytes:
    """Gzipped N-Quads of `quads` (in their stable order), written by Oxigraph."""
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    return gzip.compress(data, mtime=0)


def encode(triples: list[ox.Triple], fmt: DumpFormat) -> bytes:
    """The file of `triples` (already in their stable order) in `fmt`; Oxigraph's serialisers
    write triples in the order given, so the same graph always gives the same bytes. Written
    by the endpoint's writer (server/results.py), so a dump is well-formed whatever characters
    the data holds (the build does not refuse control characters in a source text): they are
    escaped, and base directions are kept."""
    data = results.triples(triples, fmt.media_type, PREFIXES)
    if fmt.media_type == "text/turtle":
        # The prefix lines are written in the project's order: Oxigraph's own is a hash order.
        body = b"".join(
            line for line in data.splitlines(keepends=True) if not line.startswith(b"@prefix ")
        )
        data = _TURTLE_PREFIXES + body
    # mtime=0: the same graph always gives the same file, so the checksum only changes with data.
    return gzip.compress(data, mtime=0) if fmt.compressed else data


def split_filename(filename: str) -> tuple[str, DumpFormat] | None:
    """(dataset slug, format) of a dump file name, None when no format's extension fits."""
    for fmt in FORMATS:
        slug = filename.removesuffix(f".{fmt.ext}")
        if slug != filename and slug:
            return slug, fmt
    return None


class Dumps:
    """The dumps of one store, each dataset's built once: by `build_all()` (in the background
    after start-up) or, for a request that comes first, on demand."""

    def __init__(self, backend: QueryBackend, base: str) -> None:
        self.backend = backend
        self.base = base
        self._lock = threading.Lock()  # guards _datasets
        self._build_lock = threading.Lock()  # one build at a time; a waiter reuses its result
        self._datasets: DatasetGraphs | None = None
        self._built: dict[str, dict[str, Dump]] = {}  # slug -> file name -> dump

    @property
    def datasets(self) -> DatasetGraphs:
        with self._lock:
            if self._datasets is None:
                self._datasets = dataset_graphs(self.backend, self.base)
            return self._datasets

    def of_dataset(self, slug: str) -> dict[str, Dump]:
        """The dumps of one dataset by file name (KeyError for an unknown slug)."""
        graphs = self.datasets.graphs(slug)
        with self._build_lock:
            if slug not in self._built:
                triples, quads = read(self.backend, graphs)
                dumps = [
                    Dump(slug, fmt, encode_quads(quads) if fmt.quads else encode(triples, fmt))
                    for fmt in FORMATS
                ]
                self._built[slug] = {d.filename: d for d in dumps}
            return self._built[slug]

    def files(self) -> dict[str, Dump]:
        """Every dump by file name (building what is not built yet)."""
        slugs = self.datasets.slugs
        return {name: d for slug in slugs for name, d in self.of_dataset(slug).items()}

    def get(self, filename: str) -> Dump | None:
        parts = split_filename(filename)
        if parts is None or parts[0] not in self.datasets.slugs:
            return None
        return self.of_dataset(parts[0]).get(filename)
