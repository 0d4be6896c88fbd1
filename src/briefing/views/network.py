"""The actors and their affiliations as static SVG pictures, for the site and the PDF: an
overview of the most affiliated actors, and each actor's own neighbourhood.

A picture is drawn at its own size, one unit a CSS pixel, no wider than WIDTH: every label is
NAME_SIZE or ROLE_SIZE pixels on the page (a narrower screen scrolls it; the PDF sets it no
smaller than 7 pt). Past OVERVIEW_ACTORS, the overview shows only the actors with the most
affiliations. Each group of linked actors is laid out by networkx (Kamada-Kawai, which has no
randomness; past KAMADA_KAWAI_MAX actors, the spring model with a fixed seed), shrunk to fit
the width, and the groups are packed in rows, largest first. Actors with no affiliation
either way are set in last rows at the bottom, so that every actor shown has a node to click.
Each name takes the first place beside its node where it covers nothing; a relationship's
label is drawn only where it covers no other label, node or line: the table beside the
picture lists every relationship. Numbers are rounded, so the same actors always give the
same bytes.
"""

from __future__ import annotations

import functools
import math
import typing
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from briefing.check.quotes import visible_controls
from briefing.records.dates import show_date
from briefing.records.model import Actor, ActorKind, Affiliation

# Okabe-Ito colours, told apart by colour-blind readers too; one per kind, in ActorKind's order
PALETTE = ("#0072B2", "#E69F00", "#D55E00", "#CC79A7", "#009E73", "#56B4E9", "#999999")
COLOURS = dict(zip(typing.get_args(ActorKind), PALETTE, strict=True))
RADIUS, NAME_SIZE, ROLE_SIZE = 8.0, 13, 12  # px on the site: 12 is the least legible size
WIDTH = 660.0  # a picture's widest, in px: the text column of a laptop's page
CHAR_WIDTH = 0.62  # a sans-serif letter's average width, in em (DejaVu Sans's, rounded up)
EDGE_LENGTH = 190.0  # room for a role label between two affiliated actors
GAP, PAD, LEGEND = 32.0, 8.0, 30.0
NAME_CHARS = 40
OVERVIEW_ACTORS = 16  # the overview's most; each actor's page draws its own neighbours
KAMADA_KAWAI_MAX = 60  # larger groups are laid out by the spring model
ROLE_PLACES = (0.5, 0.4, 0.6, 0.3, 0.7)  # where along its edge a role label may go
ARROW_ID = "briefing-network-arrow"
ARROW = (
    f'<defs><marker id="{ARROW_ID}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
    'markerHeight="7" orient="auto"><path class="arrow" d="M0,0 L10,5 L0,10 z" fill="#767676"/>'
    "</marker></defs>"
)
# light colours by default (the PDF, a file opened alone); the site's stylesheet sets its own
# for the dark scheme through these classes
HALO = 'stroke="#fff" stroke-width="4" stroke-linejoin="round" style="paint-order:stroke"'

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom


class _Edge(NamedTuple):
    source_id: str
    target_id: str
    label: str
    bend: float  # sideways shift of the curve's middle, so that parallel edges stay apart


class _Spot(NamedTuple):
    """Where a label goes: its baseline's anchor point, and which end of the text it is."""

    x: float
    y: float
    anchor: str  # SVG's text-anchor: start, middle or end

    def moved(self, dx: float, dy: float) -> _Spot:
        return self._replace(x=self.x + dx, y=self.y + dy)


class _Drawing(NamedTuple):
    """Where the nodes, their names (baselines) and the edges' labels go."""

    nodes: dict[str, Point]
    names: dict[str, _Spot]
    roles: dict[int, _Spot]  # by index in the list of edges; an edge without room has none


def _text(value: str) -> str:
    return escape(visible_controls(value))


def _attr(value: str) -> str:
    return quoteattr(visible_controls(value))


