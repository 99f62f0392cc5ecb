"""Writes of the solver's inputs: interpreters, parties kept apart, pins, time windows, absences.

Every action: keyword-only, the actor first, one durable transaction, its audit event inside.
"""

import datetime as dt
import re

from django.db import transaction
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.talks.models import Meeting, Member, Party, Process
from parley.venues.models import Room

from .. import rules
from ..exchange import normalise_pair, slot_span
from ..models import (
    PAIR_REGEX,
    InterpreterPool,
    MeetingPin,
    MeetingWindow,
    MemberUnavailability,
    Separation,
)
from .planner import process_to_plan


@transaction.atomic(durable=True)
def interpreter_pool_set(
    *, actor: Actor, process: Process, pair: str, count: int
) -> InterpreterPool:
    """How many meetings needing `pair` may run at once; 0 means none can."""
    process = process_to_plan(actor, process, "interpreters.set")
    pair = normalise_pair(pair)
    if not re.fullmatch(PAIR_REGEX, pair) or pair.split("-")[0] == pair.split("-")[1]:
        raise Conflict(_("A language pair is two language codes, e.g. ru-uk."))
    if count < 0:
        raise Conflict(_("The number of interpreter teams cannot be negative."))
    pool, _created = InterpreterPool.objects.update_or_create(
        process=process, pair=pair, defaults={"count": count}
    )
    audit.record(
        actor=actor,
        action="interpreters.set",
        target=pool,
        process_id=process.pk,
        detail={"pair": pair, "count": count},
    )
    return pool


@transaction.atomic(durable=True)
def separation_set(
    *, actor: Actor, process: Process, party: Party, other: Party, apart: bool
) -> None:
    """Keep two parties' delegations apart (never in one zone at the same time), or stop."""
    process = process_to_plan(actor, process, "separation.set")
    ids = set(process.parties.values_list("pk", flat=True))
    if party.pk == other.pk or party.pk not in ids or other.pk not in ids:
        raise Conflict(_("Choose two different parties of the process."))
    a, b = sorted((party.pk, other.pk))
    if apart:
        Separation.objects.get_or_create(process=process, party_a_id=a, party_b_id=b)
    else:
        Separation.objects.filter(process=process, party_a_id=a, party_b_id=b).delete()
    audit.record(
        actor=actor,
        action="separation.set",
        target=process,
        process_id=process.pk,
        detail={"parties": [a, b], "apart": apart},
    )


@transaction.atomic(durable=True)
def unavailability_add(
    *, actor: Actor, member: Member, starts_at: dt.datetime, ends_at: dt.datetime, reason: str = ""
) -> MemberUnavailability:
    """A member cannot attend in [starts_at, ends_at): planners or the member's own party say so."""
    member = Member.objects.select_related("delegation").get(pk=member.pk)
    if not rules.can_mark_unavailable(actor, member.delegation):
        raise NotFound(
            audit.Denial(
                actor,
                "unavailability.add",
                "talks.member",
                str(member.pk),
                member.delegation.process_id,
            )
        )
    if ends_at <= starts_at:
        raise Conflict(_("The end must come after the start."))
    absence = MemberUnavailability.objects.create(
        member=member, starts_at=starts_at, ends_at=ends_at, reason=reason.strip()[:200]
    )
    audit.record(
        actor=actor,
        action="unavailability.add",
        target=absence,
        process_id=member.delegation.process_id,
    )
    return absence


