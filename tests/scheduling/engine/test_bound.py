"""The proven bound: every figure is the Lagrangian dual at some multipliers, summed by us.

ministerial-1 is small enough for GLOP to give the LP optimum, which the other routes to a
bound (HiGHS's interior point, subgradient steps, the bound process) are checked against.
"""

import math
import pickle
import subprocess
import sys
import time

import numpy as np
import pytest

from parley.scheduling.engine import bound
from parley.scheduling.engine.bound import (
    BoundProcess,
    LagrangianDual,
    OutOfTime,
    glop_bound,
    interior_point_duals,
    relaxation,
    score_bound,
)
from parley.scheduling.engine.greedy import first_come_first_served
from parley.scheduling.engine.instance import parse_instance
from parley.scheduling.engine.occupancy import Problem

from ..data import load


@pytest.fixture(scope="module")
def problem() -> Problem:
    return Problem(parse_instance(load("ministerial-1")))


@pytest.fixture(scope="module")
def lp(problem: Problem) -> bound.Relaxation:
    return relaxation(problem)


@pytest.fixture(scope="module")
def lp_optimum(lp: bound.Relaxation) -> int:
    optimum = glop_bound(lp, time_limit=60)
    assert optimum is not None
    return optimum


def trivial_bound(problem: Problem) -> int:
    inst = problem.instance
    return sum(m.priority for m in inst.meetings if problem.starts[m.index])


def test_lagrangian_value_at_zero_is_every_meeting_that_can_run(problem, lp):
    assert LagrangianDual(lp).value(np.zeros(len(lp.row_capacity))) == trivial_bound(problem)


def test_lagrangian_value_clips_negative_multipliers_to_zero(problem, lp):
    negative = -np.ones(len(lp.row_capacity))
    assert LagrangianDual(lp).value(negative) == trivial_bound(problem)


def test_lagrangian_value_is_an_upper_bound_at_any_multipliers(lp, lp_optimum):
    dual = LagrangianDual(lp)
    rng = np.random.default_rng(7)
    for scale in (0.01, 0.5, 3.0):
        multipliers = rng.uniform(0, scale, len(lp.row_capacity))
        assert dual.value(multipliers) >= lp_optimum


def test_interior_point_duals_prove_the_lp_optimum(lp, lp_optimum):
    duals = interior_point_duals(lp, time_limit=60)
    assert math.floor(LagrangianDual(lp).value(duals) + 1e-6) == lp_optimum


def test_subgradient_descent_lies_between_the_lp_optimum_and_the_trivial_bound(
    problem, lp, lp_optimum
):
    # Polyak steps aim at a score known to be reachable, here first-come-first-served's.
    # A count of steps, not a time, so that the figure does not depend on the machine.
    reachable = first_come_first_served(problem).score
    value = LagrangianDual(lp).subgradient_descent(
        deadline=math.inf, best_known=lambda: reachable, max_steps=1000
    )
    assert lp_optimum <= value < trivial_bound(problem)


def test_subgradient_descent_past_its_deadline_still_answers_a_bound(problem, lp, lp_optimum):
    value = LagrangianDual(lp).subgradient_descent(
        deadline=time.monotonic() - 1, best_known=lambda: 0
    )
    assert value == trivial_bound(problem) >= lp_optimum


def test_a_relaxation_past_its_deadline_gives_no_bound(problem):
    with pytest.raises(OutOfTime):
        relaxation(problem, deadline=time.monotonic() - 1)
    assert score_bound(problem, time_limit=0) is None


def test_a_bound_process_asked_for_its_result_too_soon_is_killed(problem):
    job = BoundProcess(problem.instance, time_limit=60, best_known=0)
    assert job.result(timeout=0) is None
    assert not job.running
    assert job.finished()


def test_a_bound_process_hands_its_bound_over_as_soon_as_it_has_it(problem, lp_optimum):
    heard: list[int] = []
    job = BoundProcess(problem.instance, time_limit=30, best_known=0, on_bound=heard.append)
    assert job.result(timeout=60) == lp_optimum
    assert heard == [lp_optimum]
    assert not job.running


