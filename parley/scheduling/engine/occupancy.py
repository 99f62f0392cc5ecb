"""What each meeting could do alone, and the running tally of a (partial) schedule.

Rooms that are identical (same kind, capacity, zone and turnover) form a *room class*: at
every slot it is enough that no more meetings occupy the class than it has rooms, because
meetings in one day are intervals and intervals can always be dealt to k rooms when at most
k overlap. Solving over classes instead of rooms removes the symmetry between identical
rooms; `assign_rooms` deals the rooms at the end. A room that holds a pin or a meeting of the
published programme keeps its identity (a class of one), since there the room itself matters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .instance import Instance, Meeting


@dataclass(frozen=True)
class RoomClass:
    index: int
    rooms: tuple[int, ...]
    kind: str
    capacity: int
    zone: str
    turnover: int


@dataclass(frozen=True)
class Option:
    """One way to hold a meeting: a start slot in a room class."""

    start: int
    room_class: int


@dataclass(frozen=True)
class ApartSide:
    """The meeting involves `party` but not `other`, and `other` must stay apart from `party`."""

    party: str
    other: str


class Problem:
    """An instance plus everything derived from it once: room classes and the options."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.classes = _room_classes(instance)
        self.class_of_room = {r: c.index for c in self.classes for r in c.rooms}
        self.apart_sides: list[tuple[ApartSide, ...]] = [
            tuple(
                ApartSide(party=p, other=q)
                for p, q in sorted(instance.apart)
                if p in m.parties and q not in m.parties
            )
            for m in instance.meetings
        ]
        # Options are the product of possible starts and room classes, kept apart to stay small.
        self.starts: list[tuple[int, ...]] = []
        self.room_classes: list[tuple[int, ...]] = []
        for m in instance.meetings:
            starts, classes = self._starts_and_classes(m)
            self.starts.append(starts)
            self.room_classes.append(classes if starts else ())
        self.dependents: list[list[tuple[int, int]]] = [[] for _ in instance.meetings]
        for m in instance.meetings:
            for dep in m.after:
                self.dependents[dep.meeting].append((m.index, dep.gap))
        self._prune_starts_too_early_for_preparations()

    def _prune_starts_too_early_for_preparations(self) -> None:
        """Drop starts that leave no time for everything that must come first.

        A meeting can run only after all its preparations, transitively; they all end before
        it starts and share its people and interpreters. So a start is impossible when, before
        it, those people or interpreters have fewer slots than the preparations need. The
        same holds for the earliest start of each preparation. Pins are left to the pin check.
        """
        inst = self.instance
        horizon = inst.horizon
        order = _preparations_first(inst)
        self._preparations_first = order
        preparations: list[set[int]] = [set() for _ in inst.meetings]
        for b in order:
            for dep in inst.meetings[b].after:
                preparations[b] |= {dep.meeting} | preparations[dep.meeting]
        free_slots_before: dict[tuple[str, int], list[int]] = {}

        def slots_before(resource: tuple[str, int]) -> list[int]:
            if resource not in free_slots_before:
                kind, index = resource
                per_slot = (
                    [inst.interpreter_counts[index]] * horizon if kind == "pair" else [1] * horizon
                )
                if kind == "person":
                    for lo, hi in inst.participants[index].unavailable:
                        for t in range(lo, hi):
                            per_slot[t] = 0
                running = [0]
                for amount in per_slot:
                    running.append(running[-1] + amount)
                free_slots_before[resource] = running
            return free_slots_before[resource]

        for b in order:
            meeting = inst.meetings[b]
            if not meeting.after or meeting.pinned is not None:
                continue
            need: dict[tuple[str, int], int] = defaultdict(int)
            for a in preparations[b]:
                prep = inst.meetings[a]
                for p in prep.participants:
                    need[("person", p)] += prep.duration
                for k in prep.interpretation:
                    need[("pair", k)] += prep.duration
            starts = [
                s
                for s in self.starts[b]
                if all(slots_before(r)[s] >= amount for r, amount in need.items())
                and all(
                    self.starts[dep.meeting]
                    and self.precedes(
                        before=dep.meeting,
                        before_start=self.starts[dep.meeting][0],
                        gap=dep.gap,
                        after_start=s,
                    )
                    for dep in meeting.after
                )
            ]
            if len(preparations[b]) > 1 and starts:
                starts = self._starts_with_room_for_preparations(b, starts, preparations[b])
            self.starts[b] = tuple(starts)
            if not starts:
                self.room_classes[b] = ()

    def _starts_with_room_for_preparations(
        self, meeting: int, starts: list[int], preparations: set[int]
    ) -> list[int]:
        """Drop the starts before the first one that leaves its preparations enough capacity.

        Finer than counting slots before the start: each preparation must also end early
        enough for the gaps of everything between it and the meeting, so the last slots
        before the start hold only the last preparations, and those may share a person. On
        summit-1 that is what rules the ministers out: 62 ru-uk interpreter-slots, but the
        slots next to their start can only hold the seniors' talks, one at a time. A later
        start only leaves more room, so the first start that passes keeps all later ones.
        """
        for i, start in enumerate(starts):
            if self._preparations_fit_before(meeting, start, preparations):
                return starts[i:]
        return []

    def _preparations_fit_before(self, meeting: int, start: int, preparations: set[int]) -> bool:
        inst = self.instance
        gaps = [d.gap for m in (*preparations, meeting) for d in inst.meetings[m].after]
        if min(gaps) < 0:
            return True  # a preparation may then overlap or follow: the reasoning below fails
        # Virtual time shifts day d by d * pad; with pad at least every |gap|, "B starts `gap`
        # after A ends, or on a later day" is exactly "virtual B >= virtual end of A + gap".
        pad = max(1, *gaps)

        def virtual(slot: int) -> int:
            return slot + inst.day_of[slot] * pad

        latest_start = {meeting: virtual(start)}
        running_slots: dict[int, set[int]] = {}
        # Dependents before their preparations: each one's latest start bounds theirs.
        for a in reversed(self._preparations_first):
            if a not in preparations:
                continue
            duration = inst.meetings[a].duration
            latest_end = min(
                latest_start[b] - gap for b, gap in self.dependents[a] if b in latest_start
            )
            fitting = [virtual(s) for s in self.starts[a] if virtual(s) + duration <= latest_end]
            if not fitting:
                return False
            latest_start[a] = max(fitting)
            running_slots[a] = {v + t for v in fitting for t in range(duration)}
        resources: dict[tuple[str, int], list[int]] = defaultdict(list)
        for a in preparations:
            for p in inst.meetings[a].participants:
                resources[("person", p)].append(a)
            for k in inst.meetings[a].interpretation:
                resources[("pair", k)].append(a)
        for (kind, index), users in resources.items():
            count = inst.interpreter_counts[index] if kind == "pair" else 1
            demand = sum(inst.meetings[a].duration for a in users)
            if demand <= len(set().union(*(running_slots[a] for a in users))):
                continue  # one at a time already fits: skip the slot-by-slot count
            able: dict[int, list[int]] = defaultdict(list)
            for a in users:
                for t in running_slots[a]:
                    able[t].append(a)
            room = sum(min(count, self._people_groups(group, count)) for group in able.values())
            if demand > room:
                return False
        return True

    def _people_groups(self, meetings: list[int], enough: int) -> int:
        """At most how many of these meetings can run at once: each group shares a person."""
        inst = self.instance
        remaining = set(meetings)
        groups = 0
        while remaining and groups < enough:
            counts: dict[int, int] = defaultdict(int)
            for m in remaining:
                for p in inst.meetings[m].participants:
                    counts[p] += 1
            if not counts:
                return groups + len(remaining)  # nobody shared: each may run beside the others
            groups += 1
            person = max(counts, key=counts.__getitem__)
            remaining = {m for m in remaining if person not in inst.meetings[m].participants}
        return groups

    def options(self, meeting: int) -> list[Option]:
        return [
            Option(start=s, room_class=c)
            for c in self.room_classes[meeting]
            for s in self.starts[meeting]
        ]

    def _starts_and_classes(self, meeting: Meeting) -> tuple[tuple[int, ...], tuple[int, ...]]:
        inst = self.instance
        blocked = set()
        for p in meeting.participants:
            for lo, hi in inst.participants[p].unavailable:
                blocked.update(range(lo, hi))
        lo, hi = meeting.window or (0, inst.horizon)
        starts = tuple(
            s
            for s in range(lo, hi - meeting.duration + 1)
            if inst.day_end(s) >= s + meeting.duration
            and not blocked.intersection(range(s, s + meeting.duration))
        )
        classes = tuple(
            c.index
            for c in self.classes
            if c.kind in meeting.room_kinds and c.capacity >= meeting.size
        )
        if not classes:
            return (), ()  # no room can hold it: it has no start either, it cannot run
        if meeting.pinned is not None:
            start, room = meeting.pinned
            pin_class = self.class_of_room[room]
            if start in starts and pin_class in classes:
                return (start,), (pin_class,)
            return (), ()
        return starts, classes

    def room_slots(self, meeting: int, option: Option) -> range:
        """Slots the room is held: the meeting and its turnover, which a night also provides."""
        end = option.start + self.instance.meetings[meeting].duration
        turnover = self.classes[option.room_class].turnover
        return range(option.start, min(end + turnover, self.instance.day_end(option.start)))

    def corridor_slots(self, meeting: int, option: Option) -> range:
        """Slots during which an apart party may not use the zone: the meeting and the next slot."""
        end = option.start + self.instance.meetings[meeting].duration
        return range(option.start, min(end + 1, self.instance.day_end(option.start)))

    def precedes(self, *, before: int, before_start: int, gap: int, after_start: int) -> bool:
        """May a meeting start at `after_start` when its preparation `before` starts then?"""
        inst = self.instance
        end = before_start + inst.meetings[before].duration
        return after_start >= end + gap or inst.day_of[after_start] > inst.day_of[before_start]


