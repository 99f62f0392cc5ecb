"""Writes of the talks: venues, processes and their parties, roles and consent, delegations,
tracks, the agenda, private positions, meeting requests, and the facts behind readiness
(ceasefire declarations, gate settings, intent, overrides).

Each action re-reads what it changes through `queries` (NotFound for what the actor may not see),
checks `rules` (a refusal is the same NotFound, audited), runs in one durable transaction and
records its audit event inside it. A bad request is a Conflict that says what is wrong; nothing
is written then.
"""

import datetime as dt
import re
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound

from . import queries, readiness, rules
from .audit_actions import (
    AGENDA_ITEM_ADD,
    AGENDA_LINK_ADD,
    CEASEFIRE_DECLARE,
    MEETING_REQUEST,
    MEMBER_ADD,
    PARTY_JOIN,
    PARTY_LEAVE,
    PARTY_REGISTER,
    POSITION_SAVE,
    PROCESS_OPEN,
    READINESS_GATE_ACCEPT,
    READINESS_GATE_AGREE,
    READINESS_GATE_PROPOSE,
    READINESS_GATE_WITHDRAW,
    READINESS_INTENT,
    READINESS_OVERRIDE,
    READINESS_OVERRIDE_PUBLISH,
    ROLE_GRANT,
    ROLE_REVOKE,
    SHARE_GRANT,
    SHARE_REVOKE,
    TRACK_ADD,
    VENUE_ADD,
)
from .models import (
    GATES_WITH_THRESHOLD,
    HOST_ROLES,
    READINESS_LEVELS,
    AgendaItem,
    AgendaLink,
    Category,
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
    Member,
    Party,
    Position,
    Precedence,
    Process,
    ReadinessOverride,
    Role,
    RoleKind,
    SubstanceShare,
    Track,
    Venue,
    validate_time_zone,
)

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CODE = re.compile(r"^[-a-z0-9_]{1,32}$")


def _denied_setting_up(actor: Actor, action: str, target: str, pk: object) -> NotFound:
    return NotFound(audit.Denial(actor, action, target, str(pk)))


def _create_once(model_create, conflict: str):
    """Creates a row; a unique constraint's refusal (a concurrent twin) becomes `conflict`."""
    try:
        with transaction.atomic():
            return model_create()
    except IntegrityError as error:
        raise Conflict(conflict) from error


# Setting up: venues, parties, processes


@transaction.atomic(durable=True)
def venue_add(*, actor: Actor, name: str, city: str = "", time_zone: str = "UTC") -> Venue:
    """Someone entrusted with setting up talks records a venue and the zone its clocks show."""
    if not rules.can_open_processes(actor):
        raise _denied_setting_up(actor, VENUE_ADD, "talks.venue", name)
    name = name.strip()
    if not name:
        raise Conflict(_("A venue needs a name."))
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        raise Conflict(_("%(zone)s is not a known time zone.") % {"zone": time_zone}) from error
    if queries.venue_named(name=name) is not None:
        raise Conflict(_("There is already a venue called %(name)s.") % {"name": name})
    venue = _create_once(
        lambda: Venue.objects.create(name=name, city=city.strip(), time_zone=time_zone),
        _("There is already a venue called %(name)s.") % {"name": name},
    )
    audit.record(actor=actor, action=VENUE_ADD, target=venue, detail={"time_zone": time_zone})
    return venue


@transaction.atomic(durable=True)
def party_register(*, actor: Actor, code: str, name: str, colour: str = "#555555") -> Party:
    """A side that may take part in processes: a state or a group, known by a short code."""
    if not rules.can_open_processes(actor):
        raise _denied_setting_up(actor, PARTY_REGISTER, "talks.party", code)
    code, name = code.strip(), name.strip()
    if not CODE.match(code):
        raise Conflict(_("A party's code is lower-case letters, digits and dashes."))
    if not name:
        raise Conflict(_("A party needs a name."))
    if not COLOUR.match(colour):
        raise Conflict(_("A colour is written #rrggbb."))
    taken = _("There is already a party with that code or name.")
    if queries.party_with_code(code=code) is not None:
        raise Conflict(taken)
    party = _create_once(
        lambda: Party.objects.create(code=code, name=name, colour=colour.lower()), taken
    )
    audit.record(actor=actor, action=PARTY_REGISTER, target=party, detail={"party": code})
    return party


