"""Ejection moves: a move budget caps every insertion; a meeting that cannot run is left alone."""

import time

from parley.scheduling.engine.ejection import improve_by_ejection
from parley.scheduling.engine.greedy import greedy, keep_previous
from parley.scheduling.engine.instance import parse_instance
from parley.scheduling.engine.occupancy import Problem

from ..builders import instance, meeting, room


def two_published_in_the_way() -> Problem:
    """C (worth 9) needs x and y on day 1, where A and B, published, hold them; day 2 is free."""
    return Problem(
        parse_instance(
            instance(
                rooms=[room("r1"), room("r2")],
                day_slots=[2, 2],
                meetings=[
                    meeting("A", ["x"]),
                    meeting("B", ["y"]),
                    meeting("C", ["x", "y"], duration=2, priority=9, window=[0, 2]),
                ],
                previous={"A": {"start": 0, "room": "r1"}, "B": {"start": 1, "room": "r1"}},
            )
        )
    )


def test_an_insertion_that_would_pass_the_move_budget_is_undone():
    problem = two_published_in_the_way()
    occupancy = keep_previous(problem)
    assert (occupancy.score, occupancy.moves()) == (2, 0)
    improve_by_ejection(occupancy, deadline=time.monotonic() + 0.5, move_budget=1)
    assert occupancy.moves() <= 1
    assert occupancy.score == 2


def test_without_a_budget_the_insertion_moves_both_for_the_gain():
    problem = two_published_in_the_way()
    occupancy = keep_previous(problem)
    improve_by_ejection(occupancy, deadline=time.monotonic() + 0.5)
    assert (occupancy.score, occupancy.moves()) == (11, 2)


def test_a_meeting_no_room_can_hold_is_never_tried():
    problem = Problem(
        parse_instance(
            instance(
                rooms=[room("r", capacity=4)],
                day_slots=[3],
                meetings=[meeting("fits", ["a"]), meeting("crowd", ["b"], size=40, priority=9)],
            )
        )
    )
    occupancy = greedy(problem)
    # Only "crowd" waits: every round samples it, and nothing must break.
    improve_by_ejection(occupancy, deadline=time.monotonic() + 0.2)
    assert list(occupancy.placed) == [0]
