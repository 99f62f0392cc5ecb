"""Reads of the programme, its drafts and calendars, each scoped to what the actor may see."""

import hashlib
from dataclasses import dataclass

from django.db.models import QuerySet

from parley.core import audit, workers
from parley.core.actors import Actor
from parley.core.errors import NotFound
from parley.talks.models import Delegation, Meeting, Member, Party, Process
from parley.talks.queries import process_for
from parley.venues.models import Room
from parley.venues.queries import rooms_of

from . import rules
from .exchange import CLOSURE_PREFIX, SLOT, Grid, pk_of
from .models import (
    CalendarFeed,
    CalendarLink,
    InterpreterPool,
    MeetingPin,
    MeetingWindow,
    MemberUnavailability,
    ProgrammeChange,
    ProgrammeEntry,
    ProgrammeVersion,
    RunStatus,
    Separation,
    SolveRun,
)


def _denial(actor: Actor, action: str, object_type: str, pk: int, process_id: int) -> audit.Denial:
    return audit.Denial(actor, action, object_type, str(pk), process_id)


def planning_process_for(*, actor: Actor, pk: int, action: str) -> Process:
    """A process the actor may plan; anyone else gets the same NotFound as for a missing one."""
    process = process_for(actor=actor, pk=pk)
    if not rules.can_plan(actor, process):
        raise NotFound(_denial(actor, action, "talks.process", pk, pk))
    return process


def meeting_to_plan(*, actor: Actor, process_pk: int, pk: int, action: str) -> Meeting:
    """A meeting of a process the actor may plan; anything else is NotFound."""
    process = planning_process_for(actor=actor, pk=process_pk, action=action)
    meeting = Meeting.objects.filter(process=process, pk=pk).select_related("process").first()
    if meeting is None:
        raise NotFound()
    return meeting


def versions_of(*, process: Process) -> QuerySet[ProgrammeVersion]:
    return ProgrammeVersion.objects.filter(process=process).order_by("-number")


def latest_version_of(*, process: Process) -> ProgrammeVersion | None:
    return versions_of(process=process).first()


def programme_for(
    *, actor: Actor, process_pk: int, number: int | None = None
) -> tuple[Process, ProgrammeVersion | None]:
    """A process's published programme (the latest, or version `number`): logistics."""
    process = process_for(actor=actor, pk=process_pk)
    versions = versions_of(process=process)
    version = versions.first() if number is None else versions.filter(number=number).first()
    if number is not None and version is None:
        raise NotFound()
    return process, version


def entries_of(*, version: ProgrammeVersion | None) -> QuerySet[ProgrammeEntry]:
    if version is None:
        return ProgrammeEntry.objects.none()
    return (
        ProgrammeEntry.objects.filter(version=version)
        .select_related("meeting__track", "room", "version")
        .prefetch_related("meeting__parties", "meeting__participants__delegation__party")
        .order_by("starts_at", "room__name")
    )


def changes_of(*, version: ProgrammeVersion) -> QuerySet[ProgrammeChange]:
    return (
        ProgrammeChange.objects.filter(version=version)
        .select_related("meeting", "before_room")
        .prefetch_related("meeting__parties")
        .order_by("kind", "meeting__title")
    )


def runs_of(*, process: Process) -> QuerySet[SolveRun]:
    """Drafts of a process; the caller has checked that the actor plans it."""
    return SolveRun.objects.filter(process=process).defer("instance", "solution")


def run_for(*, actor: Actor, process_pk: int, pk: int) -> SolveRun:
    process = planning_process_for(actor=actor, pk=process_pk, action="schedule.run.read")
    run = SolveRun.objects.filter(process=process, pk=pk).select_related("based_on").first()
    if run is None:
        raise NotFound()
    return run


@dataclass(frozen=True)
class QueueState:
    """Where a queued solve waits. Solves of every process share the task workers."""

    place: int  # 1: the next to start
    running: int  # solves running now
    worker_alive: bool  # some task worker sent a heartbeat lately


def queue_state_of(*, run: SolveRun) -> QueueState | None:
    """None once the run has started: then its progress speaks for it."""
    if run.status != RunStatus.QUEUED:
        return None
    queued = SolveRun.objects.filter(status=RunStatus.QUEUED)
    return QueueState(
        place=queued.filter(pk__lt=run.pk).count() + 1,
        running=SolveRun.objects.filter(status=RunStatus.RUNNING).count(),
        worker_alive=workers.worker_alive(),
    )


def planning_inputs_of(*, process: Process) -> dict:
    """What the planner set besides the requests: interpreters, separations, pins, absences."""
    return {
        "pools": InterpreterPool.objects.filter(process=process),
        "separations": Separation.objects.filter(process=process).select_related(
            "party_a", "party_b"
        ),
        "pins": MeetingPin.objects.filter(meeting__process=process).select_related(
            "meeting", "room"
        ),
        "windows": MeetingWindow.objects.filter(meeting__process=process).select_related("meeting"),
        "absences": MemberUnavailability.objects.filter(
            member__delegation__process=process
        ).select_related("member"),
    }


@dataclass(frozen=True)
class PlanningChoices:
    """What a planner may choose from on the planning page: the process's own rows only."""

    parties: QuerySet[Party]
    meetings: QuerySet[Meeting]
    rooms: QuerySet[Room]
    members: QuerySet[Member]


def planning_choices_of(*, process: Process) -> PlanningChoices:
    """The parties, meetings, rooms and members of a process; the caller has checked that the
    actor plans it."""
    return PlanningChoices(
        parties=Party.objects.filter(processes=process).order_by("name"),
        meetings=Meeting.objects.filter(process=process).order_by("title"),
        rooms=rooms_of(venue=process.venue),
        members=Member.objects.filter(delegation__process=process)
        .select_related("delegation__party")
        .order_by("delegation__party__name", "name"),
    )


