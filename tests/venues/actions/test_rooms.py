"""Rooms of the venue and their opening hours: added by the host's planners, audited with the
room, refused like a missing process for anyone else."""

import pytest
from django.db import IntegrityError

from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent
from parley.venues import actions, queries
from parley.venues.audit_actions import ROOM_ADD, ROOM_OPEN
from parley.venues.models import Room, RoomAvailability, RoomKind

from ...conftest import jam_the_audit_chain
from ...factories import PartyFactory, RoomFactory
from ..conftest import at


def _add(talks, who: str = "coordinator", **fields) -> Room:
    return actions.room_add(
        actor=talks.actor(who),
        process=talks.process,
        name=fields.pop("name", "Bilateral Room A"),
        kind=fields.pop("kind", RoomKind.BILATERAL),
        capacity=fields.pop("capacity", 14),
        zone=fields.pop("zone", "central"),
        **fields,
    )


@pytest.mark.parametrize("who", ["coordinator", "protocol"])
def test_room_add_at_the_venue_of_the_process(talks, who):
    room = _add(talks, who, turnover_minutes=15)
    assert (room.venue, room.turnover_minutes) == (talks.process.venue, 15)
    assert list(AuditEvent.objects.values_list("action", "process_id")) == [
        (ROOM_ADD, talks.process.pk)
    ]


def test_an_office_belongs_to_a_party_of_the_process(talks):
    office = _add(talks, name="North office", kind=RoomKind.OFFICE, assigned_party=talks.north)
    assert office.assigned_party == talks.north
    with pytest.raises(Conflict):
        _add(talks, name="East office", kind=RoomKind.OFFICE, assigned_party=PartyFactory())


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "Leaders' Hall"},  # the talks fixture's hall
        {"kind": "ballroom"},
        {"capacity": 0},
        {"zone": " "},
    ],
)
def test_a_room_that_cannot_be_is_a_conflict_and_writes_nothing(talks, fields):
    before = Room.objects.count()
    with pytest.raises(Conflict):
        _add(talks, **fields)
    assert (Room.objects.count(), AuditEvent.objects.count()) == (before, 0)


@pytest.mark.parametrize("who", ["services", "north_head", "south_staff"])
def test_room_add_by_anyone_else_is_refused_and_writes_nothing(talks, who):
    before = Room.objects.count()
    with pytest.raises(NotFound) as refused:
        _add(talks, who)
    assert refused.value.denial.action == ROOM_ADD
    assert (Room.objects.count(), AuditEvent.objects.count()) == (before, 0)


def test_room_open_makes_the_room_bookable_then(talks):
    room = _add(talks)
    actions.room_open(
        actor=talks.actor("protocol"),
        process=talks.process,
        room=room,
        starts_at=at(8),
        ends_at=at(20),
    )
    assert queries.room_open(room=room, starts_at=at(9), ends_at=at(10))
    assert not queries.room_open(room=room, starts_at=at(19), ends_at=at(21))
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [ROOM_ADD, ROOM_OPEN]


def test_room_open_for_a_room_elsewhere_or_by_a_party_is_refused(talks):
    elsewhere = RoomFactory()
    with pytest.raises(NotFound):
        actions.room_open(
            actor=talks.actor("coordinator"),
            process=talks.process,
            room=elsewhere,
            starts_at=at(8),
            ends_at=at(20),
        )
    hall = Room.objects.get(venue=talks.process.venue, name="Leaders' Hall")
    with pytest.raises(NotFound):
        actions.room_open(
            actor=talks.actor("north_head"),
            process=talks.process,
            room=hall,
            starts_at=at(8),
            ends_at=at(20),
        )
    assert (RoomAvailability.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_rooms_and_their_audit_events_stand_or_fall_together(talks):
    hall = Room.objects.get(venue=talks.process.venue, name="Leaders' Hall")
    jam_the_audit_chain()
    with pytest.raises(IntegrityError):
        _add(talks)
    with pytest.raises(IntegrityError):
        actions.room_open(
            actor=talks.actor("coordinator"),
            process=talks.process,
            room=hall,
            starts_at=at(8),
            ends_at=at(20),
        )
    assert (Room.objects.count(), RoomAvailability.objects.count()) == (1, 0)
