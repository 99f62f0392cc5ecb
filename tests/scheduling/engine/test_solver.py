"""The pure solver: every hard rule of the format, each on an instance a careless solver gets wrong.

Each instance tempts a greedy schedule (by priority, earliest slot, first room) into a worse or
invalid answer, so only a solver that honours the rule and optimises finds the expected one.
Every solution is checked by the tests' own oracle (oracle.py), independent of the product's.
"""

import copy
import threading
from typing import Any

import pytest

from parley.scheduling.engine.generate import small_meetings
from parley.scheduling.engine.greedy import first_come_first_served, greedy
from parley.scheduling.engine.instance import parse_instance
from parley.scheduling.engine.occupancy import Problem, assign_rooms
from parley.scheduling.engine.solver import WHOLE_MODEL_OPTIONS, PinConflictError, solve

from ..builders import instance, meeting, room
from ..data import load
from ..oracle import assert_valid


def solved(data: dict[str, Any], **options: Any) -> dict[str, Any]:
    """Solve, check with the oracle, and return the placements by meeting id."""
    solution = solve(copy.deepcopy(data), time_limit=options.pop("time_limit", 5), workers=2)
    as_dict = solution.to_dict()
    verdict = assert_valid(data, as_dict)
    assert verdict.score == solution.score
    assert verdict.moves == solution.moves
    assert solution.bound is None or solution.bound >= solution.score
    return {a["meeting"]: (a["start"], a["room"]) for a in as_dict["assignments"]}


def score(data: dict[str, Any], placed: dict[str, Any]) -> int:
    return sum(m["priority"] for m in data["meetings"] if m["id"] in placed)


def greedy_score(data: dict[str, Any]) -> int:
    return first_come_first_served(Problem(parse_instance(data))).score


def test_rule1_room_kind_and_capacity_decide_who_gets_the_big_room():
    data = instance(
        rooms=[
            room("hall", capacity=10),
            room("booth", kind="booth", capacity=4),
            room("suite", kind="suite", capacity=1),
        ],
        meetings=[
            meeting("small", ["a"], size=2, room_kinds=["room", "booth"], priority=3),
            meeting("large", ["b"], size=8, priority=2),
            meeting("wrong-kind", ["c"], size=2, room_kinds=["suite"], priority=9),
        ],
    )
    placed = solved(data)
    assert placed == {"small": (0, "booth"), "large": (0, "hall")}
    assert greedy_score(data) == 3


def test_rule2_window_day_and_availability_leave_one_start():
    data = instance(
        rooms=[room("r")],
        day_slots=[3, 3],
        meetings=[meeting("m", ["a", "b"], duration=2, window=[0, 5])],
        unavailable={"a": [[0, 1], [3, 4]]},
    )
    # Start 0 and 3 meet a's absence, 2 crosses the night, 4 leaves the window.
    assert solved(data) == {"m": (1, "r")}


def test_rule3_turnover_keeps_a_slot_free_between_meetings_of_a_day():
    data = instance(
        rooms=[room("r", turnover=1)],
        day_slots=[3, 1],
        meetings=[meeting(f"m{i}", [f"p{i}"], priority=1) for i in range(4)],
    )
    placed = solved(data)
    # Two fit on day 1 (slots 0 and 2), one on day 2: the night is turnover enough.
    assert sorted(start for start, _ in placed.values()) == [0, 2, 3]


def test_rule4_a_participant_in_one_meeting_at_a_time_two_small_beat_one_big():
    data = instance(
        rooms=[room("r1"), room("r2")],
        meetings=[
            meeting("big", ["a", "b"], priority=3),
            meeting("left", ["a"], priority=2),
            meeting("right", ["b"], priority=2),
        ],
    )
    placed = solved(data)
    assert sorted(placed) == ["left", "right"]
    assert greedy_score(data) == 3


def test_rule5_interpreters_limit_meetings_per_slot_two_small_beat_one_big():
    data = instance(
        rooms=[room("r1"), room("r2"), room("r3")],
        interpreters=[{"pair": "en-fr", "count": 1}, {"pair": "de-ru", "count": 1}],
        meetings=[
            meeting("big", ["a"], priority=3, interpretation=["en-fr", "de-ru"]),
            meeting("left", ["b"], priority=2, interpretation=["en-fr"]),
            meeting("right", ["c"], priority=2, interpretation=["de-ru"]),
        ],
    )
    placed = solved(data)
    assert sorted(placed) == ["left", "right"]
    assert greedy_score(data) == 3


