"""Meeting requests: who asks for which meetings, checked before anything is written."""

import pytest
from django.db import IntegrityError

from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent
from parley.talks import actions
from parley.talks.audit_actions import (
    MEETING_REQUEST,
)
from parley.talks.models import (
    Level,
    Meeting,
    MeetingKind,
    Member,
)

from ...conftest import jam_the_audit_chain
from ...factories import (
    MeetingFactory,
    PartyFactory,
)


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


# Meetings


def test_meeting_request_with_participants_of_its_parties(talks):
    north_member = Member.objects.get(delegation__party=talks.north)
    meeting = actions.meeting_request(
        actor=talks.actor("north_negotiator"),
        process=talks.process,
        title="North caucus",
        level=Level.EXPERT,
        kind=MeetingKind.CAUCUS,
        parties=[talks.north],
        size=4,
        duration_minutes=60,
        participants=[north_member],
    )
    assert list(meeting.participants.all()) == [north_member]
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [MEETING_REQUEST]


def test_meeting_with_a_participant_of_another_party_is_refused_before_anything_is_written(talks):
    south_member = Member.objects.get(delegation__party=talks.south)
    with pytest.raises(Conflict):
        actions.meeting_request(
            actor=talks.actor("north_negotiator"),
            process=talks.process,
            title="North caucus",
            level=Level.EXPERT,
            kind=MeetingKind.CAUCUS,
            parties=[talks.north],
            size=4,
            duration_minutes=60,
            participants=[south_member],
        )
    assert (Meeting.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_meeting_request_and_its_audit_event_stand_or_fall_together(talks):
    jam_the_audit_chain()
    with pytest.raises(IntegrityError):
        actions.meeting_request(
            actor=talks.actor("coordinator"),
            process=talks.process,
            title="Plenary",
            level=Level.SENIOR,
            kind=MeetingKind.PLENARY,
            parties=[talks.north, talks.south],
            size=10,
            duration_minutes=90,
        )
    assert Meeting.objects.count() == 0
