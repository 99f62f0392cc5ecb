"""The venue-scheduling solver: which requested meetings take place, when, and in which room.

Pure: takes an instance in the exchange format (docs/schedule-format.md, a dict) and returns
plain data; it imports nothing from Django. The Django side builds the dict from the database,
calls `solve` in a background task, and hears of progress through `on_progress`.

How it works, and why:
1. Warm starts, each a plain pass over the meetings that looks at the clock before each one
   (greedy.py): by value per slot in the least sought-after rooms, and first-come-first-served
   by priority; when re-planning, also from the published programme kept wherever it still
   fits. Under a move budget only the starts that keep the published programme count. When
   re-planning without one, the best start from the published programme (few moves) and the
   best from scratch (often more score) are each searched for half the time, and the better
   result, by score and then moves, is kept. A search never lowers its start's score, so the
   result is never worse than any start.
2. Small instances are handed whole to CP-SAT (`subproblem.py`), time-indexed booleans plus
   per-day intervals for its scheduling propagators; the LP bound comes from GLOP. Starts
   that leave a meeting's preparations no room are dropped first (`Problem`, occupancy.py):
   on summit-1 that alone brings the bound down to the optimum.
3. Large ones, where CP-SAT needs a second per few hundred meetings, are improved first by
   cheap ejection moves (`ejection.py`: put an unscheduled meeting in, move what blocks
   it), then by large-neighbourhood search (`lns.py`: CP-SAT re-decides a day's rooms, a
   stretch of time, a delegation or the competitors of one meeting around the fixed rest).
4. Meanwhile a child process proves a bound from the LP relaxation of the time-indexed model
   (`bound.py`): HiGHS's interior point gives its duals in about 30 s on unga-1, and our own
   sums of the Lagrangian dual at those multipliers make them a proof; subgradient steps
   before it keep a bound in hand should it run out of time.
The search ends at its deadline, when the caller's `stop` is set, or as soon as the score
reaches a proven bound (with nothing left to move back): `Solution.ended` says which. Every
stage looks at the clock as it goes and the bound process is killed at the deadline, so a solve
returns within its limit plus a small margin (docs/schedule-format.md). Every rule of the format
is a hard constraint in the model (`subproblem.py`) and in the greedy tally (`occupancy.py`);
identical rooms are one class, rooms are dealt at the end.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .bound import BoundProcess, score_bound
from .ejection import improve_by_ejection
from .format import solution_document
from .greedy import PinConflictError, first_come_first_served, greedy, keep_previous, pins_only
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

# Options (meeting x start x room class) and meetings up to which the whole model goes to
# CP-SAT at once. Past about a hundred meetings the neighbourhoods do better even when the
# options are few (measured on 200 small meetings in 22,000 options, 10 s: 553 against 517).
WHOLE_MODEL_OPTIONS = 25_000
WHOLE_MODEL_MEETINGS = 100
# Starting a bound process (a fresh interpreter, the relaxation built anew) takes seconds.
MIN_SECONDS_FOR_A_BOUND_PROCESS = 5.0
BOUND_MARGIN = 1.0  # the bound process's own deadline comes this much before the search's
POLISH_SHARE = 0.25
STOP_MARGIN = 0.5  # seconds before the deadline within which a stop changes nothing
MAX_POLISH_SECONDS = 15.0
LNS_RESERVE = 0.3  # seconds kept back from the neighbourhoods to deal rooms and answer
PIN_PREPARATION_SECONDS = 10.0
MIN_PIN_PREPARATION_SECONDS = 0.2

# The constructive starts (`Solution.start_scores`).
START_GREEDY = "greedy"
START_FIRST_COME = "first-come"
START_PUBLISHED_GREEDY = "published, then greedy"
START_PUBLISHED_FIRST_COME = "published, then first-come"
START_GREEDY_KEEPING = "greedy, published places first"
PUBLISHED_STARTS = frozenset({START_PUBLISHED_GREEDY, START_PUBLISHED_FIRST_COME})

# Why a search ended (`Solution.ended`).
ENDED_AT_TIME_LIMIT = "time_limit"
ENDED_BY_STOP = "stop"  # the caller's stop, before the deadline
ENDED_AT_BOUND = "bound"  # the score reached a proven bound: nothing better exists


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
    ended: str = ENDED_AT_TIME_LIMIT  # why the search ended, one of the ENDED_... reasons
    # The score of each constructive start, by name (see `_warm_start`); the search began from
    # the best of them and never lowers the score, so `score` is at least each of these.
    start_scores: dict[str, int] = field(default_factory=dict)

    @property
    def stopped(self) -> bool:
        """The caller's stop ended the search before its deadline."""
        return self.ended == ENDED_BY_STOP

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
    then fewest moves; it searches from scratch as well as from the published programme and
    keeps the better, so it scores at least what a fresh start does. `move_budget` (a share of
    all meetings, 0..1) puts stability first: at most that share of the meetings moves (rounded
    down), or what the change itself forces out of place when that is more; within the cap,
    score first.
    """
    started = time.monotonic()
    deadline = started + max(0.0, time_limit)
    inst = instance if isinstance(instance, Instance) else parse_instance(instance)
    problem = Problem(inst)
    max_moves = None
    if move_budget is not None and inst.previous:
        max_moves = int(move_budget * len(inst.meetings))
    starts = _warm_starts(problem, max_moves=max_moves, deadline=deadline, workers=workers)
    # The best start from the published programme, and the best from scratch: each is searched.
    searched = [
        _best(start for name, start in starts.items() if (name in PUBLISHED_STARTS) == published)
        for published in (True, False)
    ]
    searched = [start for start in searched if start is not None]
    cap = None if max_moves is None else max(max_moves, _best(searched).moves())
    search = _Search(
        _best(searched),
        start_scores={name: start.score for name, start in starts.items()},
        started=started,
        deadline=deadline,
        stop=stop,
        on_progress=on_progress,
    )
    try:
        search.report()
        option_count = sum(
            len(s) * len(c) for s, c in zip(problem.starts, problem.room_classes, strict=True)
        )
        if option_count <= WHOLE_MODEL_OPTIONS and len(inst.meetings) <= WHOLE_MODEL_MEETINGS:
            search.whole_model(time_limit=time_limit, workers=workers, seed=seed, max_moves=cap)
        else:
            search.neighbourhoods(searched, workers=workers, seed=seed, max_moves=cap)
    finally:
        search.close()
    return search.solution()


def _best(schedules: Iterable[Occupancy]) -> Occupancy | None:
    """The best schedule by the format's objective: score first, then fewer moves."""
    return max(schedules, key=lambda s: (s.score, -s.moves()), default=None)


