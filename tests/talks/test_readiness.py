"""The readiness report over plain facts: each gate on its own, links, the host's view."""

import dataclasses
import datetime as dt
import json
import re

import pytest

from parley.talks.readiness import (
    Facts,
    ItemFacts,
    PartyFacts,
    Setting,
    agreements,
    ceasefire_of,
    report,
)

TODAY = dt.date(2026, 12, 1)
NORTH = PartyFacts(
    "north", "Northland", "holding", TODAY - dt.timedelta(days=20), "Joint statement"
)
SOUTH = PartyFacts("south", "Southland", "holding", TODAY - dt.timedelta(days=15), "Order 12")
TERRITORY = 1
BORDER = ItemFacts(1, 1, "Border delimitation", True, TERRITORY, True, 0, 0)
ARCHIVES = ItemFacts(2, 2, "Historical archives", False, None, True, 0, 0)


def ready(**changes) -> Facts:
    """A process ready for its leaders: every gate passes at the default settings."""
    facts = Facts(
        today=TODAY,
        parties=(NORTH, SOUTH),
        items=(BORDER, ARCHIVES),
        links=((1, 2),),
        tracks={TERRITORY: "Territory and borders"},
        held={(TERRITORY, "minister"): ("Foreign ministers' meeting",)},
        intents={"leader": frozenset({"north", "south"})},
    )
    return dataclasses.replace(facts, **changes)


def _item(item: ItemFacts, **changes) -> ItemFacts:
    return dataclasses.replace(item, **changes)


def _failing(facts: Facts, level: str = "leader") -> list[str]:
    return [g.gate for g in report(facts, level).gates if not g.passed]


def test_a_process_meeting_every_gate_is_realistic_for_its_leaders():
    result = report(ready(), "leader")
    assert (result.verdict, _failing(ready())) == ("realistic", [])


@pytest.mark.parametrize(
    ("gate", "changes"),
    [
        (
            "ceasefire",
            {
                "parties": (
                    NORTH,
                    dataclasses.replace(SOUTH, holding_since=TODAY - dt.timedelta(13)),
                )
            },
        ),
        ("key_items", {"items": (_item(BORDER, brackets=1, paragraphs=1), ARCHIVES)}),
        ("preparation", {"held": {}}),
        ("intent", {"intents": {"leader": frozenset({"north"})}}),
    ],
)
def test_each_gate_alone_turns_the_verdict(gate, changes):
    facts = ready(**changes)
    assert report(facts, "leader").verdict == "not_yet_realistic"
    assert _failing(facts) == [gate]


def test_ceasefire_counts_the_days_since_the_weakest_party_holds():
    facts = ready(
        parties=(NORTH, dataclasses.replace(SOUTH, holding_since=TODAY - dt.timedelta(14)))
    )
    ceasefire = report(facts, "leader").gates[0]
    assert ceasefire.passed
    assert ceasefire.reason == "Holding for 14 days (since 2026-11-17); 14 days needed."


@pytest.mark.parametrize(
    ("north", "south", "expected"),
    [
        (("holding", TODAY), ("holding", TODAY - dt.timedelta(9)), ("holding", TODAY)),
        (("holding", TODAY), ("declared", None), ("declared", None)),
        (("declared", None), ("none", None), ("none", None)),
    ],
)
def test_process_ceasefire_is_the_weakest_of_the_parties(north, south, expected):
    parties = [
        dataclasses.replace(NORTH, ceasefire=north[0], holding_since=north[1]),
        dataclasses.replace(SOUTH, ceasefire=south[0], holding_since=south[1]),
    ]
    assert ceasefire_of(parties) == expected


def test_a_declared_ceasefire_not_yet_holding_names_the_party():
    facts = ready(
        parties=(NORTH, dataclasses.replace(SOUTH, ceasefire="declared", holding_since=None))
    )
    assert report(facts, "senior").gates[0].reason == (
        "Declared but not yet holding for Southland; 0 days needed."
    )


def test_key_item_reason_counts_its_brackets_and_paragraphs_against_the_threshold():
    facts = ready(items=(_item(BORDER, brackets=14, paragraphs=3), ARCHIVES))
    key_items = report(facts, "leader").gates[1]
    assert key_items.reasons == (
        "Border delimitation: 14 brackets open on 3 paragraphs; threshold 0",
    )


def test_a_linked_item_not_agreed_holds_the_key_item_back():
    facts = ready(items=(BORDER, _item(ARCHIVES, brackets=2, paragraphs=1)))
    key_items = report(facts, "leader").gates[1]
    assert not key_items.passed
    assert key_items.reasons == (
        "Border delimitation: 0 brackets open; linked items: 2 more brackets open; threshold 0",
    )
    assert agreements(facts)[BORDER.pk].agreed is False


@pytest.mark.parametrize("link", [(1, 2), (2, 1)])
def test_a_link_holds_items_back_whichever_item_lists_it(link):
    facts = ready(items=(BORDER, _item(ARCHIVES, brackets=2)), links=(link,))
    assert (agreements(facts)[1].agreed, agreements(facts)[2].agreed) == (False, False)
    assert _failing(facts) == ["key_items"]


