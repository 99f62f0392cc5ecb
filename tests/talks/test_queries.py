"""Reads of the talks: who sees which meetings. Pages and the API read the same query."""

import pytest
from django.urls import reverse

from parley.talks import queries
from parley.talks.models import MeetingStatus

from ..conftest import ROLE_NAMES, Talks, sign_in
from ..factories import MeetingFactory


def _meeting(talks: Talks, title: str, *parties, status=MeetingStatus.REQUESTED):
    meeting = MeetingFactory(process=talks.process, title=title, status=status)
    meeting.parties.set(parties)
    return meeting


@pytest.fixture
def meetings(talks):
    north_caucus = _meeting(talks, "North caucus", talks.north)
    _meeting(talks, "South caucus", talks.south)
    _meeting(talks, "Bilateral", talks.north, talks.south)
    _meeting(talks, "South briefing", talks.south, status=MeetingStatus.SCHEDULED)
    # south's unscheduled caucus prepares north's: north must not learn its title that way
    north_caucus.requires.create(before=talks.process.meetings.get(title="South caucus"))
    return talks


def _titles(talks: Talks, who: str) -> list[str]:
    seen = queries.meetings_visible_to(actor=talks.actor(who), process=talks.process)
    return sorted(m.title for m in seen)


def test_party_sees_its_own_requests_and_the_programme_never_anothers_requests(meetings):
    talks = meetings
    for who in ("coordinator", "services", "protocol"):
        everything = ["Bilateral", "North caucus", "South briefing", "South caucus"]
        assert _titles(talks, who) == everything
    for who in ("north_head", "north_negotiator", "north_staff"):
        assert _titles(talks, who) == ["Bilateral", "North caucus", "South briefing"]
    for who in ("south_head", "south_negotiator", "south_staff"):
        assert _titles(talks, who) == ["Bilateral", "South briefing", "South caucus"]


def test_preparations_of_a_visible_meeting_name_only_visible_meetings(meetings):
    talks = meetings
    caucus = queries.meetings_visible_to(
        actor=talks.actor("north_staff"), process=talks.process
    ).get(title="North caucus")
    assert list(caucus.requires.all()) == []
    caucus = queries.meetings_visible_to(
        actor=talks.actor("coordinator"), process=talks.process
    ).get(title="North caucus")
    assert [p.before.title for p in caucus.requires.all()] == ["South caucus"]


@pytest.mark.parametrize("who", sorted(ROLE_NAMES))
def test_api_lists_exactly_the_meetings_the_dashboard_reads(client, meetings, who):
    talks = meetings
    sign_in(client, talks.users[who])
    api = client.get(f"/api/processes/{talks.process.pk}/meetings").json()
    page = client.get(reverse("talks:process", args=[talks.process.pk]))
    assert sorted(m["title"] for m in api) == sorted(m.title for m in page.context["meetings"])
    assert sorted(m["title"] for m in api) == _titles(talks, who)
