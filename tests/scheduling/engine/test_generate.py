"""The seeded generators: the ported ones write the benchmark's instances; the new one is sound."""

from parley.scheduling.engine.generate import ministerial, small_meetings, summit
from parley.scheduling.engine.instance import parse_instance
from parley.scheduling.engine.occupancy import Problem

from ..data import load


def test_the_port_writes_the_benchmark_instances_of_the_same_seed():
    assert summit(1) == load("summit-1")
    assert ministerial(1) == load("ministerial-1")


def test_small_meetings_is_the_same_for_the_same_seed_and_differs_for_another():
    assert small_meetings(4, meetings=80) == small_meetings(4, meetings=80)
    assert small_meetings(4, meetings=80) != small_meetings(5, meetings=80)


def test_small_meetings_parses_with_many_options_and_a_meeting_no_room_holds():
    data = small_meetings(1, meetings=400)
    problem = Problem(parse_instance(data))
    options = sum(
        len(s) * len(c) for s, c in zip(problem.starts, problem.room_classes, strict=True)
    )
    assert len(data["meetings"]) == 400
    assert len(data["rooms"]) == 5
    assert options > 25_000
    largest = max(r["capacity"] for r in data["rooms"])
    assert [m["id"] for m in data["meetings"] if m["size"] > largest] != []
