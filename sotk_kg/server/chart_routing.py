"""Orthogonal routing of the organisation chart's extra lines (dashed "melalui", dotted
coordinative) around the boxes, so that no line runs through a box it does not join.

The lines run along channels: the gaps beside and between boxes (a little off each box's edges)
and the rows and columns of the two boxes joined. A shortest path over that grid, with a cost per
bend, avoids every other box; the ends are cut back to the edges of the boxes they join. Pure
geometry: no RDF, no SVG."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

BEND_COST = 60.0  # a bend weighs as much as this many pixels of line: few bends, clear lines
CLEARANCE = 1.0  # a line may pass this close to a box it does not join


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def contains(self, px: float, py: float, margin: float = 0.0) -> bool:
        """Strictly inside (grown by `margin`)."""
        return (
            self.x - margin < px < self.x + self.w + margin
            and self.y - margin < py < self.y + self.h + margin
        )

    def crossed_by(self, a: tuple[float, float], b: tuple[float, float], margin: float) -> bool:
        """Whether the axis-parallel segment a-b passes through the inside (grown by `margin`)."""
        (x1, y1), (x2, y2) = a, b
        lo_x, hi_x = min(x1, x2), max(x1, x2)
        lo_y, hi_y = min(y1, y2), max(y1, y2)
        return (
            lo_x < self.x + self.w + margin
            and hi_x > self.x - margin
            and lo_y < self.y + self.h + margin
            and hi_y > self.y - margin
        )


Point = tuple[float, float]


def route(
    src: Rect, dst: Rect, obstacles: Sequence[Rect], channels: Sequence[float]
) -> list[Point]:
    """A path of axis-parallel segments from the edge of `src` to the edge of `dst` that enters no
    obstacle (`src` and `dst` excepted), along the grid of `channels` offsets around the boxes.
    A straight line from centre to centre when there is no such path (a chart must still draw)."""
    others = [r for r in obstacles if r != src and r != dst]
    boxes = [*others, src, dst]
    xs = sorted({*(r.x - c for r in boxes for c in channels),
                 *(r.x + r.w + c for r in boxes for c in channels),
                 src.centre[0], dst.centre[0]})  # fmt: skip
    ys = sorted({*(r.y - c for r in boxes for c in channels),
                 *(r.y + r.h + c for r in boxes for c in channels),
                 src.centre[1], dst.centre[1]})  # fmt: skip
    path = _shortest(xs, ys, src, dst, others)
    if path is None:
        return [src.centre, dst.centre]
    return _clip(_simplify(path), src, dst)


def _shortest(
    xs: list[float], ys: list[float], src: Rect, dst: Rect, others: list[Rect]
) -> list[Point] | None:
    def free(p: Point) -> bool:
        return not any(r.contains(*p, CLEARANCE) for r in others)

    start = (xs.index(src.centre[0]), ys.index(src.centre[1]))
    goal = (xs.index(dst.centre[0]), ys.index(dst.centre[1]))
    # state: (grid x, grid y, direction 0-3 or -1 at the start)
    best: dict[tuple[int, int, int], float] = {(*start, -1): 0.0}
    came: dict[tuple[int, int, int], tuple[int, int, int]] = {}
    queue: list[tuple[float, tuple[int, int, int]]] = [(0.0, (*start, -1))]
    steps = ((1, 0), (-1, 0), (0, 1), (0, -1))
    while queue:
        cost, state = heapq.heappop(queue)
        if cost > best.get(state, float("inf")):
            continue
        i, j, d = state
        if (i, j) == goal:
            path = [(xs[i], ys[j])]
            while state in came:
                state = came[state]
                path.append((xs[state[0]], ys[state[1]]))
            return path[::-1]
        here = (xs[i], ys[j])
        for n, (di, dj) in enumerate(steps):
            ni, nj = i + di, j + dj
            if not (0 <= ni < len(xs) and 0 <= nj < len(ys)):
                continue
            there = (xs[ni], ys[nj])
            if not free(there) or any(r.crossed_by(here, there, CLEARANCE) for r in others):
                continue
            step = abs(there[0] - here[0]) + abs(there[1] - here[1])
            total = cost + step + (BEND_COST if d not in (-1, n) else 0.0)
            key = (ni, nj, n)
            if total < best.get(key, float("inf")):
                best[key] = total
                came[key] = state
                heapq.heappush(queue, (total, key))
    return None


def _simplify(path: list[Point]) -> list[Point]:
    """Drop the points in the middle of straight runs."""
    out = path[:2]
    for p in path[2:]:
        (ax, ay), (bx, by) = out[-2], out[-1]
        if (ax == bx == p[0]) or (ay == by == p[1]):
            out[-1] = p
        else:
            out.append(p)
    return out


def _clip(path: list[Point], src: Rect, dst: Rect) -> list[Point]:
    """Cut the path back to where it leaves `src` and where it enters `dst`."""

    def inside(r: Rect, p: Point) -> bool:
        return r.x <= p[0] <= r.x + r.w and r.y <= p[1] <= r.y + r.h

    def border(r: Rect, a: Point, b: Point) -> Point:
        """Where the segment from `a` (inside r) to `b` (outside) crosses r's edge."""
        (ax, ay), (bx, by) = a, b
        if ax == bx:
            return (ax, r.y if by < ay else r.y + r.h)
        return (r.x if bx < ax else r.x + r.w, ay)

    start = 0
    while start + 1 < len(path) and inside(src, path[start + 1]):
        start += 1
    path = path[start:]
    if len(path) > 1 and inside(src, path[0]):
        path[0] = border(src, path[0], path[1])
    end = len(path) - 1
    while end - 1 > 0 and inside(dst, path[end - 1]):
        end -= 1
    path = path[: end + 1]
    if len(path) > 1 and inside(dst, path[-1]):
        path[-1] = border(dst, path[-1], path[-2])
    return path
