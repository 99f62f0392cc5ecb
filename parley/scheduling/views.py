"""Pages of the programme: published versions, planning, drafts with live progress, calendars."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from parley.core.actors import Actor, actor_of
from parley.core.errors import Conflict, NotFound
from parley.talks.models import Process
from parley.talks.queries import process_for
from parley.venues.queries import rooms_of

from . import actions, calendars, forms, printing, queries, rules
from .models import CalendarFeed
from .reasons import reason_text


def _local_day_groups(entries, tz) -> list[tuple[dt.date, list]]:
    days = defaultdict(list)
    for e in entries:
        days[e.starts_at.astimezone(tz).date()].append(e)
    return sorted(days.items())


@require_GET
def programme(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    number = request.GET.get("v")
    process, version = queries.programme_for(
        actor=actor,
        process_pk=process_pk,
        number=int(number) if number and number.isdigit() else None,
    )
    tz = process.venue.tzinfo
    entries = list(queries.entries_of(version=version))
    own_party = actor.party_in(process.pk)
    context = {
        "process": process,
        "version": version,
        "versions": queries.versions_of(process=process),
        "days": _local_day_groups(entries, tz),
        "tz": process.venue.time_zone,
        "own_party": own_party,
        "delegations": queries.calendar_delegations_for(actor=actor, process=process),
        "rooms": rooms_of(venue=process.venue),
        "can_plan": rules.can_plan(actor, process),
    }
    latest = queries.latest_version_of(process=process)
    # What became of a meeting is marked on the latest version, by the planners.
    context["can_mark"] = (
        context["can_plan"]
        and version is not None
        and latest is not None
        and version.pk == latest.pk
    )
    context["outcomes"] = [(s.value, s.label) for s in actions.OUTCOMES]
    if version is not None and version.number > 1:
        context["changes"] = queries.changes_of(version=version)
        context["affected"] = queries.delegations_affected(version=version)
    if context["can_plan"]:
        context["runs"] = queries.runs_of(process=process)[:10]
    return render(request, "scheduling/programme.html", context)


@require_GET
def programme_pdf(request: HttpRequest, process_pk: int) -> HttpResponse:
    process, version = queries.programme_for(actor=actor_of(request), process_pk=process_pk)
    pdf = printing.programme_pdf(
        process=process, version=version, entries=list(queries.entries_of(version=version))
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="programme-{process.pk}.pdf"'
    return response


@require_POST
def solve(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = queries.planning_process_for(actor=actor, pk=process_pk, action="schedule.solve")
    try:
        time_limit = float(request.POST.get("time_limit") or 10)
        since = dt.date.fromisoformat(request.POST["since"]) if request.POST.get("since") else None
    except ValueError:
        messages.error(request, _("The time limit is a number of seconds; the date is YYYY-MM-DD."))
        return redirect("scheduling:programme", process_pk=process.pk)
    try:
        run = actions.solve_start(
            actor=actor, process=process, time_limit=time_limit, since=since or _today(process)
        )
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("scheduling:programme", process_pk=process.pk)
    return redirect("scheduling:run", process_pk=process.pk, pk=run.pk)


def _today(process) -> dt.date:
    return timezone.localdate(timezone=process.venue.tzinfo)


@require_GET
def run(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    draft = queries.run_for(actor=actor_of(request), process_pk=process_pk, pk=pk)
    process = draft.process
    rows = queries.draft_rows(run=draft)
    previous = draft.instance.get("previous") or {}
    placed = {a["meeting"] for a in (draft.solution or {}).get("assignments", [])}
    context = {
        "process": process,
        "run": draft,
        "rows": rows,
        "tz": process.venue.time_zone,
        "moves": sum(1 for r in rows if r["moved"]) + sum(1 for m in previous if m not in placed),
        "warnings": [(w["title"], reason_text(w)) for w in draft.warnings],
        "latest": queries.latest_version_of(process=process),
        "queue": queries.queue_state_of(run=draft),
    }
    return render(request, "scheduling/run.html", context)


@require_GET
def run_progress(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    draft = queries.run_for(actor=actor_of(request), process_pk=process_pk, pk=pk)
    context = {"run": draft, "process": draft.process, "queue": queries.queue_state_of(run=draft)}
    response = render(request, "scheduling/_progress.html", context)
    if draft.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # show the finished draft
    return response


@require_POST
def run_stop(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    draft = queries.run_for(actor=actor, process_pk=process_pk, pk=pk)
    try:
        actions.solve_stop(actor=actor, run=draft)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.info(request, _("Stopping: the draft keeps the best programme found so far."))
    return redirect("scheduling:run", process_pk=process_pk, pk=pk)


@require_POST
def publish(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    draft = queries.run_for(actor=actor, process_pk=process_pk, pk=pk)
    try:
        version = actions.programme_publish(
            actor=actor, run=draft, note=request.POST.get("note", "")
        )
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("scheduling:run", process_pk=process_pk, pk=pk)
    messages.success(
        request, _("Version %(n)s of the programme is published.") % {"n": version.number}
    )
    return redirect("scheduling:programme", process_pk=process_pk)


@require_http_methods(["GET", "POST"])
def planning(request: HttpRequest, process_pk: int) -> HttpResponse:
    """Interpreters, separations, pins, time windows and absences: the solver's other inputs."""
    actor = actor_of(request)
    process = queries.planning_process_for(actor=actor, pk=process_pk, action="planning.read")
    choices = queries.planning_choices_of(process=process)
    if request.method == "POST":
        problem = _planning_post(request, actor, process, choices)
        if problem is None:
            messages.success(request, _("Saved."))
        else:
            messages.error(request, problem)
        return redirect("scheduling:planning", process_pk=process.pk)
    context = {
        "process": process,
        "tz": process.venue.time_zone,
        "parties": choices.parties,
        "meetings": choices.meetings,
        "rooms": choices.rooms,
        "members": choices.members,
        **queries.planning_inputs_of(process=process),
    }
    return render(request, "scheduling/planning.html", context)