def test_score_bound_of_a_large_relaxation_reaches_the_lp_optimum(problem, lp_optimum, monkeypatch):
    # As if ministerial-1 were UNGA-sized: subgradient steps first, then the interior point.
    monkeypatch.setattr(bound, "SMALL_ENOUGH_FOR_GLOP", 0)
    monkeypatch.setattr(bound, "MIN_SECONDS_FOR_INTERIOR_POINT", 0)
    assert score_bound(problem, time_limit=30, interior_point=True) == lp_optimum


def test_score_bound_in_process_never_starts_the_interior_point(
    problem, lp_optimum, monkeypatch, capfd
):
    # HiGHS would write its banner on this process's standard output.
    monkeypatch.setattr(bound, "SMALL_ENOUGH_FOR_GLOP", 0)
    monkeypatch.setattr(bound, "MIN_SECONDS_FOR_INTERIOR_POINT", 0)
    assert score_bound(problem, time_limit=2) >= lp_optimum
    assert capfd.readouterr().out == ""


def test_bound_process_child_answers_only_the_bound_though_highs_writes_a_banner(
    problem, lp_optimum
):
    # The child's own entry point, on the interior-point route, in a real interpreter.
    payload = pickle.dumps((problem.instance, time.time() + 20, 0, None))
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "from parley.scheduling.engine import bound; bound.SMALL_ENOUGH_FOR_GLOP = 0; "
            "bound.MIN_SECONDS_FOR_INTERIOR_POINT = 0; bound._child()",
        ],
        input=payload,
        capture_output=True,
        check=True,
    )
    assert child.stdout == str(lp_optimum).encode()


def one_room_instance(*, previous: dict | None, pinned: str | None = None) -> Problem:
    """One room, one slot, A (priority 1) and C (priority 5); A may be published or pinned."""

    def meeting(mid: str, priority: int, person: str) -> dict:
        return {
            "id": mid, "title": mid, "level": "expert", "parties": [], "participants": [person],
            "size": 1, "room_kinds": ["room"], "duration": 1, "priority": priority,
            "interpretation": [], "after": [], "window": None, "pinned": None,
        }  # fmt: skip

    return Problem(
        parse_instance(
            {
                "format": "parley.schedule-instance/1",
                "name": "one-room",
                "slot_minutes": 30,
                "days": [{"date": "2026-12-01", "start": "09:00", "slots": 1}],
                "rooms": [{"id": "r", "kind": "room", "capacity": 5, "zone": "Z", "turnover": 0}],
                "parties": [],
                "participants": [
                    {"id": "a", "party": "", "level": "expert", "unavailable": []},
                    {"id": "c", "party": "", "level": "expert", "unavailable": []},
                ],
                "interpreters": [],
                "meetings": [
                    {**m, "pinned": {"start": 0, "room": "r"} if m["id"] == pinned else None}
                    for m in (meeting("A", 1, "a"), meeting("C", 5, "c"))
                ],
                "previous": previous,
            }
        )
    )


@pytest.mark.parametrize("route", ["glop", "subgradient and interior point"])
@pytest.mark.parametrize(("max_moves", "expected"), [(None, 5), (0, 1), (1, 5)])
def test_score_bound_under_a_move_limit_keeps_what_may_not_move(
    route, max_moves, expected, monkeypatch
):
    if route != "glop":
        monkeypatch.setattr(bound, "SMALL_ENOUGH_FOR_GLOP", 0)
        monkeypatch.setattr(bound, "MIN_SECONDS_FOR_INTERIOR_POINT", 0)
    problem = one_room_instance(previous={"A": {"start": 0, "room": "r"}})
    bound_found = score_bound(problem, time_limit=5, max_moves=max_moves, interior_point=True)
    assert bound_found == expected


@pytest.mark.parametrize("route", ["glop", "subgradient and interior point"])
def test_a_pinned_meeting_counts_in_the_bound_even_when_it_costs_score(route, monkeypatch):
    if route != "glop":
        monkeypatch.setattr(bound, "SMALL_ENOUGH_FOR_GLOP", 0)
        monkeypatch.setattr(bound, "MIN_SECONDS_FOR_INTERIOR_POINT", 0)
    problem = one_room_instance(previous=None, pinned="A")
    assert score_bound(problem, time_limit=5, interior_point=True) == 1
