"""The issue map as a picture: agenda items as nodes, links as edges.

Drawn on the server as SVG (see `talks/_issue_map_svg.html`): the page needs no script, every
node and edge is one element of the DOM, and nothing is fetched from outside. The items sit on
a circle, category by category (so each colour is one arc) and by number within a category;
links are chords bowed towards the centre, so they cross the map without running over an item
or a label. The same drawing reads with 5 items and with 60: the circle grows with the number
of items, and past a dozen the labels turn to point outwards so neighbours never overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .models import Category
from .readiness import Agreement, ItemFacts

# Okabe and Ito's palette, told apart by readers with any common colour-vision deficiency;
# the legend and every node's tooltip also name the category in words.
COLOURS = {
    Category.TERRITORIAL: "#E69F00",
    Category.HISTORICAL: "#56B4E9",
    Category.NATIONAL: "#009E73",
    Category.LINGUISTIC: "#F0E442",
    Category.POLITICAL: "#0072B2",
    Category.HUMANITARIAN: "#D55E00",
    Category.SECURITY: "#CC79A7",
    Category.ECONOMIC: "#999999",
    Category.LEGAL: "#6B4E16",
}
DARK_FILLS = {Category.POLITICAL, Category.HUMANITARIAN, Category.LEGAL}
MARGIN = 12.0


@dataclass(frozen=True)
class Node:
    pk: int
    number: int
    title: str
    label: str  # the title, cut to fit beside the node
    category: str
    category_label: str
    key: bool
    x: float
    y: float
    radius: float
    fill: str
    ink: str  # the number's colour on that fill
    has_text: bool
    brackets: int
    agreed: bool
    # Where the label goes: at (label_x, label_y), anchored, turned by `label_turn` degrees
    # about the node's centre.
    label_x: float = 0.0
    label_y: float = 0.0
    label_anchor: str = "start"
    label_turn: float = 0.0

    @property
    def badge(self) -> str:
        """What the node's badge says: agreed, open brackets, or no text yet."""
        if self.agreed:
            return "✓"
        return f"[{self.brackets}]" if self.has_text else "—"

    @property
    def standing(self) -> str:
        if self.agreed:
            return "agreed"
        return "open" if self.has_text else "no-text"


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    path: str  # SVG path data from border to border, bowed towards the centre


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    legend: tuple[tuple[str, str], ...]  # (category label, colour) of the categories present


def _label(title: str, characters: int) -> str:
    if len(title) <= characters:
        return title
    return title[: characters - 1].rstrip() + "…"


RADIAL_FROM = 13  # items from which labels point outwards instead of lying flat
SPACING = 50.0  # pixels of circumference per item
# Pixels beyond the circle for a label and its badge, and the label's characters: flat labels
# go sideways only, outward-pointing ones every way.
FLAT_ROOM, FLAT_CHARACTERS = (225.0, 50.0), 28
RADIAL_ROOM, RADIAL_CHARACTERS = 200.0, 24


def _radius(count: int) -> float:
    return max(110.0, count * SPACING / (2 * math.pi))


def _angle(index: int, count: int) -> float:
    """Clockwise from the top, as the eye reads a clock face."""
    return -math.pi / 2 + 2 * math.pi * index / max(count, 1)


def _label_place(x: float, y: float, angle: float, radius: float, radial: bool) -> dict:
    gap = radius + 7
    cos, sin = math.cos(angle), math.sin(angle)
    if radial:
        degrees = math.degrees(angle)
        if cos >= 0:
            return {
                "label_x": x + gap,
                "label_y": y,
                "label_anchor": "start",
                "label_turn": degrees,
            }
        return {
            "label_x": x - gap,
            "label_y": y,
            "label_anchor": "end",
            "label_turn": degrees - 180,
        }
    anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
    lift = 0.0 if anchor != "middle" else (gap + 6 if sin > 0 else -gap)
    return {
        "label_x": x + (gap if anchor == "start" else -gap if anchor == "end" else 0.0),
        "label_y": y + lift,
        "label_anchor": anchor,
        "label_turn": 0.0,
    }


def _edge_path(start: Node, end: Node, centre: tuple[float, float], bow: float) -> str:
    """A quadratic curve from the border of `start` to just before the border of `end` (where
    the arrow ends), its control point pulled from the chord's middle towards the centre."""
    mx, my = (start.x + end.x) / 2, (start.y + end.y) / 2
    cx, cy = mx + (centre[0] - mx) * bow, my + (centre[1] - my) * bow

    def towards(node: Node, margin: float) -> tuple[float, float]:
        dx, dy = cx - node.x, cy - node.y
        length = math.hypot(dx, dy) or 1.0
        return node.x + dx / length * margin, node.y + dy / length * margin

    x1, y1 = towards(start, start.radius)
    x2, y2 = towards(end, end.radius + 4)
    return f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}"


def picture(
    items: list[ItemFacts],
    categories: dict[int, str],
    links: list[tuple[int, int]],
    agreements: dict[int, Agreement],
) -> Picture:
    """The whole drawing: nodes with their standing, edges, the legend, the size."""
    order = sorted(
        items, key=lambda i: (list(Category).index(Category(categories[i.pk])), i.number)
    )
    count = len(order)
    radial = count >= RADIAL_FROM
    radius = _radius(count)
    sideways, upwards = (RADIAL_ROOM, RADIAL_ROOM) if radial else FLAT_ROOM
    width, height = int(2 * (radius + sideways + MARGIN)), int(2 * (radius + upwards + MARGIN))
    centre_x, centre_y = width / 2, height / 2
    characters = RADIAL_CHARACTERS if radial else FLAT_CHARACTERS
    nodes = {}
    for index, item in enumerate(order):
        category = Category(categories[item.pk])
        angle = _angle(index, count)
        x, y = centre_x + radius * math.cos(angle), centre_y + radius * math.sin(angle)
        size = 20.0 if item.key else 16.0
        nodes[item.pk] = Node(
            pk=item.pk,
            number=item.number,
            title=item.title,
            label=_label(item.title, characters),
            category=category.value,
            category_label=str(category.label),
            key=item.key,
            x=round(x, 1),
            y=round(y, 1),
            radius=size,
            fill=COLOURS[category],
            ink="#ffffff" if category in DARK_FILLS else "#1d2330",
            has_text=item.has_text,
            brackets=item.brackets,
            agreed=agreements[item.pk].agreed,
            **{
                k: round(v, 1) if isinstance(v, float) else v
                for k, v in _label_place(x, y, angle, size, radial).items()
            },
        )
    pairs = set(links)
    edges = tuple(
        Edge(
            source,
            target,
            _edge_path(
                nodes[source],
                nodes[target],
                (centre_x, centre_y),
                0.55 if (target, source) in pairs and source > target else 0.3,
            ),
        )
        for source, target in links
        if source in nodes and target in nodes
    )
    present = sorted({Category(categories[i.pk]) for i in items}, key=list(Category).index)
    legend = tuple((str(c.label), COLOURS[c]) for c in present)
    return Picture(width, height, tuple(nodes[i.pk] for i in order), edges, legend)
