"""Bookings that never overlap: create, move, cancel, and the same as steps of a larger write.

Each action checks first, to name what stands in the way; the database has the last word (an
exclusion constraint or triggers, see migration 0003) and its refusal becomes the same Conflict.
"""

import datetime as dt
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict
from parley.talks.models import Meeting, Process
from parley.talks.rules import require

from .. import queries, rules
from ..audit_actions import BOOKING_CANCEL, BOOKING_CREATE, BOOKING_MOVE
from ..models import Booking, BookingStatus, Room

NO_OVERLAP = "venues_booking_no_overlap"
P = ParamSpec("P")
R = TypeVar("R")


def utc_range(starts_at: dt.datetime, ends_at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The range in UTC, as it is stored; naive or empty ranges are refused."""
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise Conflict(_("Times must carry their time zone."))
    if ends_at <= starts_at:
        raise Conflict(_("A booking must end after it starts."))
    return starts_at.astimezone(dt.UTC), ends_at.astimezone(dt.UTC)


def _local(value: dt.datetime, process: Process) -> str:
    return f"{timezone.localtime(value, process.venue.tzinfo):%Y-%m-%d %H:%M}"


def _clash_conflict(
    *, actor: Actor, process: Process, room: Room, blocking: Booking | None
) -> Conflict:
    """The conflict naming the booking in the way, as far as the actor may know it."""
    if blocking is None:
        return Conflict(_("%(room)s is already booked at that time.") % {"room": room.name})
    held = {
        "room": room.name,
        "start": _local(blocking.starts_at, process),
        "until": _local(blocking.blocked_until, process),
    }
    if blocking.process_id in actor.process_ids:
        held["title"] = blocking.title
        message = _(
            "%(room)s is already booked by “%(title)s” from %(start)s, held until %(until)s "
            "with its turnover."
        )
        detail = {"booking": blocking.pk, "title": blocking.title}
    else:
        message = _(
            "%(room)s is already booked for another process from %(start)s, held until %(until)s."
        )
        detail = {}
    detail |= {
        "starts_at": blocking.starts_at.isoformat(),
        "blocked_until": blocking.blocked_until.isoformat(),
    }
    return Conflict(message % held, detail=detail)


# PostgreSQL: two concurrent writes that each wait on the other's tuple while checking the
# exclusion constraint form a cycle; the server breaks it by failing one of them.
DEADLOCK = "40P01"
WRITE_TRIES = 5


def _is_deadlock(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == DEADLOCK


class _RoomTaken(Exception):
    """The database refused a booking: raised inside the transaction, answered outside it."""

    def __init__(self, *, actor: Actor, process: Process, booking: Booking):
        super().__init__(NO_OVERLAP)
        self.actor, self.process, self.booking = actor, process, booking


def _hold_room(
    *, actor: Actor, process: Process, booking: Booking, update_fields: list[str] | None
) -> None:
    """Saves the booking: the friendly checks first, then the database's guarantee."""
    room = booking.room
    if room.venue_id != process.venue_id:
        raise Conflict(_("That room is not at the venue of this process."))
    blocking = queries.booking_in_the_way(
        room_id=room.pk,
        starts_at=booking.starts_at,
        blocked_until=booking.blocked_until,
        exclude_pk=booking.pk,
    )
    if blocking is not None:
        raise _clash_conflict(actor=actor, process=process, room=room, blocking=blocking)
    if not queries.room_open(room=room, starts_at=booking.starts_at, ends_at=booking.ends_at):
        raise Conflict(
            _("%(room)s is not available for the whole of that time.") % {"room": room.name}
        )
    try:
        booking.save(update_fields=update_fields)
    except IntegrityError as error:
        if NO_OVERLAP not in str(error):
            raise
        raise _RoomTaken(actor=actor, process=process, booking=booking) from error


def _refusals_as_conflicts(action: Callable[P, R]) -> Callable[P, R]:
    """Wraps a durable booking action from outside its transaction.

    When a rival booking commits between our check and our write, the database refuses the write
    and the transaction rolls back; out here the rival is visible, and named in the same Conflict
    the check would have raised. A deadlock victim (see DEADLOCK) is run again, whole.
    """

    @functools.wraps(action)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        tries = 0
        while True:
            try:
                return action(*args, **kwargs)
            except _RoomTaken as taken:
                booking = taken.booking
                blocking = queries.booking_in_the_way(
                    room_id=booking.room_id,
                    starts_at=booking.starts_at,
                    blocked_until=booking.blocked_until,
                    exclude_pk=booking.pk,
                )
                raise _clash_conflict(
                    actor=taken.actor, process=taken.process, room=booking.room, blocking=blocking
                ) from taken.__cause__
            except OperationalError as error:
                tries += 1
                if not _is_deadlock(error) or tries == WRITE_TRIES:
                    raise

    return run


def _booking_detail(booking: Booking) -> dict:
    return {
        "room": booking.room_id,
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat(),
        "blocked_until": booking.blocked_until.isoformat(),
    }


def _book(
    *,
    actor: Actor,
    process: Process,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    title: str,
    meeting: Meeting | None,
) -> Booking:
    require(rules.can_book(actor, process), actor=actor, action=BOOKING_CREATE, process=process)
    title = title.strip()
    if not title:
        raise Conflict(_("A booking needs a title."))
    starts_at, ends_at = utc_range(starts_at, ends_at)
    if meeting is not None and meeting.process_id != process.pk:
        raise Conflict(_("The meeting belongs to another process."))
    booking = Booking(
        process=process,
        room=room,
        meeting=meeting,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        blocked_until=ends_at + dt.timedelta(minutes=room.turnover_minutes),
        created_by=actor.user,
    )
    _hold_room(actor=actor, process=process, booking=booking, update_fields=None)
    audit.record(
        actor=actor,
        action=BOOKING_CREATE,
        target=booking,
        process_id=process.pk,
        detail=_booking_detail(booking),
    )
    return booking


@_refusals_as_conflicts
@transaction.atomic(durable=True)
def booking_create(
    *,
    actor: Actor,
    process: Process,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    title: str,
    meeting: Meeting | None = None,
) -> Booking:
    """Host coordinator or protocol holds a room for a time range plus the room's turnover."""
    return _book(
        actor=actor,
        process=process,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        title=title,
        meeting=meeting,
    )


def booking_hold(
    *,
    actor: Actor,
    process: Process,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    title: str,
    meeting: Meeting | None = None,
) -> Booking:
    """`booking_create` as one step of a larger write (a programme's publication).

    It runs inside the caller's transaction, with the same checks and audit event; a refusal,
    the database's included, is a Conflict that rolls the whole caller back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("booking_hold runs inside the transaction of the write it is part of")
    try:
        return _book(
            actor=actor,
            process=process,
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            title=title,
            meeting=meeting,
        )
    except _RoomTaken as taken:
        raise _clash_conflict(actor=actor, process=process, room=room, blocking=None) from taken


@_refusals_as_conflicts
@transaction.atomic(durable=True)
def booking_move(
    *,
    actor: Actor,
    booking: Booking,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None = None,
) -> Booking:
    """Moves a live booking to another time, and if asked another room, of the same venue."""
    booking = queries.booking_for(
        actor=actor, process_pk=booking.process_id, pk=booking.pk, lock=True
    )
    process = booking.process
    require(rules.can_book(actor, process), actor=actor, action=BOOKING_MOVE, process=process)
    if booking.status != BookingStatus.CONFIRMED:
        raise Conflict(_("A cancelled booking cannot be moved."))
    starts_at, ends_at = utc_range(starts_at, ends_at)
    room = room or booking.room
    before = _booking_detail(booking)
    booking.room = room
    booking.starts_at = starts_at
    booking.ends_at = ends_at
    booking.blocked_until = ends_at + dt.timedelta(minutes=room.turnover_minutes)
    _hold_room(
        actor=actor,
        process=process,
        booking=booking,
        update_fields=["room", "starts_at", "ends_at", "blocked_until"],
    )
    audit.record(
        actor=actor,
        action=BOOKING_MOVE,
        target=booking,
        process_id=process.pk,
        detail={"from": before, "to": _booking_detail(booking)},
    )
    return booking


def _cancel(*, actor: Actor, booking: Booking) -> Booking:
    require(
        rules.can_book(actor, booking.process),
        actor=actor,
        action=BOOKING_CANCEL,
        process=booking.process,
    )
    if booking.status == BookingStatus.CANCELLED:
        raise Conflict(_("That booking is already cancelled."))
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    audit.record(actor=actor, action=BOOKING_CANCEL, target=booking, process_id=booking.process_id)
    return booking


@transaction.atomic(durable=True)
def booking_cancel(*, actor: Actor, booking: Booking) -> Booking:
    """Frees the room; the cancelled booking stays on record."""
    booking = queries.booking_for(
        actor=actor, process_pk=booking.process_id, pk=booking.pk, lock=True
    )
    return _cancel(actor=actor, booking=booking)


def booking_release(*, actor: Actor, booking: Booking) -> Booking:
    """`booking_cancel` as one step of a larger write, inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("booking_release runs inside the transaction of the write it is part of")
    return _cancel(actor=actor, booking=booking)
