"""The organisation chart ("Bagan Struktur Organisasi") of a perangkat daerah, drawn as SVG from
the graph: a box per post (with the unit it leads, or the unit it sits in when nobody leads that
unit) and per unit without posts; solid lines for the direct line (sotk:reportsDirectlyTo), dashed
for "melalui" (sotk:reportsVia), dotted for coordinative accountability.

The layout is a tidy tree over the direct lines (a post without one hangs under the head of the
unit that contains it); a box whose children are all leaves stacks them in a column, which keeps
the usual chart (Kepala Dinas > Sekretaris / Kepala Bidang > Sub Bagian / Sub Koordinator) narrow,
and children that would make the chart wider than MAX_W wrap onto further rows, so that it fits a
1366-px screen. Siblings stand in the order of their role (the `peran` scheme), then in the order
the regulation names them (the first source line of the provisions they come from, or of the unit
they lead): Pasal order, not the alphabet. The lines that are not the tree's own ("melalui",
coordinative) are routed around the boxes (chart_routing.py).
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Collection
from dataclasses import dataclass, field

from rdflib.term import Node

from sotk_kg.checks.templating import render
from sotk_kg.server.chart_routing import Rect, Router
from sotk_kg.server.pages.describe import iri_ref
from sotk_kg.server.pages.html import Labels
from sotk_kg.server.pages.paths import Links
from sotk_kg.server.pages.views import fetch_labels
from sotk_kg.server.pages.vocab import SPARQL_PROLOGUE
from sotk_kg.store.backend import QueryBackend

BOX_W, LINE_H, PAD, GAP, VGAP, STACK_GAP, INDENT = 200, 14, 8, 24, 44, 14, 28
WRAP = 26  # characters per line inside a box
# The widest a chart's rows of boxes are drawn (the drawing adds a margin of GAP each side): inside
# the chart's frame in the page's main column (70rem less paddings: 1070 px) on a 1366-px screen,
# so that no box is cut off or shrunk; wider rows wrap.
MAX_W = 1000
MAX_LINES = 5

# Left-to-right order of sibling boxes: the `peran` scheme's order of roles (docs/model.md).
ROLE_ORDER = (
    "bupati", "sekretaris-daerah", "kepala-dinas", "sekretaris", "kepala-sub-bagian",
    "kepala-bidang", "koordinator", "sub-koordinator", "kepala-uptd", "kepala-seksi",
    "pejabat-fungsional", "pelaksana",
)  # fmt: skip

# (relation, drawn as) for the lines that are not the tree's own edges.
# "One of" superiors (sotk:reportsToOneOf) are not drawn: a Kelompok Jabatan Pelaksana answers to
# one of a dozen posts, and a dozen lines would hide the chart; its box hangs under its unit's head.
EXTRA_LINES = {
    "reportsVia": "via",
    "coordinativelyAccountableTo": "coord",
}


@dataclass
class Box:
    iri: str
    title: str  # full text (post label, then unit label), the box's accessible name
    lines: list[str]
    rank: int = len(ROLE_ORDER)
    line: int = 1 << 30  # where the text first names it (or the unit it leads)
    parent: str | None = None
    children: list[Box] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0
    # layout: the subtree's size, its rows of children, where it starts and where each row does
    w: float = 0.0
    h: float = 0.0
    rows: list[list[Box]] = field(default_factory=list)
    left: float = 0.0
    row_tops: list[float] = field(default_factory=list)


@dataclass
class Chart:
    boxes: dict[str, Box]
    extra: list[tuple[str, str, str]]  # (from, to, kind)


def _rows(
    backend: QueryBackend, body: str, graphs: Collection[str] | None = None
) -> list[dict[str, Node]]:
    """Rows of `body`, its `GRAPH ?g` blocks limited to `graphs` when given."""
    if graphs is not None:
        scope = "VALUES ?g { " + " ".join(iri_ref(g) for g in sorted(graphs)) + " } GRAPH ?g {"
        body = body.replace("GRAPH ?g {", scope)
    return backend.select(SPARQL_PROLOGUE + body)


def read_chart(
    backend: QueryBackend, organisation: str, graphs: Collection[str] | None = None
) -> Chart | None:
    """The boxes and lines of `organisation`'s chart, as the named `graphs` state it (every
    graph when None: every version of every regulation); None when it has no units or posts."""
    ref = iri_ref(organisation)
    unit_rows = _rows(
        backend,
        f"""SELECT DISTINCT ?u ?parent WHERE {{ GRAPH ?g {{ ?u org:subOrganizationOf+ {ref} .
  ?u org:subOrganizationOf ?parent }} }}""",
        graphs,
    )
    units = {str(r["u"]) for r in unit_rows}
    scope = units | {organisation}
    unit_parent = {str(r["u"]): str(r["parent"]) for r in unit_rows if str(r["parent"]) in scope}
    # the units named (VALUES) rather than the path again: the engine then starts from them
    in_scope = " ".join(iri_ref(u) for u in sorted(scope))
    post_rows = _rows(
        backend,
        f"""SELECT DISTINCT ?p ?in ?led WHERE {{ VALUES ?in {{ {in_scope} }}
  GRAPH ?g {{ ?p org:postIn ?in . OPTIONAL {{ ?p sotk:leads ?led }} }} }}""",
        graphs,
    )
    if not post_rows and not units:
        return None
    post_in = {str(r["p"]): str(r["in"]) for r in post_rows}
    leader = {str(r["led"]): str(r["p"]) for r in post_rows if r.get("led") is not None}
    relations_of = " UNION ".join(
        f"{{ GRAPH ?g {{ ?p sotk:{rel} ?q }} BIND(sotk:{rel} AS ?rel) }}"
        for rel in ("reportsDirectlyTo", "reportsVia", "coordinativelyAccountableTo",
                    "reportsToOneOf")
    )  # fmt: skip
    rel_rows = _rows(
        backend,
        f"""SELECT DISTINCT ?p ?rel ?q WHERE {{
  VALUES ?p {{ {" ".join(iri_ref(p) for p in sorted(post_in))} }} {relations_of} }}""",
        graphs,
    )
    relations = sorted(
        (str(r["p"]), str(r["rel"]).rsplit("#", 1)[-1], str(r["q"])) for r in rel_rows
    )
    outside_posts = sorted({q for _, _, q in relations if q not in post_in})
    # a superior heading another body (an RSUD's Kepala Dinas Kesehatan) is shown with it
    outside: dict[str, str | None] = dict.fromkeys(outside_posts)
    if outside_posts:
        for r in _rows(
            backend,
            f"""SELECT DISTINCT ?p ?led WHERE {{
  VALUES ?p {{ {" ".join(iri_ref(p) for p in outside_posts)} }}
  GRAPH ?g {{ ?p sotk:leads ?led }} }}""",
            graphs,
        ):
            outside[str(r["p"])] = str(r["led"])
    led_outside = [b for b in outside.values() if b]
    labels = fetch_labels(backend, [*units, *post_in, *outside, *led_outside, organisation])
    chart = _assemble(organisation, units, unit_parent, post_in, leader, relations, outside, labels)
    for row in _rows(
        backend,
        f"""SELECT DISTINCT ?p ?r WHERE {{
  VALUES ?p {{ {" ".join(iri_ref(b) for b in chart.boxes)} }}
  GRAPH ?g {{ ?p org:role ?r }} }}""",
        graphs,
    ):
        slug = str(row["r"]).rstrip("/").rsplit("/", 1)[-1]
        box = chart.boxes[str(row["p"])]
        if slug in ROLE_ORDER:
            box.rank = min(box.rank, ROLE_ORDER.index(slug))
    _first_lines(backend, chart, leader, graphs)
    for box in chart.boxes.values():
        box.children.sort(key=lambda b: (b.rank, b.line, b.iri))
    return chart


def _first_lines(
    backend: QueryBackend,
    chart: Chart,
    leader: dict[str, str],
    graphs: Collection[str] | None = None,
) -> None:
    """Each box's first source line: of the provisions its post (or unit) comes from, or of
    those of the unit it leads (Pasal 7 names the Sekretariat before Pasal 9 its Sekretaris)."""
    led = {post: unit for unit, post in leader.items()}
    named = [*chart.boxes, *led.values()]
    rows = _rows(
        backend,
        f"""SELECT ?x (MIN(?line) AS ?first) WHERE {{
  VALUES ?x {{ {" ".join(iri_ref(i) for i in named)} }}
  GRAPH ?g {{ ?x prov:wasDerivedFrom ?src }} GRAPH ?g2 {{ ?src sotk:sourceLine ?line }} }}
  GROUP BY ?x""",
        graphs,
    )
    first = {str(r["x"]): int(str(r["first"])) for r in rows if r.get("first") is not None}
    for iri, box in chart.boxes.items():
        lines = [first[i] for i in (iri, led.get(iri)) if i in first]
        box.line = min(lines, default=box.line)


def _assemble(
    organisation: str,
    units: set[str],
    unit_parent: dict[str, str],
    post_in: dict[str, str],
    leader: dict[str, str],
    relations: list[tuple[str, str, str]],
    outside: dict[str, str | None],  # a superior of no unit here -> the body it leads, if any
    labels: Labels,
) -> Chart:
    occupied = set(post_in.values())
    boxes: dict[str, Box] = {}

    def make(iri: str, unit: str | None) -> None:
        name = labels.text(iri)
        sub = labels.text(unit) if unit else None
        title = f"{name} — {sub}" if sub and sub.lower() not in name.lower() else name
        lines = textwrap.wrap(name.upper(), WRAP)
        if sub and sub.lower() not in name.lower():
            lines += textwrap.wrap(f"({sub})", WRAP)
        boxes[iri] = Box(iri, title, lines[:MAX_LINES])

    led_by = {p: u for u, p in leader.items()}
    for post, unit in sorted(post_in.items()):
        shown_unit = led_by.get(post) or (unit if unit not in leader else None)
        make(post, shown_unit)
    for post, body in sorted(outside.items()):
        make(post, body)
    for unit in sorted(units - occupied):
        make(unit, None)

    def head_above(unit: str | None) -> str | None:
        """The post leading `unit` or, failing that, the nearest unit above it."""
        seen: set[str] = set()
        while unit and unit not in seen:
            seen.add(unit)
            if unit in leader:
                return leader[unit]
            unit = unit_parent.get(unit)
        return None

    direct = {p: q for p, rel, q in reversed(relations) if rel == "reportsDirectlyTo"}
    for iri, box in boxes.items():
        parent: str | None
        if iri in direct:
            parent = direct[iri]
        elif iri in post_in:
            unit = post_in[iri]
            parent = head_above(unit if leader.get(unit) != iri else unit_parent.get(unit))
        elif iri in units:
            parent = head_above(unit_parent.get(iri))
        else:
            parent = None
        box.parent = parent if parent in boxes and parent != iri else None
    # Break cycles (a malformed graph must still draw).
    for box in boxes.values():
        seen, cur = {box.iri}, box.parent
        while cur:
            if cur in seen:
                box.parent = None
                break
            seen.add(cur)
            cur = boxes[cur].parent
    for box in sorted(boxes.values(), key=lambda b: b.iri):
        if box.parent:
            boxes[box.parent].children.append(box)
    extra = [(p, q, EXTRA_LINES[rel]) for p, rel, q in relations if rel in EXTRA_LINES]
    return Chart(boxes, extra)


def _box_h(lines: int) -> float:
    return lines * LINE_H + 2 * PAD


def _stacked(box: Box, depth: int) -> bool:
    return depth >= 1 and bool(box.children) and all(not c.children for c in box.children)


def _wrap(boxes: list[Box], limit: float) -> list[list[Box]]:
    """Boxes (measured subtrees) in rows no wider than `limit`, in their order."""
    rows: list[list[Box]] = []
    width = 0.0
    for box in boxes:
        if rows and width + GAP + box.w <= limit:
            rows[-1].append(box)
            width += GAP + box.w
        else:
            rows.append([box])
            width = box.w
    return rows


def _row_width(row: list[Box]) -> float:
    return sum(b.w for b in row) + GAP * (len(row) - 1)


def _measure(box: Box, depth: int, row_h: float) -> None:
    """The size of `box`'s subtree (w, h) and its rows of children."""
    box.rows = []
    if not box.children:
        box.w, box.h = BOX_W, row_h
        return
    if _stacked(box, depth):
        box.w = BOX_W + INDENT
        box.h = row_h + len(box.children) * (row_h + STACK_GAP)
        return
    for child in box.children:
        _measure(child, depth + 1, row_h)
    box.rows = _wrap(box.children, MAX_W)
    box.w = max(BOX_W, *(_row_width(r) for r in box.rows))
    box.h = row_h + sum(VGAP + max(c.h for c in r) for r in box.rows)


