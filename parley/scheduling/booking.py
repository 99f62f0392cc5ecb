"""Published meetings hold their rooms as venue bookings, inside the publishing transaction.

The database refuses two live bookings of one room that overlap (with the room's turnover);
a refusal here becomes a Conflict that rolls the whole publication back.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict
from parley.talks.models import Meeting, Process
from parley.venues import queries as venue_queries
from parley.venues.models import Booking, BookingStatus, Room

from .exchange import Placed
from .models import ProgrammeEntry


def hold(*, actor: Actor, process: Process, placed: Placed) -> Booking:
    """Book the room of a published meeting; an overlap with any live booking is a Conflict."""
    room = Room.objects.get(pk=placed.room_pk)
    meeting = Meeting.objects.get(pk=placed.meeting_pk)
    booking = Booking(
        process=process,
        room=room,
        meeting=meeting,
        title=meeting.title[:200],
        starts_at=placed.starts_at,
        ends_at=placed.ends_at,
        blocked_until=placed.ends_at + dt.timedelta(minutes=room.turnover_minutes),
        created_by=actor.user,
    )
    if venue_queries.booking_in_the_way(
        room_id=room.pk, starts_at=booking.starts_at, blocked_until=booking.blocked_until
    ):
        raise _taken(process, room, meeting, placed)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:  # booked by someone else since the check
        raise _taken(process, room, meeting, placed) from error
    audit.record(
        actor=actor,
        action="booking.create",
        target=booking,
        process_id=process.pk,
        detail={"room": room.pk, "meeting": meeting.pk, "starts_at": booking.starts_at.isoformat()},
    )
    return booking


def _taken(process: Process, room: Room, meeting: Meeting, placed: Placed) -> Conflict:
    local = placed.starts_at.astimezone(process.venue.tzinfo)
    return Conflict(
        f"{room.name} is already booked at {local:%Y-%m-%d %H:%M}, "
        f"so {meeting.title!r} cannot be published there: plan again.",
        detail={"room": room.pk, "meeting": meeting.pk},
    )


def release(*, actor: Actor, entries: list[ProgrammeEntry]) -> None:
    """Cancel the bookings of meetings that move or leave the programme."""
    bookings = Booking.objects.filter(
        pk__in=[e.booking_id for e in entries if e.booking_id], status=BookingStatus.CONFIRMED
    )
    for booking in bookings:
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["status", "cancelled_at"])
        audit.record(
            actor=actor, action="booking.cancel", target=booking, process_id=booking.process_id
        )
