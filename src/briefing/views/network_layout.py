"""Where the network pictures put their actors (views.network_place then puts their names,
lines and role labels, and views.network draws them).

Each group of linked actors is laid out on its own. A star (one actor and FAN_LEAVES or more
actors linked to it alone: each actor's page draws one) is a fan: the actor at the top, its
name above it, the others in a column on each side (or one, if two are too wide), their names
outwards, each line leaving the top actor downwards and reaching its other end level, so that
no line passes a name. Any other group is laid out by networkx (Kamada-Kawai, which has no
randomness; past KAMADA_KAWAI_MAX actors, the spring model with a fixed seed), shrunk to fit
WIDTH, and spread further apart until every name and line has a free place. The groups are
packed in rows, largest first; actors with no affiliation either way are set in last rows at
the bottom, so that every actor shown has a node to click. Numbers are rounded, so the same
actors always give the same places.
"""

from __future__ import annotations

import functools
import importlib
import math
from collections import defaultdict
from typing import NamedTuple

import networkx as nx
from threadpoolctl import ThreadpoolController

from briefing.records.dates import show_date
from briefing.records.model import Actor, Affiliation
from briefing.views.network_lines import (
    Box,
    Path,
    Point,
    bowed,
    node_box,
    sample,
    straight,
)
from briefing.views.network_place import (
    NAME_GAP,
    NAME_SIZE,
    ROLE_SIZE,
    Drawing,
    Line,
    Sheet,
    draw,
    nodes_taken,
    place_names,
    shortened,
    text_box,
    text_width,
)

RADIUS = 8.0  # a node's, in px; the actor a neighbourhood is drawn around has FOCUS_RADIUS
FOCUS_RADIUS = RADIUS + 3
WIDTH = 660.0  # a picture's widest, in px: the text column of a laptop's page
EDGE_LENGTH = 190.0  # room for a role label between two affiliated actors
GAP = 32.0  # between two groups of actors
KAMADA_KAWAI_MAX = 60  # larger groups are laid out by the spring model
SPREADS = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)  # how far a group is spread to free its lines
FAN_LEAVES = 4  # a star of this many actors around one is drawn as a fan
FAN_REACH = 110.0  # from a fan's top actor across to each column
FAN_TOP, FAN_ROW = 36.0, 22.0  # from a fan's top actor down to its first row; between rows
FAN_LEVEL = 24.0  # a fan's line runs level into its node over this length


# a group of actors with their names left out: how many, and which pairs (by place) are linked
Shape = tuple[int, tuple[tuple[int, int], ...]]


class Edge(NamedTuple):
    source_id: str
    target_id: str
    label: str
    bend: float  # sideways shift of the curve's middle, so that parallel edges stay apart


ROLE_CHARS = 160  # a role's label is cut after this many characters (the sample's: 114)


def _edge_label(affiliation: Affiliation) -> str:
    role = shortened(affiliation.role or "", ROLE_CHARS)
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


def bounds(drawing: Drawing, names: dict[str, str], edges: list[Edge], focus: str | None) -> Box:
    """What the drawing covers: its nodes, names, role labels and lines."""
    boxes = [
        node_box(point, FOCUS_RADIUS if key == focus else RADIUS)
        for key, point in drawing.nodes.items()
    ]
    boxes += [
        text_box(spot, names[key], NAME_SIZE, key == focus) for key, spot in drawing.names.items()
    ]
    boxes += [text_box(spot, edges[key].label, ROLE_SIZE) for key, spot in drawing.roles.items()]
    boxes += [(x, y, x, y) for path in drawing.paths.values() for x, y in sample(path, 12.0)]
    lefts, tops, rights, bottoms = zip(*boxes, strict=True)
    return min(lefts), min(tops), max(rights), max(bottoms)


def shape_of(group: list[str], links: list[tuple[str, str]]) -> Shape:
    """The group's shape, whatever its actors' names: how many they are and which of them
    are linked, each actor by its place in `group` (sorted), each link once."""
    place = {node: number for number, node in enumerate(group)}
    ends = ((place[a], place[b]) for a, b in links if a != b)
    return len(group), tuple(sorted({(min(one), max(one)) for one in ends}))


def load_layout() -> None:
    """Load what Kamada-Kawai's layout imports when first called (scipy's optimiser: 0.8 s)
    and find its BLAS libraries, before the processes that draw the pictures are forked,
    which then share both."""
    _blas()


@functools.cache
def _blas() -> ThreadpoolController:
    """The BLAS libraries numpy and scipy loaded, found once they are loaded (7 ms). Their
    OpenBLAS starts a thread per core, which waits for work by spinning: a layout of three
    actors, 4 ms alone, took 140 ms while another process kept the other core busy (the
    render's other worker, or MkDocs beside `serve`). A layout's arrays are a few dozen
    numbers, so each is laid out on one thread."""
    # first: a controller finds only the libraries loaded, and scipy's optimiser loads its own
    importlib.import_module("scipy.optimize")
    return ThreadpoolController()


