"""Writes of the talks: the parties of a process, private positions, meeting requests, and the
facts behind readiness (ceasefire declarations, gate settings, intent, overrides)."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.core.models import Role, SubstanceShare
from parley.core.queries import process_for
from parley.core.rules import can_see_logistics, is_host_coordinator, is_party_member, require

from . import queries, readiness, rules
from .models import (
    GATES_WITH_THRESHOLD,
    READINESS_LEVELS,
    AgendaItem,
    CeasefireDeclaration,
    CeasefireStatus,
    Delegation,
    Gate,
    GateAcceptance,
    GateSetting,
    GateSettingStatus,
    IntentConfirmation,
    Level,
    Meeting,
    MeetingKind,
    Party,
    Position,
    Precedence,
    Process,
    ReadinessOverride,
    Track,
)


@transaction.atomic(durable=True)
def party_join(*, actor: Actor, process: Process, party: Party) -> Delegation:
    """The host coordinator adds a party to a process, with its delegation. The newcomer has
    not consented to share substance, so the host stops seeing it until it does."""
    process = process_for(actor=actor, pk=process.pk)
    require(is_host_coordinator(actor, process), actor=actor, action="party.join", process=process)
    if process.parties.filter(pk=party.pk).exists():
        raise Conflict(f"{party} is already a party of this process.")
    process.parties.add(party)
    delegation, _created = Delegation.objects.get_or_create(process=process, party=party)
    audit.record(
        actor=actor,
        action="party.join",
        target=party,
        process_id=process.pk,
        detail={"party": party.code},
    )
    return delegation


@transaction.atomic(durable=True)
def party_leave(*, actor: Actor, process: Process, party: Party) -> None:
    """The host coordinator records that a party left a process. Its consent to share goes with
    it, and so do its people's roles in the process: they see nothing of it any more."""
    process = process_for(actor=actor, pk=process.pk)
    require(is_host_coordinator(actor, process), actor=actor, action="party.leave", process=process)
    if not process.parties.filter(pk=party.pk).exists():
        raise Conflict(f"{party} is not a party of this process.")
    process.parties.remove(party)
    SubstanceShare.objects.filter(process=process, party=party).delete()
    roles, _ = Role.objects.filter(process=process, party=party).delete()
    audit.record(
        actor=actor,
        action="party.leave",
        target=party,
        process_id=process.pk,
        detail={"party": party.code, "roles_ended": roles},
    )


@transaction.atomic(durable=True)
def position_save(*, actor: Actor, item: AgendaItem, body: str) -> Position:
    """Write the actor's own party's private position on an agenda item."""
    if not is_party_member(actor, item.process_id):
        raise NotFound(
            audit.Denial(actor, "position.save", "talks.agendaitem", str(item.pk), item.process_id)
        )
    body = body.strip()
    if not body:
        raise Conflict("A position cannot be empty.")
    position, _created = Position.objects.update_or_create(
        item=item,
        party_id=actor.party_in(item.process_id),
        defaults={"body": body, "updated_by": actor.user},
    )
    # The body is private to the party: the audit chain records that it changed, not what it says.
    audit.record(actor=actor, action="position.save", target=position, process_id=item.process_id)
    return position


@transaction.atomic(durable=True)
def meeting_request(
    *,
    actor: Actor,
    process: Process,
    title: str,
    level: Level,
    kind: MeetingKind,
    parties: list[Party],
    size: int,
    duration_minutes: int,
    track: Track | None = None,
    languages: list[str] | None = None,
    priority: int = 1,
    after: list[tuple[Meeting, int]] | None = None,
) -> Meeting:
    """A party (for meetings it takes part in) or the host asks for a meeting to be scheduled."""
    process = process_for(actor=actor, pk=process.pk)
    own_party = actor.party_in(process.pk)
    allowed = can_see_logistics(actor, process) and (
        actor.is_host_in(process.pk) or any(p.pk == own_party for p in parties)
    )
    if not allowed:
        raise NotFound(
            audit.Denial(actor, "meeting.request", "talks.process", str(process.pk), process.pk)
        )
    process_party_ids = set(process.parties.values_list("pk", flat=True))
    if not parties or any(p.pk not in process_party_ids for p in parties):
        raise Conflict("Every party of a meeting must be a party of the process.")
    if track is not None and track.process_id != process.pk:
        raise Conflict("The track belongs to another process.")
    meeting = Meeting.objects.create(
        process=process,
        title=title,
        level=level,
        kind=kind,
        track=track,
        size=size,
        duration_minutes=duration_minutes,
        languages=languages or [],
        priority=priority,
    )
    meeting.parties.set(parties)
    for before, gap in after or []:
        if before.process_id != process.pk:
            raise Conflict("A preparatory meeting must belong to the same process.")
        Precedence.objects.create(before=before, after=meeting, gap_minutes=gap)
    audit.record(actor=actor, action="meeting.request", target=meeting, process_id=process.pk)
    return meeting


