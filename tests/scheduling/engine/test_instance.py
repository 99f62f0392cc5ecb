"""Reading an instance: each malformed or inconsistent field is named in the error."""

import copy
from typing import Any

import pytest

from parley.scheduling.engine.instance import InstanceError, parse_instance

from ..data import load


def good() -> dict[str, Any]:
    return load("replan")


def error_for(change) -> str:
    data = copy.deepcopy(good())
    change(data)
    with pytest.raises(InstanceError) as error:
        parse_instance(data)
    return str(error.value)


def test_good_instance_reads_with_its_previous_programme():
    inst = parse_instance(good())
    assert inst.horizon == 4
    assert inst.previous[1] == (0, 1)
    assert [m.id for m in inst.meetings] == ["m1", "m2", "m3", "m4", "closure"]


def test_unknown_room_kind_is_named():
    def change(d):
        d["meetings"][3]["room_kinds"] = ["room", "x"]

    assert error_for(change) == "meetings[3].room_kinds[1]: unknown kind 'x'"


def test_unknown_participant_is_named():
    def change(d):
        d["meetings"][0]["participants"] = ["nobody"]

    assert error_for(change) == "meetings[0].participants[0]: unknown participant 'nobody'"


def test_after_an_unknown_meeting_is_named():
    def change(d):
        d["meetings"][1]["after"] = [{"meeting": "ghost", "gap": 0}]

    assert error_for(change) == "meetings[1].after[0].meeting: unknown meeting 'ghost'"


def test_missing_field_is_named():
    def change(d):
        del d["meetings"][2]["duration"]

    assert error_for(change) == "meetings[2].duration: missing field"


def test_wrong_type_is_named():
    def change(d):
        d["meetings"][0]["priority"] = "high"

    assert error_for(change) == "meetings[0].priority: expected an integer, got a string"


def test_duration_longer_than_a_day_is_named():
    def change(d):
        d["meetings"][0]["duration"] = 5

    assert error_for(change) == "meetings[0].duration: 5 slots is longer than a day (4 slots)"


def test_pin_in_an_unknown_room_is_named():
    def change(d):
        d["meetings"][4]["pinned"] = {"start": 0, "room": "attic"}

    assert error_for(change) == "meetings[4].pinned.room: unknown room 'attic'"


def test_interpretation_without_interpreters_is_named():
    def change(d):
        d["meetings"][0]["interpretation"] = ["en-xx"]

    assert error_for(change) == "meetings[0].interpretation[0]: no interpreters for pair 'en-xx'"


def test_duplicate_meeting_id_is_named():
    def change(d):
        d["meetings"][1]["id"] = "m1"

    assert error_for(change) == "meetings[1].id: duplicate id 'm1'"


def test_cycle_of_preparations_is_named():
    def change(d):
        d["meetings"][0]["after"] = [{"meeting": "m2", "gap": 0}]
        d["meetings"][1]["after"] = [{"meeting": "m1", "gap": 0}]

    assert error_for(change) == "meetings[1].after: cycle through 'm1'"


def test_unavailability_outside_the_horizon_is_named():
    def change(d):
        d["participants"][0]["unavailable"] = [[2, 9]]

    assert error_for(change) == (
        "participants[0].unavailable[0]: [2, 9) is not a non-empty range inside 0..4"
    )


def test_previous_placement_of_an_unknown_meeting_is_named():
    def change(d):
        d["previous"]["ghost"] = {"start": 0, "room": "a"}

    assert error_for(change) == "previous.ghost: unknown meeting 'ghost'"


def test_apart_from_an_unknown_party_is_named():
    def change(d):
        d["parties"] = [{"id": "N", "name": "North", "apart_from": ["Q"]}]

    assert error_for(change) == "parties[0].apart_from[0]: unknown party 'Q'"


def test_instance_that_is_not_an_object_is_named():
    with pytest.raises(InstanceError) as error:
        parse_instance([])
    assert str(error.value) == "instance: expected an object, got a list"
