"""What each meeting could do alone: starts, room classes and their options."""

from parley.scheduling.engine.generate import small_meetings
from parley.scheduling.engine.instance import parse_instance
from parley.scheduling.engine.occupancy import Occupancy, Option, Problem

from ..builders import instance, meeting, room


def test_a_meeting_no_room_can_hold_has_no_start_and_no_option():
    inst = parse_instance(
        instance(
            rooms=[room("small", capacity=4), room("medium", capacity=8)],
            day_slots=[4],
            meetings=[meeting("crowd", ["a"], size=9), meeting("fits", ["b"], size=8)],
        )
    )
    problem = Problem(inst)
    assert (problem.starts[0], problem.room_classes[0], problem.options(0)) == ((), (), [])
    assert problem.starts[1] == (0, 1, 2, 3)


def test_a_meeting_of_a_kind_no_room_has_cannot_run():
    inst = parse_instance(
        instance(
            rooms=[room("r", kind="room"), room("h", kind="hall")],
            meetings=[meeting("m", ["a"], room_kinds=["hall"], size=50)],
        )
    )
    assert Problem(inst).options(0) == []


def test_a_copy_tallies_the_same_placements_and_changes_apart():
    problem = Problem(parse_instance(small_meetings(1, meetings=50)))
    occupancy = Occupancy(problem)
    first = next(m for m in range(len(problem.starts)) if problem.starts[m])
    occupancy.place(
        first, Option(start=problem.starts[first][0], room_class=problem.room_classes[first][0])
    )
    copy = occupancy.copy()
    assert copy.placed == occupancy.placed
    assert copy.person_used == occupancy.person_used
    copy.remove(first)
    assert first in occupancy.placed