@functools.lru_cache(maxsize=1024)
def raw_layout(shape: Shape) -> tuple[Point, ...]:
    """Where networkx puts the actors of a group of this shape, in the order of `group`.
    Both of its layouts read only the graph's order of nodes and which of them are linked
    (no weights), so a shape laid out once serves every group of that shape: most actors'
    pages draw a small star of the same few shapes (at 10,000 sources, 2,500 pictures;
    Kamada-Kawai took 12 ms each)."""
    count, pairs = shape
    # a graph of its own, built in a fixed order: a subgraph view would follow the order of a
    # set, which changes with the hash seed from one run to the next
    part = nx.Graph()
    part.add_nodes_from(range(count))
    part.add_edges_from(pairs)
    with _blas().limit(limits=1, user_api="blas"):
        if count <= KAMADA_KAWAI_MAX:
            raw = nx.kamada_kawai_layout(part)
        else:  # Kamada-Kawai's cost grows with the square of the nodes; a fixed seed keeps
            raw = nx.spring_layout(part, seed=1)  # the same picture from run to run
    return tuple((float(raw[node][0]), float(raw[node][1])) for node in range(count))


def _group_nodes(group: list[str], links: list[tuple[str, str]]) -> dict[str, Point]:
    part = nx.Graph()  # for its edges, in the order they were added (the mean length's sum)
    part.add_nodes_from(group)
    part.add_edges_from(links)
    raw = dict(zip(group, raw_layout(shape_of(group, links)), strict=True))
    lengths = [math.dist(raw[a], raw[b]) for a, b in part.edges]
    scale = EDGE_LENGTH / ((sum(lengths) / len(lengths)) or 1.0)
    points = {node: (raw[node][0] * scale, raw[node][1] * scale) for node in group}
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
        width = max(text_width(names[node], NAME_SIZE), 2 * RADIUS) + GAP / 2
        if rows[-1] and x + width > WIDTH:
            rows.append([])
            x = 0.0
        rows[-1].append(node)
        x += width
    return rows


def _row_nodes(row: list[str], names: dict[str, str]) -> dict[str, Point]:
    nodes, x = {}, 0.0
    for node in row:
        width = max(text_width(names[node], NAME_SIZE), 2 * RADIUS) + GAP / 2
        nodes[node], x = (x + width / 2, 0.0), x + width
    return nodes


def layout(names: dict[str, str], edges: list[Edge], focus: str | None = None) -> Drawing:
    # `briefing serve` draws the network page and the actors' pages an edit reaches again
    # and again; the layout (most of a drawing's time) is the same as long as the names and
    # affiliations drawn are
    return _laid_out(tuple(sorted(names.items())), tuple(edges), focus)


@functools.lru_cache(maxsize=4096)
def _laid_out(
    shown: tuple[tuple[str, str], ...], drawn: tuple[Edge, ...], focus: str | None
) -> Drawing:
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
        (drawing, bounds(drawing, names, edges, focus), False)
        for drawing in (
            _group_drawing(group, names, edges, focus) for group in groups if len(group) > 1
        )
    ]
    for row in _loners(isolated, names) if isolated else []:
        nodes = _row_nodes(row, names)
        sheet = Sheet(nodes, _radii(nodes, focus), names, focus, {}, {})
        drawing = draw(sheet, strict=False)
        assert drawing is not None  # not strict: always drawn
        drawings.append((drawing, bounds(drawing, names, edges, focus), True))
    return _packed(drawings)


def _radii(nodes: dict[str, Point], focus: str | None) -> dict[str, float]:
    return {key: FOCUS_RADIUS if key == focus else RADIUS for key in nodes}


def _hub(group: list[str], own: dict[int, Edge]) -> str | None:
    """The actor every other of the group is linked to, and only to it, if there are
    FAN_LEAVES others or more."""
    near: dict[str, set[str]] = defaultdict(set)
    for edge in own.values():
        near[edge.source_id].add(edge.target_id)
        near[edge.target_id].add(edge.source_id)
    hubs = [key for key in group if len(near[key]) == len(group) - 1]
    if len(group) - 1 < FAN_LEAVES or not hubs:
        return None
    hub = hubs[0]
    return hub if all(near[key] == {hub} for key in group if key != hub) else None


def _group_drawing(
    group: list[str], names: dict[str, str], edges: list[Edge], focus: str | None
) -> Drawing:
    """A group of linked actors: a fan if it is a star; else laid out by networkx, fitted to
    the width, then spread further until every name and line has a free place."""
    own = {number: edge for number, edge in enumerate(edges) if edge.source_id in group}
    hub = _hub(group, own)
    if hub is not None:
        sheet = _fan(hub, [key for key in group if key != hub], names, own, focus)
        return draw(sheet) or _drawn(draw(sheet, strict=False))
    links = [(edge.source_id, edge.target_id) for edge in own.values()]
    nodes, (left, right) = _fitted(_group_nodes(group, links), names, own, focus)
    slack = max(0.0, WIDTH - (right - left)) / 2  # the role labels keep the group in WIDTH
    span = (left - slack, right + slack)
    for spread in SPREADS:
        spread_nodes = {
            key: (round(x * spread, 6), round(y * spread, 6)) for key, (x, y) in nodes.items()
        }
        drawing = draw(_sheet(spread_nodes, names, own, focus, span))
        if drawing is not None:
            return drawing
    return _drawn(draw(_sheet(nodes, names, own, focus, span), strict=False))


