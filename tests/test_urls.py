"""Walks every URL pattern as anonymous, as each host role, each party role and an outsider.

Deny by default: a route missing from ROUTES fails the walk, so every new route must say who
may use it. Refusals must look exactly like a missing object.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from parley.core.models import TaskWorker

from .conftest import sign_in
from .factories import (
    AccreditationFactory,
    BookingFactory,
    MeetingFactory,
    RoomAvailabilityFactory,
    ServiceRequestFactory,
    text_for_walk,
)

HOSTS = {"coordinator", "services", "protocol"}
NORTH = {"north_head", "north_negotiator", "north_staff"}
SOUTH = {"south_head", "south_negotiator", "south_staff"}
PARTIES = NORTH | SOUTH
EVERYONE = HOSTS | PARTIES | {"outsider"}
IN_PROCESS = HOSTS | PARTIES
HEADS = {"north_head", "south_head"}
PLANNERS = {"coordinator", "protocol"}
SERVICE_TEAM = {"coordinator", "services"}
BOOKING = {"process_pk": "process", "pk": "booking"}
BADGE = {"process_pk": "process", "pk": "badge"}
SERVICE_REQUEST = {"process_pk": "process", "pk": "service_request"}
NEGOTIATORS = {"north_head", "north_negotiator", "south_head", "south_negotiator"}
NORTH_NEGOTIATORS = {"north_head", "north_negotiator"}
TEXT = {"process_pk": "process", "pk": "item_with_text"}
GATE_SETTING = {"process_pk": "process", "pk": "gate_setting"}

# name: (method, kwargs to fill, who gets through, the success status)
ROUTES = {
    "talks:home": ("get", {}, EVERYONE, 200),
    "core:sign-in": ("get", {}, EVERYONE, 302),
    "core:verify": ("get", {}, EVERYONE, 302),
    "core:sign-out": ("post", {}, EVERYONE, 302),
    "core:healthz": ("get", {}, EVERYONE, 200),
    "talks:process": ("get", {"process_pk": "process"}, IN_PROCESS, 200),
    "talks:agenda": ("get", {"process_pk": "process"}, PARTIES, 200),
    "talks:agenda-item": ("get", {"process_pk": "process", "pk": "item"}, PARTIES, 200),
    "talks:position-save": ("post", {"process_pk": "process", "pk": "item"}, PARTIES, 302),
    "talks:sharing": ("post", {"process_pk": "process"}, HEADS, 302),
    # The report reads reduced for host staff; the facts behind it are the parties' word.
    "talks:readiness": ("get", {"process_pk": "process"}, IN_PROCESS, 200),
    "talks:intent": ("post", {"process_pk": "process"}, HEADS, 302),
    "talks:override": ("post", {"process_pk": "process"}, HEADS, 302),
    "talks:gate-propose": ("post", {"process_pk": "process"}, HEADS, 302),
    "talks:gate-accept": ("post", GATE_SETTING, HEADS, 302),
    "talks:gate-withdraw": ("post", GATE_SETTING, HEADS, 302),
    "talks:ceasefire": ("get", {"process_pk": "process"}, PARTIES, 200),
    "talks:ceasefire-declare": ("post", {"process_pk": "process"}, HEADS, 302),
    "talks:convergence": ("get", {"process_pk": "process"}, PARTIES, 200),
    "api:readiness": ("get", {"process_id": "process"}, IN_PROCESS, 200),
    "api:api-root": ("get", {}, EVERYONE, 404),
    "api:openapi-json": ("get", {}, EVERYONE, 200),
    "api:openapi-view": ("get", {}, EVERYONE, 200),
    "api:process_list": ("get", {}, EVERYONE, 200),
    "api:process_detail": ("get", {"process_id": "process"}, IN_PROCESS, 200),
    "api:meeting_list": ("get", {"process_id": "process"}, IN_PROCESS, 200),
    "api:agenda": ("get", {"process_id": "process"}, PARTIES, 200),
    "texts:text": ("get", TEXT, PARTIES, 200),
    "texts:import": ("get", TEXT, NEGOTIATORS, 200),
    "texts:propose": ("post", TEXT, NEGOTIATORS, 200),
    "texts:note-save": ("post", TEXT, PARTIES, 302),
    "texts:compare": ("get", TEXT, PARTIES, 200),
    "texts:docx": ("get", TEXT, PARTIES, 200),
    "texts:proposal-table": (
        "post",
        {"process_pk": "process", "pk": "draft"},
        NORTH_NEGOTIATORS,
        302,
    ),
    "texts:proposal-accept": ("post", {"process_pk": "process", "pk": "tabled"}, NEGOTIATORS, 302),
    "texts:proposal-withdraw": (
        "post",
        {"process_pk": "process", "pk": "tabled"},
        NORTH_NEGOTIATORS,
        302,
    ),
    "api:text_detail": ("get", {"item_id": "item_with_text"}, PARTIES, 200),
    "api:text_versions": ("get", {"item_id": "item_with_text"}, PARTIES, 200),
    "api:text_version": ("get", {"item_id": "item_with_text", "number": "version"}, PARTIES, 200),
    "api:text_proposals": ("get", {"item_id": "item_with_text"}, PARTIES, 200),
    "api:text_proposal": ("get", {"proposal_id": "tabled"}, PARTIES, 200),
    "api:text_proposal_create": ("post", {"item_id": "item_with_text"}, NEGOTIATORS, 409),
    "api:text_proposal_table": ("post", {"proposal_id": "draft"}, NORTH_NEGOTIATORS, 200),
    "api:text_proposal_accept": ("post", {"proposal_id": "tabled"}, NEGOTIATORS, 200),
    "api:text_proposal_withdraw": ("post", {"proposal_id": "tabled"}, NORTH_NEGOTIATORS, 200),
    "scheduling:programme": ("get", {"process_pk": "process"}, IN_PROCESS, 200),
    "scheduling:programme-pdf": ("get", {"process_pk": "process"}, IN_PROCESS, 200),
    "scheduling:planning": ("get", {"process_pk": "process"}, PLANNERS, 200),
    "scheduling:solve": ("post", {"process_pk": "process"}, PLANNERS, 302),
    "scheduling:run": ("get", {"process_pk": "process", "pk": "run"}, PLANNERS, 200),
    "scheduling:run-progress": ("get", {"process_pk": "process", "pk": "run"}, PLANNERS, 200),
    "scheduling:run-stop": ("post", {"process_pk": "process", "pk": "run"}, PLANNERS, 302),
    "scheduling:publish": ("post", {"process_pk": "process", "pk": "run"}, PLANNERS, 302),
    "scheduling:meeting-outcome": (
        "post",
        {"process_pk": "process", "pk": "meeting"},
        PLANNERS,
        302,
    ),
    "scheduling:delegation-calendar": (
        "get",
        {"process_pk": "process", "pk": "north_delegation"},
        HOSTS | NORTH,
        200,
    ),
    "scheduling:member-calendar": (
        "get",
        {"process_pk": "process", "pk": "north_member"},
        HOSTS | NORTH,
        200,
    ),
    "scheduling:room-calendar": ("get", {"process_pk": "process", "pk": "room"}, IN_PROCESS, 200),
    "scheduling:calendar-links": ("get", {"process_pk": "process"}, IN_PROCESS, 200),
    "scheduling:calendar-link-revoke": (
        "post",
        {"process_pk": "process", "pk": "north_head_calendar_link"},
        {"north_head"},
        302,
    ),
    # The secret address is the credential: whoever holds it reads, signed in or not.
    "scheduling:calendar-by-address": ("get", {"token": "calendar_token"}, EVERYONE, 200),
    "api:programme": ("get", {"process_id": "process"}, IN_PROCESS, 200),
    "venues:bookings": ("get", {"process_pk": "process"}, IN_PROCESS, 200),
    "venues:booking-create": ("post", {"process_pk": "process"}, PLANNERS, 200),
    "venues:booking-move": ("post", BOOKING, PLANNERS, 200),
    "venues:booking-cancel": ("post", BOOKING, PLANNERS, 302),
    "venues:badges": ("get", {"process_pk": "process"}, PLANNERS | PARTIES, 200),
    "venues:badge-issue": ("post", {"process_pk": "process"}, PLANNERS, 200),
    "venues:badge-pdf": ("get", BADGE, PLANNERS | NORTH, 200),
    "venues:badge-revoke": ("post", BADGE, PLANNERS, 302),
    "venues:check-in": ("get", {"process_pk": "process"}, PLANNERS, 200),
    "venues:check-in-read": ("post", {"process_pk": "process"}, PLANNERS, 200),
    "api:booking_list": ("get", {"process_id": "process"}, IN_PROCESS, 200),
    "api:booking_create": ("post", {"process_id": "process"}, PLANNERS, 201),
    "api:booking_move": ("post", {"process_id": "process", "pk": "booking"}, PLANNERS, 200),
    "api:booking_cancel": ("post", {"process_id": "process", "pk": "booking"}, PLANNERS, 200),
    "api:badge_list": ("get", {"process_id": "process"}, PLANNERS | PARTIES, 200),
    "api:badge_issue": ("post", {"process_id": "process"}, PLANNERS, 201),
    "api:badge_revoke": ("post", {"process_id": "process", "pk": "badge"}, PLANNERS, 200),
    "api:badge_check_in": ("post", {"process_id": "process"}, PLANNERS, 200),
    "hostservices:requests": ("get", {"process_pk": "process"}, SERVICE_TEAM | PARTIES, 200),
    "hostservices:request-create": ("post", {"process_pk": "process"}, PARTIES, 200),
    "hostservices:request": ("get", SERVICE_REQUEST, SERVICE_TEAM | NORTH, 200),
    "hostservices:request-update": ("post", SERVICE_REQUEST, SERVICE_TEAM, 302),
    "hostservices:request-comment": ("post", SERVICE_REQUEST, SERVICE_TEAM | NORTH, 302),
    "api:service_request_list": (
        "get",
        {"process_id": "process"},
        SERVICE_TEAM | PARTIES,
        200,
    ),
    "api:service_request_create": ("post", {"process_id": "process"}, PARTIES, 201),
    "api:service_request_detail": (
        "get",
        {"process_id": "process", "pk": "service_request"},
        SERVICE_TEAM | NORTH,
        200,
    ),
    "api:service_request_step": (
        "post",
        {"process_id": "process", "pk": "service_request"},
        SERVICE_TEAM,
        200,
    ),
    "api:service_comment_add": (
        "post",
        {"process_id": "process", "pk": "service_request"},
        SERVICE_TEAM | NORTH,
        201,
    ),
}
PUBLIC = {"core:sign-in", "core:healthz", "scheduling:calendar-by-address"}
MISSING_ID = 987654


@pytest.fixture(autouse=True)
def _a_task_worker_is_alive(db):
    """So that the health check answers 200, as it does on a healthy site."""
    now = timezone.now()
    TaskWorker.objects.create(worker_id="walk", host="test", pid=1, started_at=now, seen_at=now)


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_route_is_classified():
    routed = {name for name in _names(get_resolver()) if not name.startswith("admin:")}
    assert routed == set(ROUTES)


# How a route's keyword arguments are filled; extend it when a route names a new kind of object.
OBJECTS = {
    "process": lambda talks: talks.process.pk,
    "item": lambda talks: talks.item.pk,
    # the item's text at version 1, with north's private draft and its tabled, unaccepted lift
    "item_with_text": lambda talks: _walk_text(talks) and talks.item.pk,
    "version": lambda talks: _walk_text(talks)["version"],
    "draft": lambda talks: _walk_text(talks)["draft"],
    "tabled": lambda talks: _walk_text(talks)["tabled"],
    # a finished draft of the programme that places nothing; the north delegation and a member
    "run": lambda talks: _walk_run(talks),
    "north_delegation": lambda talks: talks.process.delegations.get(party=talks.north).pk,
    "north_member": lambda talks: (
        talks.process.delegations.get(party=talks.north).members.first().pk
    ),
    "room": lambda talks: talks.process.venue.rooms.first().pk,
    # north_head's secret calendar address of the north delegation: its id, or its token
    "north_head_calendar_link": lambda talks: _walk_calendar_link(talks)[0].pk,
    "calendar_token": lambda talks: _walk_calendar_link(talks)[1],
    # a booking in a room open on 1 December; a north member's badge; a north service request
    "booking": lambda talks: BookingFactory(process=talks.process, room=_walk_room(talks)).pk,
    "badge": lambda talks: (
        AccreditationFactory(member__delegation=talks.process.delegations.get(party=talks.north)).pk
    ),
    "service_request": lambda talks: (
        ServiceRequestFactory(process=talks.process, party=talks.north).pk
    ),
    # north's head proposes that leaders need no preparatory meetings; south has not accepted
    "gate_setting": lambda talks: _walk_gate_setting(talks).pk,
    "meeting": lambda talks: MeetingFactory(process=talks.process).pk,
}

# JSON bodies for API writes whose schema wants more than the walk's default (ninja validates
# a body before any access check runs).
API_BODIES = {
    "api:booking_create": lambda talks: {
        "room": _walk_room(talks).pk,
        "title": "Walk",
        "starts_at": "2026-12-01T09:00:00Z",
        "ends_at": "2026-12-01T10:00:00Z",
    },
    "api:booking_move": lambda talks: {
        "starts_at": "2026-12-01T12:00:00Z",
        "ends_at": "2026-12-01T13:00:00Z",
    },
    "api:badge_issue": lambda talks: {
        "valid_from": "2026-12-01T07:00:00Z",
        "valid_until": "2026-12-05T19:00:00Z",
        "name": "Ada Reporter",
        "organisation": "Neutral Times",
    },
    "api:badge_revoke": lambda talks: {"reason": "Lost"},
    "api:badge_check_in": lambda talks: {"code": "x"},
    "api:service_request_create": lambda talks: {
        "kind": "catering",
        "summary": "Lunch for twelve",
        "due_at": "2026-12-01T11:00:00Z",
    },
    "api:service_request_step": lambda talks: {"step": "accept"},
}


def _body(name: str, talks) -> dict | None:
    return API_BODIES[name](talks) if name in API_BODIES else None


def _walk_room(talks):
    """A room of the process's venue, open on 1 December 2026 from 07:00 to 19:00 UTC."""
    return RoomAvailabilityFactory(room__venue=talks.process.venue).room


