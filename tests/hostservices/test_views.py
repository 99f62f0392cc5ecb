"""Host services pages and API, for the delegations and for the host team."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from parley.hostservices.models import ServiceComment, ServiceRequest

from ..conftest import sign_in
from ..factories import ServiceRequestFactory


def test_party_page_lists_own_requests_and_the_catalogue(client, talks, north_request):
    ServiceRequestFactory(process=talks.process, party=talks.south, summary="Southern catering")
    sign_in(client, talks.users["north_negotiator"])
    page = client.get(reverse("hostservices:requests", args=[talks.process.pk])).content.decode()
    assert north_request.summary in page
    assert "Southern catering" not in page
    assert "Secure communications" in page  # the catalogue
    assert "Ask the host" in page


def test_host_page_puts_overdue_first_and_marks_it(client, talks, north_request):
    late = ServiceRequestFactory(
        process=talks.process,
        party=talks.south,
        summary="Doctor on call",
        due_at=timezone.now() - dt.timedelta(hours=1),
    )
    sign_in(client, talks.users["services"])
    page = client.get(reverse("hostservices:requests", args=[talks.process.pk])).content.decode()
    assert page.index(late.summary) < page.index(north_request.summary)
    assert page.count(">Overdue</strong>") == 1
    assert "Ask the host" not in page


def test_request_typed_in_local_time_is_stored_in_utc(client, talks):
    sign_in(client, talks.users["south_staff"])
    response = client.post(
        reverse("hostservices:request-create", args=[talks.process.pk]),
        {"kind": "ground_transport", "summary": "Car to the airport", "due_at": "2026-12-03T18:00"},
    )
    created = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert (created.party, created.due_at) == (
        talks.south,
        dt.datetime(2026, 12, 3, 17, 0, tzinfo=dt.UTC),
    )


def test_host_team_steps_through_the_page(client, talks, north_request):
    sign_in(client, talks.users["services"])
    url = reverse("hostservices:request-update", args=[talks.process.pk, north_request.pk])
    client.post(url, {"step": "accept"})
    client.post(url, {"step": "schedule", "scheduled_for": "2026-12-02T08:00"})
    north_request.refresh_from_db()
    assert (north_request.status, north_request.scheduled_for) == (
        "scheduled",
        dt.datetime(2026, 12, 2, 7, 0, tzinfo=dt.UTC),
    )
    response = client.post(url, {"step": "accept"}, follow=True)
    assert "cannot become accepted" in response.content.decode()


def test_comment_with_htmx_returns_the_thread(client, talks, north_request):
    sign_in(client, talks.users["north_staff"])
    response = client.post(
        reverse("hostservices:request-comment", args=[talks.process.pk, north_request.pk]),
        {"body": "We land at 07:10."},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="comments"' in page and "We land at 07:10." in page and "<html" not in page
    assert ServiceComment.objects.get().side == "delegation"


@pytest.mark.parametrize(
    "route",
    ["hostservices:request", "api:service_request_detail"],
)
def test_other_partys_request_answers_exactly_like_a_missing_one(client, talks, route):
    south = ServiceRequestFactory(process=talks.process, party=talks.south)
    sign_in(client, talks.users["north_head"])
    forbidden = client.get(reverse(route, args=[talks.process.pk, south.pk]))
    missing = client.get(reverse(route, args=[talks.process.pk, 987654]))
    assert (forbidden.status_code, missing.status_code) == (404, 404)
    assert forbidden.content == missing.content


def test_host_services_officer_never_sees_substance(client, talks, north_request):
    talks.item.description = "The line runs along the river's left bank."
    talks.item.save()
    sign_in(client, talks.users["services"])
    pages = [
        reverse("hostservices:requests", args=[talks.process.pk]),
        reverse("hostservices:request", args=[talks.process.pk, north_request.pk]),
        reverse("api:service_request_list", args=[talks.process.pk]),
        reverse("api:service_request_detail", args=[talks.process.pk, north_request.pk]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert talks.item.title not in body
        assert "left bank" not in body
    assert client.get(reverse("talks:agenda", args=[talks.process.pk])).status_code == 404
    assert client.get(reverse("api:agenda", args=[talks.process.pk])).status_code == 404


def test_api_party_creates_and_host_moves_a_request(client, talks):
    sign_in(client, talks.users["north_staff"])
    created = client.post(
        reverse("api:service_request_create", args=[talks.process.pk]),
        {
            "kind": "secure_communications",
            "summary": "Secure line to the capital",
            "due_at": "2026-12-01T08:00:00Z",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["party"] == "north"
    sign_in(client, talks.users["coordinator"])
    step = reverse("api:service_request_step", args=[talks.process.pk, pk])
    accepted = client.post(
        step,
        {"step": "accept", "owner": talks.users["services"].pk},
        content_type="application/json",
    )
    assert (accepted.json()["status"], accepted.json()["owner"]) == ("accepted", "services")
    refused = client.post(step, {"step": "deliver"}, content_type="application/json")
    assert refused.status_code == 409
    comment = client.post(
        reverse("api:service_comment_add", args=[talks.process.pk, pk]),
        {"body": "Line installed in office 3."},
        content_type="application/json",
    )
    assert comment.status_code == 201 and comment.json()["side"] == "host"


def test_api_list_is_overdue_first_for_the_host(client, talks, north_request):
    late = ServiceRequestFactory(
        process=talks.process, party=talks.south, due_at=timezone.now() - dt.timedelta(minutes=1)
    )
    sign_in(client, talks.users["services"])
    listed = client.get(reverse("api:service_request_list", args=[talks.process.pk])).json()
    assert [(r["id"], r["overdue"]) for r in listed] == [(late.pk, True), (north_request.pk, False)]