def _drawn(drawing: Drawing | None) -> Drawing:
    assert drawing is not None  # not strict: always drawn
    return drawing


def _sheet(
    nodes: dict[str, Point],
    names: dict[str, str],
    own: dict[int, Edge],
    focus: str | None,
    span: tuple[float, float] | None = None,
) -> Sheet:
    """A group laid out freely: its lines bowed apart where two actors have several."""
    lines = {}
    for number, edge in own.items():
        start, end = nodes[edge.source_id], nodes[edge.target_id]
        sign = 1 if edge.source_id < edge.target_id else -1  # bow the same way, either direction
        lines[number] = Line(
            edge.source_id, edge.target_id, edge.label, bowed(start, end, -sign * edge.bend)
        )
    return Sheet(nodes, _radii(nodes, focus), names, focus, lines, {}, span)


def _fitted(
    nodes: dict[str, Point], names: dict[str, str], own: dict[int, Edge], focus: str | None
) -> tuple[dict[str, Point], tuple[float, float]]:
    """The group shrunk until its names fit the width too (or it is a quarter of it); and
    how far its nodes and names reach across (left, right)."""
    for _ in range(4):
        sheet = _sheet(nodes, names, own, focus)
        spots = place_names(sheet, nodes_taken(sheet), strict=False) or {}
        left, _top, right, _bottom = bounds(Drawing(nodes, spots, {}, {}), names, [], focus)
        xs = [x for x, _ in nodes.values()]
        spread = max(xs) - min(xs)
        if right - left <= WIDTH or spread < WIDTH / 4:
            break
        factor = max(0.5, (WIDTH - (right - left - spread)) / spread)
        nodes = {key: (x * factor, y * factor) for key, (x, y) in nodes.items()}
    return nodes, (left, right)


def _fan(
    hub: str, leaves: list[str], names: dict[str, str], own: dict[int, Edge], focus: str | None
) -> Sheet:
    """The star as a fan: the hub on top, the others in a column on each side if both fit
    the width, else in one on the right; each line leaves the hub towards its other end and
    reaches it level, so that it passes no name of the column."""
    widths = {leaf: text_width(names[leaf], NAME_SIZE, leaf == focus) for leaf in leaves}
    half = (len(leaves) + 1) // 2
    right, left = leaves[:half], leaves[half:]
    beside = 2 * (FAN_REACH + RADIUS + NAME_GAP)
    if max(widths[leaf] for leaf in right) + max(widths[leaf] for leaf in left) + beside > WIDTH:
        right, left = leaves, []
    nodes, sides = {hub: (0.0, 0.0)}, {hub: "above"}
    for column, sign, side in ((right, 1, "right"), (left, -1, "left")):
        for row, leaf in enumerate(column):
            nodes[leaf], sides[leaf] = (sign * FAN_REACH, FAN_TOP + row * FAN_ROW), side
    lines = {}
    for number, edge in own.items():
        leaf = edge.target_id if edge.source_id == hub else edge.source_id
        (hx, hy), (lx, ly) = nodes[hub], nodes[leaf]
        lift = edge.bend * 0.5  # parallel lines apart in their middles
        qx = lx - math.copysign(FAN_LEVEL, lx - hx)  # from here on, level into the node
        shape: Path = (
            (hx, hy),
            (hx + 0.4 * (qx - hx), hy + 0.4 * (ly - hy) + lift),
            (qx - 0.45 * (qx - hx), ly + lift),
            (qx, ly),
            *straight((qx, ly), (lx, ly))[1:],
        )
        lines[number] = Line(
            edge.source_id,
            edge.target_id,
            edge.label,
            shape if leaf == edge.target_id else shape[::-1],
        )
    return Sheet(nodes, _radii(nodes, focus), names, focus, lines, sides)


def _packed(drawings: list[tuple[Drawing, Box, bool]]) -> Drawing:
    """The drawings (with their bounds, and whether they are a row of loners) in rows no
    wider than WIDTH, each row of loners on a row of its own."""
    placed = Drawing({}, {}, {}, {})
    x = y = row_height = 0.0
    for drawing, (left, top, right, bottom), loners in drawings:
        if x > 0 and (x + right - left > WIDTH or loners):
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        dx, dy = x - left, y - top
        placed.nodes.update({key: (px + dx, py + dy) for key, (px, py) in drawing.nodes.items()})
        placed.names.update({key: spot.moved(dx, dy) for key, spot in drawing.names.items()})
        placed.roles.update({key: spot.moved(dx, dy) for key, spot in drawing.roles.items()})
        placed.paths.update(
            {
                key: tuple((px + dx, py + dy) for px, py in path)
                for key, path in drawing.paths.items()
            }
        )
        x, row_height = x + right - left + GAP, max(row_height, bottom - top)
    return placed