def test_rule6_preparation_runs_first_with_its_gap():
    data = instance(
        rooms=[room("r")],
        day_slots=[3],
        meetings=[
            meeting("summit", ["a"], priority=5, after=[{"meeting": "prep", "gap": 1}]),
            meeting("other-1", ["b"], priority=4),
            meeting("other-2", ["c"], priority=4),
            meeting("prep", ["d"], priority=1),
        ],
    )
    placed = solved(data)
    # summit needs prep and a free slot after it: prep 0, one other in the gap, summit 2.
    assert placed["prep"][0] == 0
    assert placed["summit"][0] == 2
    assert score(data, placed) == 10


def test_rule6_a_night_is_gap_enough():
    data = instance(
        rooms=[room("r")],
        day_slots=[2, 2],
        meetings=[
            meeting("summit", ["a"], priority=5, after=[{"meeting": "prep", "gap": 9}]),
            meeting("prep", ["b"], priority=1, window=[0, 2]),
        ],
    )
    placed = solved(data)
    assert placed["summit"][0] >= 2
    assert sorted(placed) == ["prep", "summit"]


def test_rule6_no_preparation_no_meeting():
    data = instance(
        rooms=[room("r")],
        meetings=[
            meeting("summit", ["a"], priority=5, after=[{"meeting": "prep", "gap": 0}]),
            meeting("prep", ["a"], priority=1),
        ],
    )
    assert solved(data) == {"prep": (0, "r")}


def test_rule7_apart_parties_use_different_zones_and_never_adjacent_slots():
    parties = [
        {"id": "N", "name": "North", "apart_from": ["S"]},
        {"id": "S", "name": "South", "apart_from": ["N"]},
        {"id": "X", "name": "Neutral", "apart_from": []},
    ]
    data = instance(
        rooms=[room("a1", zone="A"), room("a2", zone="A"), room("b1", zone="B", capacity=4)],
        parties=parties,
        day_slots=[2],
        meetings=[
            meeting("north", ["n"], parties=["N", "X"], priority=3, size=8),
            meeting("south", ["s"], parties=["S", "X"], priority=3, size=8),
            meeting("both", ["n2", "s2"], parties=["N", "S"], priority=1, size=8),
            meeting("neutral", ["x"], parties=["X"], priority=1, size=2),
        ],
    )
    placed = solved(data)
    # North and South both need zone A: only in slots that are not adjacent, which a day
    # of two slots does not have, so one of them runs; the rest fits around it.
    assert score(data, placed) == 5
    assert ("north" in placed) != ("south" in placed)


def test_rule7_apart_parties_take_the_other_zone_when_it_fits():
    parties = [
        {"id": "N", "name": "North", "apart_from": ["S"]},
        {"id": "S", "name": "South", "apart_from": []},
    ]
    data = instance(
        rooms=[room("a1", zone="A"), room("a2", zone="A"), room("b1", zone="B", capacity=4)],
        parties=parties,
        meetings=[
            meeting("north", ["n"], parties=["N"], priority=3, size=8),
            meeting("south", ["s"], parties=["S"], priority=2, size=2),
            meeting("neutral", ["x"], priority=1, size=8),
        ],
    )
    placed = solved(data)
    assert placed["south"] == (0, "b1")
    assert sorted(placed) == ["neutral", "north", "south"]


def test_rule8_a_pin_holds_even_when_it_costs_score():
    data = instance(
        rooms=[room("r")],
        day_slots=[2],
        meetings=[
            meeting("pinned", ["a"], priority=1, pinned={"start": 1, "room": "r"}),
            meeting("urgent", ["b"], priority=9, window=[1, 2]),
            meeting("filler", ["c"], priority=1),
        ],
    )
    assert solved(data) == {"pinned": (1, "r"), "filler": (0, "r")}


def test_pin_brings_its_preparation_along():
    data = instance(
        rooms=[room("r")],
        day_slots=[3],
        meetings=[
            meeting("prep", ["a"], priority=0),
            meeting("pinned", ["a"], priority=1, pinned={"start": 2, "room": "r"}),
        ],
    )
    data["meetings"][1]["after"] = [{"meeting": "prep", "gap": 1}]
    assert solved(data) == {"prep": (0, "r"), "pinned": (2, "r")}


