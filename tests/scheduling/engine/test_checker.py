"""The product's checker: each hard rule broken alone is named by its number, as the oracle does.

One small instance touches every rule; a valid solution is changed in one place per test so
that exactly one rule breaks. The tests' own oracle (oracle.py) must agree each time.
"""

import copy
from typing import Any

import pytest

from parley.scheduling.engine.checker import (
    SolutionError,
    check_solution,
    find_breaks,
    moves_of,
    score_of,
)

from ..builders import instance, meeting, room
from ..oracle import check


def everything() -> dict[str, Any]:
    """Two days of four slots; rooms in two zones; apart parties, interpreters, a pin."""
    return instance(
        rooms=[
            room("r1", capacity=4, zone="A", turnover=1),
            room("r2", capacity=4, zone="A"),
            room("hall", kind="hall", capacity=20, zone="B"),
        ],
        day_slots=[4, 4],
        parties=[
            {"id": "N", "name": "North", "apart_from": ["S"]},
            {"id": "S", "name": "South", "apart_from": []},
        ],
        interpreters=[{"pair": "en-fr", "count": 1}],
        unavailable={"p6": [[6, 8]]},
        meetings=[
            meeting("a", ["p1"], parties=["N"], priority=3),
            meeting(
                "b", ["p2"], parties=["S"], interpretation=["en-fr"], room_kinds=["room", "hall"]
            ),
            meeting("c", ["p3"], interpretation=["en-fr"]),
            meeting("d", ["p4"], after=[{"meeting": "a", "gap": 1}], priority=2),
            meeting("e", ["p5"], size=6, window=[4, 8], room_kinds=["room", "hall"]),
            meeting("f", ["p6"], pinned={"start": 0, "room": "hall"}, room_kinds=["hall"]),
            meeting("g", ["p1"], room_kinds=["room", "hall"]),
        ],
        previous={"a": {"start": 0, "room": "r1"}, "g": {"start": 4, "room": "hall"}},
    )


VALID = {
    "a": (0, "r1"),
    "b": (3, "hall"),
    "c": (2, "r1"),
    "d": (2, "r2"),
    "e": (4, "hall"),
    "f": (0, "hall"),
    "g": (5, "hall"),
}


def solution(changes: dict[str, tuple[int, str] | None] | None = None) -> dict[str, Any]:
    placed = {**VALID, **(changes or {})}
    return {
        "format": "parley.schedule-solution/1",
        "instance": "test",
        "assignments": [
            {"meeting": m, "start": start, "room": r}
            for m, where in placed.items()
            if where is not None
            for start, r in [where]
        ],
    }


def rules_broken(data: dict[str, Any], solved: dict[str, Any]) -> set[int]:
    """The rules the product's checker names, after checking that the oracle names the same."""
    product = {b.rule for b in find_breaks(data, solved).breaks}
    oracle = {int(text.split(":")[0].removeprefix("rule ")) for text in check(data, solved).breaks}
    assert product == oracle
    return product


def test_the_valid_solution_keeps_every_rule_and_scores_as_the_oracle_does():
    data, solved = everything(), solution()
    checked = find_breaks(data, solved)
    assert checked.breaks == []
    verdict = check(data, solved)
    assert verdict.breaks == []
    assert score_of(data, checked.placed) == (verdict.score, verdict.total) == (10, 10)
    assert moves_of(data, checked.placed) == verdict.moves == 1  # g moved a slot


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"e": (4, "r1")}, 1),  # six people in a room for four
        ({"c": (2, "hall")}, 1),  # a hall is not of the kind c needs
        ({"e": (2, "hall")}, 2),  # before its window opens
        ({"c": (1, "r1")}, 3),  # a's room needs one slot of turnover
        ({"g": (0, "r2")}, 4),  # p1 in a and g at once
        ({"b": (2, "hall")}, 5),  # b and c both need the one en-fr team at slot 2
        ({"d": (1, "r2")}, 6),  # d starts one slot too early after a
        ({"a": None, "g": (0, "r1")}, 6),  # d without a
        ({"b": (1, "r2")}, 7),  # North and South in zone A in touching slots
        ({"f": (1, "hall")}, 8),  # away from its pin
        ({"f": None}, 8),  # the pinned meeting left out
    ],
)
def test_one_change_breaks_exactly_its_rule(changes, rule):
    assert rules_broken(everything(), solution(changes)) == {rule}


def test_unavailable_participant_and_a_night_break_rule_2():
    data = everything()
    data["meetings"][5]["pinned"] = None  # f may move, but p6 is away on day 2 afternoon
    assert rules_broken(data, solution({"f": (6, "hall")})) == {2}
    data["meetings"][6]["duration"] = 2
    assert rules_broken(data, solution({"g": (3, "hall"), "b": (3, "r2")})) == {2}


def test_unknown_meeting_room_twice_and_outside_the_horizon_are_breaks():
    solved = solution()
    solved["assignments"] += [
        {"meeting": "zz", "start": 0, "room": "r1"},
        {"meeting": "a", "start": 1, "room": "r2"},
    ]
    solved["assignments"][1]["room"] = "nowhere"
    solved["assignments"][2]["start"] = 99
    messages = [str(b) for b in find_breaks(everything(), solved).breaks]
    assert messages[:4] == [
        "assignments[1].room: unknown room 'nowhere'",
        "assignments[2].start: 99 is outside the horizon 0..8",
        "assignments[7].meeting: unknown meeting 'zz'",
        "assignments[8].meeting: a is scheduled twice",
    ]


def test_every_clash_in_a_room_is_listed_not_only_the_first():
    data = instance(
        rooms=[room("r")],
        day_slots=[4],
        meetings=[
            meeting("long", ["p1"], duration=4),
            meeting("early", ["p2"]),
            meeting("late", ["p3"]),
        ],
    )
    solved = {"assignments": [
        {"meeting": "long", "start": 0, "room": "r"},
        {"meeting": "early", "start": 1, "room": "r"},
        {"meeting": "late", "start": 3, "room": "r"},
    ]}  # fmt: skip
    messages = [str(b) for b in find_breaks(data, solved).breaks]
    assert messages == [
        "assignments[1].start: early and long clash in room r",
        "assignments[2].start: late and long clash in room r",
    ]


@pytest.mark.parametrize(
    ("solved", "message"),
    [
        ([], "solution: expected a JSON object"),
        ({"format": "other/1", "assignments": []}, "format: expected 'parley.schedule-solution/1'"),
        ({"instance": "elsewhere", "assignments": []}, "instance: the solution is for 'elsewhere'"),
        ({"assignments": {}}, "assignments: expected a list"),
        ({"assignments": [3]}, "assignments[0]: expected an object"),
    ],
)
def test_a_malformed_solution_is_an_error_not_a_list_of_breaks(solved, message):
    with pytest.raises(SolutionError) as error:
        find_breaks(everything(), solved)
    assert str(error.value).startswith(message)


def test_check_solution_raises_the_first_break():
    with pytest.raises(SolutionError) as error:
        check_solution(everything(), solution({"g": (0, "r2")}))
    assert str(error.value) == "assignments: p1 is in a and g at 0"


def test_the_checker_leaves_the_solution_as_it_was():
    solved = solution({"b": (1, "r2")})
    before = copy.deepcopy(solved)
    find_breaks(everything(), solved)
    assert solved == before
