"""Where the network pictures put their actors, names and roles (views.network draws them).

Each group of linked actors is laid out by networkx (Kamada-Kawai, which has no randomness;
past KAMADA_KAWAI_MAX actors, the spring model with a fixed seed), shrunk to fit WIDTH, and
the groups are packed in rows, largest first. Actors with no affiliation either way are set
in last rows at the bottom, so that every actor shown has a node to click. Each name takes
the first place beside its node where it covers nothing; a relationship's label is placed
only where it covers no other label, node or line: the table beside the picture lists every
relationship. Numbers are rounded, so the same actors always give the same places.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from typing import NamedTuple

import networkx as nx

from briefing.check.quotes import visible_controls
from briefing.records.dates import show_date
from briefing.records.model import Actor, Affiliation

RADIUS, NAME_SIZE, ROLE_SIZE = 8.0, 13, 12  # px on the site: 12 is the least legible size
WIDTH = 660.0  # a picture's widest, in px: the text column of a laptop's page
CHAR_WIDTH = 0.62  # a sans-serif letter's average width, in em (DejaVu Sans's, rounded up)
EDGE_LENGTH = 190.0  # room for a role label between two affiliated actors
GAP = 32.0  # between two groups of actors
KAMADA_KAWAI_MAX = 60  # larger groups are laid out by the spring model
ROLE_PLACES = (0.5, 0.4, 0.6, 0.3, 0.7)  # where along its edge a role label may go

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom


class Edge(NamedTuple):
    source_id: str
    target_id: str
    label: str
    bend: float  # sideways shift of the curve's middle, so that parallel edges stay apart


class Spot(NamedTuple):
    """Where a label goes: its baseline's anchor point, and which end of the text it is."""

    x: float
    y: float
    anchor: str  # SVG's text-anchor: start, middle or end

    def moved(self, dx: float, dy: float) -> Spot:
        return self._replace(x=self.x + dx, y=self.y + dy)


class Drawing(NamedTuple):
    """Where the nodes, their names (baselines) and the edges' labels go."""

    nodes: dict[str, Point]
    names: dict[str, Spot]
    roles: dict[int, Spot]  # by index in the list of edges; an edge without room has none


def _text_box(spot: Spot, text: str, size: int) -> Box:
    x, y, anchor = spot
    width = len(text) * size * CHAR_WIDTH
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return left, y - size * 0.8, left + width, y + size * 0.3


