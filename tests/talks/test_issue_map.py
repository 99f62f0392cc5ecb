"""The issue map's drawing: one node per item, one edge per link, nothing overlapping."""

import itertools
import math

import pytest

from parley.talks.issue_map import picture
from parley.talks.models import Category
from parley.talks.readiness import Facts, ItemFacts, agreements

CATEGORIES = list(Category)


def _items(count: int) -> list[ItemFacts]:
    return [
        ItemFacts(
            pk=100 + n,
            number=n,
            title=f"Agenda item number {n} with a long title that must be cut",
            key=n % 7 == 0,
            track_id=None,
            has_text=n % 3 != 0,
            brackets=n % 5,
            category=CATEGORIES[n % len(CATEGORIES)].value,
        )
        for n in range(1, count + 1)
    ]


def _draw(count: int, links: list[tuple[int, int]]):
    items = _items(count)
    facts = Facts(today=None, parties=(), items=tuple(items), links=tuple(links))
    return picture(items, {i.pk: i.category for i in items}, links, agreements(facts))


@pytest.mark.parametrize("count", [1, 5, 60])
def test_every_item_is_one_node_and_no_two_nodes_overlap(count):
    drawing = _draw(count, [])
    assert sorted(n.pk for n in drawing.nodes) == [100 + n for n in range(1, count + 1)]
    for a, b in itertools.combinations(drawing.nodes, 2):
        assert math.hypot(a.x - b.x, a.y - b.y) > a.radius + b.radius + 4
    for node in drawing.nodes:
        assert 0 < node.x < drawing.width and 0 < node.y < drawing.height


def test_every_link_is_one_edge_both_directions_included():
    links = [(101, 102), (102, 101), (103, 105)]
    drawing = _draw(5, links)
    assert [(e.source, e.target) for e in drawing.edges] == links
    there, back = drawing.edges[0].path, drawing.edges[1].path
    assert there != back  # the two directions are drawn apart


def test_items_of_a_category_sit_together():
    drawing = _draw(18, [])
    categories = [n.category for n in drawing.nodes]
    runs = [category for category, _run in itertools.groupby(categories)]
    assert len(runs) == len(set(categories))


def test_many_items_turn_their_labels_outwards_and_few_lie_flat():
    assert {n.label_turn for n in _draw(5, []).nodes} == {0.0}
    assert len({n.label_turn for n in _draw(60, []).nodes}) > 30


def test_a_node_shows_its_brackets_or_that_it_is_agreed():
    drawing = _draw(6, [])
    badges = {n.number: n.badge for n in drawing.nodes}
    assert badges == {1: "[1]", 2: "[2]", 3: "—", 4: "[4]", 5: "✓", 6: "—"}


def test_key_items_are_drawn_larger_and_the_map_grows_with_the_agenda():
    small, large = _draw(5, []), _draw(60, [])
    assert large.width > small.width
    key = [n for n in large.nodes if n.key]
    assert key and all(n.radius > 16 for n in key)
