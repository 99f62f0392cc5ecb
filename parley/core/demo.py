"""The demo scenario "Talks at a neutral venue": two fictional parties, a host, a venue, an agenda.

Loading is idempotent: a second load finds the process and changes nothing but the demo
passwords, which it resets so the printed sign-ins always work.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from parley.scheduling.models import InterpreterPool, Separation
from parley.talks.models import (
    AgendaItem,
    AgendaLink,
    Category,
    Delegation,
    Level,
    Meeting,
    MeetingKind,
    Member,
    Party,
    Precedence,
    Process,
    Track,
)
from parley.venues.models import Room, RoomAvailability, RoomKind, Venue

from . import audit
from .actors import Actor
from .models import Role, RoleKind

DEMO_PROCESS_TITLE = "Talks at a neutral venue"
DEMO_PASSWORD = "parley-demo-2026"  # noqa: S105 — printed by make demo on purpose
DEMO_DAYS = 5


@dataclass(frozen=True)
class DemoSignIn:
    username: str
    role: str
    party: str


HOST_ACCOUNTS = [
    ("coordinator", "Hanna Berger", RoleKind.HOST_COORDINATOR),
    ("services", "Samuel Keller", RoleKind.HOST_SERVICES),
    ("protocol", "Petra Moser", RoleKind.HOST_PROTOCOL),
]
PARTY_ACCOUNTS = [
    ("head", RoleKind.HEAD_OF_DELEGATION),
    ("negotiator", RoleKind.NEGOTIATOR),
    ("staff", RoleKind.STAFF),
]
PARTIES = [
    ("north", "Northland", "#1f4e8c", "north", "ru"),
    ("south", "Southland", "#a33b20", "south", "uk"),
]
# (level, position, account) — every delegation has all four levels.
DELEGATION_SHAPE = [
    (Level.LEADER, "President", None),
    (Level.MINISTER, "Minister for Foreign Affairs", "head"),
    (Level.SENIOR, "Deputy Foreign Minister", "negotiator"),
    (Level.EXPERT, "Legal adviser", None),
    (Level.EXPERT, "Border commission expert", None),
    (Level.EXPERT, "Delegation secretary", "staff"),
]
NAMES = {
    "north": ["Arvid Nordin", "Maja Holm", "Erik Strand", "Liv Berg", "Nils Dahl", "Ida Lund"],
    "south": [
        "Taras Melnyk",
        "Olena Koval",
        "Bohdan Savchuk",
        "Iryna Bondar",
        "Petro Lysenko",
        "Daria Hnatiuk",
    ],
}
TRACKS = [
    "Territory and borders",
    "History and language",
    "Humanitarian and security",
    "Economy and law",
]
AGENDA = [
    # number, title, category, key, track index
    (1, "Line of contact and border delimitation", Category.TERRITORIAL, True, 0),
    (2, "Historical commission and archives", Category.HISTORICAL, False, 1),
    (3, "Status of national minorities", Category.NATIONAL, False, 1),
    (4, "Use of languages in education and administration", Category.LINGUISTIC, False, 1),
    (5, "Future political arrangements", Category.POLITICAL, True, 0),
    (6, "Exchange of prisoners and missing persons", Category.HUMANITARIAN, False, 2),
    (7, "Ceasefire monitoring and withdrawal of heavy weapons", Category.SECURITY, True, 2),
    (8, "Reconstruction and trade", Category.ECONOMIC, False, 3),
    (9, "Legal guarantees and implementation", Category.LEGAL, False, 3),
]
LINKS = [(1, 2), (1, 5), (5, 3), (7, 1)]


def _demo_group() -> Group:
    return Group.objects.get_or_create(name="demo")[0]


def _account(username: str, full_name: str) -> User:
    user, _created = User.objects.get_or_create(username=username)
    first, _, last = full_name.partition(" ")
    user.first_name, user.last_name = first, last
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.add(_demo_group())
    return user


def _venue() -> Venue:
    venue, _created = Venue.objects.get_or_create(
        name="Lakeside Conference Centre",
        defaults={"city": "Neutral City", "time_zone": "Europe/Vienna"},
    )
    rooms = [
        ("Leaders' Hall", RoomKind.HALL, 60, "central", 30, None),
        ("Bilateral Room A", RoomKind.BILATERAL, 14, "central", 15, None),
        ("Bilateral Room B", RoomKind.BILATERAL, 14, "east", 15, None),
        ("Working Room 1", RoomKind.WORKING, 24, "central", 15, None),
        ("Working Room 2", RoomKind.WORKING, 24, "east", 15, None),
        ("Working Room 3", RoomKind.WORKING, 24, "west", 15, None),
        ("Press Centre", RoomKind.PRESS, 80, "press", 30, None),
    ]
    first_day = timezone.localdate(timezone=venue.tzinfo) + dt.timedelta(days=1)
    for name, kind, capacity, zone, turnover, _party in rooms:
        room, created = Room.objects.get_or_create(
            venue=venue,
            name=name,
            defaults={
                "kind": kind,
                "capacity": capacity,
                "zone": zone,
                "turnover_minutes": turnover,
            },
        )
        if created:
            _open_daily(room, first_day)
    return venue


def _open_daily(room: Room, first_day: dt.date) -> None:
    tz = room.venue.tzinfo
    for offset in range(DEMO_DAYS):
        day = first_day + dt.timedelta(days=offset)
        RoomAvailability.objects.create(
            room=room,
            starts_at=dt.datetime.combine(day, dt.time(8, 0), tzinfo=tz),
            ends_at=dt.datetime.combine(day, dt.time(20, 0), tzinfo=tz),
        )


def load_demo() -> list[DemoSignIn]:
    from .demo_readiness import load_readiness

    sign_ins, process = _load_scenario()
    _draft_text(process)
    load_readiness(process)
    return sign_ins


@transaction.atomic
def _load_scenario() -> tuple[list[DemoSignIn], Process]:
    venue = _venue()
    process = Process.objects.filter(title=DEMO_PROCESS_TITLE).first()
    created = process is None
    if created:
        process = Process.objects.create(title=DEMO_PROCESS_TITLE, venue=venue)
    sign_ins: list[DemoSignIn] = []
    for username, full_name, kind in HOST_ACCOUNTS:
        user = _account(username, full_name)
        Role.objects.get_or_create(user=user, process=process, defaults={"kind": kind})
        sign_ins.append(DemoSignIn(username, kind.label, ""))
    first_day = timezone.localdate(timezone=venue.tzinfo) + dt.timedelta(days=1)
    for code, name, colour, zone, language in PARTIES:
        party, _ = Party.objects.get_or_create(code=code, defaults={"name": name, "colour": colour})
        process.parties.add(party)
        office, office_created = Room.objects.get_or_create(
            venue=venue,
            name=f"{name} delegation office",
            defaults={
                "kind": RoomKind.OFFICE,
                "capacity": 16,
                "zone": zone,
                "turnover_minutes": 0,
                "assigned_party": party,
            },
        )
        if office_created:
            _open_daily(office, first_day)
        delegation, _ = Delegation.objects.get_or_create(process=process, party=party)
        users = {}
        for prefix, kind in PARTY_ACCOUNTS:
            username = f"{code}-{prefix}"
            users[prefix] = _account(username, f"{name} {kind.label}")
            Role.objects.get_or_create(
                user=users[prefix], process=process, defaults={"kind": kind, "party": party}
            )
            sign_ins.append(DemoSignIn(username, kind.label, name))
        if created:
            for (level, position, account), person in zip(
                DELEGATION_SHAPE, NAMES[code], strict=True
            ):
                Member.objects.create(
                    delegation=delegation,
                    name=person,
                    position=position,
                    level=level,
                    languages=["en", language],
                    user=users.get(account),
                )
    if created:
        _agenda_and_meetings(process)
        _planning_inputs(process)
        audit.record(actor=None, action="demo.load", target=process, process_id=process.pk)
    return sign_ins, process


DEMO_DRAFT = """# Article 1 — Line of contact

