"""Read a solution against its instance: check every hard rule, explain what is missing.

Pure: imports nothing from Django. `find_breaks` lists every broken rule (`Break`: the rule's
number and a message that starts with the path of the offending field, `assignments[3].room:
...`); `check_solution` raises the first as `SolutionError`, so the console can print one line
and the page can show it. `explain_unplaced` says, for each meeting left out, why. The tests
hold a second, deliberately simple checker (tests/scheduling/oracle.py) to catch this one out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .format import (
    APART_RULE,
    INTERPRETER_RULE,
    PARTICIPANT_RULE,
    PIN_RULE,
    PREPARATION_RULE,
    ROOM_RULE,
    SOLUTION_FORMAT,
    TIME_RULE,
    TURNOVER_RULE,
)


class SolutionError(ValueError):
    """The solution is malformed, for another instance, or breaks a hard rule."""


@dataclass(frozen=True)
class Placement:
    meeting: str
    start: int
    room: str


@dataclass(frozen=True)
class Break:
    """One broken rule: its number (docs/schedule-format.md) and where and how it breaks."""

    rule: int
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Checked:
    """A well-formed solution read against its instance: what it places and what it breaks."""

    placed: dict[str, Placement]
    breaks: list[Break] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.breaks


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _day_of(instance: dict) -> list[int]:
    day_of: list[int] = []
    for d, day in enumerate(instance["days"]):
        day_of += [d] * day["slots"]
    return day_of


def _assignments(instance: dict, solution: Any) -> list[Any]:
    """The solution's assignments, once its shape is right and it is for this instance."""
    if not isinstance(solution, dict):
        raise SolutionError("solution: expected a JSON object")
    fmt = solution.get("format")
    if fmt is not None and fmt != SOLUTION_FORMAT:
        raise SolutionError(f"format: expected {SOLUTION_FORMAT!r}, got {fmt!r}")
    name = solution.get("instance")
    if name is not None and name != instance.get("name"):
        raise SolutionError(
            f"instance: the solution is for {name!r}, the process is now {instance.get('name')!r}"
        )
    raw = solution.get("assignments")
    if not isinstance(raw, list):
        raise SolutionError("assignments: expected a list")
    for i, a in enumerate(raw):
        if not isinstance(a, dict):
            raise SolutionError(f"assignments[{i}]: expected an object")
    return raw


def _read(instance: dict, solution: Any) -> tuple[dict[str, Placement], dict[str, str], list]:
    """Placements by meeting id, the path of each, and the breaks of assignments that name an
    unknown meeting or room, a meeting twice, or a start outside the horizon."""
    meetings = {m["id"] for m in instance["meetings"]}
    rooms = {r["id"] for r in instance["rooms"]}
    horizon = sum(day["slots"] for day in instance["days"])
    placed: dict[str, Placement] = {}
    path: dict[str, str] = {}
    breaks: list[Break] = []
    for i, a in enumerate(_assignments(instance, solution)):
        at = f"assignments[{i}]"
        mid, start, room = a.get("meeting"), a.get("start"), a.get("room")
        if mid not in meetings:
            breaks.append(Break(ROOM_RULE, f"{at}.meeting: unknown meeting {mid!r}"))
        elif mid in placed:
            breaks.append(Break(ROOM_RULE, f"{at}.meeting: {mid} is scheduled twice"))
        elif room not in rooms:
            breaks.append(Break(ROOM_RULE, f"{at}.room: unknown room {room!r}"))
        elif not _is_int(start) or not 0 <= start < horizon:
            breaks.append(
                Break(TIME_RULE, f"{at}.start: {start!r} is outside the horizon 0..{horizon}")
            )
        else:
            placed[mid] = Placement(mid, start, room)
            path[mid] = at
    return placed, path, breaks


def read_assignments(instance: dict, solution: Any) -> dict[str, Placement]:
    """The placements of a well-formed solution for this instance, by meeting id."""
    placed, _path, breaks = _read(instance, solution)
    if breaks:
        raise SolutionError(str(breaks[0]))
    return placed