def test_pins_in_one_room_at_once_conflict():
    data = instance(
        rooms=[room("r")],
        meetings=[
            meeting("first", ["a"], pinned={"start": 0, "room": "r"}),
            meeting("second", ["b"], pinned={"start": 0, "room": "r"}),
        ],
    )
    with pytest.raises(PinConflictError) as conflict:
        solve(data, time_limit=2)
    assert str(conflict.value) == (
        "pins of 'first' and 'second' conflict (both hold room 'r' with its turnover)"
    )


def test_replan_moves_only_what_the_closure_forces():
    data = load("replan")
    placed = solved(data)
    previous = data["previous"]
    moved = sorted(m for m, p in previous.items() if placed.get(m) != (p["start"], p["room"]))
    assert moved == ["m2"]
    assert score(data, placed) == sum(m["priority"] for m in data["meetings"])


def test_stop_returns_the_warm_start_at_once_and_says_so():
    data = load("replan")
    solution = solve(copy.deepcopy(data), time_limit=30, stop=stopped())
    assert assert_valid(data, solution.to_dict()).score > 0
    assert (solution.ended, solution.stopped) == ("stop", True)


def test_progress_reports_elapsed_score_and_bound():
    data = load("replan")
    heard: list[tuple[float, int, int | None]] = []
    solution = solve(data, time_limit=2, on_progress=lambda *report: heard.append(report))
    assert heard[-1][1:] == (solution.score, solution.bound)


def test_large_instance_search_keeps_every_rule_and_never_scores_below_its_starts():
    # ministerial-1 is past the whole-model size: the starts, ejection moves, CP-SAT
    # neighbourhoods and the bound process all run.
    data = load("ministerial-1")
    solution = solve(copy.deepcopy(data), time_limit=6, workers=2)
    assert_valid(data, solution.to_dict())
    problem = Problem(parse_instance(copy.deepcopy(data)))
    assert solution.score >= greedy(problem).score
    assert solution.score >= greedy_score(data)
    assert solution.bound >= solution.score


def test_large_replan_moves_only_within_its_budget():
    data = load("ministerial-1")
    published = solve(copy.deepcopy(data), time_limit=3, workers=2).to_dict()
    data["previous"] = {
        a["meeting"]: {"start": a["start"], "room": a["room"]} for a in published["assignments"]
    }
    solution = solve(copy.deepcopy(data), time_limit=3, workers=2, move_budget=0.0)
    verdict = assert_valid(data, solution.to_dict())
    assert verdict.moves == 0
    assert solution.score >= sum(
        m["priority"] for m in data["meetings"] if m["id"] in data["previous"]
    )


def published_first_come(data: dict[str, Any]) -> dict[str, Any]:
    """The instance with its first-come-first-served schedule as the published programme."""
    problem = Problem(parse_instance(copy.deepcopy(data)))
    occupancy = first_come_first_served(problem)
    rooms = assign_rooms(problem, occupancy.placed)
    previous = {
        data["meetings"][m]["id"]: {"start": o.start, "room": data["rooms"][rooms[m]]["id"]}
        for m, o in occupancy.placed.items()
    }
    return {**data, "previous": previous}


@pytest.mark.parametrize("time_limit", [0.5, 1, 2, 6])
def test_large_replan_of_a_first_come_programme_never_exceeds_a_fractional_budget(time_limit):
    # A first-come programme tempts the search to move a lot; 3.5% of 300 meetings is 10.5.
    # The programme is valid as it stands, so nothing is forced to move: the cap is 10 at
    # whatever point the clock stops the search.
    data = published_first_come(load("ministerial-1"))
    solution = solve(copy.deepcopy(data), time_limit=time_limit, workers=2, move_budget=0.035)
    verdict = assert_valid(data, solution.to_dict())
    assert verdict.moves <= 10


def test_small_replan_under_a_budget_moves_only_what_the_change_forces():
    # replan.json's closure forces m2 out of its room: one move, though the budget allows none.
    data = load("replan")
    solution = solve(copy.deepcopy(data), time_limit=3, workers=2, move_budget=0.0)
    assert assert_valid(data, solution.to_dict()).moves == 1


def one_slot_replan() -> dict[str, Any]:
    """A (worth 1) is published in the only slot; C (worth 5) asks for it now."""
    return instance(
        rooms=[room("r")],
        meetings=[meeting("A", ["a"], priority=1), meeting("C", ["c"], priority=5)],
        previous={"A": {"start": 0, "room": "r"}},
    )


def stopped() -> threading.Event:
    stop = threading.Event()
    stop.set()
    return stop


