"""The venue of the `talks` process, with two bookable rooms, and times on its first day."""

import datetime as dt
from dataclasses import dataclass

import pytest

from parley.talks.models import Member
from parley.venues.models import Room

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
