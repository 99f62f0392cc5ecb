"""Pages of host services, for the delegations and for the host team. Thin, overdue first.

Times are typed and shown in the venue's zone; a refusal is the one 404.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parley.core.actors import actor_of
from parley.core.errors import Conflict
from parley.talks.models import Process
from parley.talks.pages import in_venue_zone, render_in_venue_zone
from parley.talks.queries import process_for
from parley.talks.rules import require

from . import actions, queries, rules
from .audit_actions import SERVICE_REQUEST_CREATE, SERVICE_REQUEST_LIST, SERVICE_REQUEST_STEP
from .forms import CommentForm, RequestUpdateForm, ServiceRequestForm
from .models import CATALOGUE, ServiceRequest


def _requests_page(
    request: HttpRequest, process: Process, *, form: ServiceRequestForm | None = None
) -> HttpResponse:
    actor = actor_of(request)
    can_request = rules.can_request_services(actor, process)
    context = {
        "requests": queries.requests_of(actor=actor, process=process),
        "host_team": rules.can_run_services(actor, process),
        "can_request": can_request,
        "form": form or (ServiceRequestForm() if can_request else None),
        "catalogue": [(kind.label, text) for kind, text in CATALOGUE.items()],
    }
    return render_in_venue_zone(request, process, "hostservices/requests.html", context)


@require_GET
def request_list(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_pk)
    allowed = rules.can_see_services(actor, process)
    require(allowed, actor=actor, action=SERVICE_REQUEST_LIST, process=process)
    return _requests_page(request, process)


@require_POST
def request_create(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_pk)
    allowed = rules.can_request_services(actor, process)
    require(allowed, actor=actor, action=SERVICE_REQUEST_CREATE, process=process)
    with in_venue_zone(process):
        form = ServiceRequestForm(request.POST)
        valid = form.is_valid()
    if not valid:
        return _requests_page(request, process, form=form)
    try:
        created = actions.service_request_create(actor=actor, process=process, **form.cleaned_data)
    except Conflict as conflict:
        form.add_error(None, conflict.message)
        return _requests_page(request, process, form=form)
    messages.success(request, _("Your request is with the host."))
    return redirect("hostservices:request", process_pk=process.pk, pk=created.pk)


def _detail(
    request: HttpRequest, service_request: ServiceRequest, *, template: str
) -> HttpResponse:
    actor = actor_of(request)
    process = service_request.process
    host_team = rules.can_run_services(actor, process)
    context = {
        "request_": service_request,
        "comments": queries.comments_of(request=service_request),
        "comment_form": CommentForm(),
        "host_team": host_team,
        "update_form": RequestUpdateForm(process=process) if host_team else None,
    }
    return render_in_venue_zone(request, process, template, context)


@require_GET
def request_detail(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    found = queries.request_for(actor=actor_of(request), process_pk=process_pk, pk=pk)
    return _detail(request, found, template="hostservices/request.html")


@require_POST
def request_update(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    """One step of the host team: accept, assign, schedule, deliver or decline."""
    actor = actor_of(request)
    found = queries.request_for(actor=actor, process_pk=process_pk, pk=pk)
    process = found.process
    allowed = rules.can_run_services(actor, process)
    require(allowed, actor=actor, action=SERVICE_REQUEST_STEP, process=process)
    with in_venue_zone(process):
        form = RequestUpdateForm(request.POST, process=process)
        valid = form.is_valid()
    if not valid:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
        return redirect("hostservices:request", process_pk=process_pk, pk=pk)
    data = form.cleaned_data
    try:
        updated = actions.service_request_step(
            actor=actor,
            request=found,
            step=data["step"],
            owner=data["owner"],
            scheduled_for=data["scheduled_for"],
            reason=data["reason"],
        )
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(
            request, _("The request is now %(status)s.") % {"status": updated.get_status_display()}
        )
    return redirect("hostservices:request", process_pk=process_pk, pk=pk)


@require_POST
def request_comment(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    found = queries.request_for(actor=actor, process_pk=process_pk, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            actions.service_comment_add(actor=actor, request=found, body=form.cleaned_data["body"])
        except Conflict as conflict:
            messages.error(request, conflict.message)
    else:
        messages.error(request, _("A comment cannot be empty."))
    if request.headers.get("HX-Request") == "true":
        return _detail(request, found, template="hostservices/_comments.html")
    return redirect("hostservices:request", process_pk=process_pk, pk=pk)
