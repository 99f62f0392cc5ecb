"""Reads of the venue, each scoped to what the actor may see.

Rooms and bookings are logistics: every role of a process sees them. A badge is seen by host
protocol and by its own party.
"""

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import NotFound
from parley.talks.models import Member, Process, Venue
from parley.talks.queries import process_for
from parley.talks.rules import require

from . import rules
from .audit_actions import BADGE_LIST, BADGE_READ, BOOKING_LIST, CHECK_IN_LIST
from .models import (
    Accreditation,
    AccreditationStatus,
    Booking,
    BookingStatus,
    CheckIn,
    Room,
    RoomAvailability,
)


def rooms_of(*, venue: Venue) -> QuerySet[Room]:
    return (
        Room.objects.filter(venue=venue).select_related("assigned_party").order_by("zone", "name")
    )


def room_named(*, venue: Venue, name: str) -> Room | None:
    return Room.objects.filter(venue=venue, name=name).first()


def rooms_for_forms(*, process: Process) -> QuerySet[Room]:
    """The rooms a booking of the process may take: those of its venue."""
    return Room.objects.filter(venue_id=process.venue_id)


def room_at(*, process: Process, pk: int) -> Room:
    """A room of the process's venue; rooms elsewhere are NotFound."""
    room = Room.objects.filter(pk=pk, venue_id=process.venue_id).first()
    if room is None:
        raise NotFound()
    return room


def bookings_of(
    *, actor: Actor, process: Process, include_cancelled: bool = False
) -> QuerySet[Booking]:
    require(
        rules.can_see_bookings(actor, process), actor=actor, action=BOOKING_LIST, process=process
    )
    bookings = Booking.objects.filter(process=process).select_related("room", "meeting")
    if not actor.is_host_in(process.pk):
        # A party sees the rooms of its own meetings; the rest of the venue's day is the host's.
        bookings = bookings.filter(meeting__parties=actor.party_in(process.pk))
    if not include_cancelled:
        bookings = bookings.exclude(status=BookingStatus.CANCELLED)
    return bookings.order_by("starts_at", "room__name")


def booking_for(*, actor: Actor, process_pk: int, pk: int, lock: bool = False) -> Booking:
    process = process_for(actor=actor, pk=process_pk)
    bookings = Booking.objects.select_related("room", "process__venue")
    if lock:
        bookings = bookings.select_for_update(of=("self",))
    booking = bookings.filter(process=process, pk=pk).first()
    if booking is None:
        raise NotFound()
    return booking


# The friendly check runs before every booking write. Written as SQL it costs half of what the
# ORM spends building the same query; it reads one row by the (room, starts_at) index.
_IN_THE_WAY = (
    "SELECT * FROM venues_booking WHERE room_id = %s AND status = %s"
    " AND starts_at < %s AND blocked_until > %s AND id <> %s LIMIT 1"
)


def booking_in_the_way(
    *, room_id: int, starts_at, blocked_until, exclude_pk: int | None = None
) -> Booking | None:
    """A live booking of the room whose held range meets [starts_at, blocked_until), if any."""
    adapt = connection.ops.adapt_datetimefield_value  # as the ORM would store them
    params = [
        room_id,
        BookingStatus.CONFIRMED.value,
        adapt(blocked_until),
        adapt(starts_at),
        exclude_pk or 0,
    ]
    return next(iter(Booking.objects.raw(_IN_THE_WAY, params)), None)


def room_has_hours(*, room: Room) -> bool:
    """Whether the room was ever opened for booking."""
    return RoomAvailability.objects.filter(room=room).exists()


def room_open(*, room: Room, starts_at, ends_at) -> bool:
    """Whether one of the room's availability windows holds the whole range."""
    return RoomAvailability.objects.filter(
        room=room, starts_at__lte=starts_at, ends_at__gte=ends_at
    ).exists()


def overlapping_bookings() -> QuerySet[Booking]:
    """Live bookings that overlap another live booking of their room: always empty."""
    other = Booking.objects.filter(
        room=OuterRef("room"),
        status=BookingStatus.CONFIRMED,
        starts_at__lt=OuterRef("blocked_until"),
        blocked_until__gt=OuterRef("starts_at"),
    ).exclude(pk=OuterRef("pk"))
    return Booking.objects.filter(status=BookingStatus.CONFIRMED).filter(Exists(other))


def accreditations_of(*, actor: Actor, process: Process) -> QuerySet[Accreditation]:
    """Every badge of the process for protocol; a party's own badges for its members."""
    accreditations = Accreditation.objects.filter(process=process).select_related("party")
    if rules.can_accredit(actor, process):
        return accreditations
    party_id = actor.party_in(process.pk)
    require(party_id is not None, actor=actor, action=BADGE_LIST, process=process)
    return accreditations.filter(party_id=party_id)


def holds_active_badge(*, process: Process, member: Member) -> bool:
    return Accreditation.objects.filter(
        process=process, member=member, status=AccreditationStatus.ACTIVE
    ).exists()


def accreditation_with_nonce(*, process: Process, nonce: str) -> Accreditation | None:
    """The badge a code read at the door names, if it is one of the process's."""
    return (
        Accreditation.objects.select_related("party").filter(nonce=nonce, process=process).first()
    )


def accreditation_for(
    *, actor: Actor, process_pk: int, pk: int, lock: bool = False
) -> Accreditation:
    process = process_for(actor=actor, pk=process_pk)
    accreditations = Accreditation.objects.select_related("party", "process__venue", "member")
    if lock:
        accreditations = accreditations.select_for_update(of=("self",))
    accreditation = accreditations.filter(process=process, pk=pk).first()
    if accreditation is None:
        raise NotFound()
    if not rules.can_see_accreditation(actor, accreditation):
        raise NotFound(audit.Denial(actor, BADGE_READ, "venues.accreditation", str(pk), process.pk))
    return accreditation


def check_ins_of(*, actor: Actor, process: Process, limit: int = 20) -> QuerySet[CheckIn]:
    require(rules.can_check_in(actor, process), actor=actor, action=CHECK_IN_LIST, process=process)
    return CheckIn.objects.filter(process=process).select_related("accreditation__party")[:limit]
