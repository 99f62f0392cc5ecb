import pytest

from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent
from parley.talks import actions
from parley.talks.models import Level, MeetingKind, Position

from ..factories import MeetingFactory, PartyFactory


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


def test_meeting_request_by_a_party_records_preparation(talks):
    prep = MeetingFactory(process=talks.process)
    meeting = actions.meeting_request(
        actor=talks.actor("south_negotiator"),
        process=talks.process,
        title="Senior officials",
        level=Level.SENIOR,
        kind=MeetingKind.BILATERAL,
        parties=[talks.north, talks.south],
        size=8,
        duration_minutes=90,
        after=[(prep, 30)],
    )
    assert list(meeting.requires.values_list("before", "gap_minutes")) == [(prep.pk, 30)]
    assert list(AuditEvent.objects.values_list("action", "party")) == [("meeting.request", "south")]


def test_party_cannot_request_a_meeting_it_does_not_attend(talks):
    with pytest.raises(NotFound):
        actions.meeting_request(
            actor=talks.actor("south_negotiator"),
            process=talks.process,
            title="North caucus",
            level=Level.EXPERT,
            kind=MeetingKind.CAUCUS,
            parties=[talks.north],
            size=4,
            duration_minutes=60,
        )


def test_meeting_with_a_party_outside_the_process_is_refused(talks):
    with pytest.raises(Conflict):
        actions.meeting_request(
            actor=talks.actor("coordinator"),
            process=talks.process,
            title="x",
            level=Level.EXPERT,
            kind=MeetingKind.BILATERAL,
            parties=[PartyFactory()],
            size=4,
            duration_minutes=60,
        )
    assert AuditEvent.objects.count() == 0


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
