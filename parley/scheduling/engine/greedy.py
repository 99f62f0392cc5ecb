"""Fast constructive schedules: the warm starts of the solver and the first-come baseline.

Each places one meeting after another and looks at the clock before each: given a deadline, it
stops there and returns the valid, partial schedule it has.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable

from .occupancy import Occupancy, Option, Problem


class PinConflictError(ValueError):
    """The pinned meetings cannot all hold their pins; the message names them."""


def place_pins(problem: Problem, occupancy: Occupancy) -> None:
    """Place every pinned meeting, or say which pins cannot hold together."""
    inst = problem.instance
    pinned = [m for m in inst.meetings if m.pinned is not None]
    for m in pinned:
        if not problem.starts[m.index]:
            start, room = m.pinned
            raise PinConflictError(
                f"pin of {m.id!r} (start {start}, room {inst.rooms[room].id!r}) breaks its own "
                "rules: room kind or capacity, day boundary, window or participant availability"
            )
    # Pins are placed before their preparations are known to exist, so precedence is checked
    # separately below; everything else must fit as is.
    for m in sorted(pinned, key=lambda m: m.pinned[0]):
        option = problem.options(m.index)[0]
        clash = _first_clash(problem, occupancy, m.index, option)
        if clash is not None:
            raise PinConflictError(
                f"pins of {inst.meetings[clash].id!r} and {m.id!r} conflict "
                f"({_clash_reason(problem, clash, m.index)})"
            )
        occupancy.place(m.index, option)
    for m in pinned:
        for dep in m.after:
            before = occupancy.placed.get(dep.meeting)
            if before is not None and not problem.precedes(
                before=dep.meeting,
                before_start=before.start,
                gap=dep.gap,
                after_start=m.pinned[0],
            ):
                raise PinConflictError(
                    f"pins of {inst.meetings[dep.meeting].id!r} and {m.id!r} conflict "
                    f"({m.id!r} must come {dep.gap} slot(s) after it)"
                )


def _first_clash(
    problem: Problem, occupancy: Occupancy, meeting: int, option: Option
) -> int | None:
    """The first placed meeting that stops `meeting` from taking `option`, ignoring precedence."""
    if occupancy.fits(meeting, option, check_preparations=False):
        return None
    for other in list(occupancy.placed):
        held = occupancy.remove(other)
        fits_without = occupancy.fits(meeting, option, check_preparations=False)
        occupancy.place(other, held)
        if fits_without:
            return other
    return next(iter(occupancy.placed), meeting)


def _clash_reason(problem: Problem, first: int, second: int) -> str:
    inst = problem.instance
    a, b = inst.meetings[first], inst.meetings[second]
    shared = set(a.participants) & set(b.participants)
    if shared:
        return f"both need {inst.participants[min(shared)].id!r}"
    if a.pinned[1] == b.pinned[1]:
        return f"both hold room {inst.rooms[a.pinned[1]].id!r} with its turnover"
    if set(a.interpretation) & set(b.interpretation):
        return "not enough interpreters"
    return "their parties must stay apart in one zone"


def fill(
    problem: Problem,
    occupancy: Occupancy,
    *,
    order: Iterable[int],
    preference: Callable[[int, int], tuple],
    deadline: float = math.inf,
    first_choice: dict[int, Option] | None = None,
) -> bool:
    """Place meetings in `order` where they fit; a meeting first brings its preparations along.

    A meeting takes its `first_choice` when that fits, else of the options (start, room
    class) where it fits the first by `preference(start, room_class)`. Returns False when the
    deadline came before every meeting was tried.
    """
    inst = problem.instance
    tried: set[int] = set()

    def attempt(meeting: int) -> bool:
        if meeting in occupancy.placed:
            return True
        if meeting in tried:
            return False
        tried.add(meeting)
        if not all(attempt(dep.meeting) for dep in inst.meetings[meeting].after):
            return False
        wanted = (first_choice or {}).get(meeting)
        if wanted is not None and wanted.start in problem.starts[meeting]:
            if wanted.room_class in problem.room_classes[meeting] and occupancy.fits(
                meeting, wanted
            ):
                occupancy.place(meeting, wanted)
                return True
        ready = [s for s in problem.starts[meeting] if occupancy.time_fits(meeting, s)]
        # Plain pairs, sorted, and an Option only for those tried: most are never tried.
        pairs = [(s, c) for c in problem.room_classes[meeting] for s in ready]
        pairs.sort(key=lambda pair: preference(*pair))
        for start, room_class in pairs:
            option = Option(start=start, room_class=room_class)
            if occupancy.room_fits(meeting, option):
                occupancy.place(meeting, option)
                return True
        return False

    for meeting in order:
        if time.monotonic() >= deadline:
            return False
        attempt(meeting)
    return True


def first_come_first_served(
    problem: Problem, *, start_from: Occupancy | None = None, deadline: float = math.inf
) -> Occupancy:
    """The baseline: by priority, each meeting at its earliest start in the first room that fits."""
    occupancy = pins_only(problem) if start_from is None else start_from
    inst = problem.instance
    order = sorted(range(len(inst.meetings)), key=lambda m: -inst.meetings[m].priority)
    first_room = {c.index: min(c.rooms) for c in problem.classes}
    fill(
        problem,
        occupancy,
        order=order,
        preference=lambda start, room_class: (start, first_room[room_class]),
        deadline=deadline,
    )
    return occupancy


def pins_only(problem: Problem) -> Occupancy:
    occupancy = Occupancy(problem)
    place_pins(problem, occupancy)
    return occupancy


def keep_previous(problem: Problem) -> Occupancy:
    """The pins, then every meeting of the published programme that still fits where it was."""
    occupancy = Occupancy(problem)
    place_pins(problem, occupancy)
    inst = problem.instance
    for m, (start, room) in sorted(inst.previous.items(), key=lambda item: item[1][0]):
        option = Option(start=start, room_class=problem.class_of_room[room])
        if (
            m not in occupancy.placed
            and start in problem.starts[m]
            and option.room_class in problem.room_classes[m]
            and occupancy.fits(m, option)
        ):
            occupancy.place(m, option)
    return occupancy


def greedy(
    problem: Problem,
    *,
    start_from: Occupancy | None = None,
    deadline: float = math.inf,
    first_choice: dict[int, Option] | None = None,
) -> Occupancy:
    """The warm start: valuable-per-slot meetings first, each in the least sought-after room
    (or at its `first_choice`, when that fits)."""
    occupancy = pins_only(problem) if start_from is None else start_from
    inst = problem.instance
    demand = [0.0] * len(problem.classes)
    for m in inst.meetings:
        classes = problem.room_classes[m.index]
        for c in classes:
            demand[c] += m.priority * m.duration / len(classes) / len(problem.classes[c].rooms)

    def value(m: int) -> tuple[float, int]:
        meeting = inst.meetings[m]
        return (-meeting.priority / meeting.duration, len(problem.starts[m]))

    fill(
        problem,
        occupancy,
        order=sorted(range(len(inst.meetings)), key=value),
        preference=lambda start, room_class: (demand[room_class], start),
        deadline=deadline,
        first_choice=first_choice,
    )
    return occupancy