def test_links_hold_items_back_through_other_items():
    water = ItemFacts(3, 3, "Water rights", False, None, True, 5, 2)
    facts = ready(items=(BORDER, ARCHIVES, water), links=((1, 2), (3, 2)))
    assert agreements(facts)[1].package == frozenset({1, 2, 3})
    assert agreements(facts)[1].distance == 5
    assert _failing(facts) == ["key_items"]


def test_an_unlinked_item_with_brackets_holds_back_nothing_else():
    water = ItemFacts(3, 3, "Water rights", False, None, True, 5, 2)
    facts = ready(items=(BORDER, ARCHIVES, water))
    assert agreements(facts)[1].agreed is True
    assert _failing(facts) == []


def test_a_linked_item_without_a_text_keeps_the_gate_shut():
    facts = ready(items=(BORDER, _item(ARCHIVES, has_text=False)))
    assert _failing(facts) == ["key_items"]
    assert report(facts, "leader").gates[1].reasons == (
        "Border delimitation: 0 brackets open; linked items: 1 without a text yet; threshold 0",
    )


def test_ministers_accept_open_brackets_up_to_their_threshold():
    within = ready(
        items=(_item(BORDER, brackets=8, paragraphs=2), _item(ARCHIVES, brackets=2)),
        intents={"minister": frozenset({"north", "south"})},
        held={(TERRITORY, "senior"): ("Senior officials",)},
    )
    assert report(within, "minister").realistic
    over = dataclasses.replace(
        within, items=(_item(BORDER, brackets=9), _item(ARCHIVES, brackets=2))
    )
    assert not report(over, "minister").realistic


def test_a_key_item_on_no_track_cannot_be_prepared():
    facts = ready(items=(_item(BORDER, track_id=None), ARCHIVES))
    preparation = report(facts, "leader").gates[2]
    assert preparation.reasons == (
        "Border delimitation: on no track, so no meeting can prepare it",
    )


def test_preparation_looks_at_the_level_below_only():
    facts = ready(held={(TERRITORY, "senior"): ("Senior officials",)})
    assert _failing(facts) == ["preparation"]
    assert report(facts, "leader").gates[2].reasons == (
        "Territory and borders: a ministers' meeting not held yet",
    )


def test_an_agreed_setting_replaces_the_default():
    facts = ready(
        items=(_item(BORDER, brackets=3), ARCHIVES),
        settings={("leader", "key_items"): Setting(True, 5)},
    )
    assert report(facts, "leader").realistic


def test_a_gate_not_required_passes_and_says_so():
    facts = ready(held={}, settings={("leader", "preparation"): Setting(False)})
    preparation = report(facts, "leader").gates[2]
    assert (preparation.passed, preparation.reason) == (True, "Not required at this level.")
    assert preparation.host_reason == "preparation: not required at this level"


def test_senior_officials_need_a_ceasefire_that_holds_but_no_duration():
    holding_today = dataclasses.replace(SOUTH, holding_since=TODAY)
    facts = ready(parties=(NORTH, holding_today), intents={"senior": frozenset({"north", "south"})})
    facts = dataclasses.replace(facts, held={(TERRITORY, "expert"): ("Experts",)})
    assert report(facts, "senior").realistic
    none = dataclasses.replace(facts, parties=(NORTH, PartyFacts("south", "Southland")))
    assert _failing(none, "senior") == ["ceasefire"]


def test_the_override_needs_every_party():
    facts = ready(held={}, overrides={"leader": frozenset({"north"})})
    assert (report(facts, "leader").overridden, report(facts, "leader").allows_meeting) == (
        False,
        False,
    )
    both = dataclasses.replace(facts, overrides={"leader": frozenset({"north", "south"})})
    assert (report(both, "leader").overridden, report(both, "leader").allows_meeting) == (
        True,
        True,
    )
    assert report(both, "leader").verdict == "not_yet_realistic"


def test_the_host_view_is_the_verdict_and_each_gate_without_substance():
    facts = ready(items=(_item(BORDER, brackets=14, paragraphs=3), ARCHIVES), held={})
    view = report(facts, "leader").host_view()
    assert set(view) == {"level", "verdict", "overridden", "gates"}
    assert [set(g) for g in view["gates"]] == [{"gate", "passed", "reason"}] * 4
    assert [(g["gate"], g["passed"], g["reason"]) for g in view["gates"]] == [
        ("ceasefire", True, "ceasefire: holding for long enough"),
        ("key_items", False, "key items: not agreed"),
        ("preparation", False, "preparation: not held on every key item's track"),
        ("intent", True, "intent: confirmed by every party"),
    ]
    words = json.dumps(view)
    assert re.findall(r"\d", words) == []
    for substance in ("Border", "Archives", "Territory", "Northland", "Joint statement"):
        assert substance not in words


def test_no_report_below_senior_officials():
    with pytest.raises(ValueError):
        report(ready(), "expert")