def delegation_calendar_for(*, actor: Actor, process_pk: int, pk: int) -> Delegation:
    process = process_for(actor=actor, pk=process_pk)
    delegation = Delegation.objects.filter(process=process, pk=pk).select_related("party").first()
    if delegation is None:
        raise NotFound()
    if not rules.can_see_delegation_calendar(actor, delegation):
        raise NotFound(
            _denial(actor, "calendar.delegation.read", "talks.delegation", pk, process.pk)
        )
    return delegation


def member_calendar_for(*, actor: Actor, process_pk: int, pk: int) -> Member:
    process = process_for(actor=actor, pk=process_pk)
    member = (
        Member.objects.filter(delegation__process=process, pk=pk)
        .select_related("delegation__party", "delegation__process")
        .first()
    )
    if member is None:
        raise NotFound()
    if not rules.can_see_delegation_calendar(actor, member.delegation):
        raise NotFound(_denial(actor, "calendar.member.read", "talks.member", pk, process.pk))
    return member


def room_calendar_for(*, actor: Actor, process_pk: int, pk: int) -> tuple[Process, Room]:
    process = process_for(actor=actor, pk=process_pk)
    room = Room.objects.filter(venue=process.venue_id, pk=pk).first()
    if room is None:
        raise NotFound()
    return process, room


@dataclass(frozen=True)
class CalendarFeedData:
    """What one iCalendar feed holds: the owner's entries of the latest published version."""

    process: Process
    version: ProgrammeVersion | None
    entries: QuerySet[ProgrammeEntry]
    name: str
    file_name: str


def calendar_feed_for(*, actor: Actor, process_pk: int, feed: str, pk: int) -> CalendarFeedData:
    """The feed of a delegation, member or room that the actor may read (else NotFound)."""
    if feed == CalendarFeed.DELEGATION:
        delegation = delegation_calendar_for(actor=actor, process_pk=process_pk, pk=pk)
        owned = {"meeting__parties": delegation.party_id}
        name = delegation.party.name
    elif feed == CalendarFeed.MEMBER:
        member = member_calendar_for(actor=actor, process_pk=process_pk, pk=pk)
        owned, name = {"meeting__participants": member}, member.name
    elif feed == CalendarFeed.ROOM:
        _process, room = room_calendar_for(actor=actor, process_pk=process_pk, pk=pk)
        owned, name = {"room": room}, room.name
    else:
        raise NotFound()
    process, version = programme_for(actor=actor, process_pk=process_pk)
    return CalendarFeedData(
        process=process,
        version=version,
        entries=entries_of(version=version).filter(**owned),
        name=name,
        file_name=f"{feed}-{pk}",
    )


def calendar_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_link_for_token(*, token: str) -> CalendarLink:
    """The live link a secret address names; a revoked or unknown one is NotFound."""
    link = (
        CalendarLink.objects.filter(
            digest=calendar_token_digest(token), revoked_at__isnull=True, owner__is_active=True
        )
        .select_related("owner")
        .first()
    )
    if link is None:
        raise NotFound()
    return link


def calendar_links_of(*, actor: Actor, process: Process) -> QuerySet[CalendarLink]:
    """The actor's own live calendar addresses in a process (nobody sees another's)."""
    return CalendarLink.objects.filter(owner=actor.user, process=process, revoked_at__isnull=True)


def calendar_delegations_for(*, actor: Actor, process: Process) -> list[Delegation]:
    """The delegations whose calendars (theirs and their members') the actor may read."""
    delegations = (
        Delegation.objects.filter(process=process)
        .select_related("party")
        .prefetch_related("members")
        .order_by("party__name")
    )
    return [d for d in delegations if rules.can_see_delegation_calendar(actor, d)]


def delegations_affected(*, version: ProgrammeVersion) -> QuerySet[Delegation]:
    """The delegations whose parties take part in a meeting this version added, moved or dropped."""
    meetings = ProgrammeChange.objects.filter(version=version).values("meeting")
    return (
        Delegation.objects.filter(process=version.process_id, party__meetings__in=meetings)
        .select_related("party")
        .distinct()
    )


def draft_rows(*, run: SolveRun) -> list[dict]:
    """The draft's placements as rows to review, with what moved against the base version."""
    if not run.solution:
        return []
    grid = Grid.of(run.instance, run.process.venue.tzinfo)
    meetings = {m["id"]: m for m in run.instance["meetings"]}
    rooms = {r.pk: r for r in Room.objects.filter(venue=run.process.venue_id)}
    previous = run.instance.get("previous") or {}
    rows = []
    for a in run.solution["assignments"]:
        if a["meeting"].startswith(CLOSURE_PREFIX):
            continue
        starts_at = grid.time_of(a["start"])
        before = previous.get(a["meeting"])
        rows.append(
            {
                "title": meetings[a["meeting"]]["title"],
                "level": meetings[a["meeting"]]["level"],
                "parties": meetings[a["meeting"]]["parties"],
                "room": rooms.get(pk_of(a["room"])),
                "starts_at": starts_at,
                "ends_at": starts_at + meetings[a["meeting"]]["duration"] * SLOT,
                "moved": before is not None
                and (before["start"], before["room"]) != (a["start"], a["room"]),
                "new": before is None and bool(previous),
            }
        )
    return sorted(rows, key=lambda r: (r["starts_at"], r["room"].name if r["room"] else ""))
