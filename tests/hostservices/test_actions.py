"""Requests move requested → accepted → scheduled → delivered, or are declined, with one audit
event per step; only the host services team moves them, only a party asks."""

import datetime as dt

import pytest
from django.utils import timezone

from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent
from parley.hostservices import actions
from parley.hostservices.models import RequestStatus, ServiceComment

from ..factories import UserFactory


def _new_actions(before: int) -> list[tuple[str, str]]:
    return list(AuditEvent.objects.filter(sequence__gt=before).values_list("action", "party"))


def _count() -> int:
    return AuditEvent.objects.count()


def test_party_member_asks_for_its_own_party(talks):
    request = actions.service_request_create(
        actor=talks.actor("south_staff"),
        process=talks.process,
        kind="interpretation",
        summary="Interpreters ru-uk for the plenary",
        due_at=timezone.now() + dt.timedelta(days=1),
    )
    assert (request.party, request.status) == (talks.south, RequestStatus.REQUESTED)
    assert _new_actions(0) == [("service_request.create", "south")]


@pytest.mark.parametrize("who", ["coordinator", "services", "protocol"])
def test_host_staff_cannot_ask_on_a_partys_behalf(talks, who):
    with pytest.raises(NotFound):
        actions.service_request_create(
            actor=talks.actor(who),
            process=talks.process,
            kind="catering",
            summary="Lunch",
            due_at=timezone.now(),
        )


def test_unknown_service_is_a_conflict(talks):
    with pytest.raises(Conflict):
        actions.service_request_create(
            actor=talks.actor("north_head"),
            process=talks.process,
            kind="helicopter",
            summary="A ride",
            due_at=timezone.now(),
        )


def test_full_path_writes_one_event_per_step(talks, north_request):
    services = talks.actor("services")
    before = _count()
    actions.service_request_accept(actor=services, request=north_request)
    actions.service_request_assign(
        actor=talks.actor("coordinator"), request=north_request, owner=talks.users["coordinator"]
    )
    actions.service_request_schedule(
        actor=services, request=north_request, scheduled_for=timezone.now() + dt.timedelta(hours=3)
    )
    delivered = actions.service_request_deliver(actor=services, request=north_request)
    assert (delivered.status, delivered.owner) == ("delivered", talks.users["coordinator"])
    assert _new_actions(before) == [
        ("service_request.accept", "north"),
        ("service_request.assign", "north"),
        ("service_request.schedule", "north"),
        ("service_request.deliver", "north"),
    ]


def test_accepting_makes_the_actor_the_owner(talks, north_request):
    accepted = actions.service_request_accept(actor=talks.actor("services"), request=north_request)
    assert accepted.owner == talks.users["services"]


def test_owner_must_be_in_the_host_services_team(talks, north_request):
    for outsider in (talks.users["protocol"], talks.users["north_head"], UserFactory()):
        with pytest.raises(Conflict):
            actions.service_request_accept(
                actor=talks.actor("services"), request=north_request, owner=outsider
            )


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("requested", "schedule"),
        ("requested", "deliver"),
        ("accepted", "deliver"),
        ("delivered", "decline"),
        ("declined", "accept"),
    ],
)
def test_illegal_transition_is_a_conflict(talks, north_request, status, step):
    north_request.status = status
    north_request.owner = talks.users["services"]
    north_request.scheduled_for = timezone.now() if status == "delivered" else None
    north_request.delivered_at = timezone.now() if status == "delivered" else None
    north_request.decline_reason = "No." if status == "declined" else ""
    north_request.save()
    services = talks.actor("services")
    before = _count()
    moves = {
        "accept": lambda: actions.service_request_accept(actor=services, request=north_request),
        "schedule": lambda: actions.service_request_schedule(
            actor=services, request=north_request, scheduled_for=timezone.now()
        ),
        "deliver": lambda: actions.service_request_deliver(actor=services, request=north_request),
        "decline": lambda: actions.service_request_decline(
            actor=services, request=north_request, reason="Too late"
        ),
    }
    with pytest.raises(Conflict):
        moves[step]()
    north_request.refresh_from_db()
    assert north_request.status == status
    assert _count() == before


def test_decline_needs_a_reason(talks, north_request):
    with pytest.raises(Conflict):
        actions.service_request_decline(
            actor=talks.actor("services"), request=north_request, reason="  "
        )
    before = _count()
    declined = actions.service_request_decline(
        actor=talks.actor("services"), request=north_request, reason="No armoured cars left."
    )
    assert (declined.status, declined.decline_reason) == ("declined", "No armoured cars left.")
    assert _new_actions(before) == [("service_request.decline", "north")]


def test_rescheduling_a_scheduled_request_is_allowed(talks, north_request):
    services = talks.actor("services")
    actions.service_request_accept(actor=services, request=north_request)
    first = timezone.now() + dt.timedelta(hours=1)
    actions.service_request_schedule(actor=services, request=north_request, scheduled_for=first)
    later = actions.service_request_schedule(
        actor=services, request=north_request, scheduled_for=first + dt.timedelta(hours=1)
    )
    assert later.scheduled_for == first + dt.timedelta(hours=1)


@pytest.mark.parametrize("who", ["protocol", "north_head", "south_head"])
def test_only_the_host_services_team_moves_a_request(talks, north_request, who):
    with pytest.raises(NotFound) as refused:
        actions.service_request_accept(actor=talks.actor(who), request=north_request)
    assert refused.value.denial is not None


def test_comments_go_both_ways_and_are_audited(talks, north_request):
    before = _count()
    actions.service_comment_add(
        actor=talks.actor("north_staff"), request=north_request, body="From the Hotel Imperial."
    )
    actions.service_comment_add(
        actor=talks.actor("services"), request=north_request, body="Two cars confirmed."
    )
    sides = list(ServiceComment.objects.values_list("side", "body"))
    assert sides == [("delegation", "From the Hotel Imperial."), ("host", "Two cars confirmed.")]
    assert _new_actions(before) == [
        ("service_comment.add", "north"),
        ("service_comment.add", "north"),
    ]


@pytest.mark.parametrize("who", ["south_head", "protocol"])
def test_others_cannot_comment(talks, north_request, who):
    with pytest.raises(NotFound):
        actions.service_comment_add(actor=talks.actor(who), request=north_request, body="Hello")
    assert ServiceComment.objects.count() == 0
