"""Reads of the talks, each scoped to what the actor may see."""

import datetime as dt

from django.contrib.auth.models import User
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from parley.core import audit
from parley.core.actors import Actor, Grant
from parley.core.errors import NotFound
from parley.texts.engine.metrics import paragraphs_with_brackets
from parley.texts.engine.notation import parse

from . import charts, issue_map, readiness, rules
from .audit_actions import (
    AGENDA_ITEM_READ,
    AGENDA_READ,
    CEASEFIRE_READ,
    CONVERGENCE_READ,
    PROCESS_READ,
    READINESS_READ,
)
from .models import (
    HOST_ROLES,
    TOTP_ROLES,
    AgendaItem,
    AgendaLink,
    CeasefireDeclaration,
    Delegation,
    GateSetting,
    GateSettingStatus,
    IntentConfirmation,
    Meeting,
    MeetingKind,
    MeetingStatus,
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
)
from .rules import can_see_logistics, can_see_substance, refusal


def grants_of(user: User) -> list[Grant]:
    """The actor's grants: what the core knows of a person's roles (PARLEY_GRANTS_LOADER)."""
    roles = Role.objects.filter(user=user).select_related("party").order_by("process_id")
    return [
        Grant(
            process_id=role.process_id,
            kind=role.kind,
            party_id=role.party_id,
            party_code=role.party.code if role.party else "",
            host=role.kind in HOST_ROLES,
            second_factor=role.kind in TOTP_ROLES,
        )
        for role in roles
    ]


def processes_visible_to(*, actor: Actor) -> QuerySet[Process]:
    return (
        Process.objects.filter(pk__in=actor.process_ids)
        .select_related("venue")
        .prefetch_related("parties")
    )


def home_rows(*, actor: Actor) -> list[tuple[Process, str, str]]:
    """The actor's processes, each with the actor's role in it and the party they speak for."""
    rows = []
    for process in processes_visible_to(actor=actor):
        grant = actor.grant_in(process.pk)
        rows.append((process, RoleKind(grant.kind).label, grant.party_code))
    return rows


def process_for(*, actor: Actor, pk: int, lock: bool = False) -> Process:
    """A process the actor holds a role in; anything else is NotFound."""
    processes = Process.objects.select_related("venue")
    if lock:
        processes = processes.select_for_update(of=("self",))
    process = processes.filter(pk=pk).first()
    if process is None:
        raise NotFound()
    if not can_see_logistics(actor, process):
        raise refusal(actor=actor, action=PROCESS_READ, process=pk)
    return process


def process_with_substance_for(*, actor: Actor, pk: int, action: str) -> Process:
    """A process whose substance the actor may read; refusals are audited as `action`."""
    process = process_for(actor=actor, pk=pk)
    if not can_see_substance(actor, process):
        raise refusal(actor=actor, action=action, process=pk)
    return process


def consenting_parties(*, process: Process) -> QuerySet[SubstanceShare]:
    """Which parties of a process, already visible to the caller, consent to share substance."""
    return SubstanceShare.objects.filter(process=process).select_related("party")


def party_consents(*, process: Process, party_id: int | None) -> bool:
    return SubstanceShare.objects.filter(process=process, party_id=party_id).exists()


def parties_of(*, process: Process) -> list[Party]:
    """The current parties of a process the caller has already checked."""
    return list(process.parties.all())


def is_party_of(*, process: Process, party: Party) -> bool:
    return process.parties.filter(pk=party.pk).exists()


def party_ids_of(*, process: Process) -> set[int]:
    return set(process.parties.values_list("pk", flat=True))


def venue_named(*, name: str) -> Venue | None:
    return Venue.objects.filter(name=name).first()


def process_titled(*, title: str) -> Process | None:
    return Process.objects.filter(title=title).first()


def party_with_code(*, code: str) -> Party | None:
    return Party.objects.filter(code=code).first()


def role_of(*, process: Process, user: User) -> Role | None:
    return Role.objects.filter(process=process, user=user).select_related("party").first()


def role_for(*, actor: Actor, pk: int, lock: bool = False) -> Role:
    """A role of a process the actor holds a role in; any other is NotFound."""
    roles = Role.objects.select_related("party", "user")
    if lock:
        roles = roles.select_for_update(of=("self",))
    role = roles.filter(pk=pk).first()
    if role is None or not can_see_logistics(actor, role.process_id):
        raise NotFound()
    return role


def host_coordinators_of(*, process: Process) -> QuerySet[Role]:
    return Role.objects.filter(process=process, kind=RoleKind.HOST_COORDINATOR)


