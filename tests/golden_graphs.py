"""The golden sample of the pipeline's output in tests/golden/, which the byte-for-byte test
(tests/pipeline/test_golden.py) compares a fresh build with. Built graphs are not committed
(issue 12), so this is what stands for them:

- `FIXTURE`'s build, whole (.ttl and .nq): a small regulation, every byte of it kept.
- the seed's build (every data/source/*.txt): `SHA256SUMS`, the sha256 of each output file (any
  change of one byte breaks it; `sha256sum -c` checks data/graph/ with it), and `*.sample`: the
  lines of each file whose own sha256 begins with a byte below `SAMPLE_BELOW` (about one in 64,
  chosen by content so that an inserted line does not shift the others), so that a failure shows
  which lines changed and a review sees them.

Regenerate after an intended change of the output, and read the diff it prints:

    python tests/golden_graphs.py            # rebuild, print the diff, write tests/golden/
    python tests/golden_graphs.py --check    # print the diff only; exit 1 if there is one
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import sys
import tempfile
from pathlib import Path

from repo_paths import REPO_ROOT

if __name__ == "__main__":  # run as a script: this checkout's package, not an installed one
    sys.path.insert(0, str(REPO_ROOT))

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.pipeline.build import build_files

GOLDEN = REPO_ROOT / "tests" / "golden"
FIXTURE = REPO_ROOT / "tests" / "fixtures" / "perbup-contoh-2024-3.txt"
SEED_SOURCES = REPO_ROOT / "data" / "source"
SUMS = "SHA256SUMS"
SAMPLE_BELOW = 4  # first byte of a line's sha256: 4 in 256, about one line in 64


def build(paths: list[Path], out: Path) -> dict[str, bytes]:
    """The files `sotk-kg build` writes for `paths` (at the canonical base), by name."""
    build_files(paths, out, DEFAULT_BASE)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def sample(content: bytes) -> bytes:
    """The lines of `content` whose sha256 begins with a byte below `SAMPLE_BELOW`, in order."""
    lines = content.split(b"\n")
    return b"".join(
        line + b"\n" for line in lines if hashlib.sha256(line).digest()[0] < SAMPLE_BELOW
    )


def sums(files: dict[str, bytes]) -> bytes:
    """`sha256sum`'s format: `<hex>  <name>` per file."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                   for name, data in sorted(files.items())).encode()  # fmt: skip


def golden_of(fixture: dict[str, bytes], seed: dict[str, bytes]) -> dict[str, bytes]:
    """What tests/golden/ holds for these builds, by file name."""
    golden = dict(fixture)
    golden[SUMS] = sums(seed)
    golden.update({f"{name}.sample": sample(data) for name, data in seed.items()})
    return golden


def fresh_builds() -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The fixture's and the seed's files, built now in a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        fixture = build([FIXTURE], Path(tmp) / "fixture")
        seed = build(sorted(SEED_SOURCES.glob("*.txt")), Path(tmp) / "seed")
    return fixture, seed


def committed_golden() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(GOLDEN.iterdir()) if p.name != "README.md"}


def diff(old: dict[str, bytes], new: dict[str, bytes], limit: int = 200) -> str:
    """A unified diff of the two sets of files, cut after `limit` lines."""
    lines: list[str] = []
    for name in sorted(old.keys() | new.keys()):
        a = old.get(name, b"").decode("utf-8").splitlines(keepends=True)
        b = new.get(name, b"").decode("utf-8").splitlines(keepends=True)
        lines += difflib.unified_diff(a, b, f"golden/{name}", f"built/{name}")
    shown = "".join(lines[:limit])
    return shown + (f"... {len(lines) - limit} more diff lines\n" if len(lines) > limit else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="print the diff, write nothing")
    args = parser.parse_args(argv)
    old, new = committed_golden(), golden_of(*fresh_builds())
    if old == new:
        print("tests/golden/ is current")
        return 0
    sys.stdout.write(diff(old, new))
    if args.check:
        return 1
    for name in old.keys() - new.keys():
        (GOLDEN / name).unlink()
    for name, data in new.items():
        (GOLDEN / name).write_bytes(data)
    print(f"tests/golden/ rewritten ({len(new)} files): commit it with the change that caused it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
