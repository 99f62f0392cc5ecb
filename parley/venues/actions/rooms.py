"""Rooms of the venue and the hours they may be booked."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict
from parley.talks.models import Party, Process
from parley.talks.queries import is_party_of, process_for
from parley.talks.rules import require

from .. import queries, rules
from ..audit_actions import ROOM_ADD, ROOM_OPEN
from ..models import Room, RoomAvailability, RoomKind
from .bookings import utc_range


@transaction.atomic(durable=True)
def room_add(
    *,
    actor: Actor,
    process: Process,
    name: str,
    kind: str,
    capacity: int,
    zone: str,
    turnover_minutes: int = 0,
    assigned_party: Party | None = None,
) -> Room:
    """Host planners add a room to the venue of their process; an office may be a party's."""
    process = process_for(actor=actor, pk=process.pk)
    require(rules.can_fit_out(actor, process), actor=actor, action=ROOM_ADD, process=process)
    name, zone = name.strip(), zone.strip()
    if not name or not zone:
        raise Conflict(_("A room needs a name and a zone."))
    if kind not in RoomKind.values:
        raise Conflict(_("There is no such kind of room."))
    if capacity < 1 or turnover_minutes < 0:
        raise Conflict(_("A room seats at least one, and its turnover is not negative."))
    if assigned_party is not None and not is_party_of(process=process, party=assigned_party):
        raise Conflict(_("An office is assigned to a party of this process."))
    taken = _("The venue already has a room called %(name)s.") % {"name": name}
    if queries.room_named(venue=process.venue, name=name) is not None:
        raise Conflict(taken)
    try:
        with transaction.atomic():
            room = Room.objects.create(
                venue=process.venue,
                name=name,
                kind=kind,
                capacity=capacity,
                zone=zone,
                turnover_minutes=turnover_minutes,
                assigned_party=assigned_party,
            )
    except IntegrityError as error:
        raise Conflict(taken) from error
    audit.record(
        actor=actor,
        action=ROOM_ADD,
        target=room,
        process_id=process.pk,
        detail={"venue": process.venue_id, "kind": kind, "capacity": capacity},
    )
    return room


@transaction.atomic(durable=True)
def room_open(
    *, actor: Actor, process: Process, room: Room, starts_at: dt.datetime, ends_at: dt.datetime
) -> RoomAvailability:
    """A window in which the room may be booked; a room without one is never bookable."""
    process = process_for(actor=actor, pk=process.pk)
    require(rules.can_fit_out(actor, process), actor=actor, action=ROOM_OPEN, process=process)
    room = queries.room_at(process=process, pk=room.pk)
    starts_at, ends_at = utc_range(starts_at, ends_at)
    window = RoomAvailability.objects.create(room=room, starts_at=starts_at, ends_at=ends_at)
    audit.record(
        actor=actor,
        action=ROOM_OPEN,
        target=room,
        process_id=process.pk,
        detail={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
    )
    return window
