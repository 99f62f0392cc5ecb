"""A small plannable process: the `talks` fixture plus open rooms, meetings and planning inputs.

Two days from tomorrow (in the venue's zone), 09:00-13:00; four rooms; a working group that
prepares a bilateral that prepares the leaders' meeting, and a caucus of each party.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from parley.scheduling import actions
from parley.scheduling.models import ProgrammeVersion, SolveRun
from parley.talks.actions import override_set
from parley.talks.models import Meeting
from parley.venues.models import Room

from ..conftest import Talks
from ..factories import (
    InterpreterPoolFactory,
    MeetingFactory,
    MemberFactory,
    PrecedenceFactory,
    RoomAvailabilityFactory,
    RoomFactory,
    SeparationFactory,
)
from .oracle import Verdict, assert_valid


@dataclass
class Plan:
    talks: Talks
    days: list[dt.date]
    rooms: dict[str, Room]
    meetings: dict[str, Meeting]

    @property
    def process(self):
        return self.talks.process

    def at(self, day: int, hour: int, minute: int = 0) -> dt.datetime:
        """A moment on the plan's day `day`, in the venue's zone."""
        tz = self.process.venue.tzinfo
        return dt.datetime.combine(self.days[day], dt.time(hour, minute), tzinfo=tz)


def open_room(room: Room, days: list[dt.date], start: int = 9, end: int = 13) -> Room:
    tz = room.venue.tzinfo
    for day in days:
        RoomAvailabilityFactory(
            room=room,
            starts_at=dt.datetime.combine(day, dt.time(start), tzinfo=tz),
            ends_at=dt.datetime.combine(day, dt.time(end), tzinfo=tz),
        )
    return room


def meeting(*, parties, participants=(), **fields) -> Meeting:
    created = MeetingFactory(**fields)
    created.parties.set(parties)
    created.participants.set(participants)
    return created


@pytest.fixture
def plan(talks) -> Plan:
    process = talks.process
    venue = process.venue
    tomorrow = timezone.localdate(timezone=venue.tzinfo) + dt.timedelta(days=1)
    days = [tomorrow, tomorrow + dt.timedelta(days=1)]
    rooms = {
        "hall": open_room(Room.objects.get(venue=venue, name="Leaders' Hall"), days),
        "bilateral": open_room(
            RoomFactory(venue=venue, name="Bilateral Room A", kind="bilateral", capacity=12), days
        ),
        "working": open_room(
            RoomFactory(
                venue=venue, name="Working Room 1", kind="working", capacity=20, zone="east"
            ),
            days,
        ),
        "office": open_room(
            RoomFactory(
                venue=venue,
                name="Northland office",
                kind="office",
                capacity=10,
                zone="north",
                turnover_minutes=0,
                assigned_party=talks.north,
            ),
            days,
        ),
    }
    north = process.delegations.get(party=talks.north)
    south = process.delegations.get(party=talks.south)
    experts = [
        MemberFactory(delegation=north, name="North expert", level="expert"),
        MemberFactory(delegation=south, name="South expert", level="expert"),
    ]
    leaders = [
        MemberFactory(delegation=north, name="North leader", level="leader"),
        MemberFactory(delegation=south, name="South leader", level="leader"),
    ]
    both = [talks.north, talks.south]
    group = meeting(
        process=process,
        title="Border working group",
        kind="working_group",
        size=10,
        duration_minutes=90,
        languages=["uk-ru"],
        parties=both,
        participants=experts,
    )
    bilateral = meeting(
        process=process,
        title="Senior bilateral",
        level="senior",
        size=8,
        duration_minutes=60,
        languages=["ru-uk"],
        priority=3,
        parties=both,
        participants=list(north.members.filter(name__endswith="1"))
        + list(south.members.filter(name__endswith="1")),
    )
    summit = meeting(
        process=process,
        title="Leaders' meeting",
        level="leader",
        kind="plenary",
        size=30,
        duration_minutes=120,
        languages=["ru-uk"],
        priority=5,
        parties=both,
        participants=leaders,
    )
    caucus_n = meeting(
        process=process,
        title="Northland caucus",
        level="senior",
        kind="caucus",
        size=6,
        duration_minutes=60,
        parties=[talks.north],
    )
    caucus_s = meeting(
        process=process,
        title="Southland caucus",
        level="senior",
        kind="caucus",
        size=6,
        duration_minutes=60,
        parties=[talks.south],
    )
    # Scheduling is tested apart from readiness: both parties let their talks go ahead.
    for level in ("senior", "leader"):
        for head in ("north_head", "south_head"):
            override_set(actor=talks.actor(head), process=process, level=level, overriding=True)
    PrecedenceFactory(before=group, after=bilateral, gap_minutes=30)
    PrecedenceFactory(before=bilateral, after=summit, gap_minutes=60)
    InterpreterPoolFactory(process=process, pair="ru-uk", count=1)
    SeparationFactory(process=process, party_a=talks.north, party_b=talks.south)
    meetings = {
        "group": group,
        "bilateral": bilateral,
        "summit": summit,
        "caucus_n": caucus_n,
        "caucus_s": caucus_s,
    }
    return Plan(talks=talks, days=days, rooms=rooms, meetings=meetings)


def validate(instance: dict, solution: dict) -> Verdict:
    """The tests' own oracle's verdict; the test fails when the solution breaks a rule."""
    return assert_valid(instance, solution)


def solve(plan: Plan, capture, actor_name: str = "coordinator", **kwargs) -> SolveRun:
    """Start a solve, run the queued task (ImmediateBackend) as the action commits, validate."""
    with capture(execute=True):
        run = actions.solve_start(
            actor=plan.talks.actor(actor_name), process=plan.process, time_limit=1, **kwargs
        )
    run.refresh_from_db()
    if run.solution is not None:  # every solver outcome passes the tests' own oracle
        validate(run.instance, run.solution)
    return run


@pytest.fixture
def published(plan, django_capture_on_commit_callbacks) -> ProgrammeVersion:
    """Version 1 of the plan's programme, every meeting placed."""
    run = solve(plan, django_capture_on_commit_callbacks)
    return actions.programme_publish(actor=plan.talks.actor("coordinator"), run=run)