def find_breaks(instance: dict, solution: Any) -> Checked:
    """Every hard rule the solution breaks, rule by rule; `SolutionError` if it is malformed.

    The instance must be well-formed (`parse_instance` accepts it).
    """
    placed, path, breaks = _read(instance, solution)
    rooms = {r["id"]: r for r in instance["rooms"]}
    meetings = {m["id"]: m for m in instance["meetings"]}
    people = {p["id"]: p for p in instance["participants"]}
    day_of = _day_of(instance)
    horizon = len(day_of)
    timed: dict[str, Placement] = {}  # within one day: the rules between meetings apply
    for mid, p in placed.items():
        m, room, at = meetings[mid], rooms[p.room], path[mid]
        end = p.start + m["duration"]
        if room["kind"] not in m["room_kinds"] or room["capacity"] < m["size"]:
            breaks.append(
                Break(ROOM_RULE, f"{at}.room: {p.room} does not suit {mid} (kind or capacity)")
            )
        pin = m.get("pinned")
        if pin and (pin["start"] != p.start or pin["room"] != p.room):
            breaks.append(
                Break(PIN_RULE, f"{at}: {mid} is pinned at {pin['start']} in {pin['room']}")
            )
        if end > horizon or day_of[p.start] != day_of[end - 1]:
            breaks.append(Break(TIME_RULE, f"{at}.start: {mid} would run past the end of its day"))
            continue
        timed[mid] = p
        window = m.get("window")
        if window and not (window[0] <= p.start and end <= window[1]):
            breaks.append(Break(TIME_RULE, f"{at}.start: {mid} falls outside its window {window}"))
        for pid in m["participants"]:
            for lo, hi in people[pid]["unavailable"]:
                if p.start < hi and lo < end:
                    breaks.append(
                        Break(TIME_RULE, f"{at}.start: {pid} is unavailable in [{lo}, {hi})")
                    )
    for m in meetings.values():
        if m.get("pinned") and m["id"] not in placed:
            breaks.append(Break(PIN_RULE, f"assignments: pinned meeting {m['id']} is missing"))
    breaks += _room_breaks(instance, timed, meetings, day_of, path)
    breaks += _slot_breaks(instance, timed, meetings)
    breaks += _preparation_breaks(placed, timed, meetings, day_of, path)
    breaks += _apart_breaks(instance, timed, meetings, rooms, day_of)
    return Checked(placed=placed, breaks=breaks)


def check_solution(instance: dict, solution: Any) -> dict[str, Placement]:
    """Every hard rule, in order; the first break raises `SolutionError`."""
    checked = find_breaks(instance, solution)
    if checked.breaks:
        raise SolutionError(str(checked.breaks[0]))
    return checked.placed


def _room_breaks(instance, timed, meetings, day_of, path) -> list[Break]:
    by_room: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for mid, p in timed.items():
        by_room[p.room].append((p.start, p.start + meetings[mid]["duration"], mid))
    turnover = {r["id"]: r["turnover"] for r in instance["rooms"]}
    breaks = []
    for rid, items in by_room.items():
        items.sort()
        # Against the meeting that holds the room longest so far that day, not only the last.
        holder: tuple[int, int, str] | None = None
        for item in items:
            s1, e1, m1 = item
            if holder is not None and day_of[holder[1] - 1] == day_of[s1]:
                _s0, e0, m0 = holder
                if s1 < e0 + turnover[rid]:
                    breaks.append(
                        Break(TURNOVER_RULE, f"{path[m1]}.start: {m1} and {m0} clash in room {rid}")
                    )
                if e1 > e0:
                    holder = item
            else:
                holder = item
    return breaks


def _slot_breaks(instance, timed, meetings) -> list[Break]:
    running: dict[int, list[str]] = defaultdict(list)
    for mid, p in timed.items():
        for t in range(p.start, p.start + meetings[mid]["duration"]):
            running[t].append(mid)
    counts = {i["pair"]: i["count"] for i in instance.get("interpreters", [])}
    breaks = []
    together: set[tuple[str, str, str]] = set()  # (person, meeting, meeting) told once
    for t, mids in sorted(running.items()):
        seen: dict[str, str] = {}
        need: dict[str, int] = defaultdict(int)
        for mid in mids:
            for pid in meetings[mid]["participants"]:
                if pid in seen and (pid, seen[pid], mid) not in together:
                    together.add((pid, seen[pid], mid))
                    text = f"assignments: {pid} is in {seen[pid]} and {mid} at {t}"
                    breaks.append(Break(PARTICIPANT_RULE, text))
                seen[pid] = mid
            for pair in meetings[mid]["interpretation"]:
                need[pair] += 1
        for pair, n in need.items():
            if n > counts.get(pair, 0):
                text = f"assignments: {n} meetings need {pair} interpreters at {t}"
                breaks.append(Break(INTERPRETER_RULE, text))
    return breaks


