"""Pages of a process: the home list, the host's logistics dashboard, the party's dashboard,
the issue map, the consent to share, readiness (the report, the ceasefire record, the gates) and
the convergence of the texts. Thin: reads through `queries`, writes through `actions`."""

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parley.core.actors import actor_of
from parley.core.errors import Conflict

from . import actions, charts, queries, readiness, rules
from .audit_actions import READINESS_GATE_ACCEPT, READINESS_GATE_WITHDRAW
from .models import (
    READINESS_LEVELS,
    CeasefireStatus,
    Gate,
    GateSettingStatus,
    Level,
    MeetingStatus,
)
from .pages import render_in_venue_zone


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "talks/home.html", {"rows": queries.home_rows(actor=actor_of(request))})


@require_GET
def process_dashboard(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = queries.process_for(actor=actor, pk=process_pk)
    meetings = queries.meetings_visible_to(actor=actor, process=process)
    reports, facts = queries.readiness_overview_for(actor=actor, process=process)
    context = {
        "meetings": meetings,
        "requested": [m for m in meetings if m.status == MeetingStatus.REQUESTED],
        "can_see_substance": rules.can_see_substance(actor, process),
    }
    if actor.is_host_in(process.pk):
        context |= {
            "delegations": queries.delegations_of(process=process),
            "shares": queries.consenting_parties(process=process),
            # the verdicts only: the gates' reasons stay on the report's own page
            "verdicts": [(_level_label(r.level), r.level, r.verdict) for r in reports],
        }
        return render_in_venue_zone(request, process, "talks/host_dashboard.html", context)
    own_party = actor.party_in(process.pk)
    context |= {
        "delegation": queries.own_delegation(actor=actor, process=process),
        "own_meetings": [m for m in meetings if any(p.pk == own_party for p in m.parties.all())],
        "can_grant_share": rules.can_grant_share(actor, process),
        "sharing": queries.party_consents(process=process, party_id=own_party),
        "reports": [(_level_label(r.level), r) for r in reports],
        "distance": _distance(facts, queries.text_history_of(process=process)),
    }
    return render_in_venue_zone(request, process, "talks/party_dashboard.html", context)


def _level_label(level: str) -> str:
    return str(Level(level).label)


def _distance(facts: readiness.Facts, history: list[charts.Series]) -> dict:
    """Distance to agreement: open brackets left per item (its whole linked package) and in
    the process, against the most the process ever had open at once."""
    agreements = readiness.agreements(facts)
    by_pk = {item.pk: item for item in facts.items}
    rows = [
        {
            "item": item,
            "agreement": agreements[item.pk],
            "linked": [
                by_pk[pk]
                for pk in sorted(agreements[item.pk].package, key=lambda p: by_pk[p].number)
                if pk != item.pk
            ],
        }
        for item in facts.items
    ]
    total = sum(item.brackets for item in facts.items)
    peak = max((v.brackets for v in charts.total_over_time(history).versions), default=0)
    return {
        "rows": rows,
        "total": total,
        "peak": peak,
        "closed_share": round(100 * (peak - total) / peak) if peak else None,
        "without_text": sum(1 for item in facts.items if not item.has_text),
        "agreed": sum(1 for a in agreements.values() if a.agreed),
    }


@require_GET
def agenda(request: HttpRequest, process_pk: int) -> HttpResponse:
    process, items = queries.agenda_for(actor=actor_of(request), process_pk=process_pk)
    picture = queries.issue_map_of(process=process)
    standing = {node.pk: node for node in picture.nodes}
    return render(
        request,
        "talks/agenda.html",
        {
            "process": process,
            "items": [(item, standing[item.pk]) for item in items],
            "picture": picture,
        },
    )


@require_GET
def agenda_item(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    item = queries.agenda_item_for(actor=actor, process_pk=process_pk, pk=pk)
    facts = queries.readiness_facts(process=item.process, with_paragraphs=False)
    return render(
        request,
        "talks/agenda_item.html",
        {
            "process": item.process,
            "item": item,
            "agreement": readiness.agreements(facts)[item.pk],
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


# Readiness


def _level_from(request: HttpRequest) -> str | None:
    level = request.GET.get("level") or request.POST.get("level") or Level.LEADER
    return level if level in READINESS_LEVELS else None


def _back_to_report(process_pk: int, level: str | None) -> HttpResponse:
    url = reverse("talks:readiness", args=[process_pk])
    return redirect(f"{url}?level={level}" if level else url)


@require_GET
def readiness_report(request: HttpRequest, process_pk: int) -> HttpResponse:
    """The report for one level. Parties read every gate's reasons; host staff read the
    verdict and each gate's pass or fail, in words that name no item, count or text."""
    actor = actor_of(request)
    level = _level_from(request)
    if level is None:
        process = queries.process_for(actor=actor, pk=process_pk)
        context = {"process": process, "levels": _levels(), "error": True}
        return render(request, "talks/readiness.html", context, status=400)
    process, report, full = queries.readiness_for(actor=actor, process_pk=process_pk, level=level)
    context = {"process": process, "level": level, "level_label": _level_label(level)}
    context["levels"] = _levels()
    if not full:
        host_view = report.host_view()
        context["host_view"] = host_view
        context["host_gates"] = [(Gate(g["gate"]).label, g) for g in host_view["gates"]]
        return render(request, "talks/readiness.html", context)
    party_id = actor.party_in(process.pk)
    settings = queries.gate_settings_of(process=process, level=level)
    in_force = queries.agreed_settings(process=process)
    context |= {
        "report": report.party_view(),
        "parties": list(process.parties.order_by("name")),
        "intents": queries.intents_of(process=process, level=level),
        "overrides": queries.overrides_of(process=process, level=level),
        "own_party": party_id,
        "is_head": rules.can_set_gates(actor, process),
        "gates": [
            {
                "gate": gate,
                "label": Gate(gate).label,
                "in_force": in_force.get((level, gate), readiness.DEFAULTS[level][gate]),
                "counted": gate in (Gate.CEASEFIRE, Gate.KEY_ITEMS),
            }
            for gate in readiness.GATE_ORDER
        ],
        "proposals": [s for s in settings if s.status == GateSettingStatus.PROPOSED],
        "party_count": process.parties.count(),
    }
    return render(request, "talks/readiness.html", context)


def _levels() -> list[tuple[str, str]]:
    return [(level.value, str(level.label)) for level in READINESS_LEVELS]


def _run(request: HttpRequest, write, success: str) -> None:
    try:
        write()
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, success)


@require_POST
def intent_set(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = queries.process_for(actor=actor, pk=process_pk)
    level = request.POST.get("level", "")
    confirmed = request.POST.get("confirmed") != "no"
    _run(
        request,
        lambda: actions.intent_set(actor=actor, process=process, level=level, confirmed=confirmed),
        _("Your party's intent is recorded.")
        if confirmed
        else _("Your party's intent is withdrawn."),
    )
    return _back_to_report(process.pk, level if level in READINESS_LEVELS else None)


@require_POST
def override_set(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = queries.process_for(actor=actor, pk=process_pk)
    level = request.POST.get("level", "")
    overriding = request.POST.get("overriding") != "no"
    _run(
        request,
        lambda: actions.override_set(
            actor=actor, process=process, level=level, overriding=overriding
        ),
        _("Your party's override is recorded.")
        if overriding
        else _("Your party's override is withdrawn."),
    )
    return _back_to_report(process.pk, level if level in READINESS_LEVELS else None)


def _threshold(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() else None


@require_POST
def gate_propose(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = queries.process_for(actor=actor, pk=process_pk)
    level = request.POST.get("level", "")
    raw = request.POST.get("threshold", "")
    if raw.strip() and _threshold(raw) is None:
        messages.error(request, _("The threshold is a whole number, 0 or more."))
        return _back_to_report(process.pk, level if level in READINESS_LEVELS else None)
    _run(
        request,
        lambda: actions.gate_propose(
            actor=actor,
            process=process,
            level=level,
            gate=request.POST.get("gate", ""),
            required=request.POST.get("required") == "yes",
            threshold=_threshold(raw),
        ),
        _("Your proposal is before the other parties: it takes effect when every party accepts."),
    )
    return _back_to_report(process.pk, level if level in READINESS_LEVELS else None)


@require_POST
def gate_accept(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    setting = queries.gate_setting_for(
        actor=actor, process_pk=process_pk, pk=pk, action=READINESS_GATE_ACCEPT
    )
    _run(
        request,
        lambda: actions.gate_accept(actor=actor, setting=setting),
        _("Your party accepts the proposal."),
    )
    return _back_to_report(process_pk, setting.level)


@require_POST
def gate_withdraw(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    setting = queries.gate_setting_for(
        actor=actor, process_pk=process_pk, pk=pk, action=READINESS_GATE_WITHDRAW
    )
    _run(
        request,
        lambda: actions.gate_withdraw(actor=actor, setting=setting),
        _("The proposal is closed without effect."),
    )
    return _back_to_report(process_pk, setting.level)


@require_GET
def ceasefire(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process, history = queries.ceasefire_for(actor=actor, process_pk=process_pk)
    latest = queries.latest_declarations(process=process)
    facts = queries.readiness_facts(process=process, with_paragraphs=False)
    status, since = readiness.ceasefire_of(facts.parties)
    return render(
        request,
        "talks/ceasefire.html",
        {
            "process": process,
            "history": history,
            "current": [
                (party, latest.get(party.pk)) for party in process.parties.order_by("name")
            ],
            "status": CeasefireStatus(status),
            "since": since,
            "held_days": (facts.today - since).days if since else None,
            "statuses": CeasefireStatus.choices,
            "today": facts.today,
            "can_declare": rules.can_declare_ceasefire(actor, process),
            "own": latest.get(actor.party_in(process.pk)),
        },
    )


@require_POST
def ceasefire_declare(request: HttpRequest, process_pk: int) -> HttpResponse:
    actor = actor_of(request)
    process = queries.process_for(actor=actor, pk=process_pk)
    raw_date = request.POST.get("holding_since", "").strip()
    try:
        since = dt.date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        messages.error(request, _("The date is written YYYY-MM-DD."))
        return redirect("talks:ceasefire", process_pk=process.pk)
    _run(
        request,
        lambda: actions.ceasefire_declare(
            actor=actor,
            process=process,
            status=request.POST.get("status", ""),
            holding_since=since,
            reference=request.POST.get("reference", ""),
        ),
        _("Your party's declaration is recorded."),
    )
    return redirect("talks:ceasefire", process_pk=process.pk)


@require_GET
def convergence(request: HttpRequest, process_pk: int) -> HttpResponse:
    process, history = queries.convergence_for(actor=actor_of(request), process_pk=process_pk)
    total = charts.total_over_time(history)
    return render(
        request,
        "talks/convergence.html",
        {
            "process": process,
            "history": history,
            "total": total,
            "by_version": charts.over_versions(history),
            "by_time": charts.over_time(history, total),
            "tz": process.venue.time_zone,
        },
    )
