"""A proven upper bound on the score from the LP relaxation of the time-indexed model.

One column per (meeting, start, room class), where rooms that differ only by zone share a
class (dropping the apart rule only relaxes). Per class and slot, counting the meetings that
hold a room is exact for rooms, so the relaxation is as tight on rooms as the integer model.

Every bound here is a value of the Lagrangian dual: for *any* multipliers y >= 0 on the
capacity rows, sum(b*y) + sum over meetings of the best positive reduced value is an upper
bound (weak duality; each meeting runs at most once). So whatever produced y -- an LP
solver's duals, however inexact, or a subgradient step -- the bound is checked by our own
arithmetic, not taken on trust.

Small relaxations get the LP optimum from GLOP. At UNGA size (~190,000 columns) GLOP's
simplex needs about a minute, HiGHS's interior point about 30 s without crossover (the duals
are all we need), and subgradient steps stall some 60 points above the optimum. So a large
relaxation gets a few seconds of subgradient steps first, a bound in hand should the
interior point run out of time, then the interior point's duals.
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

import highspy
import numpy as np
from ortools.linear_solver import pywraplp

from .instance import Instance
from .occupancy import Option, Problem

SMALL_ENOUGH_FOR_GLOP = 60_000  # columns; ministerial-1 has 19,000 and solves in a second
# On unga-1 (190,000 columns) the interior point needs ~30 s of one core: with less, the
# time is better spent on subgradient steps.
MIN_SECONDS_FOR_INTERIOR_POINT = 30.0
# Share of a large relaxation's budget spent on subgradient steps before the interior point.
SUBGRADIENT_SHARE = 0.15
# Kept back from the interior point's limit to evaluate its duals and answer.
INTERIOR_POINT_RESERVE = 1.5


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


class OutOfTime(Exception):
    """The deadline came while the relaxation was being built."""


def relaxation(
    problem: Problem, *, max_moves: int | None = None, deadline: float = math.inf
) -> Relaxation:
    """The LP relaxation; with `max_moves`, of the schedules that move at most that many
    meetings of `previous` (a meeting stays when it keeps its start and room class).

    Raises `OutOfTime` when building it runs past `deadline`.
    """
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
    stays: list[int] = []
    columns_by_day: dict[int, dict[int, list[int]]] = {}
    for m in inst.meetings:
        if time.monotonic() >= deadline:
            raise OutOfTime()
        representative = {merged_of_class[c]: c for c in problem.room_classes[m.index]}
        by_day: dict[int, list[int]] = defaultdict(list)
        for mc, c in sorted(representative.items()):
            for s in problem.starts[m.index]:
                j = len(column_meeting)
                column_meeting.append(m.index)
                column_value.append(m.priority)
                by_day[inst.day_of[s]].append(j)
                if max_moves is not None and m.index in inst.previous:
                    start, room = inst.previous[m.index]
                    if (start, mc) == (s, merged_of_class[problem.class_of_room[room]]):
                        stays.append(j)
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

    if max_moves is not None and inst.previous:
        # Moves >= |previous| - stays, so stays >= |previous| - max_moves.
        r = row(("moves",), max_moves - len(inst.previous))
        entry_row += [r] * len(stays)
        entry_column += stays
        entry_value += [-1.0] * len(stays)

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
    max_moves: int | None = None,
    interior_point: bool = False,
) -> int | None:
    """The best proven bound reachable within `time_limit` seconds (None if none); with
    `max_moves`, on the score of schedules that move at most that many published meetings.

    `interior_point` lets a large relaxation go to HiGHS, which writes a banner on standard
    output that no option silences: only the bound process, which redirects it, sets it.
    """
    started = time.monotonic()
    deadline = started + time_limit
    try:
        lp = relaxation(problem, max_moves=max_moves, deadline=deadline)
    except OutOfTime:
        return None
    if len(lp.column_meeting) == 0:
        return 0
    if len(lp.column_meeting) <= SMALL_ENOUGH_FOR_GLOP:
        exact = glop_bound(lp, time_limit=deadline - time.monotonic())
        if exact is not None:
            return exact
    dual = LagrangianDual(lp)
    remaining = deadline - time.monotonic()
    interior_point_seconds = (1 - SUBGRADIENT_SHARE) * remaining - INTERIOR_POINT_RESERVE
    if not interior_point or interior_point_seconds < MIN_SECONDS_FOR_INTERIOR_POINT:
        return _integer(dual.subgradient_descent(deadline=deadline, best_known=best_known))
    bound = dual.subgradient_descent(
        deadline=time.monotonic() + SUBGRADIENT_SHARE * remaining, best_known=best_known
    )
    duals = interior_point_duals(
        lp, time_limit=deadline - time.monotonic() - INTERIOR_POINT_RESERVE
    )
    if duals is not None:
        bound = min(bound, dual.value(duals))
    return _integer(bound)


def _integer(bound: float) -> int:
    # The score is an integer; the allowance covers rounding in the sums, erring upwards.
    return math.floor(bound + 1e-6)


def interior_point_duals(lp: Relaxation, *, time_limit: float) -> np.ndarray | None:
    """HiGHS's interior-point duals of the capacity rows, as multipliers (None if none).

    Crossover is off: it would double the time to polish a basis we do not need. When the
    limit strikes first, the last iterate's duals are still returned; the caller's own
    evaluation decides what they are worth.
    """
    if time_limit <= 0:
        return None
    columns, rows = len(lp.column_meeting), len(lp.row_capacity)
    meeting_row = rows + np.unique(lp.column_meeting, return_inverse=True)[1]
    # Column-wise matrix: the capacity entries plus each column's "meeting runs once" row.
    entry_row = np.r_[lp.entry_row, meeting_row]
    entry_column = np.r_[lp.entry_column, np.arange(columns)]
    entry_value = np.r_[lp.entry_value, np.ones(columns)]
    order = np.lexsort((entry_row, entry_column))
    meetings = int(meeting_row.max()) + 1 - rows
    pinned = np.isin(np.unique(lp.column_meeting), lp.pinned_meetings)

    model = highspy.HighsLp()
    model.num_col_ = columns
    model.num_row_ = rows + meetings
    model.col_cost_ = -lp.column_value  # HiGHS minimises
    model.col_lower_ = np.zeros(columns)
    model.col_upper_ = np.ones(columns)
    model.row_lower_ = np.r_[np.full(rows, -highspy.kHighsInf), pinned.astype(np.float64)]
    model.row_upper_ = np.r_[lp.row_capacity, np.ones(meetings)]
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = np.searchsorted(entry_column[order], np.arange(columns + 1)).astype(
        np.int32
    )
    model.a_matrix_.index_ = entry_row[order].astype(np.int32)
    model.a_matrix_.value_ = entry_value[order]

    highs = highspy.Highs()
    for option, value in (
        ("output_flag", False),
        ("solver", "ipm"),
        ("run_crossover", "off"),
        ("threads", 1),  # the search has the other core
        ("time_limit", float(time_limit)),
    ):
        highs.setOptionValue(option, value)
    highs.passModel(model)
    highs.run()
    solution = highs.getSolution()
    if len(solution.row_dual) != model.num_row_:
        return None
    # A "<=" row of a minimisation has a dual <= 0; our multipliers are its negation.
    return -np.asarray(solution.row_dual)[:rows]


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


class LagrangianDual:
    """The Lagrangian dual function of a relaxation, with its index arrays built once."""

    def __init__(self, lp: Relaxation) -> None:
        self.lp = lp
        columns = len(lp.column_meeting)
        # Columns are grouped by meeting, in order: segment starts for reduceat.
        self.segment_start = np.flatnonzero(
            np.r_[True, lp.column_meeting[1:] != lp.column_meeting[:-1]]
        )
        self.segment_of_column = np.repeat(
            np.arange(len(self.segment_start)), np.diff(np.r_[self.segment_start, columns])
        )
        # Pinned meetings must run, so their best column counts even when its value is negative.
        self.must_run = np.isin(lp.column_meeting[self.segment_start], lp.pinned_meetings)
        self.column_index = np.arange(columns)
        # The entries of each column, for the cheap usage count of the few chosen columns.
        self.by_column = np.argsort(lp.entry_column, kind="stable")
        self.column_first = np.searchsorted(lp.entry_column[self.by_column], self.column_index)
        self.column_count = np.bincount(lp.entry_column, minlength=columns)
        self.row_by_column = lp.entry_row[self.by_column]
        self.value_by_column = lp.entry_value[self.by_column]

    def value(self, multipliers: np.ndarray) -> float:
        """The dual's value at `multipliers` (clipped to >= 0): an upper bound on the LP."""
        return self._evaluate(np.maximum(multipliers, 0.0))[0]

    def _evaluate(self, multipliers: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        penalty = np.add.reduceat(
            multipliers[self.row_by_column] * self.value_by_column, self.column_first
        )
        reduced = self.lp.column_value - penalty
        best_per_meeting = np.maximum.reduceat(reduced, self.segment_start)
        gains = np.where(self.must_run, best_per_meeting, np.maximum(best_per_meeting, 0.0))
        # Plain sums, not BLAS dot products: BLAS threads spin and cost more than they save here.
        value = float((self.lp.row_capacity * multipliers).sum() + gains.sum())
        return value, reduced, best_per_meeting

    def subgradient_descent(
        self, *, deadline: float, best_known: Callable[[], int], max_steps: int | None = None
    ) -> float:
        """Subgradient steps from y = 0 until `deadline` (or `max_steps` steps); returns the
        lowest value met, each one an upper bound."""
        lp, columns, rows = self.lp, len(self.lp.column_meeting), len(self.lp.row_capacity)
        multipliers = np.zeros(rows)
        best = math.inf
        step_scale = 2.0
        since_best = 0
        steps = 0
        while True:
            value, reduced, best_per_meeting = self._evaluate(multipliers)
            steps += 1
            if value < best - 1e-9:
                best, since_best = value, 0
            else:
                since_best += 1
                if since_best >= 100:
                    step_scale, since_best = step_scale / 2, 0
            out_of_steps = max_steps is not None and steps >= max_steps
            if out_of_steps or time.monotonic() >= deadline or step_scale < 1e-6:
                return best
            # The relaxed problem runs each meeting in its best column, when that is worth it.
            is_best = reduced >= best_per_meeting[self.segment_of_column]
            first_best = np.minimum.reduceat(
                np.where(is_best, self.column_index, columns), self.segment_start
            )
            chosen = first_best[(best_per_meeting > 0) | self.must_run]
            counts = self.column_count[chosen]
            offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            entries = self.by_column[np.repeat(self.column_first[chosen], counts) + offsets]
            usage = np.bincount(
                lp.entry_row[entries], weights=lp.entry_value[entries], minlength=rows
            )
            subgradient = lp.row_capacity - usage
            # A slack row whose multiplier is already 0 cannot move; leave it out of the norm.
            subgradient[(subgradient > 0) & (multipliers <= 0)] = 0.0
            norm = float((subgradient * subgradient).sum())
            if norm == 0:
                return best
            target = max(best_known(), 0)
            step = step_scale * max(value - target, 1e-3 * max(1.0, value)) / norm
            multipliers = np.maximum(0.0, multipliers - step * subgradient)


class BoundProcess:
    """`score_bound` in a process of its own, so that it runs beside the search, not after it.

    numpy holds the GIL for much of each subgradient step, so a thread would slow the search.
    A plain child interpreter (not multiprocessing, whose spawn re-runs the caller's main
    script) reads the pickled instance on stdin and writes the bound on stdout. A thread of
    ours waits for the answer and passes it to `on_bound` as soon as it comes; `cancel` (and
    `result`, once its timeout has passed) kills the child, so that it never outlives the
    search it serves.
    """

    def __init__(
        self,
        instance: Instance,
        *,
        time_limit: float,
        best_known: int,
        max_moves: int | None = None,
        on_bound: Callable[[int], None] | None = None,
    ) -> None:
        package_root = str(Path(__file__).resolve().parents[3])
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                p for p in (package_root, os.environ.get("PYTHONPATH")) if p
            ),
        }
        self._process = subprocess.Popen(  # noqa: S603 (our own interpreter, our own module)
            [sys.executable, "-c", f"from {__name__} import _child; _child()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self._bound: int | None = None
        self._answered = threading.Event()
        self._on_bound = on_bound
        self._writer = threading.Thread(
            # Wall-clock deadline: the child's own start-up must count against the limit.
            target=self._send,
            args=(pickle.dumps((instance, time.time() + time_limit, best_known, max_moves)),),
            daemon=True,
        )
        self._writer.start()
        self._reader = threading.Thread(target=self._receive, daemon=True)
        self._reader.start()

    def _send(self, payload: bytes) -> None:
        try:
            self._process.stdin.write(payload)
            self._process.stdin.close()
        except OSError:
            pass

    def _receive(self) -> None:
        # The answer is a few bytes, written as the child exits; a killed child ends the read.
        try:
            output = self._process.stdout.read()
            if self._process.wait() == 0 and output.strip():
                self._bound = int(output)
        except (OSError, ValueError):
            self._bound = None
        finally:
            self._answered.set()
        if self._bound is not None and self._on_bound is not None:
            self._on_bound(self._bound)

    def finished(self) -> bool:
        """Whether the process has answered (or ended without an answer)."""
        return self._answered.is_set()

    def result(self, *, timeout: float) -> int | None:
        """The bound, or None when the process has not answered within `timeout` seconds;
        either way the process is gone afterwards."""
        self._answered.wait(max(0.0, timeout))
        self.cancel()
        return self._bound

    def cancel(self) -> None:
        """Kill the process if it still runs, and wait until it is gone."""
        if self._process.poll() is None:
            self._process.kill()
        self._reader.join()
        self._writer.join()
        self._process.wait()
        self._process.stdout.close()
        try:
            self._process.stdin.close()  # already closed unless the child died first
        except OSError:
            pass

    @property
    def running(self) -> bool:
        return self._process.poll() is None


def _child() -> None:
    # HiGHS writes a banner on standard output: the answer goes to a copy taken before.
    answer = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    # The payload comes from our own parent process over a pipe, never from outside.
    payload = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    instance, deadline, best_known, max_moves = payload
    bound = score_bound(
        Problem(instance),
        time_limit=deadline - time.time(),
        best_known=lambda: best_known,
        max_moves=max_moves,
        interior_point=True,
    )
    answer.write("" if bound is None else str(bound))
    answer.close()
