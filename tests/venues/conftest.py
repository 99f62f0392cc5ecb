"""The venue of the `talks` process, with two bookable rooms, times on its first day, and the
three writes most tests start from: a booking, a badge, a read at the door."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from parley.talks.models import Member
from parley.venues import actions
from parley.venues.models import Accreditation, Booking, CheckIn, Room

from ..factories import RoomAvailabilityFactory, RoomFactory

DAY = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def at(hour: int, minute: int = 0, day: int = 0) -> dt.datetime:
    """An instant on the venue's first day (UTC), or `day` days later."""
    return DAY + dt.timedelta(days=day, hours=hour, minutes=minute)


@dataclass
class Venue:
    hall: Room
    bilateral: Room
    north_member: Member
    south_member: Member


@pytest.fixture
def venue(talks) -> Venue:
    hall = talks.process.venue.rooms.get(name="Leaders' Hall")
    hall.turnover_minutes = 30
    hall.save(update_fields=["turnover_minutes"])
    bilateral = RoomFactory(venue=talks.process.venue, name="Bilateral 1", turnover_minutes=15)
    for room in (hall, bilateral):
        RoomAvailabilityFactory(room=room, starts_at=at(0), ends_at=at(0, day=10))
    members = Member.objects.filter(delegation__process=talks.process)
    return Venue(
        hall=hall,
        bilateral=bilateral,
        north_member=members.get(delegation__party=talks.north),
        south_member=members.get(delegation__party=talks.south),
    )


def book(
    talks, room: Room, *, who="coordinator", start=None, end=None, title="Leaders' plenary"
) -> Booking:
    """Books `room` from `start` to `end` (09:00 to 10:00 UTC on the first day by default)."""
    return actions.booking_create(
        actor=talks.actor(who),
        process=talks.process,
        room=room,
        starts_at=start or at(9),
        ends_at=end or at(10),
        title=title,
    )


def issue(talks, member: Member, *, valid_from=None, valid_until=None) -> Accreditation:
    """Protocol accredits `member`, from an hour ago for two days unless told otherwise."""
    now = timezone.now()
    return actions.accreditation_issue(
        actor=talks.actor("protocol"),
        process=talks.process,
        member=member,
        valid_from=valid_from or now - dt.timedelta(hours=1),
        valid_until=valid_until or now + dt.timedelta(days=2),
    )


def check(talks, code: str) -> CheckIn:
    """Protocol reads `code` at the north gate."""
    return actions.badge_check_in(
        actor=talks.actor("protocol"), process=talks.process, code=code, gate="North gate"
    )
