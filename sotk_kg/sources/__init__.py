"""Regulations as they are published -> the text the pipeline reads, with the page of each line.

One job: a file (a UTF-8 text, or a PDF with or without a text layer, `sources.pdf`) becomes a
`SourceText`: its lines, which page each line is on, and what the file was (media type, SHA-256
of its bytes), so that provenance can name the published file and say "page 7". Nothing here
knows RDF or the regulation's structure; the pipeline reads the result.

Page breaks are form feeds, as `pdftotext` writes them: a form feed starts the first line of the
next page. A text that holds them (an extracted text reviewed by hand, pdftotext's output) keeps
its pages; the form feeds are taken out of the text the pipeline reads without moving any line.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

FORM_FEED = "\f"
TEXT_PLAIN, APPLICATION_PDF = "text/plain", "application/pdf"


class SourceError(Exception):
    """An input that cannot be read as a regulation's text: `source, page N: message`."""

    def __init__(self, message: str, source: str, page: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.page = page

    def __str__(self) -> str:
        where = self.source if self.page is None else f"{self.source}, page {self.page}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class SourceText:
    """What the pipeline reads (`text`: lines, no form feeds) and where it came from."""

    text: str
    media_type: str  # of the published file: TEXT_PLAIN or APPLICATION_PDF
    sha256: str  # of the published file's bytes
    line_pages: tuple[int, ...] = ()  # page of line n at [n - 1]; () when the file has no pages
    page_count: int = 0
    ocr_pages: tuple[int, ...] = ()  # pages read by OCR, their text layer missing or unusable

    def page(self, line: int) -> int | None:
        """The page line `line` (1-based) is on, when the source has pages."""
        if 1 <= line <= len(self.line_pages):
            return self.line_pages[line - 1]
        return None

    def with_form_feeds(self) -> str:
        """`text` with its pages ended by form feeds, as pdftotext writes them, line for line:
        the reviewable text, which builds back to the same pages."""
        if not self.line_pages:
            return self.text
        lines = self.text.split("\n")
        previous = 1
        for i, page in enumerate(self.line_pages[: len(lines)]):
            lines[i] = FORM_FEED * (page - previous) + lines[i]
            previous = page
        return "\n".join(lines) + FORM_FEED * (self.page_count - previous + 1)


def from_text(text: str, data: bytes) -> SourceText:
    """A UTF-8 text as read (`data` its bytes): paged when it holds form feeds."""
    digest = hashlib.sha256(data).hexdigest()
    if FORM_FEED not in text:
        return SourceText(text, TEXT_PLAIN, digest)
    pages = text.split(FORM_FEED)
    joined, line_pages = _join(pages)
    return SourceText(joined, TEXT_PLAIN, digest, line_pages, len(pages) - (pages[-1] == ""))


def from_pages(
    pages: list[str], data: bytes, media_type: str, ocr_pages: tuple[int, ...] = ()
) -> SourceText:
    """The text of each page in order (page 1 first), normalised, each ending its last line."""
    texts = [normalise(p) for p in pages]
    joined, line_pages = _join([t + "\n" if t and not t.endswith("\n") else t for t in texts])
    return SourceText(
        joined, media_type, hashlib.sha256(data).hexdigest(), line_pages, len(pages), ocr_pages
    )


def _join(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """The pages' text run together, and the page of each line: the page it starts on."""
    line_pages, at_line_start = [], True
    for number, page in enumerate(pages, start=1):
        for char in page:
            if at_line_start:
                line_pages.append(number)
            at_line_start = char == "\n"
    return "".join(pages), tuple(line_pages)


# Characters a PDF's text layer or OCR gives that no typed text holds, with what a reader sees:
# ligatures, invisible hyphens and spaces, and line breaks `str.splitlines` (which the pipeline
# counts lines with) would count but a text editor does not.
_REPLACE = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\ufeff": None,
        "\u00a0": " ",
        "\u000b": "\n",
        "\u0085": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\r": None,
    }
)
# Other controls (but tab and line feed) and the non-characters: never text of a regulation.
_CONTROL = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def normalise(page: str) -> str:
    """A page's extracted text as a typed text would hold it (NFC, no ligatures, no invisible
    characters, no trailing spaces). Letters, digits and punctuation are left as they are: a
    misread is for the repair stages to fix, with a note, not for this to hide."""
    page = unicodedata.normalize("NFC", page.translate(_REPLACE))
    return _TRAILING_SPACE.sub("", _CONTROL.sub("", page))
