"""Roles and consent: who grants and revokes which role, who consents to share substance;
refusals write nothing, and each write stands or falls with its audit event."""

import pytest
from django.db import IntegrityError

from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent
from parley.talks import actions
from parley.talks.audit_actions import (
    PROCESS_READ,
    ROLE_GRANT,
    ROLE_REVOKE,
)
from parley.talks.models import (
    Role,
    RoleKind,
)
from parley.talks.rules import can_see_substance

from ...conftest import jam_the_audit_chain
from ...factories import (
    UserFactory,
)

# Consent to share substance


def _events() -> list[tuple[str, str, str]]:
    return list(AuditEvent.objects.values_list("action", "actor", "decision"))


def test_host_sees_substance_only_once_every_party_consents(talks):
    coordinator = talks.actor("coordinator")
    actions.share_grant(actor=talks.actor("north_head"), process=talks.process)
    assert not can_see_substance(coordinator, talks.process)
    actions.share_grant(actor=talks.actor("south_head"), process=talks.process)
    assert can_see_substance(coordinator, talks.process)


def test_one_revocation_closes_the_host_view_again(talks):
    for head in ("north_head", "south_head"):
        actions.share_grant(actor=talks.actor(head), process=talks.process)
    actions.share_revoke(actor=talks.actor("south_head"), process=talks.process)
    assert not can_see_substance(talks.actor("services"), talks.process)


def test_share_grant_and_revoke_write_exactly_their_events(talks):
    actions.share_grant(actor=talks.actor("north_head"), process=talks.process)
    actions.share_grant(actor=talks.actor("north_head"), process=talks.process)  # no change
    actions.share_revoke(actor=talks.actor("north_head"), process=talks.process)
    assert _events() == [
        ("share.grant", "north-head", "allowed"),
        ("share.revoke", "north-head", "allowed"),
    ]
    assert list(AuditEvent.objects.values_list("party", flat=True)) == ["north", "north"]


@pytest.mark.parametrize("role", ["north_negotiator", "north_staff", "coordinator", "protocol"])
def test_only_a_head_of_delegation_can_grant_a_share(talks, role):
    with pytest.raises(NotFound) as refused:
        actions.share_grant(actor=talks.actor(role), process=talks.process)
    assert refused.value.denial.action == "share.grant"
    assert _events() == []


# Roles: a coordinator grants the host's roles and heads; a head its own party's people.


@pytest.mark.parametrize(
    ("granter", "kind", "party"),
    [
        ("coordinator", RoleKind.HOST_PROTOCOL, None),
        ("coordinator", RoleKind.HEAD_OF_DELEGATION, "south"),
        ("north_head", RoleKind.NEGOTIATOR, "north"),
        ("north_head", RoleKind.STAFF, "north"),
    ],
)
def test_role_grant_by_whom_the_rules_allow(talks, granter, kind, party):
    newcomer = UserFactory()
    role = actions.role_grant(
        actor=talks.actor(granter),
        process=talks.process,
        user=newcomer,
        kind=kind,
        party=getattr(talks, party) if party else None,
    )
    assert Actor.for_user(newcomer).has_role(talks.process.pk, kind)
    assert list(AuditEvent.objects.values_list("action", "detail")) == [
        (ROLE_GRANT, {"user": newcomer.username, "kind": kind, "party": party or ""})
    ]
    assert role.process == talks.process


@pytest.mark.parametrize(
    ("granter", "kind", "party"),
    [
        ("north_head", RoleKind.HOST_SERVICES, None),
        ("north_head", RoleKind.HEAD_OF_DELEGATION, "north"),
        ("north_head", RoleKind.NEGOTIATOR, "south"),
        ("coordinator", RoleKind.NEGOTIATOR, "north"),
        ("protocol", RoleKind.HOST_PROTOCOL, None),
        ("north_negotiator", RoleKind.STAFF, "north"),
    ],
)
def test_role_grant_by_anyone_else_is_refused_like_a_missing_process(talks, granter, kind, party):
    with pytest.raises(NotFound) as refused:
        actions.role_grant(
            actor=talks.actor(granter),
            process=talks.process,
            user=UserFactory(),
            kind=kind,
            party=getattr(talks, party) if party else None,
        )
    assert refused.value.denial.action == ROLE_GRANT
    assert Role.objects.count() == 9
    assert AuditEvent.objects.count() == 0


def test_role_grant_to_an_outsider_of_the_process_is_refused(talks, outsider):
    with pytest.raises(NotFound) as refused:
        actions.role_grant(
            actor=Actor.for_user(outsider),
            process=talks.process,
            user=UserFactory(),
            kind=RoleKind.STAFF,
            party=talks.north,
        )
    assert refused.value.denial.action == PROCESS_READ


@pytest.mark.parametrize(
    ("kind", "party", "message"),
    [
        ("mediator", None, "There is no such role."),
        (RoleKind.HOST_SERVICES, "north", "A host role speaks for no party."),
        (RoleKind.HEAD_OF_DELEGATION, None, "A party's role needs its party."),
    ],
)
def test_role_of_the_wrong_shape_is_a_conflict(talks, kind, party, message):
    with pytest.raises(Conflict) as refused:
        actions.role_grant(
            actor=talks.actor("coordinator"),
            process=talks.process,
            user=UserFactory(),
            kind=kind,
            party=getattr(talks, party) if party else None,
        )
    assert refused.value.message == message
    assert AuditEvent.objects.count() == 0


def test_a_person_holds_one_role_per_process(talks):
    with pytest.raises(Conflict):
        actions.role_grant(
            actor=talks.actor("coordinator"),
            process=talks.process,
            user=talks.users["north_staff"],
            kind=RoleKind.HOST_PROTOCOL,
        )
    assert Role.objects.get(user=talks.users["north_staff"]).kind == RoleKind.STAFF


def test_role_revoke_ends_what_its_granter_may_grant(talks):
    staff = Role.objects.get(user=talks.users["north_staff"])
    actions.role_revoke(actor=talks.actor("north_head"), role=staff)
    assert Actor.for_user(talks.users["north_staff"]).grant_in(talks.process.pk) is None
    assert list(AuditEvent.objects.values_list("action", "party", "detail__user")) == [
        (ROLE_REVOKE, "north", "north-staff")
    ]


@pytest.mark.parametrize(
    ("who", "whose"), [("south_head", "north_staff"), ("protocol", "services")]
)
def test_role_revoke_by_anyone_else_is_refused_and_ends_nothing(talks, who, whose):
    role = Role.objects.get(user=talks.users[whose])
    with pytest.raises(NotFound) as refused:
        actions.role_revoke(actor=talks.actor(who), role=role)
    assert refused.value.denial.action == ROLE_REVOKE
    assert Role.objects.filter(pk=role.pk).exists()


def test_the_last_host_coordinator_stays(talks):
    own = Role.objects.get(user=talks.users["coordinator"])
    with pytest.raises(Conflict):
        actions.role_revoke(actor=talks.actor("coordinator"), role=own)
    assert Role.objects.filter(pk=own.pk).exists()


def test_roles_and_their_audit_events_stand_or_fall_together(talks):
    staff = Role.objects.get(user=talks.users["north_staff"])
    jam_the_audit_chain()
    with pytest.raises(IntegrityError):
        actions.role_grant(
            actor=talks.actor("north_head"),
            process=talks.process,
            user=UserFactory(),
            kind=RoleKind.STAFF,
            party=talks.north,
        )
    with pytest.raises(IntegrityError):
        actions.role_revoke(actor=talks.actor("north_head"), role=staff)
    assert Role.objects.count() == 9
