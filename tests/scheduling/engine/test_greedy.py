"""The constructive starts: complete when given time, valid and partial when the clock runs out."""

import time

from parley.scheduling.engine.generate import small_meetings
from parley.scheduling.engine.greedy import first_come_first_served, greedy, pins_only
from parley.scheduling.engine.instance import parse_instance
from parley.scheduling.engine.occupancy import Option, Problem, assign_rooms

from ..oracle import assert_valid


def as_solution(data, occupancy) -> dict:
    problem = occupancy.problem
    inst = problem.instance
    rooms = assign_rooms(problem, occupancy.placed)
    return {
        "assignments": [
            {"meeting": inst.meetings[m].id, "start": o.start, "room": inst.rooms[rooms[m]].id}
            for m, o in occupancy.placed.items()
        ]
    }


def test_greedy_and_first_come_stop_at_a_deadline_already_passed():
    data = small_meetings(3, meetings=200)
    problem = Problem(parse_instance(data))
    passed = time.monotonic() - 1
    for start in (greedy, first_come_first_served):
        assert start(problem, deadline=passed).placed == {}


def test_greedy_and_first_come_given_time_place_meetings_validly():
    data = small_meetings(3, meetings=200)
    problem = Problem(parse_instance(data))
    for start in (greedy, first_come_first_served):
        occupancy = start(problem)
        assert occupancy.score > 0
        assert_valid(data, as_solution(data, occupancy))


def test_first_come_builds_on_a_given_start():
    data = small_meetings(3, meetings=50)
    problem = Problem(parse_instance(data))
    base = pins_only(problem)
    built = first_come_first_served(problem, start_from=base)
    assert built is base
    assert built.placed == first_come_first_served(problem).placed


def test_greedy_takes_a_first_choice_that_fits_and_skips_one_that_does_not():
    data = small_meetings(3, meetings=50)
    problem = Problem(parse_instance(data))
    meeting = next(m for m in greedy(problem).placed if not data["meetings"][m]["after"])
    other = next(m for m in range(len(data["meetings"])) if m != meeting and problem.starts[m])
    late = Option(start=problem.starts[meeting][-1], room_class=problem.room_classes[meeting][-1])
    chosen = greedy(problem, first_choice={meeting: late, other: Option(start=-1, room_class=0)})
    assert chosen.placed[meeting] == late
    assert_valid(data, as_solution(data, chosen))
