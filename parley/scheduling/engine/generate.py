"""Seeded generators of schedule instances, for the tests and the benchmark.

The same arguments always give the same instance. `summit`, `ministerial`, `unga` and
`disrupt` are ported from the generator of the project's shared benchmark set (its
`generate.py`, standard library only): with the same seed they write the same instances as
bench/instances/ holds. `small_meetings` is the project's own: many small meetings, few rooms,
long days, the shape of public meeting-scheduling datasets, where a plain priority greedy is
hard to beat and the options (meeting x start x room) run to hundreds of thousands.

    python -m parley.scheduling.engine.generate summit --seed 1 > summit-1.json
    python -m parley.scheduling.engine.generate small-meetings --meetings 800 --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from typing import Any

from .format import INSTANCE_FORMAT

LEVEL_PRIORITY = {"expert": 1, "senior": 3, "minister": 5, "leader": 10}
TRACKS = [
    "territorial",
    "historical",
    "national",
    "linguistic",
    "political",
    "humanitarian",
    "security",
]
UN_LANGS = ["en", "fr", "es", "ru", "zh", "ar"]

Instance = dict[str, Any]


def _days(n: int, slots: int, first: str = "2026-09-21", start: str = "09:00") -> list[dict]:
    y, m, d = map(int, first.split("-"))
    return [
        {"date": f"{y:04d}-{m:02d}-{d + i:02d}", "start": start, "slots": slots} for i in range(n)
    ]


def _pair(a: str, b: str) -> str:
    return "-".join(sorted((a, b)))


def _finished(inst: Instance) -> Instance:
    inst = {"format": INSTANCE_FORMAT, **inst}
    inst.setdefault("previous", None)
    return inst


def summit(seed: int) -> Instance:
    """Two parties, talks at four levels, long chains of preparation: ~55 meetings."""
    rng = random.Random(seed)
    day_slots = 18
    n_days = 2
    inst: Instance = {
        "name": f"summit-{seed}",
        "slot_minutes": 30,
        "days": _days(n_days, day_slots),
    }
    parties = [
        {"id": "NOR", "name": "Northland", "apart_from": ["SOU"]},
        {"id": "SOU", "name": "Southland", "apart_from": ["NOR"]},
    ]
    rooms = [{"id": "hall", "kind": "leaders", "capacity": 40, "zone": "C", "turnover": 2}]
    rooms += [
        {"id": f"bilateral-{i}", "kind": "bilateral", "capacity": 20, "zone": "C", "turnover": 1}
        for i in range(1, 4)
    ]
    rooms += [
        {"id": f"working-{i}", "kind": "working", "capacity": 12, "zone": "C", "turnover": 0}
        for i in range(1, 3)
    ]
    rooms += [
        {"id": "office-NOR", "kind": "office-NOR", "capacity": 15, "zone": "N", "turnover": 0},
        {"id": "office-SOU", "kind": "office-SOU", "capacity": 15, "zone": "S", "turnover": 0},
        {"id": "press-room", "kind": "working", "capacity": 12, "zone": "S", "turnover": 0},
    ]
    people: list[dict] = []
    meetings: list[dict] = []

    def person(pid: str, party: str, level: str, unavailable=()) -> None:
        people.append(
            {
                "id": pid,
                "party": party,
                "level": level,
                "unavailable": [list(u) for u in unavailable],
            }
        )

    lunch = [(d * day_slots + 8, d * day_slots + 10) for d in range(n_days)]
    for p in parties:
        pid = p["id"]
        for t in TRACKS:
            person(f"{pid}-{t}-experts", pid, "expert", rng.sample(lunch, 1))
        person(f"{pid}-senior", pid, "senior", lunch[:1])
        person(f"{pid}-minister", pid, "minister", [(0, day_slots)])  # arrives on day 2
        person(f"{pid}-leader", pid, "leader", [(0, day_slots + 8)])  # for the last afternoon
    ru_uk = _pair("ru", "uk")

    def meeting(
        mid,
        title,
        level,
        parties_,
        participants,
        kinds,
        duration,
        after=(),
        interp=(ru_uk,),
        size=None,
    ) -> None:
        meetings.append(
            {
                "id": mid,
                "title": title,
                "level": level,
                "parties": list(parties_),
                "participants": list(participants),
                "size": size or 4 * len(participants),
                "room_kinds": list(kinds),
                "duration": duration,
                "priority": LEVEL_PRIORITY[level],
                "interpretation": list(interp),
                "after": [{"meeting": a, "gap": g} for a, g in after],
                "window": None,
                "pinned": None,
            }
        )

    both = ["NOR", "SOU"]
    seniors = []
    for t in TRACKS:
        prev = None
        rounds = rng.randint(2, 3)
        for r in range(1, rounds + 1):
            mid = f"{t}-expert-{r}"
            meeting(
                mid,
                f"{t.title()} working group, round {r}",
                "expert",
                both,
                [f"NOR-{t}-experts", f"SOU-{t}-experts"],
                ["working", "bilateral"],
                rng.randint(2, 4),
                after=[(prev, 1)] if prev else (),
            )
            for p in both:
                meeting(
                    f"{t}-caucus-{p}-{r}",
                    f"{p} caucus on {t}, round {r}",
                    "expert",
                    [p],
                    [f"{p}-{t}-experts"],
                    [f"office-{p}"],
                    1,
                    after=[(mid, 0)],
                    interp=(),
                    size=6,
                )
            prev = mid
        sid = f"{t}-senior"
        meeting(
            sid,
            f"Senior officials on {t}",
            "senior",
            both,
            ["NOR-senior", "SOU-senior"],
            ["bilateral"],
            2,
            after=[(prev, 2)],
        )
        seniors.append(sid)
    meeting(
        "ministers",
        "Foreign ministers",
        "minister",
        both,
        ["NOR-minister", "SOU-minister"],
        ["bilateral", "leaders"],
        3,
        after=[(s, 1) for s in seniors],
        size=16,
    )
    meeting(
        "leaders",
        "Leaders' meeting",
        "leader",
        both,
        ["NOR-leader", "SOU-leader"],
        ["leaders"],
        4,
        after=[("ministers", 2)],
        size=30,
    )
    meeting(
        "leaders-press",
        "Joint press appearance",
        "leader",
        both,
        ["NOR-leader", "SOU-leader"],
        ["leaders"],
        1,
        after=[("leaders", 1)],
        size=40,
    )
    inst.update(
        rooms=rooms,
        parties=parties,
        participants=people,
        interpreters=[
            {"pair": ru_uk, "count": 2},
            {"pair": _pair("en", "ru"), "count": 1},
            {"pair": _pair("en", "uk"), "count": 1},
        ],
        meetings=meetings,
    )
    return _finished(inst)


def _multilateral(
    seed: int,
    name: str,
    *,
    n_parties: int,
    n_requests: int,
    n_days: int,
    day_slots: int,
    rooms_spec: list[tuple[str, int, int, str, int]],
    n_apart: int,
    chains: int,
) -> Instance:
    rng = random.Random(seed)
    inst: Instance = {
        "name": f"{name}-{seed}",
        "slot_minutes": 30,
        "days": _days(n_days, day_slots),
    }
    total = n_days * day_slots
    rooms = [
        {"id": f"{kind}-{zone}{i + 1}", "kind": kind, "capacity": cap, "zone": zone, "turnover": t}
        for kind, count, cap, zone, t in rooms_spec
        for i in range(count)
    ]
    parties: list[dict] = []
    people: list[dict] = []
    lang: dict[str, str] = {}
    principals: dict[str, list[str]] = {}
    for i in range(n_parties):
        pid = f"P{i + 1:03d}"
        parties.append({"id": pid, "name": f"Delegation {i + 1}", "apart_from": []})
        lang[pid] = rng.choices(UN_LANGS, weights=[45, 15, 15, 8, 5, 12])[0]
        principals[pid] = []
        for level, share in (("leader", 0.7), ("minister", 1.0), ("senior", 0.5)):
            if rng.random() < share:
                unavailable = []
                if level == "leader":  # the leader's own statement in the general debate
                    s = rng.randrange(total - 2)
                    unavailable.append([s, s + 2])
                if rng.random() < 0.3:  # arrives late or leaves early
                    cut = rng.randrange(day_slots, total - day_slots)
                    unavailable.append([0, cut] if rng.random() < 0.5 else [cut, total])
                people.append(
                    {
                        "id": f"{pid}-{level}",
                        "party": pid,
                        "level": level,
                        "unavailable": unavailable,
                    }
                )
                principals[pid].append(level)
    for _ in range(n_apart):
        a, b = rng.sample(parties, 2)
        a["apart_from"].append(b["id"])
        b["apart_from"].append(a["id"])
    weights = [rng.paretovariate(1.2) for _ in parties]  # a few delegations are asked for by many
    meetings: list[dict] = []
    seen: set[tuple[str, str, str]] = set()
    kinds_by_level = {
        "leader": ["suite", "room"],
        "minister": ["room", "booth"],
        "senior": ["booth", "room"],
    }
    for _ in range(200 * n_requests):
        if len(meetings) == n_requests:
            break
        a, b = rng.choices(parties, weights=weights, k=2)
        if a is b:
            continue
        common = [
            lv
            for lv in ("leader", "minister", "senior")
            if lv in principals[a["id"]] and lv in principals[b["id"]]
        ]
        if not common:
            continue
        level = rng.choice(common)
        key = (min(a["id"], b["id"]), max(a["id"], b["id"]), level)
        if key in seen:
            continue
        seen.add(key)
        la, lb = lang[a["id"]], lang[b["id"]]
        interp = [] if la == lb else [_pair(la, lb)]
        window = None
        if rng.random() < 0.15:
            d = rng.randrange(n_days)
            window = [d * day_slots, (d + 1) * day_slots]
        meetings.append(
            {
                "id": f"m{len(meetings) + 1:05d}",
                "title": f"{a['name']} / {b['name']} ({level})",
                "level": level,
                "parties": [a["id"], b["id"]],
                "participants": [f"{a['id']}-{level}", f"{b['id']}-{level}"],
                "size": rng.randint(4, 8) if level != "leader" else rng.randint(6, 20),
                "room_kinds": kinds_by_level[level],
                "duration": 2 if rng.random() < 0.2 else 1,
                "priority": LEVEL_PRIORITY[level] + rng.randint(0, 4),
                "interpretation": interp,
                "after": [],
                "window": window,
                "pinned": None,
            }
        )
    else:
        raise ValueError(f"only {len(meetings)} distinct requests fit {n_parties} parties")
    by_key = {(tuple(sorted(m["parties"])), m["level"]): m for m in meetings}
    made = 0
    for (ps, level), m in by_key.items():  # officials prepare what their ministers then conclude
        if made >= chains or level != "minister":
            continue
        prep = by_key.get((ps, "senior"))
        if prep:
            m["after"].append({"meeting": prep["id"], "gap": 2})
            made += 1
    counts: dict[str, int] = {}
    for m in meetings:
        for p in m["interpretation"]:
            counts[p] = counts.get(p, 0) + m["duration"]
    interpreters = [
        {"pair": p, "count": max(1, round(c / total * 1.3))} for p, c in sorted(counts.items())
    ]
    inst.update(
        rooms=rooms,
        parties=parties,
        participants=people,
        interpreters=interpreters,
        meetings=meetings,
    )
    return _finished(inst)


def ministerial(seed: int) -> Instance:
    """Two dozen delegations, 300 bilaterals over three days."""
    rooms = [
        ("suite", 1, 30, "A", 1),
        ("room", 4, 16, "A", 1),
        ("room", 3, 16, "B", 1),
        ("booth", 4, 8, "B", 0),
    ]
    return _multilateral(
        seed,
        "ministerial",
        n_parties=24,
        n_requests=300,
        n_days=3,
        day_slots=18,
        rooms_spec=rooms,
        n_apart=2,
        chains=30,
    )


def unga(seed: int) -> Instance:
    """~190 delegations, 2,000 bilateral requests over five days."""
    rooms = [
        ("suite", 2, 30, "A", 1),
        ("room", 6, 16, "A", 1),
        ("room", 6, 16, "B", 1),
        ("booth", 8, 8, "C", 0),
        ("booth", 8, 8, "D", 0),
    ]
    return _multilateral(
        seed,
        "unga",
        n_parties=190,
        n_requests=2000,
        n_days=5,
        day_slots=16,
        rooms_spec=rooms,
        n_apart=8,
        chains=120,
    )


def disrupt(instance: Instance, solution: dict[str, Any], *, seed: int) -> Instance:
    """The published `solution` becomes `previous`; then a room closes for a day and a few
    participants become unavailable."""
    rng = random.Random(seed)
    inst = json.loads(json.dumps(instance))
    inst["name"] += f"-disrupted-{seed}"
    inst["previous"] = {
        a["meeting"]: {"start": a["start"], "room": a["room"]} for a in solution["assignments"]
    }
    day_slots = inst["days"][0]["slots"]
    closed = rng.choice(inst["rooms"])
    day = rng.randrange(len(inst["days"]))
    # A room closes for a day: a blocking meeting pinned there.
    inst["participants"].append(
        {"id": "closure", "party": "HOST", "level": "host", "unavailable": []}
    )
    inst["meetings"].append(
        {
            "id": "room-closure",
            "title": f"{closed['id']} closed",
            "level": "host",
            "parties": [],
            "participants": ["closure"],
            "size": 0,
            "room_kinds": [closed["kind"]],
            "duration": day_slots,
            "priority": 0,
            "interpretation": [],
            "after": [],
            "window": None,
            "pinned": {"start": day * day_slots, "room": closed["id"]},
        }
    )
    for p in rng.sample(inst["participants"][:-1], max(1, len(inst["participants"]) // 40)):
        s = rng.randrange(sum(d["slots"] for d in inst["days"]) - 4)
        p["unavailable"].append([s, s + rng.randint(2, 6)])
    return inst


# Capacities of the few rooms of `small_meetings`, all distinct: every room is a class of its
# own, so the options grow with every room.
SMALL_MEETING_ROOMS = [6, 10, 4, 16, 8, 30]


def small_meetings(seed: int, *, meetings: int = 200) -> Instance:
    """Many small meetings among a pool of people, few rooms, long days of 15-minute slots.

    Days run 08:00-20:00 (48 slots), one day per 200 meetings; three rooms, plus one per 200
    meetings (at most six). A meeting brings together 2-5 of the people, lasts 30 minutes to
    two hours, and is worth 1-10. Some people are away for part of the week, some meetings keep
    to a window or follow another, and one meeting per 250 is too large for any room.
    """
    rng = random.Random(seed)
    n_days = max(1, (meetings + 199) // 200)
    day_slots = 48
    horizon = n_days * day_slots
    n_rooms = min(len(SMALL_MEETING_ROOMS), 3 + meetings // 200)
    rooms = [
        {"id": f"room-{i + 1}", "kind": "room", "capacity": cap, "zone": "Z", "turnover": i % 2}
        for i, cap in enumerate(SMALL_MEETING_ROOMS[:n_rooms])
    ]
    largest = max(r["capacity"] for r in rooms)
    n_teams = max(2, meetings // 40)
    parties = [
        {"id": f"T{t + 1:02d}", "name": f"Team {t + 1}", "apart_from": []} for t in range(n_teams)
    ]
    n_people = max(6, meetings // 2)
    people = []
    for i in range(n_people):
        unavailable = []
        if rng.random() < 0.3:
            lo = rng.randrange(horizon - 8)
            unavailable.append([lo, min(horizon, lo + rng.randint(4, 24))])
        people.append(
            {
                "id": f"person-{i + 1:04d}",
                "party": f"T{rng.randrange(n_teams) + 1:02d}",
                "level": "expert",
                "unavailable": unavailable,
            }
        )
    # A few people are in much demand: the participants' bottleneck of such datasets.
    weights = [rng.paretovariate(1.5) for _ in people]
    too_large = {rng.randrange(meetings) for _ in range(max(1, meetings // 250))}
    rows = []
    for k in range(meetings):
        chosen: list[dict] = []
        for person in rng.choices(people, weights=weights, k=rng.randint(2, 5)):
            if person not in chosen:
                chosen.append(person)
        if len(chosen) < 2:
            chosen.append(next(p for p in people if p not in chosen))
        size = len(chosen) + rng.randint(0, 4)
        window = None
        if rng.random() < 0.1:
            day = rng.randrange(n_days)
            lo = day * day_slots + rng.randrange(0, day_slots // 2)
            window = [lo, min((day + 1) * day_slots, lo + rng.randint(12, day_slots // 2 + 12))]
        after = []
        if k > 0 and rng.random() < 0.05:
            after = [{"meeting": f"meeting-{rng.randrange(k) + 1:04d}", "gap": rng.randint(0, 2)}]
        rows.append(
            {
                "id": f"meeting-{k + 1:04d}",
                "title": f"Meeting {k + 1}",
                "level": "expert",
                "parties": sorted({p["party"] for p in chosen}),
                "participants": [p["id"] for p in chosen],
                "size": largest + 1 + rng.randint(0, 20) if k in too_large else size,
                "room_kinds": ["room"],
                "duration": rng.choices([2, 3, 4, 6, 8], weights=[40, 20, 20, 10, 10])[0],
                "priority": rng.randint(1, 10),
                "interpretation": [],
                "after": after,
                "window": window,
                "pinned": None,
            }
        )
    inst: Instance = {
        "name": f"small-meetings-{meetings}-{seed}",
        "slot_minutes": 15,
        "days": _days(n_days, day_slots, start="08:00"),
        "rooms": rooms,
        "parties": parties,
        "participants": people,
        "interpreters": [],
        "meetings": rows,
    }
    return _finished(inst)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("scenario", choices=["summit", "ministerial", "unga", "small-meetings"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--meetings", type=int, default=200, help="for small-meetings")
    args = parser.parse_args(argv)
    if args.scenario == "small-meetings":
        inst = small_meetings(args.seed, meetings=args.meetings)
    else:
        inst = {"summit": summit, "ministerial": ministerial, "unga": unga}[args.scenario](
            args.seed
        )
    json.dump(inst, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
