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
import os
import pickle
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from ortools.linear_solver import pywraplp

from parley.scheduling.instance import Instance
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


def lagrangian_bound(lp: Relaxation, *, deadline: float, best_known: Callable[[], int]) -> int:
    """Subgradient descent on the Lagrangian dual; returns the lowest bound it met."""
    columns = len(lp.column_meeting)
    # Columns are grouped by meeting, in order: segment starts for reduceat.
    segment_start = np.flatnonzero(np.r_[True, lp.column_meeting[1:] != lp.column_meeting[:-1]])
    segment_of_column = np.repeat(
        np.arange(len(segment_start)), np.diff(np.r_[segment_start, columns])
    )
    # Pinned meetings must run, so their best column counts even when its value is negative.
    must_run = np.isin(lp.column_meeting[segment_start], lp.pinned_meetings)
    column_index = np.arange(columns)
    # The entries of each column, for the cheap usage count of the few chosen columns.
    by_column = np.argsort(lp.entry_column, kind="stable")
    column_first = np.searchsorted(lp.entry_column[by_column], column_index)
    column_count = np.bincount(lp.entry_column, minlength=columns)
    row_by_column = lp.entry_row[by_column]
    value_by_column = lp.entry_value[by_column]
    rows = len(lp.row_capacity)
    multipliers = np.zeros(rows)
    best = math.inf
    step_scale = 2.0
    since_best = 0
    while True:
        penalty = np.add.reduceat(multipliers[row_by_column] * value_by_column, column_first)
        reduced = lp.column_value - penalty
        best_per_meeting = np.maximum.reduceat(reduced, segment_start)
        gains = np.where(must_run, best_per_meeting, np.maximum(best_per_meeting, 0.0))
        # Plain sums, not BLAS dot products: BLAS threads spin and cost more than they save here.
        value = float((lp.row_capacity * multipliers).sum() + gains.sum())
        if value < best - 1e-9:
            best, since_best = value, 0
        else:
            since_best += 1
            if since_best >= 100:
                step_scale, since_best = step_scale / 2, 0
        if time.monotonic() >= deadline or step_scale < 1e-6:
            break
        # The relaxed problem runs each meeting in its best column, when that is worth it.
        is_best = reduced >= best_per_meeting[segment_of_column]
        first_best = np.minimum.reduceat(np.where(is_best, column_index, columns), segment_start)
        runs = (gains > 0) | must_run
        chosen = first_best[runs]
        counts = column_count[chosen]
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        entries = by_column[np.repeat(column_first[chosen], counts) + offsets]
        usage = np.bincount(lp.entry_row[entries], weights=lp.entry_value[entries], minlength=rows)
        subgradient = lp.row_capacity - usage
        # A slack row whose multiplier is already 0 cannot move; leave it out of the norm.
        subgradient[(subgradient > 0) & (multipliers <= 0)] = 0.0
        norm = float((subgradient * subgradient).sum())
        if norm == 0:
            break
        target = max(best_known(), 0)
        step = step_scale * max(value - target, 1e-3 * max(1.0, value)) / norm
        multipliers = np.maximum(0.0, multipliers - step * subgradient)
    return math.floor(best + 1e-6)


class BoundProcess:
    """`score_bound` in a process of its own, so that it runs beside the search, not after it.

    numpy holds the GIL for much of each subgradient step, so a thread would slow the search.
    A plain child interpreter (not multiprocessing, whose spawn re-runs the caller's main
    script) reads the pickled instance on stdin and writes the bound on stdout.
    """

    def __init__(self, instance: Instance, *, time_limit: float, best_known: int) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                p for p in (package_root, os.environ.get("PYTHONPATH")) if p
            ),
        }
        self._process = subprocess.Popen(
            [sys.executable, "-c", "from parley.scheduling.bound import _child; _child()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self._writer = threading.Thread(
            # Wall-clock deadline: the child's own start-up must count against the limit.
            target=self._send,
            args=(pickle.dumps((instance, time.time() + time_limit, best_known)),),
            daemon=True,
        )
        self._writer.start()

    def _send(self, payload: bytes) -> None:
        try:
            self._process.stdin.write(payload)
            self._process.stdin.close()
        except OSError:
            pass

    def result(self, *, timeout: float) -> int | None:
        """The bound, or None when the process has not answered within `timeout` seconds."""
        try:
            # The answer is a few bytes, written as the child exits: no pipe can fill up.
            self._process.wait(timeout=max(0.1, timeout))
            output = self._process.stdout.read()
            return int(output) if self._process.returncode == 0 else None
        except (subprocess.TimeoutExpired, ValueError):
            return None
        finally:
            self.cancel()

    def cancel(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()


def _child() -> None:
    # The payload comes from our own parent process over a pipe, never from outside.
    instance, deadline, best_known = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    problem = Problem(instance)
    remaining = deadline - time.time()
    bound = score_bound(problem, time_limit=remaining, best_known=lambda: best_known)
    sys.stdout.write("" if bound is None else str(bound))
