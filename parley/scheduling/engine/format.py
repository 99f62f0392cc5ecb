"""The exchange format's constants, once: its names, its eight hard rules, its documents.

docs/schedule-format.md is the format for the project's users; everything in Parley that reads
or writes an instance or a solution takes its names from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

VERSION = 1
INSTANCE_FORMAT = f"parley.schedule-instance/{VERSION}"
SOLUTION_FORMAT = f"parley.schedule-solution/{VERSION}"

# The hard rules, numbered as in docs/schedule-format.md: a break names its rule.
ROOM_RULE = 1  # at most once, in a room of a suitable kind and capacity
TIME_RULE = 2  # inside one day, its window, and its participants' availability
TURNOVER_RULE = 3  # meetings of a room and day leave the room's turnover between them
PARTICIPANT_RULE = 4  # nobody in two meetings at once
INTERPRETER_RULE = 5  # per slot, at most `count` meetings need a language pair
PREPARATION_RULE = 6  # a meeting runs only after its preparations, with their gaps
APART_RULE = 7  # parties kept apart never share a zone in touching slots of a day
PIN_RULE = 8  # a pinned meeting is exactly at its pin

RULES = {
    ROOM_RULE: "room kind and capacity",
    TIME_RULE: "day, window and availability",
    TURNOVER_RULE: "room turnover",
    PARTICIPANT_RULE: "one meeting at a time per participant",
    INTERPRETER_RULE: "interpreters per language pair",
    PREPARATION_RULE: "preparation before escalation",
    APART_RULE: "parties kept apart",
    PIN_RULE: "pins",
}


def solution_document(
    *,
    instance: str,
    assignments: Iterable[tuple[str, int, str]],
    bound: int | None = None,
    seconds: float | None = None,
) -> dict[str, Any]:
    """A solution in the format: `assignments` are (meeting id, start slot, room id)."""
    return {
        "format": SOLUTION_FORMAT,
        "instance": instance,
        "assignments": [
            {"meeting": meeting, "start": start, "room": room}
            for meeting, start, room in assignments
        ],
        "bound": bound,
        "seconds": None if seconds is None else round(seconds, 3),
    }