def test_replan_without_a_budget_starts_from_scratch_too_and_keeps_the_better():
    # Stopped at once, the search returns its best start: keeping A would score 1.
    data = one_slot_replan()
    solution = solve(copy.deepcopy(data), time_limit=10, stop=stopped())
    verdict = assert_valid(data, solution.to_dict())
    assert (verdict.score, verdict.moves) == (5, 1)
    assert solution.stopped


def test_replan_with_a_budget_keeps_the_published_programme_first():
    data = one_slot_replan()
    solution = solve(copy.deepcopy(data), time_limit=3, move_budget=0.0)
    verdict = assert_valid(data, solution.to_dict())
    assert (verdict.score, verdict.moves) == (1, 0)


def disrupted_ministerial() -> dict[str, Any]:
    """ministerial-1's first-come programme, published; then a room closes for the first day."""
    data = published_first_come(load("ministerial-1"))
    data["meetings"].append(
        meeting("closure", ["host"], size=0, duration=18, priority=0, room_kinds=["room"],
                pinned={"start": 0, "room": "room-A1"})
    )  # fmt: skip
    data["participants"].append({"id": "host", "party": "", "level": "host", "unavailable": []})
    return data


def test_large_replan_without_a_budget_starts_from_scratch_too():
    # Stopped at once: the result is the best start, and among the starts are exactly those a
    # solve of the same instance without its published programme begins from.
    data = disrupted_ministerial()
    scratch = Problem(parse_instance({**copy.deepcopy(data), "previous": None}))
    fresh = {"greedy": greedy(scratch).score, "first-come": first_come_first_served(scratch).score}
    solution = solve(copy.deepcopy(data), time_limit=60, workers=2, stop=stopped())
    assert assert_valid(data, solution.to_dict()).score >= max(fresh.values())
    assert {name: solution.start_scores[name] for name in fresh} == fresh


@pytest.mark.parametrize("time_limit", [0.5, 1, 2])
def test_large_replan_without_a_budget_never_scores_below_any_of_its_starts(time_limit):
    data = disrupted_ministerial()
    solution = solve(copy.deepcopy(data), time_limit=time_limit, workers=2)
    assert_valid(data, solution.to_dict())
    assert sorted(solution.start_scores) == [
        "first-come",
        "greedy",
        "greedy, published places first",
        "published, then first-come",
        "published, then greedy",
    ]
    assert solution.score >= max(solution.start_scores.values())


def test_result_is_never_worse_than_first_come_first_served():
    # Greedy by value per slot takes the three short talks (9); first-come by priority takes
    # the long one (10). Stopped at once, the search returns its best start.
    data = instance(
        rooms=[room("r")],
        day_slots=[4],
        meetings=[
            meeting("short-1", ["a"], priority=3),
            meeting("short-2", ["b"], priority=3),
            meeting("short-3", ["c"], priority=3),
            meeting("long", ["d"], priority=10, duration=4),
        ],
    )
    assert greedy(Problem(parse_instance(copy.deepcopy(data)))).score == 9
    solution = solve(copy.deepcopy(data), time_limit=10, stop=stopped())
    assert assert_valid(data, solution.to_dict()).score >= greedy_score(data) == 10


@pytest.mark.parametrize(("meetings", "seed"), [(50, 1), (200, 2), (400, 3)])
def test_many_small_meetings_start_no_lower_than_first_come(meetings, seed):
    data = small_meetings(seed, meetings=meetings)
    solution = solve(copy.deepcopy(data), time_limit=60, workers=2, stop=stopped())
    assert assert_valid(data, solution.to_dict()).score >= greedy_score(data)


@pytest.mark.parametrize(("meetings", "seed"), [(50, 1), (200, 2), (400, 3)])
def test_many_small_meetings_the_search_never_scores_below_its_starts(meetings, seed):
    data = small_meetings(seed, meetings=meetings)
    solution = solve(copy.deepcopy(data), time_limit=1, workers=2)
    assert assert_valid(data, solution.to_dict()).score >= max(solution.start_scores.values())


def test_a_meeting_no_room_holds_on_a_large_instance_is_left_out_without_an_error():
    data = small_meetings(1, meetings=400)
    problem = Problem(parse_instance(copy.deepcopy(data)))
    options = sum(
        len(s) * len(c) for s, c in zip(problem.starts, problem.room_classes, strict=True)
    )
    assert options > WHOLE_MODEL_OPTIONS
    largest = max(r["capacity"] for r in data["rooms"])
    crowds = {m["id"] for m in data["meetings"] if m["size"] > largest}
    # Make the crowd worth most, so that every round of ejection moves samples it.
    for m in data["meetings"]:
        if m["id"] in crowds:
            m["priority"] = 1000
    solution = solve(copy.deepcopy(data), time_limit=2, workers=2)
    placed = {a.meeting for a in solution.assignments}
    assert_valid(data, solution.to_dict())
    assert crowds and not crowds & placed


