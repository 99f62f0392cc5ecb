"""Published meetings hold their rooms as venue bookings, inside the publishing transaction.

The venue's own booking steps do the work (the same checks, the database's guarantee against
overlap, the same audit events); a refusal becomes a Conflict that rolls the publication back.
"""

from parley.core.actors import Actor
from parley.core.errors import Conflict
from parley.talks.models import Meeting, Process
from parley.venues.actions import booking_hold, booking_release
from parley.venues.models import Booking, BookingStatus, Room

from .exchange import Placed
from .models import ProgrammeEntry


def hold(*, actor: Actor, process: Process, placed: Placed) -> Booking:
    """Book the room of a published meeting; an overlap with any live booking is a Conflict."""
    room = Room.objects.get(pk=placed.room_pk)
    meeting = Meeting.objects.get(pk=placed.meeting_pk)
    try:
        return booking_hold(
            actor=actor,
            process=process,
            room=room,
            meeting=meeting,
            title=meeting.title[:200],
            starts_at=placed.starts_at,
            ends_at=placed.ends_at,
        )
    except Conflict as refused:
        raise Conflict(
            f"{refused.message} So {meeting.title!r} cannot be published there: plan again.",
            detail={**refused.detail, "room": room.pk, "meeting": meeting.pk},
        ) from refused


def release(*, actor: Actor, entries: list[ProgrammeEntry]) -> None:
    """Cancel the bookings of meetings that move or leave the programme."""
    bookings = Booking.objects.select_for_update().filter(
        pk__in=[e.booking_id for e in entries if e.booking_id], status=BookingStatus.CONFIRMED
    )
    for booking in bookings.select_related("process"):
        booking_release(actor=actor, booking=booking)
