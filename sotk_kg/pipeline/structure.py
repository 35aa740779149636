"""Text -> provision tree: `parse_document` reads a regional regulation (Perbup, Perwal, Pergub,
Perda) into a `tree.Document`.

The text is cut into zones: cover page (optional), identification (PERATURAN ... NOMOR ... TENTANG
... DENGAN RAHMAT TUHAN YANG MAHA ESA), preamble (Menimbang, Mengingat, Memperhatikan), body
(BAB / Bagian / Paragraf / Pasal and their lists), closing blocks (Ditetapkan, Diundangkan,
gazette line) and the Lampiran. Inside the preamble and the body a stack of open provisions places
each list marker by the expected sequence (huruf b follows a, Pasal n+1 follows Pasal n). The
placing is strict: a Pasal line is a heading, a marker line an item, any other line text, but for
two layouts of web pages (a caption before a list that starts again, items one a line without
markers). Damage that only the sequence can mend (a heading and its text on one line, a wrapped
cross-reference, a lost or upper-case list marker, two items on one line, a page number beside a
Pasal heading) is read first by the
body-line repair stages (`repairs/body.py`), each line handed to them with a read-only view of the
stack. Every repair is written as an English note on the provision concerned; what cannot be
placed goes to `Document.unplaced` and parsing goes on.

Choices worth knowing:
- Titles (body, cover, BAB, Lampiran) are kept as written, upper case included, with line breaks
  joined by single spaces. The gazette phrase is title-cased ("Berita Daerah Kabupaten Bekasi Tahun
  2021 Nomor 99"), the form used when citing it; `region_name` likewise ("Kabupaten Bekasi").
- `Provision.text` is verbatim (a known misspelling stays); `Provision.reading` has it corrected.
- A BAB whose numeral is missing gets its number from the sequence and `number_as_written` "".
- Wrapped lines are joined with one space ("perundang-" + "undangan" without one); a join across a
  blank line or a "- " bullet (a page break) is noted.
- "Pasal 1 Dalam Peraturan ..." on one line is the heading and the first line of its text only as
  the next Pasal, after a finished sentence or with an ayat marker after the number ("Pasal 2 (1)
  ..."); otherwise it is running text (a cross-reference), noted when it is the next Pasal (the
  stage `heading-with-text` decides).
- A preamble block with nothing after its keyword ("Memperhatikan :") is reported, not kept; a
  second block of a kind already read is reported, never put in place of the first. Inside a block
  a keyword in lower case ("memperhatikan hasil ...") is a wrapped word of the current item.
- One text, one regulation: a second title block with an opening of its own is refused at its
  first line (the graph, the checksum of the source and its line numbers describe one regulation
  per file); a heading, ayat or preamble keyword after the closing block (outside a Lampiran or
  Penjelasan, which may hold anything) ends what is read, reported in `Document.after_closing`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from sotk_kg.citation import UNNUMBERED, Step, int_to_roman, provision_label
from sotk_kg.instruments import alternation, headings, is_amending_title, regional_kinds
from sotk_kg.iris import WorkId, is_unknown, region_name
from sotk_kg.pipeline.dates import parse_indonesian_date
from sotk_kg.pipeline.errors import NotARegulationError, PipelineError
from sotk_kg.pipeline.repairs.body import CONTENT_STAGES, HEADING_STAGES, BodyStage
from sotk_kg.pipeline.repairs.sequence import (
    ITEM_END,
    base,
    first_of,
    follows,
    inserted_after,
    succ,
)
from sotk_kg.pipeline.segment import MARKER_KINDS, Line, classify, roman_to_int, segment
from sotk_kg.pipeline.tree import Document, Provision, Signature

# "PERATURAN BUPATI BEKASI" / "PERATURAN WALI KOTA X" / "PERATURAN DAERAH KABUPATEN X": the
# title words of the regional kinds of the jenis-peraturan scheme, every spelling.
_HEADER = re.compile(rf"^PERATURAN\s+({alternation(headings())})\b\s*(.*)$")
_NOMOR = re.compile(r"\bNOMOR\s*:?\s*([0-9][0-9A-Za-z./-]*)\s+TAHUN\s+(\d{4})", re.IGNORECASE)
_SMALL_WORDS = {"dan", "di", "ke", "dari", "atas", "serta", "pada", "yang", "untuk", "tentang"}
# A signature line naming an office, not a person: a regional head (the kinds a head issues), ...
_HEADS = alternation(w for k, _ in headings().values() if k.head_region for w in k.title_words())
_OFFICE_WORDS = re.compile(rf"\b({_HEADS}|SEKRETARIS|KEPALA|Plt|Pj|Plh)\b", re.I)
_PADA_TANGGAL = re.compile(r"\bpada\s+tanggal\b\s*:?\s*(.*)$", re.IGNORECASE)
# Kinds that close the body: the promulgation order and the closing blocks.
_BODY_END = ("order", "ditetapkan", "diundangkan", "gazette", "lampiran")
# The blocks of the preamble, each a keyword line followed by its items.
_PREAMBLE_BLOCKS = ("menimbang", "mengingat", "memperhatikan")
_KEYWORD_COLON = re.compile(r"^\w+\s*:")  # "mengingat :": a keyword, even in lower case
# Kinds that open a regulation, and kinds that belong to its body or opening: none of them has a
# place after the closing block (a Lampiran or Penjelasan aside).
_OPENING = ("rahmat", "menimbang")
_BODY_LIKE = ("bab", "bagian", "paragraf", "pasal", "ayat", "memutuskan", "menetapkan",
              "mengingat", "memperhatikan", *_OPENING)  # fmt: skip
# Lines that start an annex after the closing block, or the title block of one (the line above
# "PERATURAN BUPATI X / NOMOR ..." in "PENJELASAN ATAS PERATURAN ..." or "LAMPIRAN I / PERATURAN").
_PENJELASAN = re.compile(r"^PENJELASAN\b")
# The verbs of an amending instruction (UU 12/2011, Lampiran II, C.5).
_INSTRUCTION = re.compile(r"\b(?:diubah|disisipkan|dihapus|ditambah(?:kan)?|diganti)\b", re.I)
# Pasal I as one instruction: "Ketentuan Pasal 5 ... diubah sehingga berbunyi sebagai berikut:",
# not the chapeau of a list of them ("Beberapa ketentuan ... diubah sebagai berikut:").
_SINGLE = re.compile(r"^(?!Beberapa\b).*\b(?:sehingga|yakni)\b.*:\s*$", re.I | re.S)
_ANNEX_TITLE = re.compile(r"^(?:PENJELASAN|ATAS|LAMPIRAN)\b", re.IGNORECASE)


def title_case(text: str) -> str:
    """Title case for gazette phrases: "BERITA DAERAH KOTA X" -> "Berita Daerah Kota X"."""
    words = text.split()
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        out.append(lower if i and lower in _SMALL_WORDS else lower[:1].upper() + lower[1:])
    return " ".join(out)


def _join(parts: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()


def _same(a: str | None, b: str | None) -> bool:
    """Equal up to case, spacing and trailing punctuation."""

    def norm(s: str | None) -> str:
        return re.sub(r"[\s.,:]+", " ", s or "").strip().casefold()

    return norm(a) == norm(b)


def label(node: Provision | None) -> str:
    """ "Pasal 7 ayat (1) huruf b", for notes (the Pasal and what is in it)."""
    steps = []
    while node is not None and node.kind not in ("bab", "bagian", "paragraf"):
        steps.append(Step(node.kind, "" if node.kind in UNNUMBERED else node.number))
        node = node.parent
    return provision_label(steps[::-1], "id")


class _Parser:
    def __init__(self, text: str, source: str, work: WorkId | None = None) -> None:
        self.source = source
        self.work = work  # names the regulation of a text without its title block (an excerpt)
        self.unnumbered = False  # an excerpt without Pasal headings: its ayat runs are Pasal
        self.lines = segment(text)
        self.doc: Document
        self.stack: list[Provision] = []  # open provisions, from the container to the innermost
        self.last_pasal = 0  # the last Pasal heading placed
        self.pending_heading: Provision | None = None  # heading still collecting its title
        self.lost_list: Provision | None = None  # chapeau followed by items without markers
        self.caption_before: Line | None = None  # a caption before a list that starts again
        self.unmarked_item: Provision | None = None  # the last item read without its marker

    # ---------------------------------------------------------------- helpers
    def _find(self, kinds: tuple[str, ...], start: int, end: int | None = None) -> int | None:
        end = len(self.lines) if end is None else end
        return next((i for i in range(start, end) if self.lines[i].kind in kinds), None)

    def _fail(self, message: str, index: int) -> NotARegulationError:
        line = self.lines[min(index, len(self.lines) - 1)].number if self.lines else 1
        return NotARegulationError(message, line, source=self.source)

    def _date(self, line: Line, text: str | None = None) -> str | None:
        """ISO date on `line`; an OCR-damaged month name is accepted with a document note."""
        text = line.rest if text is None else text
        iso = parse_indonesian_date(text)
        if iso is None and (iso := parse_indonesian_date(text, fuzzy=True)) is not None:
            self.doc.notes.append(
                f"Line {line.number}: date '{text}' has a misspelt month; read as {iso}."
            )
        return iso

    def _unplace(self, line: Line) -> None:
        self.doc.unplaced.append((line.number, line.raw.strip()))

    # ---------------------------------------------------------------- identification
    def parse(self) -> Document:
        lines = self.lines
        rahmat = self._find(("rahmat",), 0)
        limit = rahmat if rahmat is not None else self._find(("menimbang", "pasal"), 0)
        limit = len(lines) if limit is None else limit
        headers = [i for i in range(limit) if _HEADER.match(lines[i].text)]
        if not headers:
            if self.work is not None:
                return self._excerpt(self.work)
            expected = "expected a heading 'PERATURAN BUPATI|WALIKOTA|GUBERNUR|DAERAH <region>'"
            hint = (
                "; an excerpt without its title block builds when its work is named: "
                "sotk-kg build --work JENIS/REGION/YEAR/NUMBER (e.g. perbup/kab-bekasi/2021/99, "
                "or perbup/kab-bekasi/unknown/unknown)"
            )
            if limit < len(lines):
                where = f"{lines[limit].kind} line"
                raise self._fail(f"{expected} before this {where}; found none{hint}", limit)
            raise self._fail(f"{expected} in the text's {len(lines)} lines; found none{hint}", 0)
        head = headers[-1]
        self.doc = self._identify(head, limit, rahmat)
        self._refuse_second_regulation(limit)
        self.doc.judul = self._block("judul", head, rahmat if rahmat is not None else limit)
        if len(headers) > 1:
            self._cover(headers[0], head)
        if not any(ln.kind == "pasal" or ln.pasal_split for ln in lines[limit:]):
            raise self._fail(
                "expected at least one 'Pasal <n>' heading in the body; found none", limit
            )

        pre_start = self._find(("menimbang",), limit)
        body_from = pre_start if pre_start is not None else limit
        # The preamble ends at MEMUTUSKAN; only without one, at "Menetapkan :" or the body.
        first_heading = self._find(("bab", "pasal"), body_from)
        pre_end = self._find(("memutuskan",), body_from, first_heading)
        if pre_end is None:
            pre_end = self._find(("menetapkan", "bab", "pasal"), body_from)
        body_start = None if pre_end is None else self._body_start(pre_end)
        if pre_end is None or body_start is None:
            raise self._fail(
                "expected the body (a BAB or Pasal heading) after the preamble", body_from
            )
        if pre_start is None:
            self.doc.notes.append("No 'Menimbang' block found before the body.")
        else:
            self._preamble(pre_start, pre_end)
        self._between(pre_end, body_start)
        body_end = self._find(_BODY_END, body_start) or len(lines)
        if is_amending_title(self.doc.title) and any(
            _roman_pasal(line) == 1 for line in lines[body_start:body_end]
        ):
            self._amending_body(body_start, body_end)
        else:
            if is_amending_title(self.doc.title):
                self.doc.notes.append(
                    "The title is that of an amending act, but its body has no 'Pasal I': read "
                    "as the body of an ordinary regulation; its instructions are not read."
                )
            self._body(body_start, body_end)
        self._closing_and_annex(body_end)
        self._finish()
        return self.doc

    def _closing_and_annex(self, body_end: int) -> None:
        lampiran = self._find(("lampiran",), body_end)
        end = lampiran if lampiran is not None else len(self.lines)
        closing_end = self._closing_end(body_end, end)
        self.doc.penutup = self._block("penutup", body_end, closing_end)
        self._closing(body_end, closing_end, repeat=False)
        if lampiran is not None:
            self._lampiran(lampiran)

    def _excerpt(self, work: WorkId) -> Document:
        """A text without its title block (some Pasal of one perangkat daerah, as regional websites
        publish them), identified by `work`. Its parts are read as in a whole text, each only when
        present: a preamble before the first heading, the body (its Pasal numbered from the first
        one present), a closing block and Lampiran. Lines before the first heading or preamble
        keyword (a site's caption), and ayat or list items with no Pasal above them, are
        unplaced; in an excerpt with no Pasal heading at all, its runs of ayat are Pasal without a
        number (`_unnumbered_pasal`)."""
        regional = {k.jenis: k.name for k in regional_kinds()}
        if work.jenis not in regional:
            raise PipelineError(
                f"the work's jenis {work.jenis!r} is not a regional regulation this parser reads "
                f"({', '.join(sorted(regional))})",
                None,
                self.source,
            )
        try:
            region = region_name(work.yurisdiksi)
        except ValueError as exc:
            raise PipelineError(str(exc), None, self.source) from exc
        self.doc = Document(
            jenis=work.jenis,
            jenis_label=regional[work.jenis],
            region_name=region,
            number="" if is_unknown(work.nomor) else work.nomor,
            year="" if is_unknown(work.tahun) else work.tahun,
            title="",
        )
        lines = self.lines
        self._refuse_second_regulation(0)
        first_heading = self._find(("bab", "bagian", "paragraf", "pasal"), 0)
        pre_start = self._find(("menimbang",), 0, first_heading)
        start = 0  # without a preamble, lines before the first heading are the body's to report
        if pre_start is not None:
            start = len(lines) if first_heading is None else first_heading
            pre_end = self._find(("memutuskan", "menetapkan"), pre_start, start) or start
            for line in lines[:pre_start]:
                if line.kind not in ("blank", "page", "garbage"):
                    self._unplace(line)
            self._preamble(pre_start, pre_end)
            self._between(pre_end, start)
        body_end = self._find(_BODY_END, start) or len(lines)
        first = next((ln for ln in lines[start:body_end] if ln.kind == "pasal" and ln.value), None)
        self.unnumbered = first is None and not any(ln.pasal_split for ln in lines[start:body_end])
        self._body(start, body_end, int(first.value) if first is not None else 1)
        if body_end < len(lines):
            self._closing_and_annex(body_end)
        self._finish()
        return self.doc

    def _body_start(self, start: int) -> int | None:
        """The first BAB or Pasal heading from `start`, "Pasal 1 Dalam ..." on one line included."""
        for i in range(start, len(self.lines)):
            line = self.lines[i]
            split = line.pasal_split
            if line.kind in ("bab", "pasal") or (split is not None and split[0].value == "1"):
                return i
        return None

    def _identify(self, head: int, limit: int, rahmat: int | None) -> Document:
        lines = self.lines
        m = _HEADER.match(lines[head].text)
        assert m is not None
        key = re.sub(r"\s+", " ", m.group(1))
        kind, jenis_label = headings()[key.upper()]
        region_kind = kind.head_region  # None: the heading names the kind of region itself
        prefix = region_kind.name if region_kind is not None else None
        region_words = _NOMOR.split(m.group(2))[0].strip(" ,:")
        found = self._number_after(head, limit)
        if found is None:
            raise self._fail("expected 'NOMOR <n> TAHUN <yyyy>' after the regulation heading", head)
        number, year = found.group(1), found.group(2)
        if not region_words:
            raise self._fail("expected the region's name after 'PERATURAN " + key + "'", head)
        region = title_case(region_words)
        if prefix is not None and not region.startswith(prefix):
            region = f"{prefix} {region}"
        tentang = self._find(("tentang",), head, limit)
        if tentang is None:
            raise self._fail("expected 'TENTANG' and the regulation's title after its number", head)
        title = self._title_block(tentang, stop=rahmat)
        if not title:
            raise self._fail("expected the regulation's title after 'TENTANG'", tentang)
        return Document(
            jenis=kind.jenis,
            jenis_label=jenis_label,
            region_name=region,
            number=number,
            year=year,
            title=title,
        )

    def _number_after(self, head: int, end: int) -> re.Match[str] | None:
        """'NOMOR <n> TAHUN <yyyy>' on the heading's line or the five after it (before `end`)."""
        for line in self.lines[head : min(end, head + 6)]:
            if found := _NOMOR.search(line.text):
                return found
        return None

    def _title_block(self, tentang: int, stop: int | None) -> str:
        """The title after TENTANG: up to `stop` when given, else up to the first blank line after
        some text or a line that starts the next part of the page."""
        parts = [self.lines[tentang].rest]
        end = stop if stop is not None else len(self.lines)
        for line in self.lines[tentang + 1 : end]:
            if stop is None and (
                line.kind not in ("text", "blank", "page") or (line.kind == "blank" and any(parts))
            ):
                break
            if line.kind not in ("blank", "page"):
                parts.append(line.text)
        return _join(parts)

    def _cover(self, start: int, end: int) -> None:
        """Cover page: its own title, the promulgation date, the gazette phrase as a fallback."""
        doc = self.doc
        doc.sampul = self._block("sampul", 0, end)
        tentang = self._find(("tentang",), start, end)
        if tentang is not None:
            cover_title = self._title_block(tentang, stop=None)
            if cover_title and not _same(cover_title, doc.title):
                doc.cover_title = cover_title
        for line in self.lines[:end]:
            if line.kind == "tanggal" and doc.cover_promulgation_date is None:
                doc.cover_promulgation_date = self._date(line)
            if re.match(r"^(BERITA|LEMBARAN) DAERAH\b", line.text) and doc.gazette is None:
                doc.gazette = title_case(f"{line.text} Tahun {doc.year} Nomor {doc.number}")

    def _block(self, kind: str, start: int, end: int) -> Provision | None:
        """A part kept as lines (cover, title, closing): its non-blank cleaned lines joined by
        newlines, with the source lines it spans; None when the range holds no text."""
        kept = [ln for ln in self.lines[start:end] if ln.kind not in ("blank", "page", "garbage")]
        if not kept:
            return None
        return Provision(
            kind=kind,
            number="",
            text="\n".join(ln.text for ln in kept),
            line_start=kept[0].number,
            line_end=kept[-1].number,
            notes=[note for ln in self.lines[start:end] for note in ln.notes],  # repairs made
        )

    # ---------------------------------------------------------------- preamble
    def _preamble(self, start: int, end: int | None) -> None:
        end = len(self.lines) if end is None else end
        self.stack = []
        for index in range(start, end):
            line = self.lines[index]
            # The keyword of a block is capitalised ("Memperhatikan", "MENGINGAT") or followed by
            # its colon. Inside an open block, a keyword in lower case without one is a word
            # wrapped to the start of a line ("... dalam huruf a, dan" / "memperhatikan hasil
            # ..."): text of the current item, however the line before it ends.
            wrapped = (bool(self.stack) and line.text[:1].islower()
                       and not _KEYWORD_COLON.match(line.text))  # fmt: skip
            if line.kind in _PREAMBLE_BLOCKS and not wrapped:
                self._drop_if_empty()
                if (block := getattr(self.doc, line.kind)) is not None:
                    self._second_block(line, block)
                    continue
                root = Provision(
                    kind=line.kind,
                    number="",
                    line_start=line.number,
                    line_end=line.number,
                    notes=list(line.notes),
                )
                setattr(self.doc, line.kind, root)
                self.stack = [root]
                if line.rest:  # the first item shares the keyword's line: "Menimbang : a. bahwa"
                    first = Line(number=line.number, raw=line.raw, bulleted=False)
                    classify(first, line.rest)
                    self._content(first)
            elif not self.stack:
                if line.kind not in ("blank", "page", "garbage"):
                    self._unplace(line)
            else:
                self._content(line, index)
        self._drop_if_empty()

    def _second_block(self, line: Line, block: Provision) -> None:
        """A keyword line of a block the document already has: the first block is kept, the line
        and what follows it up to the next block are reported as unplaced, never merged into it."""
        self._unplace(line)
        self.stack = []
        note = (
            f"Line {line.number} opens a second '{block.kind.capitalize()}' block (the first is on "
            f"line {block.line_start}); the first is kept, and line {line.number} and the lines "
            "after it up to the next block are not placed."
        )
        self.doc.notes.append(note)
        block.notes.append(note)

    def _drop_if_empty(self) -> None:
        """A preamble block whose keyword is followed by nothing ("Memperhatikan :" and then
        MEMUTUSKAN) is no provision: it has no text to cite. Its line is reported, not minted."""
        block = self.stack[0] if self.stack else None
        if block is None or block.text or block.children:
            return
        setattr(self.doc, block.kind, None)
        self._unplace(self.lines[block.line_start - 1])  # lines are numbered from 1, in order
        self.doc.notes.append(
            f"The '{block.kind.capitalize()}' block (line {block.line_start}) lists nothing; "
            "no provision is minted for it."
        )

    def _between(self, start: int, end: int) -> None:
        """MEMUTUSKAN / Menetapkan (and its wrapped lines) before the first BAB or Pasal; anything
        else there is unplaced."""
        wrapped = False
        for line in self.lines[start:end]:
            if line.kind in ("memutuskan", "menetapkan"):
                wrapped = line.kind == "menetapkan"
            elif line.kind == "blank":
                wrapped = False
            elif not (wrapped and line.kind == "text") and line.kind not in ("page", "garbage"):
                self._unplace(line)

    # ---------------------------------------------------------------- body
    def _body(self, start: int, end: int, first_pasal: int = 1) -> None:
        self._reset_body(first_pasal)
        for i in range(start, end):
            self._body_line(self.lines[i], i)

    def _reset_body(self, first_pasal: int) -> None:
        self.stack = []
        self.pending_heading = None
        self.bab: Provision | None = None
        self.bagian: Provision | None = None
        self.paragraf: Provision | None = None
        self.last_bab = 0
        self.last_pasal = first_pasal - 1  # an excerpt's sequence starts at its first Pasal

    def _body_line(self, line: Line, i: int) -> None:
        if line.kind == "bab":
            self._bab(line)
        elif line.kind in ("bagian", "paragraf"):
            self._subheading(line)
        elif line.kind == "pasal" or line.pasal_split is not None:
            self._repaired(line, i, HEADING_STAGES, self._place_heading)
        else:
            self._content(line, i)

    # ---------------------------------------------------------------- amending acts
    def _amending_body(self, start: int, end: int) -> None:
        """The body of an amending act: Pasal numbered in Roman (I, II, ...); the angka of Pasal I
        that state an instruction ("Ketentuan Pasal 5 diubah sehingga berbunyi sebagai berikut:",
        "Pasal 20 dihapus.") are its items, and the lines an instruction introduces (ending in ":")
        up to the next instruction or the next Roman Pasal are its quoted text (`Provision.quoted`),
        not provisions of the act: their Pasal headings, ayat and lists belong to the amended
        regulation. Pasal I holding a single instruction ("Ketentuan Pasal 5 ... diubah sehingga
        berbunyi sebagai berikut:") quotes the text after it."""
        self._reset_body(1)
        roman = 1
        first: Provision | None = None  # Pasal I
        quoting: Provision | None = None  # the instruction whose quoted text is being read
        quote: list[Line] = []
        expected = 1  # the next instruction's angka
        for i in range(start, end):
            line = self.lines[i]
            if _roman_pasal(line) == roman:
                self._end_quote(quoting, quote)
                quoting, quote = None, []
                node = Provision(
                    kind="pasal",
                    number=int_to_roman(roman),
                    number_as_written=line.marker,
                    line_start=line.number,
                    line_end=line.number,
                    # OCR's "PasaI I" / "Pasal Il" were read as Roman by `heading-numbers`
                    notes=list(line.notes),
                )
                self._attach(None, node)
                self.stack, self.pending_heading = [node], None
                first = first or node
                roman += 1
                continue
            starts = first is not None and self.stack[:1] == [first] and (
                line.kind == "angka" and line.value == str(expected)
                and _INSTRUCTION.search(line.rest) is not None
            )  # fmt: skip
            if quoting is not None and not starts:
                quote.append(line)
                continue
            if starts:
                assert first is not None
                self._end_quote(quoting, quote)
                quoting, quote = None, []
                expected += 1
                # the instruction before it, so that this angka is read as its next sibling
                self.stack = [first, *[c for c in first.children[-1:] if c.kind == "angka"]]
                self._marker(line)
                if _introduces_quote(self.stack[-1]):
                    quoting = self.stack[-1]
                continue
            self._content(line, i)
            last = self.stack[-1] if self.stack else None
            is_item = last is not None and last.kind == "angka" and last.parent is first
            single = (
                last is not None and last is first and not last.children
                and _SINGLE.search(last.text) is not None
            )  # fmt: skip
            if last is not None and (is_item or single) and _introduces_quote(last):
                quoting = last
                if single:
                    expected = 0  # no angka follows: Pasal I is the one instruction
        self._end_quote(quoting, quote)

    def _end_quote(self, node: Provision | None, quote: list[Line]) -> None:
        """Keep the lines an instruction quotes on it, verbatim (cleaned), blank lines trimmed at
        both ends and kept inside, a page-number line kept as a blank one (line n of the quote is
        still source line quoted_start + n - 1)."""
        while quote and quote[-1].kind in ("blank", "page"):
            quote.pop()
        while quote and quote[0].kind in ("blank", "page"):
            quote.pop(0)
        if node is None or not quote:
            return
        node.quoted = "\n".join("" if ln.kind == "page" else ln.text for ln in quote)
        node.quoted_start, node.quoted_end = quote[0].number, quote[-1].number
        node.notes.extend(note for ln in quote for note in ln.notes)  # repairs of its lines
        node.line_end = max(node.line_end, quote[-1].number)

    def _repaired(
        self,
        line: Line,
        index: int | None,
        stages: tuple[BodyStage, ...],
        place: Callable[[Line, int | None], None],
    ) -> None:
        """Hand `line` to the body-line repair `stages` in order (`repairs/body.py`), then `place`
        what they give back, each line placed before the stage that gave it goes on."""
        if not stages:
            place(line, index)
            return
        for out in stages[0].apply(line, index, self):
            self._repaired(out, index, stages[1:], place)

    def _place_heading(self, line: Line, index: int | None) -> None:
        """A line the heading stages leave a Pasal heading is one; any other is content."""
        if line.kind == "pasal":
            self._pasal(line)
        else:
            self._content(line, index)

    def _heading_parent(self) -> Provision | None:
        return self.paragraf or self.bagian or self.bab

    def _attach(self, parent: Provision | None, node: Provision) -> None:
        node.parent = parent
        (parent.children if parent is not None else self.doc.body).append(node)

    def _bab(self, line: Line) -> None:
        expected = self.last_bab + 1
        notes = list(line.notes)
        if not line.value:
            value = expected
            what = f"'BAB {line.marker}'" if line.marker else "'BAB' with no numeral"
            after = f" (it follows BAB {int_to_roman(self.last_bab)})" if self.last_bab else ""
            notes.append(
                f"Source heading reads {what}; read as BAB {int_to_roman(value)} "
                f"from the sequence{after}."
            )
        else:
            value = base(line.value)
            if line.value != str(expected) and not inserted_after(line.value, self.last_bab):
                notes.append(
                    f"BAB {line.marker} is out of sequence: expected BAB {int_to_roman(expected)}."
                )
        self.last_bab = value
        node = Provision(
            kind="bab",
            number=line.value or str(value),  # an inserted BAB "VA": "5a"
            number_as_written=line.marker if line.value else "",
            heading=line.rest or None,
            line_start=line.number,
            line_end=line.number,
            notes=notes,
        )
        self._attach(None, node)
        self.bab, self.bagian, self.paragraf = node, None, None
        self.stack, self.pending_heading = [], node

    def _subheading(self, line: Line) -> None:
        parent = self.bab if line.kind == "bagian" else (self.bagian or self.bab)
        siblings = [
            c for c in (parent.children if parent else self.doc.body) if c.kind == line.kind
        ]
        expected = str(int(siblings[-1].number) + 1) if siblings and siblings[-1].number else "1"
        notes = list(line.notes)
        if line.value != expected:
            notes.append(
                f"{line.kind.capitalize()} {line.marker} is out of sequence: "
                f"expected number {expected}."
            )
        node = Provision(
            kind=line.kind,
            number=line.value,
            number_as_written=line.marker,
            heading=line.rest or None,
            line_start=line.number,
            line_end=line.number,
            notes=notes,
        )
        self._attach(parent, node)
        if line.kind == "bagian":
            self.bagian, self.paragraf = node, None
        else:
            self.paragraf = node
        self.stack, self.pending_heading = [], node

    def _pasal(self, line: Line) -> None:
        expected = str(self.last_pasal + 1)
        notes = list(line.notes)
        value = line.value
        if value != expected and not inserted_after(value, self.last_pasal):
            notes.append(f"Pasal {value} is out of sequence: expected Pasal {expected}.")
        node = Provision(
            kind="pasal",
            number=value,
            number_as_written=value,
            line_start=line.number,
            line_end=line.number,
            notes=notes,
        )
        if any(
            p.kind == "pasal" and p.number == value for top in self.doc.body for p in top.iter()
        ):
            node.notes.append(f"A second Pasal {value} (line {line.number}).")
        self.last_pasal = base(value)
        self._attach(self._heading_parent(), node)
        self.stack, self.pending_heading = [node], None

    # ---------------------------------------------------------------- lists and text
    def _content(self, line: Line, index: int | None = None) -> None:
        if line.kind in ("blank", "page", "garbage"):
            return  # garbage is reported as unplaced in _finish
        if self.unnumbered and index is not None and self._unnumbered_pasal(line, index):
            return
        if line.kind in MARKER_KINDS and self.caption_before is not None:
            caption, self.caption_before = self.caption_before, None
            self._open_unnumbered_pasal(
                line,
                f"Line {line.number} starts a Pasal without a number: its list starts again "
                f"after the caption '{caption.text}' (line {caption.number}), the Pasal's "
                "heading not being in the text.",
            )
        self._repaired(line, index, CONTENT_STAGES, self._place_content)

    def _place_content(self, line: Line, index: int | None) -> None:
        """A marker line is an item of the open provisions; any other line is text: a heading's
        title, or the text of the innermost open provision, unless a web page's list layout
        places it (`_placed_as_list_part`)."""
        kind = line.kind
        if kind in MARKER_KINDS:
            if not self.stack or (kind == "ayat" and self.stack[0].kind != "pasal"):
                self._unplace(line)
            else:
                self._marker(line)
            return
        if kind != "text":  # a keyword-looking line inside running text is text
            line.kind, line.rest = "text", line.text
        if self.pending_heading is not None and _title_line(self.pending_heading, line.text):
            heading = self.pending_heading
            heading.heading = _join([heading.heading or "", line.text])
            heading.line_end = line.number
            heading.notes.extend(line.notes)
        elif not self.stack:
            self._unplace(line)
        elif index is None or not self._placed_as_list_part(line, index):
            self._continue(self.stack[-1], line)

    def _placed_as_list_part(self, line: Line, index: int) -> bool:
        """A text line placed as part of a list rather than joined to the open provision's text:
        items one a line without markers, a caption before a list that starts again."""
        return (
            self._unmarked_items(line, index)
            or self._caption_before_restart(line, index)
            or self._after_unmarked_run(line, index)
        )

    def _after_unmarked_run(self, line: Line, index: int) -> bool:
        """A capitalised line after a blank one that does not go on with a run of items without
        markers is not part of its last item (each is one line): reported, not joined to it. A
        line in lower case goes on with the sentence ("yang masing-masing dipimpin ...")."""
        if self.stack[-1] is not self.unmarked_item or self.lines[index - 1].kind != "blank":
            return False
        if not line.text[:1].isupper():
            return False
        self._unplace(line)
        for later in self.lines[index + 1 :]:  # the lines after it that are reported alike
            if later.kind in ("blank", "page") or (
                later.kind == "text" and later.text[:1].isupper()
            ):
                continue
            if later.kind in MARKER_KINDS and later.value == first_of(later.kind):
                self.caption_before = line  # the list after it starts a Pasal of its own
            break
        return True

    def _unnumbered_pasal(self, line: Line, index: int) -> bool:
        """In an excerpt that shows no Pasal heading (a site listing ayat only), an ayat (1), or a
        list marker with nothing open, starts a Pasal without a number; a short line after a
        blank one and before such a start is the site's caption, reported and not joined to the
        item before it. True when `line` was consumed (a caption)."""
        if line.kind == "text":
            nxt = self._after_captions(index)
            caption = (
                self.stack
                and not self._wants_list(line)
                and nxt is not None
                and nxt.kind in MARKER_KINDS
                and nxt.value == first_of(nxt.kind)
                and self._caption_shape(index)
            )
            if caption:
                self._unplace(line)
                self.stack = []
            return bool(caption)
        if line.kind in MARKER_KINDS and (
            not self.stack or (line.kind, line.value) == ("ayat", "1")
        ):
            self.caption_before = None
            self._open_unnumbered_pasal(
                line,
                f"The excerpt shows no Pasal heading; line {line.number} starts a Pasal "
                "without a number (its IRI and label say so).",
            )
        return False

    def _open_unnumbered_pasal(self, line: Line, note: str) -> None:
        node = Provision(
            kind="pasal", number="", line_start=line.number, line_end=line.number, notes=[note]
        )
        self._attach(self._heading_parent(), node)
        self.stack, self.pending_heading = [node], None

    def _caption_shape(self, index: int) -> bool:
        """Line `index` looks like a caption: after a blank line, capitalised, short, no
        punctuation at its end."""
        text = self.lines[index].text.rstrip()
        return (
            index > 0
            and self.lines[index - 1].kind == "blank"
            and text[:1].isupper()
            and len(text) <= 120
            and not text.endswith((".", ";", ":", ","))
        )

    def _wants_list(self, line: Line) -> bool:
        """The innermost open provision introduces a list (its text ends in ":", or lines
        without markers follow it already, or it is an item without marker that `line` goes on
        from): a short line after it is an item, not a caption."""
        node = self.stack[-1]
        return (
            node.text.rstrip().endswith(":")
            or node is self.lost_list
            or (node is self.unmarked_item and _first_word(line.text) == _first_word(node.text))
        )

    def _unmarked_items(self, line: Line, index: int) -> bool:
        """Items one a line without list markers after a list introduction, as a web page shows
        a list ("membawahi :" / "Seksi A" / "Seksi B" / "Seksi C"): a run of two or more short
        capitalised lines without sentence punctuation, each starting with the same word. Each
        is read as the next item (huruf, or angka under a huruf), noted. The run ends at a line
        starting otherwise (a site caption after the list). True when `line` was placed."""
        node = self.stack[-1]
        first = _first_word(line.text)
        if not self._item_shape(line.text):
            return False
        if node is self.unmarked_item and first == _first_word(node.text):
            parent, kind, value = node.parent, node.kind, succ(node.kind, node.number)
        elif node.text.rstrip().endswith(":") and not node.children:
            nxt = next(
                (ln for ln in self.lines[index + 1 :] if ln.kind not in ("blank", "page")), None
            )
            if nxt is None or nxt.kind != "text" or _first_word(nxt.text) != first:
                return False
            if not self._item_shape(nxt.text):
                return False
            parent, kind = node, "angka" if node.kind == "huruf" else "huruf"
            value = first_of(kind)
        else:
            return False
        item = Line(
            number=line.number,
            raw=line.raw,
            kind=kind,
            value=value,
            rest=line.text,
            corrected=line.corrected,
            notes=[
                *line.notes,
                f"Line {line.number} has no list marker; read as {kind} {value}, one of the "
                f"items one a line starting '{line.text.split()[0]}' after the list introduction "
                f"(line {parent.line_start if parent else line.number}).",
            ],
        )
        self._marker(item)
        self.unmarked_item = self.stack[-1]
        return True

    @staticmethod
    def _item_shape(text: str) -> bool:
        text = text.rstrip()
        return text[:1].isupper() and len(text) <= 120 and not text.endswith((".", ":"))

    def _after_captions(self, index: int) -> Line | None:
        """The first line after `index` that is neither blank nor another caption-shaped text
        line ("Bidang X" / "Tugas Pokok dan Fungsi" / "(1) ...": a site's two captions)."""
        for i in range(index + 1, len(self.lines)):
            later = self.lines[i]
            if later.kind in ("blank", "page") or (
                later.kind == "text" and later.pasal_split is None and self._caption_shape(i)
            ):
                continue
            return later
        return None

    def _caption_before_restart(self, line: Line, index: int) -> bool:
        """A caption line ("Sekretaris Dinas Lingkungan Hidup", "SUSUNAN ORGANISASI") before a
        list that starts again from its first marker where the same kind of list is open ("(1)"
        after ayat (3), "a." after a finished huruf list), or after a finished sentence: the
        text's Pasal heading is missing there, as web pages of a regulation show it. The caption
        is reported, not joined to the item before it, and the list starts a Pasal without a
        number. True when consumed."""
        nxt = self._after_captions(index)
        if nxt is None or nxt.kind not in MARKER_KINDS or nxt.value != first_of(nxt.kind):
            return False
        if not self._caption_shape(index) or self._wants_list(line):
            return False
        if nxt.kind == "ayat":
            restarts = any(c.kind == "ayat" for c in self.stack[0].children)
        else:
            restarts = any(n.kind == nxt.kind for n in self.stack[1:])
        # or the open provision's sentence is finished: a list is introduced by ":", never by "."
        finished = self.stack[-1].text.rstrip().endswith(".")
        if not (restarts or finished):
            return False
        self._unplace(line)
        self.caption_before = line
        return True

    def _marker(self, line: Line) -> None:
        kind, value, stack = line.kind, line.value, self.stack
        notes = list(line.notes)
        parent: Provision | None = None
        if kind == "ayat":
            del stack[1:]
            parent = stack[0]
            ayat = [c for c in parent.children if c.kind == "ayat"]
            last = ayat[-1].number if ayat else ""
            expected = succ("ayat", last)
            if not follows("ayat", last, value):
                notes.append(f"Ayat ({value}) is out of sequence: expected ayat ({expected}).")
        else:
            # An open list of this kind that expects this value: the item is its next sibling.
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].kind == kind and succ(kind, stack[depth].number) == value:
                    parent = stack[depth - 1]
                    del stack[depth:]
                    break
            if parent is None and value != first_of(kind):
                for depth in range(len(stack) - 1, 0, -1):
                    if stack[depth].kind == kind:
                        expected = succ(kind, stack[depth].number)
                        notes.append(
                            f"{kind} {value} is out of sequence: expected {kind} {expected}."
                        )
                        parent = stack[depth - 1]
                        del stack[depth:]
                        break
            if parent is None:  # a new list under the innermost open provision
                parent = stack[-1]
                if value != first_of(kind):
                    notes.append(f"The list starts at {kind} {value}, not {first_of(kind)}.")
        node = Provision(
            kind=kind,
            number=value,
            number_as_written=line.marker,
            text=line.rest,
            text_corrected=line.corrected,
            line_start=line.number,
            line_end=line.number,
            notes=notes,
        )
        self._attach(parent, node)
        stack.append(node)

    def _continue(self, node: Provision, line: Line) -> None:
        """Join a line with no marker to the text of the innermost provision."""
        note = None
        broken = line.number - node.line_end > 1 or line.bulleted  # blank line(s) or "- " between
        if node.text:
            lost_list = node is self.lost_list and ITEM_END.search(node.text)
            if node.text.rstrip().endswith(":") or lost_list:
                self.lost_list = node
                note = (
                    f"Line {line.number} has no list marker and follows a list introduction; kept "
                    f"as text of {label(node)} (its list markers may have been lost)."
                )
                self.doc.notes.append(f"{note} Text: '{line.text[:60]}'")
            elif (
                node.kind in ("huruf", "angka")
                and ITEM_END.search(node.text)
                and ITEM_END.search(line.text)  # "dan" alone is the tail of a wrapped item
            ):
                note = (
                    f"Line {line.number} has no list marker and follows a complete item; kept as "
                    f"text of {label(node)} (it may be an item whose marker was lost)."
                )
                self.doc.notes.append(f"{note} Text: '{line.text[:60]}'")
            elif broken:
                note = (
                    f"Line {line.number} continues the text of line {node.line_end} across a "
                    "page break; joined with a single space."
                )
        piece = line.rest
        # "perundang-" / "undangan": a word split at the end of a wrapped line
        sep = "" if node.text.endswith("-") and piece[:1].isalpha() and not broken else " "
        if node.text and (line.corrected is not None or node.text_corrected is not None):
            node.text_corrected = f"{node.reading}{sep}{line.corrected or piece}"
        elif not node.text:
            node.text_corrected = line.corrected
        node.text = f"{node.text}{sep}{piece}".strip() if node.text else piece
        node.line_end = line.number
        node.notes.extend(line.notes)
        if note:
            node.notes.append(note)

    # ---------------------------------------------------------------- closing and annex
    def _signature(self, block: list[Line]) -> Signature | None:
        content = [ln for ln in block if ln.kind not in ("blank", "page", "ttd", "garbage")]
        if not content:
            return None
        sig = Signature(line=content[0].number)
        people = []
        for line in content:
            if line.kind in ("ditetapkan", "diundangkan"):
                place = line.rest
                if m := _PADA_TANGGAL.search(place):
                    sig.date = self._date(line, m.group(1))
                    place = place[: m.start()]
                sig.place = place.strip(" ,:") or None
            elif line.kind == "tanggal":
                sig.date = self._date(line)
            elif not re.match(r"^NIP\b", line.text, re.IGNORECASE):
                people.append(line.text)
        if len(people) == 1 and _OFFICE_WORDS.search(people[0]):
            sig.title = people[0].strip(" ,")
        elif people:
            sig.name = people[-1].strip(" ,")
            sig.title = _join(people[:-1]).strip(" ,") or None
        return sig

    def _closing(self, start: int, end: int, repeat: bool) -> None:
        """Ditetapkan / Diundangkan blocks and the gazette line between `start` and `end`."""
        lines = self.lines[start:end]
        kinds = [ln.kind for ln in lines]
        und = kinds.index("diundangkan") if "diundangkan" in kinds else None
        gaz = kinds.index("gazette") if "gazette" in kinds else None
        adopt_end = next((k for k in (und, gaz) if k is not None), len(lines))
        adoption = self._signature(_drop_order(lines[:adopt_end]))
        promulgation = None
        if und is not None:
            promulgation = self._signature(
                lines[und : gaz if gaz is not None and gaz > und else None]
            )
        gazette = None
        if gaz is not None:
            phrase = [lines[gaz].text]
            for line in lines[gaz + 1 :]:  # a wrapped gazette line continues up to a blank line
                if line.kind != "text" or re.search(r"\bNOMOR\s*:?\s*\S+$", phrase[-1]):
                    break
                phrase.append(line.text)
            gazette = title_case(_join(phrase))
        doc = self.doc
        if not repeat:
            doc.adoption, doc.promulgation = adoption, promulgation
            if gazette:
                doc.gazette = gazette
            if adoption is None or adoption.date is None:
                self._note_closing("No adoption date ('Ditetapkan di ... pada tanggal ...') found.")
            return
        self._note_closing(
            f"The closing blocks are repeated after the Lampiran (from line {lines[0].number}); "
            "the repeat is not a provision of its own and is only compared with the first "
            "(differences, if any, are noted)."
        )
        first = {"adoption": doc.adoption, "promulgation": doc.promulgation}
        for what, again in (("adoption", adoption), ("promulgation", promulgation)):
            if again is None:
                continue
            if first[what] is None:
                setattr(doc, what, again)
                continue
            for attr in ("place", "date", "title", "name"):
                old, new = getattr(first[what], attr), getattr(again, attr)
                if new is not None and not _same(old, new):
                    self._note_closing(
                        f"The {what} block repeated after the Lampiran (line "
                        f"{again.line}) gives {attr} '{new}', the first gives '{old}'."
                    )
        if gazette and doc.gazette and not _same(gazette, doc.gazette):
            self._note_closing(f"The gazette line after the Lampiran reads '{gazette}'.")

    def _note_closing(self, note: str, *blocks: Provision | None) -> None:
        """A note on the document and on the closing block (and on `blocks`) it is about."""
        self.doc.notes.append(note)
        for block in (self.doc.penutup, *blocks):
            if block is not None:
                block.notes.append(note)

    def _lampiran(self, start: int) -> None:
        lines = self.lines
        node = Provision(
            kind="lampiran", number="", line_start=lines[start].number, line_end=lines[start].number
        )
        self.doc.lampiran = node
        # The identification block: NOMOR / TANGGAL / TENTANG lines; TENTANG may wrap.
        i, in_tentang = start + 1, False
        while i < len(lines):
            line = lines[i]
            if line.kind in ("blank", "page"):
                in_tentang = False
            elif line.kind in ("tentang", "tanggal") or re.match(
                r"^(NOMOR|PERATURAN)\b", line.text, re.IGNORECASE
            ):
                in_tentang = line.kind == "tentang"
            elif not (in_tentang and line.kind == "text"):
                break
            i += 1
        repeat = len(lines)
        title = self.doc.adoption.title if self.doc.adoption else None
        for j in range(i, len(lines)):
            line = lines[j]
            if line.kind in ("ditetapkan", "diundangkan", "gazette") or (
                title and line.kind == "text" and _same(line.text, title)
            ):
                repeat = j
                break
        heading: list[str] = []
        body: list[str] = []
        for line in lines[i:repeat]:
            if line.kind in ("blank", "page", "garbage"):
                if heading:
                    body.append("")  # a blank line ends the heading
                continue
            (body if body else heading).append(line.text)
            node.line_end = line.number
        node.heading = _join(heading) or None
        node.text = _join(body)
        if not node.text:
            what = f"'{node.heading}'" if node.heading else "The Lampiran"
            node.notes.append(
                f"{what}: the annex has no content in the source text (the chart or "
                "table of the original, e.g. an image, is missing); only its heading "
                "is present."
            )
        if repeat < len(lines):
            self._closing(repeat, self._closing_end(repeat, len(lines)), repeat=True)

    # ---------------------------------------------------------------- one regulation per text
    def _refuse_second_regulation(self, after: int) -> None:
        """Refuse a text that holds a second regulation (two texts concatenated, the same one
        twice): a title block after the first's opening, not the title block of a Lampiran or
        Penjelasan, and followed by an opening of its own (DENGAN RAHMAT ..., Menimbang) before
        any body heading. Refused rather than built: the graph's checksum of its source and the
        line numbers of its provisions describe one regulation per file."""
        lines = self.lines
        later = range(after + 1, len(lines))
        # One pass for every title block (a Lampiran may list hundreds of regulations).
        openings = [j for j in later if lines[j].kind in _OPENING]
        headings = [j for j in later if lines[j].kind in ("bab", "pasal")]
        for i in later:
            if not _HEADER.match(lines[i].text) or (number := self._number_after(i, i + 6)) is None:
                continue
            above = self._content_above(i)
            if above is not None and (
                lines[above].kind == "lampiran" or _ANNEX_TITLE.match(lines[above].text)
            ):
                continue
            opening = _next_after(openings, i)
            heading = _next_after(headings, i)
            if opening is None or (heading is not None and heading < opening):
                continue  # no opening of its own before the next body heading
            doc, start = self.doc, lines[self._cover_top(i)].number
            raise PipelineError(
                f"a second regulation starts here: {lines[i].text} NOMOR {number.group(1)} TAHUN "
                f"{number.group(2)}, after {doc.jenis_label} {doc.region_name} Nomor "
                f"{doc.number} Tahun {doc.year} (lines 1-{start - 1}); a text file holds one "
                "regulation: put each in its own file",
                start,
                self.source,
            )

    def _content_above(self, index: int) -> int | None:
        """The nearest line above `index` that is not blank or a page number."""
        return next(
            (j for j in range(index - 1, -1, -1) if self.lines[j].kind not in ("blank", "page")),
            None,
        )

    def _cover_top(self, head: int) -> int:
        """Where a regulation whose title block is at `head` starts: at its cover page's
        masthead ("BERITA DAERAH KOTA X", without a number) when it has one."""
        above = self._content_above(head)
        if (
            above is not None
            and self.lines[above].kind == "gazette"
            and not re.search(r"\bNOMOR\b", self.lines[above].text, re.IGNORECASE)
        ):
            return above
        return head

    def _closing_end(self, start: int, end: int) -> int:
        """End of the closing block that starts at `start` (before `end`): the first line that
        belongs to a body or an opening (a heading, an ayat, a preamble keyword). That line and
        the rest up to `end` are not read: reported in `after_closing` and noted. A Lampiran or
        Penjelasan may hold anything (Pasal included): the search stops at one."""
        for i in range(start, end):
            line = self.lines[i]
            if line.kind == "lampiran" or _PENJELASAN.match(line.text):
                return end
            if line.kind in _BODY_LIKE or line.pasal_split is not None:
                last = next(
                    ln.number
                    for ln in reversed(self.lines[i:end])
                    if ln.kind not in ("blank", "page")
                )
                self.doc.after_closing.append((line.number, last, line.text))
                self.doc.notes.append(
                    f"Lines {line.number}-{last} follow the closing block (line {line.number} "
                    f"reads '{line.text[:60]}'); a regulation ends with its closing block, so "
                    "they are not read as part of it."
                )
                return i
        return end

    # ---------------------------------------------------------------- wrap up
    def _finish(self) -> None:
        doc = self.doc
        for line in self.lines:
            if line.kind == "garbage":
                doc.unplaced.append((line.number, line.raw.strip()))
        doc.unplaced.sort()
        bulleted = sum(ln.bulleted for ln in self.lines)
        indented = sum(1 for ln in self.lines if ln.raw.strip() and ln.raw[:1].isspace())
        if bulleted or indented:
            doc.notes.append(
                f"Layout stripped: a '- ' bullet prefix on {bulleted} line(s) and leading "
                f"indentation on {indented} line(s) (artefacts of the conversion to text, not "
                "list markers); provision texts are read without them."
            )
        pages = [ln.number for ln in self.lines if ln.kind == "page"]
        if pages:
            doc.notes.append(f"Page-number lines dropped: {', '.join(map(str, pages))}.")
        if doc.unplaced:
            doc.notes.append(
                "Lines not placed in the tree: " + ", ".join(str(n) for n, _ in doc.unplaced) + "."
            )
        if (
            doc.cover_promulgation_date
            and doc.promulgation
            and doc.promulgation.date
            and doc.cover_promulgation_date != doc.promulgation.date
        ):
            self._note_closing(
                f"The cover gives the promulgation date {doc.cover_promulgation_date}; the closing "
                f"block (line {doc.promulgation.line}) gives {doc.promulgation.date}.",
                doc.sampul,
            )
        for top in doc.parts():
            _close(top)