def _shorten(text: str, limit: int) -> str:
    text = " ".join(visible_controls(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text_box(spot: _Spot, text: str, size: int) -> Box:
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


def _edges(actors: dict[str, Actor], focus: str | None = None) -> list[_Edge]:
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
        _Edge(source_id, target_id, label, (number - (len(group) - 1) / 2) * 36.0)
        for group in pairs.values()
        for number, (source_id, target_id, label) in enumerate(group)
    ]


def _curve(edge: _Edge, nodes: dict[str, Point], t: float = 0.5) -> tuple[Point, Point, Point]:
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
    edges: dict[int, _Edge],
    span: tuple[float, float] | None = None,
) -> _Drawing:
    """Names beside their nodes; roles where they fit, within `span` (left, right) if given."""
    taken = _Taken([(x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS) for x, y in nodes.values()])
    for number, edge in edges.items():  # the lines, as a string of small boxes
        for step in range(1, 20):
            (x, y), _, _ = _curve(edge, nodes, step / 20)
            taken.add((x - 2, y - 2, x + 2, y + 2), number)
    drawing = _Drawing(nodes, {}, {})
    for actor_id, (x, y) in sorted(nodes.items(), key=lambda item: (item[1][1], item[0])):
        text = names[actor_id]
        spots = [
            _Spot(x, y + RADIUS + NAME_SIZE, "middle"),
            _Spot(x, y - RADIUS - 4, "middle"),
            _Spot(x + RADIUS + 4, y + 4, "start"),
            _Spot(x - RADIUS - 4, y + 4, "end"),
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
    drawing: _Drawing, taken: _Taken, number: int, edge: _Edge, span: tuple[float, float] | None
) -> None:
    """The first place for the edge's label that covers nothing: on its curve (over its own
    line only), else beside it. None: the table beside the picture gives it."""
    for t in ROLE_PLACES:
        (x, y), _, _ = _curve(edge, drawing.nodes, t)
        places = [
            (_Spot(x, y + ROLE_SIZE * 0.3, "middle"), number),
            (_Spot(x + 6, y + ROLE_SIZE * 0.3, "start"), -2),
            (_Spot(x - 6, y + ROLE_SIZE * 0.3, "end"), -2),
        ]
        for spot, mine in places:
            box = _text_box(spot, edge.label, ROLE_SIZE)
            inside = span is None or span[0] <= box[0] and box[2] <= span[1]
            if inside and taken.overlap(box, mine) == 0:
                taken.add(box)
                drawing.roles[number] = spot
                return


def _bounds(drawing: _Drawing, names: dict[str, str], edges: list[_Edge]) -> Box:
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


def _layout(names: dict[str, str], edges: list[_Edge]) -> _Drawing:
    # `briefing serve` draws the network page and the actors' pages an edit reaches again
    # and again; the layout (Kamada-Kawai: most of a drawing's time) is the same as long as
    # the names and affiliations drawn are
    return _laid_out(tuple(sorted(names.items())), tuple(edges))


@functools.lru_cache(maxsize=4096)
def _laid_out(shown: tuple[tuple[str, str], ...], drawn: tuple[_Edge, ...]) -> _Drawing:
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
        (drawing, _bounds(drawing, names, edges), False)
        for drawing in (_group_drawing(group, names, edges) for group in groups if len(group) > 1)
    ]
    for row in _loners(isolated, names) if isolated else []:
        drawing = _draw(_row_nodes(row, names), names, {})
        drawings.append((drawing, _bounds(drawing, names, edges), True))
    return _packed(drawings)


def _group_drawing(group: list[str], names: dict[str, str], edges: list[_Edge]) -> _Drawing:
    """A group of linked actors, shrunk until its names fit the width too, then its roles
    placed in what the names leave of the width."""
    own = {number: edge for number, edge in enumerate(edges) if edge.source_id in group}
    nodes = _group_nodes(group, [(edge.source_id, edge.target_id) for edge in own.values()])
    for _ in range(4):
        named = _Drawing(nodes, _draw(nodes, names, own).names, {})
        left, _top, right, _bottom = _bounds(named, names, edges)
        xs = [x for x, _ in nodes.values()]
        spread = max(xs) - min(xs)
        if right - left <= WIDTH or spread < WIDTH / 4:
            break
        factor = max(0.5, (WIDTH - (right - left - spread)) / spread)
        nodes = {key: (x * factor, y * factor) for key, (x, y) in nodes.items()}
    return _draw(nodes, names, own, (right - WIDTH, left + WIDTH))