@transaction.atomic(durable=True)
def process_open(*, actor: Actor, title: str, venue: Venue) -> Process:
    """Opens a process at a venue; the opener is its first host coordinator."""
    if not rules.can_open_processes(actor):
        raise _denied_setting_up(actor, PROCESS_OPEN, "talks.venue", venue.pk)
    title = title.strip()
    if not title:
        raise Conflict(_("A process needs a title."))
    taken = _("There is already a process called %(title)s.") % {"title": title}
    if queries.process_titled(title=title) is not None:
        raise Conflict(taken)
    process = _create_once(lambda: Process.objects.create(title=title, venue=venue), taken)
    Role.objects.create(user=actor.user, process=process, kind=RoleKind.HOST_COORDINATOR)
    audit.record(
        actor=actor,
        action=PROCESS_OPEN,
        target=process,
        process_id=process.pk,
        detail={"venue": venue.pk},
    )
    return process


@transaction.atomic(durable=True)
def party_join(*, actor: Actor, process: Process, party: Party) -> Delegation:
    """The host coordinator adds a party to a process, with its delegation. The newcomer has
    not consented to share substance, so the host stops seeing it until it does."""
    process = queries.process_for(actor=actor, pk=process.pk, lock=True)
    rules.require(
        rules.can_change_parties(actor, process), actor=actor, action=PARTY_JOIN, process=process
    )
    if queries.is_party_of(process=process, party=party):
        raise Conflict(_("%(party)s is already a party of this process.") % {"party": party})
    process.parties.add(party)
    delegation, _created = Delegation.objects.get_or_create(process=process, party=party)
    audit.record(
        actor=actor,
        action=PARTY_JOIN,
        target=party,
        process_id=process.pk,
        detail={"party": party.code},
    )
    return delegation


@transaction.atomic(durable=True)
def party_leave(*, actor: Actor, process: Process, party: Party) -> None:
    """The host coordinator records that a party left a process. Its consent to share goes with
    it, and so do its people's roles in the process: they see nothing of it any more."""
    process = queries.process_for(actor=actor, pk=process.pk, lock=True)
    rules.require(
        rules.can_change_parties(actor, process), actor=actor, action=PARTY_LEAVE, process=process
    )
    if not queries.is_party_of(process=process, party=party):
        raise Conflict(_("%(party)s is not a party of this process.") % {"party": party})
    process.parties.remove(party)
    SubstanceShare.objects.filter(process=process, party=party).delete()
    roles, _deleted = Role.objects.filter(process=process, party=party).delete()
    audit.record(
        actor=actor,
        action=PARTY_LEAVE,
        target=party,
        process_id=process.pk,
        detail={"party": party.code, "roles_ended": roles},
    )


# Roles and consent


def _role_detail(user: User, kind: str, party: Party | None) -> dict:
    return {"user": user.get_username(), "kind": kind, "party": party.code if party else ""}


@transaction.atomic(durable=True)
def role_grant(
    *, actor: Actor, process: Process, user: User, kind: str, party: Party | None = None
) -> Role:
    """Gives a person a role in a process (see `rules.can_grant_role` for who grants what)."""
    process = queries.process_for(actor=actor, pk=process.pk)
    if kind not in RoleKind.values:
        raise Conflict(_("There is no such role."))
    if kind in HOST_ROLES and party is not None:
        raise Conflict(_("A host role speaks for no party."))
    if kind not in HOST_ROLES and party is None:
        raise Conflict(_("A party's role needs its party."))
    allowed = rules.can_grant_role(actor, process, kind, party.pk if party else None)
    rules.require(allowed, actor=actor, action=ROLE_GRANT, process=process)
    if party is not None and not queries.is_party_of(process=process, party=party):
        raise Conflict(_("%(party)s is not a party of this process.") % {"party": party})
    held = _("%(user)s already holds a role in this process.") % {"user": user.get_username()}
    if queries.role_of(process=process, user=user) is not None:
        raise Conflict(held)
    role = _create_once(
        lambda: Role.objects.create(user=user, process=process, kind=kind, party=party), held
    )
    audit.record(
        actor=actor,
        action=ROLE_GRANT,
        target=role,
        process_id=process.pk,
        party_code=party.code if party else "",
        detail=_role_detail(user, kind, party),
    )
    return role


@transaction.atomic(durable=True)
def role_revoke(*, actor: Actor, role: Role) -> None:
    """Ends a role; whoever may grant a role may end it. A process keeps one host coordinator."""
    role = queries.role_for(actor=actor, pk=role.pk, lock=True)
    allowed = rules.can_grant_role(actor, role.process_id, role.kind, role.party_id)
    rules.require(allowed, actor=actor, action=ROLE_REVOKE, process=role.process_id)
    if role.kind == RoleKind.HOST_COORDINATOR:
        coordinators = queries.host_coordinators_of(process=role.process)
        if not coordinators.exclude(pk=role.pk).exists():
            raise Conflict(_("A process keeps at least one host coordinator."))
    detail = _role_detail(role.user, role.kind, role.party)
    role.delete()
    audit.record(
        actor=actor,
        action=ROLE_REVOKE,
        process_id=role.process_id,
        party_code=detail["party"],
        detail=detail,
    )


