"""The facts behind readiness: ceasefire declarations, intent, overrides, gate settings.

Each party speaks through its head of delegation; every word is audited.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict

from .. import queries, readiness, rules
from ..audit_actions import (
    CEASEFIRE_DECLARE,
    READINESS_GATE_ACCEPT,
    READINESS_GATE_AGREE,
    READINESS_GATE_PROPOSE,
    READINESS_GATE_WITHDRAW,
    READINESS_INTENT,
    READINESS_OVERRIDE,
    READINESS_OVERRIDE_PUBLISH,
)
from ..models import (
    GATES_WITH_THRESHOLD,
    READINESS_LEVELS,
    CeasefireDeclaration,
    CeasefireStatus,
    Gate,
    GateAcceptance,
    GateSetting,
    GateSettingStatus,
    IntentConfirmation,
    Level,
    Meeting,
    Process,
    ReadinessOverride,
)


def _head_of_delegation(actor: Actor, process: Process, action: str, allowed) -> Process:
    process = queries.process_for(actor=actor, pk=process.pk)
    rules.require(allowed(actor, process), actor=actor, action=action, process=process)
    return process


def _readiness_level(level: str) -> Level:
    if level not in READINESS_LEVELS:
        raise Conflict(_("Readiness is reported for senior officials, ministers and leaders."))
    return Level(level)


@transaction.atomic(durable=True)
def ceasefire_declare(
    *,
    actor: Actor,
    process: Process,
    status: str,
    holding_since: dt.date | None = None,
    reference: str = "",
) -> CeasefireDeclaration:
    """The actor's party declares where the ceasefire stands for it; its history is kept."""
    process = _head_of_delegation(actor, process, CEASEFIRE_DECLARE, rules.can_declare_ceasefire)
    if status not in CeasefireStatus.values:
        raise Conflict(_("Say whether there is no ceasefire, a declared one, or one holding."))
    if status == CeasefireStatus.HOLDING:
        if holding_since is None:
            raise Conflict(_("Give the date since which the ceasefire holds."))
        if holding_since > queries.venue_today(process):
            raise Conflict(_("A ceasefire cannot hold since a date still to come."))
    elif holding_since is not None:
        raise Conflict(_("Only a ceasefire that holds has a date since which it holds."))
    reference = reference.strip()
    if len(reference) > 500:
        raise Conflict(_("The reference is at most 500 characters."))
    declaration = CeasefireDeclaration.objects.create(
        process=process,
        party_id=actor.party_in(process.pk),
        status=status,
        holding_since=holding_since,
        reference=reference,
        declared_by=actor.user,
    )
    audit.record(
        actor=actor,
        action=CEASEFIRE_DECLARE,
        target=declaration,
        process_id=process.pk,
        detail={
            "status": status,
            "holding_since": holding_since.isoformat() if holding_since else None,
        },
    )
    return declaration


def _mark_for_own_party(
    model: type[IntentConfirmation] | type[ReadinessOverride],
    *,
    actor: Actor,
    process: Process,
    level: Level,
    on: bool,
    by: str,
) -> bool:
    """Set or clear the actor's party's mark for `level`; whether anything changed."""
    mark = {"process": process, "level": level, "party_id": actor.party_in(process.pk)}
    if on:
        return model.objects.get_or_create(**mark, defaults={by: actor.user})[1]
    return bool(model.objects.filter(**mark).delete()[0])


@transaction.atomic(durable=True)
def intent_set(*, actor: Actor, process: Process, level: str, confirmed: bool) -> None:
    """The actor's party confirms (or takes back) its intent to meet at `level`."""
    process = _head_of_delegation(actor, process, READINESS_INTENT, rules.can_confirm_intent)
    level = _readiness_level(level)
    changed = _mark_for_own_party(
        IntentConfirmation,
        actor=actor,
        process=process,
        level=level,
        on=confirmed,
        by="confirmed_by",
    )
    if not changed:
        raise Conflict(
            _("Your party has already confirmed this intent.")
            if confirmed
            else _("Your party has not confirmed this intent.")
        )
    audit.record(
        actor=actor,
        action=READINESS_INTENT,
        target=process,
        process_id=process.pk,
        detail={"level": level.value, "confirmed": confirmed},
    )


@transaction.atomic(durable=True)
def override_set(*, actor: Actor, process: Process, level: str, overriding: bool) -> None:
    """The actor's party records (or takes back) its override for `level`: with every party's,
    meetings at that level may be published though the report says not yet realistic."""
    process = _head_of_delegation(actor, process, READINESS_OVERRIDE, rules.can_override_readiness)
    level = _readiness_level(level)
    changed = _mark_for_own_party(
        ReadinessOverride,
        actor=actor,
        process=process,
        level=level,
        on=overriding,
        by="recorded_by",
    )
    if not changed:
        raise Conflict(
            _("Your party has already overridden this level.")
            if overriding
            else _("Your party has not overridden this level.")
        )
    audit.record(
        actor=actor,
        action=READINESS_OVERRIDE,
        target=process,
        process_id=process.pk,
        detail={"level": level.value, "overriding": overriding},
    )


def _every_party_accepted(setting: GateSetting) -> bool:
    parties = set(setting.process.parties.values_list("pk", flat=True))
    accepted = set(setting.acceptances.values_list("party_id", flat=True))
    return bool(parties) and parties <= accepted


def _agree_if_every_party(actor: Actor, setting: GateSetting) -> None:
    if _every_party_accepted(setting):
        setting.status, setting.closed_at = GateSettingStatus.AGREED, timezone.now()
        setting.save(update_fields=["status", "closed_at"])
        audit.record(
            actor=actor,
            action=READINESS_GATE_AGREE,
            target=setting,
            process_id=setting.process_id,
            detail=_setting_detail(setting),
        )


