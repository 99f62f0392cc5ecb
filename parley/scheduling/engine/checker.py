"""Read a solution (FORMAT v1) against its instance: check every hard rule, explain what is missing.

Pure: imports nothing from Django. `check_solution` raises `SolutionError` whose message starts
with the path of the offending field (`assignments[3].room: ...`), so the console can print one
line and the page can show it. `explain_unplaced` says, for each meeting left out, why.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .format import SOLUTION_FORMAT


class SolutionError(ValueError):
    """The solution is malformed, for another instance, or breaks a hard rule."""


@dataclass(frozen=True)
class Placement:
    meeting: str
    start: int
    room: str


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _day_of(instance: dict) -> list[int]:
    day_of: list[int] = []
    for d, day in enumerate(instance["days"]):
        day_of += [d] * day["slots"]
    return day_of


def read_assignments(instance: dict, solution: Any) -> dict[str, Placement]:
    """The placements of a well-formed solution for this instance, by meeting id."""
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
    meetings = {m["id"] for m in instance["meetings"]}
    rooms = {r["id"] for r in instance["rooms"]}
    horizon = sum(day["slots"] for day in instance["days"])
    placed: dict[str, Placement] = {}
    for i, a in enumerate(raw):
        path = f"assignments[{i}]"
        if not isinstance(a, dict):
            raise SolutionError(f"{path}: expected an object")
        mid, start, room = a.get("meeting"), a.get("start"), a.get("room")
        if mid not in meetings:
            raise SolutionError(f"{path}.meeting: unknown meeting {mid!r}")
        if mid in placed:
            raise SolutionError(f"{path}.meeting: {mid} is scheduled twice")
        if room not in rooms:
            raise SolutionError(f"{path}.room: unknown room {room!r}")
        if not _is_int(start) or not 0 <= start < horizon:
            raise SolutionError(f"{path}.start: {start!r} is outside the horizon 0..{horizon}")
        placed[mid] = Placement(mid, start, room)
    return placed


def check_solution(instance: dict, solution: Any) -> dict[str, Placement]:
    """Every hard rule of FORMAT v1, in order; the first break raises `SolutionError`."""
    placed = read_assignments(instance, solution)
    path = {p.meeting: f"assignments[{i}]" for i, p in enumerate(placed.values())}
    rooms = {r["id"]: r for r in instance["rooms"]}
    meetings = {m["id"]: m for m in instance["meetings"]}
    people = {p["id"]: p for p in instance["participants"]}
    day_of = _day_of(instance)
    horizon = len(day_of)
    running: dict[int, list[str]] = defaultdict(list)
    for mid, p in placed.items():
        m, room, at = meetings[mid], rooms[p.room], path[mid]
        end = p.start + m["duration"]
        if end > horizon or day_of[p.start] != day_of[end - 1]:
            raise SolutionError(f"{at}.start: {mid} would run past the end of its day")
        if room["kind"] not in m["room_kinds"] or room["capacity"] < m["size"]:
            raise SolutionError(f"{at}.room: {p.room} does not suit {mid} (kind or capacity)")
        window = m.get("window")
        if window and not (window[0] <= p.start and end <= window[1]):
            raise SolutionError(f"{at}.start: {mid} falls outside its window {window}")
        pin = m.get("pinned")
        if pin and (pin["start"] != p.start or pin["room"] != p.room):
            raise SolutionError(f"{at}: {mid} is pinned at {pin['start']} in {pin['room']}")
        for pid in m["participants"]:
            for lo, hi in people[pid]["unavailable"]:
                if p.start < hi and lo < end:
                    raise SolutionError(f"{at}.start: {pid} is unavailable in [{lo}, {hi})")
        for t in range(p.start, end):
            running[t].append(mid)
    for m in meetings.values():
        if m.get("pinned") and m["id"] not in placed:
            raise SolutionError(f"assignments: pinned meeting {m['id']} is missing")
    _check_rooms(instance, placed, meetings, day_of, path)
    _check_slots(instance, running, meetings)
    _check_preparation(placed, meetings, day_of, path)
    _check_apart(instance, placed, meetings, rooms, day_of)
    return placed


def _check_rooms(instance, placed, meetings, day_of, path) -> None:
    by_room: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for mid, p in placed.items():
        by_room[p.room].append((p.start, p.start + meetings[mid]["duration"], mid))
    turnover = {r["id"]: r["turnover"] for r in instance["rooms"]}
    for rid, items in by_room.items():
        items.sort()
        for (_s0, e0, m0), (s1, _e1, m1) in itertools.pairwise(items):
            if s1 < e0 or (s1 < e0 + turnover[rid] and day_of[s1] == day_of[e0 - 1]):
                raise SolutionError(f"{path[m1]}.start: {m1} and {m0} clash in room {rid}")


def _check_slots(instance, running, meetings) -> None:
    counts = {i["pair"]: i["count"] for i in instance.get("interpreters", [])}
    for t, mids in sorted(running.items()):
        seen: dict[str, str] = {}
        need: dict[str, int] = defaultdict(int)
        for mid in mids:
            for pid in meetings[mid]["participants"]:
                if pid in seen:
                    raise SolutionError(f"assignments: {pid} is in {seen[pid]} and {mid} at {t}")
                seen[pid] = mid
            for pair in meetings[mid]["interpretation"]:
                need[pair] += 1
        for pair, n in need.items():
            if n > counts.get(pair, 0):
                raise SolutionError(f"assignments: {n} meetings need {pair} interpreters at {t}")


def _check_preparation(placed, meetings, day_of, path) -> None:
    for mid, p in placed.items():
        for dep in meetings[mid].get("after", []):
            before = placed.get(dep["meeting"])
            if before is None:
                raise SolutionError(f"{path[mid]}: {mid} needs {dep['meeting']} first")
            ready = before.start + meetings[dep["meeting"]]["duration"] + dep["gap"]
            later_day = day_of[p.start] > day_of[ready - dep["gap"] - 1]
            if p.start < ready and not later_day:
                raise SolutionError(f"{path[mid]}.start: {mid} starts before {dep['meeting']} ends")


def _check_apart(instance, placed, meetings, rooms, day_of) -> None:
    apart = {(p["id"], q) for p in instance["parties"] for q in p.get("apart_from", [])}
    apart |= {(q, p) for p, q in apart}
    if not apart:
        return
    by_zone: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for mid, p in placed.items():
        by_zone[rooms[p.room]["zone"]].append((p.start, p.start + meetings[mid]["duration"], mid))
    for zone, items in by_zone.items():
        items.sort()
        for i, (_s0, e0, m0) in enumerate(items):
            p0 = set(meetings[m0]["parties"])
            for s1, _e1, m1 in items[i + 1 :]:
                if s1 > e0 or day_of[s1] != day_of[e0 - 1]:
                    break
                p1 = set(meetings[m1]["parties"])
                if any(a in p0 and b not in p0 and b in p1 and a not in p1 for a, b in apart):
                    raise SolutionError(f"assignments: {m0} and {m1} meet in zone {zone}")


def score_of(instance: dict, placed: dict[str, Placement]) -> tuple[int, int]:
    """(score, total): priorities of the scheduled meetings, and of all of them."""
    priority = {m["id"]: m["priority"] for m in instance["meetings"]}
    return sum(priority[m] for m in placed), sum(priority.values())


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
