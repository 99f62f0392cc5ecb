"""The neutrality rule: the host sees substance only while every current party consents."""

from parley.core.actors import Actor
from parley.talks import actions as talks_actions
from parley.talks.actions import share_grant, share_revoke
from parley.talks.models import SubstanceShare
from parley.talks.rules import can_see_substance

from ..conftest import Talks
from ..factories import PartyFactory, RoleFactory, UserFactory


def _host_sees(talks: Talks) -> bool:
    return bool(can_see_substance(talks.actor("coordinator"), talks.process))


def _both_consent(talks: Talks) -> None:
    for head in ("north_head", "south_head"):
        share_grant(actor=talks.actor(head), process=talks.process)


def test_host_sees_substance_only_with_every_partys_consent(talks):
    assert not _host_sees(talks)
    share_grant(actor=talks.actor("north_head"), process=talks.process)
    assert not _host_sees(talks)
    share_grant(actor=talks.actor("south_head"), process=talks.process)
    assert _host_sees(talks)
    share_revoke(actor=talks.actor("south_head"), process=talks.process)
    assert not _host_sees(talks)


def test_stale_consent_of_a_party_outside_the_process_stands_for_nobody(talks):
    share_grant(actor=talks.actor("north_head"), process=talks.process)
    stranger = PartyFactory(code="east", name="Eastland")
    SubstanceShare.objects.create(
        process=talks.process, party=stranger, granted_by=talks.users["north_head"]
    )
    # Two consents for two parties, but one of them is not south's.
    assert SubstanceShare.objects.filter(process=talks.process).count() == 2
    assert not _host_sees(talks)


def test_a_party_joining_has_not_consented_yet(talks):
    _both_consent(talks)
    east = PartyFactory(code="east", name="Eastland")
    talks_actions.party_join(actor=talks.actor("coordinator"), process=talks.process, party=east)
    assert not _host_sees(talks)
    east_head = UserFactory(username="east-head")
    RoleFactory(user=east_head, process=talks.process, kind="head_of_delegation", party=east)
    share_grant(actor=Actor.for_user(east_head), process=talks.process)
    assert _host_sees(talks)


def test_a_party_leaving_takes_its_consent_and_its_roles_with_it(talks):
    east = PartyFactory(code="east", name="Eastland")
    talks_actions.party_join(actor=talks.actor("coordinator"), process=talks.process, party=east)
    east_head = UserFactory(username="east-head")
    RoleFactory(user=east_head, process=talks.process, kind="head_of_delegation", party=east)
    share_grant(actor=Actor.for_user(east_head), process=talks.process)
    share_grant(actor=talks.actor("north_head"), process=talks.process)
    assert not _host_sees(talks)  # south has not consented

    talks_actions.party_leave(actor=talks.actor("coordinator"), process=talks.process, party=east)
    assert not SubstanceShare.objects.filter(process=talks.process, party=east).exists()
    assert Actor.for_user(east_head).grant_in(talks.process.pk) is None
    assert not _host_sees(talks)
    share_grant(actor=talks.actor("south_head"), process=talks.process)
    assert _host_sees(talks)
    # Coming back, the party must consent afresh.
    talks_actions.party_join(actor=talks.actor("coordinator"), process=talks.process, party=east)
    assert not _host_sees(talks)
