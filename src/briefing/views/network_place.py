"""Where a network picture's names, lines and role labels go, once its actors have their places
(views.network_layout places them): the geometry that keeps them apart.

A name takes the first place beside its node that covers no node or other name, preferring a
place that no line would cross. Each line is then drawn as its layout shaped it when that
crosses no node but its ends' and no name; else as a curve bent to one side or the other,
further and further; else along a path around what is in the way (the shortest, through the
corners of the boxes of nodes and names: a visibility graph). A role label goes on its own
line, or beside it, only where it covers no other label, node or line: the table beside the
picture lists every relationship. Text is measured with DejaVu Sans' advance widths (the
sans-serif of Debian's browsers, and among the widest), so a box holds its text.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections import defaultdict
from typing import NamedTuple

from briefing.check.quotes import visible_controls
from briefing.views.network_lines import (
    Box,
    Field,
    Path,
    Point,
    arrow_head,
    bowed,
    detour,
    grown,
    node_box,
    overlaps,
    point_at,
    sample,
    through,
    trimmed,
)

NAME_SIZE, ROLE_SIZE = 13, 12  # px on the site: 12 is the least legible size
NAME_GAP = 4.0  # between a node's rim and its name
FURTHER = 12.0  # a name's further places, when its near ones are crossed: this much further
CLEARANCE = 2.5  # between a line and a name or node it passes: the names' halo is 2 px
ROLE_ROOM = 9.0  # no other line this near a role label, so that a reader knows its line
BENDS = (24.0, 48.0, 80.0, 120.0, 170.0, 230.0)  # how far a blocked line is bent, either way
# DejaVu Sans' advance widths of the printable ASCII characters, in thousandths of an em, as
# Chromium measures them, regular and bold; other characters are measured by their base letter
# (é as e), else as OTHER_WIDTH, or as an em if the script sets them wide (Chinese)
REGULAR = (
    "318 401 460 838 636 950 780 275 390 390 500 838 318 361 318 337 636 636 636 636 636 636 "
    "636 636 636 636 337 337 838 838 838 531 1000 684 686 698 770 632 575 775 752 295 295 656 "
    "557 863 748 787 603 787 695 635 611 732 684 989 685 611 685 390 337 390 838 500 500 613 "
    "635 550 635 615 352 635 634 278 278 579 278 974 634 612 635 635 411 521 392 634 592 818 "
    "592 592 525 636 337 636 838"
)
BOLD = (
    "348 456 521 838 696 1002 872 306 457 457 523 838 380 415 380 365 696 696 696 696 696 696 "
    "696 696 696 696 400 400 838 838 838 580 1000 774 762 734 830 683 683 821 837 372 372 775 "
    "637 995 837 850 733 850 770 720 682 812 774 1103 771 724 725 457 365 457 838 500 500 675 "
    "716 593 716 678 435 716 712 343 343 665 343 1042 712 687 716 716 493 595 478 712 652 924 "
    "645 652 582 712 365 712 838"
)
WIDTHS = {
    weight: {chr(32 + n): int(width) / 1000 for n, width in enumerate(table.split())}
    for weight, table in ((False, REGULAR), (True, BOLD))
}
OTHER_WIDTH = 0.75


class Spot(NamedTuple):
    """Where a label goes: its baseline's anchor point, and which end of the text it is."""

    x: float
    y: float
    anchor: str  # SVG's text-anchor: start, middle or end

    def moved(self, dx: float, dy: float) -> Spot:
        return self._replace(x=self.x + dx, y=self.y + dy)


def _char_width(char: str, bold: bool) -> float:
    widths = WIDTHS[bold]
    if char in widths:
        return widths[char]
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in "WF":
        return 1.0
    base = unicodedata.normalize("NFD", char)[:1]
    return widths.get(base, OTHER_WIDTH * (1.15 if bold else 1.0))