def _packed(drawings: list[tuple[_Drawing, Box, bool]]) -> _Drawing:
    """The drawings (with their bounds, and whether they are a row of loners) in rows no
    wider than WIDTH, each row of loners on a row of its own."""
    placed = _Drawing({}, {}, {})
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


def _legend(kinds: list[str], top: float, left: float) -> tuple[list[str], float]:
    parts, x = [], left
    for kind in kinds:
        parts.append(
            f'<circle cx="{x + 6:.1f}" cy="{top + 6:.1f}" r="6" fill="{COLOURS[kind]}" '
            'class="node" stroke="#222" stroke-width="1"/>'
        )
        shown = kind.replace("-", " ")  # 'armed group': a reader's words, as short
        parts.append(f'<text x="{x + 16:.1f}" y="{top + 11:.1f}">{shown}</text>')
        x += 16 + len(shown) * ROLE_SIZE * CHAR_WIDTH + 16
    return parts, x - left


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _degrees(actors: dict[str, Actor]) -> dict[str, int]:
    degree: dict[str, int] = dict.fromkeys(actors, 0)
    for actor_id, actor in actors.items():
        for affiliation in actor.affiliations:
            if affiliation.actor in actors and affiliation.actor != actor_id:
                degree[actor_id] += 1
                degree[affiliation.actor] += 1
    return degree


def shown_actors(actors: dict[str, Actor]) -> dict[str, Actor]:
    """The actors the overview shows: all of them up to OVERVIEW_ACTORS, else the
    OVERVIEW_ACTORS with the most affiliations either way. Actors tied at the cut are all
    left out, rather than some chosen by their ids, unless that would leave fewer than half
    (then ties by id). More could not be read at a legible size; each actor's page draws its
    own neighbours, and the table lists every affiliation."""
    if len(actors) <= OVERVIEW_ACTORS:
        return actors
    degree = _degrees(actors)
    ranked = sorted(actors, key=lambda actor_id: (-degree[actor_id], actor_id))
    cut = degree[ranked[OVERVIEW_ACTORS]]
    above = [actor_id for actor_id in ranked[:OVERVIEW_ACTORS] if degree[actor_id] > cut]
    chosen = above if len(above) >= OVERVIEW_ACTORS // 2 else ranked[:OVERVIEW_ACTORS]
    return {actor_id: actors[actor_id] for actor_id in sorted(chosen)}


def neighbourhood(
    actors: dict[str, Actor], actor_id: str, affiliated: Iterable[str]
) -> dict[str, Actor]:
    """The actor and every actor it is affiliated with, either way: `affiliated` are the
    actors affiliated with it (Synthesis.affiliated_with; looking through every actor for
    each actor's page made rendering quadratic)."""
    near = {actor_id, *affiliated}
    near |= {a.actor for a in actors[actor_id].affiliations if a.actor in actors}
    return {other_id: actors[other_id] for other_id in sorted(near)}


@dataclass(frozen=True)
class NetworkPicture:
    """A drawn network: its SVG, its size in pixels (one unit of its view box a pixel), and
    what it shows in words (the SVG's own label), for a view that sets it as an image."""

    svg: str
    width: int
    height: int
    alt: str

    @property
    def wide(self) -> bool:
        return self.width > self.height


_OPEN_TAG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
    'viewBox="{box}" role="group" aria-label={label} font-family="sans-serif">'
)


