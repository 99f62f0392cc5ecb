"""Reads of host services, each scoped to what the actor may see. Overdue requests come first."""

import datetime as dt

from django.contrib.auth.models import User
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import NotFound
from parley.talks.models import Process, RoleKind
from parley.talks.queries import holders_of, process_for
from parley.talks.rules import require

from . import rules
from .audit_actions import SERVICE_REQUEST_LIST, SERVICE_REQUEST_READ
from .models import OPEN_STATUSES, ServiceComment, ServiceRequest

HOST_TEAM_ROLES = (RoleKind.HOST_COORDINATOR, RoleKind.HOST_SERVICES)


def _with_overdue(requests: QuerySet[ServiceRequest], now: dt.datetime) -> QuerySet:
    overdue = Case(
        When(Q(status__in=OPEN_STATUSES, due_at__lt=now), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return requests.annotate(overdue=overdue)


def requests_of(
    *, actor: Actor, process: Process, now: dt.datetime | None = None
) -> QuerySet[ServiceRequest]:
    """The host team sees every request of the process; a party its own. Overdue first."""
    requests = ServiceRequest.objects.filter(process=process)
    if not rules.can_run_services(actor, process):
        party_id = actor.party_in(process.pk)
        require(party_id is not None, actor=actor, action=SERVICE_REQUEST_LIST, process=process)
        requests = requests.filter(party_id=party_id)
    requests = _with_overdue(requests.select_related("party", "owner"), now or timezone.now())
    return requests.order_by("-overdue", "due_at", "pk")


def request_for(*, actor: Actor, process_pk: int, pk: int, lock: bool = False) -> ServiceRequest:
    process = process_for(actor=actor, pk=process_pk)
    requests = ServiceRequest.objects.select_related("party", "owner", "process__venue")
    if lock:
        requests = requests.select_for_update(of=("self",))
    request = _with_overdue(requests.filter(process=process, pk=pk), timezone.now()).first()
    if request is None:
        raise NotFound()
    if not rules.can_see_request(actor, request):
        raise NotFound(
            audit.Denial(
                actor, SERVICE_REQUEST_READ, "hostservices.servicerequest", str(pk), process.pk
            )
        )
    return request


def comments_of(*, request: ServiceRequest) -> QuerySet[ServiceComment]:
    """The thread of a request the caller has already fetched through `request_for`."""
    return ServiceComment.objects.filter(request=request).select_related("author")


def host_team(*, process: Process) -> QuerySet[User]:
    """Who in the host team may own a request: the coordinator and the services officers."""
    return holders_of(process=process, kinds=HOST_TEAM_ROLES)


def host_team_member(*, process: Process, pk: int) -> User | None:
    return host_team(process=process).filter(pk=pk).first()