def shortened(text: str, limit: int) -> str:
    """A label on one line, cut to `limit` characters with '…': its place is measured letter
    by letter, for each place tried (a role of a million letters took 40 s of CPU)."""
    text = " ".join(visible_controls(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of a line of text in px, at most: kerning only narrows it. Kept: each place
    tried for a label measures it again (labels are cut short, see `shortened`)."""
    return size * sum(_char_width(char, bold) for char in text)


def text_box(spot: Spot, text: str, size: float, bold: bool = False) -> Box:
    x, y, anchor = spot
    width = text_width(text, size, bold)
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return left, y - size * 0.8, left + width, y + size * 0.3


# A component drawn ---------------------------------------------------------------------------


class Line(NamedTuple):
    """An edge to draw: its ends, its label, and the shape its layout gives it."""

    source_id: str
    target_id: str
    label: str
    shape: Path


class Drawing(NamedTuple):
    """Where the nodes, their names (baselines), the lines and their labels go."""

    nodes: dict[str, Point]
    names: dict[str, Spot]
    paths: dict[int, Path]  # by index in the list of edges
    roles: dict[int, Spot]  # an edge without room has none


class Sheet(NamedTuple):
    """What a component is drawn from: its nodes and their radii, names and preferred sides
    for the name ('right', 'left', 'above', 'below'), its lines by edge number, and the
    width its role labels must keep within (left, right), if any."""

    nodes: dict[str, Point]
    radii: dict[str, float]
    names: dict[str, str]
    bold: str | None
    lines: dict[int, Line]
    sides: dict[str, str]
    span: tuple[float, float] | None = None


def _name_spots(point: Point, radius: float, first: str) -> list[Spot]:
    x, y = point
    gap, middle, diagonal = radius + NAME_GAP, y + NAME_SIZE * 0.25, radius + CLEARANCE + 1.5
    spots = {
        "below": Spot(x, y + gap + NAME_SIZE * 0.8, "middle"),
        "above": Spot(x, y - gap - NAME_SIZE * 0.3, "middle"),
        "right": Spot(x + gap, middle, "start"),
        "left": Spot(x - gap, middle, "end"),
    }
    spots |= {
        "below right": Spot(x + diagonal, y + diagonal + NAME_SIZE * 0.8, "start"),
        "above right": Spot(x + diagonal, y - diagonal - NAME_SIZE * 0.3, "start"),
        "below left": Spot(x - diagonal, y + diagonal + NAME_SIZE * 0.8, "end"),
        "above left": Spot(x - diagonal, y - diagonal - NAME_SIZE * 0.3, "end"),
        # clear of the lines bowed apart as they leave the node sideways
        "further below": Spot(x, y + gap + FURTHER + NAME_SIZE * 0.8, "middle"),
        "further above": Spot(x, y - gap - FURTHER - NAME_SIZE * 0.3, "middle"),
    }
    return [spots[first], *(spot for side, spot in spots.items() if side != first)]


def place_names(sheet: Sheet, field: Field, strict: bool = True) -> dict[str, Spot] | None:
    """Each name beside its node where it covers no node or name, and where the fewest
    lines (as their layout shapes them) would cross it; None if a name has no such place
    (unless not `strict`: then the place it covers least)."""
    lines = Field()  # the lines as their layout shapes them, a box for each short piece
    for number, line in sheet.lines.items():
        points = sample(line.shape, 6.0)
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            lines.add((min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)), str(number))
    degree: dict[str, int] = defaultdict(int)
    for line in sheet.lines.values():
        degree[line.source_id] += 1
        degree[line.target_id] += 1
    names = {}
    for actor_id in sorted(sheet.nodes, key=lambda key: (-degree[key], sheet.nodes[key][1], key)):
        text, bold = sheet.names[actor_id], actor_id == sheet.bold
        options = []
        for rank, spot in enumerate(
            _name_spots(
                sheet.nodes[actor_id], sheet.radii[actor_id], sheet.sides.get(actor_id, "below")
            )
        ):
            box = grown(text_box(spot, text, NAME_SIZE, bold), 1.0)
            covered = field.overlap(box) if field.touches(box) else 0.0
            if covered and strict:
                continue
            crossed = len({owner for other, owner in lines.near(box) if overlaps(other, box)})
            options.append((covered, crossed, rank, spot, box))
            if not covered and not crossed:  # none after it can be better: they rank lower
                break
        if not options:
            return None
        covered, _, _, spot, box = min(options, key=lambda option: option[:3])
        field.add(grown(box, CLEARANCE - 1.0), f"name:{actor_id}")
        names[actor_id] = spot
    return names


def route(sheet: Sheet, field: Field, number: int, strict: bool = True) -> Path | None:
    """The edge's line: as its layout shaped it, else bent, else around what is in the way;
    ending at its target's rim. None if nothing is free (unless not `strict`: its shape)."""
    line = sheet.lines[number]
    start, end = sheet.nodes[line.source_id], sheet.nodes[line.target_id]
    rim = sheet.radii[line.target_id] + 1.5
    skip = {f"node:{line.source_id}", f"node:{line.target_id}"}
    lean = _lean(line.shape)
    side = 1.0 if lean >= 0 else -1.0
    shapes = [line.shape, bowed(start, end, lean / 2)]  # half as bowed: still apart from its twin
    shapes += [bowed(start, end, side * way * bend) for bend in BENDS for way in (1, -1)]
    for shape in shapes:
        path = trimmed(shape, end, rim)
        points = sample(path)
        if not field.blocks(points + arrow_head(points), skip):
            return path
    around = detour(field, start, end, skip)
    if around is not None:
        path = trimmed(through(around), end, rim)
        points = sample(path)
        if not field.blocks(points + arrow_head(points), skip):
            return path
    return None if strict else trimmed(line.shape, end, rim)


def _lean(path: Path) -> float:
    """How far the middle of the shape lies to the left of the straight line between its
    ends, in px (negative: to its right)."""
    (x1, y1), (x2, y2) = path[0], path[-1]
    mx, my = point_at(sample(path, 12.0), 0.5)
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    return ((x2 - x1) * (y1 - my) - (y2 - y1) * (x1 - mx)) / length


def place_roles(sheet: Sheet, field: Field, paths: dict[int, Path]) -> dict[int, Spot]:
    """Each role label on its own line, or just beside it, where it covers nothing else;
    within the sheet's span. An edge whose label has no room has none."""
    lines = {}
    for number, path in paths.items():
        lines[number] = points = sample(path)
        for x, y in points:
            field.add((x - 2, y - 2, x + 2, y + 2), f"line:{number}")
        xs, ys = zip(*arrow_head(points), strict=True)
        field.add((min(xs), min(ys), max(xs), max(ys)), f"line:{number}")
    roles = {}
    for number, line in sheet.lines.items():
        if not line.label:
            continue
        for fraction in (0.5, 0.4, 0.6, 0.3, 0.7):
            spot = _role_spot(sheet, field, number, point_at(lines[number], fraction))
            if spot is not None:
                roles[number] = spot
                break
    return roles


def _role_spot(sheet: Sheet, field: Field, number: int, point: Point) -> Spot | None:
    """A place for the edge's role label on its line, or beside it, where it covers nothing
    else and no other line runs nearer to it than its own: a reader then knows its line."""
    x, y = point
    label, middle, own = sheet.lines[number].label, y + ROLE_SIZE * 0.25, f"line:{number}"
    places = [  # on the line, then above, below, right of and left of it
        (Spot(x, middle, "middle"), {own}, ROLE_ROOM / 2),
        (Spot(x, y - 4 - ROLE_SIZE * 0.3, "middle"), set(), ROLE_ROOM),
        (Spot(x, y + 4 + ROLE_SIZE * 0.8, "middle"), set(), ROLE_ROOM),
        (Spot(x + 6, middle, "start"), set(), ROLE_ROOM),
        (Spot(x - 6, middle, "end"), set(), ROLE_ROOM),
    ]
    for spot, mine, room in places:
        box = text_box(spot, label, ROLE_SIZE)
        inside = sheet.span is None or sheet.span[0] <= box[0] and box[2] <= sheet.span[1]
        if (
            inside
            and not field.touches(grown(box, 1.0), mine)
            and not field.touches(grown(box, room), {own}, "line:")
        ):
            field.add(grown(box, CLEARANCE - 1.0), f"role:{number}")
            return spot
    return None


def nodes_taken(sheet: Sheet) -> Field:
    """A field of the sheet's nodes, each with room around it."""
    field = Field()
    for actor_id, point in sheet.nodes.items():
        field.add(node_box(point, sheet.radii[actor_id] + CLEARANCE), f"node:{actor_id}")
    return field


def draw(sheet: Sheet, strict: bool = True) -> Drawing | None:
    """The component's names, lines and role labels; None if a name or a line found no free
    place (unless not `strict`: then each where it covers least)."""
    field = nodes_taken(sheet)
    names = place_names(sheet, field, strict)
    if names is None:
        return None
    paths = {}
    for number in sorted(sheet.lines, key=lambda n: _length(sheet.lines[n].shape)):
        path = route(sheet, field, number, strict)
        if path is None:
            return None
        paths[number] = path
    return Drawing(
        sheet.nodes, names, dict(sorted(paths.items())), place_roles(sheet, field, paths)
    )


def _length(path: Path) -> float:
    return math.dist(path[0], path[-1])
