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
from parley.talks.models import Process
from parley.talks.queries import process_for
from parley.talks.rules import require

from . import queries, rules
from .audit_actions import (
    SERVICE_COMMENT_ADD,
    SERVICE_REQUEST_ACCEPT,
    SERVICE_REQUEST_ASSIGN,
    SERVICE_REQUEST_CREATE,
    SERVICE_REQUEST_DECLINE,
    SERVICE_REQUEST_DELIVER,
    SERVICE_REQUEST_SCHEDULE,
    SERVICE_REQUEST_STEP,
)
from .models import (
    TRANSITIONS,
    CommentSide,
    RequestStatus,
    ServiceComment,
    ServiceKind,
    ServiceRequest,
    Step,
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


def _for_host_team(actor: Actor, request: ServiceRequest) -> ServiceRequest:
    """The request, locked, for a member of the host services team; NotFound for anyone else."""
    request = queries.request_for(
        actor=actor, process_pk=request.process_id, pk=request.pk, lock=True
    )
    if not rules.can_run_services(actor, request.process_id):
        raise _denied(actor, SERVICE_REQUEST_STEP, request)
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
    if queries.host_team_member(process=request.process, pk=owner.pk) is None:
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
        action=SERVICE_REQUEST_CREATE,
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
    _record(actor, SERVICE_REQUEST_CREATE, request, kind=kind, due_at=due_at.isoformat())
    return request


def _accept(actor: Actor, request: ServiceRequest, owner: User | None) -> None:
    """The host team takes a request on; its owner is the actor unless another is named."""
    _require_move(request, RequestStatus.ACCEPTED)
    owner = owner or actor.user
    _require_host_team_member(request, owner)
    request.status = RequestStatus.ACCEPTED
    request.owner = owner
    request.save(update_fields=["status", "owner", "updated_at"])
    _record(actor, SERVICE_REQUEST_ACCEPT, request, owner=owner.get_username())


def _assign(actor: Actor, request: ServiceRequest, owner: User | None) -> None:
    """Hands an open request to another member of the host team."""
    if owner is None:
        raise Conflict(_("Name the new owner."))
    if request.status in (RequestStatus.DELIVERED, RequestStatus.DECLINED):
        raise Conflict(_("A closed request keeps its owner."))
    _require_host_team_member(request, owner)
    request.owner = owner
    request.save(update_fields=["owner", "updated_at"])
    _record(actor, SERVICE_REQUEST_ASSIGN, request, owner=owner.get_username())


def _schedule(actor: Actor, request: ServiceRequest, scheduled_for: dt.datetime | None) -> None:
    """Fixes when the service will be delivered; a scheduled request may be re-scheduled."""
    if scheduled_for is None:
        raise Conflict(_("Say when the service will be delivered."))
    _require_move(request, RequestStatus.SCHEDULED)
    scheduled_for = _utc(scheduled_for)
    request.status = RequestStatus.SCHEDULED
    request.scheduled_for = scheduled_for
    request.save(update_fields=["status", "scheduled_for", "updated_at"])
    _record(actor, SERVICE_REQUEST_SCHEDULE, request, scheduled_for=scheduled_for.isoformat())


def _deliver(actor: Actor, request: ServiceRequest) -> None:
    _require_move(request, RequestStatus.DELIVERED)
    request.status = RequestStatus.DELIVERED
    request.delivered_at = timezone.now()
    request.save(update_fields=["status", "delivered_at", "updated_at"])
    _record(actor, SERVICE_REQUEST_DELIVER, request)


def _decline(actor: Actor, request: ServiceRequest, reason: str) -> None:
    """The host team declines an open request, and says why."""
    _require_move(request, RequestStatus.DECLINED)
    reason = reason.strip()
    if not reason:
        raise Conflict(_("Say why the request is declined."))
    request.status = RequestStatus.DECLINED
    request.decline_reason = reason
    request.save(update_fields=["status", "decline_reason", "updated_at"])
    _record(actor, SERVICE_REQUEST_DECLINE, request)


@transaction.atomic(durable=True)
def service_request_step(
    *,
    actor: Actor,
    request: ServiceRequest,
    step: str,
    owner: User | None = None,
    scheduled_for: dt.datetime | None = None,
    reason: str = "",
) -> ServiceRequest:
    """The host team moves a request on: accept (optionally for `owner`), assign to `owner`,
    schedule for `scheduled_for`, deliver, or decline for `reason`. The page and the API both
    take their steps here."""
    if step not in Step.values:
        raise Conflict(_("There is no such step."))
    request = _for_host_team(actor, request)
    if step == Step.ACCEPT:
        _accept(actor, request, owner)
    elif step == Step.ASSIGN:
        _assign(actor, request, owner)
    elif step == Step.SCHEDULE:
        _schedule(actor, request, scheduled_for)
    elif step == Step.DELIVER:
        _deliver(actor, request)
    else:
        _decline(actor, request, reason)
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
        action=SERVICE_COMMENT_ADD,
        target=comment,
        process_id=request.process_id,
        party_code=request.party.code,
    )
    return comment
