"""Who may do what, as `rules` predicates over (actor, process).

Everything not granted here is denied. Substance (texts, agenda details, notes) belongs to the
parties; host staff see it only while every party of the process consents.
"""

import rules
from django.apps import apps
from django.db.models import Exists, OuterRef, QuerySet

from .actors import Actor
from .audit import Denial
from .errors import NotFound
from .models import RoleKind


def _process_id(process) -> int:
    return process if isinstance(process, int) else process.pk


def fully_shared(processes: QuerySet) -> QuerySet:
    """The processes in which every current party has consented to show the host its substance.

    Consent is checked party by party, never counted: a share left by a party that is no
    longer in the process stands for nobody, and a party that joins has not consented yet.
    """
    Process = apps.get_model("talks", "Process")
    SubstanceShare = apps.get_model("core", "SubstanceShare")
    membership = Process.parties.through.objects.filter(process_id=OuterRef("pk"))
    consent = SubstanceShare.objects.filter(
        process_id=OuterRef("process_id"), party_id=OuterRef("party_id")
    )
    return processes.filter(Exists(membership)).exclude(Exists(membership.exclude(Exists(consent))))


@rules.predicate
def has_any_role(actor: Actor, process) -> bool:
    return actor.grant_in(_process_id(process)) is not None


@rules.predicate
def is_party_member(actor: Actor, process) -> bool:
    return actor.party_in(_process_id(process)) is not None


@rules.predicate
def is_host(actor: Actor, process) -> bool:
    return actor.is_host_in(_process_id(process))


@rules.predicate
def every_party_shares(actor: Actor, process) -> bool:
    Process = apps.get_model("talks", "Process")
    return fully_shared(Process.objects.filter(pk=_process_id(process))).exists()


def _holds(*kinds: RoleKind) -> rules.Predicate:
    def predicate(actor: Actor, process) -> bool:
        return actor.has_role(_process_id(process), *kinds)

    return rules.predicate(predicate, name="holds_" + "_or_".join(kinds))


is_head_of_delegation = _holds(RoleKind.HEAD_OF_DELEGATION)
is_host_coordinator = _holds(RoleKind.HOST_COORDINATOR)
is_host_services = _holds(RoleKind.HOST_COORDINATOR, RoleKind.HOST_SERVICES)
is_host_protocol = _holds(RoleKind.HOST_COORDINATOR, RoleKind.HOST_PROTOCOL)

can_see_logistics = has_any_role
can_see_substance = is_party_member | (is_host & every_party_shares)
can_grant_share = is_head_of_delegation
can_plan_logistics = is_host_coordinator | is_host_protocol


def require(allowed: bool, *, actor: Actor, action: str, process) -> None:
    """Unless `allowed`, refuses with the one NotFound and audits the denial against the process."""
    if not allowed:
        process_id = _process_id(process)
        raise NotFound(Denial(actor, action, "talks.process", str(process_id), process_id))