def _walk_text(talks) -> dict[str, int]:
    return text_for_walk(item=talks.item, party=talks.north)


def _walk_gate_setting(talks):
    from parley.talks.actions import gate_propose
    from parley.talks.models import GateSetting

    existing = GateSetting.objects.filter(process=talks.process).first()
    return existing or gate_propose(
        actor=talks.actor("north_head"),
        process=talks.process,
        level="leader",
        gate="preparation",
        required=False,
    )


def _walk_run(talks) -> int:
    from parley.scheduling.models import SolveRun

    from .factories import SolveRunFactory

    run = SolveRun.objects.filter(process=talks.process).first()
    return (run or SolveRunFactory(process=talks.process)).pk


def _walk_calendar_link(talks):
    from parley.scheduling.actions import calendar_link_create

    return calendar_link_create(
        actor=talks.actor("north_head"),
        process=talks.process,
        feed="delegation",
        pk=talks.process.delegations.get(party=talks.north).pk,
    )


def _url(name: str, kwargs: dict, talks, missing: bool = False) -> str:
    """The route's URL; with `missing`, its own object (the last argument) does not exist."""
    from django.urls import reverse

    filled = {key: OBJECTS[source](talks) for key, source in kwargs.items()}
    if missing:
        if not filled:
            return "/no/such/page/"
        filled[list(filled)[-1]] = MISSING_ID
    return reverse(name, kwargs=filled)


