"""API of the venue: bookings (logistics, every role of the process), badges and the door."""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from parley.core.actors import actor_of
from parley.core.errors import Conflict
from parley.talks.queries import meeting_in, member_in, process_for

from . import actions, queries
from .models import Accreditation, Booking, CheckIn

router = Router(tags=["venues"])


class BookingIn(Schema):
    room: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    meeting: int | None = None


class BookingMoveIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: int | None = None


class BookingOut(Schema):
    id: int
    room: int
    room_name: str
    title: str
    meeting: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    blocked_until: dt.datetime
    status: str


class AccreditationIn(Schema):
    valid_from: dt.datetime
    valid_until: dt.datetime
    member: int | None = None
    name: str = ""
    organisation: str = ""


class RevokeIn(Schema):
    reason: str


class AccreditationOut(Schema):
    id: int
    category: str
    name: str
    party: str | None
    organisation: str
    level: str
    valid_from: dt.datetime
    valid_until: dt.datetime
    status: str


class CheckInIn(Schema):
    code: str
    gate: str = ""


class CheckInOut(Schema):
    result: str
    name: str | None
    party: str | None
    valid_until: dt.datetime | None


def _booking_out(booking: Booking) -> BookingOut:
    return BookingOut(
        id=booking.pk,
        room=booking.room_id,
        room_name=booking.room.name,
        title=booking.title,
        meeting=booking.meeting_id,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        blocked_until=booking.blocked_until,
        status=booking.status,
    )


def _accreditation_out(accreditation: Accreditation) -> AccreditationOut:
    return AccreditationOut(
        id=accreditation.pk,
        category=accreditation.category,
        name=accreditation.name,
        party=accreditation.party.code if accreditation.party else None,
        organisation=accreditation.organisation,
        level=accreditation.level,
        valid_from=accreditation.valid_from,
        valid_until=accreditation.valid_until,
        status=accreditation.status,
    )


@router.get("/{int:process_id}/bookings", response=list[BookingOut])
def booking_list(request: HttpRequest, process_id: int):
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_id)
    return [_booking_out(b) for b in queries.bookings_of(actor=actor, process=process)]


@router.post("/{int:process_id}/bookings", response={201: BookingOut})
def booking_create(request: HttpRequest, process_id: int, payload: BookingIn):
    """Holds a room; 409 names the booking in the way."""
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_id)
    meeting = None
    if payload.meeting is not None:
        meeting = meeting_in(process=process, pk=payload.meeting)
        if meeting is None:
            raise Conflict(_("No such meeting in this process."))
    booking = actions.booking_create(
        actor=actor,
        process=process,
        room=queries.room_at(process=process, pk=payload.room),
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        title=payload.title,
        meeting=meeting,
    )
    return Status(201, _booking_out(booking))


@router.post("/{int:process_id}/bookings/{int:pk}/move", response=BookingOut)
def booking_move(request: HttpRequest, process_id: int, pk: int, payload: BookingMoveIn):
    actor = actor_of(request)
    booking = queries.booking_for(actor=actor, process_pk=process_id, pk=pk)
    room = None
    if payload.room is not None:
        room = queries.room_at(process=booking.process, pk=payload.room)
    booking = actions.booking_move(
        actor=actor,
        booking=booking,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        room=room,
    )
    return _booking_out(booking)


@router.post("/{int:process_id}/bookings/{int:pk}/cancel", response=BookingOut)
def booking_cancel(request: HttpRequest, process_id: int, pk: int):
    actor = actor_of(request)
    booking = queries.booking_for(actor=actor, process_pk=process_id, pk=pk)
    return _booking_out(actions.booking_cancel(actor=actor, booking=booking))


@router.get("/{int:process_id}/badges", response=list[AccreditationOut])
def badge_list(request: HttpRequest, process_id: int):
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_id)
    accreditations = queries.accreditations_of(actor=actor, process=process)
    return [_accreditation_out(a) for a in accreditations]


@router.post("/{int:process_id}/badges", response={201: AccreditationOut})
def badge_issue(request: HttpRequest, process_id: int, payload: AccreditationIn):
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_id)
    member = None
    if payload.member is not None:
        member = member_in(process=process, pk=payload.member)
        if member is None:
            raise Conflict(_("That person is not a member of a delegation to this process."))
    accreditation = actions.accreditation_issue(
        actor=actor,
        process=process,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        member=member,
        name=payload.name,
        organisation=payload.organisation,
    )
    return Status(201, _accreditation_out(accreditation))


@router.post("/{int:process_id}/badges/{int:pk}/revoke", response=AccreditationOut)
def badge_revoke(request: HttpRequest, process_id: int, pk: int, payload: RevokeIn):
    actor = actor_of(request)
    accreditation = queries.accreditation_for(actor=actor, process_pk=process_id, pk=pk)
    revoked = actions.accreditation_revoke(
        actor=actor, accreditation=accreditation, reason=payload.reason
    )
    return _accreditation_out(revoked)


@router.post("/{int:process_id}/check-in", response=CheckInOut)
def badge_check_in(request: HttpRequest, process_id: int, payload: CheckInIn):
    """Reads a badge code: valid, revoked, expired, not yet valid or forged. Always audited."""
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_id)
    check: CheckIn = actions.badge_check_in(
        actor=actor, process=process, code=payload.code, gate=payload.gate
    )
    badge = check.accreditation
    return CheckInOut(
        result=check.result,
        name=badge.name if badge else None,
        party=badge.party.code if badge and badge.party else None,
        valid_until=badge.valid_until if badge else None,
    )
