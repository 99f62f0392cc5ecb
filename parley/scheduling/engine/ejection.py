"""Ejection moves: put an unscheduled meeting in, move what is in its way elsewhere.

CP-SAT needs about a second per neighbourhood at UNGA size on two busy cores; this plain
local search tries hundreds of insertions in that time. A move picks an unscheduled meeting
and one of its options, takes out the meetings that block it (its participants' meetings
then, a meeting of a full room class or interpreter pair, lowest priority first), places it,
and re-places each ejected meeting wherever it fits. It is kept when the score does not drop.
"""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable

from .occupancy import Occupancy, Option

SAMPLED_OPTIONS = 4
MIN_GAIN_PER_MOVE = 3  # priority points; priorities run from 1 (expert) to 14 (leader)


class _Index:
    """The meetings of each participant (rooms and interpreters are tallied by Occupancy)."""

    def __init__(self, occupancy: Occupancy, *, keep_previous: bool) -> None:
        problem = occupancy.problem
        inst = problem.instance
        self.keeps_previous = keep_previous
        self.fixed = {m.index for m in inst.meetings if m.pinned is not None}
        self.published = {
            m: Option(start=start, room_class=problem.class_of_room[room])
            for m, (start, room) in inst.previous.items()
        }
        if keep_previous:
            for m, (start, room) in inst.previous.items():
                kept = Option(start=start, room_class=problem.class_of_room[room])
                if occupancy.placed.get(m) == kept:
                    self.fixed.add(m)
        self.by_person: dict[int, list[int]] = defaultdict(list)
        for m in occupancy.problem.instance.meetings:
            for p in m.participants:
                self.by_person[p].append(m.index)


def _running(occupancy: Occupancy, meeting: int, option: Option) -> range:
    return range(option.start, option.start + occupancy.problem.instance.meetings[meeting].duration)


def _blockers(occupancy: Occupancy, index: _Index, meeting: int, option: Option) -> set[int] | None:
    """Placed meetings whose removal lets `meeting` take `option`; None when that cannot work."""
    problem = occupancy.problem
    inst = problem.instance
    m = inst.meetings[meeting]
    placed = occupancy.placed
    for dep in m.after:
        before = placed.get(dep.meeting)
        if before is None or not problem.precedes(
            before=dep.meeting, before_start=before.start, gap=dep.gap, after_start=option.start
        ):
            return None
    running = _running(occupancy, meeting, option)
    found: set[int] = set()

    for p in m.participants:
        for other in index.by_person[p]:
            held = placed.get(other)
            if held is not None:
                span = _running(occupancy, other, held)
                if span.start < running.stop and running.start < span.stop:
                    found.add(other)
    for k in m.interpretation:
        count = inst.interpreter_counts[k]
        for t in running:
            holders = occupancy.pair_holders[k][t] - found
            excess = len(holders) - count + 1
            if excess > 0:
                movable = sorted(holders - index.fixed, key=lambda o: inst.meetings[o].priority)
                if len(movable) < excess:
                    return None
                found.update(movable[:excess])
    capacity = len(problem.classes[option.room_class].rooms)
    for t in problem.room_slots(meeting, option):
        holders = occupancy.class_holders[option.room_class][t]
        if len(holders - found) >= capacity:
            movable = holders - found - index.fixed
            if not movable:
                return None
            found.add(min(movable, key=lambda o: inst.meetings[o].priority))
    for f in found:
        if f in index.fixed:
            return None  # pins never move; nor, when re-planning, what may not move for free
        if any(b in placed for b, _ in problem.dependents[f]):
            return None  # ejecting a preparation would strand the meeting it prepares
    return found


