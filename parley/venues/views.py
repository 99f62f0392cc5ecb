"""Pages of the venue: bookings, badges and the door. Thin: forms in, actions and queries out.

Times are typed and shown in the venue's zone (talks.pages); a refusal is the one 404.
A form that does not validate is shown again with its errors; a conflict, with status 409.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parley.core.actors import Actor, actor_of
from parley.core.errors import Conflict
from parley.talks.models import Process
from parley.talks.pages import in_venue_zone, render_in_venue_zone
from parley.talks.queries import process_for
from parley.talks.rules import require

from . import actions, badges, queries, rules
from .audit_actions import (
    ACCREDITATION_ISSUE,
    ACCREDITATION_REVOKE,
    BADGE_CHECK_IN,
    BOOKING_CREATE,
    BOOKING_MOVE,
)
from .forms import AccreditationForm, BookingForm, BookingMoveForm, CheckInForm, RevokeForm


def _bound(form_class, request: HttpRequest, process: Process):
    """The posted form, validated in the venue's zone so that its times arrive aware."""
    with in_venue_zone(process):
        form = form_class(request.POST, process=process)
        form.is_valid()
    return form


# Bookings


def _bookings_page(
    request: HttpRequest,
    process: Process,
    *,
    form: BookingForm | None = None,
    move: tuple[int, BookingMoveForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request)
    can_book = rules.can_book(actor, process)
    bookings = list(queries.bookings_of(actor=actor, process=process))
    if can_book:
        moving_pk, moving_form = move or (None, None)
        for booking in bookings:
            booking.move_form = (
                moving_form
                if booking.pk == moving_pk
                else BookingMoveForm(
                    process=process,
                    initial={
                        "room": booking.room_id,
                        "starts_at": timezone.localtime(booking.starts_at, process.venue.tzinfo),
                        "ends_at": timezone.localtime(booking.ends_at, process.venue.tzinfo),
                    },
                )
            )
    context = {
        "bookings": bookings,
        "can_book": can_book,
        "form": form or (BookingForm(process=process) if can_book else None),
    }
    return render_in_venue_zone(request, process, "venues/bookings.html", context, status)


@require_GET
def bookings(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = process_for(actor=actor_of(request), pk=process_pk)
    return _bookings_page(request, process)


@require_POST
def booking_create(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_pk)
    require(rules.can_book(actor, process), actor=actor, action=BOOKING_CREATE, process=process)
    form = _bound(BookingForm, request, process)
    if not form.is_valid():
        return _bookings_page(request, process, form=form)
    try:
        actions.booking_create(actor=actor, process=process, **form.cleaned_data)
    except Conflict as conflict:
        form.add_error(None, conflict.message)
        return _bookings_page(request, process, form=form, status=409)
    messages.success(request, _("The room is booked."))
    return redirect("venues:bookings", process_pk=process.pk)


@require_POST
def booking_move(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    booking = queries.booking_for(actor=actor, process_pk=process_pk, pk=pk)
    process = booking.process
    require(rules.can_book(actor, process), actor=actor, action=BOOKING_MOVE, process=process)
    form = _bound(BookingMoveForm, request, process)
    if not form.is_valid():
        return _bookings_page(request, process, move=(booking.pk, form))
    try:
        actions.booking_move(actor=actor, booking=booking, **form.cleaned_data)
    except Conflict as conflict:
        form.add_error(None, conflict.message)
        return _bookings_page(request, process, move=(booking.pk, form), status=409)
    messages.success(request, _("The booking is moved."))
    return redirect("venues:bookings", process_pk=process.pk)


@require_POST
def booking_cancel(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    booking = queries.booking_for(actor=actor, process_pk=process_pk, pk=pk)
    try:
        actions.booking_cancel(actor=actor, booking=booking)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, _("The booking is cancelled; the room is free again."))
    return redirect("venues:bookings", process_pk=process_pk)


# Accreditation and badges


def _badges_page(
    request: HttpRequest,
    process: Process,
    *,
    form: AccreditationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request)
    can_accredit = rules.can_accredit(actor, process)
    context = {
        "accreditations": queries.accreditations_of(actor=actor, process=process),
        "can_accredit": can_accredit,
        "form": form or (AccreditationForm(process=process) if can_accredit else None),
        "revoke_form": RevokeForm() if can_accredit else None,
        "now": timezone.now(),
    }
    return render_in_venue_zone(request, process, "venues/badges.html", context, status)


@require_GET
def badge_list(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = process_for(actor=actor_of(request), pk=process_pk)
    return _badges_page(request, process)


@require_POST
def badge_issue(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_pk)
    require(
        rules.can_accredit(actor, process),
        actor=actor,
        action=ACCREDITATION_ISSUE,
        process=process,
    )
    form = _bound(AccreditationForm, request, process)
    if not form.is_valid():
        return _badges_page(request, process, form=form)
    try:
        accreditation = actions.accreditation_issue(
            actor=actor, process=process, **form.cleaned_data
        )
    except Conflict as conflict:
        form.add_error(None, conflict.message)
        return _badges_page(request, process, form=form, status=409)
    messages.success(request, _("%(name)s is accredited.") % {"name": accreditation.name})
    return redirect("venues:badges", process_pk=process.pk)


@require_GET
def badge_pdf(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    accreditation = queries.accreditation_for(actor=actor_of(request), process_pk=process_pk, pk=pk)
    response = HttpResponse(badges.badge_pdf(accreditation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{accreditation.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def badge_revoke(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    accreditation = queries.accreditation_for(actor=actor, process_pk=process_pk, pk=pk)
    require(
        rules.can_accredit(actor, process_pk),
        actor=actor,
        action=ACCREDITATION_REVOKE,
        process=process_pk,
    )
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the badge is revoked."))
        return redirect("venues:badges", process_pk=process_pk)
    try:
        actions.accreditation_revoke(
            actor=actor, accreditation=accreditation, reason=form.cleaned_data["reason"]
        )
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, _("The badge of %(name)s is revoked.") % {"name": accreditation})
    return redirect("venues:badges", process_pk=process_pk)


# The door


def _door_of(request: HttpRequest, process_pk: int) -> Process:
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_pk)
    allowed = rules.can_check_in(actor, process)
    require(allowed, actor=actor, action=BADGE_CHECK_IN, process=process)
    return process


def _door(request: HttpRequest, process: Process, context: dict) -> HttpResponse:
    recent = queries.check_ins_of(actor=actor_of(request), process=process)
    partial = request.headers.get("HX-Request") == "true"
    template = "venues/_check_in_result.html" if partial else "venues/check_in.html"
    return render_in_venue_zone(request, process, template, {"recent": recent, **context})


@require_GET
def check_in(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _door_of(request, process_pk)
    return _door(request, process, {"form": CheckInForm(initial={"gate": request.GET.get("gate")})})


@require_POST
def check_in_read(request: HttpRequest, process_pk: int) -> HttpResponse:
    """Reads one code, typed or scanned, and answers at once."""
    process = _door_of(request, process_pk)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return _door(request, process, {"form": form})
    check = actions.badge_check_in(actor=actor_of(request), process=process, **form.cleaned_data)
    gate = form.cleaned_data["gate"]
    return _door(request, process, {"form": CheckInForm(initial={"gate": gate}), "check": check})


# The host dashboard's card (offered to talks.pages in VenuesConfig.ready)


def rooms_panel(actor: Actor, process: Process) -> dict | None:
    """The venue's rooms, for the host's dashboard."""
    if not actor.is_host_in(process.pk):
        return None
    return {"rooms": queries.rooms_of(venue=process.venue)}
