"""Requests move requested → accepted → scheduled → delivered, or are declined, with one audit
event per step; only the host services team moves them, only a party asks."""

import datetime as dt

import pytest
from django.utils import timezone

from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent
from parley.hostservices import actions
from parley.hostservices.audit_actions import (
    SERVICE_REQUEST_ACCEPT,
    SERVICE_REQUEST_ASSIGN,
    SERVICE_REQUEST_DECLINE,
    SERVICE_REQUEST_DELIVER,
    SERVICE_REQUEST_READ,
    SERVICE_REQUEST_SCHEDULE,
    SERVICE_REQUEST_STEP,
)
from parley.hostservices.models import RequestStatus, ServiceComment, Step

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


def _step(talks, who: str, request, step: Step, **arguments):
    return actions.service_request_step(
        actor=talks.actor(who), request=request, step=step, **arguments
    )


def test_full_path_writes_one_event_per_step(talks, north_request):
    before = _count()
    _step(talks, "services", north_request, Step.ACCEPT)
    _step(talks, "coordinator", north_request, Step.ASSIGN, owner=talks.users["coordinator"])
    later = timezone.now() + dt.timedelta(hours=3)
    _step(talks, "services", north_request, Step.SCHEDULE, scheduled_for=later)
    delivered = _step(talks, "services", north_request, Step.DELIVER)
    assert (delivered.status, delivered.owner) == ("delivered", talks.users["coordinator"])
    assert _new_actions(before) == [
        (SERVICE_REQUEST_ACCEPT, "north"),
        (SERVICE_REQUEST_ASSIGN, "north"),
        (SERVICE_REQUEST_SCHEDULE, "north"),
        (SERVICE_REQUEST_DELIVER, "north"),
    ]


def test_accepting_makes_the_actor_the_owner(talks, north_request):
    accepted = _step(talks, "services", north_request, Step.ACCEPT)
    assert accepted.owner == talks.users["services"]


def test_owner_must_be_in_the_host_services_team(talks, north_request):
    for outsider in (talks.users["protocol"], talks.users["north_head"], UserFactory()):
        with pytest.raises(Conflict):
            _step(talks, "services", north_request, Step.ACCEPT, owner=outsider)


@pytest.mark.parametrize(
    ("step", "missing"),
    [
        (Step.ASSIGN, "Name the new owner."),
        (Step.SCHEDULE, "Say when the service will be delivered."),
        (Step.DECLINE, "Say why the request is declined."),
        ("teleport", "There is no such step."),
    ],
)
def test_a_step_without_what_it_needs_is_a_conflict_that_says_so(
    talks, north_request, step, missing
):
    if step == Step.DECLINE:
        _step(talks, "services", north_request, Step.ACCEPT)
    before = _count()
    with pytest.raises(Conflict) as refused:
        _step(talks, "services", north_request, step)
    assert refused.value.message == missing
    assert _count() == before


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
    before = _count()
    with pytest.raises(Conflict):
        _step(
            talks,
            "services",
            north_request,
            step,
            scheduled_for=timezone.now(),
            reason="Too late",
        )
    north_request.refresh_from_db()
    assert north_request.status == status
    assert _count() == before


def test_decline_needs_a_reason(talks, north_request):
    with pytest.raises(Conflict):
        _step(talks, "services", north_request, Step.DECLINE, reason="  ")
    before = _count()
    declined = _step(
        talks, "services", north_request, Step.DECLINE, reason="No armoured cars left."
    )
    assert (declined.status, declined.decline_reason) == ("declined", "No armoured cars left.")
    assert _new_actions(before) == [(SERVICE_REQUEST_DECLINE, "north")]


def test_rescheduling_a_scheduled_request_is_allowed(talks, north_request):
    _step(talks, "services", north_request, Step.ACCEPT)
    first = timezone.now() + dt.timedelta(hours=1)
    _step(talks, "services", north_request, Step.SCHEDULE, scheduled_for=first)
    later = _step(
        talks, "services", north_request, Step.SCHEDULE, scheduled_for=first + dt.timedelta(hours=1)
    )
    assert later.scheduled_for == first + dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("who", "denied"),
    [
        # Who cannot even see the request is refused reading it; its own party, the step.
        ("protocol", SERVICE_REQUEST_READ),
        ("south_head", SERVICE_REQUEST_READ),
        ("north_head", SERVICE_REQUEST_STEP),
    ],
)
def test_only_the_host_services_team_moves_a_request(talks, north_request, who, denied):
    before = _count()
    with pytest.raises(NotFound) as refused:
        _step(talks, who, north_request, Step.ACCEPT)
    assert refused.value.denial.action == denied
    assert _count() == before


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
