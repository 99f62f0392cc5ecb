"""Pages of a process: the host's logistics dashboard, the party's dashboard, the issue map."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parley.core.actors import actor_of
from parley.core.errors import Conflict
from parley.core.queries import consenting_parties, process_for
from parley.core.rules import can_grant_share, can_see_substance
from parley.venues.queries import rooms_of

from . import actions, queries
from .models import MeetingStatus


@require_GET
def process_dashboard(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = process_for(actor=actor, pk=process_pk)
    meetings = queries.meetings_visible_to(actor=actor, process=process)
    context = {
        "process": process,
        "meetings": meetings,
        "requested": [m for m in meetings if m.status == MeetingStatus.REQUESTED],
        "venue_tz": process.venue.time_zone,
        "can_see_substance": can_see_substance(actor, process),
    }
    if actor.is_host_in(process.pk):
        context |= {
            "rooms": rooms_of(venue=process.venue),
            "delegations": queries.delegations_of(process=process),
            "shares": consenting_parties(process=process),
        }
        return render(request, "talks/host_dashboard.html", context)
    own_party = actor.party_in(process.pk)
    context |= {
        "delegation": queries.own_delegation(actor=actor, process=process),
        "own_meetings": [m for m in meetings if any(p.pk == own_party for p in m.parties.all())],
        "can_grant_share": can_grant_share(actor, process),
        "sharing": consenting_parties(process=process).filter(party_id=own_party).exists(),
    }
    return render(request, "talks/party_dashboard.html", context)


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