@transaction.atomic(durable=True)
def share_grant(*, actor: Actor, process: Process) -> SubstanceShare:
    """A head of delegation consents, for their party, that the host may see the substance."""
    process = queries.process_for(actor=actor, pk=process.pk)
    allowed = rules.can_grant_share(actor, process)
    rules.require(allowed, actor=actor, action=SHARE_GRANT, process=process)
    share, created = SubstanceShare.objects.get_or_create(
        process=process, party_id=actor.party_in(process.pk), defaults={"granted_by": actor.user}
    )
    if created:
        audit.record(actor=actor, action=SHARE_GRANT, target=share, process_id=process.pk)
    return share


@transaction.atomic(durable=True)
def share_revoke(*, actor: Actor, process: Process) -> None:
    process = queries.process_for(actor=actor, pk=process.pk)
    allowed = rules.can_grant_share(actor, process)
    rules.require(allowed, actor=actor, action=SHARE_REVOKE, process=process)
    party_id = actor.party_in(process.pk)
    deleted, _deleted = SubstanceShare.objects.filter(process=process, party_id=party_id).delete()
    if deleted:
        audit.record(
            actor=actor, action=SHARE_REVOKE, process_id=process.pk, detail={"party": party_id}
        )


# Delegations, tracks, the agenda


@transaction.atomic(durable=True)
def member_add(
    *,
    actor: Actor,
    process: Process,
    party: Party,
    name: str,
    level: str,
    position: str = "",
    languages: list[str] | None = None,
    email: str = "",
    phone: str = "",
    user: User | None = None,
) -> Member:
    """A person joins a party's delegation: by the host coordinator or the party's own head."""
    process = queries.process_for(actor=actor, pk=process.pk)
    allowed = rules.can_add_member(actor, process, party.pk)
    rules.require(allowed, actor=actor, action=MEMBER_ADD, process=process)
    delegation = queries.delegations_of(process=process).filter(party=party).first()
    if delegation is None:
        raise Conflict(_("%(party)s is not a party of this process.") % {"party": party})
    name = name.strip()
    if not name:
        raise Conflict(_("A member needs a name."))
    if level not in Level.values:
        raise Conflict(_("There is no such level."))
    if user is not None:
        role = queries.role_of(process=process, user=user)
        if role is None or role.party_id != party.pk:
            raise Conflict(_("That account holds no role of this party in this process."))
    member = Member.objects.create(
        delegation=delegation,
        name=name,
        position=position.strip(),
        level=level,
        languages=list(languages or []),
        email=email.strip(),
        phone=phone.strip(),
        user=user,
    )
    audit.record(
        actor=actor,
        action=MEMBER_ADD,
        target=member,
        process_id=process.pk,
        party_code=party.code,
        detail={"level": level},
    )
    return member


@transaction.atomic(durable=True)
def track_add(*, actor: Actor, process: Process, name: str) -> Track:
    """A working strand of the agenda. Its name is logistics: the programme shows it."""
    process = queries.process_for(actor=actor, pk=process.pk)
    rules.require(
        rules.can_add_track(actor, process), actor=actor, action=TRACK_ADD, process=process
    )
    name = name.strip()
    if not name:
        raise Conflict(_("A track needs a name."))
    taken = _("This process already has a track called %(name)s.") % {"name": name}
    if queries.track_named(process=process, name=name) is not None:
        raise Conflict(taken)
    track = _create_once(lambda: Track.objects.create(process=process, name=name), taken)
    audit.record(actor=actor, action=TRACK_ADD, target=track, process_id=process.pk)
    return track


@transaction.atomic(durable=True)
def agenda_item_add(
    *,
    actor: Actor,
    process: Process,
    title: str,
    category: str,
    key: bool = False,
    description: str = "",
    track: Track | None = None,
) -> AgendaItem:
    """A party puts an item on the agenda, numbered next.

    The item is substance: the audit chain records its number, never its title.
    """
    process = queries.process_for(actor=actor, pk=process.pk, lock=True)
    allowed = rules.can_add_agenda_item(actor, process)
    rules.require(allowed, actor=actor, action=AGENDA_ITEM_ADD, process=process)
    title = title.strip()
    if not title:
        raise Conflict(_("An agenda item needs a title."))
    if category not in Category.values:
        raise Conflict(_("There is no such category."))
    if track is not None and track.process_id != process.pk:
        raise Conflict(_("The track belongs to another process."))
    item = AgendaItem.objects.create(
        process=process,
        number=queries.next_item_number(process=process),
        title=title,
        category=category,
        key=key,
        description=description.strip(),
        track=track,
    )
    audit.record(
        actor=actor,
        action=AGENDA_ITEM_ADD,
        target=item,
        process_id=process.pk,
        detail={"number": item.number},
    )
    return item


