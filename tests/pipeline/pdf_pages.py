"""PDFs the PDF-input tests make from a fixture text, with no library beyond poppler: a PDF
with a text layer (Helvetica, one of the 14 fonts every PDF reader has, so nothing is embedded),
and an image-only copy of it (each page rendered at 300 dpi by `pdftoppm`, as a scanner would
give it). Lines longer than a page is wide are wrapped, as a published regulation's are."""

from __future__ import annotations

import re
import subprocess
import tempfile
import textwrap
import zlib
from pathlib import Path

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
FONT_SIZE, LEADING, MARGIN = 12, 16, 45
COLUMNS = 68  # Helvetica averages half an em a glyph: 68 at 12 pt fit between the margins
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING
DPI = 300


def page_lines(text: str) -> list[list[str]]:
    """The fixture's lines, wrapped to the page, cut into pages."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, COLUMNS) if line.strip() else [""])
    return [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages show `pages`' lines as text (a text layer, as a word processor writes)."""
    streams = []
    for lines in pages:
        ops = [f"BT /F1 {FONT_SIZE} Tf {LEADING} TL {MARGIN} {PAGE_HEIGHT - MARGIN} Td"]
        ops += [f"({_pdf_string(line)}) Tj T*" for line in lines]
        streams.append(("\n".join([*ops, "ET"])).encode("cp1252"))
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    return _document(streams, b"/Font << /F1 %d 0 R >>", [font])


def image_pdf(pdf: bytes) -> bytes:
    """`pdf` rasterised: each page an 8-bit grey image at 300 dpi and nothing else (a scan)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-gray", str(source), str(Path(tmp) / "page")],
            check=True,
            timeout=120,
        )
        images = [_read_pgm(p) for p in sorted(Path(tmp).glob("page-*.pgm"))]
    streams, objects = [], []
    for i, (width, height, pixels) in enumerate(images):
        streams.append(f"q {PAGE_WIDTH} 0 0 {PAGE_HEIGHT} 0 0 cm /Im{i} Do Q".encode())
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
            % (width, height, len(data := zlib.compress(pixels, 6)), data)
        )
    names = b" ".join(b"/Im%d %%d 0 R" % i for i in range(len(images)))
    return _document(streams, b"/XObject << " + names + b" >>", objects)


def _document(streams: list[bytes], resources: bytes, shared: list[bytes]) -> bytes:
    """Catalog (1), page tree (2), `shared` resource objects (3..), then a page and its content
    stream per entry of `streams`; `resources` has a %d per shared object for its number."""
    first_page = 3 + len(shared)
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(streams)))
    res = resources % tuple(range(3, first_page)) if shared else resources
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(streams)} >>".encode(),
        *shared,
    ]
    for i, stream in enumerate(streams):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << %s >> "
            b"/Contents %d 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT, res, first_page + 2 * i + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _pdf_string(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _read_pgm(path: Path) -> tuple[int, int, bytes]:
    """A binary PGM (P5, maxval 255) as pdftoppm -gray writes it."""
    data = path.read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert header is not None, path
    return int(header.group(1)), int(header.group(2)), data[header.end() :]


def encrypted(pdf: bytes) -> bytes:
    """`pdf` with a standard security handler whose user password is not the empty one (its
    keys are made up): a reader must ask for a password to open it."""
    handler = (
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >> /ID [<"
        + b"ab" * 16
        + b"> <"
        + b"ab" * 16
        + b">]"
    )
    return re.sub(rb"trailer\n<< (/Size \d+ /Root 1 0 R)", rb"trailer\n<< \1 " + handler, pdf)


def page_of(pages: list[list[str]], line: str) -> int:
    """The page (1-based) of the first rendered line that is `line`."""
    return next(n for n, lines in enumerate(pages, start=1) if line in lines)