@transaction.atomic(durable=True)
def pin_set(*, actor: Actor, meeting: Meeting, room: Room, starts_at: dt.datetime) -> MeetingPin:
    """Fix a meeting to a room and start; the next solve keeps it there."""
    process = process_to_plan(actor, meeting.process, "pin.set")
    # Locked: a pin and a time window set at once must each see the other.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, process=process)
    if room.venue_id != process.venue_id:
        raise Conflict(_("The room is not at the venue of the process."))
    if room.capacity < meeting.size:
        raise Conflict(
            _("%(room)s holds %(capacity)s; the meeting needs %(size)s.")
            % {"room": room.name, "capacity": room.capacity, "size": meeting.size}
        )
    ends_at = starts_at + dt.timedelta(minutes=meeting.duration_minutes)
    if not room.availability.filter(starts_at__lte=starts_at, ends_at__gte=ends_at).exists():
        raise Conflict(_("%(room)s is not open for the whole meeting.") % {"room": room.name})
    if not _on_quarter_hour(starts_at):
        raise Conflict(_("A meeting starts on the quarter hour."))
    window = MeetingWindow.objects.filter(meeting=meeting).first()
    if window is not None and not _inside(
        starts_at, starts_at + slot_span(meeting.duration_minutes), window
    ):
        raise Conflict(_("The pin is outside the meeting's time window."))
    pin, _created = MeetingPin.objects.update_or_create(
        meeting=meeting, defaults={"room": room, "starts_at": starts_at}
    )
    audit.record(actor=actor, action="pin.set", target=pin, process_id=process.pk)
    return pin


@transaction.atomic(durable=True)
def window_set(
    *,
    actor: Actor,
    meeting: Meeting,
    not_before: dt.datetime | None,
    not_after: dt.datetime | None,
) -> MeetingWindow:
    """Hold a meeting within [not_before, not_after) (either end may be open) from now on."""
    process = process_to_plan(actor, meeting.process, "window.set")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, process=process)
    if not_before is None and not_after is None:
        raise Conflict(_("Give the earliest start, the latest end, or both."))
    if not all(t is None or _on_quarter_hour(t) for t in (not_before, not_after)):
        raise Conflict(_("A time window starts and ends on the quarter hour."))
    held = slot_span(meeting.duration_minutes)
    if not_before is not None and not_after is not None and not_after - not_before < held:
        raise Conflict(_("The time window is shorter than the meeting."))
    window = MeetingWindow(meeting=meeting, not_before=not_before, not_after=not_after)
    pin = MeetingPin.objects.filter(meeting=meeting).first()
    if pin is not None and not _inside(pin.starts_at, pin.starts_at + held, window):
        raise Conflict(_("The meeting is pinned outside this window: unpin it first."))
    window, _created = MeetingWindow.objects.update_or_create(
        meeting=meeting, defaults={"not_before": not_before, "not_after": not_after}
    )
    audit.record(
        actor=actor,
        action="window.set",
        target=window,
        process_id=process.pk,
        detail={
            "meeting": meeting.pk,
            "not_before": not_before.isoformat() if not_before else None,
            "not_after": not_after.isoformat() if not_after else None,
        },
    )
    return window


def _on_quarter_hour(moment: dt.datetime) -> bool:
    return not (moment.minute % 15 or moment.second or moment.microsecond)


def _inside(starts_at: dt.datetime, ends_at: dt.datetime, window: MeetingWindow) -> bool:
    return (window.not_before is None or starts_at >= window.not_before) and (
        window.not_after is None or ends_at <= window.not_after
    )


@transaction.atomic(durable=True)
def window_clear(*, actor: Actor, meeting: Meeting) -> None:
    process = process_to_plan(actor, meeting.process, "window.clear")
    deleted = MeetingWindow.objects.filter(meeting=meeting, meeting__process=process).delete()[0]
    if deleted:
        audit.record(actor=actor, action="window.clear", target=meeting, process_id=process.pk)


@transaction.atomic(durable=True)
def pin_clear(*, actor: Actor, meeting: Meeting) -> None:
    process = process_to_plan(actor, meeting.process, "pin.clear")
    deleted = MeetingPin.objects.filter(meeting=meeting, meeting__process=process).delete()[0]
    if deleted:
        audit.record(actor=actor, action="pin.clear", target=meeting, process_id=process.pk)
