"""Pages of a process: the home list, the host's logistics dashboard, the party's dashboard,
the issue map, and the consent to share. Thin: reads through `queries`, writes through `actions`."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parley.core.actors import actor_of
from parley.core.errors import Conflict

from . import actions, queries, rules
from .models import MeetingStatus
from .pages import render_in_venue_zone


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "talks/home.html", {"rows": queries.home_rows(actor=actor_of(request))})


@require_GET
def process_dashboard(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = queries.process_for(actor=actor, pk=process_pk)
    meetings = queries.meetings_visible_to(actor=actor, process=process)
    context = {
        "meetings": meetings,
        "requested": [m for m in meetings if m.status == MeetingStatus.REQUESTED],
        "can_see_substance": rules.can_see_substance(actor, process),
    }
    if actor.is_host_in(process.pk):
        context |= {
            "delegations": queries.delegations_of(process=process),
            "shares": queries.consenting_parties(process=process),
        }
        return render_in_venue_zone(request, process, "talks/host_dashboard.html", context)
    own_party = actor.party_in(process.pk)
    context |= {
        "delegation": queries.own_delegation(actor=actor, process=process),
        "own_meetings": [m for m in meetings if any(p.pk == own_party for p in m.parties.all())],
        "can_grant_share": rules.can_grant_share(actor, process),
        "sharing": queries.party_consents(process=process, party_id=own_party),
    }
    return render_in_venue_zone(request, process, "talks/party_dashboard.html", context)


@require_GET
def agenda(request: HttpRequest, process_pk: int) -> HttpResponse:
    process, items = queries.agenda_for(actor=actor_of(request), process_pk=process_pk)
    return render(request, "talks/agenda.html", {"process": process, "items": items})


@require_GET
def agenda_item(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    item = queries.agenda_item_for(actor=actor, process_pk=process_pk, pk=pk)
    return render(
        request,
        "talks/agenda_item.html",
        {
            "process": item.process,
            "item": item,
            "position": queries.own_position(actor=actor, item=item),
            "is_party_member": actor.party_in(item.process_id) is not None,
        },
    )


@require_POST
def position_save(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    item = queries.agenda_item_for(actor=actor, process_pk=process_pk, pk=pk)
    try:
        actions.position_save(actor=actor, item=item, body=request.POST.get("body", ""))
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, _("Your party's position is saved. Only your party sees it."))
    return redirect("talks:agenda-item", process_pk=process_pk, pk=pk)


@require_POST
def share_set(request: HttpRequest, process_pk: int) -> HttpResponse:
    """A head of delegation grants or revokes their party's consent to show the host substance."""
    actor = actor_of(request)
    process = queries.process_for(actor=actor, pk=process_pk)
    if request.POST.get("share") == "grant":
        actions.share_grant(actor=actor, process=process)
        messages.success(request, _("Your party now consents to show the host this substance."))
    else:
        actions.share_revoke(actor=actor, process=process)
        messages.success(request, _("Your party's consent is withdrawn."))
    return redirect("talks:process", process_pk=process.pk)