def _planning_post(
    request: HttpRequest, actor: Actor, process: Process, choices: queries.PlanningChoices
) -> str | None:
    """Save the one form the page sent; returns what stood in the way, in words, or None."""
    kind = request.POST.get("form")
    if kind not in PLANNING_FORMS:
        return _("Check the form.")
    form_class, save = PLANNING_FORMS[kind]
    with timezone.override(process.venue.tzinfo):
        form = form_class(request.POST, choices=choices)
        if not form.is_valid():
            return _("Check the form.")
    try:
        save(actor, process, form.cleaned_data)
    except Conflict as conflict:
        return conflict.message
    return None


def _save_interpreters(actor: Actor, process: Process, data: dict) -> None:
    actions.interpreter_pool_set(
        actor=actor, process=process, pair=data["pair"], count=data["count"]
    )


def _save_separation(actor: Actor, process: Process, data: dict) -> None:
    actions.separation_set(
        actor=actor, process=process, party=data["party"], other=data["other"], apart=data["apart"]
    )


def _save_pin(actor: Actor, process: Process, data: dict) -> None:
    actions.pin_set(
        actor=actor, meeting=data["meeting"], room=data["room"], starts_at=data["starts_at"]
    )


def _save_unpin(actor: Actor, process: Process, data: dict) -> None:
    actions.pin_clear(actor=actor, meeting=data["meeting"])


def _save_window(actor: Actor, process: Process, data: dict) -> None:
    actions.window_set(
        actor=actor,
        meeting=data["meeting"],
        not_before=data["not_before"],
        not_after=data["not_after"],
    )


def _save_unwindow(actor: Actor, process: Process, data: dict) -> None:
    actions.window_clear(actor=actor, meeting=data["meeting"])


