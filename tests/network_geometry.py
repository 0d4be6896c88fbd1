"""What a network picture's SVG draws, read back from its geometry: the nodes (circles), the
labels (text boxes, at the letter widths the layout assumes: the browser tests measure the real
ones against them), the edges (paths, their curves sampled as polylines, with their arrow
heads); and what is wrong with it: an edge across a node or a label, two labels overlapping.

An edge may run under its own ends' circles and under its own role label, which is drawn on
it with a halo (a map's way of naming a road); nothing else may touch it.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from briefing.views.network_place import text_width

SVG = "{http://www.w3.org/2000/svg}"
Point = tuple[float, float]
Box = tuple[float, float, float, float]
STROKE = 0.6  # half an edge's width
ARROW_LENGTH, ARROW_HALF = 8.4, 4.2  # the marker: 7 units of 1.2 px, 10 long and 10 wide
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


@dataclass(frozen=True)
class Node:
    href: str
    centre: Point
    radius: float


@dataclass(frozen=True)
class Label:
    text: str
    box: Box
    kind: str  # the group's class: names, roles or legend


@dataclass(frozen=True)
class Line:
    points: list[Point]  # the path, sampled
    arrow: list[Point]  # the arrow head's triangle
    source: str  # hrefs of its ends ("" for no node)
    target: str


@dataclass(frozen=True)
class Picture:
    nodes: list[Node]
    labels: list[Label]
    lines: list[Line]


def label_box(x: float, y: float, anchor: str, text: str, size: float, bold: bool) -> Box:
    width = text_width(text, size, bold)
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return left, y - size * 0.8, left + width, y + size * 0.3


def _bezier(points: list[Point], steps: int = 24) -> list[Point]:
    """A quadratic or cubic curve (or a line) as `steps` straight pieces."""
    found = []
    for step in range(1, steps + 1):
        t, rest = step / steps, list(points)
        while len(rest) > 1:  # de Casteljau
            rest = [
                ((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1])
                for a, b in zip(rest, rest[1:], strict=False)
            ]
        found.append(rest[0])
    return found


def sample_path(d: str) -> list[Point]:
    """An SVG path of absolute M, L, Q and C commands, as a polyline."""
    points: list[Point] = []
    for command, numbers in re.findall(r"([MLQC])([^MLQC]*)", d):
        values = [float(value) for value in NUMBER.findall(numbers)]
        pairs = list(zip(values[::2], values[1::2], strict=True))
        if command == "M":
            points.append(pairs[0])
            points += pairs[1:]
            continue
        size = {"L": 1, "Q": 2, "C": 3}[command]
        for start in range(0, len(pairs), size):
            piece = pairs[start : start + size]
            points += piece if command == "L" else _bezier([points[-1], *piece])
    return points


def _arrow(points: list[Point]) -> list[Point]:
    (x1, y1), (x2, y2) = points[-2], points[-1]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - ux * ARROW_LENGTH, y2 - uy * ARROW_LENGTH
    return [
        (bx - uy * ARROW_HALF, by + ux * ARROW_HALF),
        (x2, y2),
        (bx + uy * ARROW_HALF, by - ux * ARROW_HALF),
        (bx - uy * ARROW_HALF, by + ux * ARROW_HALF),
    ]


def _end(point: Point, nodes: list[Node], reach: float) -> str:
    near = [n for n in nodes if math.dist(point, n.centre) <= n.radius + reach]
    return min(near, key=lambda n: math.dist(point, n.centre)).href if near else ""


def read(svg: str) -> Picture:
    root = ET.fromstring(svg)
    nodes = [
        Node(
            anchor.attrib["href"],
            (float(circle.attrib["cx"]), float(circle.attrib["cy"])),
            float(circle.attrib["r"]),
        )
        for anchor in root.iter(f"{SVG}a")
        for circle in anchor.iter(f"{SVG}circle")
    ]
    labels = []
    for group in root.iter(f"{SVG}g"):
        size = float(group.attrib.get("font-size", 0))
        for text in group.iter(f"{SVG}text"):
            words = "".join(text.itertext())
            box = label_box(
                float(text.attrib["x"]),
                float(text.attrib["y"]),
                text.attrib.get("text-anchor", "start"),
                words,
                size,
                text.attrib.get("font-weight") == "bold",
            )
            labels.append(Label(words, box, group.attrib.get("class", "")))
    lines = []
    edges = root.find(f"{SVG}g[@class='edges']")
    for path in edges.iter(f"{SVG}path") if edges is not None else ():
        points = sample_path(path.attrib["d"])
        # a path begins at its source's centre and ends at its target's rim, by the arrow
        lines.append(
            Line(points, _arrow(points), _end(points[0], nodes, 0.5), _end(points[-1], nodes, 4))
        )
    return Picture(nodes, labels, lines)


def _segment_box(a: Point, b: Point, box: Box, margin: float) -> bool:
    """Whether the segment comes within `margin` of the box (Liang-Barsky clipping)."""
    left, top, right, bottom = box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin
    low, high = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - left), (dx, right - a[0]), (-dy, a[1] - top), (dy, bottom - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            low = max(low, r)
        else:
            high = min(high, r)
        if low > high:
            return False
    return True


def _segment_distance(a: Point, b: Point, point: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = (
        0.0
        if length == 0
        else max(0.0, min(1.0, ((point[0] - a[0]) * dx + (point[1] - a[1]) * dy) / length))
    )
    return math.dist(point, (a[0] + t * dx, a[1] + t * dy))


def _crosses_box(points: list[Point], box: Box, margin: float) -> bool:
    return any(_segment_box(a, b, box, margin) for a, b in zip(points, points[1:], strict=False))


def _distance(points: list[Point], point: Point) -> float:
    return min(_segment_distance(a, b, point) for a, b in zip(points, points[1:], strict=False))


def _own_label(line: Line, label: Label) -> bool:
    """A role label drawn on this edge: the edge runs through the middle of its text."""
    left, top, right, bottom = label.box
    middle = ((left + right) / 2, top + (bottom - top) * 0.45)
    return label.kind == "roles" and _distance(line.points, middle) <= 3


def _overlap(first: Box, second: Box) -> bool:
    across = min(first[2], second[2]) - max(first[0], second[0])
    down = min(first[3], second[3]) - max(first[1], second[1])
    return across > 0.5 and down > 0.5


def _box_circle(box: Box, node: Node) -> bool:
    x = min(max(node.centre[0], box[0]), box[2])
    y = min(max(node.centre[1], box[1]), box[3])
    return math.dist((x, y), node.centre) < node.radius


def faults(svg: str) -> list[str]:
    """Every crossing and overlap of the picture, in words; none in a good drawing."""
    picture, found = read(svg), []
    for line in picture.lines:
        name = f"edge {line.source} -> {line.target}"
        if not (line.source and line.target):
            found.append(f"{name}: an end is at no node")
        for node in picture.nodes:
            ends = node.href in (line.source, line.target)
            if not ends and _distance(line.points, node.centre) < node.radius + STROKE:
                found.append(f"{name} crosses the node {node.href}")
            if not ends and _distance(line.arrow, node.centre) < node.radius:
                found.append(f"{name}'s arrow head is on the node {node.href}")
        for label in picture.labels:
            if _own_label(line, label):
                continue
            if _crosses_box(line.points, label.box, STROKE):
                found.append(f"{name} crosses the label {label.text!r}")
            elif _crosses_box(line.arrow, label.box, 0):
                found.append(f"{name}'s arrow head is in the label {label.text!r}")
    for number, label in enumerate(picture.labels):
        for other in picture.labels[number + 1 :]:
            if _overlap(label.box, other.box):
                found.append(f"the labels {label.text!r} and {other.text!r} overlap")
        for node in picture.nodes:
            if _box_circle(label.box, node):
                found.append(f"the label {label.text!r} covers the node {node.href}")
    return found


def edges_at(svg: str) -> dict[str, int]:
    """How many edges each node of the picture has (its href: a count, 0 for none)."""
    picture = read(svg)
    counts = {node.href: 0 for node in picture.nodes}
    for line in picture.lines:
        for end in {line.source, line.target} - {""}:
            counts[end] += 1
    return counts
