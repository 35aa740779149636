"""Per regulation text the tests hold: posts found / expected, reporting lines found / expected,
lines placed (%) and build time.

    .venv/bin/python -m bench.fixture_report [--repeat 3] [--json]

Texts: every fixture in tests/fixtures/ (not-a-regulation.txt aside) and the seed, built as
`sotk-kg build` builds them, and every real partial text in ../shared/corpus/real-partial/, built
with the `--work` the tests give it. The expected values are not written here: they are the ones
the tests assert, read from the test modules (one place each):

- the fixtures of other kinds: `tests/pipeline/test_genre.py` `EXPECTED` (every post and its one
  superior); for a fixture whose test states them in code rather than in `EXPECTED` (the Pergub
  of two Badan), the counts of tests/fixtures/README.md's table of those fixtures ("posts /
  units", "reporting lines"), which the tests assert;
- the Satuan Polisi Pamong Praja OCR fixture: `tests/pipeline/test_fixture_satpol_ocr.py`
  (`POSTS`, `REPORTING_LINES`);
- the real partial texts: `tests/pipeline/test_real_partial_excerpts.py`: its `WORKS`, every
  post and unit of `POSTS`, `UNITS` and `HOLDERS` (the region's posts aside), every reporting
  line of `POSTS` (a post and its superior) and those of `test_known_missed_lines` when it exists
  (strict xfails: the text states them, the reader misses them), their posts counted as expected
  too.

A text the tests give no such list for shows "-". "Found" counts the expected ones found (by
label; by count where only a count is expected), so "7/9" means two expected are missing; "in
graph" is every post the regulation establishes and every reporting line from one. Lines placed
and the repairs are the build report's (`sotk_kg.pipeline.report`). Build time: `build_graph`
alone (parse, extract, serialise nothing), in CPU time of the process (the build is CPU-bound;
on a shared machine the wall time measures the other work too), the fastest of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from sotk_kg.pipeline.terms import ORG, RDF, SKOS, SOTK

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SEED = REPO / "data" / "source" / "perbup-bekasi-99-2021.txt"
BASE = "https://w3id.org/sotk-kg"
# The test modules import their helpers as top-level modules (pytest puts their folders first).
for folder in (REPO / "tests", REPO / "tests" / "pipeline"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


@dataclass
class Expectation:
    posts: set[str] | int | None  # labels, or a count; None: the tests give none for this text
    lines: set[tuple[str, str]] | int | None  # (post, superior) labels, or a count
    # How to find a label in a graph (the test's own lookup, so both count alike).
    find: Callable[[Graph, str], URIRef | None] | None = None


@dataclass
class Row:
    text: str
    work: str
    posts: str
    posts_in_graph: int
    reporting_lines: str
    lines_in_graph: int
    placed_percent: float
    unplaced: int
    repairs: int
    build_ms: float


def _posts(g: Graph) -> set[URIRef]:
    """The posts the regulation establishes (not the region's)."""
    return {
        p
        for p in g.subjects(SOTK.establishedBy, None)
        if isinstance(p, URIRef) and (p, RDF.type, ORG.Post) in g
    }


def _label(g: Graph, node: object) -> str:
    return str(g.value(node, SKOS.prefLabel))  # type: ignore[arg-type]


def _readme_counts() -> dict[str, tuple[int, int]]:
    """(posts, reporting lines) per fixture of tests/fixtures/README.md's table of other kinds:
    its rows "| `file` | kind | varies | Pasal | posts / units | reporting lines |"."""
    out = {}
    for row in (FIXTURES / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("`") and "/" in cells[4]:
            posts, lines = cells[4].split("/")[0].strip(), cells[5].split()[0]
            if posts.isdigit() and lines.isdigit():
                out[cells[0].strip("`")] = (int(posts), int(lines))
    return out


def fixture_expectations() -> dict[str, Expectation]:
    import test_fixture_satpol_ocr as satpol
    import test_genre as genre

    out: dict[str, Expectation] = {
        name: Expectation(posts, lines) for name, (posts, lines) in _readme_counts().items()
    }
    out |= {
        name: Expectation(set(e.superior), set(e.superior.items()))
        for name, e in genre.EXPECTED.items()
    }
    out[satpol.FIXTURE.name] = Expectation(set(satpol.POSTS), set(satpol.REPORTING_LINES))
    return out


def _params(test: Callable[..., None]) -> list[tuple[object, ...]]:
    """The argument tuples of a test's `parametrize` mark, `pytest.param` ones included."""
    values: list[tuple[object, ...]] = []
    for mark in getattr(test, "pytestmark", []):
        if mark.name == "parametrize":
            values += [tuple(getattr(v, "values", v)) for v in mark.args[1]]
    return values


def real_partial_expectations() -> dict[str, tuple[str, Expectation]]:
    """Per real partial text: its work and what the tests expect of it."""
    import test_real_partial_excerpts as rp

    # the strict xfails of the lines the reader misses, while there are any
    known_missed = getattr(rp, "test_known_missed_lines", None)
    missed = [(str(p), str(sup)) for p, sup in (_params(known_missed) if known_missed else [])]
    out = {}
    for name, work in rp.WORKS.items():
        posts = rp.POSTS.get(name, {})
        lines = {(post, superior) for post, (_, superior) in posts.items() if superior}
        if name == rp.SERANG:  # the missed lines the tests name are all Serang's
            lines |= set(missed)
        labels = set(rp.HOLDERS.get(name, [])) | set(posts) | set(rp.UNITS.get(name, {}))
        labels |= {label for pair in lines for label in pair}
        labels -= rp.REGION_POSTS  # a superior, not a post the text establishes
        out[name] = (work, Expectation(labels, lines, rp.holder))
    return out


def _ratio(found: int, expected: set[str] | set[tuple[str, str]] | int | None) -> str:
    if expected is None:
        return "-"
    return f"{found}/{expected if isinstance(expected, int) else len(expected)}"


def measure(path: Path, expect: Expectation, work: str | None, repeat: int) -> Row:
    from sotk_kg.iris import work_from_path
    from sotk_kg.pipeline.build import build_graph

    text = path.read_text(encoding="utf-8")
    wid = work_from_path(work) if work else None
    best = float("inf")
    for _ in range(repeat):
        # CPU time of this process: the build is CPU-bound, and the machine is shared
        started = time.process_time()
        result = build_graph(text, path.name, BASE, work=wid)
        best = min(best, time.process_time() - started)
    g, report = result.graph, result.report
    assert report is not None  # build_graph always makes one
    posts = _posts(g)
    lines = {(a, b) for a in posts for b in g.objects(a, SOTK.reportsDirectlyTo)}

    def find(label: str) -> URIRef | None:  # the test's lookup, else a post by its label
        if expect.find is not None:  # posts, units or the perangkat daerah
            return expect.find(g, label)
        return next((p for p in posts if _label(g, p) == label), None)

    def linked(pair: tuple[str, str]) -> bool:
        a, b = find(pair[0]), find(pair[1])
        if b is None and expect.find is None:  # a region's post (Bupati X) is not established
            b = next((o for o in g.objects(a, SOTK.reportsDirectlyTo) if _label(g, o) == pair[1]),
                     None)  # fmt: skip
        return a is not None and b is not None and (a, SOTK.reportsDirectlyTo, b) in g

    found_posts = (
        min(len(posts), expect.posts)
        if isinstance(expect.posts, int)
        else sum(find(p) is not None for p in expect.posts or ())
    )
    found_lines = (
        min(len(lines), expect.lines)
        if isinstance(expect.lines, int)
        else sum(linked(pair) for pair in expect.lines or ())
    )
    return Row(
        path.name,
        str(report.work).removeprefix(f"{BASE}/eli/id/"),
        _ratio(found_posts, expect.posts),
        len(posts),
        _ratio(found_lines, expect.lines),
        len(lines),
        report.placed_percent,
        len(report.unplaced),
        sum(report.repairs.values()),
        round(1000 * best, 1),
    )


def rows(repeat: int) -> list[Row]:
    from real_partial import REAL_PARTIAL

    expected = fixture_expectations()
    none = Expectation(None, None)
    texts = [SEED, *sorted(p for p in FIXTURES.glob("*.txt") if p.name != "not-a-regulation.txt")]
    out = [measure(p, expected.get(p.name, none), None, repeat) for p in texts]
    if REAL_PARTIAL.is_dir():
        for name, (work, expect) in sorted(real_partial_expectations().items()):
            out.append(measure(REAL_PARTIAL / name, expect, work, repeat))
    else:
        print(f"(no real partial texts: {REAL_PARTIAL} is not here)", file=sys.stderr)
    return out


COLUMNS = (
    ("text", "text"),
    ("posts", "posts found/expected"),
    ("posts_in_graph", "in graph"),
    ("reporting_lines", "reporting lines found/expected"),
    ("lines_in_graph", "in graph"),
    ("placed_percent", "lines placed %"),
    ("unplaced", "unplaced"),
    ("repairs", "repairs"),
    ("build_ms", "build ms (CPU)"),
)


def render(table: list[Row]) -> str:
    cells = [[str(getattr(r, key)) for key, _ in COLUMNS] for r in table]
    heads = [head for _, head in COLUMNS]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]

    def line(values: list[str]) -> str:
        first = values[0].ljust(widths[0])
        return "  ".join(
            [first, *(v.rjust(w) for v, w in zip(values[1:], widths[1:], strict=True))]
        )

    return "\n".join([line(heads), line(["-" * w for w in widths]), *map(line, cells)]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.fixture_report", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--repeat", type=int, default=3, help="builds per text (fastest kept)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    opts = parser.parse_args(argv)
    table = rows(max(1, opts.repeat))
    if opts.json:
        print(json.dumps([asdict(r) for r in table], indent=1, ensure_ascii=False))
        return 0
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"build of each text the tests hold (fastest of {opts.repeat}; load average {load})")
    print(render(table), end="")
    print("real partial texts: 'posts' are the posts and units the tests list, the posts of")
    print("their known missed lines included; '-': the tests expect no list for this text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
