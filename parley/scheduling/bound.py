"""A proven upper bound on the score from the LP relaxation of the time-indexed model.

One column per (meeting, start, room class), where rooms that differ only by zone share a
class (dropping the apart rule only relaxes). Per class and slot, counting the meetings that
hold a room is exact for rooms, so the relaxation is as tight on rooms as the integer model.

Small instances get the LP optimum from GLOP. At UNGA size (~190,000 columns) no LP solver
bundled here finishes in a minute, so we use the Lagrangian dual instead: for *any*
multipliers y >= 0 on the capacity rows, sum(b*y) + sum over meetings of the best positive
reduced value is an upper bound (weak duality; each meeting runs at most once), and
subgradient steps drive it down towards the LP optimum. Every iterate is a valid bound.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from parley.scheduling.occupancy import Option, Problem

SMALL_ENOUGH_FOR_GLOP = 60_000  # columns; ministerial-1 has 19,000 and solves in a second


@dataclass(frozen=True)
class Relaxation:
    """The packing LP  max c.x  s.t.  A x <= b,  sum of a meeting's columns <= 1,  0 <= x."""

    column_meeting: np.ndarray
    column_value: np.ndarray
    row_capacity: np.ndarray
    entry_row: np.ndarray
    entry_column: np.ndarray
    entry_value: np.ndarray
    pinned_meetings: np.ndarray


def relaxation(problem: Problem) -> Relaxation:
    inst = problem.instance
    merged: dict[tuple[str, int, int], int] = {}
    merged_rooms: dict[int, int] = defaultdict(int)
    merged_of_class = {}
    for c in problem.classes:
        key = (c.kind, c.capacity, c.turnover)
        merged_of_class[c.index] = merged.setdefault(key, len(merged))
        merged_rooms[merged_of_class[c.index]] += len(c.rooms)

    rows: dict[tuple, int] = {}
    capacity: list[float] = []

    def row(key: tuple, limit: float) -> int:
        index = rows.get(key)
        if index is None:
            index = rows[key] = len(capacity)
            capacity.append(limit)
        return index

    column_meeting: list[int] = []
    column_value: list[float] = []
    entry_row: list[int] = []
    entry_column: list[int] = []
    entry_value: list[float] = []
    columns_by_day: dict[int, dict[int, list[int]]] = {}
    for m in inst.meetings:
        representative = {merged_of_class[c]: c for c in problem.room_classes[m.index]}
        by_day: dict[int, list[int]] = defaultdict(list)
        for mc, c in sorted(representative.items()):
            for s in problem.starts[m.index]:
                j = len(column_meeting)
                column_meeting.append(m.index)
                column_value.append(m.priority)
                by_day[inst.day_of[s]].append(j)
                option = Option(start=s, room_class=c)
                touched = [
                    row(("room", mc, t), merged_rooms[mc])
                    for t in problem.room_slots(m.index, option)
                ]
                for t in range(s, s + m.duration):
                    touched += [row(("person", p, t), 1) for p in m.participants]
                    touched += [
                        row(("pair", k, t), inst.interpreter_counts[k]) for k in m.interpretation
                    ]
                entry_row += touched
                entry_column += [j] * len(touched)
                entry_value += [1.0] * len(touched)
        columns_by_day[m.index] = by_day

    # Preparation: if B starts by the end of day d, so did A (a coarse but valid cut).
    for m in inst.meetings:
        for dep in m.after:
            after_days, before_days = columns_by_day[m.index], columns_by_day[dep.meeting]
            for day in sorted(after_days):
                r = row(("after", m.index, dep.meeting, day), 0)
                for d, columns in after_days.items():
                    if d <= day:
                        entry_row += [r] * len(columns)
                        entry_column += columns
                        entry_value += [1.0] * len(columns)
                for d, columns in before_days.items():
                    if d <= day:
                        entry_row += [r] * len(columns)
                        entry_column += columns
                        entry_value += [-1.0] * len(columns)

    return Relaxation(
        column_meeting=np.array(column_meeting, dtype=np.int64),
        column_value=np.array(column_value, dtype=np.float64),
        row_capacity=np.array(capacity, dtype=np.float64),
        entry_row=np.array(entry_row, dtype=np.int64),
        entry_column=np.array(entry_column, dtype=np.int64),
        entry_value=np.array(entry_value, dtype=np.float64),
        pinned_meetings=np.array(
            [m.index for m in inst.meetings if m.pinned is not None], dtype=np.int64
        ),
    )


