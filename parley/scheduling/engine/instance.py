"""Read a schedule instance (docs/schedule-format.md) into plain dataclasses, checking every field.

Pure: imports nothing from Django. Every problem found raises `InstanceError` whose message
starts with the path of the offending field, e.g. `meetings[3].room_kinds: unknown kind 'x'`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .format import INSTANCE_FORMAT


class InstanceError(ValueError):
    """The instance is malformed or inconsistent; the message names the field."""


@dataclass(frozen=True)
class Room:
    id: str
    kind: str
    capacity: int
    zone: str
    turnover: int


@dataclass(frozen=True)
class Participant:
    id: str
    party: str
    unavailable: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Precedence:
    """This meeting may run only if `meeting` (an index) ran `gap` slots before, or a day before."""

    meeting: int
    gap: int


@dataclass(frozen=True)
class Meeting:
    index: int
    id: str
    parties: frozenset[str]
    participants: tuple[int, ...]
    size: int
    room_kinds: frozenset[str]
    duration: int
    priority: int
    interpretation: tuple[int, ...]
    after: tuple[Precedence, ...]
    window: tuple[int, int] | None
    pinned: tuple[int, int] | None  # (start, room index)


@dataclass(frozen=True)
class Instance:
    name: str
    day_lengths: tuple[int, ...]
    rooms: tuple[Room, ...]
    participants: tuple[Participant, ...]
    interpreter_pairs: tuple[str, ...]
    interpreter_counts: tuple[int, ...]
    meetings: tuple[Meeting, ...]
    apart: frozenset[tuple[str, str]]  # symmetric: (P, Q) and (Q, P)
    previous: dict[int, tuple[int, int]] = field(default_factory=dict)  # meeting -> (start, room)
    day_of: tuple[int, ...] = ()
    day_start: tuple[int, ...] = ()  # first slot of each day

    @property
    def horizon(self) -> int:
        return len(self.day_of)

    def day_end(self, slot: int) -> int:
        """The first slot after the day that holds `slot`."""
        day = self.day_of[slot]
        return self.day_start[day] + self.day_lengths[day]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Reader:
    """Typed access to a JSON object that reports the path of whatever is wrong."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise InstanceError(f"{path or 'instance'}: expected an object, got {_kind(data)}")
        self.data = data
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, *, optional: bool = False, default: Any = None) -> Any:
        if key not in self.data:
            if optional:
                return default
            raise InstanceError(f"{self.at(key)}: missing field")
        return self.data[key]

    def text(self, key: str, *, optional: bool = False, default: str = "") -> str:
        value = self.get(key, optional=optional, default=default)
        if not isinstance(value, str):
            raise InstanceError(f"{self.at(key)}: expected a string, got {_kind(value)}")
        return value

    def integer(self, key: str, *, minimum: int | None = None) -> int:
        value = self.get(key)
        if not _is_int(value):
            raise InstanceError(f"{self.at(key)}: expected an integer, got {_kind(value)}")
        if minimum is not None and value < minimum:
            raise InstanceError(f"{self.at(key)}: must be at least {minimum}, got {value}")
        return value

    def items(self, key: str, *, optional: bool = False) -> list[Any]:
        value = self.get(key, optional=optional, default=[])
        if value is None and optional:
            return []
        if not isinstance(value, list):
            raise InstanceError(f"{self.at(key)}: expected a list, got {_kind(value)}")
        return value

    def strings(self, key: str, *, optional: bool = False) -> list[str]:
        values = self.items(key, optional=optional)
        for i, value in enumerate(values):
            if not isinstance(value, str):
                raise InstanceError(f"{self.at(key)}[{i}]: expected a string, got {_kind(value)}")
        return values


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return {
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _slot_range(value: Any, path: str, horizon: int) -> tuple[int, int]:
    if not (isinstance(value, list) and len(value) == 2 and all(_is_int(v) for v in value)):
        raise InstanceError(f"{path}: expected [from, to) as two integers, got {value!r}")
    lo, hi = value
    if not 0 <= lo < hi <= horizon:
        raise InstanceError(f"{path}: [{lo}, {hi}) is not a non-empty range inside 0..{horizon}")
    return lo, hi


def _unique_ids(items: list[Any], path: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, item in enumerate(items):
        item_id = _Reader(item, f"{path}[{i}]").text("id")
        if item_id in index:
            raise InstanceError(f"{path}[{i}].id: duplicate id {item_id!r}")
        index[item_id] = i
    return index


def parse_instance(data: Any) -> Instance:
    """Check an instance dict against the format and return it as dataclasses."""
    top = _Reader(data, "")
    fmt = top.get("format", optional=True)
    if fmt is not None and fmt != INSTANCE_FORMAT:
        raise InstanceError(f"format: expected {INSTANCE_FORMAT!r}, got {fmt!r}")
    name = top.text("name", optional=True, default="")

    raw_days = top.items("days")
    if not raw_days:
        raise InstanceError("days: needs at least one day")
    day_lengths = tuple(
        _Reader(d, f"days[{i}]").integer("slots", minimum=1) for i, d in enumerate(raw_days)
    )
    day_of: list[int] = []
    day_start: list[int] = []
    for day, length in enumerate(day_lengths):
        day_start.append(len(day_of))
        day_of += [day] * length
    horizon = len(day_of)

    raw_rooms = top.items("rooms")
    room_index = _unique_ids(raw_rooms, "rooms")
    rooms = []
    for i, raw in enumerate(raw_rooms):
        r = _Reader(raw, f"rooms[{i}]")
        rooms.append(
            Room(
                id=r.text("id"),
                kind=r.text("kind"),
                capacity=r.integer("capacity", minimum=0),
                zone=r.text("zone"),
                turnover=r.integer("turnover", minimum=0),
            )
        )
    kinds = {room.kind for room in rooms}

    raw_parties = top.items("parties")
    party_index = _unique_ids(raw_parties, "parties")
    apart: set[tuple[str, str]] = set()
    for i, raw in enumerate(raw_parties):
        r = _Reader(raw, f"parties[{i}]")
        for j, other in enumerate(r.strings("apart_from", optional=True)):
            if other not in party_index:
                raise InstanceError(f"parties[{i}].apart_from[{j}]: unknown party {other!r}")
            if other != r.text("id"):
                apart |= {(r.text("id"), other), (other, r.text("id"))}

    raw_people = top.items("participants")
    person_index = _unique_ids(raw_people, "participants")
    participants = []
    for i, raw in enumerate(raw_people):
        r = _Reader(raw, f"participants[{i}]")
        unavailable = tuple(
            _slot_range(u, f"participants[{i}].unavailable[{j}]", horizon)
            for j, u in enumerate(r.items("unavailable", optional=True))
        )
        # A participant's party may be the host itself (e.g. a room closure), not a listed party.
        party = r.text("party", optional=True, default="")
        participants.append(Participant(id=r.text("id"), party=party, unavailable=unavailable))

    raw_interpreters = top.items("interpreters", optional=True)
    pair_index: dict[str, int] = {}
    counts = []
    for i, raw in enumerate(raw_interpreters):
        r = _Reader(raw, f"interpreters[{i}]")
        pair = r.text("pair")
        if pair in pair_index:
            raise InstanceError(f"interpreters[{i}].pair: duplicate pair {pair!r}")
        pair_index[pair] = i
        counts.append(r.integer("count", minimum=0))

    raw_meetings = top.items("meetings")
    meeting_index = _unique_ids(raw_meetings, "meetings")
    longest_day = max(day_lengths)
    meetings = []
    for i, raw in enumerate(raw_meetings):
        meetings.append(
            _parse_meeting(
                raw,
                index=i,
                path=f"meetings[{i}]",
                kinds=kinds,
                party_index=party_index,
                person_index=person_index,
                pair_index=pair_index,
                meeting_index=meeting_index,
                room_index=room_index,
                horizon=horizon,
                longest_day=longest_day,
            )
        )
    _reject_precedence_cycles(meetings)

    previous: dict[int, tuple[int, int]] = {}
    raw_previous = top.get("previous", optional=True)
    if raw_previous is not None:
        if not isinstance(raw_previous, dict):
            raise InstanceError(f"previous: expected an object, got {_kind(raw_previous)}")
        for meeting_id, placed in raw_previous.items():
            path = f"previous.{meeting_id}"
            if meeting_id not in meeting_index:
                raise InstanceError(f"{path}: unknown meeting {meeting_id!r}")
            start, room = _placement(placed, path, room_index, horizon)
            previous[meeting_index[meeting_id]] = (start, room)

    return Instance(
        name=name,
        day_lengths=day_lengths,
        rooms=tuple(rooms),
        participants=tuple(participants),
        interpreter_pairs=tuple(pair_index),
        interpreter_counts=tuple(counts),
        meetings=tuple(meetings),
        apart=frozenset(apart),
        previous=previous,
        day_of=tuple(day_of),
        day_start=tuple(day_start),
    )


def _placement(value: Any, path: str, room_index: dict[str, int], horizon: int) -> tuple[int, int]:
    r = _Reader(value, path)
    start = r.integer("start", minimum=0)
    if start >= horizon:
        raise InstanceError(f"{path}.start: {start} is outside the horizon of {horizon} slots")
    room = r.text("room")
    if room not in room_index:
        raise InstanceError(f"{path}.room: unknown room {room!r}")
    return start, room_index[room]


def _parse_meeting(
    raw: Any,
    *,
    index: int,
    path: str,
    kinds: set[str],
    party_index: dict[str, int],
    person_index: dict[str, int],
    pair_index: dict[str, int],
    meeting_index: dict[str, int],
    room_index: dict[str, int],
    horizon: int,
    longest_day: int,
) -> Meeting:
    r = _Reader(raw, path)
    r.text("title", optional=True)
    parties = r.strings("parties")
    for j, party in enumerate(parties):
        if party not in party_index:
            raise InstanceError(f"{path}.parties[{j}]: unknown party {party!r}")
    people = r.strings("participants")
    for j, person in enumerate(people):
        if person not in person_index:
            raise InstanceError(f"{path}.participants[{j}]: unknown participant {person!r}")
    if len(set(people)) != len(people):
        raise InstanceError(f"{path}.participants: lists a participant twice")
    room_kinds = r.strings("room_kinds")
    for j, kind in enumerate(room_kinds):
        if kind not in kinds:
            raise InstanceError(f"{path}.room_kinds[{j}]: unknown kind {kind!r}")
    duration = r.integer("duration", minimum=1)
    if duration > longest_day:
        raise InstanceError(
            f"{path}.duration: {duration} slots is longer than a day ({longest_day} slots)"
        )
    pairs = r.strings("interpretation")
    for j, pair in enumerate(pairs):
        if pair not in pair_index:
            raise InstanceError(f"{path}.interpretation[{j}]: no interpreters for pair {pair!r}")
    after = []
    for j, dep in enumerate(r.items("after", optional=True)):
        d = _Reader(dep, f"{path}.after[{j}]")
        other = d.text("meeting")
        if other not in meeting_index:
            raise InstanceError(f"{path}.after[{j}].meeting: unknown meeting {other!r}")
        after.append(Precedence(meeting=meeting_index[other], gap=d.integer("gap")))
    window = r.get("window", optional=True)
    if window is not None:
        window = _slot_range(window, f"{path}.window", horizon)
    pinned = r.get("pinned", optional=True)
    if pinned is not None:
        pinned = _placement(pinned, f"{path}.pinned", room_index, horizon)
    return Meeting(
        index=index,
        id=r.text("id"),
        parties=frozenset(parties),
        participants=tuple(person_index[p] for p in people),
        size=r.integer("size", minimum=0),
        room_kinds=frozenset(room_kinds),
        duration=duration,
        priority=r.integer("priority", minimum=0),
        interpretation=tuple(sorted({pair_index[p] for p in pairs})),
        after=tuple(after),
        window=window,
        pinned=pinned,
    )


def _reject_precedence_cycles(meetings: list[Meeting]) -> None:
    """A cycle of `after` can never be honoured, so it is an inconsistency, not a hard instance."""
    state = [0] * len(meetings)  # 0 unseen, 1 on the current path, 2 done
    for root in range(len(meetings)):
        if state[root]:
            continue
        stack = [(root, iter(meetings[root].after))]
        state[root] = 1
        while stack:
            node, deps = stack[-1]
            dep = next(deps, None)
            if dep is None:
                state[node] = 2
                stack.pop()
            elif state[dep.meeting] == 1:
                raise InstanceError(
                    f"meetings[{node}].after: cycle through {meetings[dep.meeting].id!r}"
                )
            elif state[dep.meeting] == 0:
                state[dep.meeting] = 1
                stack.append((dep.meeting, iter(meetings[dep.meeting].after)))
