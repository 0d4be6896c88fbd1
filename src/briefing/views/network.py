"""The actors and their affiliations as static SVG pictures, for the site and the PDF: an
overview of the most affiliated actors, and each actor's own neighbourhood.

A picture is drawn at its own size, one unit a CSS pixel, no wider than the layout's WIDTH
(views.network_layout places its actors, names and roles): every label is NAME_SIZE or
ROLE_SIZE pixels on the page (a narrower screen scrolls it; the PDF sets it no smaller than
7 pt). Past OVERVIEW_ACTORS, the overview shows only the actors with the most affiliations.
A drawing is data (NetworkPicture: the SVG, its size, what it shows in words); the same
actors always give the same bytes.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from briefing.check.quotes import visible_controls
from briefing.records.model import Actor, ActorKind
from briefing.views.network_layout import (
    FOCUS_RADIUS,
    RADIUS,
    Edge,
    affiliation_edges,
    bounds,
    layout,
)
from briefing.views.network_lines import pieces
from briefing.views.network_place import NAME_SIZE, ROLE_SIZE, Drawing, shortened, text_width

# Okabe-Ito colours, told apart by colour-blind readers too; one per kind, in ActorKind's order
PALETTE = ("#0072B2", "#E69F00", "#D55E00", "#CC79A7", "#009E73", "#56B4E9", "#999999")
COLOURS = dict(zip(typing.get_args(ActorKind), PALETTE, strict=True))
PAD, LEGEND_ROW, LEGEND_GAP = 8.0, 20.0, 10.0
LEGEND_WIDTH = 320.0  # a key of colours as wide as this at least, when the drawing is narrower
NAME_CHARS = 40
OVERVIEW_ACTORS = 16  # the overview's most; each actor's page draws its own neighbours
ARROW_ID = "briefing-network-arrow"
ARROW = (
    f'<defs><marker id="{ARROW_ID}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
    'markerHeight="7" orient="auto"><path class="arrow" d="M0,0 L10,5 L0,10 z" fill="#767676"/>'
    "</marker></defs>"
)
# light colours by default (the PDF, a file opened alone); the site's stylesheet sets its own
# for the dark scheme through these classes
HALO = 'stroke="#fff" stroke-width="4" stroke-linejoin="round" style="paint-order:stroke"'


def _text(value: str) -> str:
    return escape(visible_controls(value))


def _attr(value: str) -> str:
    return quoteattr(visible_controls(value))


def _legend(kinds: list[str], width: float) -> list[tuple[str, float, int]]:
    """The key of colours: each kind with its item's offset across and its row, in rows no
    wider than `width` (one item a row at least)."""
    items, x, row = [], 0.0, 0
    for kind in kinds:
        item = 16 + text_width(kind.replace("-", " "), ROLE_SIZE)
        if x > 0 and x + item > width:
            x, row = 0.0, row + 1
        items.append((kind, x, row))
        x += item + 16
    return items


def _legend_elements(items: list[tuple[str, float, int]], left: float, top: float) -> list[str]:
    parts = []
    for kind, dx, row in items:
        x, y = left + dx, top + row * LEGEND_ROW
        parts.append(
            f'<circle cx="{x + 6:.1f}" cy="{y + 6:.1f}" r="6" fill="{COLOURS[kind]}" '
            'class="node" stroke="#222" stroke-width="1"/>'
        )
        shown = kind.replace("-", " ")  # 'armed group': a reader's words, as short
        parts.append(f'<text x="{x + 16:.1f}" y="{y + 11:.1f}">{shown}</text>')
    return parts


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


def _partners(actors: dict[str, Actor]) -> dict[str, set[str]]:
    partners: dict[str, set[str]] = {actor_id: set() for actor_id in actors}
    for actor_id, actor in actors.items():
        for affiliation in actor.affiliations:
            if affiliation.actor in actors and affiliation.actor != actor_id:
                partners[actor_id].add(affiliation.actor)
                partners[affiliation.actor].add(actor_id)
    return partners


def shown_actors(actors: dict[str, Actor]) -> dict[str, Actor]:
    """The actors the overview shows: all of them up to OVERVIEW_ACTORS, else the
    OVERVIEW_ACTORS with the most affiliations either way. Actors tied at the cut are all
    left out, rather than some chosen by their ids, unless that would leave fewer than half
    (then ties by id). An actor so chosen none of whose partners is would be drawn without a
    line: its partners join it while there is room (the most affiliated first), else it is
    left out. More could not be read at a legible size; each actor's page draws its own
    neighbours, and the table lists every affiliation."""
    if len(actors) <= OVERVIEW_ACTORS:
        return actors
    degree = _degrees(actors)
    ranked = sorted(actors, key=lambda actor_id: (-degree[actor_id], actor_id))
    cut = degree[ranked[OVERVIEW_ACTORS]]
    above = [actor_id for actor_id in ranked[:OVERVIEW_ACTORS] if degree[actor_id] > cut]
    chosen = above if len(above) >= OVERVIEW_ACTORS // 2 else ranked[:OVERVIEW_ACTORS]
    partners = _partners(actors)
    for actor_id in list(chosen):
        if not partners[actor_id] or partners[actor_id] & set(chosen):
            continue
        room = OVERVIEW_ACTORS - len(chosen)
        if room:
            joining = sorted(partners[actor_id], key=lambda other: (-degree[other], other))
            chosen += joining[:room]
        else:
            chosen.remove(actor_id)
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
    kinds: tuple[str, ...] = ()  # of the actors drawn, in the key's order

    @property
    def wide(self) -> bool:
        return self.width > self.height


_OPEN_TAG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
    'viewBox="{box}" role="group" aria-label={label} font-family="sans-serif">'
)


def draw_network(
    actors: dict[str, Actor],
    href: Callable[[str], str],
    focus: str | None = None,
    legend: bool = True,
) -> NetworkPicture:
    """An SVG of the actors given (nodes linking to href(actor_id)) and their affiliations
    (edges; with `focus`, only that actor's, and its node drawn larger): the caller chooses
    them (`shown_actors`, `neighbourhood`). Affiliations with an actor not drawn, or with the
    actor itself, are left out. The picture is a group of links, not an image: its label
    says what it shows, each link its actor. Its key of colours is drawn above it, unless
    not `legend` (a page that writes its own, which wraps to a phone's width)."""
    if not actors:
        alt = "Network of actors: none"
        tag = _OPEN_TAG.format(width=240, height=32, box="0 0 240 32", label=_attr(alt))
        svg = tag + f'\n<text x="8" y="20" font-size="{NAME_SIZE}">No actors.</text>\n</svg>\n'
        return NetworkPicture(svg, 240, 32, visible_controls(alt))
    names = {actor_id: shortened(actor.name, NAME_CHARS) for actor_id, actor in actors.items()}
    edges = affiliation_edges(actors, focus)
    drawing = layout(names, edges, focus)
    left, top, right, bottom = bounds(drawing, names, edges, focus)
    kinds = [kind for kind in COLOURS if any(actor.kind == kind for actor in actors.values())]
    width = max(right - left, LEGEND_WIDTH if legend else 0.0)
    items = _legend(kinds, width) if legend else []
    if items:
        top -= (items[-1][2] + 1) * LEGEND_ROW + LEGEND_GAP
    key = _legend_elements(items, left, top)
    # whole pixels: the width and height given are the view box's, one unit a pixel
    width, height = math.ceil(width + 2 * PAD), math.ceil(bottom - top + 2 * PAD)
    box = f"{left - PAD:.1f} {top - PAD:.1f} {width} {height}"
    what = f"{_count(len(actors), 'actor')} and {_count(len(edges), 'affiliation')}"
    alt = f"Neighbourhood of {actors[focus].name}: {what}" if focus else f"Network of {what}"
    paths, roles = _edge_elements(edges, drawing)
    lines = [_OPEN_TAG.format(width=width, height=height, box=box, label=_attr(alt)), ARROW]
    for group, elements in (
        (f'<g class="legend" font-size="{ROLE_SIZE}" fill="#222">', key),
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
        if elements or "legend" not in group:  # a page that writes the key has none here
            lines += [group, *elements, "</g>"]
    svg = "\n".join([*lines, "</svg>"]) + "\n"
    return NetworkPicture(svg, width, height, visible_controls(alt), tuple(kinds))


def _edge_elements(edges: list[Edge], drawing: Drawing) -> tuple[list[str], list[str]]:
    """Each edge's line (ending at its target's rim, so that the arrow head shows), and the
    role labels that found a place."""
    paths, roles = [], []
    for number, edge in enumerate(edges):
        path = drawing.paths[number]
        d = f"M{path[0][0]:.1f},{path[0][1]:.1f}" + "".join(
            " C" + " ".join(f"{x:.1f},{y:.1f}" for x, y in piece[1:]) for piece in pieces(path)
        )
        paths.append(f'<path d="{d}"/>')
        if number in drawing.roles:
            x, y, anchor = drawing.roles[number]
            roles.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{_text(edge.label)}</text>'
            )
    return paths, roles


def _node_elements(
    actors: dict[str, Actor],
    names: dict[str, str],
    drawing: Drawing,
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
        radius, weight = (
            (FOCUS_RADIUS, ' font-weight="bold"') if actor_id == focus else (RADIUS, "")
        )
        nodes.append(
            f"<a href={_attr(href(actor_id))}><title>{_text(title)}</title>"
            f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.0f}" '
            f'fill="{COLOURS[actor.kind]}" stroke="#222" stroke-width="1"/>'
            f'<text x="{name_x:.1f}" y="{name_y:.1f}" text-anchor="{anchor}"{weight}>'
            f"{_text(names[actor_id])}</text></a>"
        )
    return nodes