def score_bound(
    problem: Problem,
    *,
    time_limit: float,
    best_known: Callable[[], int] = lambda: 0,
) -> int | None:
    """The best proven bound reachable within `time_limit` seconds (None if none)."""
    started = time.monotonic()
    lp = relaxation(problem)
    if len(lp.column_meeting) == 0:
        return 0
    remaining = time_limit - (time.monotonic() - started)
    if len(lp.column_meeting) <= SMALL_ENOUGH_FOR_GLOP:
        exact = glop_bound(lp, time_limit=remaining)
        if exact is not None:
            return exact
    return lagrangian_bound(
        lp,
        deadline=started + time_limit,
        best_known=best_known,
        meetings=len(problem.instance.meetings),
    )


def glop_bound(lp: Relaxation, *, time_limit: float) -> int | None:
    solver = pywraplp.Solver.CreateSolver("GLOP")
    solver.SetTimeLimit(max(1, int(time_limit * 1000)))
    infinity = solver.infinity()
    x = [solver.NumVar(0.0, 1.0, "") for _ in lp.column_meeting]
    once: dict[int, pywraplp.Constraint] = {}
    pinned = set(lp.pinned_meetings.tolist())
    objective = solver.Objective()
    objective.SetMaximization()
    for j, (m, value) in enumerate(
        zip(lp.column_meeting.tolist(), lp.column_value.tolist(), strict=True)
    ):
        if m not in once:
            once[m] = solver.Constraint(1.0 if m in pinned else -infinity, 1.0)
        once[m].SetCoefficient(x[j], 1.0)
        objective.SetCoefficient(x[j], value)
    constraints = [solver.Constraint(-infinity, b) for b in lp.row_capacity.tolist()]
    entries = zip(
        lp.entry_row.tolist(), lp.entry_column.tolist(), lp.entry_value.tolist(), strict=True
    )
    for r, j, a in entries:
        constraints[r].SetCoefficient(x[j], a)
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    # The score is an integer; the small allowance covers GLOP's tolerances, erring upwards.
    return math.floor(objective.Value() + 1e-3)


def lagrangian_bound(
    lp: Relaxation, *, deadline: float, best_known: Callable[[], int], meetings: int
) -> int:
    """Subgradient descent on the Lagrangian dual; returns the lowest bound it met."""
    # Columns are grouped by meeting, in order: segment starts for reduceat.
    segment_start = np.flatnonzero(np.r_[True, lp.column_meeting[1:] != lp.column_meeting[:-1]])
    segment_meeting = lp.column_meeting[segment_start]
    # Pinned meetings must run, so their best column counts even when its value is negative.
    must_run = np.isin(segment_meeting, lp.pinned_meetings)
    rows = len(lp.row_capacity)
    multipliers = np.zeros(rows)
    best = math.inf
    step_scale = 2.0
    patience = 40
    since_best = 0
    while True:
        penalty = np.bincount(
            lp.entry_column,
            weights=lp.entry_value * multipliers[lp.entry_row],
            minlength=len(lp.column_meeting),
        )
        reduced = lp.column_value - penalty
        best_per_meeting = np.maximum.reduceat(reduced, segment_start)
        gains = np.where(must_run, best_per_meeting, np.maximum(best_per_meeting, 0.0))
        value = float(lp.row_capacity @ multipliers + gains.sum())
        if value < best - 1e-9:
            best, since_best = value, 0
        else:
            since_best += 1
            if since_best >= patience:
                step_scale, since_best = step_scale / 2, 0
        if time.monotonic() >= deadline or step_scale < 1e-6:
            break
        # The columns the relaxed problem picks: each meeting's best, when worth running.
        is_best = reduced >= np.repeat(
            best_per_meeting, np.diff(np.r_[segment_start, len(reduced)])
        )
        first_best = np.zeros(len(reduced), dtype=bool)
        candidates = np.flatnonzero(is_best)
        _, first = np.unique(lp.column_meeting[candidates], return_index=True)
        first_best[candidates[first]] = True
        chosen_value = gains[np.searchsorted(segment_meeting, lp.column_meeting)] > 0
        chosen = first_best & (chosen_value | np.isin(lp.column_meeting, lp.pinned_meetings))
        usage = np.bincount(
            lp.entry_row, weights=lp.entry_value * chosen[lp.entry_column], minlength=rows
        )
        subgradient = lp.row_capacity - usage
        # Only rows that push back (over-used, or priced while slack) move the multipliers.
        active = (subgradient < 0) | (multipliers > 0)
        norm = float(subgradient[active] @ subgradient[active])
        if norm == 0:
            break
        target = max(best_known(), 0)
        step = step_scale * max(value - target, 1e-3 * max(1.0, value)) / norm
        multipliers = np.maximum(0.0, multipliers - step * subgradient)
    del meetings
    return math.floor(best + 1e-6)
