"""Readiness in a real browser: the issue map's picture, the convergence chart, the host's view."""

import re

import pytest
from playwright.sync_api import expect

from parley.talks.models import AgendaItem, AgendaLink
from parley.texts.models import TextVersion

from ..factories import AgendaItemFactory, TextVersionFactory
from .conftest import browser_sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def agenda(talks):
    """Five items, linked both ways between two of them, with texts that converge."""
    water = AgendaItemFactory(process=talks.process, number=3, title="Water", category="economic")
    AgendaItemFactory(process=talks.process, number=4, title="Schools", category="linguistic")
    AgendaItemFactory(process=talks.process, number=5, title="Prisoners", category="humanitarian")
    archives = talks.item.links_out.get().target
    archives.links_out.create(target=talks.item)  # the same two items, the other way
    water.links_out.create(target=archives)
    first = TextVersionFactory(text__item=talks.item, body="1. [a][b] [c] [d].\n")
    TextVersionFactory(text=first.text, body="1. a [c] [d].\n")
    TextVersionFactory(text=first.text, body="1. a c [d].\n")
    TextVersionFactory(text__item=water, body="1. [x] [y].\n")
    return talks


def test_the_issue_map_draws_one_node_per_item_and_one_edge_per_link(page, agenda):
    browser_sign_in(page, "north-staff")
    page.goto(f"/p/{agenda.process.pk}/agenda/")
    svg = page.locator("svg[data-issue-map]")
    expect(svg).to_be_visible()
    nodes = svg.locator("[data-node]")
    expect(nodes).to_have_count(AgendaItem.objects.filter(process=agenda.process).count())
    drawn = {
        int(n.get_attribute("data-node")): n.get_attribute("data-brackets") for n in nodes.all()
    }
    assert drawn == {
        item.pk: str(
            item.negotiating_text.open_brackets if hasattr(item, "negotiating_text") else 0
        )
        for item in AgendaItem.objects.filter(process=agenda.process)
    }
    edges = svg.locator("[data-edge]")
    expect(edges).to_have_count(AgendaLink.objects.count())
    assert sorted(e.get_attribute("data-edge") for e in edges.all()) == sorted(
        f"{s}-{t}" for s, t in AgendaLink.objects.values_list("source_id", "target_id")
    )
    # Every node is drawn inside the picture, and no two nodes cover each other.
    frame = svg.bounding_box()
    boxes = [n.locator("circle").bounding_box() for n in nodes.all()]
    for box in boxes:
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
            assert apart or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
    # The text alternative lists the same items.
    expect(page.locator("main table tbody tr")).to_have_count(nodes.count())


def test_the_convergence_chart_says_what_the_versions_say(page, agenda):
    browser_sign_in(page, "south-staff")
    page.goto(f"/p/{agenda.process.pk}/convergence/")
    chart = page.locator("svg[data-chart=versions]")
    expect(chart).to_be_visible()
    for item in AgendaItem.objects.filter(process=agenda.process, negotiating_text__isnull=False):
        points = chart.locator(f"[data-series=item-{item.pk}] [data-point]")
        drawn = [
            (int(p.get_attribute("data-version")), int(p.get_attribute("data-brackets")))
            for p in points.all()
        ]
        assert drawn == list(
            TextVersion.objects.filter(text__item=item)
            .order_by("number")
            .values_list("number", "brackets")
        )
    total = page.locator("svg[data-chart=time] [data-series=total] [data-point]")
    # Border's 4, 2, 1 over its versions; then Water's first version adds its 2.
    assert [int(p.get_attribute("data-brackets")) for p in total.all()] == [4, 2, 1, 3]


def test_the_host_reads_the_verdict_and_no_substance(page, agenda):
    browser_sign_in(page, "protocol")
    page.goto(f"/p/{agenda.process.pk}/readiness/?level=leader")
    main = page.locator("main")
    expect(main).to_contain_text("Leaders: not yet realistic")
    expect(main).to_contain_text("key items: not agreed")
    text = main.inner_text()
    assert re.findall(r"\d", text) == []
    for title in AgendaItem.objects.values_list("title", flat=True):
        assert title not in page.content()
    page.goto(f"/p/{agenda.process.pk}/agenda/")
    expect(main).not_to_contain_text("Water")
