"""The issue map as a picture: agenda items as nodes, links as edges, placed by networkx.

Drawn on the server as SVG (see `talks/_issue_map_svg.html`): the page needs no script, every
node and edge is one element of the DOM, and nothing is fetched from outside. The layout is
networkx's spring layout, seeded, so a map looks the same at every visit; items of a category
are pulled towards a shared, invisible anchor so the colours form regions, and links pull
linked items together across them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

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
LABEL_CHARACTERS = 22
MARGIN = 56


@dataclass(frozen=True)
class Node:
    pk: int
    number: int
    title: str
    label: str  # the title cut to fit under the node
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

    @property
    def badge(self) -> str:
        """What the node's badge says: agreed, open brackets, or no text yet."""
        if self.agreed:
            return "✓"
        return f"[{self.brackets}]" if self.has_text else "—"

    @property
    def badge_width(self) -> int:
        return 10 + 7 * len(self.badge)

    @property
    def standing(self) -> str:
        if self.agreed:
            return "agreed"
        return "open" if self.has_text else "no-text"


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    path: str  # SVG path data, from border to border, bent when the link runs both ways


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    legend: tuple[tuple[str, str], ...]  # (category label, colour) of the categories present


def _label(title: str) -> str:
    if len(title) <= LABEL_CHARACTERS:
        return title
    return title[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _size(count: int) -> int:
    """The drawing's side in pixels: room for about 125 px around each node."""
    return max(560, int(125 * math.sqrt(max(count, 1))) + 2 * MARGIN)


def positions(
    items: list[ItemFacts], categories: dict[int, str], links: list[tuple[int, int]]
) -> dict[int, tuple[float, float]]:
    """Where each item goes, in [-1, 1]²: a seeded spring layout of items, links and anchors."""
    graph = nx.Graph()
    graph.add_nodes_from(item.pk for item in items)
    for category in sorted(set(categories.values())):
        anchor = ("category", category)
        graph.add_node(anchor)
        for item in items:
            if categories[item.pk] == category:
                graph.add_edge(item.pk, anchor, weight=0.6)
    for source, target in links:
        graph.add_edge(source, target, weight=1.0)
    if len(graph) == 1:
        return {items[0].pk: (0.0, 0.0)}
    layout = nx.spring_layout(
        graph, k=1.6 / math.sqrt(len(graph)), iterations=300, seed=7, weight="weight"
    )
    return {item.pk: (float(layout[item.pk][0]), float(layout[item.pk][1])) for item in items}


def _scaled(raw: dict[int, tuple[float, float]], side: int) -> dict[int, tuple[float, float]]:
    if not raw:
        return {}
    xs = [x for x, _ in raw.values()]
    ys = [y for _, y in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    inner = side - 2 * MARGIN
    return {
        pk: (
            MARGIN + (x - min(xs)) / span_x * inner if len(raw) > 1 else side / 2,
            MARGIN + (y - min(ys)) / span_y * inner if len(raw) > 1 else side / 2,
        )
        for pk, (x, y) in raw.items()
    }


def _edge_path(start: Node, end: Node, bend: float) -> str:
    """From the border of `start` to the border of `end` (where the arrow ends), bent sideways
    by `bend` pixels so that two links between the same items do not overlap."""
    dx, dy = end.x - start.x, end.y - start.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    x1, y1 = start.x + ux * start.radius, start.y + uy * start.radius
    x2, y2 = end.x - ux * (end.radius + 4), end.y - uy * (end.radius + 4)
    if not bend:
        return f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
    cx, cy = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend
    return f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}"


def picture(
    items: list[ItemFacts],
    categories: dict[int, str],
    links: list[tuple[int, int]],
    agreements: dict[int, Agreement],
) -> Picture:
    """The whole drawing: nodes with their standing, edges, the legend, the size."""
    side = _size(len(items))
    where = _scaled(positions(items, categories, links), side)
    nodes = {}
    for item in items:
        category = Category(categories[item.pk])
        x, y = where[item.pk]
        nodes[item.pk] = Node(
            pk=item.pk,
            number=item.number,
            title=item.title,
            label=_label(item.title),
            category=category.value,
            category_label=str(category.label),
            key=item.key,
            x=round(x, 1),
            y=round(y, 1),
            radius=22.0 if item.key else 18.0,
            fill=COLOURS[category],
            ink="#ffffff" if category in DARK_FILLS else "#1d2330",
            has_text=item.has_text,
            brackets=item.brackets,
            agreed=agreements[item.pk].agreed,
        )
    pairs = set(links)
    edges = tuple(
        Edge(
            source,
            target,
            _edge_path(nodes[source], nodes[target], 14.0 if (target, source) in pairs else 0.0),
        )
        for source, target in links
        if source in nodes and target in nodes
    )
    present = sorted({Category(categories[i.pk]) for i in items}, key=list(Category).index)
    legend = tuple((str(c.label), COLOURS[c]) for c in present)
    return Picture(side, side, tuple(nodes.values()), edges, legend)
