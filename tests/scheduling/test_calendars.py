"""ICS feeds: valid iCalendar with the venue's VTIMEZONE, one event per meeting of the owner."""

import icalendar
from django.urls import reverse

from parley.scheduling import actions
from parley.scheduling.calendars import feed

from ..conftest import sign_in
from .conftest import solve


def _calendar(client, user, name: str, process, pk: int) -> icalendar.Calendar:
    sign_in(client, user)
    response = client.get(reverse(f"scheduling:{name}", args=[process.pk, pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _events(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def test_delegation_feed_has_one_event_per_meeting_of_its_party(client, plan, published):
    north = plan.process.delegations.get(party=plan.talks.north)
    calendar = _calendar(
        client, plan.talks.users["north_staff"], "delegation-calendar", plan.process, north.pk
    )
    titles = sorted(str(e["SUMMARY"]) for e in _events(calendar))
    assert titles == sorted(
        ["Border working group", "Senior bilateral", "Leaders' meeting", "Northland caucus"]
    )
    assert len({str(e["UID"]) for e in _events(calendar)}) == 4


def test_feed_is_valid_with_the_venue_time_zone(client, plan, published):
    calendar = _calendar(
        client,
        plan.talks.users["coordinator"],
        "room-calendar",
        plan.process,
        plan.rooms["hall"].pk,
    )
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Vienna"]
    assert calendar.get_missing_tzids() == set()
    [event] = _events(calendar)
    entry = published.entries.get(room=plan.rooms["hall"])
    assert event.start == entry.starts_at and event.end == entry.ends_at
    assert str(event.start.tzinfo) == "Europe/Vienna"
    assert event["DTSTAMP"].dt == published.published_at.replace(microsecond=0)
    assert event["SEQUENCE"] == 0
    assert str(event["SUMMARY"]) == "Leaders' meeting"


def test_member_feed_lists_only_their_meetings(client, plan, published):
    leader = plan.meetings["summit"].participants.get(name="North leader")
    calendar = _calendar(
        client, plan.talks.users["north_head"], "member-calendar", plan.process, leader.pk
    )
    assert [str(e["SUMMARY"]) for e in _events(calendar)] == ["Leaders' meeting"]


def test_uid_stays_and_sequence_grows_when_a_meeting_moves(
    client, plan, published, django_capture_on_commit_callbacks
):
    caucus = plan.meetings["caucus_n"]
    north = plan.process.delegations.get(party=plan.talks.north)
    before = _calendar(
        client, plan.talks.users["coordinator"], "delegation-calendar", plan.process, north.pk
    )
    actions.pin_set(
        actor=plan.talks.actor("coordinator"),
        meeting=caucus,
        room=plan.rooms["office"],
        starts_at=plan.at(1, 12),
    )
    run = solve(plan, django_capture_on_commit_callbacks)
    actions.programme_publish(actor=plan.talks.actor("coordinator"), run=run)
    after = _calendar(
        client, plan.talks.users["coordinator"], "delegation-calendar", plan.process, north.pk
    )

    def caucus_event(calendar):
        return next(e for e in _events(calendar) if str(e["SUMMARY"]) == caucus.title)

    old, new = caucus_event(before), caucus_event(after)
    assert str(old["UID"]) == str(new["UID"])
    assert (old["SEQUENCE"], new["SEQUENCE"]) == (0, 1)
    assert new.start == plan.at(1, 12)


def test_a_party_cannot_fetch_another_partys_delegation_feed(client, plan, published):
    south = plan.process.delegations.get(party=plan.talks.south)
    sign_in(client, plan.talks.users["north_head"])
    forbidden = client.get(
        reverse("scheduling:delegation-calendar", args=[plan.process.pk, south.pk])
    )
    missing = client.get(reverse("scheduling:delegation-calendar", args=[plan.process.pk, 987654]))
    assert (forbidden.status_code, missing.status_code) == (404, 404)
    assert forbidden.content == missing.content


def test_a_feed_before_any_version_is_empty_but_valid(plan):
    calendar = icalendar.Calendar.from_ical(
        feed(process=plan.process, version=None, entries=[], name="Nothing yet")
    )
    assert _events(calendar) == []
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Vienna"]
