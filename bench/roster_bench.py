"""Time and peak memory of validating large staffing rosters (prints a table).

    .venv/bin/python -m bench.roster_bench [--rows 1000,10000,50000] [--bad-every 0]
                                           [--baseline-max 3000]

Each roster is generated from the published posts (bench/validate_bench.py `synthetic_roster`:
one person and valid NIP per row); `--bad-every K` gives every K-th row a post name the structure
does not have, so that the report has rows/K findings. Each measurement runs in a fresh child
process, whose peak RSS (`ru_maxrss`) is the memory figure:

- `cli`: `sotk-kg validate --no-cache ROSTER` (text report), as a user runs it;
- `upload`: `checks.validation.validate_upload` and the text report, as a server worker runs it;
- `pyshacl` (rosters up to `--baseline-max` rows): the same as `upload`, with the roster shapes
  evaluated by pySHACL once per row, as before sotk_kg/checks/batch_shacl.py (30 s for 3,000 rows).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sotk_kg.resources import DATA_ROOT

CHILD = """
import json, sys, time
from pathlib import Path
from sotk_kg.checks import batch_shacl, shacl
from sotk_kg.checks.findings import results_of
from sotk_kg.checks.validation import validate_upload
mode, path = sys.argv[1], Path(sys.argv[2])
if mode == "pyshacl":
    def per_row(store, shapes):
        conforms, graph = shacl.run(store, shapes)
        return conforms, results_of(graph)
    batch_shacl.validate = per_row
start = time.perf_counter()
outcome = validate_upload(path.read_bytes(), "text/csv", path.name)
outcome.to_text()
print(json.dumps({"seconds": time.perf_counter() - start, "findings": len(outcome.findings)}))
"""


def roster_text(rows: int, bad_every: int) -> str:
    from bench.validate_bench import synthetic_roster
    from sotk_kg.checks.validation import Sources, _ontology_triples, _published_units, _store

    sources = Sources.from_settings()
    context = _store(_ontology_triples(sources), *(t for _, t in _published_units(sources)))
    lines = synthetic_roster(context, rows).splitlines()
    if bad_every:
        for i in range(1, len(lines), bad_every):
            name = lines[i].split('"')[1]
            lines[i] = lines[i].replace(f'"{name}"', f'"{name} Lama"')
    return "\n".join(lines) + "\n"


def measure(command: list[str]) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS in MiB, stdout) of a child process (CPU time is the
    figure to compare on a shared machine)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             cwd=DATA_ROOT)  # fmt: skip
    assert child.stdout is not None
    out = child.stdout.read().decode()
    _pid, _status, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped by wait4
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, cpu, usage.ru_maxrss / 1024, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,10000,50000", help="roster sizes, comma-separated")
    parser.add_argument("--bad-every", type=int, default=0, help="every K-th row an unknown post")
    parser.add_argument(
        "--baseline-max", type=int, default=3000, help="largest roster also validated by pySHACL"
    )
    args = parser.parse_args(argv)
    print(f"{'rows':>7} {'way':<8} {'findings':>8} {'wall s':>7} {'cpu s':>7} {'in-call s':>9} "
          f"{'peak MiB':>8}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for rows in (int(n) for n in args.rows.split(",")):
            path = Path(tmp) / f"roster-{rows}.csv"
            path.write_text(roster_text(rows, args.bad_every), encoding="utf-8")
            ways = ["cli", "upload"] + (["pyshacl"] if rows <= args.baseline_max else [])
            for way in ways:
                if way == "cli":
                    command = [sys.executable, "-m", "sotk_kg.cli", "validate", "--no-cache",
                               "--format", "json", str(path)]  # fmt: skip
                else:
                    command = [sys.executable, "-c", CHILD, way, str(path)]
                wall, cpu, peak, out = measure(command)
                if way == "cli":
                    findings, inside = len(json.loads(out)["findings"]), float("nan")
                else:
                    figures = json.loads(out)
                    findings, inside = figures["findings"], figures["seconds"]
                print(f"{rows:>7} {way:<8} {findings:>8} {wall:>7.2f} {cpu:>7.2f} {inside:>9.2f} "
                      f"{peak:>8.0f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
