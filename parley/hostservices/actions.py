"""Writes of host services: a delegation asks, the host team accepts, schedules and delivers.

Every move is checked against TRANSITIONS here; the database refuses rows that contradict their
status whatever the route.
"""

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.core.queries import process_for
from parley.core.rules import require
from parley.talks.models import Process

from . import queries, rules
from .models import (
    TRANSITIONS,
    CommentSide,
    RequestStatus,
    ServiceComment,
    ServiceKind,
    ServiceRequest,
)


def _denied(actor: Actor, action: str, request: ServiceRequest) -> NotFound:
    return NotFound(
        audit.Denial(
            actor, action, "hostservices.servicerequest", str(request.pk), request.process_id
        )
    )


def _record(actor: Actor, action: str, request: ServiceRequest, **detail) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=request,
        process_id=request.process_id,
        party_code=request.party.code,
        detail=detail or None,
    )


def _for_host_team(actor: Actor, request: ServiceRequest, action: str) -> ServiceRequest:
    """The request, locked, for a member of the host services team; NotFound for anyone else."""
    request = queries.request_for(
        actor=actor, process_pk=request.process_id, pk=request.pk, lock=True
    )
    if not rules.can_run_services(actor, request.process_id):
        raise _denied(actor, action, request)
    return request


def _utc(value: dt.datetime) -> dt.datetime:
    if timezone.is_naive(value):
        raise Conflict(_("Times must carry their time zone."))
    return value.astimezone(dt.UTC)


def _require_move(request: ServiceRequest, to: RequestStatus) -> None:
    current = RequestStatus(request.status)
    if to not in TRANSITIONS[current]:
        raise Conflict(
            _("A request that is %(current)s cannot become %(to)s.")
            % {"current": current.label.lower(), "to": to.label.lower()},
            detail={"status": current.value},
        )


def _require_host_team_member(request: ServiceRequest, owner: User) -> None:
    if not queries.host_team(process=request.process).filter(pk=owner.pk).exists():
        raise Conflict(_("The owner must be a member of the host services team of this process."))


@transaction.atomic(durable=True)
def service_request_create(
    *,
    actor: Actor,
    process: Process,
    kind: ServiceKind,
    summary: str,
    due_at: dt.datetime,
    details: str = "",
) -> ServiceRequest:
    """A member of a party asks the host for a service, for their own party."""
    process = process_for(actor=actor, pk=process.pk)
    require(
        rules.can_request_services(actor, process),
        actor=actor,
        action="service_request.create",
        process=process,
    )
    if kind not in ServiceKind.values:
        raise Conflict(_("The host offers no such service."))
    summary = summary.strip()
    if not summary:
        raise Conflict(_("Say what is needed."))
    due_at = _utc(due_at)
    request = ServiceRequest.objects.create(
        process=process,
        party_id=actor.party_in(process.pk),
        kind=kind,
        summary=summary,
        details=details.strip(),
        due_at=due_at,
        requested_by=actor.user,
    )
    _record(actor, "service_request.create", request, kind=kind, due_at=due_at.isoformat())
    return request


@transaction.atomic(durable=True)
def service_request_accept(
    *, actor: Actor, request: ServiceRequest, owner: User | None = None
) -> ServiceRequest:
    """The host team takes a request on; its owner is the actor unless another is named."""
    request = _for_host_team(actor, request, "service_request.accept")
    _require_move(request, RequestStatus.ACCEPTED)
    owner = owner or actor.user
    _require_host_team_member(request, owner)
    request.status = RequestStatus.ACCEPTED
    request.owner = owner
    request.save(update_fields=["status", "owner", "updated_at"])
    _record(actor, "service_request.accept", request, owner=owner.get_username())
    return request


@transaction.atomic(durable=True)
def service_request_assign(*, actor: Actor, request: ServiceRequest, owner: User) -> ServiceRequest:
    """Hands an open request to another member of the host team."""
    request = _for_host_team(actor, request, "service_request.assign")
    if request.status in (RequestStatus.DELIVERED, RequestStatus.DECLINED):
        raise Conflict(_("A closed request keeps its owner."))
    _require_host_team_member(request, owner)
    request.owner = owner
    request.save(update_fields=["owner", "updated_at"])
    _record(actor, "service_request.assign", request, owner=owner.get_username())
    return request


@transaction.atomic(durable=True)
def service_request_schedule(
    *, actor: Actor, request: ServiceRequest, scheduled_for: dt.datetime
) -> ServiceRequest:
    """Fixes when the service will be delivered; a scheduled request may be re-scheduled."""
    request = _for_host_team(actor, request, "service_request.schedule")
    _require_move(request, RequestStatus.SCHEDULED)
    scheduled_for = _utc(scheduled_for)
    request.status = RequestStatus.SCHEDULED
    request.scheduled_for = scheduled_for
    request.save(update_fields=["status", "scheduled_for", "updated_at"])
    _record(actor, "service_request.schedule", request, scheduled_for=scheduled_for.isoformat())
    return request


@transaction.atomic(durable=True)
def service_request_deliver(*, actor: Actor, request: ServiceRequest) -> ServiceRequest:
    request = _for_host_team(actor, request, "service_request.deliver")
    _require_move(request, RequestStatus.DELIVERED)
    request.status = RequestStatus.DELIVERED
    request.delivered_at = timezone.now()
    request.save(update_fields=["status", "delivered_at", "updated_at"])
    _record(actor, "service_request.deliver", request)
    return request


@transaction.atomic(durable=True)
def service_request_decline(
    *, actor: Actor, request: ServiceRequest, reason: str
) -> ServiceRequest:
    """The host team declines an open request, and says why."""
    request = _for_host_team(actor, request, "service_request.decline")
    _require_move(request, RequestStatus.DECLINED)
    reason = reason.strip()
    if not reason:
        raise Conflict(_("Say why the request is declined."))
    request.status = RequestStatus.DECLINED
    request.decline_reason = reason
    request.save(update_fields=["status", "decline_reason", "updated_at"])
    _record(actor, "service_request.decline", request)
    return request


@transaction.atomic(durable=True)
def service_comment_add(*, actor: Actor, request: ServiceRequest, body: str) -> ServiceComment:
    """A message on the request from its delegation or from the host services team."""
    request = queries.request_for(actor=actor, process_pk=request.process_id, pk=request.pk)
    # request_for let through only the host team and the requesting party.
    host = rules.can_run_services(actor, request.process_id)
    side = CommentSide.HOST if host else CommentSide.DELEGATION
    body = body.strip()
    if not body:
        raise Conflict(_("A comment cannot be empty."))
    comment = ServiceComment.objects.create(
        request=request, author=actor.user, side=side, body=body
    )
    audit.record(
        actor=actor,
        action="service_comment.add",
        target=comment,
        process_id=request.process_id,
        party_code=request.party.code,
    )
    return comment
