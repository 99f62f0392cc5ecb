"""The demo scenario "Talks at a neutral venue": two fictional parties, a host, a venue, an agenda.

Everything after the accounts is built through the apps' actions, by the person whose job it
is: the coordinator opens the process and grants the host's roles and the heads of delegation,
each head grants its own party's roles and enters its delegation, a head puts the agenda
together, the coordinator fits out the venue and requests the meetings, Northland tables the
first draft; then the readiness story (readiness.py). So the audit chain tells the demo's
story, and `parley audit verify` holds after it.

Loading is idempotent: every step looks for what it would make first, so a second load changes
nothing but the demo passwords, which it resets so that the printed sign-ins always work.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from parley.core.actors import Actor
from parley.core.queries import DEMO_GROUP
from parley.hostservices import actions as hostservices_actions
from parley.hostservices import queries as hostservices_queries
from parley.hostservices.models import ServiceKind, Step
from parley.scheduling import actions as scheduling_actions
from parley.scheduling import queries as scheduling_queries
from parley.talks import actions as talks_actions
from parley.talks import queries as talks_queries
from parley.talks.models import (
    AgendaItem,
    Category,
    Level,
    Meeting,
    MeetingKind,
    Party,
    Process,
    RoleKind,
    Track,
    Venue,
)
from parley.texts import actions as texts_actions
from parley.texts import queries as texts_queries
from parley.venues import actions as venues_actions
from parley.venues import queries as venues_queries
from parley.venues.models import Room, RoomKind

from .readiness import load_readiness

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
ROOMS = [
    # name, kind, capacity, zone, turnover minutes
    ("Leaders' Hall", RoomKind.HALL, 60, "central", 30),
    ("Bilateral Room A", RoomKind.BILATERAL, 14, "central", 15),
    ("Bilateral Room B", RoomKind.BILATERAL, 14, "east", 15),
    ("Working Room 1", RoomKind.WORKING, 24, "central", 15),
    ("Working Room 2", RoomKind.WORKING, 24, "east", 15),
    ("Working Room 3", RoomKind.WORKING, 24, "west", 15),
    ("Press Centre", RoomKind.PRESS, 80, "press", 30),
]
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


def load_demo() -> list[DemoSignIn]:
    """Loads (or finds) the whole scenario; returns a sign-in for every demo account."""
    sign_ins = _accounts()
    process = _process()
    _roles(process)
    _venue_fit_out(process)
    _delegations(process)
    _agenda(process)
    _meetings(process)
    _planning_inputs(process)
    _first_draft(process)
    _services_and_badges(process)
    load_readiness(process)
    return sign_ins


def _actor(username: str) -> Actor:
    """The person as they stand now: their grants change as the scenario unfolds."""
    return Actor.for_user(User.objects.get(username=username))


# Accounts: there is no action for creating a person yet, so they are made here directly.


def _account(username: str, full_name: str, group: Group) -> User:
    user, _created = User.objects.get_or_create(username=username)
    first, _, last = full_name.partition(" ")
    user.first_name, user.last_name = first, last
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.add(group)
    return user


def _accounts() -> list[DemoSignIn]:
    group = Group.objects.get_or_create(name=DEMO_GROUP)[0]
    sign_ins = []
    for username, full_name, kind in HOST_ACCOUNTS:
        _account(username, full_name, group)
        sign_ins.append(DemoSignIn(username, kind.label, ""))
    for code, name, *_rest in PARTIES:
        for prefix, kind in PARTY_ACCOUNTS:
            _account(f"{code}-{prefix}", f"{name} {kind.label}", group)
            sign_ins.append(DemoSignIn(f"{code}-{prefix}", kind.label, name))
    # The coordinator is entrusted with setting up talks (see talks.rules.can_open_processes).
    coordinator = User.objects.get(username="coordinator")
    coordinator.user_permissions.add(
        Permission.objects.get(content_type__app_label="talks", codename="add_process")
    )
    return sign_ins


# The coordinator sets up the process; roles follow who may grant them.


def _process() -> Process:
    existing = talks_queries.process_titled(title=DEMO_PROCESS_TITLE)
    if existing is not None:
        return existing
    coordinator = _actor("coordinator")
    venue = talks_queries.venue_named(name="Lakeside Conference Centre") or _venue(coordinator)
    process = talks_actions.process_open(actor=coordinator, title=DEMO_PROCESS_TITLE, venue=venue)
    return process


def _venue(coordinator: Actor) -> Venue:
    return talks_actions.venue_add(
        actor=coordinator,
        name="Lakeside Conference Centre",
        city="Neutral City",
        time_zone="Europe/Vienna",
    )


def _party(code: str, name: str, colour: str) -> Party:
    party = talks_queries.party_with_code(code=code)
    if party is None:
        party = talks_actions.party_register(
            actor=_actor("coordinator"), code=code, name=name, colour=colour
        )
    return party


def _grant(granter: str, process: Process, username: str, kind: RoleKind, party=None) -> None:
    user = User.objects.get(username=username)
    if talks_queries.role_of(process=process, user=user) is None:
        talks_actions.role_grant(
            actor=_actor(granter), process=process, user=user, kind=kind, party=party
        )


def _roles(process: Process) -> None:
    for username, _name, kind in HOST_ACCOUNTS[1:]:  # the coordinator opened the process
        _grant("coordinator", process, username, kind)
    for code, name, colour, *_rest in PARTIES:
        party = _party(code, name, colour)
        if not talks_queries.is_party_of(process=process, party=party):
            talks_actions.party_join(actor=_actor("coordinator"), process=process, party=party)
        head = f"{code}-head"
        _grant("coordinator", process, head, RoleKind.HEAD_OF_DELEGATION, party)
        for prefix, kind in PARTY_ACCOUNTS[1:]:
            _grant(head, process, f"{code}-{prefix}", kind, party)


def _first_day(process: Process) -> dt.date:
    return timezone.localdate(timezone=process.venue.tzinfo) + dt.timedelta(days=1)


def _open_daily(coordinator: Actor, process: Process, room: Room) -> None:
    """Open for booking 08:00 to 20:00, for the days of the talks, if it never was."""
    if venues_queries.room_has_hours(room=room):
        return
    tz, first_day = process.venue.tzinfo, _first_day(process)
    for offset in range(DEMO_DAYS):
        day = first_day + dt.timedelta(days=offset)
        venues_actions.room_open(
            actor=coordinator,
            process=process,
            room=room,
            starts_at=dt.datetime.combine(day, dt.time(8, 0), tzinfo=tz),
            ends_at=dt.datetime.combine(day, dt.time(20, 0), tzinfo=tz),
        )


def _room(coordinator: Actor, process: Process, name: str, **fields) -> Room:
    room = venues_queries.room_named(venue=process.venue, name=name)
    if room is None:
        room = venues_actions.room_add(actor=coordinator, process=process, name=name, **fields)
    _open_daily(coordinator, process, room)
    return room


def _venue_fit_out(process: Process) -> None:
    coordinator = _actor("coordinator")
    for name, kind, capacity, zone, turnover in ROOMS:
        _room(
            coordinator,
            process,
            name,
            kind=kind,
            capacity=capacity,
            zone=zone,
            turnover_minutes=turnover,
        )
    for code, name, _colour, zone, _language in PARTIES:
        _room(
            coordinator,
            process,
            f"{name} delegation office",
            kind=RoomKind.OFFICE,
            capacity=16,
            zone=zone,
            assigned_party=talks_queries.party_with_code(code=code),
        )


# Each head enters its own delegation.


def _delegations(process: Process) -> None:
    for code, _name, _colour, _zone, language in PARTIES:
        party = talks_queries.party_with_code(code=code)
        head = _actor(f"{code}-head")
        known = set(talks_queries.members_of(process=process).values_list("name", flat=True))
        for (level, position, account), person in zip(DELEGATION_SHAPE, NAMES[code], strict=True):
            if person in known:
                continue
            talks_actions.member_add(
                actor=head,
                process=process,
                party=party,
                name=person,
                position=position,
                level=level,
                languages=["en", language],
                user=User.objects.get(username=f"{code}-{account}") if account else None,
            )


# Tracks are the host's (they appear in the programme); the agenda is the parties'.


def _tracks(process: Process) -> list[Track]:
    coordinator = _actor("coordinator")
    return [
        talks_queries.track_named(process=process, name=name)
        or talks_actions.track_add(actor=coordinator, process=process, name=name)
        for name in TRACKS
    ]


def _agenda(process: Process) -> None:
    tracks = _tracks(process)
    north_head = _actor("north-head")
    items: dict[int, AgendaItem] = {}
    for number, title, category, key, track in AGENDA:
        item = talks_queries.agenda_item_numbered(process=process, number=number)
        if item is None:
            item = talks_actions.agenda_item_add(
                actor=north_head,
                process=process,
                title=title,
                category=category,
                key=key,
                description="Substance of the parties: the host does not read this.",
                track=tracks[track],
            )
        items[number] = item
    for source, target in LINKS:
        if not talks_queries.is_linked(source=items[source], target=items[target]):
            talks_actions.agenda_link_add(
                actor=north_head, source=items[source], target=items[target]
            )


# The coordinator requests the meetings, from the expert groups up to the leaders.


def _meetings(process: Process) -> None:
    coordinator = _actor("coordinator")
    tracks = _tracks(process)
    parties = talks_queries.parties_of(process=process)
    members = talks_queries.members_of(process=process)

    def meeting(title, level, kind, track, size, minutes, after=(), who=parties, priority=1):
        existing = talks_queries.meeting_titled(process=process, title=title)
        if existing is not None:
            return existing
        return talks_actions.meeting_request(
            actor=coordinator,
            process=process,
            title=title,
            level=level,
            kind=kind,
            parties=who,
            size=size,
            duration_minutes=minutes,
            track=track,
            languages=["ru-uk"],
            priority=priority,
            after=[(before, 60) for before in after],
            participants=[m for m in members if m.level == level and m.delegation.party in who],
        )

    experts: list[Meeting] = [
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
    coordinator = _actor("coordinator")
    inputs = scheduling_queries.planning_inputs_of(process=process)
    if not inputs["pools"].filter(pair="ru-uk").exists():
        scheduling_actions.interpreter_pool_set(
            actor=coordinator, process=process, pair="ru-uk", count=2
        )
    if not inputs["separations"].exists():
        north, south = (talks_queries.party_with_code(code=code) for code in ("north", "south"))
        scheduling_actions.separation_set(
            actor=coordinator, process=process, party=north, other=south, apart=True
        )


# Northland tables the first draft on the key territorial item; the rounds after it are
# readiness.py's.


def _first_draft(process: Process) -> None:
    item = talks_queries.agenda_item_numbered(process=process, number=1)
    text = texts_queries.text_of(item=item)
    if text is None or not text.current_number:
        texts_actions.text_import(actor=_actor("north-head"), item=item, body=DEMO_DRAFT)


# Logistics: a car for Northland, badges for both heads of delegation.


def _services_and_badges(process: Process) -> None:
    north_staff = _actor("north-staff")
    if not hostservices_queries.requests_of(actor=north_staff, process=process).exists():
        first_morning = dt.datetime.combine(
            _first_day(process), dt.time(8, 0), tzinfo=process.venue.tzinfo
        )
        request = hostservices_actions.service_request_create(
            actor=north_staff,
            process=process,
            kind=ServiceKind.GROUND_TRANSPORT,
            summary="A car from the hotel to the venue for the Minister",
            due_at=first_morning,
        )
        hostservices_actions.service_request_step(
            actor=_actor("services"), request=request, step=Step.ACCEPT
        )
    protocol = _actor("protocol")
    badges = venues_queries.accreditations_of(actor=protocol, process=process)
    badged = set(badges.values_list("member_id", flat=True))
    start = dt.datetime.combine(_first_day(process), dt.time(0, 0), tzinfo=process.venue.tzinfo)
    for code, *_rest in PARTIES:
        head = User.objects.get(username=f"{code}-head")
        member = talks_queries.members_of(process=process).get(user=head)
        if member.pk not in badged:
            venues_actions.accreditation_issue(
                actor=protocol,
                process=process,
                member=member,
                valid_from=start,
                valid_until=start + dt.timedelta(days=DEMO_DAYS),
            )
