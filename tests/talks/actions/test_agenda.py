"""Delegations, tracks, the agenda and its links, and a party's private positions."""

import pytest
from django.db import IntegrityError

from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent
from parley.talks import actions
from parley.talks.audit_actions import (
    AGENDA_ITEM_ADD,
    AGENDA_LINK_ADD,
    MEMBER_ADD,
    TRACK_ADD,
)
from parley.talks.models import (
    AgendaItem,
    AgendaLink,
    Level,
    Member,
    Party,
    Position,
    Track,
)

from ...conftest import Talks, jam_the_audit_chain
from ...factories import (
    AgendaItemFactory,
    TrackFactory,
)


def test_position_is_saved_for_the_actors_own_party(talks):
    actions.position_save(actor=talks.actor("north_negotiator"), item=talks.item, body=" Hold. ")
    assert list(Position.objects.values_list("party__code", "body")) == [("north", "Hold.")]
    assert list(AuditEvent.objects.values_list("action", "object_type")) == [
        ("position.save", "talks.position")
    ]


def test_position_body_never_enters_the_audit_chain(talks):
    actions.position_save(actor=talks.actor("north_head"), item=talks.item, body="red line 42")
    assert "red line 42" not in str(list(AuditEvent.objects.values()))


def test_host_cannot_write_a_position(talks):
    with pytest.raises(NotFound):
        actions.position_save(actor=talks.actor("coordinator"), item=talks.item, body="x")
    assert Position.objects.count() == 0


def test_empty_position_is_refused_and_nothing_written(talks):
    with pytest.raises(Conflict):
        actions.position_save(actor=talks.actor("north_head"), item=talks.item, body="   ")
    assert (Position.objects.count(), AuditEvent.objects.count()) == (0, 0)


# Delegations, tracks and the agenda


def _member(talks: Talks, who: str, party: Party, **fields) -> Member:
    return actions.member_add(
        actor=talks.actor(who),
        process=talks.process,
        party=party,
        name=fields.pop("name", "Ida Lund"),
        level=fields.pop("level", Level.EXPERT),
        **fields,
    )


@pytest.mark.parametrize("who", ["coordinator", "north_head"])
def test_member_add_by_the_coordinator_or_the_partys_own_head(talks, who):
    member = _member(talks, who, talks.north, languages=["en", "ru"])
    assert (member.delegation.party, member.languages) == (talks.north, ["en", "ru"])
    assert list(AuditEvent.objects.values_list("action", "party")) == [(MEMBER_ADD, "north")]


@pytest.mark.parametrize("who", ["south_head", "north_negotiator", "protocol"])
def test_member_add_by_anyone_else_is_refused_and_writes_nothing(talks, who):
    before = Member.objects.count()
    with pytest.raises(NotFound):
        _member(talks, who, talks.north)
    assert Member.objects.count() == before
    assert AuditEvent.objects.count() == 0


def test_a_member_account_must_hold_a_role_of_that_party(talks):
    with pytest.raises(Conflict):
        _member(talks, "coordinator", talks.north, user=talks.users["south_staff"])
    member = _member(talks, "coordinator", talks.north, user=talks.users["north_staff"])
    assert member.user == talks.users["north_staff"]


def test_track_add_by_a_planner(talks):
    track = actions.track_add(actor=talks.actor("protocol"), process=talks.process, name="Borders")
    assert track.process == talks.process
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [TRACK_ADD]
    with pytest.raises(Conflict):
        actions.track_add(actor=talks.actor("protocol"), process=talks.process, name="Borders")


def test_track_add_by_a_party_is_refused(talks):
    with pytest.raises(NotFound):
        actions.track_add(actor=talks.actor("north_head"), process=talks.process, name="Borders")
    assert Track.objects.count() == 0


def test_agenda_item_add_numbers_it_next_and_keeps_its_title_out_of_the_chain(talks):
    item = actions.agenda_item_add(
        actor=talks.actor("south_negotiator"),
        process=talks.process,
        title="Prisoners",
        category="humanitarian",
        track=TrackFactory(process=talks.process),
    )
    assert item.number == 3  # the talks fixture has items 1 and 2
    event = AuditEvent.objects.get()
    assert (event.action, event.party, event.detail) == (AGENDA_ITEM_ADD, "south", {"number": 3})
    assert "Prisoners" not in str(event.detail)


@pytest.mark.parametrize("who", ["coordinator", "north_staff"])
def test_agenda_item_add_by_the_host_or_staff_is_refused(talks, who):
    with pytest.raises(NotFound):
        actions.agenda_item_add(
            actor=talks.actor(who), process=talks.process, title="x", category="legal"
        )
    assert AgendaItem.objects.count() == 2


def test_agenda_item_with_a_track_of_another_process_is_a_conflict(talks):
    with pytest.raises(Conflict):
        actions.agenda_item_add(
            actor=talks.actor("north_head"),
            process=talks.process,
            title="x",
            category="legal",
            track=TrackFactory(),
        )
    assert AgendaItem.objects.count() == 2


def test_agenda_link_add_links_two_items_once(talks):
    third = AgendaItemFactory(process=talks.process, number=3)
    actions.agenda_link_add(actor=talks.actor("north_head"), source=third, target=talks.item)
    assert list(AuditEvent.objects.values_list("action", "detail")) == [
        (AGENDA_LINK_ADD, {"source": 3, "target": 1})
    ]
    with pytest.raises(Conflict):
        actions.agenda_link_add(actor=talks.actor("north_head"), source=third, target=talks.item)
    with pytest.raises(NotFound):
        actions.agenda_link_add(actor=talks.actor("coordinator"), source=talks.item, target=third)
    with pytest.raises(Conflict):
        other = AgendaItemFactory()
        actions.agenda_link_add(actor=talks.actor("north_head"), source=third, target=other)
    assert AgendaLink.objects.filter(source=third).count() == 1


def test_delegations_and_agenda_and_their_audit_events_stand_or_fall_together(talks):
    third = AgendaItemFactory(process=talks.process, number=3)
    jam_the_audit_chain()
    with pytest.raises(IntegrityError):
        _member(talks, "north_head", talks.north)
    with pytest.raises(IntegrityError):
        actions.track_add(actor=talks.actor("protocol"), process=talks.process, name="Borders")
    with pytest.raises(IntegrityError):
        actions.agenda_item_add(
            actor=talks.actor("north_head"), process=talks.process, title="x", category="legal"
        )
    with pytest.raises(IntegrityError):
        actions.agenda_link_add(actor=talks.actor("north_head"), source=third, target=talks.item)
    assert (Member.objects.count(), Track.objects.count(), AgendaItem.objects.count()) == (2, 0, 3)
    assert AgendaLink.objects.filter(source=third).count() == 0
