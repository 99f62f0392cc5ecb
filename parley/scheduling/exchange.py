"""The database side of the exchange format: a process becomes an instance; a solution becomes
placements (docs/schedule-format.md).

Time is cut into slots of `SLOT_MINUTES`. The days are the venue's local dates on which some
room is open, from the first opening to the last closing; a room closed for part of a day holds
a pinned "closure" there, so the instance stays in the neutral format. Ids are stable:
`meeting-<pk>`, `room-<pk>`, `member-<pk>`, parties by code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from parley.talks.models import Meeting, MeetingKind, MeetingStatus, Member, Process
from parley.talks.queries import readiness_reports
from parley.talks.readiness import is_gated
from parley.venues.models import Booking, BookingStatus, Room, RoomAvailability, RoomKind

from .engine.checker import Placement
from .engine.format import INSTANCE_FORMAT
from .models import (
    InterpreterPool,
    MeetingPin,
    MeetingWindow,
    MemberUnavailability,
    ProgrammeVersion,
    Separation,
)

SLOT_MINUTES = 15
SLOT = dt.timedelta(minutes=SLOT_MINUTES)
CLOSURE_PREFIX = "closed-"
Span = tuple[dt.datetime, dt.datetime]

ROOM_KINDS: dict[str, list[str]] = {
    MeetingKind.PLENARY: [RoomKind.HALL],
    MeetingKind.BILATERAL: [RoomKind.BILATERAL, RoomKind.WORKING],
    MeetingKind.WORKING_GROUP: [RoomKind.WORKING, RoomKind.BILATERAL],
    MeetingKind.CAUCUS: [RoomKind.WORKING],  # and the party's own office, see _room_kinds
}


class ExportError(ValueError):
    """The process cannot be written as an instance; the message names what stands in the way."""


def meeting_id(pk: int) -> str:
    return f"meeting-{pk}"


def room_id(pk: int) -> str:
    return f"room-{pk}"


def member_id(pk: int) -> str:
    return f"member-{pk}"


def pk_of(instance_id: str) -> int:
    return int(instance_id.rsplit("-", 1)[1])


def normalise_pair(pair: str) -> str:
    return "-".join(sorted(pair.strip().lower().split("-")))


def _slots(minutes: int) -> int:
    return math.ceil(minutes / SLOT_MINUTES)


def slot_span(minutes: int) -> dt.timedelta:
    """The time a meeting holds on the grid: its duration rounded up to whole slots."""
    return _slots(minutes) * SLOT


@dataclass(frozen=True)
class Day:
    date: dt.date
    start: dt.datetime  # UTC
    slots: int
    first_slot: int


@dataclass
class Grid:
    """Slots ↔ UTC datetimes for one instance."""

    days: list[Day]

    @classmethod
    def of(cls, instance: dict, tz: dt.tzinfo) -> Grid:
        days, first = [], 0
        for d in instance["days"]:
            date = dt.date.fromisoformat(d["date"])
            local = dt.datetime.combine(date, dt.time.fromisoformat(d["start"]), tzinfo=tz)
            days.append(Day(date, local.astimezone(dt.UTC), d["slots"], first))
            first += d["slots"]
        return cls(days)

    @property
    def horizon(self) -> int:
        return sum(d.slots for d in self.days)

    def time_of(self, slot: int) -> dt.datetime:
        for day in self.days:
            if day.first_slot <= slot < day.first_slot + day.slots:
                return day.start + (slot - day.first_slot) * SLOT
        raise ValueError(f"slot {slot} is outside the horizon")

    def slot_at(self, moment: dt.datetime) -> int | None:
        """The slot starting exactly at `moment`, if any."""
        for day in self.days:
            offset = moment - day.start
            if dt.timedelta(0) <= offset < day.slots * SLOT and not offset % SLOT:
                return day.first_slot + offset // SLOT
        return None

    def cover(self, start: dt.datetime, end: dt.datetime) -> list[tuple[int, int]]:
        """The slot ranges touched by [start, end), one per day."""
        out = []
        for day in self.days:
            lo = max(start, day.start)
            hi = min(end, day.start + day.slots * SLOT)
            if lo < hi:
                a = math.floor((lo - day.start) / SLOT)
                b = math.ceil((hi - day.start) / SLOT)
                out.append((day.first_slot + a, day.first_slot + b))
        return out

    def within(
        self, not_before: dt.datetime | None, not_after: dt.datetime | None
    ) -> tuple[int, int] | None:
        """The slots [lo, hi) from the first wholly after `not_before` to the last wholly
        before `not_after`, or None when no slot of the horizon fits."""
        inside = [
            day.first_slot + i
            for day in self.days
            for i in range(day.slots)
            if (not_before is None or day.start + i * SLOT >= not_before)
            and (not_after is None or day.start + (i + 1) * SLOT <= not_after)
        ]
        return (inside[0], inside[-1] + 1) if inside else None

    def holds(self, window: tuple[int, int], duration: int) -> bool:
        """Whether `duration` consecutive slots of one day fit inside the slots [lo, hi)."""
        lo, hi = window
        return any(
            min(hi, d.first_slot + d.slots) - max(lo, d.first_slot) >= duration for d in self.days
        )

    def day_index(self, slot: int) -> int:
        return next(i for i, d in enumerate(self.days) if slot < d.first_slot + d.slots)


@dataclass
class Built:
    """An instance and what was left out of it, with the reasons (codes, see reasons.py)."""

    instance: dict[str, Any]
    grid: Grid
    excluded: list[dict[str, Any]] = field(default_factory=list)

    def leave_out(self, meeting: Meeting, code: str, **params: Any) -> None:
        self.excluded.append(
            {
                "meeting": meeting_id(meeting.pk),
                "title": meeting.title,
                "code": code,
                "params": params,
            }
        )


def _merged(windows: list[Span]) -> list[Span]:
    out: list[Span] = []
    for lo, hi in sorted(windows):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _days(windows: dict[int, list], tz: dt.tzinfo, since: dt.date | None) -> list[Day]:
    """Each local date with an opening: from its first opening to its last closing."""
    spans: dict[dt.date, list[dt.datetime]] = {}
    for room_windows in windows.values():
        for lo, hi in room_windows:
            local_lo, local_hi = lo.astimezone(tz), hi.astimezone(tz)
            date = local_lo.date()
            while date <= local_hi.date():
                midnight = dt.datetime.combine(date, dt.time(0), tzinfo=tz)
                next_midnight = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(0), tz)
                a, b = max(local_lo, midnight), min(local_hi, next_midnight)
                if a < b and (since is None or date >= since):
                    span = spans.setdefault(date, [a, b])
                    span[0], span[1] = min(span[0], a), max(span[1], b)
                date += dt.timedelta(days=1)
    days, first = [], 0
    for date in sorted(spans):
        lo, hi = spans[date]
        midnight = dt.datetime.combine(date, dt.time(0), tzinfo=tz)
        minutes = (lo.replace(tzinfo=None) - midnight.replace(tzinfo=None)).seconds // 60
        start_local = midnight + dt.timedelta(minutes=minutes - minutes % SLOT_MINUTES)
        start = start_local.astimezone(dt.UTC)
        slots = max(1, math.ceil((hi.astimezone(dt.UTC) - start) / SLOT))
        slots = min(slots, (24 * 60) // SLOT_MINUTES)
        days.append(Day(date, start, slots, first))
        first += slots
    return days


def _closures(windows: list[Span], booked: list[Span], grid: Grid, turnover: int) -> list:
    """Runs of slots in which the room cannot hold a meeting: (first slot, length).

    A run that is only shut (outside the opening hours) shrinks by the turnover on each side
    that borders a usable slot, so a meeting may end right at closing time; a booked run does
    not shrink, because the booking needs the turnover before it as every meeting does.
    """
    out = []
    for day in grid.days:
        state = []  # 0 free, 1 shut, 2 booked
        for k in range(day.slots):
            t = day.start + k * SLOT
            if any(lo < t + SLOT and t < hi for lo, hi in booked):
                state.append(2)
            elif not any(lo <= t and t + SLOT <= hi for lo, hi in windows):
                state.append(1)
            else:
                state.append(0)
        k = 0
        while k < day.slots:
            if not state[k]:
                k += 1
                continue
            j = k
            while j < day.slots and state[j]:
                j += 1
            lo, hi = k, j
            if k > 0:
                lo += min(turnover, _run(state[k:j], 1))
            if j < day.slots:
                hi -= min(turnover, _run(state[k:j][::-1], 1))
            if hi <= lo:
                lo, hi = k, j
            out.append((day.first_slot + lo, hi - lo))
            k = j
    return out


def _run(states: list[int], value: int) -> int:
    n = 0
    while n < len(states) and states[n] == value:
        n += 1
    return n


def _booked(rooms: list[Room], version, grid: Grid, held: set[int]) -> dict[int, list[Span]]:
    """Live bookings of the rooms in the horizon, other than those of the current programme's
    meetings still to plan: the room of a meeting marked held stays taken."""
    end = grid.days[-1].start + grid.days[-1].slots * SLOT
    own = set()
    if version is not None:
        own = {
            e.booking_id for e in version.entries.all() if e.booking_id and e.meeting_id not in held
        }
    out: dict[int, list[Span]] = {r.pk: [] for r in rooms}
    bookings = Booking.objects.filter(
        room__in=rooms,
        status=BookingStatus.CONFIRMED,
        starts_at__lt=end,
        blocked_until__gt=grid.days[0].start,
    ).exclude(pk__in=own)
    turnover = {r.pk: dt.timedelta(minutes=r.turnover_minutes) for r in rooms}
    for b in bookings:
        # A meeting after it starts at `blocked_until`, which the room's turnover will give.
        out[b.room_id].append((b.starts_at, max(b.ends_at, b.blocked_until - turnover[b.room_id])))
    return out


# Meetings the planner places: requested, already on the programme, or put off to a new time.
PLANNABLE = (MeetingStatus.REQUESTED, MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED)


def latest_version(process: Process) -> ProgrammeVersion | None:
    return ProgrammeVersion.objects.filter(process=process).order_by("-number").first()


def build_instance(process: Process, *, since: dt.date | None = None) -> Built:
    """The scheduling problem of a process as it stands now, in the exchange format."""
    tz = process.venue.tzinfo
    rooms = list(
        Room.objects.filter(venue=process.venue)
        .select_related("assigned_party")
        .prefetch_related(Prefetch("availability", RoomAvailability.objects.order_by("starts_at")))
        .order_by("pk")
    )
    windows = {
        r.pk: _merged([(a.starts_at, a.ends_at) for a in r.availability.all()]) for r in rooms
    }
    grid = Grid(_days(windows, tz, since))
    if not grid.days:
        raise ExportError("days: no room of the venue is open in the period")
    horizon_start = grid.days[0].start
    open_rooms = [
        r
        for r in rooms
        if r.kind != RoomKind.PRESS and any(hi > horizon_start for _lo, hi in windows[r.pk])
    ]
    version = latest_version(process)
    held = set(
        Meeting.objects.filter(process=process, status=MeetingStatus.HELD).values_list(
            "pk", flat=True
        )
    )
    booked = _booked(open_rooms, version, grid, held)
    room_rows, closures = [], []
    for r in open_rooms:
        turnover = _slots(r.turnover_minutes)
        kind = f"office-{r.assigned_party.code}" if r.assigned_party else r.kind
        room_rows.append(
            {
                "id": room_id(r.pk),
                "kind": kind,
                "capacity": r.capacity,
                "zone": r.zone,
                "turnover": turnover,
            }
        )
        shut = _closures(windows[r.pk], booked[r.pk], grid, turnover)
        for n, (start, length) in enumerate(shut):
            closures.append((r, kind, n, start, length))
    kinds = {row["kind"] for row in room_rows}
    entries = {e.meeting_id: e for e in version.entries.all()} if version is not None else {}
    candidates = list(
        Meeting.objects.filter(process=process, status__in=PLANNABLE)
        .prefetch_related("parties", "participants", "requires__before")
        .order_by("pk")
    )
    # A postponed meeting needs a new time: its published one neither holds nor anchors it.
    postponed = {m.pk for m in candidates if m.status == MeetingStatus.POSTPONED}
    published = {pk: e for pk, e in entries.items() if pk not in postponed}
    built = Built(instance={}, grid=grid)
    longest = max(d.slots for d in grid.days)
    windows_of = {
        w.meeting_id: grid.within(w.not_before, w.not_after)
        for w in MeetingWindow.objects.filter(meeting__process=process)
    }
    carried = {pk for pk, entry in published.items() if entry.starts_at < horizon_start}
    reports = readiness_reports(process=process)
    for m in list(candidates):
        if m.pk in carried:
            continue  # under way or past: carried over as it stands (see _plannable)
        code = None
        if is_gated(m.level, m.kind) and not reports[m.level].allows_meeting:
            code = "not_yet_realistic"
        elif _slots(m.duration_minutes) > longest:
            code = "longer_than_a_day"
        elif m.pk in windows_of and windows_of[m.pk] is None:
            code = "window_without_open_time"
        elif m.pk in windows_of and not grid.holds(windows_of[m.pk], _slots(m.duration_minutes)):
            code = "window_shorter_than_meeting"
        if code is not None:
            candidates.remove(m)
            built.leave_out(m, code)
    included = _plannable(candidates, published, horizon_start, built)

    pins = {p.meeting_id: p for p in MeetingPin.objects.filter(meeting__process=process)}
    open_room_ids = {r.pk for r in open_rooms}
    meetings, people, pairs = [], set(), set()
    for m in candidates:
        if m.pk not in included:
            continue
        row = _meeting_row(m, kinds, grid, pins.get(m.pk), room_rows, included)
        if m.pk in windows_of:
            row["window"] = list(windows_of[m.pk])
        meetings.append(row)
        people |= {p.pk for p in m.participants.all()}
        pairs |= set(row["interpretation"])
    for r, kind, n, start, length in closures:
        meetings.append(
            {
                "id": f"{CLOSURE_PREFIX}{room_id(r.pk)}-{n}",
                "title": f"{r.name} closed",
                "level": "host",
                "parties": [],
                "participants": [f"{CLOSURE_PREFIX}{r.pk}-{n}"],
                "size": 0,
                "room_kinds": [kind],
                "duration": length,
                "priority": 0,
                "interpretation": [],
                "after": [],
                "window": None,
                "pinned": {"start": start, "room": room_id(r.pk)},
            }
        )
    participants = _participants(people, grid)
    participants += [
        {"id": f"{CLOSURE_PREFIX}{r.pk}-{n}", "party": "", "level": "host", "unavailable": []}
        for r, _kind, n, _start, _length in closures
    ]
    pools = {p.pair: p.count for p in InterpreterPool.objects.filter(process=process)}
    instance = {
        "format": INSTANCE_FORMAT,
        "name": "",
        "slot_minutes": SLOT_MINUTES,
        "days": [
            {
                "date": d.date.isoformat(),
                "start": d.start.astimezone(tz).strftime("%H:%M"),
                "slots": d.slots,
            }
            for d in grid.days
        ],
        "rooms": room_rows,
        "parties": _parties(process),
        "participants": participants,
        "interpreters": [{"pair": p, "count": pools.get(p, 0)} for p in sorted(set(pools) | pairs)],
        "meetings": meetings,
        "previous": _previous(published, included, grid, open_room_ids) or None,
    }
    digest = hashlib.sha256(json.dumps(instance, sort_keys=True).encode()).hexdigest()
    instance["name"] = f"process-{process.pk}-{digest[:12]}"
    built.instance = instance
    return built


def export_instance(process: Process, *, since: dt.date | None = None) -> dict[str, Any]:
    return build_instance(process, since=since).instance


def _plannable(candidates, published, horizon_start, built: Built) -> set[int]:
    """Meetings the solver may place: not already under way, with their preparations plannable."""
    by_pk = {m.pk: m for m in candidates}
    out = set()
    for m in candidates:
        entry = published.get(m.pk)
        if entry is not None and entry.starts_at < horizon_start:
            continue  # already in the past of the horizon: carried over as it stands
        out.add(m.pk)
    changed = True
    while changed:
        changed = False
        for pk in sorted(out):
            m = by_pk[pk]
            for req in m.requires.all():
                before = req.before
                if before.status == MeetingStatus.HELD or (
                    before.pk in published and before.pk not in out
                ):
                    continue  # took place, or is fixed in the past: satisfied
                if before.pk not in out:
                    cancelled = before.status == MeetingStatus.CANCELLED
                    built.leave_out(
                        m,
                        "preparation_cancelled" if cancelled else "preparation_not_plannable",
                        preparation=before.title,
                    )
                    out.discard(pk)
                    changed = True
                    break
    return out


def _room_kinds(m: Meeting, kinds: set[str]) -> list[str]:
    wanted = list(ROOM_KINDS[m.kind])
    if m.kind == MeetingKind.CAUCUS:
        wanted = [f"office-{p.code}" for p in m.parties.all()] + wanted
    return [k for k in wanted if k in kinds]


def _meeting_row(m, kinds, grid: Grid, pin, room_rows, included) -> dict[str, Any]:
    room_kinds = _room_kinds(m, kinds)
    pinned = None
    if pin is not None:
        start = grid.slot_at(pin.starts_at)
        pin_room = next((r for r in room_rows if r["id"] == room_id(pin.room_id)), None)
        if start is None or pin_room is None:
            raise ExportError(
                f"meetings.{meeting_id(m.pk)}.pinned: {m.title!r} is pinned outside the open "
                "rooms and days of the venue"
            )
        pinned = {"start": start, "room": pin_room["id"]}
        if pin_room["kind"] not in room_kinds:
            room_kinds.append(pin_room["kind"])  # the host's pin overrides the usual kinds
    after = [
        {"meeting": meeting_id(r.before_id), "gap": _slots(r.gap_minutes)}
        for r in m.requires.all()
        if r.before_id in included
    ]
    return {
        "id": meeting_id(m.pk),
        "title": m.title,
        "level": m.level,
        "parties": sorted(p.code for p in m.parties.all()),
        "participants": [member_id(p.pk) for p in sorted(m.participants.all(), key=lambda p: p.pk)],
        "size": m.size,
        "room_kinds": room_kinds,
        "duration": _slots(m.duration_minutes),
        "priority": m.priority,
        "interpretation": sorted({normalise_pair(p) for p in m.languages}),
        "after": after,
        "window": None,
        "pinned": pinned,
    }


def _participants(people: set[int], grid: Grid) -> list[dict[str, Any]]:
    spans = defaultdict(list)
    for u in MemberUnavailability.objects.filter(member_id__in=people):
        spans[u.member_id] += grid.cover(u.starts_at, u.ends_at)
    members = Member.objects.filter(pk__in=people).select_related("delegation__party")
    return [
        {
            "id": member_id(m.pk),
            "party": m.delegation.party.code,
            "level": m.level,
            "unavailable": [list(s) for s in _merged_slots(spans[m.pk])],
        }
        for m in members.order_by("pk")
    ]


def _merged_slots(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _parties(process: Process) -> list[dict[str, Any]]:
    apart = defaultdict(set)
    for s in Separation.objects.filter(process=process).select_related("party_a", "party_b"):
        apart[s.party_a.code].add(s.party_b.code)
        apart[s.party_b.code].add(s.party_a.code)
    return [
        {"id": p.code, "name": p.name, "apart_from": sorted(apart[p.code])}
        for p in process.parties.order_by("code")
    ]


def _previous(published, included, grid: Grid, open_room_ids) -> dict[str, dict[str, Any]]:
    out = {}
    for pk, entry in sorted(published.items()):
        start = grid.slot_at(entry.starts_at)
        if pk in included and start is not None and entry.room_id in open_room_ids:
            out[meeting_id(pk)] = {"start": start, "room": room_id(entry.room_id)}
    return out


@dataclass(frozen=True)
class Placed:
    """A placement in the process's terms."""

    meeting_pk: int
    room_pk: int
    starts_at: dt.datetime
    ends_at: dt.datetime


def placements(instance: dict, placed: dict[str, Placement], tz: dt.tzinfo) -> list[Placed]:
    """The real meetings of a checked solution as rooms and UTC times; closures are left out."""
    grid = Grid.of(instance, tz)
    duration = {m["id"]: m["duration"] for m in instance["meetings"]}
    out = []
    for mid, p in placed.items():
        if mid.startswith(CLOSURE_PREFIX):
            continue
        starts_at = grid.time_of(p.start)
        out.append(Placed(pk_of(mid), pk_of(p.room), starts_at, starts_at + duration[mid] * SLOT))
    return sorted(out, key=lambda p: (p.starts_at, p.room_pk))
