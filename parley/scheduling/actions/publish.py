"""Publishing: a finished draft becomes the next immutable version of the programme.

All in one transaction, so all or nothing: if any booking cannot be made, nothing is published,
and the previous version, its bookings and the meetings' statuses stay exactly as they were.
The steps, in order:
1. the draft is finished and based on the latest version, and its solution still keeps every
   rule for meetings that are all still live; a meeting at a level not yet realistic needs
   every party's override (talks' readiness report);
2. the version is made, and the bookings of meetings dropped or moved are released;
3. dropped meetings are recorded; entries that the draft does not plan and that began before
   its horizon, or were marked held, are carried over as they stand;
4. every placed meeting gets its entry: one in place keeps its booking, the others are booked
   anew and recorded as added or moved;
5. the meetings' statuses follow, and the audit event is written.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.talks.actions import require_realistic_or_overridden
from parley.talks.models import Meeting, MeetingStatus, Process

from .. import booking
from ..engine.checker import Placement, SolutionError, check_solution, score_of
from ..exchange import Grid, Placed, pk_of, placements
from ..models import (
    ChangeKind,
    ProgrammeChange,
    ProgrammeEntry,
    ProgrammeVersion,
    RunStatus,
    SolveRun,
)
from ..queries import latest_version_of
from .planner import process_to_plan

Where = tuple[int, dt.datetime, dt.datetime]  # room, start, end


@transaction.atomic(durable=True)
def programme_publish(*, actor: Actor, run: SolveRun, note: str = "") -> ProgrammeVersion:
    """Turn a finished draft into the next immutable version, with its changes and bookings."""
    process = process_to_plan(actor, run.process, "programme.publish")
    Process.objects.select_for_update().filter(pk=process.pk).first()  # one publisher at a time
    run = _finished_draft(process, run)
    previous = latest_version_of(process=process)
    if (previous.pk if previous else None) != run.based_on_id:
        raise Conflict(_("A newer version was published after this draft was made: plan again."))
    placed = _still_valid(run)
    new = _live_placements(process, run, placed)

    old = {e.meeting_id: e for e in previous.entries.all()} if previous else {}
    carried = _kept_as_they_stand(run, old, process)
    require_realistic_or_overridden(
        actor=actor, process=process, meetings=Meeting.objects.filter(pk__in=new)
    )
    version = ProgrammeVersion.objects.create(
        process=process,
        number=(previous.number + 1) if previous else 1,
        published_at=timezone.now(),
        published_by=actor.user,
        run=run,
        score=score_of(run.instance, placed)[0],
        note=note.strip()[:500],
    )
    dropped = [e for pk, e in old.items() if pk not in new and pk not in carried]
    moved = [e for pk, e in old.items() if pk in new and _entry_where(e) != _placed_where(new[pk])]
    booking.release(actor=actor, entries=dropped + moved)

    counts = dict.fromkeys(ChangeKind.values, 0)
    for entry in dropped:
        _record_change(version, entry.meeting_id, ChangeKind.DROPPED, before=entry)
        counts[ChangeKind.DROPPED] += 1
    for entry in carried.values():
        _enter(version, entry.meeting_id, _entry_where(entry), entry.sequence, entry.booking_id)
    last_sequence = _last_sequences(process, meetings=list(new))
    for pk, p in new.items():
        before = old.get(pk)
        if before is not None and _entry_where(before) == _placed_where(p):
            _enter(version, pk, _placed_where(p), before.sequence, before.booking_id)
            continue
        kind = ChangeKind.MOVED if before is not None else ChangeKind.ADDED
        _record_change(version, pk, kind, before=before)
        counts[kind] += 1
        held = booking.hold(actor=actor, process=process, placed=p)
        sequence = last_sequence[pk] + 1 if pk in last_sequence else 0
        _enter(version, pk, _placed_where(p), sequence, held.pk)

    _follow_statuses(scheduled=list(new), unscheduled=[e.meeting_id for e in dropped])
    audit.record(
        actor=actor,
        action="programme.publish",
        target=version,
        process_id=process.pk,
        detail={"number": version.number, "run": run.pk, **counts},
    )
    return version


def _finished_draft(process: Process, run: SolveRun) -> SolveRun:
    found = SolveRun.objects.filter(pk=run.pk, process=process).first()
    if found is None:
        raise NotFound()
    if found.status != RunStatus.DONE:
        raise Conflict(_("Only a finished draft can be published."))
    return found


def _still_valid(run: SolveRun) -> dict[str, Placement]:
    try:
        return check_solution(run.instance, run.solution)
    except SolutionError as error:
        raise Conflict(str(error)) from error


def _live_placements(
    process: Process, run: SolveRun, placed: dict[str, Placement]
) -> dict[int, Placed]:
    """The draft's meetings by pk, in rooms and times; one cancelled since is a Conflict."""
    new = {p.meeting_pk: p for p in placements(run.instance, placed, process.venue.tzinfo)}
    live = set(
        Meeting.objects.filter(pk__in=new, process=process)
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("pk", flat=True)
    )
    if gone := sorted(set(new) - live):
        raise Conflict(
            _("Meeting %(meeting)s was cancelled after this draft was made: plan again.")
            % {"meeting": gone[0]}
        )
    return new