def _title_line(heading: Provision, text: str) -> bool:
    """Can `text` be (part of) the title of `heading`? Titles are short, end without sentence
    punctuation, and BAB titles are in capitals."""
    if len(text) > 160 or text.rstrip().endswith((".", ";", ":")):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if heading.kind != "bab" or sum(ch.isupper() for ch in letters) >= 0.7 * len(letters):
        return True
    # or in title case ("Ketentuan Umum"), as regions that write "Bab I" write their titles
    words = re.findall(r"[A-Za-z]+", text)
    return bool(words) and all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def _first_word(text: str) -> str:
    return text.split(maxsplit=1)[0].lower() if text.strip() else ""


def _roman_pasal(line: Line) -> int | None:
    """The number of a "Pasal I" / "Pasal II" heading of an amending act (OCR's "PasaI I",
    "Pasal Il" are read as such by the repair stage `heading-numbers`), never a digit: "Pasal 1"
    is a quoted Pasal of the amended act; else None."""
    if line.kind != "pasal" or not re.fullmatch(r"[IVX]+", line.marker):
        return None
    return roman_to_int(line.marker)


def _introduces_quote(node: Provision) -> bool:
    return node.text.rstrip().endswith(":")


def _next_after(indexes: list[int], index: int) -> int | None:
    """The first of the sorted `indexes` after `index`, None if none is."""
    at = bisect.bisect_right(indexes, index)
    return indexes[at] if at < len(indexes) else None