def _warm_starts(
    problem: Problem, *, max_moves: int | None, deadline: float, workers: int
) -> dict[str, Occupancy]:
    """The constructive starts, by name; the search begins from the best by score, then moves.

    Greedy (by value per slot) and first-come-first-served (by priority), from scratch and,
    when re-planning, from the published programme kept wherever it still fits, and greedy
    from scratch taking published places first. Under a move budget only the starts from the
    published programme: one from scratch may move nearly everything. Each pass looks at
    the clock before each meeting, so with too little time a start is partial (still valid).
    """
    inst = problem.instance
    starts: dict[str, Occupancy] = {}
    if inst.previous:
        anchored = keep_previous(problem)
        _place_preparations_of_pins(anchored, workers=workers, deadline=deadline)
        starts[START_PUBLISHED_GREEDY] = greedy(
            problem, start_from=anchored.copy(), deadline=deadline
        )
        starts[START_PUBLISHED_FIRST_COME] = first_come_first_served(
            problem, start_from=anchored, deadline=deadline
        )
    if max_moves is None:
        starts |= _fresh_starts(problem, deadline=deadline, workers=workers)
    return starts


def _fresh_starts(problem: Problem, *, deadline: float, workers: int) -> dict[str, Occupancy]:
    """Greedy and first-come from scratch, exactly as a solve without `previous` makes them.

    When re-planning, every room of the published programme is a room class of its own (its
    identity matters there); from scratch, identical rooms are one class, which both passes
    use better and faster (on the public disrupted unga-1: 13,036 in 0.4 s against 12,713 in
    2 s). So they run on the instance without `previous`, and their schedules are then dealt
    to rooms, published rooms first where a meeting keeps its start.
    """
    inst = problem.instance
    scratch = Problem(replace(inst, previous={})) if inst.previous else problem
    base = pins_only(scratch)
    _place_preparations_of_pins(base, workers=workers, deadline=deadline)
    made = {
        START_GREEDY: greedy(scratch, start_from=base.copy(), deadline=deadline),
        START_FIRST_COME: first_come_first_served(
            scratch, start_from=base.copy(), deadline=deadline
        ),
    }
    if scratch is problem:
        return made
    # The same greedy, but each meeting at its published place when that is still free: about
    # the same score, far fewer moves.
    published = {
        m: Option(start=start, room_class=scratch.class_of_room[room])
        for m, (start, room) in inst.previous.items()
    }
    made[START_GREEDY_KEEPING] = greedy(
        scratch, start_from=base, deadline=deadline, first_choice=published
    )
    return {name: _in_classes_of(problem, start) for name, start in made.items()}