def improve_by_ejection(
    occupancy: Occupancy,
    *,
    deadline: float,
    seed: int = 0,
    stop: threading.Event | None = None,
    on_improvement: Callable[[], None] | None = None,
    move_budget: int | None = None,
) -> int:
    """Run ejection moves until the deadline; returns how many were kept with a gain.

    When re-planning, `move_budget` caps the meetings of the published programme that are moved
    (or, when the start already moved more, what it moved): an insertion that would pass the cap
    is undone, and once the cap is reached, meetings still in place are no longer ejected, so
    the moves then only fill free capacity. The clock, the stop and the cap are looked at
    before every insertion.
    """
    problem = occupancy.problem
    inst = problem.instance
    rng = random.Random(seed)
    moves = occupancy.moves()
    cap = None if move_budget is None else max(move_budget, moves)
    index = _Index(occupancy, keep_previous=cap is not None and moves >= cap)
    schedulable = [m.index for m in inst.meetings if problem.starts[m.index]]
    gains = 0

    def ended() -> bool:
        return time.monotonic() >= deadline or (stop is not None and stop.is_set())

    while not ended():
        waiting = [m for m in schedulable if m not in occupancy.placed]
        if not waiting:
            break
        weights = [inst.meetings[m].priority + 1 for m in waiting]
        for meeting in rng.choices(waiting, weights=weights, k=50):
            if ended():
                break
            if meeting in occupancy.placed:
                continue
            # Of a few sampled options, try the one whose blockers are worth least.
            cheapest: tuple[int, Option, set[int]] | None = None
            for _ in range(SAMPLED_OPTIONS):
                option = Option(
                    start=rng.choice(problem.starts[meeting]),
                    room_class=rng.choice(problem.room_classes[meeting]),
                )
                blockers = _blockers(occupancy, index, meeting, option)
                if blockers is None:
                    continue
                cost = sum(inst.meetings[b].priority for b in blockers)
                if cheapest is None or cost < cheapest[0]:
                    cheapest = (cost, option, blockers)
            if cheapest is None:
                continue
            spare = None if cap is None else cap - moves
            kept = _try_insert(occupancy, index, meeting, cheapest[1], cheapest[2], rng, spare)
            if kept is None:
                continue
            gain, moved = kept
            moves += moved
            if cap is not None and moves >= cap and not index.keeps_previous:
                index = _Index(occupancy, keep_previous=True)
            if gain > 0:
                gains += 1
                if on_improvement is not None:
                    on_improvement()
    return gains


def _in_place(occupancy: Occupancy, index: _Index, meeting: int) -> bool:
    published = index.published.get(meeting)
    return published is not None and occupancy.placed.get(meeting) == published


def _try_insert(
    occupancy: Occupancy,
    index: _Index,
    meeting: int,
    option: Option,
    blockers: set[int],
    rng: random.Random,
    spare_moves: int | None,
) -> tuple[int, int] | None:
    """Insert `meeting` at `option`, re-placing its blockers; keep it only when it pays.

    Returns (gain in score, change in moves) when the insertion is kept, None when it is undone:
    a loss, too little gain for the published meetings it moves, or more moves than
    `spare_moves`. A change of equal score is kept when it moves nothing more.
    """
    problem = occupancy.problem
    inst = problem.instance
    value = inst.meetings[meeting].priority
    if sum(inst.meetings[b].priority for b in blockers) > 2 * value:
        return None
    touched = [meeting, *blockers]
    in_place_before = sum(1 for m in touched if _in_place(occupancy, index, m))
    ejected = {b: occupancy.remove(b) for b in blockers}
    if not occupancy.fits(meeting, option):
        for b, held in ejected.items():
            occupancy.place(b, held)
        return None
    occupancy.place(meeting, option)
    lost = 0
    for b in sorted(ejected, key=lambda b: -inst.meetings[b].priority):
        options = problem.options(b)
        rng.shuffle(options)
        for candidate in options:
            if occupancy.fits(b, candidate):
                occupancy.place(b, candidate)
                break
        else:
            lost += inst.meetings[b].priority
    gain = value - lost
    moved = in_place_before - sum(1 for m in touched if _in_place(occupancy, index, m))
    # A published meeting moves only for a real gain: score first, but moves are not free.
    worth_it = (gain > 0 and gain >= MIN_GAIN_PER_MOVE * moved) or (gain == 0 and moved <= 0)
    if worth_it and (spare_moves is None or moved <= spare_moves):
        return gain, moved
    occupancy.remove(meeting)
    for b in ejected:
        if b in occupancy.placed:
            occupancy.remove(b)
    for b, held in ejected.items():
        occupancy.place(b, held)
    return None
