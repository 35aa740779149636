"""Orthogonal routing of the organisation chart's extra lines (dashed "melalui", dotted
coordinative) around the boxes, so that no line runs through a box it does not join.

The lines run along channels: the gaps beside and between boxes (a little off each box's edges)
and the centre lines of the boxes. A shortest path over that grid, with a cost per bend, avoids
every other box; the ends are cut back to the edges of the boxes they join. The grid is built once
per chart (`Router`), each line is one search over it. Pure geometry: no RDF, no SVG."""

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


Point = tuple[float, float]
Blockers = frozenset[int]  # the boxes (by index) a grid point or a grid edge runs through
STEPS = ((1, 0), (-1, 0), (0, 1), (0, -1))


class Router:
    """The grid of one chart, built once: its lines are the channels around every box and the
    centre lines of every box; each grid point and edge knows which boxes it runs through, so a
    line between two boxes may use exactly those edges that run through no other box."""

    def __init__(self, boxes: Sequence[Rect], channels: Sequence[float]) -> None:
        self.boxes = list(boxes)
        self.xs = sorted({*(r.x - c for r in boxes for c in channels),
                          *(r.x + r.w + c for r in boxes for c in channels),
                          *(r.centre[0] for r in boxes)})  # fmt: skip
        self.ys = sorted({*(r.y - c for r in boxes for c in channels),
                          *(r.y + r.h + c for r in boxes for c in channels),
                          *(r.centre[1] for r in boxes)})  # fmt: skip
        m = CLEARANCE
        # boxes spanning each grid column / row: the only ones a point or edge on it can meet
        in_column = [[k for k, r in enumerate(boxes) if r.x - m < x < r.x + r.w + m]
                     for x in self.xs]  # fmt: skip
        in_row = [[k for k, r in enumerate(boxes) if r.y - m < y < r.y + r.h + m]
                  for y in self.ys]  # fmt: skip
        self.point: dict[tuple[int, int], Blockers] = {}
        self.edge: dict[tuple[int, int, int, int], Blockers] = {}
        for i, x in enumerate(self.xs):
            for j, y in enumerate(self.ys):
                self.point[i, j] = frozenset(k for k in in_column[i] if k in in_row[j])
                if i + 1 < len(self.xs):  # along the row, to the next column
                    x2 = self.xs[i + 1]
                    self.edge[i, j, i + 1, j] = frozenset(
                        k for k in in_row[j]
                        if x < boxes[k].x + boxes[k].w + m and x2 > boxes[k].x - m
                    )  # fmt: skip
                if j + 1 < len(self.ys):  # along the column, to the next row
                    y2 = self.ys[j + 1]
                    self.edge[i, j, i, j + 1] = frozenset(
                        k for k in in_column[i]
                        if y < boxes[k].y + boxes[k].h + m and y2 > boxes[k].y - m
                    )  # fmt: skip

    def route(self, src: Rect, dst: Rect) -> list[Point]:
        """A path of axis-parallel segments from the edge of `src` to the edge of `dst` through
        no other box. A straight line from centre to centre when there is none (a chart must
        still draw)."""
        ends = frozenset(k for k, r in enumerate(self.boxes) if r in (src, dst))
        path = self._shortest(src.centre, dst.centre, ends)
        if path is None:
            return [src.centre, dst.centre]
        return _clip(_simplify(path), src, dst)

    def _shortest(self, start_at: Point, goal_at: Point, ends: Blockers) -> list[Point] | None:
        xs, ys = self.xs, self.ys
        start = (xs.index(start_at[0]), ys.index(start_at[1]))
        goal = (xs.index(goal_at[0]), ys.index(goal_at[1]))
        gx, gy = goal_at

        def estimate(i: int, j: int) -> float:  # A*: the rest of the way, if it were straight
            return abs(xs[i] - gx) + abs(ys[j] - gy)

        # state: (grid x, grid y, direction 0-3 or -1 at the start)
        best: dict[tuple[int, int, int], float] = {(*start, -1): 0.0}
        came: dict[tuple[int, int, int], tuple[int, int, int]] = {}
        queue: list[tuple[float, float, tuple[int, int, int]]] = [
            (estimate(*start), 0.0, (*start, -1))
        ]
        while queue:
            _, cost, state = heapq.heappop(queue)
            if cost > best.get(state, float("inf")):
                continue
            i, j, d = state
            if (i, j) == goal:
                path = [(xs[i], ys[j])]
                while state in came:
                    state = came[state]
                    path.append((xs[state[0]], ys[state[1]]))
                return path[::-1]
            for n, (di, dj) in enumerate(STEPS):
                ni, nj = i + di, j + dj
                if not (0 <= ni < len(xs) and 0 <= nj < len(ys)):
                    continue
                edge = (min(i, ni), min(j, nj), max(i, ni), max(j, nj))
                if not (self.point[ni, nj] <= ends and self.edge[edge] <= ends):
                    continue
                step = abs(xs[ni] - xs[i]) + abs(ys[nj] - ys[j])
                total = cost + step + (BEND_COST if d not in (-1, n) else 0.0)
                key = (ni, nj, n)
                if total < best.get(key, float("inf")):
                    best[key] = total
                    came[key] = state
                    heapq.heappush(queue, (total + estimate(ni, nj), total, key))
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
