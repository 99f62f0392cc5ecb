"""Reads of the talks, each scoped to what the actor may see."""

import datetime as dt

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import NotFound
from parley.core.queries import process_for, process_with_substance_for
from parley.texts.engine.metrics import paragraphs_with_brackets
from parley.texts.engine.notation import parse

from . import charts, issue_map, readiness, rules
from .models import (
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
    Position,
    Precedence,
    Process,
    ReadinessOverride,
    Track,
)


def agenda_for(*, actor: Actor, process_pk: int) -> tuple[Process, QuerySet[AgendaItem]]:
    """The issue map of a process: substance, so reading it is audited."""
    process = process_with_substance_for(actor=actor, pk=process_pk, action="agenda.read")
    items = (
        AgendaItem.objects.filter(process=process)
        .select_related("track", "negotiating_text")
        .prefetch_related("links_out__target", "links_in__source")
    )
    audit.record_read(actor=actor, action="agenda.read", target=process, process_id=process.pk)
    return process, items


def agenda_item_for(*, actor: Actor, process_pk: int, pk: int) -> AgendaItem:
    process = process_with_substance_for(actor=actor, pk=process_pk, action="agenda_item.read")
    item = (
        AgendaItem.objects.filter(process=process, pk=pk)
        .select_related("track")
        .prefetch_related("links_out__target", "links_in__source")
        .first()
    )
    if item is None:
        raise NotFound()
    audit.record_read(actor=actor, action="agenda_item.read", target=item, process_id=process.pk)
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
        audit.record_read(
            actor=actor, action="readiness.read", target=process, process_id=process.pk
        )
    return process, report, full


def readiness_overview_for(
    *, actor: Actor, process: Process
) -> tuple[list[readiness.Report], readiness.Facts]:
    """Every level's report, for a dashboard; the caller shows host staff only the verdicts."""
    facts = readiness_facts(process=process)
    reports = [readiness.report(facts, level) for level in readiness.READINESS_LEVELS]
    if rules.can_read_full_readiness(actor, process):
        audit.record_read(
            actor=actor, action="readiness.read", target=process, process_id=process.pk
        )
    return reports, facts


def ceasefire_for(*, actor: Actor, process_pk: int) -> tuple[Process, QuerySet]:
    """The ceasefire record of a process, every declaration of every party: the parties' own."""
    process = process_with_substance_for(actor=actor, pk=process_pk, action="ceasefire.read")
    history = (
        CeasefireDeclaration.objects.filter(process=process)
        .select_related("party", "declared_by")
        .order_by("-declared_at", "-pk")
    )
    audit.record_read(actor=actor, action="ceasefire.read", target=process, process_id=process.pk)
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
    process = process_with_substance_for(actor=actor, pk=process_pk, action="convergence.read")
    history = text_history_of(process=process)
    audit.record_read(actor=actor, action="convergence.read", target=process, process_id=process.pk)
    return process, history