def _setting_detail(setting: GateSetting) -> dict:
    return {
        "level": setting.level,
        "gate": setting.gate,
        "required": setting.required,
        "threshold": setting.threshold,
    }


@transaction.atomic(durable=True)
def gate_propose(
    *,
    actor: Actor,
    process: Process,
    level: str,
    gate: str,
    required: bool,
    threshold: int | None = None,
) -> GateSetting:
    """The actor's party proposes how a gate applies at a level; it takes effect once every
    party has accepted it."""
    process = _head_of_delegation(actor, process, READINESS_GATE_PROPOSE, rules.can_set_gates)
    level = _readiness_level(level)
    if gate not in Gate.values:
        raise Conflict(_("Name one of the gates: ceasefire, key items, preparation, intent."))
    counted = required and gate in GATES_WITH_THRESHOLD
    if counted and (threshold is None or threshold < 0):
        raise Conflict(_("This gate needs a threshold: a whole number, 0 or more."))
    threshold = threshold if counted else None
    in_force = queries.agreed_settings(process=process).get(
        (level, gate), readiness.DEFAULTS[level][gate]
    )
    if in_force == readiness.Setting(required, threshold):
        raise Conflict(_("This setting is already in force."))
    if GateSetting.objects.filter(
        process=process, level=level, gate=gate, status=GateSettingStatus.PROPOSED
    ).exists():
        raise Conflict(_("A change of this gate is already proposed: accept or withdraw it first."))
    setting = GateSetting.objects.create(
        process=process,
        level=level,
        gate=gate,
        required=required,
        threshold=threshold,
        proposed_by_party_id=actor.party_in(process.pk),
        proposed_by=actor.user,
    )
    GateAcceptance.objects.create(
        setting=setting, party_id=actor.party_in(process.pk), accepted_by=actor.user
    )
    audit.record(
        actor=actor,
        action=READINESS_GATE_PROPOSE,
        target=setting,
        process_id=process.pk,
        detail=_setting_detail(setting),
    )
    _agree_if_every_party(actor, setting)
    return setting


@transaction.atomic(durable=True)
def gate_accept(*, actor: Actor, setting: GateSetting) -> GateSetting:
    """The actor's party accepts a proposed gate setting; the last party's acceptance agrees it."""
    setting = queries.gate_setting_for(
        actor=actor, process_pk=setting.process_id, pk=setting.pk, action=READINESS_GATE_ACCEPT
    )
    if setting.status != GateSettingStatus.PROPOSED:
        raise Conflict(_("This proposal is closed: there is nothing to accept."))
    party_id = actor.party_in(setting.process_id)
    if setting.acceptances.filter(party_id=party_id).exists():
        raise Conflict(_("Your party has already accepted this proposal."))
    GateAcceptance.objects.create(setting=setting, party_id=party_id, accepted_by=actor.user)
    audit.record(
        actor=actor,
        action=READINESS_GATE_ACCEPT,
        target=setting,
        process_id=setting.process_id,
        detail=_setting_detail(setting),
    )
    _agree_if_every_party(actor, setting)
    return setting


@transaction.atomic(durable=True)
def gate_withdraw(*, actor: Actor, setting: GateSetting) -> GateSetting:
    """Close a proposed gate setting without effect: its party withdraws it, another declines."""
    setting = queries.gate_setting_for(
        actor=actor, process_pk=setting.process_id, pk=setting.pk, action=READINESS_GATE_WITHDRAW
    )
    if setting.status != GateSettingStatus.PROPOSED:
        raise Conflict(_("This proposal is already closed."))
    setting.status, setting.closed_at = GateSettingStatus.WITHDRAWN, timezone.now()
    setting.save(update_fields=["status", "closed_at"])
    audit.record(
        actor=actor,
        action=READINESS_GATE_WITHDRAW,
        target=setting,
        process_id=setting.process_id,
        detail=_setting_detail(setting),
    )
    return setting


def require_realistic_or_overridden(
    *, actor: Actor | None, process: Process, meetings: Iterable[Meeting]
) -> None:
    """One step of a programme's publication, inside its transaction: a meeting between parties
    at a readiness level goes on the programme only while its level's report says realistic,
    or every party's head has overridden it. Otherwise a Conflict that names no substance
    rolls the publication back. Meetings published by override are marked so, and audited."""
    gated: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        if readiness.is_gated(meeting.level, meeting.kind):
            gated.setdefault(meeting.level, []).append(meeting)
    if not gated:
        return
    reports = queries.readiness_reports(process=process)
    for level, at_level in sorted(gated.items()):
        report = reports[level]
        if not report.allows_meeting:
            raise Conflict(
                _(
                    "“%(meeting)s” cannot be published: the readiness report for %(level)s says "
                    "not yet realistic, and not every party's head of delegation has overridden it."
                )
                % {"meeting": at_level[0].title, "level": Level(level).label.lower()},
                detail={"level": level, "meeting": at_level[0].pk},
            )
        by_override = not report.realistic
        Meeting.objects.filter(pk__in=[m.pk for m in at_level]).update(by_override=by_override)
        if by_override:
            audit.record(
                actor=actor,
                action=READINESS_OVERRIDE_PUBLISH,
                target=process,
                process_id=process.pk,
                detail={
                    "level": level,
                    "meetings": sorted(m.pk for m in at_level),
                    "parties": list(report.overridden_by),
                },
            )
