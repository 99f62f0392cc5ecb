"""A second, deliberately simple checker of schedules: the tests' independent oracle.

Written straight from the eight hard rules and the objective of docs/schedule-format.md, by
brute force (every pair of meetings, every slot), and sharing no code with the product's own
checker (parley/scheduling/engine/checker.py): each can catch a mistake in the other. Clarity
over speed: it is quadratic in the meetings, fine for the tests' instances (a few hundred
meetings). It imports nothing from parley.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Verdict:
    """Every rule the solution breaks ("rule N: ..."), its score and its moves."""

    breaks: list[str] = field(default_factory=list)
    score: int = 0
    total: int = 0
    moves: int = 0
    scheduled: int = 0

    @property
    def valid(self) -> bool:
        return not self.breaks


def check(instance: dict[str, Any], solution: dict[str, Any]) -> Verdict:
    """Check `solution` against `instance`; never raises for a bad solution, lists the breaks."""
    breaks: list[str] = []
    meetings = {m["id"]: m for m in instance["meetings"]}
    rooms = {r["id"]: r for r in instance["rooms"]}
    people = {p["id"]: p for p in instance["participants"]}
    day_of: list[int] = []
    for number, day in enumerate(instance["days"]):
        day_of += [number] * day["slots"]

    placed: dict[str, tuple[int, str]] = {}
    for a in solution.get("assignments", []):
        mid, start, room = a.get("meeting"), a.get("start"), a.get("room")
        if mid not in meetings:
            breaks.append(f"rule 1: unknown meeting {mid!r}")
        elif mid in placed:
            breaks.append(f"rule 1: {mid} is scheduled more than once")
        elif room not in rooms:
            breaks.append(f"rule 1: {mid} is in unknown room {room!r}")
        elif type(start) is not int:
            breaks.append(f"rule 2: {mid} starts at {start!r}, not a slot")
        else:
            placed[mid] = (start, room)

    def slots(mid: str) -> list[int]:
        start = placed[mid][0]
        return list(range(start, start + meetings[mid]["duration"]))

    # Rules 1, 2 and 8: each meeting alone.
    for mid, (_start, room) in placed.items():
        m, r = meetings[mid], rooms[room]
        if r["kind"] not in m["room_kinds"]:
            breaks.append(f"rule 1: {mid} needs a room of kind {m['room_kinds']}, {room} is not")
        if r["capacity"] < m["size"]:
            breaks.append(f"rule 1: {mid} needs {m['size']} seats, {room} has {r['capacity']}")
        held = slots(mid)
        if held[0] < 0 or held[-1] >= len(day_of):
            breaks.append(f"rule 2: {mid} runs outside the days")
            continue
        if len({day_of[t] for t in held}) != 1:
            breaks.append(f"rule 2: {mid} runs over a night")
        window = m.get("window")
        if window is not None and not all(window[0] <= t < window[1] for t in held):
            breaks.append(f"rule 2: {mid} runs outside its window {window}")
        for person in m["participants"]:
            for lo, hi in people[person]["unavailable"]:
                if any(lo <= t < hi for t in held):
                    breaks.append(f"rule 2: {person} is unavailable during {mid}")
    for m in instance["meetings"]:
        pin = m.get("pinned")
        if pin is not None and placed.get(m["id"]) != (pin["start"], pin["room"]):
            breaks.append(f"rule 8: {m['id']} is not where it is pinned")

    inside = [mid for mid in placed if 0 <= placed[mid][0] <= len(day_of) - len(slots(mid))]
    # Rules 3, 4 and 7: every pair of meetings.
    apart = {(p["id"], q) for p in instance["parties"] for q in p.get("apart_from", [])}
    for i, first in enumerate(inside):
        for second in inside[i + 1 :]:
            a, b = slots(first), slots(second)
            same_day = day_of[a[0]] == day_of[b[0]]
            room_a, room_b = placed[first][1], placed[second][1]
            if room_a == room_b and same_day:
                turnover = rooms[room_a]["turnover"]
                if not (b[0] >= a[-1] + 1 + turnover or a[0] >= b[-1] + 1 + turnover):
                    breaks.append(f"rule 3: {first} and {second} share {room_a} too closely")
            shared = set(meetings[first]["participants"]) & set(meetings[second]["participants"])
            if shared and set(a) & set(b):
                breaks.append(f"rule 4: {sorted(shared)} in {first} and {second} at once")
            touching = b[0] <= a[-1] + 1 and a[0] <= b[-1] + 1
            if same_day and touching and rooms[room_a]["zone"] == rooms[room_b]["zone"]:
                pa, pb = set(meetings[first]["parties"]), set(meetings[second]["parties"])
                for p, q in apart:
                    one_way = p in pa and q not in pa and q in pb and p not in pb
                    other_way = p in pb and q not in pb and q in pa and p not in pa
                    if one_way or other_way:
                        breaks.append(f"rule 7: {first} and {second} meet in a corridor")
                        break

    # Rule 5: every slot.
    counts = {i["pair"]: i["count"] for i in instance.get("interpreters", [])}
    for t in range(len(day_of)):
        for pair in counts.keys() | {p for m in meetings.values() for p in m["interpretation"]}:
            running = [
                mid for mid in inside if t in slots(mid) and pair in meetings[mid]["interpretation"]
            ]
            if len(running) > counts.get(pair, 0):
                breaks.append(f"rule 5: {len(running)} meetings need {pair} at slot {t}")

    # Rule 6: every preparation.
    for mid in inside:
        for dep in meetings[mid].get("after", []):
            before = dep["meeting"]
            if before not in inside:
                breaks.append(f"rule 6: {mid} is scheduled without {before}")
                continue
            later_day = day_of[placed[mid][0]] > day_of[placed[before][0]]
            ready = slots(before)[-1] + 1 + dep["gap"]
            if placed[mid][0] < ready and not later_day:
                breaks.append(f"rule 6: {mid} starts before {before} ends plus {dep['gap']}")

    previous = instance.get("previous") or {}
    return Verdict(
        breaks=breaks,
        score=sum(meetings[mid]["priority"] for mid in placed),
        total=sum(m["priority"] for m in meetings.values()),
        moves=sum(1 for mid, p in previous.items() if placed.get(mid) != (p["start"], p["room"])),
        scheduled=len(placed),
    )


def assert_valid(instance: dict[str, Any], solution: dict[str, Any]) -> Verdict:
    """The verdict of a solution that must keep every rule (the test fails with the breaks)."""
    verdict = check(instance, solution)
    assert verdict.breaks == []
    return verdict
