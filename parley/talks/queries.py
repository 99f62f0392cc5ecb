"""Reads of the talks, each scoped to what the actor may see."""

from django.db.models import Prefetch, Q, QuerySet

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import NotFound
from parley.core.queries import process_with_substance_for

from .models import (
    AgendaItem,
    Delegation,
    Meeting,
    MeetingStatus,
    Position,
    Precedence,
    Process,
)


def agenda_for(*, actor: Actor, process_pk: int) -> tuple[Process, QuerySet[AgendaItem]]:
    """The issue map of a process: substance, so reading it is audited."""
    process = process_with_substance_for(actor=actor, pk=process_pk, action="agenda.read")
    items = (
        AgendaItem.objects.filter(process=process)
        .select_related("track", "negotiating_text")
        .prefetch_related("links_out__target")
    )
    audit.record_read(actor=actor, action="agenda.read", target=process, process_id=process.pk)
    return process, items


def agenda_item_for(*, actor: Actor, process_pk: int, pk: int) -> AgendaItem:
    process = process_with_substance_for(actor=actor, pk=process_pk, action="agenda_item.read")
    item = (
        AgendaItem.objects.filter(process=process, pk=pk)
        .select_related("track")
        .prefetch_related("links_out__target", "links_in__source")
        .first()
    )
    if item is None:
        raise NotFound()
    audit.record_read(actor=actor, action="agenda_item.read", target=item, process_id=process.pk)
    return item


def own_position(*, actor: Actor, item: AgendaItem) -> Position | None:
    """The actor's own party's position on the item; never another party's, never the host's."""
    party_id = actor.party_in(item.process_id)
    if party_id is None:
        return None
    return Position.objects.filter(item=item, party_id=party_id).first()


# What stands on the programme: every role of the process may see it.
ON_PROGRAMME = (MeetingStatus.SCHEDULED, MeetingStatus.HELD)


def meetings_visible_to(*, actor: Actor, process: Process) -> QuerySet[Meeting]:
    """The meetings of a process the caller has checked the actor may see: every one for the
    host; for a party, those it takes part in (requested or not) and what is on the programme.
    Another party's requests stay its own until they are scheduled."""
    meetings = Meeting.objects.filter(process=process)
    if not actor.is_host_in(process.pk):
        party_id = actor.party_in(process.pk)
        meetings = meetings.filter(
            Q(status__in=ON_PROGRAMME)
            | Q(pk__in=Meeting.parties.through.objects.filter(party_id=party_id).values("meeting"))
        )
    preparations = Precedence.objects.filter(before__in=meetings.values("pk")).select_related(
        "before"
    )
    return (
        meetings.select_related("track")
        .prefetch_related("parties", Prefetch("requires", queryset=preparations))
        .order_by("level", "title")
    )


def delegations_of(*, process: Process) -> QuerySet[Delegation]:
    return (
        Delegation.objects.filter(process=process)
        .select_related("party")
        .prefetch_related(Prefetch("members"))
    )


def own_delegation(*, actor: Actor, process: Process) -> Delegation | None:
    party_id = actor.party_in(process.pk)
    if party_id is None:
        return None
    return delegations_of(process=process).filter(party_id=party_id).first()