def holders_of(*, process: Process, kinds) -> QuerySet[User]:
    """The people holding one of `kinds` in a process."""
    return User.objects.filter(roles__process=process, roles__kind__in=kinds).order_by("username")


def meeting_in(*, process: Process, pk: int) -> Meeting | None:
    """A meeting of a process the caller has already checked; None when there is none."""
    return Meeting.objects.filter(pk=pk, process=process).first()


def member_in(*, process: Process, pk: int) -> Member | None:
    """A member of a delegation to a process the caller has already checked."""
    return (
        Member.objects.filter(pk=pk, delegation__process=process)
        .select_related("delegation__party")
        .first()
    )


def members_of(*, process: Process) -> QuerySet[Member]:
    return Member.objects.filter(delegation__process=process).select_related("delegation__party")


def track_named(*, process: Process, name: str) -> Track | None:
    return Track.objects.filter(process=process, name=name).first()


def agenda_item_numbered(*, process: Process, number: int) -> AgendaItem | None:
    return AgendaItem.objects.filter(process=process, number=number).first()


def is_linked(*, source: AgendaItem, target: AgendaItem) -> bool:
    return AgendaLink.objects.filter(source=source, target=target).exists()


def meeting_titled(*, process: Process, title: str) -> Meeting | None:
    return Meeting.objects.filter(process=process, title=title).first()


def next_item_number(*, process: Process) -> int:
    numbers = AgendaItem.objects.filter(process=process).values_list("number", flat=True)
    return max(numbers, default=0) + 1


def agenda_for(*, actor: Actor, process_pk: int) -> tuple[Process, QuerySet[AgendaItem]]:
    """The issue map of a process: substance, so reading it is audited."""
    process = process_with_substance_for(actor=actor, pk=process_pk, action=AGENDA_READ)
    items = (
        AgendaItem.objects.filter(process=process)
        .select_related("track", "negotiating_text")
        .prefetch_related("links_out__target", "links_in__source")
    )
    audit.record_read(actor=actor, action=AGENDA_READ, target=process, process_id=process.pk)
    return process, items


def agenda_item_for(*, actor: Actor, process_pk: int, pk: int) -> AgendaItem:
    process = process_with_substance_for(actor=actor, pk=process_pk, action=AGENDA_ITEM_READ)
    item = (
        AgendaItem.objects.filter(process=process, pk=pk)
        .select_related("track")
        .prefetch_related("links_out__target", "links_in__source")
        .first()
    )
    if item is None:
        raise NotFound()
    audit.record_read(actor=actor, action=AGENDA_ITEM_READ, target=item, process_id=process.pk)
    return item


def own_position(*, actor: Actor, item: AgendaItem) -> Position | None:
    """The actor's own party's position on the item; never another party's, never the host's."""
    party_id = actor.party_in(item.process_id)
    if party_id is None:
        return None
    return Position.objects.filter(item=item, party_id=party_id).first()


# What stands on the programme: every role of the process may see it. A postponed meeting was
# published and waits for a new time: it stays in everyone's view.
ON_PROGRAMME = (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.POSTPONED)


def meetings_visible_to(*, actor: Actor, process: Process) -> QuerySet[Meeting]:
    """The meetings of a process the caller has checked the actor may see: every one for the
    host; for a party, those it takes part in (requested or not) and what is on the programme.
    Another party's requests stay its own until they are scheduled."""
    meetings = Meeting.objects.filter(process=process)
    if not actor.is_host_in(process.pk):
        party_id = actor.party_in(process.pk)
        meetings = meetings.filter(
            Q(status__in=ON_PROGRAMME)
            | Q(pk__in=Meeting.parties.through.objects.filter(party_id=party_id).values("meeting"))
        )
    preparations = Precedence.objects.filter(before__in=meetings.values("pk")).select_related(
        "before"
    )
    return (
        meetings.select_related("track")
        .prefetch_related("parties", Prefetch("requires", queryset=preparations))
        .order_by("level", "title")
    )


def delegations_of(*, process: Process) -> QuerySet[Delegation]:
    return (
        Delegation.objects.filter(process=process)
        .select_related("party")
        .prefetch_related(Prefetch("members"))
    )


def own_delegation(*, actor: Actor, process: Process) -> Delegation | None:
    party_id = actor.party_in(process.pk)
    if party_id is None:
        return None
    return delegations_of(process=process).filter(party_id=party_id).first()


# Readiness: the facts gathered for `readiness`, and the report each role may read.


def venue_today(process: Process) -> dt.date:
    return timezone.localdate(timezone=process.venue.tzinfo)