def draw_network(
    actors: dict[str, Actor], href: Callable[[str], str], focus: str | None = None
) -> NetworkPicture:
    """An SVG of the actors given (nodes linking to href(actor_id)) and their affiliations
    (edges; with `focus`, only that actor's, and its node drawn larger): the caller chooses
    them (`shown_actors`, `neighbourhood`). Affiliations with an actor not drawn, or with the
    actor itself, are left out. The picture is a group of links, not an image: its label
    says what it shows, each link its actor."""
    if not actors:
        alt = "Network of actors: none"
        tag = _OPEN_TAG.format(width=240, height=32, box="0 0 240 32", label=_attr(alt))
        svg = tag + f'\n<text x="8" y="20" font-size="{NAME_SIZE}">No actors.</text>\n</svg>\n'
        return NetworkPicture(svg, 240, 32, visible_controls(alt))
    names = {actor_id: _shorten(actor.name, NAME_CHARS) for actor_id, actor in actors.items()}
    edges = _edges(actors, focus)
    drawing = _layout(names, edges)
    left, top, right, bottom = _bounds(drawing, names, edges)
    kinds = [kind for kind in COLOURS if any(actor.kind == kind for actor in actors.values())]
    legend, legend_width = _legend(kinds, top - LEGEND, left)
    width, height = max(right - left, legend_width), bottom - top + LEGEND
    # whole pixels: the width and height given are the view box's, one unit a pixel
    width, height = math.ceil(width + 2 * PAD), math.ceil(height + 2 * PAD)
    box = f"{left - PAD:.1f} {top - LEGEND - PAD:.1f} {width} {height}"
    what = f"{_count(len(actors), 'actor')} and {_count(len(edges), 'affiliation')}"
    alt = f"Neighbourhood of {actors[focus].name}: {what}" if focus else f"Network of {what}"
    paths, roles = _edge_elements(edges, drawing)
    lines = [_OPEN_TAG.format(width=width, height=height, box=box, label=_attr(alt)), ARROW]
    for group, elements in (
        (f'<g class="legend" font-size="{ROLE_SIZE}" fill="#222">', legend),
        (
            f'<g class="edges" fill="none" stroke="#767676" stroke-width="1.2" '
            f'marker-end="url(#{ARROW_ID})">',
            paths,
        ),
        (f'<g class="roles" font-size="{ROLE_SIZE}" fill="#444" {HALO}>', roles),
        (
            f'<g class="names" font-size="{NAME_SIZE}" fill="#222" {HALO}>',
            _node_elements(actors, names, drawing, href, focus),
        ),
    ):
        lines += [group, *elements, "</g>"]
    svg = "\n".join([*lines, "</svg>"]) + "\n"
    return NetworkPicture(svg, width, height, visible_controls(alt))


def _edge_elements(edges: list[_Edge], drawing: _Drawing) -> tuple[list[str], list[str]]:
    """Each edge's curve, ending short of its target's node so that the arrow head shows,
    and the role labels that found a place."""
    paths, roles = [], []
    for number, edge in enumerate(edges):
        (sx, sy), (cx, cy), (ex, ey) = _curve(edge, drawing.nodes, 0.0)
        rim = (RADIUS + 1.5) / (math.hypot(ex - cx, ey - cy) or 1.0)
        ex, ey = ex - (ex - cx) * rim, ey - (ey - cy) * rim
        paths.append(f'<path d="M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"/>')
        if number in drawing.roles:
            x, y, anchor = drawing.roles[number]
            roles.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{_text(edge.label)}</text>'
            )
    return paths, roles


def _node_elements(
    actors: dict[str, Actor],
    names: dict[str, str],
    drawing: _Drawing,
    href: Callable[[str], str],
    focus: str | None,
) -> list[str]:
    """Each actor as a link: its node, its name, and a title with its kind and aliases."""
    nodes = []
    for actor_id in sorted(actors):
        actor, (x, y) = actors[actor_id], drawing.nodes[actor_id]
        name_x, name_y, anchor = drawing.names[actor_id]
        title = f"{actor.name} ({actor.kind.replace('-', ' ')})"
        title += f"\nalso: {', '.join(actor.aliases)}" if actor.aliases else ""
        radius, weight = (RADIUS + 3, ' font-weight="bold"') if actor_id == focus else (RADIUS, "")
        nodes.append(
            f"<a href={_attr(href(actor_id))}><title>{_text(title)}</title>"
            f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.0f}" '
            f'fill="{COLOURS[actor.kind]}" stroke="#222" stroke-width="1"/>'
            f'<text x="{name_x:.1f}" y="{name_y:.1f}" text-anchor="{anchor}"{weight}>'
            f"{_text(names[actor_id])}</text></a>"
        )
    return nodes
