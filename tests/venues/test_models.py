import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..factories import RoomAvailabilityFactory, RoomFactory, VenueFactory


def test_room_with_no_capacity_is_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomFactory(capacity=0)


def test_room_with_unknown_kind_is_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomFactory(kind="ballroom")


def test_room_names_are_unique_in_a_venue(db):
    room = RoomFactory(name="Hall")
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomFactory(venue=room.venue, name="Hall")


def test_availability_that_ends_before_it_starts_is_refused(db):
    start = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomAvailabilityFactory(starts_at=start, ends_at=start)


def test_venue_time_zone_must_be_known(db):
    venue = VenueFactory(time_zone="Mars/Olympus")
    with pytest.raises(ValidationError):
        venue.full_clean()


def test_times_are_stored_in_utc_and_shown_in_the_venue_zone(db):
    availability = RoomAvailabilityFactory(
        room=RoomFactory(venue=VenueFactory(time_zone="Europe/Vienna")),
        starts_at=dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC),
    )
    availability.refresh_from_db()
    assert availability.starts_at.utcoffset() == dt.timedelta(0)
    local = availability.starts_at.astimezone(availability.room.venue.tzinfo)
    assert local.hour == 9