def _save_absence(actor: Actor, process: Process, data: dict) -> None:
    actions.unavailability_add(
        actor=actor,
        member=data["member"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        reason=data["reason"],
    )


# The page's forms by the value of their hidden `form` field: the form, and how it is saved.
PLANNING_FORMS: dict[
    str, tuple[type[forms.PlanningForm], Callable[[Actor, Process, dict], None]]
] = {
    "interpreters": (forms.InterpreterPoolForm, _save_interpreters),
    "separation": (forms.SeparationForm, _save_separation),
    "pin": (forms.PinForm, _save_pin),
    "unpin": (forms.MeetingChoiceForm, _save_unpin),
    "window": (forms.WindowForm, _save_window),
    "unwindow": (forms.MeetingChoiceForm, _save_unwindow),
    "absence": (forms.AbsenceForm, _save_absence),
}


def _ics(data: queries.CalendarFeedData) -> HttpResponse:
    body = calendars.feed(
        process=data.process, version=data.version, entries=data.entries, name=data.name
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{data.file_name}.ics"'
    return response


@require_GET
def delegation_calendar(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    return _ics(
        queries.calendar_feed_for(
            actor=actor_of(request), process_pk=process_pk, feed=CalendarFeed.DELEGATION, pk=pk
        )
    )


@require_GET
def member_calendar(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    return _ics(
        queries.calendar_feed_for(
            actor=actor_of(request), process_pk=process_pk, feed=CalendarFeed.MEMBER, pk=pk
        )
    )


@require_GET
def room_calendar(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    return _ics(
        queries.calendar_feed_for(
            actor=actor_of(request), process_pk=process_pk, feed=CalendarFeed.ROOM, pk=pk
        )
    )


@require_safe
def calendar_by_address(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar app's read: no session, the secret address is the credential.

    The owner's rights are checked now, not when the address was made.
    """
    link = queries.calendar_link_for_token(token=token)
    try:
        data = queries.calendar_feed_for(
            actor=Actor.for_user(link.owner),
            process_pk=link.process_id,
            feed=link.feed,
            pk=link.object_pk,
        )
    except NotFound:
        actions.calendar_link_expire(link=link)
        raise NotFound() from None
    return _ics(data)


NEW_ADDRESS_KEY = "scheduling.new-calendar-address"


@require_http_methods(["GET", "POST"])
def calendar_links(request: HttpRequest, process_pk: int) -> HttpResponse:
    """The actor's secret calendar addresses: make one (shown once), or revoke one."""
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_pk)
    if request.method == "POST":
        feed, _sep, pk = request.POST.get("feed", "").partition(":")
        if not pk.isdigit():
            messages.error(request, _("Choose a calendar from the list."))
            return redirect("scheduling:calendar-links", process_pk=process.pk)
        # A feed the actor may not read answers like a missing one (404), denial audited.
        link, token = actions.calendar_link_create(
            actor=actor, process=process, feed=feed, pk=int(pk)
        )
        # Shown once, after the redirect: a reload must not make another address. The
        # session is stored server-side; the secret never travels in a cookie.
        request.session[NEW_ADDRESS_KEY] = {
            "name": link.name,
            "address": request.build_absolute_uri(
                reverse("scheduling:calendar-by-address", kwargs={"token": token})
            ),
        }
        return redirect("scheduling:calendar-links", process_pk=process.pk)
    context = {
        "process": process,
        "tz": process.venue.time_zone,
        "new": request.session.pop(NEW_ADDRESS_KEY, None),
        "links": queries.calendar_links_of(actor=actor, process=process),
        "delegations": queries.calendar_delegations_for(actor=actor, process=process),
        "rooms": rooms_of(venue=process.venue),
    }
    response = render(request, "scheduling/calendar_links.html", context)
    response["Cache-Control"] = "no-store"  # the page may hold a secret address
    return response


@require_POST
def calendar_link_revoke(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_pk)
    link = actions.calendar_link_revoke(actor=actor, process=process, pk=pk)
    messages.success(
        request,
        _("The address of %(name)s is closed: calendar apps can no longer read it.")
        % {"name": link.name},
    )
    return redirect("scheduling:calendar-links", process_pk=process.pk)


@require_POST
def meeting_outcome(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    """A planner marks a published meeting held, cancelled or postponed."""
    actor = actor_of(request)
    meeting = queries.meeting_to_plan(
        actor=actor, process_pk=process_pk, pk=pk, action="meeting.outcome"
    )
    try:
        marked = actions.meeting_outcome_set(
            actor=actor, meeting=meeting, status=request.POST.get("status", "")
        )
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(
            request,
            _("%(meeting)s is marked %(status)s.")
            % {"meeting": marked.title, "status": marked.get_status_display().lower()},
        )
    return redirect("scheduling:programme", process_pk=meeting.process_id)
