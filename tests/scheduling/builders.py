"""Small instances in the exchange format, written out in a test's own words."""

from typing import Any


def meeting(mid: str, participants: list[str], **fields: Any) -> dict[str, Any]:
    return {
        "id": mid,
        "title": mid,
        "level": "expert",
        "parties": fields.pop("parties", []),
        "participants": participants,
        "size": fields.pop("size", 2),
        "room_kinds": fields.pop("room_kinds", ["room"]),
        "duration": fields.pop("duration", 1),
        "priority": fields.pop("priority", 1),
        "interpretation": fields.pop("interpretation", []),
        "after": fields.pop("after", []),
        "window": fields.pop("window", None),
        "pinned": fields.pop("pinned", None),
        **fields,
    }


def room(rid: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": rid,
        "kind": fields.pop("kind", "room"),
        "capacity": fields.pop("capacity", 10),
        "zone": fields.pop("zone", "A"),
        "turnover": fields.pop("turnover", 0),
    }


def instance(
    *,
    rooms: list[dict[str, Any]],
    meetings: list[dict[str, Any]],
    day_slots: list[int] = (1,),
    parties: list[dict[str, Any]] = (),
    interpreters: list[dict[str, Any]] = (),
    unavailable: dict[str, list[list[int]]] | None = None,
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    people = sorted({p for m in meetings for p in m["participants"]})
    unavailable = unavailable or {}
    return {
        "format": "parley.schedule-instance/1",
        "name": "test",
        "slot_minutes": 30,
        "days": [
            {"date": f"2026-09-{21 + i}", "start": "09:00", "slots": n}
            for i, n in enumerate(day_slots)
        ],
        "rooms": rooms,
        "parties": list(parties),
        "participants": [
            {"id": p, "party": "", "level": "expert", "unavailable": unavailable.get(p, [])}
            for p in people
        ],
        "interpreters": list(interpreters),
        "meetings": meetings,
        "previous": previous,
    }