def _preparation_breaks(placed, timed, meetings, day_of, path) -> list[Break]:
    breaks = []
    for mid, p in placed.items():
        for dep in meetings[mid].get("after", []):
            before = timed.get(dep["meeting"])
            if dep["meeting"] not in placed:
                breaks.append(
                    Break(PREPARATION_RULE, f"{path[mid]}: {mid} needs {dep['meeting']} first")
                )
                continue
            if before is None or mid not in timed:
                continue  # already broken in time, rule 2
            ready = before.start + meetings[dep["meeting"]]["duration"] + dep["gap"]
            later_day = day_of[p.start] > day_of[before.start]
            if p.start < ready and not later_day:
                breaks.append(
                    Break(
                        PREPARATION_RULE,
                        f"{path[mid]}.start: {mid} starts before {dep['meeting']} ends",
                    )
                )
    return breaks


def _apart_breaks(instance, timed, meetings, rooms, day_of) -> list[Break]:
    apart = {(p["id"], q) for p in instance["parties"] for q in p.get("apart_from", [])}
    apart |= {(q, p) for p, q in apart}
    if not apart:
        return []
    by_zone: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for mid, p in timed.items():
        by_zone[rooms[p.room]["zone"]].append((p.start, p.start + meetings[mid]["duration"], mid))
    breaks = []
    for zone, items in by_zone.items():
        items.sort()
        for i, (s0, e0, m0) in enumerate(items):
            p0 = set(meetings[m0]["parties"])
            for s1, _e1, m1 in items[i + 1 :]:
                if s1 > e0 or day_of[s1] != day_of[s0]:
                    break  # sorted by start: every later meeting starts later still
                p1 = set(meetings[m1]["parties"])
                if any(a in p0 and b not in p0 and b in p1 and a not in p1 for a, b in apart):
                    breaks.append(
                        Break(APART_RULE, f"assignments: {m0} and {m1} meet in zone {zone}")
                    )
    return breaks


def score_of(instance: dict, placed: dict[str, Placement]) -> tuple[int, int]:
    """(score, total): priorities of the scheduled meetings, and of all of them."""
    priority = {m["id"]: m["priority"] for m in instance["meetings"]}
    return sum(priority[m] for m in placed), sum(priority.values())


def moves_of(instance: dict, placed: dict[str, Placement]) -> int:
    """Meetings of the published programme (`previous`) left out or placed elsewhere."""
    return sum(
        1
        for mid, p in (instance.get("previous") or {}).items()
        if mid not in placed or (placed[mid].start, placed[mid].room) != (p["start"], p["room"])
    )


def explain_unplaced(instance: dict, placed: dict[str, Placement]) -> list[dict[str, Any]]:
    """For each meeting of the instance that is not placed: `{meeting, title, code, params}`.

    The code says why (parley.scheduling.reasons words it in the reader's language).
    """
    day_of = _day_of(instance)
    rooms = instance["rooms"]
    people = {p["id"]: p for p in instance["participants"]}
    counts = {i["pair"]: i["count"] for i in instance.get("interpreters", [])}
    titles = {x["id"]: x.get("title", x["id"]) for x in instance["meetings"]}
    out = []
    for m in instance["meetings"]:
        if m["id"] in placed or (m.get("priority", 0) == 0 and not m["parties"]):
            continue
        code, params = _why_unplaced(m, placed, rooms, people, counts, day_of, titles)
        out.append({"meeting": m["id"], "title": titles[m["id"]], "code": code, "params": params})
    return out


def _why_unplaced(m, placed, rooms, people, counts, day_of, titles) -> tuple[str, dict[str, Any]]:
    suitable = [r for r in rooms if r["kind"] in m["room_kinds"]]
    if not suitable:
        return "no_room_kind", {}
    if not any(r["capacity"] >= m["size"] for r in suitable):
        return "no_room_big_enough", {
            "size": m["size"],
            "largest": max(r["capacity"] for r in suitable),
        }
    if missing := [pair for pair in m["interpretation"] if counts.get(pair, 0) == 0]:
        return "no_interpreters", {"pairs": ", ".join(missing)}
    if not _free_start(m, people, day_of):
        return "never_all_available", {}
    if missing := [d["meeting"] for d in m.get("after", []) if d["meeting"] not in placed]:
        return "preparation_not_scheduled", {"preparations": "; ".join(titles[x] for x in missing)}
    return "crowded_out", {}


def _free_start(meeting: dict, people: dict, day_of: list[int]) -> bool:
    """Is there a start, within one day (and its window), where every participant is free?"""
    blocked = set()
    for pid in meeting["participants"]:
        for lo, hi in people[pid]["unavailable"]:
            blocked.update(range(lo, hi))
    lo, hi = meeting.get("window") or (0, len(day_of))
    duration = meeting["duration"]
    for s in range(lo, hi - duration + 1):
        if day_of[s] == day_of[s + duration - 1] and not blocked.intersection(
            range(s, s + duration)
        ):
            return True
    return False