class _Taken:
    """The boxes drawn so far, filed by the grid cells they touch: a new box is compared with
    its neighbours only, not with every box of the picture. A box may have an owner (the edge
    a piece of line belongs to), which a label on that edge does not count."""

    CELL = 100.0

    def __init__(self, boxes: list[Box]) -> None:
        self.cells: dict[tuple[int, int], list[tuple[Box, int]]] = defaultdict(list)
        for box in boxes:
            self.add(box)

    def _cells(self, box: Box) -> list[tuple[int, int]]:
        left, top = int(box[0] // self.CELL), int(box[1] // self.CELL)
        right, bottom = int(box[2] // self.CELL), int(box[3] // self.CELL)
        return [(x, y) for x in range(left, right + 1) for y in range(top, bottom + 1)]

    def add(self, box: Box, owner: int = -1) -> None:
        for cell in self._cells(box):
            self.cells[cell].append((box, owner))

    def overlap(self, box: Box, mine: int = -2) -> float:
        """The area of `box` covered by the boxes taken (each counted once), but `mine`."""
        near = {
            id(other): other
            for cell in self._cells(box)
            for other, owner in self.cells.get(cell, ())
            if owner != mine
        }
        return sum(
            max(0.0, min(box[2], other[2]) - max(box[0], other[0]))
            * max(0.0, min(box[3], other[3]) - max(box[1], other[1]))
            for other in near.values()
        )


def _edge_label(affiliation: Affiliation) -> str:
    role = " ".join(visible_controls(affiliation.role or "").split())
    since, until = show_date(affiliation.since), show_date(affiliation.until)
    dates = f"{since}–{until}" if since and until else f"from {since}" if since else ""
    dates = dates or (f"until {until}" if until else "")
    return f"{role} ({dates})" if role and dates else role or dates


def affiliation_edges(actors: dict[str, Actor], focus: str | None = None) -> list[Edge]:
    """One edge per affiliation with a known actor other than itself (with `focus`, only
    those of that actor, either way)."""
    pairs: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for actor_id in sorted(actors):
        for affiliation in actors[actor_id].affiliations:
            other = affiliation.actor
            if other not in actors or other == actor_id or focus not in (None, actor_id, other):
                continue
            first, second = sorted((actor_id, other))
            pairs[first, second].append((actor_id, other, _edge_label(affiliation)))
    return [
        Edge(source_id, target_id, label, (number - (len(group) - 1) / 2) * 36.0)
        for group in pairs.values()
        for number, (source_id, target_id, label) in enumerate(group)
    ]


def curve(edge: Edge, nodes: dict[str, Point], t: float = 0.5) -> tuple[Point, Point, Point]:
    """The point at t along the edge's curve (from source to target), and its control point."""
    (x1, y1), (x2, y2) = nodes[edge.source_id], nodes[edge.target_id]
    sign = 1 if edge.source_id < edge.target_id else -1  # bend the same way, whichever direction
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    cx = (x1 + x2) / 2 - 2 * sign * edge.bend * (y2 - y1) / length
    cy = (y1 + y2) / 2 + 2 * sign * edge.bend * (x2 - x1) / length
    x = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t**2 * x2
    y = (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t**2 * y2
    return (x, y), (cx, cy), (x2, y2)


def _draw(
    nodes: dict[str, Point],
    names: dict[str, str],
    edges: dict[int, Edge],
    span: tuple[float, float] | None = None,
) -> Drawing:
    """Names beside their nodes; roles where they fit, within `span` (left, right) if given."""
    taken = _Taken([(x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS) for x, y in nodes.values()])
    for number, edge in edges.items():  # the lines, as a string of small boxes
        for step in range(1, 20):
            (x, y), _, _ = curve(edge, nodes, step / 20)
            taken.add((x - 2, y - 2, x + 2, y + 2), number)
    drawing = Drawing(nodes, {}, {})
    for actor_id, (x, y) in sorted(nodes.items(), key=lambda item: (item[1][1], item[0])):
        text = names[actor_id]
        spots = [
            Spot(x, y + RADIUS + NAME_SIZE, "middle"),
            Spot(x, y - RADIUS - 4, "middle"),
            Spot(x + RADIUS + 4, y + 4, "start"),
            Spot(x - RADIUS - 4, y + 4, "end"),
        ]
        boxes = [_text_box(spot, text, NAME_SIZE) for spot in spots]
        best = min(range(len(spots)), key=lambda number: taken.overlap(boxes[number]))
        taken.add(boxes[best])
        drawing.names[actor_id] = spots[best]
    for number, edge in edges.items():
        if edge.label:
            _place_role(drawing, taken, number, edge, span)
    return drawing


def _place_role(
    drawing: Drawing, taken: _Taken, number: int, edge: Edge, span: tuple[float, float] | None
) -> None:
    """The first place for the edge's label that covers nothing: on its curve (over its own
    line only), else beside it. None: the table beside the picture gives it."""
    for t in ROLE_PLACES:
        (x, y), _, _ = curve(edge, drawing.nodes, t)
        places = [
            (Spot(x, y + ROLE_SIZE * 0.3, "middle"), number),
            (Spot(x + 6, y + ROLE_SIZE * 0.3, "start"), -2),
            (Spot(x - 6, y + ROLE_SIZE * 0.3, "end"), -2),
        ]
        for spot, mine in places:
            box = _text_box(spot, edge.label, ROLE_SIZE)
            inside = span is None or span[0] <= box[0] and box[2] <= span[1]
            if inside and taken.overlap(box, mine) == 0:
                taken.add(box)
                drawing.roles[number] = spot
                return


def bounds(drawing: Drawing, names: dict[str, str], edges: list[Edge]) -> Box:
    boxes = [(x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS) for x, y in drawing.nodes.values()]
    boxes += [_text_box(spot, names[key], NAME_SIZE) for key, spot in drawing.names.items()]
    boxes += [_text_box(spot, edges[key].label, ROLE_SIZE) for key, spot in drawing.roles.items()]
    lefts, tops, rights, bottoms = zip(*boxes, strict=True)
    return min(lefts), min(tops), max(rights), max(bottoms)


def _group_nodes(group: list[str], links: list[tuple[str, str]]) -> dict[str, Point]:
    # a graph of its own, built in a fixed order: a subgraph view would follow the order of a
    # set, which changes with the hash seed from one run to the next
    part = nx.Graph()
    part.add_nodes_from(group)
    part.add_edges_from(links)
    if len(group) <= KAMADA_KAWAI_MAX:
        raw = nx.kamada_kawai_layout(part)
    else:  # Kamada-Kawai's cost grows with the square of the nodes; a fixed seed keeps
        raw = nx.spring_layout(part, seed=1)  # the same picture from run to run
    lengths = [math.dist(raw[a], raw[b]) for a, b in part.edges]
    scale = EDGE_LENGTH / ((sum(lengths) / len(lengths)) or 1.0)
    points = {node: (float(raw[node][0]) * scale, float(raw[node][1]) * scale) for node in group}
    # turned so that its longest extent lies across the page, which is wider than tall
    mean_x = sum(x for x, _ in points.values()) / len(points)
    mean_y = sum(y for _, y in points.values()) / len(points)
    sxx = sum((x - mean_x) ** 2 for x, _ in points.values())
    syy = sum((y - mean_y) ** 2 for _, y in points.values())
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points.values())
    angle = -0.5 * math.atan2(2 * sxy, sxx - syy)
    cos, sin = math.cos(angle), math.sin(angle)
    turned = {}
    for node, (x, y) in points.items():
        dx, dy = x - mean_x, y - mean_y
        turned[node] = (round(dx * cos - dy * sin, 6), round(dx * sin + dy * cos, 6))
    return turned


def _loners(group: list[str], names: dict[str, str]) -> list[list[str]]:
    """Actors with no affiliation: rows of them side by side, no row wider than WIDTH."""
    rows: list[list[str]] = [[]]
    x = 0.0
    for node in group:
        width = max(len(names[node]) * NAME_SIZE * CHAR_WIDTH, 2 * RADIUS) + GAP / 2
        if rows[-1] and x + width > WIDTH:
            rows.append([])
            x = 0.0
        rows[-1].append(node)
        x += width
    return rows


def _row_nodes(row: list[str], names: dict[str, str]) -> dict[str, Point]:
    nodes, x = {}, 0.0
    for node in row:
        width = max(len(names[node]) * NAME_SIZE * CHAR_WIDTH, 2 * RADIUS) + GAP / 2
        nodes[node], x = (x + width / 2, 0.0), x + width
    return nodes


def layout(names: dict[str, str], edges: list[Edge]) -> Drawing:
    # `briefing serve` draws the network page and the actors' pages an edit reaches again
    # and again; the layout (Kamada-Kawai: most of a drawing's time) is the same as long as
    # the names and affiliations drawn are
    return _laid_out(tuple(sorted(names.items())), tuple(edges))


@functools.lru_cache(maxsize=4096)
def _laid_out(shown: tuple[tuple[str, str], ...], drawn: tuple[Edge, ...]) -> Drawing:
    names, edges = dict(shown), list(drawn)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(names))
    graph.add_edges_from((edge.source_id, edge.target_id) for edge in edges)
    groups = sorted(
        (sorted(group) for group in nx.connected_components(graph)),
        key=lambda group: (-len(group), group),
    )
    isolated = [group[0] for group in groups if len(group) == 1]
    drawings = [
        (drawing, bounds(drawing, names, edges), False)
        for drawing in (_group_drawing(group, names, edges) for group in groups if len(group) > 1)
    ]
    for row in _loners(isolated, names) if isolated else []:
        drawing = _draw(_row_nodes(row, names), names, {})
        drawings.append((drawing, bounds(drawing, names, edges), True))
    return _packed(drawings)


def _group_drawing(group: list[str], names: dict[str, str], edges: list[Edge]) -> Drawing:
    """A group of linked actors, shrunk until its names fit the width too, then its roles
    placed in what the names leave of the width."""
    own = {number: edge for number, edge in enumerate(edges) if edge.source_id in group}
    nodes = _group_nodes(group, [(edge.source_id, edge.target_id) for edge in own.values()])
    for _ in range(4):
        named = Drawing(nodes, _draw(nodes, names, own).names, {})
        left, _top, right, _bottom = bounds(named, names, edges)
        xs = [x for x, _ in nodes.values()]
        spread = max(xs) - min(xs)
        if right - left <= WIDTH or spread < WIDTH / 4:
            break
        factor = max(0.5, (WIDTH - (right - left - spread)) / spread)
        nodes = {key: (x * factor, y * factor) for key, (x, y) in nodes.items()}
    return _draw(nodes, names, own, (right - WIDTH, left + WIDTH))


def _packed(drawings: list[tuple[Drawing, Box, bool]]) -> Drawing:
    """The drawings (with their bounds, and whether they are a row of loners) in rows no
    wider than WIDTH, each row of loners on a row of its own."""
    placed = Drawing({}, {}, {})
    x = y = row_height = 0.0
    for drawing, (left, top, right, bottom), loners in drawings:
        if x > 0 and (x + right - left > WIDTH or loners):
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        dx, dy = x - left, y - top
        placed.nodes.update({key: (px + dx, py + dy) for key, (px, py) in drawing.nodes.items()})
        placed.names.update({key: spot.moved(dx, dy) for key, spot in drawing.names.items()})
        placed.roles.update({key: spot.moved(dx, dy) for key, spot in drawing.roles.items()})
        x, row_height = x + right - left + GAP, max(row_height, bottom - top)
    return placed