def _preparations_first(instance: Instance) -> list[int]:
    """Meeting indices with every meeting after all of its preparations (the graph is acyclic)."""
    order: list[int] = []
    seen: set[int] = set()
    for root in range(len(instance.meetings)):
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            stack.extend((dep.meeting, False) for dep in instance.meetings[node].after)
    return order


def _room_classes(instance: Instance) -> tuple[RoomClass, ...]:
    distinct_rooms = {m.pinned[1] for m in instance.meetings if m.pinned is not None}
    distinct_rooms |= {room for _, room in instance.previous.values()}
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, room in enumerate(instance.rooms):
        key = (room.kind, room.capacity, room.zone, room.turnover)
        groups[(*key, i) if i in distinct_rooms else key].append(i)
    classes = []
    for rooms in groups.values():
        first = instance.rooms[rooms[0]]
        classes.append(
            RoomClass(
                index=len(classes),
                rooms=tuple(rooms),
                kind=first.kind,
                capacity=first.capacity,
                zone=first.zone,
                turnover=first.turnover,
            )
        )
    return tuple(classes)


class Occupancy:
    """A partial schedule and, per slot, what it uses of rooms, people, interpreters, zones."""

    def __init__(self, problem: Problem) -> None:
        inst = problem.instance
        horizon = inst.horizon
        self.problem = problem
        self.placed: dict[int, Option] = {}
        self.class_used = [[0] * horizon for _ in problem.classes]
        self.person_used = [[0] * horizon for _ in inst.participants]
        self.pair_used = [[0] * horizon for _ in inst.interpreter_pairs]
        # Who holds a room of a class, or an interpreter pair, at each slot: for ejection moves.
        self.class_holders: list[list[set[int]]] = [
            [set() for _ in range(horizon)] for _ in problem.classes
        ]
        self.pair_holders: list[list[set[int]]] = [
            [set() for _ in range(horizon)] for _ in inst.interpreter_pairs
        ]
        # (zone, party, other) -> slots where a meeting of `party` without `other` holds the zone
        self.zone_side: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0] * horizon)

    def copy_placements(self) -> dict[int, Option]:
        return dict(self.placed)

    def copy(self) -> Occupancy:
        """Another tally of the same placements, to build on without changing this one."""
        other = Occupancy(self.problem)
        for meeting, option in self.placed.items():
            other.place(meeting, option)
        return other

    @property
    def score(self) -> int:
        meetings = self.problem.instance.meetings
        return sum(meetings[m].priority for m in self.placed)

    def moves(self) -> int:
        inst = self.problem.instance
        classes = self.problem.classes
        moved = 0
        for m, (start, room) in inst.previous.items():
            option = self.placed.get(m)
            if (
                option is None
                or option.start != start
                or room not in classes[option.room_class].rooms
            ):
                moved += 1
        return moved

    def fits(self, meeting: int, option: Option, *, check_preparations: bool = True) -> bool:
        """Could the meeting take this option given everything placed (preparations included)?"""
        return self.time_fits(
            meeting, option.start, check_preparations=check_preparations
        ) and self.room_fits(meeting, option)

    def time_fits(self, meeting: int, start: int, *, check_preparations: bool = True) -> bool:
        """Are its participants, interpreters and preparations ready at `start`?"""
        problem = self.problem
        inst = problem.instance
        m = inst.meetings[meeting]
        running = range(start, start + m.duration)
        for p in m.participants:
            busy = self.person_used[p]
            if any(busy[t] for t in running):
                return False
        for k in m.interpretation:
            used_pair, count = self.pair_used[k], inst.interpreter_counts[k]
            if any(used_pair[t] >= count for t in running):
                return False
        for dep in m.after if check_preparations else ():
            before = self.placed.get(dep.meeting)
            if before is None or not problem.precedes(
                before=dep.meeting, before_start=before.start, gap=dep.gap, after_start=start
            ):
                return False
        return True

    def room_fits(self, meeting: int, option: Option) -> bool:
        """Is a room of the class free (turnover included) and the zone clear of apart parties?"""
        problem = self.problem
        capacity = len(problem.classes[option.room_class].rooms)
        used = self.class_used[option.room_class]
        if any(used[t] >= capacity for t in problem.room_slots(meeting, option)):
            return False
        zone = problem.classes[option.room_class].zone
        for side in problem.apart_sides[meeting]:
            opposite = self.zone_side.get((zone, side.other, side.party))
            if opposite and any(opposite[t] for t in problem.corridor_slots(meeting, option)):
                return False
        return True

    def place(self, meeting: int, option: Option) -> None:
        self._tally(meeting, option, +1)
        self.placed[meeting] = option

    def remove(self, meeting: int) -> Option:
        option = self.placed.pop(meeting)
        self._tally(meeting, option, -1)
        return option

    def _tally(self, meeting: int, option: Option, delta: int) -> None:
        problem = self.problem
        m = problem.instance.meetings[meeting]
        used = self.class_used[option.room_class]
        holders = self.class_holders[option.room_class]
        for t in problem.room_slots(meeting, option):
            used[t] += delta
            if delta > 0:
                holders[t].add(meeting)
            else:
                holders[t].discard(meeting)
        running = range(option.start, option.start + m.duration)
        for p in m.participants:
            busy = self.person_used[p]
            for t in running:
                busy[t] += delta
        for k in m.interpretation:
            used_pair = self.pair_used[k]
            pair_holders = self.pair_holders[k]
            for t in running:
                used_pair[t] += delta
                if delta > 0:
                    pair_holders[t].add(meeting)
                else:
                    pair_holders[t].discard(meeting)
        zone = problem.classes[option.room_class].zone
        for side in problem.apart_sides[meeting]:
            held = self.zone_side[(zone, side.party, side.other)]
            for t in problem.corridor_slots(meeting, option):
                held[t] += delta


def assign_rooms(
    problem: Problem, placed: dict[int, Option], *, preferred: dict[int, int] | None = None
) -> dict[int, int]:
    """Deal the rooms of each class to its meetings, earliest start first (interval colouring).

    A meeting gets its `preferred` room (by default its room in `previous`) when that is free.
    """
    inst = problem.instance
    by_class: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for m, option in placed.items():
        by_class[option.room_class].append((option.start, m))
    rooms: dict[int, int] = {}
    if preferred is None:
        preferred = {m: r for m, (_, r) in inst.previous.items()}
    previous_room = preferred
    for c, items in by_class.items():
        room_class = problem.classes[c]
        free_from = dict.fromkeys(room_class.rooms, 0)
        for start, m in sorted(items):
            held = problem.room_slots(m, placed[m])
            free = [r for r in room_class.rooms if free_from[r] <= start]
            if not free:
                raise AssertionError(f"room class {c} overbooked at slot {start}")
            room = previous_room.get(m) if previous_room.get(m) in free else free[0]
            rooms[m] = room
            free_from[room] = held.stop
    return rooms