# Readiness. Each party speaks through its head of delegation; every word is audited.


def _head_of_delegation(actor: Actor, process: Process, action: str, allowed) -> Process:
    process = process_for(actor=actor, pk=process.pk)
    require(allowed(actor, process), actor=actor, action=action, process=process)
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
    process = _head_of_delegation(actor, process, "ceasefire.declare", rules.can_declare_ceasefire)
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
        action="ceasefire.declare",
        target=declaration,
        process_id=process.pk,
        detail={
            "status": status,
            "holding_since": holding_since.isoformat() if holding_since else None,
        },
    )
    return declaration


@transaction.atomic(durable=True)
def intent_set(*, actor: Actor, process: Process, level: str, confirmed: bool) -> None:
    """The actor's party confirms (or takes back) its intent to meet at `level`."""
    process = _head_of_delegation(actor, process, "readiness.intent", rules.can_confirm_intent)
    level = _readiness_level(level)
    party_id = actor.party_in(process.pk)
    if confirmed:
        _intent, changed = IntentConfirmation.objects.get_or_create(
            process=process, level=level, party_id=party_id, defaults={"confirmed_by": actor.user}
        )
    else:
        changed = bool(
            IntentConfirmation.objects.filter(
                process=process, level=level, party_id=party_id
            ).delete()[0]
        )
    if not changed:
        raise Conflict(
            _("Your party has already confirmed this intent.")
            if confirmed
            else _("Your party has not confirmed this intent.")
        )
    audit.record(
        actor=actor,
        action="readiness.intent",
        target=process,
        process_id=process.pk,
        detail={"level": level.value, "confirmed": confirmed},
    )


@transaction.atomic(durable=True)
def override_set(*, actor: Actor, process: Process, level: str, overriding: bool) -> None:
    """The actor's party records (or takes back) its override for `level`: with every party's,
    meetings at that level may be published though the report says not yet realistic."""
    process = _head_of_delegation(
        actor, process, "readiness.override", rules.can_override_readiness
    )
    level = _readiness_level(level)
    party_id = actor.party_in(process.pk)
    if overriding:
        _override, changed = ReadinessOverride.objects.get_or_create(
            process=process, level=level, party_id=party_id, defaults={"recorded_by": actor.user}
        )
    else:
        changed = bool(
            ReadinessOverride.objects.filter(
                process=process, level=level, party_id=party_id
            ).delete()[0]
        )
    if not changed:
        raise Conflict(
            _("Your party has already overridden this level.")
            if overriding
            else _("Your party has not overridden this level.")
        )
    audit.record(
        actor=actor,
        action="readiness.override",
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
            action="readiness.gate.agree",
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
    process = _head_of_delegation(actor, process, "readiness.gate.propose", rules.can_set_gates)
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
        action="readiness.gate.propose",
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
        actor=actor, process_pk=setting.process_id, pk=setting.pk, action="readiness.gate.accept"
    )
    if setting.status != GateSettingStatus.PROPOSED:
        raise Conflict(_("This proposal is closed: there is nothing to accept."))
    party_id = actor.party_in(setting.process_id)
    if setting.acceptances.filter(party_id=party_id).exists():
        raise Conflict(_("Your party has already accepted this proposal."))
    GateAcceptance.objects.create(setting=setting, party_id=party_id, accepted_by=actor.user)
    audit.record(
        actor=actor,
        action="readiness.gate.accept",
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
        actor=actor, process_pk=setting.process_id, pk=setting.pk, action="readiness.gate.withdraw"
    )
    if setting.status != GateSettingStatus.PROPOSED:
        raise Conflict(_("This proposal is already closed."))
    setting.status, setting.closed_at = GateSettingStatus.WITHDRAWN, timezone.now()
    setting.save(update_fields=["status", "closed_at"])
    audit.record(
        actor=actor,
        action="readiness.gate.withdraw",
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
                action="readiness.override.publish",
                target=process,
                process_id=process.pk,
                detail={
                    "level": level,
                    "meetings": sorted(m.pk for m in at_level),
                    "parties": list(report.overridden_by),
                },
            )
