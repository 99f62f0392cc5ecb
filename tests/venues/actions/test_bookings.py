"""Bookings: held with their turnover, never overlapping, moved and cancelled by planners."""

import pytest

from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent, Decision
from parley.venues import actions
from parley.venues.models import Booking, BookingStatus

from ...factories import (
    BookingFactory,
    ProcessFactory,
    RoomAvailabilityFactory,
    RoomFactory,
)
from ..conftest import at, book


def _events() -> list[tuple[str, str]]:
    return list(AuditEvent.objects.values_list("action", "decision"))


def test_booking_holds_the_room_for_its_turnover(talks, venue):
    booking = book(talks, venue.hall)
    assert (booking.starts_at, booking.ends_at, booking.blocked_until) == (
        at(9),
        at(10),
        at(10, 30),
    )


@pytest.mark.parametrize("who", ["coordinator", "protocol"])
def test_booking_create_writes_exactly_its_audit_event(talks, venue, who):
    before = AuditEvent.objects.count()
    booking = book(talks, venue.hall, who=who)
    event = AuditEvent.objects.get(sequence=before + 1)
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_type, event.object_id, event.actor) == (
        "booking.create",
        "venues.booking",
        str(booking.pk),
        talks.users[who].username,
    )


def test_overlapping_booking_is_a_conflict_naming_the_booking_in_the_way(talks, venue):
    first = book(talks, venue.hall, title="Leaders' plenary")
    with pytest.raises(Conflict) as refused:
        book(talks, venue.hall, start=at(9, 30), end=at(11), title="Working group")
    assert "Leaders' plenary" in refused.value.message
    assert refused.value.detail["booking"] == first.pk
    assert Booking.objects.count() == 1
    assert _events() == [("booking.create", Decision.ALLOWED)]


def test_booking_inside_the_turnover_is_a_conflict(talks, venue):
    book(talks, venue.hall)
    with pytest.raises(Conflict):
        book(talks, venue.hall, start=at(10, 15), end=at(11))


def test_booking_right_after_the_turnover_is_accepted(talks, venue):
    book(talks, venue.hall)
    later = book(talks, venue.hall, start=at(10, 30), end=at(11))
    assert later.status == BookingStatus.CONFIRMED


def test_booking_that_ends_before_it_starts_is_a_conflict(talks, venue):
    with pytest.raises(Conflict):
        book(talks, venue.hall, start=at(10), end=at(9))


def test_booking_outside_the_room_availability_is_a_conflict(talks, venue):
    with pytest.raises(Conflict):
        book(talks, venue.hall, start=at(9, day=20), end=at(10, day=20))


def test_booking_a_room_of_another_venue_is_a_conflict(talks, venue):
    elsewhere = RoomFactory()
    RoomAvailabilityFactory(room=elsewhere, starts_at=at(0), ends_at=at(23))
    with pytest.raises(Conflict):
        book(talks, elsewhere)


@pytest.mark.parametrize("who", ["services", "north_head", "south_staff"])
def test_only_planners_book_and_a_refusal_is_audited(talks, venue, who):
    with pytest.raises(NotFound) as refused:
        book(talks, venue.hall, who=who)
    assert refused.value.denial.action == "booking.create"
    assert Booking.objects.count() == 0


def test_other_process_booking_in_the_way_is_not_named(talks, venue):
    other = ProcessFactory(venue=talks.process.venue)
    other_booking = BookingFactory(
        process=other, room=venue.hall, title="Secret summit", blocked_until=at(10, 30)
    )
    with pytest.raises(Conflict) as refused:
        book(talks, venue.hall)
    assert "Secret summit" not in refused.value.message
    assert "booking" not in refused.value.detail
    assert other_booking.pk not in refused.value.detail.values()


def test_move_changes_time_and_turnover_and_audits_it(talks, venue):
    booking = book(talks, venue.hall)
    before = AuditEvent.objects.count()
    moved = actions.booking_move(
        actor=talks.actor("protocol"),
        booking=booking,
        starts_at=at(14),
        ends_at=at(15),
        room=venue.bilateral,
    )
    moved.refresh_from_db()
    assert (moved.room, moved.starts_at, moved.blocked_until) == (
        venue.bilateral,
        at(14),
        at(15, 15),
    )
    assert list(AuditEvent.objects.filter(sequence__gt=before).values_list("action")) == [
        ("booking.move",)
    ]


def test_move_onto_another_booking_is_a_conflict_and_changes_nothing(talks, venue):
    first = book(talks, venue.hall, title="Morning")
    second = book(talks, venue.hall, start=at(14), end=at(15), title="Afternoon")
    with pytest.raises(Conflict) as refused:
        actions.booking_move(
            actor=talks.actor("coordinator"), booking=second, starts_at=at(9), ends_at=at(10)
        )
    assert refused.value.detail["booking"] == first.pk
    second.refresh_from_db()
    assert second.starts_at == at(14)


def test_move_within_its_own_slot_is_accepted(talks, venue):
    booking = book(talks, venue.hall)
    moved = actions.booking_move(
        actor=talks.actor("coordinator"), booking=booking, starts_at=at(9, 15), ends_at=at(10)
    )
    assert moved.starts_at == at(9, 15)


def test_cancel_frees_the_room_and_audits_it(talks, venue):
    booking = book(talks, venue.hall)
    actions.booking_cancel(actor=talks.actor("coordinator"), booking=booking)
    again = book(talks, venue.hall, title="Rebooked")
    assert again.status == BookingStatus.CONFIRMED
    assert [a for a, _ in _events()] == ["booking.create", "booking.cancel", "booking.create"]


def test_cancel_twice_is_a_conflict(talks, venue):
    booking = book(talks, venue.hall)
    actions.booking_cancel(actor=talks.actor("coordinator"), booking=booking)
    with pytest.raises(Conflict):
        actions.booking_cancel(actor=talks.actor("coordinator"), booking=booking)


def test_party_member_cannot_move_or_cancel(talks, venue):
    booking = book(talks, venue.hall)
    with pytest.raises(NotFound):
        actions.booking_move(
            actor=talks.actor("north_head"), booking=booking, starts_at=at(11), ends_at=at(12)
        )
    with pytest.raises(NotFound):
        actions.booking_cancel(actor=talks.actor("south_negotiator"), booking=booking)
