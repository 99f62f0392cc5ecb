"""Large-neighbourhood search: free a part of the schedule, let CP-SAT re-decide it, repeat.

A plain time-indexed model of a General-Assembly week is too big for CP-SAT to beat a greedy
schedule in a minute; a few hundred meetings at a time it solves in well under a second.
Neighbourhoods follow the problem's structure: the rooms of a day, a stretch of time across
all rooms, and one delegation's whole programme (where people are the bottleneck).
"""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from .occupancy import Occupancy, Option
from .subproblem import reoptimise


@dataclass(frozen=True)
class Neighbourhood:
    name: str
    free: list[int]
    allowed: Callable[[int, Option], bool] | None


class _Neighbourhoods:
    def __init__(self, occupancy: Occupancy, rng: random.Random) -> None:
        self.occupancy = occupancy
        self.problem = occupancy.problem
        self.rng = rng
        inst = self.problem.instance
        self.meetings_of_party: dict[str, list[int]] = defaultdict(list)
        for m in inst.meetings:
            for party in m.parties:
                self.meetings_of_party[party].append(m.index)
        self.parties = sorted(self.meetings_of_party)
        self.schedulable = [m.index for m in inst.meetings if self.problem.starts[m.index]]
        self.days_of_meeting = [
            {inst.day_of[s] for s in self.problem.starts[m.index]} for m in inst.meetings
        ]

    def unplaced_first(self, candidates: list[int], room: int) -> list[int]:
        """Unscheduled candidates, the valuable ones first but with a little noise."""
        inst = self.problem.instance
        placed = self.occupancy.placed
        unplaced = [m for m in candidates if m not in placed and self.problem.starts[m]]
        unplaced.sort(key=lambda m: -inst.meetings[m].priority * self.rng.uniform(0.7, 1.0))
        return unplaced[: max(0, room)]

    def rooms_of_a_day(self, size: int) -> Neighbourhood:
        inst = self.problem.instance
        day = self.rng.randrange(len(inst.day_lengths))
        classes = list(range(len(self.problem.classes)))
        self.rng.shuffle(classes)
        chosen: set[int] = set()
        free: list[int] = []
        for c in classes:
            chosen.add(c)
            free = [
                m
                for m, o in self.occupancy.placed.items()
                if o.room_class in chosen and inst.day_of[o.start] == day
            ]
            if len(free) >= size * 0.6:
                break
        candidates = [
            m.index
            for m in inst.meetings
            if day in self.days_of_meeting[m.index]
            and chosen.intersection(self.problem.room_classes[m.index])
        ]
        free += self.unplaced_first(candidates, size - len(free))
        return Neighbourhood(
            name="rooms of a day",
            free=free,
            allowed=lambda m, o: o.room_class in chosen and inst.day_of[o.start] == day,
        )

    def stretch_of_time(self, size: int) -> Neighbourhood:
        inst = self.problem.instance
        day = self.rng.randrange(len(inst.day_lengths))
        first, length = inst.day_start[day], inst.day_lengths[day]
        per_slot = max(1, len(self.occupancy.placed) // max(1, inst.horizon))
        width = max(2, min(length, round(size * 0.6 / per_slot)))
        lo = first + self.rng.randrange(max(1, length - width + 1))
        hi = lo + width
        free = [
            m
            for m, o in self.occupancy.placed.items()
            if o.start < hi and lo < o.start + inst.meetings[m].duration
        ]
        candidates = [
            m.index
            for m in inst.meetings
            if any(lo <= s and s + m.duration <= hi for s in self.problem.starts[m.index])
        ]
        free += self.unplaced_first(candidates, size - len(free))
        return Neighbourhood(
            name="stretch of time",
            free=free,
            allowed=lambda m, o: lo <= o.start and o.start + inst.meetings[m].duration <= hi,
        )

    def insertion(self, size: int) -> Neighbourhood:
        """Make room for one unscheduled meeting: free what competes with it around one start."""
        inst = self.problem.instance
        problem = self.problem
        placed = self.occupancy.placed
        waiting = [m for m in self.schedulable if m not in placed]
        if not waiting:
            return Neighbourhood(name="insertion", free=[], allowed=None)
        weights = [inst.meetings[m].priority + 1 for m in waiting]
        target = self.rng.choices(waiting, weights=weights)[0]
        meeting = inst.meetings[target]
        start = self.rng.choice(problem.starts[target])
        day_first = inst.day_start[inst.day_of[start]]
        day_stop = inst.day_end(start)
        reach = self.rng.randint(1, 3)
        lo, hi = max(day_first, start - reach), min(day_stop, start + meeting.duration + reach)
        classes = set(problem.room_classes[target])
        people = set(meeting.participants)
        pairs = set(meeting.interpretation)
        free = [target]
        for m, o in placed.items():
            other = inst.meetings[m]
            if o.start >= hi or o.start + other.duration <= lo:
                continue
            if (
                o.room_class in classes
                or people.intersection(other.participants)
                or pairs.intersection(other.interpretation)
            ):
                free.append(m)
        others = [
            m
            for m in waiting
            if m != target
            and classes.intersection(problem.room_classes[m])
            and any(lo <= s and s + inst.meetings[m].duration <= hi for s in problem.starts[m])
        ]
        free += self.unplaced_first(others, size - len(free))
        return Neighbourhood(
            name="insertion",
            free=free,
            allowed=lambda m, o: lo <= o.start and o.start + inst.meetings[m].duration <= hi,
        )

    def delegation(self, size: int) -> Neighbourhood:
        inst = self.problem.instance
        placed = self.occupancy.placed
        # Delegations with valuable unscheduled requests are where people are the bottleneck.
        weights = [
            1 + sum(inst.meetings[m].priority for m in self.meetings_of_party[p] if m not in placed)
            for p in self.parties
        ]
        party = self.rng.choices(self.parties, weights=weights)[0]
        mine = self.meetings_of_party[party]
        free = [m for m in mine if m in placed]
        free += self.unplaced_first(mine, size - len(free))
        if len(free) > size:
            day = self.rng.randrange(len(inst.day_lengths))
            free = [m for m in free if m not in placed or inst.day_of[placed[m].start] == day]
            return Neighbourhood(
                name="delegation's day",
                free=free,
                allowed=lambda m, o: inst.day_of[o.start] == day,
            )
        return Neighbourhood(name="delegation", free=free, allowed=None)


def improve(
    occupancy: Occupancy,
    *,
    deadline: float,
    workers: int,
    seed: int = 0,
    stop: threading.Event | None = None,
    on_improvement: Callable[[], None] | None = None,
    weights: dict[str, float] | None = None,
    sub_time_limit: float = 1.0,
    frozen: frozenset[int] = frozenset(),
) -> dict[str, list[int]]:
    """Improve `occupancy` in place until the deadline; returns tries and wins per neighbourhood.

    Meetings in `frozen` keep their places.
    """
    rng = random.Random(seed)
    neighbourhoods = _Neighbourhoods(occupancy, rng)
    makers = {
        "insertion": neighbourhoods.insertion,
        "rooms of a day": neighbourhoods.rooms_of_a_day,
        "stretch of time": neighbourhoods.stretch_of_time,
        "delegation": neighbourhoods.delegation,
    }
    weights = weights or DEFAULT_WEIGHTS
    names = [n for n in makers if weights.get(n, 0) > 0]
    stats = {name: [0, 0] for name in names}
    size = dict.fromkeys(names, 60)
    step = 0
    while time.monotonic() < deadline - 0.05 and not (stop is not None and stop.is_set()):
        name = rng.choices(names, weights=[weights[n] for n in names])[0]
        neighbourhood = makers[name](size[name])
        free = [m for m in neighbourhood.free if m not in frozen]
        if not free:
            if name == "insertion" and len(names) == 1:
                break
            continue
        step += 1
        result = reoptimise(
            occupancy,
            free=free,
            allowed=neighbourhood.allowed,
            scheduling_view=False,
            time_limit=min(sub_time_limit, deadline - time.monotonic()),
            workers=workers,
            seed=seed + step,
            stop=stop,
        )
        stats[name][0] += 1
        if result.improved:
            stats[name][1] += 1
            if on_improvement is not None:
                on_improvement()
        # Grow while CP-SAT proves its neighbourhoods optimal, shrink when it runs out of time.
        if result.optimal:
            size[name] = min(400, int(size[name] * 1.1) + 1)
        else:
            size[name] = max(20, int(size[name] * 0.8))
    return stats


DEFAULT_WEIGHTS = {"insertion": 4, "rooms of a day": 1, "stretch of time": 1, "delegation": 1}
