"""Setting up talks: venues, parties and processes by those entrusted with it, the parties of a
process by its coordinator; refused like a missing object for anyone else, and standing or
falling with their audit events."""

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError

from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent
from parley.talks import actions
from parley.talks.audit_actions import (
    PARTY_REGISTER,
    PROCESS_OPEN,
    VENUE_ADD,
)
from parley.talks.models import (
    Party,
    Process,
    Role,
    RoleKind,
    Venue,
)

from ...conftest import jam_the_audit_chain
from ...factories import (
    PartyFactory,
    UserFactory,
    VenueFactory,
)


@pytest.mark.parametrize("who", ["protocol", "services", "north_head", "south_negotiator"])
def test_only_the_host_coordinator_adds_or_removes_a_party(talks, who):
    east = PartyFactory(code="east", name="Eastland")
    with pytest.raises(NotFound):
        actions.party_join(actor=talks.actor(who), process=talks.process, party=east)
    with pytest.raises(NotFound):
        actions.party_leave(actor=talks.actor(who), process=talks.process, party=talks.south)
    assert sorted(talks.process.parties.values_list("code", flat=True)) == ["north", "south"]


def test_party_join_and_leave_are_audited_with_a_delegation(talks):
    east = PartyFactory(code="east", name="Eastland")
    delegation = actions.party_join(
        actor=talks.actor("coordinator"), process=talks.process, party=east
    )
    assert (delegation.process, delegation.party) == (talks.process, east)
    with pytest.raises(Conflict):
        actions.party_join(actor=talks.actor("coordinator"), process=talks.process, party=east)
    actions.party_leave(actor=talks.actor("coordinator"), process=talks.process, party=east)
    with pytest.raises(Conflict):
        actions.party_leave(actor=talks.actor("coordinator"), process=talks.process, party=east)
    assert list(AuditEvent.objects.values_list("action", "detail__party")) == [
        ("party.join", "east"),
        ("party.leave", "east"),
    ]


# Setting up: venues, parties, processes. Only someone entrusted with it (talks.add_process).


@pytest.fixture
def opener(db) -> Actor:
    user = UserFactory(username="opener")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="talks", codename="add_process")
    )
    return Actor.for_user(user)


def _allowed(action: str) -> list[tuple[str, str]]:
    return list(AuditEvent.objects.filter(action=action).values_list("action", "decision"))


def test_venue_add_records_the_venue_and_its_zone(opener):
    venue = actions.venue_add(actor=opener, name="Lakeside", time_zone="Europe/Vienna")
    assert (venue.name, venue.time_zone) == ("Lakeside", "Europe/Vienna")
    assert _allowed(VENUE_ADD) == [(VENUE_ADD, "allowed")]


def test_venue_with_an_unknown_time_zone_is_a_conflict(opener):
    with pytest.raises(Conflict) as refused:
        actions.venue_add(actor=opener, name="Lakeside", time_zone="Europe/Atlantis")
    assert refused.value.message == "Europe/Atlantis is not a known time zone."
    assert (Venue.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_party_register_records_the_party(opener):
    party = actions.party_register(actor=opener, code="east", name="Eastland", colour="#00AA00")
    assert (party.code, party.colour) == ("east", "#00aa00")
    assert list(AuditEvent.objects.values_list("action", "detail__party")) == [
        (PARTY_REGISTER, "east")
    ]


def test_process_open_makes_the_opener_its_host_coordinator(opener):
    venue = VenueFactory()
    process = actions.process_open(actor=opener, title="Talks on the river", venue=venue)
    assert Role.objects.get(process=process).kind == RoleKind.HOST_COORDINATOR
    assert Actor.for_user(opener.user).has_role(process.pk, RoleKind.HOST_COORDINATOR)
    assert list(AuditEvent.objects.values_list("action", "process_id")) == [
        (PROCESS_OPEN, process.pk)
    ]


def test_a_process_title_is_taken_once(opener):
    venue = VenueFactory()
    actions.process_open(actor=opener, title="Talks on the river", venue=venue)
    with pytest.raises(Conflict):
        actions.process_open(actor=opener, title=" Talks on the river ", venue=venue)
    assert (Process.objects.count(), AuditEvent.objects.count()) == (1, 1)


@pytest.mark.parametrize("who", ["coordinator", "north_head"])
def test_only_those_entrusted_set_up_talks_and_a_refusal_writes_nothing(talks, who):
    actor = talks.actor(who)
    before = (Venue.objects.count(), Party.objects.count(), Process.objects.count())
    with pytest.raises(NotFound) as venue_refused:
        actions.venue_add(actor=actor, name="Elsewhere")
    with pytest.raises(NotFound):
        actions.party_register(actor=actor, code="east", name="Eastland")
    with pytest.raises(NotFound):
        actions.process_open(actor=actor, title="Other talks", venue=talks.process.venue)
    assert venue_refused.value.denial.action == VENUE_ADD
    assert (Venue.objects.count(), Party.objects.count(), Process.objects.count()) == before
    assert AuditEvent.objects.count() == 0


def test_setting_up_and_its_audit_event_stand_or_fall_together(opener):
    venue = VenueFactory()
    jam_the_audit_chain()
    with pytest.raises(IntegrityError):
        actions.venue_add(actor=opener, name="Lakeside")
    with pytest.raises(IntegrityError):
        actions.party_register(actor=opener, code="east", name="Eastland")
    with pytest.raises(IntegrityError):
        actions.process_open(actor=opener, title="Talks on the river", venue=venue)
    assert (Venue.objects.count(), Party.objects.count(), Process.objects.count()) == (1, 0, 0)
    assert Role.objects.count() == 0
