"""ICS feeds: valid iCalendar with the venue's VTIMEZONE, one event per meeting of the owner."""

import hashlib

import icalendar
import pytest
from django.urls import reverse

from parley.core.errors import NotFound
from parley.core.models import AuditEvent
from parley.scheduling import actions
from parley.scheduling.calendars import feed
from parley.scheduling.models import CalendarLink
from parley.talks.models import Role

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


def _make_address(client, user, process, feed: str):
    sign_in(client, user)
    return client.post(
        reverse("scheduling:calendar-links", args=[process.pk]), {"feed": feed}, follow=True
    )


def _address_in(response) -> str:
    page = response.content.decode()
    start = page.index('id="new-address" value="') + len('id="new-address" value="')
    return page[start : page.index('"', start)]


def test_a_calendar_app_reads_a_delegation_feed_at_its_secret_address(client, plan, published):
    north = plan.process.delegations.get(party=plan.talks.north)
    made = _make_address(
        client, plan.talks.users["north_staff"], plan.process, f"delegation:{north.pk}"
    )
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    address = _address_in(made)
    again = client.get(reverse("scheduling:calendar-links", args=[plan.process.pk]))
    assert 'id="new-address"' not in again.content.decode()  # shown once
    assert address.startswith("http://testserver/feeds/") and address.endswith(".ics")
    client.logout()  # a calendar app has no session
    response = client.get(address)
    assert response.status_code == 200
    titles = sorted(
        str(e["SUMMARY"]) for e in _events(icalendar.Calendar.from_ical(response.content))
    )
    assert titles == sorted(
        ["Border working group", "Senior bilateral", "Leaders' meeting", "Northland caucus"]
    )


def test_only_the_digest_of_an_address_token_is_stored(client, plan, published):
    made = _make_address(
        client, plan.talks.users["coordinator"], plan.process, f"room:{plan.rooms['hall'].pk}"
    )
    token = _address_in(made).rsplit("/", 1)[1].removesuffix(".ics")
    link = CalendarLink.objects.get()
    assert link.digest == hashlib.sha256(token.encode()).hexdigest()
    stored = CalendarLink.objects.values_list().get()
    assert token not in [str(value) for value in stored]


def test_a_closed_address_answers_like_an_unknown_one(client, plan, published):
    north = plan.process.delegations.get(party=plan.talks.north)
    address = _address_in(
        _make_address(
            client, plan.talks.users["north_head"], plan.process, f"delegation:{north.pk}"
        )
    )
    link = CalendarLink.objects.get()
    closed = client.post(
        reverse("scheduling:calendar-link-revoke", args=[plan.process.pk, link.pk]), follow=True
    )
    assert "calendar apps can no longer read it" in closed.content.decode()
    client.logout()
    gone = client.get(address)
    unknown = client.get(reverse("scheduling:calendar-by-address", args=["no-such-token"]))
    assert gone.status_code == unknown.status_code == 404
    assert gone.content == unknown.content


def test_an_address_closes_for_good_when_its_owner_loses_the_role(client, plan, published):
    north = plan.process.delegations.get(party=plan.talks.north)
    staff = plan.talks.users["north_staff"]
    address = _address_in(_make_address(client, staff, plan.process, f"delegation:{north.pk}"))
    client.logout()
    assert client.get(address).status_code == 200
    role = Role.objects.get(user=staff)
    role.delete()
    assert client.get(address).status_code == 404
    events = AuditEvent.objects.count()
    role.save()  # the role given back does not reopen the address
    assert client.get(address).status_code == 404
    assert AuditEvent.objects.count() == events  # later polls leave no trace
    assert CalendarLink.objects.get().revoked_at is not None
    expired = AuditEvent.objects.filter(action="calendar.link.expire").get()
    assert expired.detail["owner"] == staff.pk


def test_an_address_answers_404_once_its_owner_is_deactivated(client, plan, published):
    staff = plan.talks.users["north_staff"]
    address = _address_in(
        _make_address(client, staff, plan.process, f"room:{plan.rooms['hall'].pk}")
    )
    client.logout()
    staff.is_active = False
    staff.save()
    assert client.get(address).status_code == 404


def test_member_and_room_feeds_are_read_at_their_addresses(client, plan, published):
    leader = plan.meetings["summit"].participants.get(name="North leader")
    head = plan.talks.users["north_head"]
    member_address = _address_in(_make_address(client, head, plan.process, f"member:{leader.pk}"))
    room_address = _address_in(
        _make_address(client, head, plan.process, f"room:{plan.rooms['hall'].pk}")
    )
    client.logout()
    for address in (member_address, room_address):
        events = _events(icalendar.Calendar.from_ical(client.get(address).content))
        assert [str(e["SUMMARY"]) for e in events] == ["Leaders' meeting"]


@pytest.mark.parametrize("feed", ["delegation", "member"])
def test_a_party_cannot_make_an_address_for_another_partys_calendars(client, plan, published, feed):
    south = plan.process.delegations.get(party=plan.talks.south)
    pk = south.pk if feed == "delegation" else south.members.first().pk
    refused = _make_address(client, plan.talks.users["north_staff"], plan.process, f"{feed}:{pk}")
    missing = _make_address(client, plan.talks.users["north_staff"], plan.process, f"{feed}:0")
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    assert not CalendarLink.objects.exists()
    denial = AuditEvent.objects.filter(decision="denied").order_by("sequence").last()
    assert denial.action == f"calendar.{feed}.read"


def test_making_and_closing_an_address_are_audited(plan, published):
    actor = plan.talks.actor("protocol")
    link, _token = actions.calendar_link_create(
        actor=actor, process=plan.process, feed="room", pk=plan.rooms["hall"].pk
    )
    actions.calendar_link_revoke(actor=actor, process=plan.process, pk=link.pk)
    recorded = list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))
    assert recorded[-2:] == ["calendar.link.create", "calendar.link.revoke"]


def test_nobody_closes_another_persons_address(plan, published):
    link, _token = actions.calendar_link_create(
        actor=plan.talks.actor("north_head"),
        process=plan.process,
        feed="room",
        pk=plan.rooms["hall"].pk,
    )
    with pytest.raises(NotFound):
        actions.calendar_link_revoke(
            actor=plan.talks.actor("coordinator"), process=plan.process, pk=link.pk
        )
    link.refresh_from_db()
    assert link.revoked_at is None