def _kept_as_they_stand(
    run: SolveRun, old: dict[int, ProgrammeEntry], process: Process
) -> dict[int, ProgrammeEntry]:
    """Published entries the draft does not plan that keep their place: those that began
    before the draft's horizon, and meetings marked held, which keep their time and room."""
    horizon_start = Grid.of(run.instance, process.venue.tzinfo).days[0].start
    planned = {pk_of(m["id"]) for m in run.instance["meetings"] if m["parties"]}
    held = set(
        Meeting.objects.filter(pk__in=old, status=MeetingStatus.HELD).values_list("pk", flat=True)
    )
    return {
        pk: e
        for pk, e in old.items()
        if pk not in planned and (e.starts_at < horizon_start or pk in held)
    }


def _last_sequences(process: Process, *, meetings: Iterable[int]) -> dict[int, int]:
    """Per meeting, the highest sequence any version gave it (calendars see a change by it)."""
    return dict(
        ProgrammeEntry.objects.filter(meeting_id__in=meetings, version__process=process)
        .values("meeting_id")
        .annotate(top=Max("sequence"))
        .values_list("meeting_id", "top")
    )


def _enter(
    version: ProgrammeVersion, meeting_pk: int, where: Where, sequence: int, booking_pk: int | None
) -> None:
    room_pk, starts_at, ends_at = where
    ProgrammeEntry.objects.create(
        version=version,
        meeting_id=meeting_pk,
        room_id=room_pk,
        starts_at=starts_at,
        ends_at=ends_at,
        sequence=sequence,
        booking_id=booking_pk,
    )


def _record_change(
    version: ProgrammeVersion, meeting_pk: int, kind: str, *, before: ProgrammeEntry | None
) -> None:
    ProgrammeChange.objects.create(
        version=version,
        meeting_id=meeting_pk,
        kind=kind,
        before_room_id=before.room_id if before else None,
        before_starts_at=before.starts_at if before else None,
    )


def _follow_statuses(*, scheduled: list[int], unscheduled: list[int]) -> None:
    Meeting.objects.filter(
        pk__in=scheduled, status__in=[MeetingStatus.REQUESTED, MeetingStatus.POSTPONED]
    ).update(status=MeetingStatus.SCHEDULED)
    Meeting.objects.filter(pk__in=unscheduled, status=MeetingStatus.SCHEDULED).update(
        status=MeetingStatus.REQUESTED
    )


def _entry_where(entry: ProgrammeEntry) -> Where:
    return (entry.room_id, entry.starts_at, entry.ends_at)


def _placed_where(placed: Placed) -> Where:
    return (placed.room_pk, placed.starts_at, placed.ends_at)
