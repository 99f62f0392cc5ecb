"""Reads of the talks, each scoped to what the actor may see."""

from django.db.models import Prefetch, QuerySet

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import NotFound
from parley.core.queries import process_with_substance_for

from .models import AgendaItem, Delegation, Meeting, Position, Process


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


def meetings_of(*, process: Process) -> QuerySet[Meeting]:
    """The requested programme of a process the caller has already checked the actor may see."""
    return (
        Meeting.objects.filter(process=process)
        .select_related("track")
        .prefetch_related("parties", "requires__before")
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