def _place(box: Box, left: float, top: float, depth: int, row_h: float) -> None:
    box.left = left
    box.x, box.y = left + (box.w - BOX_W) / 2, top
    if _stacked(box, depth):
        box.x = left
        y = top + row_h + STACK_GAP
        for child in box.children:
            child.x, child.y = left + INDENT, y
            y += row_h + STACK_GAP
        return
    box.row_tops = []
    y = top + row_h + VGAP
    for row in box.rows:
        box.row_tops.append(y)
        x = left
        for child in row:
            _place(child, x, y, depth + 1, row_h)
            x += child.w + GAP
        y += max(c.h for c in row) + VGAP


def _beside_top(roots: list[Box], row_h: float, top: float) -> list[Box]:
    """Single boxes outside the tree (a Sekretaris Daerah the head reports through) placed on
    the top row beside the first tree's top box, where that row has room, rather than on a row
    of their own below the whole tree. Returns those placed."""
    if len(roots) < 2 or not roots[0].children:
        return []
    first = roots[0]
    _place(first, GAP, top, 0, row_h)
    x = first.x + BOX_W + 2 * GAP
    placed = []
    for box in roots[1:]:
        if box.children or x + BOX_W > GAP + max(first.w, MAX_W):
            break
        box.x, box.y = x, top
        placed.append(box)
        x += BOX_W + GAP
    return [first, *placed] if placed else []


