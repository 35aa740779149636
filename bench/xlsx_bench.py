"""Reading a roster spreadsheet (.xlsx): python-calamine against openpyxl (prints a table).

    .venv/bin/python -m bench.xlsx_bench [--rows 20000] [--repeat 3]

Writes a roster of `--rows` rows with openpyxl (text cells, a date cell per row), then reads its
first sheet with each library in a fresh child process: the median time of `--repeat` runs and
the child's peak RSS (`ru_maxrss`). Measured 2026-12-04 on the shared 2-core machine, 20,000
rows (0.5 MB): calamine 0.12-0.19 s, 30 MiB peak; openpyxl (read_only) 1.3-2.4 s, 36 MiB. The
validator reads .xlsx with calamine (sotk_kg/checks/spreadsheet.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import json, resource, sys, time
path, which = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if which == "openpyxl":
    import openpyxl
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
else:
    from python_calamine import CalamineWorkbook
    rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
seconds = time.perf_counter() - start
print(json.dumps({"rows": len(rows), "seconds": seconds,
                  "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_roster(path: Path, rows: int) -> None:
    """In a child process: Linux keeps a parent's peak RSS across fork and exec, so a parent
    that held the workbook would lend its peak to every measurement."""
    code = f"from bench.xlsx_bench import _write; _write({str(path)!r}, {rows})"
    subprocess.run([sys.executable, "-c", code], check=True)


def _write(path: str, rows: int) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["nama", "nip", "jabatan", "unit", "jenis_jabatan", "jenjang", "mulai"])
    for i in range(rows):
        unit = "Kelompok Jabatan Pelaksana"
        row = [f"Pegawai {i}", "197506301999031001", "Pelaksana", unit, "pelaksana", ""]
        sheet.append([*row, dt.date(2022, 1, 10)])
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.xlsx"
        write_roster(path, args.rows)
        print(f"{args.rows} rows, {path.stat().st_size / 1e6:.2f} MB")
        print(f"{'library':<10} {'median s':>9} {'peak MiB':>9}")
        for which in ("calamine", "openpyxl"):
            command = [sys.executable, "-c", CHILD, str(path), which]
            runs = [
                json.loads(
                    subprocess.run(command, capture_output=True, text=True, check=True).stdout
                )
                for _ in range(args.repeat)
            ]
            assert all(r["rows"] == args.rows + 1 for r in runs)
            seconds = statistics.median(r["seconds"] for r in runs)
            print(f"{which:<10} {seconds:>9.2f} {max(r['mib'] for r in runs):>9.0f}")


if __name__ == "__main__":
    main()
