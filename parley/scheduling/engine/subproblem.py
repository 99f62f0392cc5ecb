"""The CP-SAT model: a set of free meetings re-decided while every other meeting stays put.

Time-indexed: one boolean per (meeting, start, room class) that survives what the fixed
meetings already hold. With every meeting free it is the whole problem; large-neighbourhood
search frees a few hundred at a time.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .occupancy import Occupancy, Option, Problem


@dataclass(frozen=True)
class SubResult:
    improved: bool
    optimal: bool
    score_bound: int | None  # a bound on the whole score, only when every meeting was free
    status: str


class _ReportSolutions(cp_model.CpSolverSolutionCallback):
    def __init__(
        self, on_solution: Callable[[float, float], None] | None, *, enough: float | None
    ) -> None:
        super().__init__()
        self._on_solution = on_solution
        self._enough = enough

    def on_solution_callback(self) -> None:
        if self._on_solution is not None:
            self._on_solution(self.ObjectiveValue(), self.BestObjectiveBound())
        if self._enough is not None and self.ObjectiveValue() >= self._enough - 0.5:
            self.StopSearch()


def _solve_stoppably(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    *,
    stop: threading.Event | None,
    callback: cp_model.CpSolverSolutionCallback | None,
) -> int:
    """Solve, calling StopSearch from a watcher thread as soon as `stop` is set."""
    if stop is None:
        return solver.Solve(model, callback)
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            if stop.wait(0.1):
                solver.StopSearch()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.Solve(model, callback)
    finally:
        finished.set()
        watcher.join()


def reoptimise(
    occupancy: Occupancy,
    *,
    free: Collection[int],
    allowed: Callable[[int, Option], bool] | None = None,
    must_run: Collection[int] = (),
    scheduling_view: bool = True,
    time_limit: float,
    workers: int,
    seed: int = 0,
    stop: threading.Event | None = None,
    on_solution: Callable[[float, float], None] | None = None,
    proven_bound: int | None = None,
    max_moves: int | None = None,
) -> SubResult:
    """Re-place the `free` meetings optimally (within the limit) around the fixed ones.

    `on_solution(score, bound)` hears of each solution CP-SAT finds, in priority points of the
    free meetings. `stop` ends the search early; the best solution so far is still used.
    `proven_bound` (on the free meetings' score, proven elsewhere) ends the search once it is
    reached, when no published meeting is at stake: CP-SAT's own bound may lag behind it.
    `max_moves` caps the meetings of the published programme that end up moved, fixed ones
    included. The limit covers building the model too: when building it takes all the time,
    nothing changes. The result is applied to `occupancy` only when it is at least as good as
    before.
    """
    deadline = time.monotonic() + time_limit
    problem = occupancy.problem
    inst = problem.instance
    free = sorted(set(free))
    before = {m: occupancy.placed[m] for m in free if m in occupancy.placed}
    for m in before:
        occupancy.remove(m)
    free_set = set(free)

    def out_of_time() -> SubResult:
        for m, option in before.items():
            occupancy.place(m, option)
        return SubResult(improved=False, optimal=False, score_bound=None, status="OUT_OF_TIME")

    model = cp_model.CpModel()
    choices: dict[int, list[tuple[Option, cp_model.IntVar]]] = {}
    required = set(must_run)
    prepares: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # A -> (B start, B, gap)
    for b, option in occupancy.placed.items():
        for dep in inst.meetings[b].after:
            if dep.meeting in free_set:
                prepares[dep.meeting].append((option.start, b, dep.gap))
                required.add(dep.meeting)

    for m in free:
        if time.monotonic() >= deadline:
            return out_of_time()
        ready = {
            s
            for s in problem.starts[m]
            if occupancy.time_fits(m, s, check_preparations=False)
            and all(
                problem.precedes(before=m, before_start=s, gap=gap, after_start=b_start)
                for b_start, _, gap in prepares.get(m, ())
            )
            and _fixed_preparations_allow(occupancy, m, s, free_set)
        }
        options = [
            o
            for o in problem.options(m)
            if o.start in ready
            and (allowed is None or allowed(m, o) or before.get(m) == o)
            and occupancy.room_fits(m, o)
        ]
        choices[m] = [(o, model.NewBoolVar("")) for o in options]
        literals = [x for _, x in choices[m]]
        if inst.meetings[m].pinned is not None or m in required:
            model.AddExactlyOne(literals)
        elif literals:
            model.AddAtMostOne(literals)

    room_load: dict[tuple[int, int], list] = defaultdict(list)
    person_load: dict[tuple[int, int], list] = defaultdict(list)
    pair_load: dict[tuple[int, int], list] = defaultdict(list)
    zone_load: dict[tuple[str, str, str, int], list] = defaultdict(list)
    for m, pairs in choices.items():
        meeting = inst.meetings[m]
        for option, x in pairs:
            for t in problem.room_slots(m, option):
                room_load[(option.room_class, t)].append(x)
            for t in range(option.start, option.start + meeting.duration):
                for p in meeting.participants:
                    person_load[(p, t)].append(x)
                for k in meeting.interpretation:
                    pair_load[(k, t)].append(x)
            zone = problem.classes[option.room_class].zone
            for side in problem.apart_sides[m]:
                for t in problem.corridor_slots(m, option):
                    zone_load[(zone, side.party, side.other, t)].append(x)

    for (c, t), xs in room_load.items():
        spare = len(problem.classes[c].rooms) - occupancy.class_used[c][t]
        if len(xs) > spare:
            model.Add(sum(xs) <= spare)
    for xs in person_load.values():
        if len(xs) > 1:
            model.AddAtMostOne(xs)
    for (k, t), xs in pair_load.items():
        spare = inst.interpreter_counts[k] - occupancy.pair_used[k][t]
        if len(xs) > spare:
            model.Add(sum(xs) <= spare)
    for (zone, party, other, t), xs in zone_load.items():
        if party > other:
            continue
        opposite = zone_load.get((zone, other, party, t))
        if opposite:
            party_holds = model.NewBoolVar("")
            for x in xs:
                model.AddImplication(x, party_holds)
            for x in opposite:
                model.AddImplication(x, party_holds.Not())

    for b in free:
        for dep in inst.meetings[b].after:
            if dep.meeting in free_set:
                _add_precedence(model, problem, choices, before=dep.meeting, after=b, gap=dep.gap)
    if time.monotonic() >= deadline:
        return out_of_time()
    if scheduling_view:
        _add_scheduling_view(model, occupancy, choices)
    if max_moves is not None:
        _cap_moves(model, occupancy, choices, free_set, max_moves)

    # Lexicographic: any point of priority outweighs every move this model can make.
    moves_at_stake = [m for m in free if m in inst.previous]
    weight = len(moves_at_stake) + 1
    objective = []
    for m, pairs in choices.items():
        priority = inst.meetings[m].priority
        kept = inst.previous.get(m)
        for option, x in pairs:
            stays = kept is not None and option == _previous_option(problem, kept)
            objective.append((weight * priority + (1 if stays else 0), x))
    model.Maximize(sum(c * x for c, x in objective))

    current = dict(before)
    for m, pairs in choices.items():
        for option, x in pairs:
            model.AddHint(x, current.get(m) == option)
    baseline = sum(
        weight * inst.meetings[m].priority
        + (1 if m in inst.previous and o == _previous_option(problem, inst.previous[m]) else 0)
        for m, o in before.items()
    )

    if time.monotonic() >= deadline:
        return out_of_time()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, deadline - time.monotonic())
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    status = _solve_stoppably(
        solver,
        model,
        stop=stop,
        callback=_ReportSolutions(
            (lambda value, bound: on_solution(value // weight, bound // weight))
            if on_solution is not None
            else None,
            enough=proven_bound if proven_bound is not None and not moves_at_stake else None,
        ),
    )
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    improved = found and solver.ObjectiveValue() > baseline + 0.5
    if found and solver.ObjectiveValue() >= baseline - 0.5:
        for m, pairs in choices.items():
            for option, x in pairs:
                if solver.BooleanValue(x):
                    occupancy.place(m, option)
    else:
        for m, option in before.items():
            occupancy.place(m, option)
    everything_free = len(free) == len(inst.meetings)
    score_bound = None
    if everything_free and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        score_bound = int(solver.BestObjectiveBound() + 1e-6) // weight
    return SubResult(
        improved=improved,
        optimal=status == cp_model.OPTIMAL,
        score_bound=score_bound,
        status=solver.StatusName(status),
    )


def _add_scheduling_view(
    model: cp_model.CpModel,
    occupancy: Occupancy,
    choices: dict[int, list[tuple[Option, cp_model.IntVar]]],
) -> None:
    """The same rules again over one optional interval per meeting and day, for CP-SAT's
    scheduling propagators.

    Redundant for correctness, but the time-indexed booleans alone leave CP-SAT blind to long
    chains of preparation through a few busy people or interpreters: summit-1 stays unproven
    after minutes. Splitting by day turns "A ends `gap` before B, or B is on a later day" into
    plain precedences between intervals of the same day, which no-overlap and cumulative
    reasoning exploit.
    """
    problem = occupancy.problem
    inst = problem.instance
    by_day: dict[int, dict[int, tuple[cp_model.IntVar, cp_model.IntVar]]] = {}
    by_person: dict[int, list] = defaultdict(list)
    by_pair: dict[int, list] = defaultdict(list)
    for m, pairs in choices.items():
        meeting = inst.meetings[m]
        days: dict[int, list[tuple[Option, cp_model.IntVar]]] = defaultdict(list)
        for option, x in pairs:
            days[inst.day_of[option.start]].append((option, x))
        by_day[m] = {}
        for day, options in days.items():
            on_day = model.NewBoolVar("")
            model.Add(sum(x for _, x in options) == on_day)
            starts = sorted({o.start for o, _ in options})
            start = model.NewIntVarFromDomain(cp_model.Domain.FromValues(starts), "")
            model.Add(start == sum(o.start * x for o, x in options)).OnlyEnforceIf(on_day)
            interval = model.NewOptionalFixedSizeIntervalVar(start, meeting.duration, on_day, "")
            by_day[m][day] = (start, on_day)
            for p in meeting.participants:
                by_person[p].append(interval)
            for k in meeting.interpretation:
                by_pair[k].append(interval)
    for intervals in by_person.values():
        if len(intervals) > 1:
            model.AddNoOverlap(intervals)
    for k, intervals in by_pair.items():
        count = inst.interpreter_counts[k]
        if len(intervals) <= count:
            continue
        used = occupancy.pair_used[k]
        held = [
            model.NewFixedSizeIntervalVar(t, 1, "")
            for t in range(len(used))
            for _ in range(used[t])
        ]
        every = intervals + held
        model.AddCumulative(every, [1] * len(every), count)
    for b in by_day:
        for dep in inst.meetings[b].after:
            a = dep.meeting
            if a not in by_day:
                continue
            for day, (b_start, b_on_day) in by_day[b].items():
                if day in by_day[a]:
                    a_start, a_on_day = by_day[a][day]
                    model.Add(
                        b_start >= a_start + inst.meetings[a].duration + dep.gap
                    ).OnlyEnforceIf([b_on_day, a_on_day])
                for later, (_, a_on_later_day) in by_day[a].items():
                    if later > day:
                        model.AddImplication(b_on_day, a_on_later_day.Not())


def _cap_moves(
    model: cp_model.CpModel,
    occupancy: Occupancy,
    choices: dict[int, list[tuple[Option, cp_model.IntVar]]],
    free: set[int],
    max_moves: int,
) -> None:
    """Published meetings moved, free or fixed, number at most `max_moves`."""
    problem = occupancy.problem
    previous = problem.instance.previous
    moved_fixed = sum(
        1
        for m, kept in previous.items()
        if m not in free and occupancy.placed.get(m) != _previous_option(problem, kept)
    )
    stays = [
        x
        for m, kept in previous.items()
        if m in free
        for option, x in choices.get(m, [])
        if option == _previous_option(problem, kept)
    ]
    need = sum(1 for m in previous if m in free) + moved_fixed - max_moves
    if need <= 0:
        return
    if not stays:
        model.AddBoolOr([])  # nothing can stay where it was: the cap cannot hold
        return
    model.Add(sum(stays) >= need)


def _previous_option(problem: Problem, kept: tuple[int, int]) -> Option:
    start, room = kept
    return Option(start=start, room_class=problem.class_of_room[room])


def _fixed_preparations_allow(occupancy: Occupancy, m: int, start: int, free: set[int]) -> bool:
    problem = occupancy.problem
    for dep in problem.instance.meetings[m].after:
        if dep.meeting in free:
            continue
        before = occupancy.placed.get(dep.meeting)
        if before is None or not problem.precedes(
            before=dep.meeting, before_start=before.start, gap=dep.gap, after_start=start
        ):
            return False
    return True


def _add_precedence(
    model: cp_model.CpModel,
    problem: Problem,
    choices: dict[int, list[tuple[Option, cp_model.IntVar]]],
    *,
    before: int,
    after: int,
    gap: int,
) -> None:
    """If `after` starts by slot t, `before` holds a start that allows t (exact for 0/1 values)."""
    after_by_start: dict[int, list] = defaultdict(list)
    for option, x in choices[after]:
        after_by_start[option.start].append(x)
    started: list = []
    for t in sorted(after_by_start):
        started += after_by_start[t]
        allowing = [
            x
            for option, x in choices[before]
            if problem.precedes(before=before, before_start=option.start, gap=gap, after_start=t)
        ]
        model.Add(sum(started) <= sum(allowing))