def latest_declarations(*, process: Process) -> dict[int, CeasefireDeclaration]:
    """Each party's newest ceasefire declaration, by party id."""
    latest: dict[int, CeasefireDeclaration] = {}
    for declaration in CeasefireDeclaration.objects.filter(process=process).order_by(
        "party", "-declared_at", "-pk"
    ):
        latest.setdefault(declaration.party_id, declaration)
    return latest


def _item_facts(process: Process, *, with_paragraphs: bool) -> list[readiness.ItemFacts]:
    items = AgendaItem.objects.filter(process=process).select_related("negotiating_text")
    bodies = {}
    if with_paragraphs:
        current = AgendaItem.objects.filter(
            process=process,
            negotiating_text__open_brackets__gt=0,
            negotiating_text__versions__number=F("negotiating_text__current_number"),
        ).values_list("pk", "negotiating_text__versions__body")
        bodies = dict(current)
    facts = []
    for item in items.order_by("number"):
        text = getattr(item, "negotiating_text", None)
        has_text = text is not None and text.current_number > 0
        brackets = text.open_brackets if has_text else 0
        paragraphs = paragraphs_with_brackets(parse(bodies[item.pk])) if item.pk in bodies else 0
        facts.append(
            readiness.ItemFacts(
                pk=item.pk,
                number=item.number,
                title=item.title,
                key=item.key,
                track_id=item.track_id,
                has_text=has_text,
                brackets=brackets,
                paragraphs=paragraphs,
                category=item.category,
            )
        )
    return facts


def _by_level(rows) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for level, code in rows:
        out.setdefault(level, set()).add(code)
    return {level: frozenset(codes) for level, codes in out.items()}


def agreed_settings(*, process: Process) -> dict[tuple[str, str], readiness.Setting]:
    """The gate settings in force: per level and gate, the newest one every party agreed."""
    settings: dict[tuple[str, str], readiness.Setting] = {}
    agreed = GateSetting.objects.filter(process=process, status=GateSettingStatus.AGREED)
    for setting in agreed.order_by("-closed_at", "-pk"):
        settings.setdefault(
            (setting.level, setting.gate), readiness.Setting(setting.required, setting.threshold)
        )
    return settings


def readiness_facts(
    *, process: Process, today: dt.date | None = None, with_paragraphs: bool = True
) -> readiness.Facts:
    """Everything the readiness gates of a process look at. The caller has checked the actor."""
    declarations = latest_declarations(process=process)
    parties = []
    for party in process.parties.order_by("name"):
        declared = declarations.get(party.pk)
        parties.append(
            readiness.PartyFacts(
                code=party.code,
                name=party.name,
                ceasefire=declared.status if declared else readiness.CeasefireStatus.NONE,
                holding_since=declared.holding_since if declared else None,
                reference=declared.reference if declared else "",
            )
        )
    held: dict[tuple[int, str], list[str]] = {}
    prepared = (
        Meeting.objects.filter(process=process, status=MeetingStatus.HELD, track__isnull=False)
        .exclude(kind=MeetingKind.CAUCUS)  # one party's own meeting prepares no talks
        .order_by("title")
        .values_list("track_id", "level", "title")
    )
    for track_id, level, title in prepared:
        held.setdefault((track_id, level), []).append(title)
    return readiness.Facts(
        today=today or venue_today(process),
        parties=tuple(parties),
        items=tuple(_item_facts(process, with_paragraphs=with_paragraphs)),
        links=tuple(
            AgendaLink.objects.filter(source__process=process).values_list("source_id", "target_id")
        ),
        tracks=dict(Track.objects.filter(process=process).values_list("pk", "name")),
        held={key: tuple(titles) for key, titles in held.items()},
        intents=_by_level(
            IntentConfirmation.objects.filter(
                process=process, party__in=process.parties.all()
            ).values_list("level", "party__code")
        ),
        overrides=_by_level(
            ReadinessOverride.objects.filter(
                process=process, party__in=process.parties.all()
            ).values_list("level", "party__code")
        ),
        settings=agreed_settings(process=process),
    )


def readiness_reports(*, process: Process) -> dict[str, readiness.Report]:
    """Every level's report, for the planner and the publisher; no actor: nothing is shown."""
    facts = readiness_facts(process=process)
    return {level.value: readiness.report(facts, level) for level in readiness.READINESS_LEVELS}