def test_no_time_at_all_gives_a_valid_empty_schedule_and_says_the_clock_ended_it():
    data = small_meetings(2, meetings=200)
    solution = solve(copy.deepcopy(data), time_limit=0)
    assert_valid(data, solution.to_dict())
    assert solution.assignments == ()
    assert solution.ended == "time_limit"


def test_a_large_search_whose_score_reaches_the_proven_bound_ends_there():
    # One person in 400 one-slot meetings over 80 slots: only 80 can run, and the greedy's
    # highest priorities first is optimal. The bound process proves it (its LP is exact here),
    # and the search ends at the bound instead of running to its limit.
    data = instance(
        rooms=[room("r")],
        day_slots=[40, 40],
        meetings=[meeting(f"m{i}", ["chair"], priority=1 + i % 7) for i in range(400)],
    )
    problem = Problem(parse_instance(copy.deepcopy(data)))
    options = sum(
        len(s) * len(c) for s, c in zip(problem.starts, problem.room_classes, strict=True)
    )
    assert options > WHOLE_MODEL_OPTIONS
    solution = solve(copy.deepcopy(data), time_limit=120, workers=2)
    assert_valid(data, solution.to_dict())
    assert solution.ended == "bound"
    assert solution.score == solution.bound == greedy(problem).score


def test_a_schedule_that_places_every_meeting_ends_at_once_at_the_bound():
    data = instance(
        rooms=[room("r1"), room("r2")],
        day_slots=[4],
        meetings=[meeting(f"m{i}", [f"p{i}"]) for i in range(6)],
    )
    solution = solve(copy.deepcopy(data), time_limit=60)
    assert (solution.ended, solution.score, solution.bound) == ("bound", 6, 6)


def test_replan_without_a_move_budget_never_scores_less_than_with_one():
    data = load("replan")
    lexicographic = solve(copy.deepcopy(data), time_limit=3, workers=2)
    budgeted = solve(copy.deepcopy(data), time_limit=3, workers=2, move_budget=0.0)
    for solution in (lexicographic, budgeted):
        assert_valid(data, solution.to_dict())
    assert lexicographic.score >= budgeted.score


def _ministers_in_miniature() -> dict[str, Any]:
    # summit-1 in small: two expert talks, then one senior talk each (the seniors are one team),
    # then the ministers, all needing the same interpreters. Counting interpreter-slots
    # before the ministers' last start (5) says there is room (6 of 10); only the gaps and
    # the one senior team at a time show there is not.
    xy = ["x-y"]
    return instance(
        rooms=[room("r1"), room("r2"), room("r3")],
        day_slots=[6],
        interpreters=[{"pair": "x-y", "count": 2}],
        meetings=[
            meeting("expert-1", ["e1"], duration=2, interpretation=xy),
            meeting("expert-2", ["e2"], duration=2, interpretation=xy),
            meeting(
                "senior-1", ["s"], interpretation=xy, after=[{"meeting": "expert-1", "gap": 1}]
            ),
            meeting(
                "senior-2", ["s"], interpretation=xy, after=[{"meeting": "expert-2", "gap": 1}]
            ),
            meeting(
                "ministers",
                ["m"],
                priority=10,
                interpretation=xy,
                after=[{"meeting": "senior-1", "gap": 1}, {"meeting": "senior-2", "gap": 1}],
            ),
            meeting("press", ["p"], priority=1),
        ],
    )


def test_preparations_one_senior_team_at_a_time_rule_the_ministers_out():
    inst = parse_instance(_ministers_in_miniature())
    problem = Problem(inst)
    ministers = next(m.index for m in inst.meetings if m.id == "ministers")
    assert problem.starts[ministers] == ()


def test_small_instance_is_proven_optimal_with_bound_equal_to_score():
    data = _ministers_in_miniature()
    solution = solve(copy.deepcopy(data), time_limit=10, workers=2)
    verdict = assert_valid(data, solution.to_dict())
    assert solution.optimal
    assert solution.bound == solution.score == verdict.score == 5