def _request(client, method: str, url: str, body: dict | None = None):
    if method != "post":
        return client.get(url)
    data = body or {"body": "x", "share": "grant"}
    if url.startswith("/api/"):  # the API reads JSON bodies
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_is_sent_to_sign_in(client, talks, name):
    method, kwargs, _who, status = ROUTES[name]
    response = _request(client, method, _url(name, kwargs, talks), _body(name, talks))
    if name in PUBLIC:
        assert response.status_code == (200 if method == "get" else status)
    elif name.startswith("api:"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("role", sorted(EVERYONE))
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_allows_exactly_its_roles(client, talks, outsider, name, role):
    method, kwargs, allowed, status = ROUTES[name]
    user = outsider if role == "outsider" else talks.users[role]
    sign_in(client, user)
    response = _request(client, method, _url(name, kwargs, talks), _body(name, talks))
    if role in allowed:
        assert response.status_code == status
    else:
        assert response.status_code == 404
        missing = _request(
            client, method, _url(name, kwargs, talks, missing=True), _body(name, talks)
        )
        assert missing.status_code == 404
        assert response.content == missing.content


def test_admin_is_closed_to_every_role(client, talks):
    for user in talks.users.values():
        sign_in(client, user)
        response = client.get("/admin/talks/meeting/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_unknown_path_answers_like_a_forbidden_object(client, talks):
    sign_in(client, talks.users["coordinator"])
    unknown = client.get("/no/such/page/")
    forbidden = client.get(f"/p/{talks.process.pk}/agenda/")
    assert (unknown.status_code, forbidden.status_code) == (404, 404)
    assert unknown.content == forbidden.content
