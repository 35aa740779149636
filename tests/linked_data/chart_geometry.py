"""Geometry of a drawn organisation chart, for the tests: the boxes (by the IRI they show) and the
lines (their kind, ends and points), read from the SVG; whether a segment runs through a box."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"
Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    iri: str
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Line:
    kind: str  # tree, via, coord
    src: str
    dst: str
    points: list[Point]


def boxes(chart: ET.Element) -> dict[str, Box]:
    found = {}
    for g in chart.iter(f"{SVG}g"):
        if g.get("class") == "node":
            r = g.find(f"{SVG}rect")
            assert r is not None
            iri = g.get("data-iri", "")
            found[iri] = Box(iri, *(float(r.get(k, "0")) for k in ("x", "y", "width", "height")))
    return found


def points(d: str) -> list[Point]:
    """The corners of a path made of absolute M, L, H and V commands."""
    out: list[Point] = []
    x = y = 0.0
    for cmd, args in re.findall(r"([MLHV])\s*([-\d.,\s]+)", d):
        nums = [float(n) for n in re.split(r"[\s,]+", args.strip()) if n]
        if cmd in "ML":
            x, y = nums[0], nums[1]
        elif cmd == "H":
            x = nums[0]
        else:
            y = nums[0]
        out.append((x, y))
    return out


def lines(chart: ET.Element) -> list[Line]:
    """The chart's lines: paths, and straight `<line>`s (whose box test below is then the
    conservative one of their bounding box)."""
    found = []
    for el in chart.iter():
        kind = (el.get("class") or "").removeprefix("line-")
        if kind not in ("tree", "via", "coord"):
            continue
        if el.tag == f"{SVG}path":
            corners = points(el.get("d", ""))
        else:
            corners = [(float(el.get("x1", "0")), float(el.get("y1", "0"))),
                       (float(el.get("x2", "0")), float(el.get("y2", "0")))]  # fmt: skip
        found.append(Line(kind, el.get("data-from", ""), el.get("data-to", ""), corners))
    return found


def crosses(a: Point, b: Point, box: Box, inset: float = 1.0) -> bool:
    """Whether the axis-parallel segment a-b passes through the inside of `box` (shrunk by
    `inset`, so that touching an edge does not count)."""
    (x1, y1), (x2, y2) = a, b
    return (
        min(x1, x2) < box.x + box.w - inset
        and max(x1, x2) > box.x + inset
        and min(y1, y2) < box.y + box.h - inset
        and max(y1, y2) > box.y + inset
    )


def crossings(chart: ET.Element) -> list[tuple[str, str, str, str]]:
    """(kind, from, to, box) for every line running through a box it does not join."""
    found = []
    drawn = boxes(chart)
    for line in lines(chart):
        for a, b in zip(line.points, line.points[1:], strict=False):
            for box in drawn.values():
                if box.iri not in (line.src, line.dst) and crosses(a, b, box):
                    found.append((line.kind, line.src, line.dst, box.iri))
    return found