def _drop_order(lines: list[Line]) -> list[Line]:
    """Without the promulgation order ("Agar setiap orang mengetahuinya, ...") and its wrapped
    lines: everything from the order line to the next blank line."""
    kept, in_order = [], False
    for line in lines:
        if line.kind == "order":
            in_order = True
        elif line.kind == "blank":
            in_order = False
        if not in_order:
            kept.append(line)
    return kept


def _close(node: Provision) -> int:
    """Set line_end of every provision to cover its children."""
    for child in node.children:
        child.parent = node
        node.line_end = max(node.line_end, _close(child))
    return node.line_end


def parse_document(text: str, source_name: str = "<text>", work: WorkId | None = None) -> Document:
    """Parse a regional regulation's text into a provision tree.

    `work` names the regulation of a text without its title block (an excerpt: `Document.judul`
    is then None); a text with one is identified by it, `work` aside (the build compares them).
    Raises NotARegulationError when the text has no regulation heading (and no `work`), number,
    title or Pasal."""
    return _Parser(text, source_name, work).parse()


def _sequence_start(lines: list[Line], kind: str) -> int:
    """The number the first `kind` heading of `lines` is read in sequence with: its own, or for
    an inserted one ("12A", "5a") the one after that it follows; 0 when there is none."""
    first = next((ln.value for ln in lines if ln.kind == kind and ln.value), "")
    if not first:
        return 0
    return base(first) + (0 if first.isdigit() else 1)


