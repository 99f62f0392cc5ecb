"""API of host services: a party's own requests, every request for the host team. Overdue first."""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from parley.core.actors import actor_of
from parley.core.errors import Conflict
from parley.talks.queries import process_for
from parley.talks.rules import require

from . import actions, queries, rules
from .audit_actions import SERVICE_REQUEST_STEP
from .models import ServiceComment, ServiceKind, ServiceRequest, Step

router = Router(tags=["host services"])


class ServiceRequestIn(Schema):
    kind: ServiceKind
    summary: str
    due_at: dt.datetime
    details: str = ""


class StepIn(Schema):
    step: Step
    owner: int | None = None
    scheduled_for: dt.datetime | None = None
    reason: str = ""


class CommentIn(Schema):
    body: str


class CommentOut(Schema):
    id: int
    author: str
    side: str
    body: str
    created_at: dt.datetime


class ServiceRequestOut(Schema):
    id: int
    party: str
    kind: str
    summary: str
    details: str
    due_at: dt.datetime
    overdue: bool
    status: str
    owner: str | None
    scheduled_for: dt.datetime | None
    delivered_at: dt.datetime | None
    decline_reason: str


class ServiceRequestDetailOut(ServiceRequestOut):
    comments: list[CommentOut]


def _comment_out(comment: ServiceComment) -> CommentOut:
    return CommentOut(
        id=comment.pk,
        author=comment.author.get_username(),
        side=comment.side,
        body=comment.body,
        created_at=comment.created_at,
    )


def _out(request: ServiceRequest) -> dict:
    return {
        "id": request.pk,
        "party": request.party.code,
        "kind": request.kind,
        "summary": request.summary,
        "details": request.details,
        "due_at": request.due_at,
        "overdue": request.overdue,
        "status": request.status,
        "owner": request.owner.get_username() if request.owner else None,
        "scheduled_for": request.scheduled_for,
        "delivered_at": request.delivered_at,
        "decline_reason": request.decline_reason,
    }


def _detail_out(request: ServiceRequest) -> ServiceRequestDetailOut:
    comments = [_comment_out(c) for c in queries.comments_of(request=request)]
    return ServiceRequestDetailOut(**_out(request), comments=comments)


@router.get("/{int:process_id}/service-requests", response=list[ServiceRequestOut])
def service_request_list(request: HttpRequest, process_id: int):
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_id)
    return [ServiceRequestOut(**_out(r)) for r in queries.requests_of(actor=actor, process=process)]


@router.post("/{int:process_id}/service-requests", response={201: ServiceRequestDetailOut})
def service_request_create(request: HttpRequest, process_id: int, payload: ServiceRequestIn):
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_id)
    created = actions.service_request_create(
        actor=actor,
        process=process,
        kind=payload.kind,
        summary=payload.summary,
        due_at=payload.due_at,
        details=payload.details,
    )
    return Status(
        201, _detail_out(queries.request_for(actor=actor, process_pk=process_id, pk=created.pk))
    )


@router.get("/{int:process_id}/service-requests/{int:pk}", response=ServiceRequestDetailOut)
def service_request_detail(request: HttpRequest, process_id: int, pk: int):
    return _detail_out(queries.request_for(actor=actor_of(request), process_pk=process_id, pk=pk))


@router.post("/{int:process_id}/service-requests/{int:pk}/step", response=ServiceRequestDetailOut)
def service_request_step(request: HttpRequest, process_id: int, pk: int, payload: StepIn):
    """The host team moves a request on: accept, assign, schedule, deliver or decline."""
    actor = actor_of(request)
    found = queries.request_for(actor=actor, process_pk=process_id, pk=pk)
    allowed = rules.can_run_services(actor, process_id)
    require(allowed, actor=actor, action=SERVICE_REQUEST_STEP, process=process_id)
    owner = None
    if payload.owner is not None:
        owner = queries.host_team_member(process=found.process, pk=payload.owner)
        if owner is None:
            raise Conflict(
                _("The owner must be a member of the host services team of this process.")
            )
    actions.service_request_step(
        actor=actor,
        request=found,
        step=payload.step,
        owner=owner,
        scheduled_for=payload.scheduled_for,
        reason=payload.reason,
    )
    return _detail_out(queries.request_for(actor=actor, process_pk=process_id, pk=pk))


@router.post("/{int:process_id}/service-requests/{int:pk}/comments", response={201: CommentOut})
def service_comment_add(request: HttpRequest, process_id: int, pk: int, payload: CommentIn):
    actor = actor_of(request)
    found = queries.request_for(actor=actor, process_pk=process_id, pk=pk)
    comment = actions.service_comment_add(actor=actor, request=found, body=payload.body)
    return Status(201, _comment_out(comment))