def render_svg(chart: Chart, links: Links, title: str) -> str:
    """The chart as a standalone, accessible SVG document (boxes link to the posts' pages)."""
    # Unique per chart: a page may show the charts of several organisations.
    title_id = "chart-" + hashlib.sha1(title.encode()).hexdigest()[:8]
    row_h = _box_h(max((len(b.lines) for b in chart.boxes.values()), default=1))
    roots = sorted(
        (b for b in chart.boxes.values() if b.parent is None),
        key=lambda b: (-len(b.children), b.rank, b.line, b.iri),
    )
    for root in roots:
        _measure(root, 0, row_h)
    y: float = GAP + 30
    beside = _beside_top(roots, row_h, y)
    if beside:  # the first tree is placed: the other roots go below it
        y += beside[0].h + VGAP
    for row in _wrap([r for r in roots if r not in beside], MAX_W):
        x: float = GAP
        for root in row:
            _place(root, x, y, 0, row_h)
            x += root.w + GAP
        y += max(r.h for r in row) + VGAP
    width = max((b.x + BOX_W for b in chart.boxes.values()), default=BOX_W) + GAP
    height = max((b.y + row_h for b in chart.boxes.values()), default=row_h) + GAP + 40
    lines = [
        _tree_line(box, child, row_h) for box in chart.boxes.values() for child in box.children
    ]
    rects = {iri: Rect(b.x, b.y, BOX_W, row_h) for iri, b in chart.boxes.items()}
    router = Router(list(rects.values()), (STACK_GAP / 2, GAP / 2)) if chart.extra else None
    for src, dst, kind in chart.extra:
        if router and src in rects and dst in rects:
            points = router.route(rects[src], rects[dst])
            d = "M" + " L".join(f"{px:.0f},{py:.0f}" for px, py in points)
            lines.append(ChartLine(d, kind, src, dst))
    boxes = [
        {
            "href": links.href(box.iri),
            "iri": box.iri,
            "title": box.title,
            "x": box.x,
            "y": box.y,
            "h": row_h,
            "texts": [
                (box.x + BOX_W / 2, box.y + PAD + (i + 0.8) * LINE_H, line)
                for i, line in enumerate(box.lines)
            ],
        }
        for box in sorted(chart.boxes.values(), key=lambda b: b.iri)
    ]
    legend_y = height - 30
    legend = [
        (kind, GAP + 200 * i, legend_y, text)
        for i, (kind, text) in enumerate(
            [
                ("tree", "langsung / direct"),
                ("via", "melalui / via"),
                ("coord", "koordinatif / coordinative"),
            ]
        )
    ]
    return str(
        render(
            "sotk_kg.server",
            "orgchart.svg",
            width=width,
            height=height,
            title=title,
            title_id=title_id,
            margin=GAP,
            box_w=BOX_W,
            lines=lines,
            boxes=boxes,
            legend=legend,
        )
    )


