"""Rosters saved as a spreadsheet (.xlsx): the first sheet, as the (line, cells) table that a
CSV roster gives, so that both are read by the same rules (`checks.roster.roster_from_table`).

Read by python-calamine (Rust): 14x faster than openpyxl on a 20,000-row roster
(`bench/xlsx_bench.py`), and its XML is not parsed by a Python parser. Cells become the text a
person sees: a date cell is YYYY-MM-DD, a whole number has no ".0" (a NIP typed as a number has
lost its last digits to the spreadsheet already: the NIP rule reports it on its row).
"""

from __future__ import annotations

import datetime as dt
import io

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

from sotk_kg.checks.errors import UnusableInput


def xlsx_table(payload: bytes, file: str) -> list[tuple[int, list[str]]]:
    """(row number as the spreadsheet shows it, cells as text) of the first sheet."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(payload))
        sheet = book.get_sheet_by_index(0)
        cells = sheet.to_python(skip_empty_area=False)
    except (CalamineError, PasswordError, XmlError, ZipError, ValueError, OSError) as exc:
        raise UnusableInput(
            f"not a readable .xlsx spreadsheet ({exc}); save it again as .xlsx or as CSV",
            file,
            message_id=f"bukan lembar kerja .xlsx yang dapat dibaca ({exc}); simpan ulang sebagai "
            ".xlsx atau CSV",
        ) from None
    # trailing empty columns (formatting) are not columns
    width = max((i + 1 for row in cells for i, v in enumerate(row) if _text(v)), default=0)
    return [(n, [_text(v) for v in row[:width]]) for n, row in enumerate(cells, start=1)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