_SEQUENCE_NOTE = re.compile(r"is out of sequence|^The list starts at")
# Quotation marks around an instruction's quoted text (some regions write them, most do not).
_QUOTE_MARKS = "\"'“”‘’«»„"


def parse_fragment(
    quoted: str, first_line: int, source_name: str, within: str | None = None
) -> tuple[list[Provision], list[tuple[int, str]]]:
    """The provisions an amending instruction quotes (`Provision.quoted`): BAB, Bagian, Pasal
    with their ayat and lists, read by the body's own rules; or, `within` naming the Pasal they
    belong to, ayat or list items alone ("(2) Koordinator ..."). Returns the top provisions (under
    a Pasal `within` when given) and the lines not placed, numbered as source lines of the
    amending act (the quote's first line is `first_line`)."""
    lines = quoted.split("\n")
    if lines:
        lines[0] = lines[0].lstrip(_QUOTE_MARKS)
        lines[-1] = lines[-1].rstrip().rstrip(_QUOTE_MARKS)
    offset = first_line - 1
    if within is not None:
        lines, offset = [f"Pasal {within}", *lines], offset - 1
    parser = _Parser("\n".join(lines), source_name)
    parser.doc = Document(jenis="", jenis_label="", region_name="", number="", year="", title="")
    # The quote's first BAB and Pasal are in sequence: an inserted one ("12A") follows Pasal 12.
    parser._reset_body(_sequence_start(parser.lines, "pasal") or 1)
    parser.last_bab = _sequence_start(parser.lines, "bab") - 1
    for i, line in enumerate(parser.lines):
        parser._body_line(line, i)
    for line in parser.lines:
        if line.kind == "garbage":
            parser._unplace(line)
    for top in parser.doc.body:
        for node in top.iter():
            node.line_start = node.line_start + offset if node.line_start else 0
            node.line_end = node.line_end + offset if node.line_end else 0
        _close(top)
    if within is not None:
        for top in parser.doc.body:
            top.line_start = min((c.line_start for c in top.children), default=0)
            for item in top.children:  # a quoted "(2) ..." alone is no gap in a sequence
                item.notes = [n for n in item.notes if not _SEQUENCE_NOTE.search(n)]
    unplaced = [(n + offset, text) for n, text in parser.doc.unplaced]
    return parser.doc.body, unplaced
