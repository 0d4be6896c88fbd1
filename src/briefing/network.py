"""The actors and their affiliations as one static SVG picture, for the site and the PDF.

Past MAX_ACTORS, only the actors with the most affiliations are drawn. Each group of linked
actors is laid out by networkx (Kamada-Kawai, which has no randomness; past
KAMADA_KAWAI_MAX actors, the spring model with a fixed seed), and
the groups are packed in rows, largest first. Actors with no affiliation either way are set in a
last row at the bottom, so that every actor has a node to click. Each label takes the first of a
few places along its edge (or above or below its node) where it covers no other label. Numbers
are rounded, so the same actors always give the same bytes.
"""

from __future__ import annotations

import math
import typing
from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from briefing.model import Actor, ActorKind, Affiliation
from briefing.quotes import visible_controls

# Okabe-Ito colours, told apart by colour-blind readers too; one per kind, in ActorKind's order
PALETTE = ("#0072B2", "#E69F00", "#D55E00", "#CC79A7", "#009E73", "#56B4E9", "#999999")
COLOURS = dict(zip(typing.get_args(ActorKind), PALETTE, strict=True))
RADIUS, NAME_SIZE, ROLE_SIZE = 9.0, 12, 11
EDGE_LENGTH = 220.0  # room for a role label between two affiliated actors
GAP, PAD, LEGEND = 40.0, 12.0, 30.0
ROLE_CHARS, NAME_CHARS = 30, 40
MAX_ACTORS = 150  # more would not be legible on a page, and label placement grows squared
KAMADA_KAWAI_MAX = 60  # larger groups are laid out by the spring model
ROLE_PLACES = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)  # where along its edge a role label may go
ARROW_ID = "briefing-network-arrow"
ARROW = (
    f'<defs><marker id="{ARROW_ID}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
    'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>'
)
HALO = 'stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom


class _Edge(NamedTuple):
    source_id: str
    target_id: str
    label: str
    bend: float  # sideways shift of the curve's middle, so that parallel edges stay apart


class _Drawing(NamedTuple):
    """Where the nodes, their names (baselines) and the edges' labels go."""

    nodes: dict[str, Point]
    names: dict[str, Point]
    roles: dict[int, Point]  # by index in the list of edges


def _text(value: str) -> str:
    return escape(visible_controls(value))


def _attr(value: str) -> str:
    return quoteattr(visible_controls(value))