def readiness_for(
    *, actor: Actor, process_pk: int, level: str, today: dt.date | None = None
) -> tuple[Process, readiness.Report, bool]:
    """The report for a level, and whether the actor reads all of it (the parties) or only the
    verdict and each gate's pass or fail (host staff). A party's read is audited: the report
    names items and counts their brackets."""
    process = process_for(actor=actor, pk=process_pk)
    full = rules.can_read_full_readiness(actor, process)
    report = readiness.report(readiness_facts(process=process, today=today), level)
    if full:
        audit.record_read(actor=actor, action=READINESS_READ, target=process, process_id=process.pk)
    return process, report, full


def readiness_overview_for(
    *, actor: Actor, process: Process
) -> tuple[list[readiness.Report], readiness.Facts]:
    """Every level's report, for a dashboard; the caller shows host staff only the verdicts."""
    facts = readiness_facts(process=process)
    reports = [readiness.report(facts, level) for level in readiness.READINESS_LEVELS]
    if rules.can_read_full_readiness(actor, process):
        audit.record_read(actor=actor, action=READINESS_READ, target=process, process_id=process.pk)
    return reports, facts


def ceasefire_for(*, actor: Actor, process_pk: int) -> tuple[Process, QuerySet]:
    """The ceasefire record of a process, every declaration of every party: the parties' own."""
    process = process_with_substance_for(actor=actor, pk=process_pk, action=CEASEFIRE_READ)
    history = (
        CeasefireDeclaration.objects.filter(process=process)
        .select_related("party", "declared_by")
        .order_by("-declared_at", "-pk")
    )
    audit.record_read(actor=actor, action=CEASEFIRE_READ, target=process, process_id=process.pk)
    return process, history


def gate_settings_of(*, process: Process, level: str) -> QuerySet[GateSetting]:
    """The open proposals and the agreed settings of a level; the caller checked the actor."""
    return (
        GateSetting.objects.filter(process=process, level=level)
        .exclude(status=GateSettingStatus.WITHDRAWN)
        .select_related("proposed_by_party")
        .prefetch_related("acceptances__party")
        .order_by("-proposed_at", "-pk")
    )


def gate_setting_for(*, actor: Actor, process_pk: int, pk: int, action: str) -> GateSetting:
    process = process_for(actor=actor, pk=process_pk)
    if not rules.can_set_gates(actor, process):
        raise NotFound(audit.Denial(actor, action, "talks.gatesetting", str(pk), process.pk))
    setting = GateSetting.objects.select_for_update().filter(process=process, pk=pk).first()
    if setting is None:
        raise NotFound()
    return setting


def intents_of(*, process: Process, level: str) -> set[int]:
    return set(
        IntentConfirmation.objects.filter(process=process, level=level).values_list(
            "party_id", flat=True
        )
    )


def overrides_of(*, process: Process, level: str) -> set[int]:
    return set(
        ReadinessOverride.objects.filter(process=process, level=level).values_list(
            "party_id", flat=True
        )
    )


# The issue map as a picture, and the convergence of the texts. Substance: the callers have
# checked that the actor reads it (`agenda_for`, `convergence_for`).


def issue_map_of(*, process: Process) -> issue_map.Picture:
    facts = readiness_facts(process=process, with_paragraphs=False)
    return issue_map.picture(
        list(facts.items),
        {item.pk: item.category for item in facts.items},
        list(facts.links),
        readiness.agreements(facts),
    )


def text_history_of(*, process: Process) -> list[charts.Series]:
    """Every version of every item's text, as one series per item, oldest version first."""
    tz = process.venue.tzinfo
    rows = (
        AgendaItem.objects.filter(process=process, negotiating_text__versions__isnull=False)
        .order_by("number", "negotiating_text__versions__number")
        .values_list(
            "pk",
            "number",
            "title",
            "negotiating_text__versions__number",
            "negotiating_text__versions__created_at",
            "negotiating_text__versions__brackets",
        )
    )
    series: dict[int, tuple[str, list[charts.Version]]] = {}
    for pk, number, title, version, created_at, brackets in rows:
        _label, versions = series.setdefault(pk, (f"{number}. {title}", []))
        versions.append(charts.Version(version, created_at.astimezone(tz), brackets))
    return [
        charts.Series(f"item-{pk}", label, tuple(versions))
        for pk, (label, versions) in series.items()
    ]


def convergence_for(*, actor: Actor, process_pk: int) -> tuple[Process, list[charts.Series]]:
    process = process_with_substance_for(actor=actor, pk=process_pk, action=CONVERGENCE_READ)
    history = text_history_of(process=process)
    audit.record_read(actor=actor, action=CONVERGENCE_READ, target=process, process_id=process.pk)
    return process, history
