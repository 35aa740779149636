"""A published PDF -> `SourceText`: each page's text layer (poppler's `pdftotext -layout`), or,
where a page has none worth reading (a scan), the page rendered at 300 dpi (`pdftoppm`) and read
by OCR (`tesseract -l ind`). Poppler and Tesseract are Debian packages (poppler-utils,
tesseract-ocr, tesseract-ocr-ind) that `scripts/setup` installs; each runs as a subprocess with a
time limit, so a hostile PDF can stall or crash only that process.

Why `pdftotext -layout`: measured on PDFs rendered from the fixtures (docs/inputs.md), it alone of
pdftotext's modes, pypdfium2 and pypdf keeps the blank lines that separate a regulation's blocks,
and the text it gives builds to the same graph as the typed text; it is also the fastest.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from sotk_kg.sources import APPLICATION_PDF, SourceError, SourceText, from_pages

DPI = 300  # what Tesseract reads best; a scan is rarely sharper
TIMEOUT_SECONDS = 120  # per tool run: one page's OCR takes seconds
MAX_PDF_BYTES = 200 * 1024 * 1024  # a 100-page scan at 300 dpi is tens of MB
# A page whose text layer has fewer letters and digits than this is read by OCR instead: a scan
# has none, or only a stamp or a page number; a page of a regulation has hundreds.
MIN_LAYER_CHARACTERS = 40
OCR_LANGUAGE = "ind"
MAX_BLANK_LINES = 2  # more space than that is a signature's or a page's end, not more blocks
_INSTALL = {
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "tesseract": "tesseract-ocr tesseract-ocr-ind",
}
_HEADER = b"%PDF-"
_PAGES = re.compile(r"^Pages:\s+(\d+)\s*$", re.MULTILINE)


def is_pdf(path: Path) -> bool:
    """Is `path` named as a PDF? (Its content is checked when it is read.)"""
    return path.suffix.lower() == ".pdf"


def read_pdf(path: Path, max_bytes: int = MAX_PDF_BYTES) -> SourceText:
    """The text of every page of the PDF at `path`. Raises SourceError naming the file (and the
    page) when it is empty, not a PDF, damaged, locked by a password, or has no text at all."""
    source = str(path)
    data = _read_bytes(path, max_bytes)
    if not data:
        raise SourceError("empty file: not a PDF", source)
    if _HEADER not in data[:1024]:
        raise SourceError(
            "not a PDF (no '%PDF-' header): a regulation's text goes in a .txt file", source
        )
    page_count = _page_count(path)
    layer = _text_layer(path, page_count)
    pages, ocr = [], []
    for number, text in enumerate(layer, start=1):
        if sum(c.isalnum() for c in text) < MIN_LAYER_CHARACTERS:
            text = ocr_page(path, number)
            ocr.append(number)
        pages.append(text)
    result = from_pages(pages, data, APPLICATION_PDF, tuple(ocr))
    if not result.text.strip():
        raise SourceError(f"no text on any of its {page_count} pages, also by OCR", source)
    return result


def ocr_page(path: Path, number: int) -> str:
    """Page `number` of the PDF rendered at `DPI` in grey and read by Tesseract; its lines are
    rebuilt from the words' positions (`_lines_from_tsv`), blank lines where the page has them."""
    with tempfile.TemporaryDirectory(prefix="sotk-ocr-") as tmp:
        image = Path(tmp) / "page"
        _run(
            [
                "pdftoppm",
                "-r",
                str(DPI),
                "-gray",
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(path),
                str(image),
            ],
            path,
            number,
        )
        # One thread: pages are short and the machine is shared; OpenMP's spinning threads
        # took three times as long (docs/inputs.md).
        tsv = _run(
            ["tesseract", f"{image}.pgm", "stdout", "-l", OCR_LANGUAGE, "--psm", "4", "tsv"],
            path,
            number,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    return _lines_from_tsv(tsv)


def _lines_from_tsv(tsv: str) -> str:
    """Tesseract's TSV (a row per word with its box) -> the page's lines, words left to right.
    Blank lines are put where the page has them: where a line starts more than one line pitch
    (the usual distance from one line's top to the next's) below the one above, one blank line
    per pitch skipped, at most `MAX_BLANK_LINES`. Tesseract's own text output puts a blank line
    between the paragraphs it guesses instead, which are not the regulation's blocks."""
    lines: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}
    heights: list[int] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue  # not a word (a page, block, paragraph or line row), or an empty one
        block, par, line, left, top, height = (int(cells[i]) for i in (2, 3, 4, 6, 7, 9))
        lines.setdefault((block, par, line), []).append((left, top, cells[11]))
        heights.append(height)
    ordered = sorted((min(top for _, top, _ in words), sorted(words)) for words in lines.values())
    pitch = _line_pitch([top for top, _ in ordered], sorted(heights)[len(heights) // 2 :][:1])
    out: list[str] = []
    previous_top: int | None = None
    for top, words in ordered:
        if previous_top is not None:
            out += [""] * min(round((top - previous_top) / pitch) - 1, MAX_BLANK_LINES)
        out.append(" ".join(word for *_, word in words))
        previous_top = top
    return "\n".join(out) + "\n" if out else ""


def _line_pitch(tops: list[int], typical_height: list[int]) -> int:
    """The distance from one line's top to the next's where no blank line is between them: a low
    tenth of the steps between successive lines, leaving out steps shorter than most of a line's
    height (parts of one line Tesseract reads apart). A page spaced evenly by blank lines reads
    as having none, which a page of a regulation's body never is."""
    floor = 0.6 * typical_height[0] if typical_height else 1
    steps = sorted(step for a, b in itertools.pairwise(tops) if (step := b - a) >= floor)
    return max(steps[len(steps) // 10], 1) if steps else 1


def _page_count(path: Path) -> int:
    info = _run(["pdfinfo", str(path)], path, None)
    m = _PAGES.search(info)
    if m is None or int(m.group(1)) == 0:
        raise SourceError("a PDF without pages", str(path))
    return int(m.group(1))


def _text_layer(path: Path, page_count: int) -> list[str]:
    """Each page's text layer (pdftotext ends every page with a form feed)."""
    text = _run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], path, None)
    pages = text.split("\f")
    if len(pages) != page_count + 1 or pages[-1].strip():
        raise SourceError(
            f"pdftotext gave {len(pages) - 1} pages of the {page_count} pdfinfo counts: a "
            "damaged PDF",
            str(path),
        )
    return pages[:-1]


def _run(
    command: list[str], path: Path, page: int | None, env: dict[str, str] | None = None
) -> str:
    """Run a poppler or Tesseract tool; its failure becomes a SourceError saying what to do."""
    tool = command[0]
    if shutil.which(tool) is None:
        raise SourceError(
            f"reading a PDF needs `{tool}`, which is not installed: install the Debian "
            f"package(s) {_INSTALL[tool]} (scripts/setup does, as root)",
            str(path),
            page,
        )
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=TIMEOUT_SECONDS, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise SourceError(
            f"{tool} took over {TIMEOUT_SECONDS} s; stopped", str(path), page
        ) from exc
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        raise SourceError(_explain(tool, stderr), str(path), page)
    return done.stdout.decode("utf-8", "replace")


def _explain(tool: str, stderr: str) -> str:
    # poppler repeats its messages; each once, in order
    said = dict.fromkeys(line.strip() for line in stderr.splitlines() if line.strip())
    detail = "; ".join(said)[:300] or "exit status without a message"
    if "password" in stderr.lower():
        return f"encrypted: the PDF needs a password to open ({tool}: {detail})"
    if tool == "tesseract" and OCR_LANGUAGE in stderr:
        return (
            f"Tesseract has no '{OCR_LANGUAGE}' (Indonesian) model: install the Debian package "
            f"tesseract-ocr-ind ({detail})"
        )
    return f"cannot be read as a PDF, damaged or not a PDF ({tool}: {detail})"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing one over `max_bytes` before reading it."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(
                f"{size:,} bytes, more than the cap of {max_bytes:,} bytes for a PDF", str(path)
            )
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(f"cannot read: {exc}", str(path)) from exc
    if len(data) > max_bytes:
        raise SourceError(f"more than the cap of {max_bytes:,} bytes for a PDF", str(path))
    return data
