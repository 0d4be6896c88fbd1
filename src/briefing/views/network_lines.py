"""The geometry of a network picture's lines and boxes: a line is a path of cubic pieces
(straight, bowed, or through given points), sampled as a polyline to test it against boxes;
a Field holds the boxes drawn so far (nodes, names, role labels, pieces of lines) by grid cell,
and finds a detour around them: the shortest path through the corners of the boxes in the
way (a visibility graph), for a line that no bend frees.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom
Path = tuple[Point, ...]  # a start, then three points (two controls, an end) for each cubic piece
ARROW = 9.0  # an arrow head's length (8.4 px), rounded up: a line ends this far out of its node


def grown(box: Box, margin: float) -> Box:
    return box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin


def node_box(point: Point, radius: float) -> Box:
    x, y = point
    return x - radius, y - radius, x + radius, y + radius


# Lines ---------------------------------------------------------------------------------------


def straight(start: Point, end: Point) -> Path:
    (x1, y1), (x2, y2) = start, end
    dx, dy = (x2 - x1) / 3, (y2 - y1) / 3
    return (start, (x1 + dx, y1 + dy), (x2 - dx, y2 - dy), end)


def bowed(start: Point, end: Point, bend: float) -> Path:
    """A quadratic curve whose middle lies `bend` px to the left of the straight line (as
    seen from start to end), as a cubic piece."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    cx = (x1 + x2) / 2 + 2 * bend * (y2 - y1) / length
    cy = (y1 + y2) / 2 - 2 * bend * (x2 - x1) / length
    return (
        start,
        (x1 + 2 / 3 * (cx - x1), y1 + 2 / 3 * (cy - y1)),
        (x2 + 2 / 3 * (cx - x2), y2 + 2 / 3 * (cy - y2)),
        end,
    )


def through(points: list[Point]) -> Path:
    """A line of straight pieces through the points."""
    path: list[Point] = [points[0]]
    for start, end in zip(points, points[1:], strict=False):
        path += straight(start, end)[1:]
    return tuple(path)


def pieces(path: Path) -> Iterator[tuple[Point, Point, Point, Point]]:
    for start in range(0, len(path) - 1, 3):
        yield path[start], path[start + 1], path[start + 2], path[start + 3]


