"""Roles in a process, and each party's consent to show the host its substance."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict

from .. import queries, rules
from ..audit_actions import (
    ROLE_GRANT,
    ROLE_REVOKE,
    SHARE_GRANT,
    SHARE_REVOKE,
)
from ..models import (
    HOST_ROLES,
    Party,
    Process,
    Role,
    RoleKind,
    SubstanceShare,
)
from .unique import create_once


def _role_detail(user: User, kind: str, party: Party | None) -> dict:
    return {"user": user.get_username(), "kind": kind, "party": party.code if party else ""}


@transaction.atomic(durable=True)
def role_grant(
    *, actor: Actor, process: Process, user: User, kind: str, party: Party | None = None
) -> Role:
    """Gives a person a role in a process (see `rules.can_grant_role` for who grants what)."""
    process = queries.process_for(actor=actor, pk=process.pk)
    if kind not in RoleKind.values:
        raise Conflict(_("There is no such role."))
    if kind in HOST_ROLES and party is not None:
        raise Conflict(_("A host role speaks for no party."))
    if kind not in HOST_ROLES and party is None:
        raise Conflict(_("A party's role needs its party."))
    allowed = rules.can_grant_role(actor, process, kind, party.pk if party else None)
    rules.require(allowed, actor=actor, action=ROLE_GRANT, process=process)
    if party is not None and not queries.is_party_of(process=process, party=party):
        raise Conflict(_("%(party)s is not a party of this process.") % {"party": party})
    held = _("%(user)s already holds a role in this process.") % {"user": user.get_username()}
    if queries.role_of(process=process, user=user) is not None:
        raise Conflict(held)
    role = create_once(
        lambda: Role.objects.create(user=user, process=process, kind=kind, party=party), held
    )
    audit.record(
        actor=actor,
        action=ROLE_GRANT,
        target=role,
        process_id=process.pk,
        party_code=party.code if party else "",
        detail=_role_detail(user, kind, party),
    )
    return role


@transaction.atomic(durable=True)
def role_revoke(*, actor: Actor, role: Role) -> None:
    """Ends a role; whoever may grant a role may end it. A process keeps one host coordinator."""
    role = queries.role_for(actor=actor, pk=role.pk, lock=True)
    allowed = rules.can_grant_role(actor, role.process_id, role.kind, role.party_id)
    rules.require(allowed, actor=actor, action=ROLE_REVOKE, process=role.process_id)
    if role.kind == RoleKind.HOST_COORDINATOR:
        coordinators = queries.host_coordinators_of(process=role.process)
        if not coordinators.exclude(pk=role.pk).exists():
            raise Conflict(_("A process keeps at least one host coordinator."))
    detail = _role_detail(role.user, role.kind, role.party)
    role.delete()
    audit.record(
        actor=actor,
        action=ROLE_REVOKE,
        process_id=role.process_id,
        party_code=detail["party"],
        detail=detail,
    )


@transaction.atomic(durable=True)
def share_grant(*, actor: Actor, process: Process) -> SubstanceShare:
    """A head of delegation consents, for their party, that the host may see the substance."""
    process = queries.process_for(actor=actor, pk=process.pk)
    allowed = rules.can_grant_share(actor, process)
    rules.require(allowed, actor=actor, action=SHARE_GRANT, process=process)
    share, created = SubstanceShare.objects.get_or_create(
        process=process, party_id=actor.party_in(process.pk), defaults={"granted_by": actor.user}
    )
    if created:
        audit.record(actor=actor, action=SHARE_GRANT, target=share, process_id=process.pk)
    return share


@transaction.atomic(durable=True)
def share_revoke(*, actor: Actor, process: Process) -> None:
    process = queries.process_for(actor=actor, pk=process.pk)
    allowed = rules.can_grant_share(actor, process)
    rules.require(allowed, actor=actor, action=SHARE_REVOKE, process=process)
    party_id = actor.party_in(process.pk)
    deleted, _deleted = SubstanceShare.objects.filter(process=process, party_id=party_id).delete()
    if deleted:
        audit.record(
            actor=actor, action=SHARE_REVOKE, process_id=process.pk, detail={"party": party_id}
        )
