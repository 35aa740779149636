"""The reading view of a regulation and of its provisions: the text in its order (Judul,
Menimbang, Mengingat, BAB, Bagian, Paragraf, Pasal, ayat, huruf, angka, Penutup, Lampiran) with
their numbers, an anchor on every part, "cite this", and the text as `text/plain`.

The structure is read from the graph (`eli:has_part`, in text order: `sotk:sourceLine`, then
`sotk:sequence`), the words from `sotk:verbatimText`; the HTML is the Jinja template
`templates/reading.html`, which the resource page includes (autoescaped). The plain text is the
source file the graph names by its SHA-256 when the server has it, else the same text assembled
from the graph."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sotk_kg.server.pages.html import Labels
from sotk_kg.server.pages.paths import Links
from sotk_kg.server.pages.views import Node

# Kinds of part that are items of a list, written with their number: "(1)", "a.", "1.".
LIST_MARKERS = {"ayat": "({})", "huruf": "{}.", "angka": "{}."}
# Heading levels: the section holding the text is an h2, its top parts h3, and so on to h6.
TOP_LEVEL = 3


@dataclass
class Part:
    """A provision as the reading view shows it."""

    iri: str
    href: str
    anchor: str
    kind: str
    label: str
    heading: str | None
    text: str | None
    marker: str | None  # "(1)" for a list item, None for a part with a heading
    level: int  # its heading's level (h3…h6)
    runs: list[Run] = field(default_factory=list)


@dataclass
class Run:
    """Consecutive children of one sort: list items (an <ol>) or parts with headings."""

    items: bool
    parts: list[Part]


def anchor(work: str, iri: str) -> str:
    """The fragment id of a part in its regulation's page: its path below the work
    (`…/pasal/7/ayat/1` -> `pasal-7-ayat-1`), so a Pasal is `#pasal-7` wherever it sits."""
    rest = iri[len(work) :].strip("/") if iri.startswith(work + "/") else iri.rsplit("/", 1)[-1]
    return rest.replace("/", "-") or "text"


def marker(node: Node) -> str | None:
    template = LIST_MARKERS.get(node.kind)
    return template.format(node.number) if template and node.number else None


def own_label(label: str, parent: str | None) -> str:
    """A part's label without its parent's, which the reader has just read above it ("BAB IV
    Bagian Ketiga" under "BAB IV" reads "Bagian Ketiga")."""
    if parent and label.startswith(parent + " "):
        return label[len(parent) + 1 :]
    return label


def parts(
    nodes: Iterable[Node],
    work: str,
    links: Links,
    level: int = TOP_LEVEL,
    parent: str | None = None,
) -> list[Run]:
    """The view model of `nodes` and everything below them, grouped into runs."""
    runs: list[Run] = []
    for node in nodes:
        mark = marker(node)
        label = node.label or node.iri.rsplit("/", 1)[-1]
        part = Part(
            node.iri,
            links.href(node.iri),
            anchor(work, node.iri),
            node.kind,
            label if mark else own_label(label, parent),  # a list item's names it in full
            node.heading,
            node.text,
            mark,
            min(level, 6),
        )
        below = level if mark else level + 1
        part.runs = parts(node.children, work, links, below, label)
        if runs and runs[-1].items == (mark is not None):
            runs[-1].parts.append(part)
        else:
            runs.append(Run(mark is not None, [part]))
    return runs


def plain_lines(nodes: Iterable[Node], depth: int = 0) -> list[str]:
    """The text of `nodes` in order as lines: a heading part as its label (and its heading) after
    a blank line, a list item as its marker and text, indented by its depth in the lists."""
    lines: list[str] = []
    for node in nodes:
        mark = marker(node)
        if mark:
            lines.append("    " * depth + f"{mark} {node.text or ''}".rstrip())
            lines.extend(plain_lines(node.children, depth + 1))
            continue
        lines.append("")
        if node.label:
            lines.append(node.label)
        if node.heading:
            lines.append(node.heading)
        if node.text:
            lines.extend(node.text.splitlines())
        lines.extend(plain_lines(node.children, 0))
    return lines


def plain_text(nodes: list[Node]) -> str:
    return "\n".join(plain_lines(nodes)).strip("\n") + "\n"


@dataclass
class Citation:
    id: str  # "Peraturan Bupati Bekasi Nomor 99 Tahun 2021, Pasal 7 ayat (1) huruf a"
    en: str | None
    iri: str


def citation(labels: Labels, work: str, provision: str | None = None) -> Citation:
    """How to cite the regulation or one of its provisions, in Indonesian style (the regulation's
    name, then the provision's label) and in English, with the IRI."""

    def join(lang: str) -> str | None:
        name = labels.get(work, lang)
        if provision is None:
            return name
        part = labels.get(provision, lang)
        return f"{name}, {part}" if name and part else None

    return Citation(join("id") or labels.text(work), join("en"), provision or work)


class SourceTexts:
    """The plain-text files the server has (the sources, and the text read from each PDF), found
    by their SHA-256: the graph names a regulation's text file by its checksum
    (`eli:is_embodied_by` … `sotk:sha256`), not by a path. Indexed once, on first use."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = list(folders)
        self._by_sha: dict[str, Path] | None = None
        self._lock = threading.Lock()

    def _index(self) -> dict[str, Path]:
        with self._lock:
            if self._by_sha is None:
                found: dict[str, Path] = {}
                for folder in self.folders:
                    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
                        digest = hashlib.sha256(path.read_bytes()).hexdigest()
                        found.setdefault(digest, path)
                self._by_sha = found
            return self._by_sha

    def find(self, checksums: Iterable[str]) -> bytes | None:
        """The bytes of the first file with one of `checksums` whose content still matches it."""
        index = self._index()
        for sha in checksums:
            path = index.get(sha)
            if path is not None and path.is_file():
                data = path.read_bytes()
                if hashlib.sha256(data).hexdigest() == sha:  # not edited since it was indexed
                    return data
        return None