1. The Parties [shall][should] [withdraw their forces to][respect] the line of contact as it \
stood on [1 January 2027][the date of signature of this Agreement].

2. [A joint border commission [composed of experts of both Parties] shall delimit the border \
within [six][twelve] months.]

2bis. {Placeholder for the mandate of the joint border commission}

# Article 2 — Monitoring

3. The Parties shall exchange maps of minefields within thirty days. [Agreed ad ref]

4. **Option 1:** Compliance shall be monitored by [an international mission][a joint commission].

**Option 2:** No text
"""


def _draft_text(process: Process) -> None:
    """Northland tables the first draft on the key territorial item, through the texts action."""
    from parley.texts.actions import text_import
    from parley.texts.models import NegotiatingText

    item = AgendaItem.objects.get(process=process, category=Category.TERRITORIAL)
    if NegotiatingText.objects.filter(item=item).exists():
        return
    head = User.objects.get(username="north-head")
    text_import(actor=Actor.for_user(head), item=item, body=DEMO_DRAFT)


def _agenda_and_meetings(process: Process) -> None:
    tracks = [Track.objects.create(process=process, name=name) for name in TRACKS]
    items = {}
    for number, title, category, key, track in AGENDA:
        items[number] = AgendaItem.objects.create(
            process=process,
            number=number,
            title=title,
            category=category,
            key=key,
            track=tracks[track],
            description="Substance of the parties: the host does not read this.",
        )
    for source, target in LINKS:
        AgendaLink.objects.create(source=items[source], target=items[target])
    parties = list(process.parties.all())

    def meeting(title, level, kind, track, size, minutes, after=(), who=parties, priority=1):
        m = Meeting.objects.create(
            process=process,
            title=title,
            level=level,
            kind=kind,
            track=track,
            size=size,
            duration_minutes=minutes,
            languages=["ru-uk"],
            priority=priority,
        )
        m.parties.set(who)
        m.participants.set(
            Member.objects.filter(
                delegation__process=process, level=level, delegation__party__in=who
            )
        )
        for before in after:
            Precedence.objects.create(before=before, after=m, gap_minutes=60)
        return m

    experts = [
        meeting(
            f"Expert working group: {t.name}", Level.EXPERT, MeetingKind.WORKING_GROUP, t, 12, 120
        )
        for t in tracks
    ]
    senior = meeting(
        "Senior officials: review of the expert groups",
        Level.SENIOR,
        MeetingKind.BILATERAL,
        tracks[0],
        8,
        90,
        after=experts,
        priority=2,
    )
    ministers = meeting(
        "Foreign ministers' meeting",
        Level.MINISTER,
        MeetingKind.BILATERAL,
        tracks[0],
        10,
        90,
        after=[senior],
        priority=3,
    )
    meeting(
        "Leaders' meeting",
        Level.LEADER,
        MeetingKind.PLENARY,
        None,
        20,
        120,
        after=[ministers],
        priority=5,
    )
    for party in parties:
        meeting(f"{party.name} caucus", Level.SENIOR, MeetingKind.CAUCUS, None, 6, 60, who=[party])


def _planning_inputs(process: Process) -> None:
    """What the scheduler needs besides the requests: interpreters, and the parties kept apart."""
    InterpreterPool.objects.create(process=process, pair="ru-uk", count=2)
    north, south = sorted(process.parties.all(), key=lambda p: p.pk)
    Separation.objects.create(process=process, party_a=north, party_b=south)