def _shorten(text: str, limit: int) -> str:
    text = " ".join(visible_controls(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text_box(x: float, y: float, text: str, size: int) -> Box:
    half = len(text) * size * 0.29  # a sans-serif letter is about 0.58 em wide on average
    return x - half, y - size * 0.8, x + half, y + size * 0.3


class _Taken:
    """The boxes drawn so far, filed by the grid cells they touch: a new box is compared with
    its neighbours only, not with every box of the picture."""

    CELL = 100.0

    def __init__(self, boxes: list[Box]) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)
        for box in boxes:
            self.add(box)

    def _cells(self, box: Box) -> list[tuple[int, int]]:
        left, top = int(box[0] // self.CELL), int(box[1] // self.CELL)
        right, bottom = int(box[2] // self.CELL), int(box[3] // self.CELL)
        return [(x, y) for x in range(left, right + 1) for y in range(top, bottom + 1)]

    def add(self, box: Box) -> None:
        for cell in self._cells(box):
            self.cells[cell].append(box)

    def overlap(self, box: Box) -> float:
        """The area of `box` covered by the boxes taken (each counted once)."""
        near = {id(other): other for cell in self._cells(box) for other in self.cells.get(cell, ())}
        return sum(
            max(0.0, min(box[2], other[2]) - max(box[0], other[0]))
            * max(0.0, min(box[3], other[3]) - max(box[1], other[1]))
            for other in near.values()
        )


def _edge_label(affiliation: Affiliation) -> str:
    role = _shorten(affiliation.role or "", ROLE_CHARS)
    since, until = affiliation.since, affiliation.until
    dates = f"{since}–{until}" if since and until else f"from {since}" if since else ""
    dates = dates or (f"until {until}" if until else "")
    return f"{role} ({dates})" if role and dates else role or dates


def _edges(actors: dict[str, Actor]) -> list[_Edge]:
    """One edge per affiliation with a known actor other than itself."""
    pairs: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for actor_id in sorted(actors):
        for affiliation in actors[actor_id].affiliations:
            if affiliation.actor in actors and affiliation.actor != actor_id:
                first, second = sorted((actor_id, affiliation.actor))
                pairs[first, second].append((actor_id, affiliation.actor, _edge_label(affiliation)))
    return [
        _Edge(source_id, target_id, label, (number - (len(group) - 1) / 2) * 40.0)
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


def _freest(spots: list[Point], text: str, size: int, taken: _Taken) -> Point:
    """The first spot where the text covers nothing taken, else the one where it covers least."""
    spot = min(spots, key=lambda spot: taken.overlap(_text_box(spot[0], spot[1], text, size)))
    taken.add(_text_box(spot[0], spot[1], text, size))
    return spot


def _draw(nodes: dict[str, Point], names: dict[str, str], edges: dict[int, _Edge]) -> _Drawing:
    taken = _Taken([(x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS) for x, y in nodes.values()])
    drawing = _Drawing(nodes, {}, {})
    for actor_id, (x, y) in sorted(nodes.items(), key=lambda item: (item[1][1], item[0])):
        below, above = (x, y + RADIUS + NAME_SIZE + 1), (x, y - RADIUS - 4)
        drawing.names[actor_id] = _freest([below, above], names[actor_id], NAME_SIZE, taken)
    for number, edge in edges.items():
        places = [_curve(edge, nodes, t)[0] for t in ROLE_PLACES]
        # centred on the curve, else just above or below it
        places = [(x, y + shift) for shift in (4.0, -4.0, 12.0) for x, y in places]
        drawing.roles[number] = _freest(places, edge.label, ROLE_SIZE, taken)
    return drawing


def _bounds(drawing: _Drawing, names: dict[str, str], edges: list[_Edge]) -> Box:
    boxes = [(x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS) for x, y in drawing.nodes.values()]
    boxes += [_text_box(*spot, names[key], NAME_SIZE) for key, spot in drawing.names.items()]
    boxes += [_text_box(*spot, edges[key].label, ROLE_SIZE) for key, spot in drawing.roles.items()]
    lefts, tops, rights, bottoms = zip(*boxes, strict=True)
    return min(lefts), min(tops), max(rights), max(bottoms)


def _group_nodes(
    group: list[str], links: list[tuple[str, str]], names: dict[str, str]
) -> dict[str, Point]:
    if links:
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
        return {node: (float(raw[node][0]) * scale, float(raw[node][1]) * scale) for node in group}
    nodes, x = {}, 0.0  # actors with no affiliation: side by side, far enough for their names
    for node in group:
        width = max(len(names[node]) * NAME_SIZE * 0.58, 2 * RADIUS) + GAP / 2
        nodes[node], x = (x + width / 2, 0.0), x + width
    return nodes


def _layout(names: dict[str, str], edges: list[_Edge]) -> _Drawing:
    graph = nx.Graph()
    graph.add_nodes_from(sorted(names))
    graph.add_edges_from((edge.source_id, edge.target_id) for edge in edges)
    groups = sorted(
        (sorted(group) for group in nx.connected_components(graph)),
        key=lambda group: (-len(group), group),
    )
    isolated = [group[0] for group in groups if len(group) == 1]
    pieces = [group for group in groups if len(group) > 1] + ([isolated] if isolated else [])
    drawings = []
    for group in pieces:
        own = {number: edge for number, edge in enumerate(edges) if edge.source_id in group}
        links = [(edge.source_id, edge.target_id) for edge in own.values()]
        drawing = _draw(_group_nodes(group, links, names), names, own)
        drawings.append((drawing, _bounds(drawing, names, edges)))
    area = sum((right - left) * (bottom - top) for _, (left, top, right, bottom) in drawings)
    row_width = max([1.4 * math.sqrt(area)] + [box[2] - box[0] for _, box in drawings])
    placed = _Drawing({}, {}, {})
    x = y = row_height = 0.0
    for number, (drawing, (left, top, right, bottom)) in enumerate(drawings):
        last_row = bool(isolated) and number == len(drawings) - 1
        if x > 0 and (x + right - left > row_width or last_row):
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        dx, dy = x - left, y - top
        placed.nodes.update({key: (px + dx, py + dy) for key, (px, py) in drawing.nodes.items()})
        placed.names.update({key: (px + dx, py + dy) for key, (px, py) in drawing.names.items()})
        placed.roles.update({key: (px + dx, py + dy) for key, (px, py) in drawing.roles.items()})
        x, row_height = x + right - left + GAP, max(row_height, bottom - top)
    return placed


def _legend(kinds: list[str], top: float, left: float) -> tuple[list[str], float]:
    parts, x = [], left
    for kind in kinds:
        parts.append(f'<circle cx="{x + 6:.1f}" cy="{top + 6:.1f}" r="6" fill="{COLOURS[kind]}"/>')
        parts.append(f'<text x="{x + 16:.1f}" y="{top + 10:.1f}">{kind}</text>')
        x += 16 + len(kind) * NAME_SIZE * 0.58 + 18
    return parts, x - left


def shown_actors(actors: dict[str, Actor]) -> dict[str, Actor]:
    """The actors the picture shows: all of them up to MAX_ACTORS, else the MAX_ACTORS with
    the most affiliations either way (ties by id). A picture of thousands of actors can be
    neither read nor laid out in good time; each actor's page lists its own affiliations."""
    if len(actors) <= MAX_ACTORS:
        return actors
    degree: dict[str, int] = dict.fromkeys(actors, 0)
    for actor_id, actor in actors.items():
        for affiliation in actor.affiliations:
            if affiliation.actor in actors and affiliation.actor != actor_id:
                degree[actor_id] += 1
                degree[affiliation.actor] += 1
    chosen = sorted(actors, key=lambda actor_id: (-degree[actor_id], actor_id))[:MAX_ACTORS]
    return {actor_id: actors[actor_id] for actor_id in sorted(chosen)}


def render_network_svg(every_actor: dict[str, Actor], href: Callable[[str], str]) -> str:
    """An SVG of the actors (nodes linking to href(actor_id)) and their affiliations (edges).

    Every actor is drawn, up to MAX_ACTORS (see `shown_actors`): those with no affiliation
    either way in a row at the bottom. Affiliations with an actor not drawn, or with the
    actor itself, are left out.
    """
    actors = shown_actors(every_actor)
    open_tag = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="{box}" '
        'role="img" aria-label={label} font-family="sans-serif">'
    )
    if not actors:
        return (
            open_tag.format(box="0 0 240 32", label=_attr("Network of actors: none"))
            + f'\n<text x="8" y="20" font-size="{NAME_SIZE}">No actors.</text>\n</svg>\n'
        )
    names = {actor_id: _shorten(actor.name, NAME_CHARS) for actor_id, actor in actors.items()}
    edges = _edges(actors)
    drawing = _layout(names, edges)
    left, top, right, bottom = _bounds(drawing, names, edges)
    kinds = [kind for kind in COLOURS if any(actor.kind == kind for actor in actors.values())]
    legend, legend_width = _legend(kinds, top - LEGEND, left)
    width, height = max(right - left, legend_width), bottom - top + LEGEND
    box = f"{left - PAD:.1f} {top - LEGEND - PAD:.1f} {width + 2 * PAD:.1f} {height + 2 * PAD:.1f}"
    shown = f"the {len(actors)} most affiliated of {len(every_actor)}"
    count = len(actors) if actors is every_actor else shown
    label = _attr(f"Network of {count} actors and {len(edges)} affiliations")
    paths, roles, nodes = [], [], []
    for number, edge in enumerate(edges):
        (sx, sy), (cx, cy), (ex, ey) = _curve(edge, drawing.nodes, 0.0)
        rim = (RADIUS + 1.5) / (math.hypot(ex - cx, ey - cy) or 1.0)  # so the arrow head shows
        ex, ey = ex - (ex - cx) * rim, ey - (ey - cy) * rim
        paths.append(f'<path d="M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"/>')
        x, y = drawing.roles[number]
        roles.append(f'<text x="{x:.1f}" y="{y:.1f}">{_text(edge.label)}</text>')
    for actor_id in sorted(actors):
        actor, (x, y) = actors[actor_id], drawing.nodes[actor_id]
        name_x, name_y = drawing.names[actor_id]
        title = f"{actor.name} ({actor.kind})"
        title += f"\nalso: {', '.join(actor.aliases)}" if actor.aliases else ""
        nodes.append(
            f"<a href={_attr(href(actor_id))}><title>{_text(title)}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS:.0f}" fill="{COLOURS[actor.kind]}" '
            f'stroke-width="1.5"/><text x="{name_x:.1f}" y="{name_y:.1f}">'
            f"{_text(names[actor_id])}</text></a>"
        )
    lines = [open_tag.format(box=box, label=label), ARROW]
    for group, elements in (
        (f'<g font-size="{NAME_SIZE}" fill="#222">', legend),
        (f'<g fill="none" stroke="#999" stroke-width="1.2" marker-end="url(#{ARROW_ID})">', paths),
        (f'<g font-size="{ROLE_SIZE}" fill="#555" text-anchor="middle" {HALO}>', roles),
        (f'<g font-size="{NAME_SIZE}" fill="#222" text-anchor="middle" {HALO}>', nodes),
    ):
        lines += [group, *elements, "</g>"]
    return "\n".join([*lines, "</svg>"]) + "\n"
