"""Writes of the talks: the parties of a process, private positions, meeting requests."""

from django.db import transaction

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.core.models import Role, SubstanceShare
from parley.core.queries import process_for
from parley.core.rules import can_see_logistics, is_host_coordinator, is_party_member, require

from .models import (
    AgendaItem,
    Delegation,
    Level,
    Meeting,
    MeetingKind,
    Party,
    Position,
    Precedence,
    Process,
    Track,
)


@transaction.atomic(durable=True)
def party_join(*, actor: Actor, process: Process, party: Party) -> Delegation:
    """The host coordinator adds a party to a process, with its delegation. The newcomer has
    not consented to share substance, so the host stops seeing it until it does."""
    process = process_for(actor=actor, pk=process.pk)
    require(is_host_coordinator(actor, process), actor=actor, action="party.join", process=process)
    if process.parties.filter(pk=party.pk).exists():
        raise Conflict(f"{party} is already a party of this process.")
    process.parties.add(party)
    delegation, _created = Delegation.objects.get_or_create(process=process, party=party)
    audit.record(
        actor=actor,
        action="party.join",
        target=party,
        process_id=process.pk,
        detail={"party": party.code},
    )
    return delegation


@transaction.atomic(durable=True)
def party_leave(*, actor: Actor, process: Process, party: Party) -> None:
    """The host coordinator records that a party left a process. Its consent to share goes with
    it, and so do its people's roles in the process: they see nothing of it any more."""
    process = process_for(actor=actor, pk=process.pk)
    require(is_host_coordinator(actor, process), actor=actor, action="party.leave", process=process)
    if not process.parties.filter(pk=party.pk).exists():
        raise Conflict(f"{party} is not a party of this process.")
    process.parties.remove(party)
    SubstanceShare.objects.filter(process=process, party=party).delete()
    roles, _ = Role.objects.filter(process=process, party=party).delete()
    audit.record(
        actor=actor,
        action="party.leave",
        target=party,
        process_id=process.pk,
        detail={"party": party.code, "roles_ended": roles},
    )


@transaction.atomic(durable=True)
def position_save(*, actor: Actor, item: AgendaItem, body: str) -> Position:
    """Write the actor's own party's private position on an agenda item."""
    if not is_party_member(actor, item.process_id):
        raise NotFound(
            audit.Denial(actor, "position.save", "talks.agendaitem", str(item.pk), item.process_id)
        )
    body = body.strip()
    if not body:
        raise Conflict("A position cannot be empty.")
    position, _created = Position.objects.update_or_create(
        item=item,
        party_id=actor.party_in(item.process_id),
        defaults={"body": body, "updated_by": actor.user},
    )
    # The body is private to the party: the audit chain records that it changed, not what it says.
    audit.record(actor=actor, action="position.save", target=position, process_id=item.process_id)
    return position


@transaction.atomic(durable=True)
def meeting_request(
    *,
    actor: Actor,
    process: Process,
    title: str,
    level: Level,
    kind: MeetingKind,
    parties: list[Party],
    size: int,
    duration_minutes: int,
    track: Track | None = None,
    languages: list[str] | None = None,
    priority: int = 1,
    after: list[tuple[Meeting, int]] | None = None,
) -> Meeting:
    """A party (for meetings it takes part in) or the host asks for a meeting to be scheduled."""
    process = process_for(actor=actor, pk=process.pk)
    own_party = actor.party_in(process.pk)
    allowed = can_see_logistics(actor, process) and (
        actor.is_host_in(process.pk) or any(p.pk == own_party for p in parties)
    )
    if not allowed:
        raise NotFound(
            audit.Denial(actor, "meeting.request", "talks.process", str(process.pk), process.pk)
        )
    process_party_ids = set(process.parties.values_list("pk", flat=True))
    if not parties or any(p.pk not in process_party_ids for p in parties):
        raise Conflict("Every party of a meeting must be a party of the process.")
    if track is not None and track.process_id != process.pk:
        raise Conflict("The track belongs to another process.")
    meeting = Meeting.objects.create(
        process=process,
        title=title,
        level=level,
        kind=kind,
        track=track,
        size=size,
        duration_minutes=duration_minutes,
        languages=languages or [],
        priority=priority,
    )
    meeting.parties.set(parties)
    for before, gap in after or []:
        if before.process_id != process.pk:
            raise Conflict("A preparatory meeting must belong to the same process.")
        Precedence.objects.create(before=before, after=meeting, gap_minutes=gap)
    audit.record(actor=actor, action="meeting.request", target=meeting, process_id=process.pk)
    return meeting