@dataclass(frozen=True)
class ChartLine:
    """A line of the chart: its path, how it is drawn (`tree`, `via`, `coord`) and its ends."""

    d: str
    kind: str
    src: str
    dst: str


def _tree_line(parent: Box, child: Box, row_h: float) -> ChartLine:
    """The direct line from `parent` down to `child`: along the column's spine for a stacked
    column; else down to the bus above the first row and across, and for a later row along the
    gutter left of the parent's subtree to the bus above that row (never through a box)."""
    if child.x > parent.x and abs(child.x - parent.x - INDENT) < 1:  # stacked column
        spine = parent.x + INDENT / 2
        d = f"M{spine:.0f},{parent.y + row_h:.0f} V{child.y + row_h / 2:.0f} H{child.x:.0f}"
    else:
        bus = parent.y + row_h + VGAP / 2
        start = f"M{parent.x + BOX_W / 2:.0f},{parent.y + row_h:.0f} V{bus:.0f} "
        row = next((i for i, r in enumerate(parent.rows) if child in r), 0)
        if row:
            gutter = parent.left - GAP / 2
            start += f"H{gutter:.0f} V{parent.row_tops[row] - VGAP / 2:.0f} "
        d = start + f"H{child.x + BOX_W / 2:.0f} V{child.y:.0f}"
    return ChartLine(d, "tree", child.iri, parent.iri)


def org_chart_svg(
    backend: QueryBackend, links: Links, organisation: str, graphs: Collection[str] | None = None
) -> str | None:
    chart = read_chart(backend, organisation, graphs)
    if chart is None:
        return None
    name = fetch_labels(backend, [organisation]).text(organisation)
    return render_svg(chart, links, f"Bagan Struktur Organisasi {name}")