def _at(piece: tuple[Point, Point, Point, Point], t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = piece
    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
    return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3


def sample(path: Path, step: float = 3.0) -> list[Point]:
    """The line as a polyline, its points about `step` px apart."""
    return list(_sampled(path, step))


@functools.lru_cache(maxsize=2048)
def _sampled(path: Path, step: float) -> tuple[Point, ...]:
    # Kept: a line is sampled where it is tried, where its label is placed and where the
    # picture's bounds are measured (two fifths of a small picture's time went here)
    points = [path[0]]
    for piece in pieces(path):
        reach = sum(math.dist(a, b) for a, b in zip(piece, piece[1:], strict=False))
        count = max(2, math.ceil(reach / step))
        points += [_at(piece, n / count) for n in range(1, count + 1)]
    return tuple(points)


def _split(piece: tuple[Point, Point, Point, Point], t: float) -> tuple[Point, Point, Point, Point]:
    """The piece's part from its start to t (de Casteljau)."""

    def mix(a: Point, b: Point) -> Point:
        return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t

    p0, p1, p2, p3 = piece
    q0, q1, q2 = mix(p0, p1), mix(p1, p2), mix(p2, p3)
    r0, r1 = mix(q0, q1), mix(q1, q2)
    return p0, q0, r0, mix(r0, r1)


def trimmed(path: Path, centre: Point, rim: float) -> Path:
    """The line ending where it meets the circle of `rim` around its end's node, so that its
    arrow head shows outside it (pieces wholly inside the circle left out)."""
    while len(path) > 4 and math.dist(path[-4], centre) <= rim:
        path = path[:-3]
    last = path[-4], path[-3], path[-2], path[-1]
    if math.dist(last[0], centre) <= rim:  # a line that starts inside: nothing to trim
        return path
    low, high = 0.0, 1.0
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if math.dist(_at(last, middle), centre) > rim else (low, middle)
    return path[:-4] + _split(last, low)


def arrow_head(points: list[Point]) -> list[Point]:
    """The arrow head's triangle at the polyline's end, as a closed polyline."""
    (x1, y1), (x2, y2) = points[-2], points[-1]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by, half = x2 - ux * ARROW, y2 - uy * ARROW, ARROW / 2
    left, right = (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)
    return [left, (x2, y2), right, left]


def point_at(points: list[Point], fraction: float) -> Point:
    """The point `fraction` of the way along the polyline."""
    lengths = [math.dist(a, b) for a, b in zip(points, points[1:], strict=False)]
    goal = sum(lengths) * fraction
    for (a, b), length in zip(zip(points, points[1:], strict=False), lengths, strict=True):
        if goal <= length and length > 0:
            t = goal / length
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        goal -= length
    return points[-1]


def segment_meets(a: Point, b: Point, box: Box) -> bool:
    """Whether the segment touches the box (Liang-Barsky clipping)."""
    low, high = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in (
        (-dx, a[0] - box[0]),
        (dx, box[2] - a[0]),
        (-dy, a[1] - box[1]),
        (dy, box[3] - a[1]),
    ):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            low = max(low, q / p)
        else:
            high = min(high, q / p)
        if low > high:
            return False
    return True


def overlaps(first: Box, second: Box) -> bool:
    return (
        first[0] < second[2]
        and second[0] < first[2]
        and first[1] < second[3]
        and second[1] < first[3]
    )


# What is taken -------------------------------------------------------------------------------


class Field:
    """The boxes drawn so far, each with its owner ('node:ID', 'name:ID', 'line:N',
    'role:N'), filed by the grid cells they touch: a new box or line is compared with its
    neighbours only."""

    CELL = 48.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[Box, str]]] = defaultdict(list)

    def _cells(self, box: Box) -> list[tuple[int, int]]:
        left, top = int(box[0] // self.CELL), int(box[1] // self.CELL)
        right, bottom = int(box[2] // self.CELL), int(box[3] // self.CELL)
        if left == right and top == bottom:  # most boxes: a name, a short piece of line
            return [(left, top)]
        return [(x, y) for x in range(left, right + 1) for y in range(top, bottom + 1)]

    def add(self, box: Box, owner: str) -> None:
        entry, size = (box, owner), self.CELL
        left, top = int(box[0] // size), int(box[1] // size)
        if left == int(box[2] // size) and top == int(box[3] // size):  # most boxes: one cell
            self.cells[left, top].append(entry)
            return
        for cell in self._cells(box):
            self.cells[cell].append(entry)

    def _filed(self, box: Box) -> Iterator[tuple[Box, str]]:
        """The boxes filed in the cells `box` touches, some more than once."""
        cells = self.cells
        for cell in self._cells(box):
            if cell in cells:
                yield from cells[cell]

    def near(self, box: Box, skip: Iterable[str] = ()) -> list[tuple[Box, str]]:
        skipped = set(skip)
        found = {id(other): (other, owner) for other, owner in self._filed(box)}
        return [(other, owner) for other, owner in found.values() if owner not in skipped]

    def overlap(self, box: Box, skip: Iterable[str] = ()) -> float:
        """The area of `box` covered by the boxes taken (each counted once), but those of
        the owners skipped."""
        return sum(
            max(0.0, min(box[2], other[2]) - max(box[0], other[0]))
            * max(0.0, min(box[3], other[3]) - max(box[1], other[1]))
            for other, _ in self.near(box, skip)
        )

    def touches(self, box: Box, skip: Iterable[str] = (), kind: str = "") -> bool:
        """Whether a box taken (of an owner of that kind, as 'line:'; but those of the
        owners skipped) overlaps `box`."""
        skipped = set(skip)
        for other, owner in self._filed(box):
            if overlaps(other, box) and owner.startswith(kind) and owner not in skipped:
                return True
        return False

    def blocks(self, points: list[Point], skip: Iterable[str] = ()) -> bool:
        """Whether the polyline touches a box taken (but those of the owners skipped)."""
        skipped = set(skip)
        for a, b in zip(points, points[1:], strict=False):
            reach = (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))
            for other, owner in self._filed(reach):
                if owner not in skipped and segment_meets(a, b, other):
                    return True
        return False


# Routes around what is in the way ------------------------------------------------------------


def detour(field: Field, start: Point, end: Point, skip: set[str]) -> list[Point] | None:
    """The shortest polyline from start to end that touches no box of the field but the
    skipped ones, through the corners of the boxes (grown so that it passes them at a
    distance); None if the end cannot be reached."""
    margin = 3.0
    boxes = [(grown(box, margin), owner) for box, owner in _all(field) if owner not in skip]
    corners = [
        corner
        for box, _ in boxes
        for corner in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3]))
        if not any(
            other[0] < corner[0] < other[2] and other[1] < corner[1] < other[3]
            for other, _ in boxes
        )
    ]
    points = [start, end, *dict.fromkeys(corners)]
    best = {0: 0.0}
    came: dict[int, int] = {}
    queue = [(math.dist(start, end), 0)]
    done: set[int] = set()
    while queue:
        _, here = heapq.heappop(queue)
        if here == 1:
            return _walk(points, came)
        if here in done:
            continue
        done.add(here)
        for there in range(1, len(points)):
            if there in done or field.blocks([points[here], points[there]], skip):
                continue
            cost = best[here] + math.dist(points[here], points[there])
            if cost < best.get(there, math.inf):
                best[there], came[there] = cost, here
                heapq.heappush(queue, (cost + math.dist(points[there], end), there))
    return None


def _all(field: Field) -> list[tuple[Box, str]]:
    return list(
        {id(box): (box, owner) for cell in field.cells.values() for box, owner in cell}.values()
    )


def _walk(points: list[Point], came: dict[int, int]) -> list[Point]:
    walked, here = [points[1]], 1
    while here != 0:
        here = came[here]
        walked.append(points[here])
    return walked[::-1]
