"""Who may do what in a process, as `rules` predicates over (actor, process).

Everything not granted here is denied. Substance (texts, agenda details, notes) belongs to the
parties; host staff see it only while every current party of the process consents.
"""

import rules
from django.db.models import Exists, OuterRef, QuerySet

from parley.core.actors import Actor
from parley.core.audit import Denial
from parley.core.errors import NotFound

from .models import HOST_ROLES, Process, RoleKind, SubstanceShare


def _process_id(process) -> int:
    return process if isinstance(process, int) else process.pk


def fully_shared(processes: QuerySet[Process]) -> QuerySet[Process]:
    """The processes in which every current party has consented to show the host its substance.

    Consent is checked party by party, never counted: a share left by a party that is no
    longer in the process stands for nobody, and a party that joins has not consented yet.
    """
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
    return fully_shared(Process.objects.filter(pk=_process_id(process))).exists()


def _holds(*kinds: RoleKind) -> rules.Predicate:
    def predicate(actor: Actor, process) -> bool:
        return actor.has_role(_process_id(process), *kinds)

    return rules.predicate(predicate, name="holds_" + "_or_".join(kinds))


is_head_of_delegation = _holds(RoleKind.HEAD_OF_DELEGATION)
is_host_coordinator = _holds(RoleKind.HOST_COORDINATOR)
is_host_services = _holds(RoleKind.HOST_COORDINATOR, RoleKind.HOST_SERVICES)
is_host_protocol = _holds(RoleKind.HOST_COORDINATOR, RoleKind.HOST_PROTOCOL)
# Heads of delegation and negotiators speak for their party; delegation staff do not.
speaks_for_party = _holds(RoleKind.HEAD_OF_DELEGATION, RoleKind.NEGOTIATOR)

can_see_logistics = has_any_role
can_see_substance = is_party_member | (is_host & every_party_shares)
can_grant_share = is_head_of_delegation
can_plan_logistics = is_host_coordinator | is_host_protocol
can_change_parties = is_host_coordinator
can_add_track = can_plan_logistics
can_add_agenda_item = speaks_for_party
# Readiness: the facts behind it are the parties' own word, and only a party's head of
# delegation speaks for it. Every role of the process reads the report; host staff read it
# reduced to pass or fail.
can_declare_ceasefire = is_head_of_delegation
can_confirm_intent = is_head_of_delegation
can_override_readiness = is_head_of_delegation
can_set_gates = is_head_of_delegation
can_read_readiness = has_any_role
can_read_full_readiness = is_party_member


@rules.predicate
def can_open_processes(actor: Actor) -> bool:
    """Someone the administrators entrusted with setting up talks: venues, parties, processes.

    The opener becomes the new process's host coordinator; everything after is process-scoped.
    """
    return actor.user is not None and actor.user.has_perm("talks.add_process")


def can_grant_role(actor: Actor, process, kind: str, party_id: int | None) -> bool:
    """A host coordinator grants the host's roles and heads of delegation; a head of delegation
    grants its own party's negotiators and staff. Nobody else grants anything."""
    if kind in HOST_ROLES or kind == RoleKind.HEAD_OF_DELEGATION:
        return bool(is_host_coordinator(actor, process))
    if kind in (RoleKind.NEGOTIATOR, RoleKind.STAFF):
        own_party = actor.party_in(_process_id(process))
        return bool(is_head_of_delegation(actor, process)) and own_party == party_id
    return False


def can_add_member(actor: Actor, process, party_id: int) -> bool:
    """The host coordinator, or the party's own head of delegation."""
    if is_host_coordinator(actor, process):
        return True
    own_party = actor.party_in(_process_id(process))
    return bool(is_head_of_delegation(actor, process)) and own_party == party_id


def can_request_meeting(actor: Actor, process, party_ids: set[int]) -> bool:
    """The host for any meeting; a party for a meeting it takes part in."""
    if is_host(actor, process):
        return True
    own_party = actor.party_in(_process_id(process))
    return own_party is not None and own_party in party_ids


def refusal(*, actor: Actor, action: str, process) -> NotFound:
    """The one NotFound of a refusal in a process, carrying the denial to audit."""
    process_id = _process_id(process)
    return NotFound(Denial(actor, action, "talks.process", str(process_id), process_id))


def require(allowed: bool, *, actor: Actor, action: str, process) -> None:
    """Unless `allowed`, refuses with the one NotFound and audits the denial against the process."""
    if not allowed:
        raise refusal(actor=actor, action=action, process=process)
