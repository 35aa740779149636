"""The provision tree: what `structure.parse_document` makes of a regulation text.

Pure data, no RDF. `structure.py` builds it; `organisation.py`, `duties.py`, `references.py` and
`metadata.py` read it; `emit.py` turns it (and their facts) into triples.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# Kinds of provision, in the vocabulary of Indonesian drafting (UU 12/2011, Lampiran II).
KINDS = (
    "sampul",  # the cover page (optional): its verbatim lines; no children
    "judul",  # the title block: PERATURAN ... NOMOR ... TAHUN ... TENTANG <title>
    "menimbang",  # the considerations block; children: huruf
    "mengingat",  # the legal-basis block; children: angka
    # documents taken into account (letters, meeting results); children: angka or huruf, or none
    # when the block holds a single unnumbered item as its own text
    "memperhatikan",
    "bab",
    "bagian",
    "paragraf",
    "pasal",
    "ayat",
    "huruf",
    "angka",
    "penutup",  # the closing formula: promulgation order, adoption, promulgation, signatures
    "lampiran",
)
# The formal parts outside the preamble and body, kept as line blocks so that facts read from
# them (region, signatures, dates) can cite them.
BLOCK_KINDS = ("sampul", "judul", "penutup")


@dataclass
class Provision:
    kind: str  # one of KINDS
    # normalised: BAB "4", ayat "1", huruf "a", angka "12"; "" for the preamble blocks, lampiran
    number: str
    number_as_written: str = ""  # BAB "IV", ayat "(1)", huruf "a."; as in the text
    heading: str | None = None  # BAB/Bagian/Paragraf title, Lampiran title
    text: str = ""  # own verbatim text (chapeau of a list), without number marker or children
    children: list[Provision] = field(default_factory=list)
    line_start: int = 0  # 1-based line numbers in the source text
    line_end: int = 0
    notes: list[str] = field(default_factory=list)  # editorial notes: repairs and source defects
    parent: Provision | None = field(default=None, repr=False, compare=False)
    # `text` with known misspellings fixed ("kerkedudukan" -> "berkedudukan"); None when nothing was
    # fixed. Read `reading` rather than this field.
    text_corrected: str | None = None
    # An amending act's instruction (an angka of its Pasal I, or Pasal I itself): the new text it
    # quotes, its source lines cleaned and joined by newlines (blank lines kept as ""), and the
    # lines it spans. The quoted Pasal are text of the instruction, never provisions of the act.
    quoted: str | None = None
    quoted_start: int = 0
    quoted_end: int = 0

    def iter(self) -> Iterator[Provision]:
        """This provision and all below it, depth first, in text order."""
        yield self
        for child in self.children:
            yield from child.iter()

    @property
    def reading(self) -> str:
        """The text to interpret: the corrected text when a misspelling was fixed, else `text`."""
        return self.text if self.text_corrected is None else self.text_corrected

    @property
    def pasal_children(self) -> list[Provision]:
        return [c for c in self.children if c.kind == "pasal"]


@dataclass
class Signature:
    place: str | None = None  # "Cikarang Pusat"
    date: str | None = None  # ISO date "2021-12-29"
    title: str | None = None  # "Plt. BUPATI BEKASI" / "Pj. SEKRETARIS DAERAH KABUPATEN BEKASI"
    name: str | None = None  # "AKHMAD MARJUKI"
    line: int = 0


@dataclass
class Document:
    """A parsed regulation: identification, preamble, body, closing blocks and annex."""

    jenis: str  # "perbup" | "perwal" | "pergub" | ...
    jenis_label: str  # "Peraturan Bupati"
    region_name: str  # "Kabupaten Bekasi"
    number: str  # "99"
    year: str  # "2021"
    title: str  # body title (after TENTANG on the body's first page)
    cover_title: str | None = None  # title on the cover page, when it differs
    cover_promulgation_date: str | None = None  # ISO date from the cover ("Tanggal : …")
    gazette: str | None = None  # "Berita Daerah Kabupaten Bekasi Tahun 2021 Nomor 99"
    adoption: Signature | None = None  # Ditetapkan di … pada tanggal … + signer
    promulgation: Signature | None = None  # Diundangkan di … pada tanggal … + promulgator
    sampul: Provision | None = None  # cover page block, when the text has one
    judul: Provision | None = None  # title block
    penutup: Provision | None = None  # closing block after the body (not the Lampiran's repeat)
    menimbang: Provision | None = None
    mengingat: Provision | None = None
    memperhatikan: Provision | None = None
    body: list[Provision] = field(default_factory=list)  # top level: BAB (or Pasal when no BAB)
    lampiran: Provision | None = None
    notes: list[str] = field(default_factory=list)  # document-level editorial notes
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (line, text) not placed
    # Body-like text after the closing block, not read: (first line, last line, first line's text)
    after_closing: list[tuple[int, int, str]] = field(default_factory=list)

    def provisions(self) -> Iterator[Provision]:
        """Every provision in text order, preamble and annex included (the `BLOCK_KINDS` blocks
        are not: they hold no clauses; see `parts`)."""
        for top in [self.menimbang, self.mengingat, self.memperhatikan, *self.body, self.lampiran]:
            if top is not None:
                yield from top.iter()

    def parts(self) -> list[Provision]:
        """The top-level parts in text order, blocks included."""
        preamble = [self.menimbang, self.mengingat, self.memperhatikan]
        parts = [self.sampul, self.judul, *preamble, *self.body]
        return [p for p in [*parts, self.penutup, self.lampiran] if p is not None]

    def pasal(self, number: str) -> Provision:
        for p in self.provisions():
            if p.kind == "pasal" and p.number == number:
                return p
        raise KeyError(f"Pasal {number}")
