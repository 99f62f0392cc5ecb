"""Reads of processes, already scoped to what the actor may see."""

from django.db.models import QuerySet

from parley.talks.models import Process

from . import audit
from .actors import Actor
from .errors import NotFound
from .models import SubstanceShare
from .rules import can_see_logistics, can_see_substance, fully_shared


def processes_visible_to(*, actor: Actor) -> QuerySet[Process]:
    return Process.objects.filter(pk__in=actor.process_ids)


def processes_with_substance(*, actor: Actor) -> QuerySet[Process]:
    """Processes whose substance the actor may read: their own parties', or fully shared ones."""
    party_side = Process.objects.filter(pk__in=actor.party_process_ids)
    host_side = fully_shared(Process.objects.filter(pk__in=actor.host_process_ids))
    return Process.objects.filter(pk__in=party_side.values("pk")) | Process.objects.filter(
        pk__in=host_side.values("pk")
    )


def _denial(actor: Actor, action: str, process_id: int) -> audit.Denial:
    return audit.Denial(
        actor=actor,
        action=action,
        object_type="talks.process",
        object_id=str(process_id),
        process_id=process_id,
    )


def process_for(*, actor: Actor, pk: int) -> Process:
    """A process the actor holds a role in; anything else is NotFound."""
    process = Process.objects.select_related("venue").filter(pk=pk).first()
    if process is None:
        raise NotFound()
    if not can_see_logistics(actor, process):
        raise NotFound(_denial(actor, "process.read", pk))
    return process


def process_with_substance_for(*, actor: Actor, pk: int, action: str) -> Process:
    """A process whose substance the actor may read; refusals are audited as `action`."""
    process = process_for(actor=actor, pk=pk)
    if not can_see_substance(actor, process):
        raise NotFound(_denial(actor, action, pk))
    return process


def consenting_parties(*, process: Process) -> QuerySet[SubstanceShare]:
    """Which parties of a process, already visible to the caller, consent to share substance."""
    return SubstanceShare.objects.filter(process=process).select_related("party")
