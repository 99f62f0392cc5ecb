"""Reads of the talks: who sees which meetings. Pages and the API read the same query."""

import pytest
from django.urls import reverse

from parley.core.actors import Actor
from parley.core.errors import NotFound
from parley.talks import queries
from parley.talks.models import MeetingStatus

from ..conftest import ROLE_NAMES, Talks, sign_in
from ..factories import MeetingFactory, TextVersionFactory, TrackFactory


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


# Processes


def test_process_for_an_outsider_is_not_found_with_a_denial(talks, outsider):
    with pytest.raises(NotFound) as refused:
        queries.process_for(actor=Actor.for_user(outsider), pk=talks.process.pk)
    assert refused.value.denial.object_id == str(talks.process.pk)


def test_missing_process_is_not_found_without_a_denial(talks):
    with pytest.raises(NotFound) as refused:
        queries.process_for(actor=talks.actor("coordinator"), pk=10**6)
    assert refused.value.denial is None


# The facts behind readiness


def test_only_a_held_meeting_between_parties_on_the_items_track_prepares_it(talks):
    track = TrackFactory(process=talks.process, name="Borders")
    talks.item.track = track
    talks.item.save()
    for status, kind in [
        (MeetingStatus.SCHEDULED, "working_group"),
        (MeetingStatus.CANCELLED, "working_group"),
        (MeetingStatus.POSTPONED, "working_group"),
        (MeetingStatus.HELD, "caucus"),
    ]:
        MeetingFactory(
            process=talks.process, track=track, level="minister", status=status, kind=kind
        )
    facts = queries.readiness_facts(process=talks.process)
    assert facts.held == {}
    MeetingFactory(process=talks.process, track=track, level="minister", status="held", title="M")
    facts = queries.readiness_facts(process=talks.process)
    assert facts.held == {(track.pk, "minister"): ("M",)}


def test_open_brackets_are_counted_on_the_paragraphs_of_the_current_version(talks):
    version = TextVersionFactory(text__item=talks.item, body="1. [a][b]\n\n2. [c]\n\n3. Agreed.\n")
    TextVersionFactory(text=version.text, body="1. a\n\n2. [c]\n\n3. Agreed.\n")
    (border,) = [i for i in queries.readiness_facts(process=talks.process).items if i.key]
    assert (border.has_text, border.brackets, border.paragraphs) == (True, 1, 1)


def test_an_outsider_gets_no_readiness_report(talks, outsider):
    from parley.core.actors import Actor
    from parley.core.errors import NotFound

    with pytest.raises(NotFound):
        queries.readiness_for(
            actor=Actor.for_user(outsider), process_pk=talks.process.pk, level="leader"
        )


def test_a_postponed_meeting_stays_on_every_partys_view_of_the_programme(meetings):
    talks = meetings
    _meeting(talks, "South review", talks.south, status=MeetingStatus.POSTPONED)
    assert "South review" in _titles(talks, "north_staff")
