"""What the extractors share while one regulation is built: the tree, the IRI minter, the graph
builder, the provision paths and the registries one extractor fills for the next."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from sotk_kg.iris import Iris, WorkId
from sotk_kg.pipeline.emit import GraphBuilder
from sotk_kg.pipeline.tree import Document, Provision
from sotk_kg.sources import SourceText


@dataclass
class BuildContext:
    doc: Document
    iris: Iris
    work_id: WorkId
    source_name: str = "<text>"
    # The published file the text was read from (its type, checksum, pages); None: the text.
    source: SourceText | None = None
    builder: GraphBuilder = field(default_factory=GraphBuilder)
    warnings: list[str] = field(default_factory=list)
    # Filled by provisions.assign_paths: id(provision) -> path / parent / label.
    paths: dict[int, str] = field(default_factory=dict)
    parents: dict[int, Provision | None] = field(default_factory=dict)
    labels: dict[int, tuple[str, str]] = field(default_factory=dict)
    # Filled by definitions.py: concept IRI per defined term (and per abbreviation).
    defined_documents: dict[str, URIRef] = field(default_factory=dict)
    # Filled by metadata.py: ISO date of entry into force, when the text states it.
    entry_into_force: str | None = None
    # ... and the provisions / blocks it is read from (the clause, the promulgation block).
    entry_into_force_sources: list[Provision] = field(default_factory=list)
    # Filled by organisation.py (an organisation.Organisation), read by duties.py.
    organisation: object | None = None

    @property
    def work(self) -> URIRef:
        return self.iris.work(self.work_id)

    def path(self, prov: Provision) -> str:
        return self.paths[id(prov)]

    def iri(self, prov: Provision) -> URIRef:
        return self.iris.provision(self.work_id, self.path(prov))

    def parent(self, prov: Provision) -> Provision | None:
        return self.parents.get(id(prov))

    def label(self, prov: Provision) -> str:
        return self.labels[id(prov)][0]

    def warn(self, prov: Provision | None, message: str) -> None:
        """A finding the build reports but survives: `line N (Pasal 7 ayat (1)): message`."""
        if prov is None:
            self.warnings.append(message)
        else:
            self.warnings.append(f"line {prov.line_start} ({self.label(prov)}): {message}")
