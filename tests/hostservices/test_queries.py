"""A party sees its own requests; the host services team sees all, overdue first."""

import datetime as dt

import pytest
from django.utils import timezone

from parley.core.errors import NotFound
from parley.hostservices import queries

from ..factories import ServiceRequestFactory, UserFactory


def test_overdue_requests_come_first(talks):
    now = timezone.now()
    later = ServiceRequestFactory(
        process=talks.process, party=talks.north, due_at=now + dt.timedelta(hours=1)
    )
    soon = ServiceRequestFactory(
        process=talks.process, party=talks.south, due_at=now + dt.timedelta(minutes=5)
    )
    late = ServiceRequestFactory(
        process=talks.process, party=talks.north, due_at=now - dt.timedelta(hours=2)
    )
    late_but_done = ServiceRequestFactory(
        process=talks.process,
        party=talks.north,
        due_at=now - dt.timedelta(hours=3),
        status="delivered",
        owner=UserFactory(),
        scheduled_for=now - dt.timedelta(hours=3),
        delivered_at=now - dt.timedelta(hours=3),
    )
    seen = list(queries.requests_of(actor=talks.actor("services"), process=talks.process))
    assert seen == [late, late_but_done, soon, later]
    assert [r.overdue for r in seen] == [True, False, False, False]


def test_a_party_sees_only_its_own_requests(talks):
    north = ServiceRequestFactory(process=talks.process, party=talks.north)
    south = ServiceRequestFactory(process=talks.process, party=talks.south)
    for name in ("north_head", "north_negotiator", "north_staff"):
        assert list(queries.requests_of(actor=talks.actor(name), process=talks.process)) == [north]
    assert list(queries.requests_of(actor=talks.actor("south_staff"), process=talks.process)) == [
        south
    ]


def test_host_services_and_coordinator_see_every_request(talks):
    made = {
        ServiceRequestFactory(process=talks.process, party=p).pk for p in (talks.north, talks.south)
    }
    for name in ("services", "coordinator"):
        seen = queries.requests_of(actor=talks.actor(name), process=talks.process)
        assert {r.pk for r in seen} == made


def test_protocol_sees_no_requests(talks):
    with pytest.raises(NotFound):
        queries.requests_of(actor=talks.actor("protocol"), process=talks.process)


def test_another_partys_request_is_not_found_with_its_denial(talks):
    south = ServiceRequestFactory(process=talks.process, party=talks.south)
    with pytest.raises(NotFound) as refused:
        queries.request_for(
            actor=talks.actor("north_head"), process_pk=talks.process.pk, pk=south.pk
        )
    assert refused.value.denial.action == "service_request.read"
    with pytest.raises(NotFound) as missing:
        queries.request_for(actor=talks.actor("north_head"), process_pk=talks.process.pk, pk=987654)
    assert missing.value.denial is None


def test_host_team_is_coordinator_and_services_officers(talks):
    team = set(queries.host_team(process=talks.process))
    assert team == {talks.users["coordinator"], talks.users["services"]}
