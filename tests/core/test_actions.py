import pytest

from parley.core import actions
from parley.core.errors import NotFound
from parley.core.models import AuditEvent
from parley.core.rules import can_see_substance


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