def _in_classes_of(problem: Problem, schedule: Occupancy) -> Occupancy:
    """The same schedule in another problem's room classes (of the same instance), by room."""
    previous = problem.instance.previous
    placed = schedule.placed
    rooms = assign_rooms(
        schedule.problem,
        placed,
        preferred={m: r for m, (s, r) in previous.items() if m in placed and placed[m].start == s},
    )
    moved = Occupancy(problem)
    for m, option in placed.items():
        moved.place(m, Option(start=option.start, room_class=problem.class_of_room[rooms[m]]))
    return moved


class _Search:
    """One solve's state: the schedule, the best proven bound, and why the search ended.

    The bound may arrive from the bound process's thread and scores from CP-SAT's: `_note`
    takes both under a lock and sets `halt` once nothing better can exist. `halt` also
    carries the caller's stop to every stage (a small thread forwards it).
    """

    def __init__(
        self,
        occupancy: Occupancy,
        *,
        start_scores: dict[str, int],
        started: float,
        deadline: float,
        stop: threading.Event | None,
        on_progress: ProgressCallback | None,
    ) -> None:
        self.occupancy = occupancy
        self.problem = occupancy.problem
        self.started = started
        self.deadline = deadline
        self.on_progress = on_progress
        self.halt = threading.Event()
        self.ended: str | None = None
        self.optimal = False
        self.start_scores = start_scores
        self._lock = threading.Lock()
        self._score = occupancy.score
        self._moved = occupancy.moves()
        self._best_score = occupancy.score
        # Until a better one is proven: every meeting that can run at all, runs.
        inst = self.problem.instance
        self.bound = sum(m.priority for m in inst.meetings if self.problem.starts[m.index])
        self._bound_job: BoundProcess | None = None
        self._finished = threading.Event()
        self._forwarder = None
        if stop is not None:
            self._forwarder = threading.Thread(target=self._forward, args=(stop,), daemon=True)
            self._forwarder.start()
            if stop.is_set():
                self._end(ENDED_BY_STOP)

    def _forward(self, stop: threading.Event) -> None:
        while not self._finished.is_set():
            if stop.wait(0.05):
                self._end(ENDED_BY_STOP)
                return

    def _end(self, reason: str) -> None:
        with self._lock:
            if self.ended is None:
                # A stop that comes as the search is ending anyway did not end it.
                if reason != ENDED_BY_STOP or time.monotonic() < self.deadline - STOP_MARGIN:
                    self.ended = reason
            self.halt.set()

    def _note(
        self, *, score: int | None = None, moved: int | None = None, bound: int | None = None
    ) -> None:
        with self._lock:
            if score is not None:
                self._score = score
                self._moved = moved
            if bound is not None:
                self.bound = min(self.bound, bound)
            # Nothing better exists: a higher score is impossible, and no published meeting
            # could go back to its place (when unknown, as in CP-SAT's reports, go on).
            finished = self._score >= self.bound and (
                not self.problem.instance.previous or self._moved == 0
            )
        if finished:
            self._end(ENDED_AT_BOUND)

    @property
    def stopping(self) -> bool:
        return self.halt.is_set() or time.monotonic() >= self.deadline

    def report(self, score: int | None = None) -> None:
        """Hear of a better schedule (CP-SAT gives its score; otherwise the tally's).

        Progress shows the best score so far: a search from a second start may begin lower.
        """
        if score is None:
            score, moved = self.occupancy.score, self.occupancy.moves()
        else:
            moved = None
        self._note(score=score, moved=moved)
        self._best_score = max(self._best_score, score)
        if self.on_progress is not None:
            self.on_progress(time.monotonic() - self.started, self._best_score, self.bound)

    def whole_model(
        self, *, time_limit: float, workers: int, seed: int, max_moves: int | None
    ) -> None:
        """The whole instance in one CP-SAT model, after GLOP's bound."""
        if not self.stopping:
            remaining = self.deadline - time.monotonic()
            proven = score_bound(self.problem, time_limit=min(0.2 * time_limit, remaining))
            if proven is not None:
                self._note(bound=proven)
            self.report()
        if self.stopping:
            return
        inst = self.problem.instance
        result = reoptimise(
            self.occupancy,
            free=range(len(inst.meetings)),
            time_limit=self.deadline - time.monotonic(),
            workers=workers,
            seed=seed,
            stop=self.halt,
            on_solution=lambda score, _bound: self.report(int(score)),
            proven_bound=self.bound,
            max_moves=max_moves,
        )
        if result.score_bound is not None:
            self._note(bound=result.score_bound)
        if result.optimal:
            # Proven best, moves included; without a cap on moves, also the bound on the score.
            self.optimal = True
            if max_moves is None:
                self._note(bound=self.occupancy.score)
            self._end(ENDED_AT_BOUND)
        self.report()

    def neighbourhoods(
        self, starts: list[Occupancy], *, workers: int, seed: int, max_moves: int | None
    ) -> None:
        """Ejection moves, then CP-SAT neighbourhoods, from each start in turn, in equal shares
        of the time, beside the bound process; the best result by score, then moves, is kept.

        When re-planning without a budget there are two starts: the published programme, which
        keeps moves few, and the best from scratch, which may score more. A search from either
        only raises its score, so the result is at least as good as both starts.
        """
        self._start_bound_process()
        results: list[Occupancy] = []
        for i, start in enumerate(starts):
            if results and self.stopping:
                results += starts[i:]  # no time left: the remaining starts count as they are
                break
            self.occupancy = start
            self.report()
            share = (self.deadline - time.monotonic()) / (len(starts) - i)
            last = i == len(starts) - 1
            self._search_from(
                until=self.deadline if last else time.monotonic() + share,
                share=share,
                reserve=LNS_RESERVE if last else 0.0,
                workers=workers,
                seed=seed,
                max_moves=max_moves,
            )
            results.append(self.occupancy)
        self.occupancy = _best(results)
        if self._bound_job is not None and not self.halt.is_set():
            # Its own deadline was a second earlier: an answer now may still prove optimality.
            self._bound_job.result(timeout=self.deadline - time.monotonic())
        self.report()

    def _start_bound_process(self) -> None:
        """The bound runs beside the search in its own process, on one of the workers' cores."""
        remaining = self.deadline - time.monotonic()
        if remaining < MIN_SECONDS_FOR_A_BOUND_PROCESS or self.stopping:
            return
        try:
            self._bound_job = BoundProcess(
                self.problem.instance,
                time_limit=remaining - BOUND_MARGIN,
                best_known=self.occupancy.score,
                on_bound=lambda proven: self._note(bound=proven),
            )
        except OSError:
            self._bound_job = None  # no interpreter to start (an embedded server)

    def _search_from(
        self,
        *,
        until: float,
        share: float,
        reserve: float,
        workers: int,
        seed: int,
        max_moves: int | None,
    ) -> None:
        """Improve `self.occupancy` until `until`: ejection moves, then CP-SAT polishes."""
        # Cheap ejection moves do most of the work; CP-SAT polishes the end (measured on
        # unga-1: ejection alone 12,745 -> 13,240 in 40 s, CP-SAT LNS alone -> 12,915 in 60 s).
        improve_by_ejection(
            self.occupancy,
            deadline=until - min(MAX_POLISH_SECONDS, POLISH_SHARE * share),
            seed=seed,
            stop=self.halt,
            on_improvement=self.report,
            move_budget=max_moves,
        )
        # Under a cap on moves, what is in place stays: the neighbourhoods then never move more.
        frozen: frozenset[int] = frozenset()
        if max_moves is not None:
            frozen = frozenset(_kept_in_place(self.occupancy))
        improve(
            self.occupancy,
            frozen=frozen,
            deadline=until - reserve,
            workers=max(1, workers - 1) if self._bound_job is not None else workers,
            seed=seed,
            stop=self.halt,
            on_improvement=self.report,
        )

    def close(self) -> None:
        """End the helpers: the bound process is killed, the stop forwarder returns."""
        self._finished.set()
        if self._bound_job is not None:
            self._bound_job.cancel()
        if self._forwarder is not None:
            self._forwarder.join()
        if self.ended is None:
            self.ended = ENDED_AT_TIME_LIMIT

    def solution(self) -> Solution:
        occupancy = self.occupancy
        problem = self.problem
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
            bound=self.bound,
            moves=occupancy.moves(),
            optimal=self.optimal or self.bound == occupancy.score,
            seconds=time.monotonic() - self.started,
            ended=self.ended or ENDED_AT_TIME_LIMIT,
            start_scores=dict(self.start_scores),
        )


def _place_preparations_of_pins(occupancy: Occupancy, *, workers: int, deadline: float) -> None:
    """A pinned meeting runs, so everything that must precede it runs too, before it.

    Within the solve's time (at least a moment, at most PIN_PREPARATION_SECONDS): when that is
    too short to show the pins can hold, the error says so rather than that they cannot.
    """
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
    remaining = deadline - time.monotonic()
    seconds = min(PIN_PREPARATION_SECONDS, max(MIN_PIN_PREPARATION_SECONDS, remaining))
    result = reoptimise(
        occupancy, free=missing, must_run=missing, time_limit=seconds, workers=workers
    )
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
