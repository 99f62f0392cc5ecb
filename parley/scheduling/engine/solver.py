"""The venue-scheduling solver: which requested meetings take place, when, and in which room.

Pure: takes an instance in the exchange format (docs/schedule-format.md, a dict) and returns
plain data; it imports nothing from Django. The Django side builds the dict from the database,
calls `solve` in a background task, and hears of progress through `on_progress`.

How it works, and why:
1. A greedy schedule (or, when re-planning, the published programme kept wherever it still
   fits, then greedy) gives a valid warm start in about a second.
2. Small instances are handed whole to CP-SAT (`subproblem.py`), time-indexed booleans plus
   per-day intervals for its scheduling propagators; the LP bound comes from GLOP. Starts
   that leave a meeting's preparations no room are dropped first (`Problem`, occupancy.py):
   on summit-1 that alone brings the bound down to the optimum, and the search stops as
   soon as it reaches a proven bound, since CP-SAT's own bound may take minutes to get there.
3. Large ones, where CP-SAT needs a second per few hundred meetings, are improved first by
   cheap ejection moves (`ejection.py`: put an unscheduled meeting in, move what blocks
   it), then by large-neighbourhood search (`lns.py`: CP-SAT re-decides a day's rooms, a
   stretch of time, a delegation or the competitors of one meeting around the fixed rest).
4. Meanwhile a child process proves a bound from the LP relaxation of the time-indexed model
   (`bound.py`): HiGHS's interior point gives its duals in about 30 s on unga-1, and our own
   sums of the Lagrangian dual at those multipliers make them a proof; subgradient steps
   before it keep a bound in hand should it run out of time.
Every rule of the format is a hard constraint in the model (`subproblem.py`) and in the
greedy tally (`occupancy.py`); identical rooms are one class, rooms are dealt at the end.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .bound import BoundProcess, score_bound
from .ejection import improve_by_ejection
from .format import solution_document
from .greedy import PinConflictError, greedy, keep_previous, pins_only
from .instance import Instance, InstanceError, parse_instance
from .lns import improve
from .occupancy import Occupancy, Option, Problem, assign_rooms
from .subproblem import reoptimise

__all__ = [
    "Assignment",
    "InstanceError",
    "PinConflictError",
    "Solution",
    "parse_instance",
    "solve",
]

ProgressCallback = Callable[[float, int, int | None], None]

# Options (meeting x start x room class) up to which the whole model goes to CP-SAT at once.
WHOLE_MODEL_OPTIONS = 25_000
# Starting a bound process (a fresh interpreter, the relaxation built anew) takes seconds.
MIN_SECONDS_FOR_A_BOUND_PROCESS = 5.0
BOUND_MARGIN = 1.0
POLISH_SHARE = 0.25
STOP_MARGIN = 0.5  # seconds before the deadline within which a stop changes nothing
MAX_POLISH_SECONDS = 15.0


@dataclass(frozen=True)
class Assignment:
    meeting: str
    start: int
    room: str


@dataclass(frozen=True)
class Solution:
    instance: str
    assignments: tuple[Assignment, ...]
    score: int
    bound: int | None
    moves: int
    optimal: bool
    seconds: float
    stopped: bool = False  # the caller's stop event ended the search before its deadline

    @property
    def gap(self) -> float | None:
        """How far the score may be from the best possible, as a share of the bound."""
        if self.bound is None or self.bound == 0:
            return None
        return max(0.0, (self.bound - self.score) / self.bound)

    def to_dict(self) -> dict[str, Any]:
        """The solution in the exchange format (docs/schedule-format.md)."""
        return solution_document(
            instance=self.instance,
            assignments=((a.meeting, a.start, a.room) for a in self.assignments),
            bound=self.bound,
            seconds=self.seconds,
        )


def solve(
    instance: dict[str, Any] | Instance,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
    move_budget: float | None = None,
) -> Solution:
    """Schedule as much priority as possible; when re-planning, then move as little as possible.

    Raises `InstanceError` (naming the field) for a malformed instance and `PinConflictError`
    (naming the pins) when the pinned meetings cannot all hold. `on_progress(elapsed, score,
    bound)` is called whenever the best schedule improves; setting `stop` ends the search
    early with the best schedule found so far.

    When re-planning (the instance has `previous`), the objective is the format's: score first,
    then fewest moves. `move_budget` (a share of all meetings, 0..1) opts into trading score
    for stability on large instances: meetings forced out by the change always move, and
    beyond that the search moves published meetings to gain score only until that share has
    moved, then it only fills free capacity. Small instances are solved exactly either way.
    """
    started = time.monotonic()
    deadline = started + max(0.0, time_limit)
    inst = instance if isinstance(instance, Instance) else parse_instance(instance)
    problem = Problem(inst)
    occupancy = keep_previous(problem) if inst.previous else pins_only(problem)
    _place_preparations_of_pins(occupancy, workers=workers)
    greedy(problem, start_from=occupancy)
    # Until a better one is proven: every meeting that can run at all, runs.
    best_bound: list[int | None] = [
        sum(m.priority for m in inst.meetings if problem.starts[m.index])
    ]

    bound_job: BoundProcess | None = None

    def collect_bound(*, timeout: float) -> None:
        nonlocal bound_job
        if bound_job is not None:
            proven = bound_job.result(timeout=timeout)
            bound_job = None
            if proven is not None:
                best_bound[0] = min(best_bound[0], proven)

    def report(score: int | None = None) -> None:
        # The bound process answers well before the deadline on unga-1: show it at once.
        if bound_job is not None and bound_job.finished():
            collect_bound(timeout=0)
        if on_progress is not None:
            score = occupancy.score if score is None else score
            on_progress(time.monotonic() - started, score, best_bound[0])

    report()
    optimal = False
    option_count = sum(
        len(s) * len(c) for s, c in zip(problem.starts, problem.room_classes, strict=True)
    )
    stopped = lambda: stop is not None and stop.is_set()  # noqa: E731
    if option_count <= WHOLE_MODEL_OPTIONS:
        if not stopped():
            proven = score_bound(problem, time_limit=max(1.0, 0.2 * time_limit))
            if proven is not None:
                best_bound[0] = min(best_bound[0], proven)
            report()
        if not stopped():
            result = reoptimise(
                occupancy,
                free=range(len(inst.meetings)),
                time_limit=deadline - time.monotonic(),
                workers=workers,
                seed=seed,
                stop=stop,
                on_solution=lambda score, _bound: report(int(score)),
                proven_bound=best_bound[0],
            )
            if result.score_bound is not None:
                best_bound[0] = min(best_bound[0], result.score_bound)
            if result.optimal:
                best_bound[0] = occupancy.score
            optimal = result.optimal or best_bound[0] == occupancy.score
    else:
        # The bound runs beside the search in its own process, on one of the workers' cores.
        if time_limit >= MIN_SECONDS_FOR_A_BOUND_PROCESS and not stopped():
            try:
                bound_job = BoundProcess(
                    inst,
                    time_limit=deadline - time.monotonic() - BOUND_MARGIN,
                    best_known=occupancy.score,
                )
            except OSError:
                bound_job = None  # no interpreter to start (an embedded server): trivial bound
        # Cheap ejection moves do most of the work; CP-SAT polishes the end (measured on
        # unga-1: ejection alone 12,745 -> 13,240 in 40 s, CP-SAT LNS alone -> 12,915 in 60 s).
        improve_by_ejection(
            occupancy,
            deadline=deadline - min(MAX_POLISH_SECONDS, POLISH_SHARE * time_limit),
            seed=seed,
            stop=stop,
            on_improvement=report,
            move_budget=None if move_budget is None else int(move_budget * len(inst.meetings)),
        )
        # The neighbourhoods do not count moves: under a budget, what is in place stays.
        frozen: frozenset[int] = frozenset()
        if move_budget is not None:
            frozen = frozenset(_kept_in_place(occupancy))
        improve(
            occupancy,
            frozen=frozen,
            deadline=deadline - 0.3,
            workers=max(1, workers - 1) if bound_job is not None else workers,
            seed=seed,
            stop=stop,
            on_improvement=report,
        )
        if bound_job is not None and stopped():
            bound_job.cancel()
        else:
            collect_bound(timeout=deadline - time.monotonic())  # its own deadline was 1 s earlier
        optimal = best_bound[0] == occupancy.score
    report()
    # A stop that came as the search was ending anyway did not end it.
    ended_by_stop = stopped() and time.monotonic() < deadline - STOP_MARGIN
    return _solution(
        occupancy, bound=best_bound[0], optimal=optimal, stopped=ended_by_stop, started=started
    )


def _place_preparations_of_pins(occupancy: Occupancy, *, workers: int) -> None:
    """A pinned meeting runs, so everything that must precede it runs too, before it."""
    inst = occupancy.problem.instance
    missing: set[int] = set()
    waiting = [m.index for m in inst.meetings if m.pinned is not None]
    while waiting:
        meeting = waiting.pop()
        for dep in inst.meetings[meeting].after:
            if dep.meeting not in occupancy.placed and dep.meeting not in missing:
                missing.add(dep.meeting)
                waiting.append(dep.meeting)
    if not missing:
        return
    result = reoptimise(occupancy, free=missing, must_run=missing, time_limit=10.0, workers=workers)
    if not all(m in occupancy.placed for m in missing):
        pins = sorted(
            m.id
            for m in inst.meetings
            if m.pinned is not None and set(_closure(inst, m.index)) & missing
        )
        preparations = sorted(inst.meetings[m].id for m in missing)
        verdict = "cannot" if result.status == "INFEASIBLE" else "could not be shown to"
        raise PinConflictError(
            f"pins of {', '.join(map(repr, pins))} {verdict} hold: their preparations "
            f"{', '.join(map(repr, preparations))} do not fit before them"
        )


def _kept_in_place(occupancy: Occupancy) -> list[int]:
    """Meetings of the published programme that are still exactly where it put them."""
    problem = occupancy.problem
    return [
        m
        for m, (start, room) in problem.instance.previous.items()
        if occupancy.placed.get(m) == Option(start=start, room_class=problem.class_of_room[room])
    ]


def _closure(inst: Instance, meeting: int) -> list[int]:
    found: list[int] = []
    waiting = [meeting]
    while waiting:
        for dep in inst.meetings[waiting.pop()].after:
            if dep.meeting not in found:
                found.append(dep.meeting)
                waiting.append(dep.meeting)
    return found


def _solution(
    occupancy: Occupancy, *, bound: int | None, optimal: bool, stopped: bool, started: float
) -> Solution:
    problem = occupancy.problem
    inst = problem.instance
    rooms = assign_rooms(problem, occupancy.placed)
    assignments = tuple(
        Assignment(
            meeting=inst.meetings[m].id,
            start=occupancy.placed[m].start,
            room=inst.rooms[rooms[m]].id,
        )
        for m in sorted(occupancy.placed)
    )
    return Solution(
        instance=inst.name,
        assignments=assignments,
        score=occupancy.score,
        bound=bound,
        moves=occupancy.moves(),
        optimal=optimal,
        seconds=time.monotonic() - started,
        stopped=stopped,
    )
