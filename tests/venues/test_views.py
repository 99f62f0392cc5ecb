"""The venue's pages and API: local times, conflicts that name the booking, badges per party."""

import json

from django.urls import reverse

from parley.core.models import AuditEvent, Decision
from parley.venues import badges
from parley.venues.models import Booking

from ..conftest import sign_in
from .conftest import at, book, issue


def test_bookings_page_shows_times_in_the_venue_zone(client, talks, venue):
    book(talks, venue.hall)
    sign_in(client, talks.users["services"])
    page = client.get(reverse("venues:bookings", args=[talks.process.pk])).content.decode()
    # 09:00-10:00 UTC is 10:00-11:00 in Vienna; the room is held until 11:30 with its turnover.
    assert "10:00\u201311:00" in page
    assert "11:30" in page
    assert "Book a room" not in page


def test_booking_typed_in_local_time_is_stored_in_utc(client, talks, venue):
    sign_in(client, talks.users["protocol"])
    response = client.post(
        reverse("venues:booking-create", args=[talks.process.pk]),
        {
            "room": venue.hall.pk,
            "title": "Senior officials",
            "starts_at": "2026-12-01T10:00",
            "ends_at": "2026-12-01T11:00",
        },
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.starts_at, booking.ends_at) == (at(9), at(10))


def test_overlapping_booking_on_the_page_answers_409_naming_the_booking(client, talks, venue):
    book(talks, venue.hall)
    sign_in(client, talks.users["coordinator"])
    response = client.post(
        reverse("venues:booking-create", args=[talks.process.pk]),
        {
            "room": venue.hall.pk,
            "title": "Working group",
            "starts_at": "2026-12-01T10:30",
            "ends_at": "2026-12-01T12:00",
        },
    )
    assert response.status_code == 409
    assert "Leaders&#x27; plenary" in response.content.decode()
    assert Booking.objects.count() == 1


def test_move_and_cancel_from_the_page(client, talks, venue):
    booking = book(talks, venue.hall)
    sign_in(client, talks.users["coordinator"])
    moved = client.post(
        reverse("venues:booking-move", args=[talks.process.pk, booking.pk]),
        {
            "room": venue.bilateral.pk,
            "starts_at": "2026-12-01T15:00",
            "ends_at": "2026-12-01T16:00",
        },
    )
    assert moved.status_code == 302
    booking.refresh_from_db()
    assert (booking.room, booking.starts_at) == (venue.bilateral, at(14))
    client.post(reverse("venues:booking-cancel", args=[talks.process.pk, booking.pk]))
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_api_booking_answers_201_then_409_naming_the_booking(client, talks, venue):
    sign_in(client, talks.users["protocol"])
    url = reverse("api:booking_create", args=[talks.process.pk])
    body = {
        "room": venue.hall.pk,
        "title": "Leaders' plenary",
        "starts_at": "2026-12-01T09:00:00Z",
        "ends_at": "2026-12-01T10:00:00Z",
    }
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["blocked_until"] == "2026-12-01T10:30:00Z"
    clash = client.post(
        url,
        {
            **body,
            "title": "Other",
            "starts_at": "2026-12-01T10:29:00Z",
            "ends_at": "2026-12-01T11:00:00Z",
        },
        content_type="application/json",
    )
    assert clash.status_code == 409
    assert clash.json()["booking"] == created.json()["id"]
    assert "Leaders' plenary" in clash.json()["detail"]


def test_api_booking_move_and_cancel(client, talks, venue):
    booking = book(talks, venue.hall)
    sign_in(client, talks.users["coordinator"])
    moved = client.post(
        reverse("api:booking_move", args=[talks.process.pk, booking.pk]),
        {"starts_at": "2026-12-02T09:00:00+01:00", "ends_at": "2026-12-02T10:00:00+01:00"},
        content_type="application/json",
    )
    assert moved.json()["starts_at"] == "2026-12-02T08:00:00Z"
    cancelled = client.post(reverse("api:booking_cancel", args=[talks.process.pk, booking.pk]))
    assert cancelled.json()["status"] == "cancelled"


def test_party_sees_only_its_own_badges(client, talks, venue):
    north_badge = issue(talks, venue.north_member)
    issue(talks, venue.south_member)
    sign_in(client, talks.users["north_staff"])
    listed = client.get(reverse("api:badge_list", args=[talks.process.pk])).json()
    assert [b["id"] for b in listed] == [north_badge.pk]
    page = client.get(reverse("venues:badges", args=[talks.process.pk])).content.decode()
    assert venue.north_member.name in page
    assert venue.south_member.name not in page


def test_other_partys_badge_answers_like_a_missing_one_and_is_audited(client, talks, venue):
    south_badge = issue(talks, venue.south_member)
    sign_in(client, talks.users["north_head"])
    forbidden = client.get(reverse("venues:badge-pdf", args=[talks.process.pk, south_badge.pk]))
    missing = client.get(reverse("venues:badge-pdf", args=[talks.process.pk, 987654]))
    assert (forbidden.status_code, missing.status_code) == (404, 404)
    assert forbidden.content == missing.content
    denial = AuditEvent.objects.filter(decision=Decision.DENIED).get()
    assert (denial.action, denial.detail["object_id"]) == ("badge.read", str(south_badge.pk))


def test_own_badge_pdf_downloads(client, talks, venue):
    badge = issue(talks, venue.north_member)
    sign_in(client, talks.users["north_negotiator"])
    response = client.get(reverse("venues:badge-pdf", args=[talks.process.pk, badge.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_issue_and_revoke_from_the_page(client, talks, venue):
    sign_in(client, talks.users["protocol"])
    issued = client.post(
        reverse("venues:badge-issue", args=[talks.process.pk]),
        {
            "name": "Ada Reporter",
            "organisation": "Neutral Times",
            "valid_from": "2026-12-01T08:00",
            "valid_until": "2026-12-05T20:00",
        },
    )
    assert issued.status_code == 302
    badge = talks.process.accreditations.get()
    assert badge.valid_from == at(7)
    revoked = client.post(
        reverse("venues:badge-revoke", args=[talks.process.pk, badge.pk]), {"reason": "Left"}
    )
    assert revoked.status_code == 302
    badge.refresh_from_db()
    assert badge.status == "revoked"


def test_door_page_reads_a_scanned_code_with_htmx(client, talks, venue):
    badge = issue(talks, venue.north_member)
    sign_in(client, talks.users["protocol"])
    response = client.post(
        reverse("venues:check-in-read", args=[talks.process.pk]),
        {"code": badges.badge_token(badge), "gate": "East"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<div id="door">' in page and "<html" not in page
    assert "Valid" in page and badge.name in page


def test_door_api_answers_forged_for_an_altered_code(client, talks, venue):
    badge = issue(talks, venue.north_member)
    token = badges.badge_token(badge)
    sign_in(client, talks.users["protocol"])
    url = reverse("api:badge_check_in", args=[talks.process.pk])
    good = client.post(url, json.dumps({"code": token}), content_type="application/json")
    bad = client.post(url, json.dumps({"code": token[:-1] + "x"}), content_type="application/json")
    assert (good.json()["result"], good.json()["name"]) == ("valid", badge.name)
    assert bad.json() == {"result": "forged", "name": None, "party": None, "valid_until": None}