@transaction.atomic(durable=True)
def agenda_link_add(*, actor: Actor, source: AgendaItem, target: AgendaItem) -> AgendaLink:
    """Nothing is agreed until everything linked is agreed: a party links two items."""
    process = queries.process_for(actor=actor, pk=source.process_id)
    allowed = rules.can_add_agenda_item(actor, process)
    rules.require(allowed, actor=actor, action=AGENDA_LINK_ADD, process=process)
    if target.process_id != process.pk:
        raise Conflict(_("An item links only to items of its own process."))
    if source.pk == target.pk:
        raise Conflict(_("An item cannot be linked to itself."))
    taken = _("These items are already linked.")
    if queries.is_linked(source=source, target=target):
        raise Conflict(taken)
    link = _create_once(lambda: AgendaLink.objects.create(source=source, target=target), taken)
    audit.record(
        actor=actor,
        action=AGENDA_LINK_ADD,
        target=link,
        process_id=process.pk,
        detail={"source": source.number, "target": target.number},
    )
    return link


@transaction.atomic(durable=True)
def position_save(*, actor: Actor, item: AgendaItem, body: str) -> Position:
    """Write the actor's own party's private position on an agenda item."""
    if not rules.is_party_member(actor, item.process_id):
        raise NotFound(
            audit.Denial(actor, POSITION_SAVE, "talks.agendaitem", str(item.pk), item.process_id)
        )
    body = body.strip()
    if not body:
        raise Conflict(_("A position cannot be empty."))
    position, _created = Position.objects.update_or_create(
        item=item,
        party_id=actor.party_in(item.process_id),
        defaults={"body": body, "updated_by": actor.user},
    )
    # The body is private to the party: the audit chain records that it changed, not what it says.
    audit.record(actor=actor, action=POSITION_SAVE, target=position, process_id=item.process_id)
    return position


# Meetings


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
    participants: list[Member] | None = None,
) -> Meeting:
    """A party (for meetings it takes part in) or the host asks for a meeting to be scheduled.

    Everything is checked before anything is written: the parties and the track are the
    process's, the preparatory meetings too, the participants are members of the meeting's
    parties' delegations.
    """
    process = queries.process_for(actor=actor, pk=process.pk)
    party_ids = {p.pk for p in parties}
    allowed = rules.can_request_meeting(actor, process, party_ids)
    rules.require(allowed, actor=actor, action=MEETING_REQUEST, process=process)
    if not parties or not party_ids <= queries.party_ids_of(process=process):
        raise Conflict(_("Every party of a meeting must be a party of the process."))
    if level not in Level.values or kind not in MeetingKind.values:
        raise Conflict(_("Say at which level and of which kind the meeting is."))
    if size < 1 or not 0 < duration_minutes <= 24 * 60:
        raise Conflict(_("A meeting has at least one seat and lasts at most a day."))
    if track is not None and track.process_id != process.pk:
        raise Conflict(_("The track belongs to another process."))
    after = after or []
    if any(before.process_id != process.pk for before, _gap in after):
        raise Conflict(_("A preparatory meeting must belong to the same process."))
    participants = participants or []
    delegations = {d.pk: d.party_id for d in queries.delegations_of(process=process)}
    if any(delegations.get(m.delegation_id) not in party_ids for m in participants):
        raise Conflict(_("Every participant must belong to a delegation of the meeting."))
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
    meeting.participants.set(participants)
    Precedence.objects.bulk_create(
        Precedence(before=before, after=meeting, gap_minutes=gap) for before, gap in after
    )
    audit.record(actor=actor, action=MEETING_REQUEST, target=meeting, process_id=process.pk)
    return meeting


# Readiness. Each party speaks through its head of delegation; every word is audited.


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


@transaction.atomic(durable=True)
def intent_set(*, actor: Actor, process: Process, level: str, confirmed: bool) -> None:
    """The actor's party confirms (or takes back) its intent to meet at `level`."""
    process = _head_of_delegation(actor, process, READINESS_INTENT, rules.can_confirm_intent)
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
