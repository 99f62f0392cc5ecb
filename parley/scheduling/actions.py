"""Writes of scheduling: planning inputs, solve runs, imported drafts and publishing a version.

Every action: keyword-only, the actor first, one durable transaction, its audit event inside.
`actor=None` is the operator at the console (`parley schedule import`), recorded as "system".
"""

import datetime as dt
import re
import secrets
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.talks.actions import require_realistic_or_overridden
from parley.talks.models import Meeting, MeetingStatus, Member, Party, Process
from parley.venues.models import Room

from . import booking, rules
from .exchange import (
    ExportError,
    Grid,
    build_instance,
    normalise_pair,
    placements,
    slot_span,
)
from .models import (
    PAIR_REGEX,
    CalendarLink,
    ChangeKind,
    InterpreterPool,
    MeetingPin,
    MeetingWindow,
    MemberUnavailability,
    ProgrammeChange,
    ProgrammeEntry,
    ProgrammeVersion,
    RunSource,
    RunStatus,
    Separation,
    SolveRun,
)
from .queries import (
    calendar_feed_for,
    calendar_token_digest,
    latest_version_of,
    planning_process_for,
)
from .solution_check import SolutionError, check_solution, explain_unplaced, score_of

MAX_TIME_LIMIT = 600.0


def _planner(actor: Actor | None, process: Process, action: str) -> Process:
    if actor is None:  # the console operator
        return Process.objects.select_related("venue").get(pk=process.pk)
    return planning_process_for(actor=actor, pk=process.pk, action=action)


@transaction.atomic(durable=True)
def interpreter_pool_set(
    *, actor: Actor, process: Process, pair: str, count: int
) -> InterpreterPool:
    """How many meetings needing `pair` may run at once; 0 means none can."""
    process = _planner(actor, process, "interpreters.set")
    pair = normalise_pair(pair)
    if not re.fullmatch(PAIR_REGEX, pair) or pair.split("-")[0] == pair.split("-")[1]:
        raise Conflict(_("A language pair is two language codes, e.g. ru-uk."))
    if count < 0:
        raise Conflict(_("The number of interpreter teams cannot be negative."))
    pool, _created = InterpreterPool.objects.update_or_create(
        process=process, pair=pair, defaults={"count": count}
    )
    audit.record(
        actor=actor,
        action="interpreters.set",
        target=pool,
        process_id=process.pk,
        detail={"pair": pair, "count": count},
    )
    return pool


@transaction.atomic(durable=True)
def separation_set(
    *, actor: Actor, process: Process, party: Party, other: Party, apart: bool
) -> None:
    """Keep two parties' delegations apart (never in one zone at the same time), or stop."""
    process = _planner(actor, process, "separation.set")
    ids = set(process.parties.values_list("pk", flat=True))
    if party.pk == other.pk or party.pk not in ids or other.pk not in ids:
        raise Conflict(_("Choose two different parties of the process."))
    a, b = sorted((party.pk, other.pk))
    if apart:
        Separation.objects.get_or_create(process=process, party_a_id=a, party_b_id=b)
    else:
        Separation.objects.filter(process=process, party_a_id=a, party_b_id=b).delete()
    audit.record(
        actor=actor,
        action="separation.set",
        target=process,
        process_id=process.pk,
        detail={"parties": [a, b], "apart": apart},
    )


@transaction.atomic(durable=True)
def unavailability_add(
    *, actor: Actor, member: Member, starts_at: dt.datetime, ends_at: dt.datetime, reason: str = ""
) -> MemberUnavailability:
    """A member cannot attend in [starts_at, ends_at): planners or the member's own party say so."""
    member = Member.objects.select_related("delegation").get(pk=member.pk)
    if not rules.can_mark_unavailable(actor, member.delegation):
        raise NotFound(
            audit.Denial(
                actor,
                "unavailability.add",
                "talks.member",
                str(member.pk),
                member.delegation.process_id,
            )
        )
    if ends_at <= starts_at:
        raise Conflict(_("The end must come after the start."))
    absence = MemberUnavailability.objects.create(
        member=member, starts_at=starts_at, ends_at=ends_at, reason=reason.strip()[:200]
    )
    audit.record(
        actor=actor,
        action="unavailability.add",
        target=absence,
        process_id=member.delegation.process_id,
    )
    return absence


@transaction.atomic(durable=True)
def pin_set(*, actor: Actor, meeting: Meeting, room: Room, starts_at: dt.datetime) -> MeetingPin:
    """Fix a meeting to a room and start; the next solve keeps it there."""
    process = _planner(actor, meeting.process, "pin.set")
    # Locked: a pin and a time window set at once must each see the other.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, process=process)
    if room.venue_id != process.venue_id:
        raise Conflict(_("The room is not at the venue of the process."))
    if room.capacity < meeting.size:
        raise Conflict(
            _("%(room)s holds %(capacity)s; the meeting needs %(size)s.")
            % {"room": room.name, "capacity": room.capacity, "size": meeting.size}
        )
    ends_at = starts_at + dt.timedelta(minutes=meeting.duration_minutes)
    if not room.availability.filter(starts_at__lte=starts_at, ends_at__gte=ends_at).exists():
        raise Conflict(_("%(room)s is not open for the whole meeting.") % {"room": room.name})
    if not _on_quarter_hour(starts_at):
        raise Conflict(_("A meeting starts on the quarter hour."))
    window = MeetingWindow.objects.filter(meeting=meeting).first()
    if window is not None and not _inside(
        starts_at, starts_at + slot_span(meeting.duration_minutes), window
    ):
        raise Conflict(_("The pin is outside the meeting's time window."))
    pin, _created = MeetingPin.objects.update_or_create(
        meeting=meeting, defaults={"room": room, "starts_at": starts_at}
    )
    audit.record(actor=actor, action="pin.set", target=pin, process_id=process.pk)
    return pin


@transaction.atomic(durable=True)
def window_set(
    *,
    actor: Actor,
    meeting: Meeting,
    not_before: dt.datetime | None,
    not_after: dt.datetime | None,
) -> MeetingWindow:
    """Hold a meeting within [not_before, not_after) (either end may be open) from now on."""
    process = _planner(actor, meeting.process, "window.set")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, process=process)
    if not_before is None and not_after is None:
        raise Conflict(_("Give the earliest start, the latest end, or both."))
    if not all(t is None or _on_quarter_hour(t) for t in (not_before, not_after)):
        raise Conflict(_("A time window starts and ends on the quarter hour."))
    held = slot_span(meeting.duration_minutes)
    if not_before is not None and not_after is not None and not_after - not_before < held:
        raise Conflict(_("The time window is shorter than the meeting."))
    window = MeetingWindow(meeting=meeting, not_before=not_before, not_after=not_after)
    pin = MeetingPin.objects.filter(meeting=meeting).first()
    if pin is not None and not _inside(pin.starts_at, pin.starts_at + held, window):
        raise Conflict(_("The meeting is pinned outside this window: unpin it first."))
    window, _created = MeetingWindow.objects.update_or_create(
        meeting=meeting, defaults={"not_before": not_before, "not_after": not_after}
    )
    audit.record(
        actor=actor,
        action="window.set",
        target=window,
        process_id=process.pk,
        detail={
            "meeting": meeting.pk,
            "not_before": not_before.isoformat() if not_before else None,
            "not_after": not_after.isoformat() if not_after else None,
        },
    )
    return window


def _on_quarter_hour(moment: dt.datetime) -> bool:
    return not (moment.minute % 15 or moment.second or moment.microsecond)


def _inside(starts_at: dt.datetime, ends_at: dt.datetime, window: MeetingWindow) -> bool:
    return (window.not_before is None or starts_at >= window.not_before) and (
        window.not_after is None or ends_at <= window.not_after
    )


@transaction.atomic(durable=True)
def window_clear(*, actor: Actor, meeting: Meeting) -> None:
    process = _planner(actor, meeting.process, "window.clear")
    deleted = MeetingWindow.objects.filter(meeting=meeting, meeting__process=process).delete()[0]
    if deleted:
        audit.record(actor=actor, action="window.clear", target=meeting, process_id=process.pk)


@transaction.atomic(durable=True)
def pin_clear(*, actor: Actor, meeting: Meeting) -> None:
    process = _planner(actor, meeting.process, "pin.clear")
    deleted = MeetingPin.objects.filter(meeting=meeting, meeting__process=process).delete()[0]
    if deleted:
        audit.record(actor=actor, action="pin.clear", target=meeting, process_id=process.pk)


def _build(process: Process, since: dt.date | None):
    try:
        return build_instance(process, since=since)
    except ExportError as error:
        raise Conflict(str(error)) from error


@transaction.atomic(durable=True)
def solve_start(
    *, actor: Actor, process: Process, time_limit: float = 10.0, since: dt.date | None = None
) -> SolveRun:
    """Take a snapshot of the problem and queue a solve of it; the draft appears when it ends."""
    process = _planner(actor, process, "schedule.solve")
    if not 0 < time_limit <= MAX_TIME_LIMIT:
        raise Conflict(
            _("The time limit is between 1 and %(limit)s seconds.") % {"limit": int(MAX_TIME_LIMIT)}
        )
    built = _build(process, since)
    run = SolveRun.objects.create(
        process=process,
        requested_by=actor.user,
        based_on=latest_version_of(process=process),
        time_limit=time_limit,
        instance=built.instance,
        warnings=built.excluded,
        total=sum(m["priority"] for m in built.instance["meetings"]),
    )
    audit.record(
        actor=actor,
        action="schedule.solve",
        target=run,
        process_id=process.pk,
        detail={"instance": built.instance["name"], "time_limit": time_limit},
    )
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


@transaction.atomic(durable=True)
def solve_stop(*, actor: Actor, run: SolveRun) -> SolveRun:
    """End a queued or running solve early; its draft keeps the best programme found so far."""
    process = _planner(actor, run.process, "schedule.solve.stop")
    run = SolveRun.objects.select_for_update().get(pk=run.pk, process=process)
    if run.finished:
        raise Conflict(_("This solve has already finished."))
    if run.stop_requested_at is not None:
        return run  # asked already: nothing to write
    run.stop_requested_at = timezone.now()
    run.save(update_fields=["stop_requested_at"])
    audit.record(
        actor=actor,
        action="schedule.solve.stop",
        target=run,
        process_id=process.pk,
        detail={"elapsed": round(run.elapsed, 1)},
    )
    return run


def _enqueue(run_pk: int) -> None:
    from .tasks import solve_run

    result = solve_run.enqueue(run_pk)
    SolveRun.objects.filter(pk=run_pk, task_id="").update(task_id=str(result.id)[:64])


def finish_warnings(instance: dict[str, Any], placed, excluded: list) -> list[dict[str, str]]:
    return list(excluded) + explain_unplaced(instance, placed)


@transaction.atomic(durable=True)
def solution_import(
    *, actor: Actor | None, process: Process, solution: Any, since: dt.date | None = None
) -> SolveRun:
    """Read a solution made elsewhere as a draft to review; anything wrong is a Conflict."""
    process = _planner(actor, process, "schedule.import")
    built = _build(process, since)
    try:
        placed = check_solution(built.instance, solution)
    except SolutionError as error:
        raise Conflict(str(error)) from error
    score, total = score_of(built.instance, placed)
    bound = solution.get("bound")
    run = SolveRun.objects.create(
        process=process,
        requested_by=actor.user if actor is not None else None,
        source=RunSource.IMPORT,
        status=RunStatus.DONE,
        based_on=latest_version_of(process=process),
        time_limit=1.0,
        elapsed=float(solution.get("seconds") or 0),
        score=score,
        total=total,
        bound=bound if isinstance(bound, int) and not isinstance(bound, bool) else None,
        instance=built.instance,
        solution={
            "format": "parley.schedule-solution/1",
            "instance": built.instance["name"],
            "assignments": [vars(p) for p in placed.values()],
            "bound": bound,
            "seconds": solution.get("seconds"),
        },
        warnings=finish_warnings(built.instance, placed, built.excluded),
    )
    audit.record(
        actor=actor,
        action="schedule.import",
        target=run,
        process_id=process.pk,
        detail={"instance": built.instance["name"], "score": score, "meetings": len(placed)},
    )
    return run


@transaction.atomic(durable=True)
def programme_publish(*, actor: Actor, run: SolveRun, note: str = "") -> ProgrammeVersion:
    """Turn a finished draft into the next immutable version, with its changes and bookings.

    All or nothing: if any booking cannot be made, nothing is published and the previous
    version, its bookings and the meetings' statuses stay exactly as they were.
    """
    process = _planner(actor, run.process, "programme.publish")
    Process.objects.select_for_update().filter(pk=process.pk).first()  # one publisher at a time
    run = SolveRun.objects.filter(pk=run.pk, process=process).first()
    if run is None:
        raise NotFound()
    if run.status != RunStatus.DONE:
        raise Conflict(_("Only a finished draft can be published."))
    previous = latest_version_of(process=process)
    if (previous.pk if previous else None) != run.based_on_id:
        raise Conflict(_("A newer version was published after this draft was made: plan again."))
    try:
        placed = check_solution(run.instance, run.solution)
    except SolutionError as error:
        raise Conflict(str(error)) from error
    tz = process.venue.tzinfo
    new = {p.meeting_pk: p for p in placements(run.instance, placed, tz)}
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
    old = {e.meeting_id: e for e in previous.entries.all()} if previous else {}
    horizon_start = Grid.of(run.instance, tz).days[0].start
    planned = {int(m["id"].rsplit("-", 1)[1]) for m in run.instance["meetings"] if m["parties"]}
    held = set(
        Meeting.objects.filter(pk__in=old, status=MeetingStatus.HELD).values_list("pk", flat=True)
    )
    carried = {
        pk: e
        for pk, e in old.items()
        if pk not in planned and (e.starts_at < horizon_start or pk in held)
    }
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
    last_sequence = dict(
        ProgrammeEntry.objects.filter(meeting_id__in=new, version__process=process)
        .values("meeting_id")
        .annotate(top=Max("sequence"))
        .values_list("meeting_id", "top")
    )
    counts = dict.fromkeys(ChangeKind.values, 0)
    dropped = [e for pk, e in old.items() if pk not in new and pk not in carried]
    moved = [
        e
        for pk, e in old.items()
        if pk in new and (e.room_id, e.starts_at, e.ends_at) != _where(new[pk])
    ]
    booking.release(actor=actor, entries=dropped + moved)
    for e in dropped:
        ProgrammeChange.objects.create(
            version=version,
            meeting_id=e.meeting_id,
            kind=ChangeKind.DROPPED,
            before_room_id=e.room_id,
            before_starts_at=e.starts_at,
        )
        counts[ChangeKind.DROPPED] += 1
    for e in carried.values():
        ProgrammeEntry.objects.create(
            version=version,
            meeting_id=e.meeting_id,
            room_id=e.room_id,
            starts_at=e.starts_at,
            ends_at=e.ends_at,
            sequence=e.sequence,
            booking_id=e.booking_id,
        )
    for pk, p in new.items():
        before = old.get(pk)
        unchanged = before is not None and (before.room_id, before.starts_at, before.ends_at) == (
            _where(p)
        )
        if unchanged:
            sequence, booking_id = before.sequence, before.booking_id
        else:
            sequence = last_sequence[pk] + 1 if pk in last_sequence else 0
            kind = ChangeKind.MOVED if before is not None else ChangeKind.ADDED
            ProgrammeChange.objects.create(
                version=version,
                meeting_id=pk,
                kind=kind,
                before_room_id=before.room_id if before else None,
                before_starts_at=before.starts_at if before else None,
            )
            counts[kind] += 1
            booking_id = booking.hold(actor=actor, process=process, placed=p).pk
        ProgrammeEntry.objects.create(
            version=version,
            meeting_id=pk,
            room_id=p.room_pk,
            starts_at=p.starts_at,
            ends_at=p.ends_at,
            sequence=sequence,
            booking_id=booking_id,
        )
    Meeting.objects.filter(
        pk__in=new, status__in=[MeetingStatus.REQUESTED, MeetingStatus.POSTPONED]
    ).update(status=MeetingStatus.SCHEDULED)
    Meeting.objects.filter(
        pk__in=[e.meeting_id for e in dropped], status=MeetingStatus.SCHEDULED
    ).update(status=MeetingStatus.REQUESTED)
    audit.record(
        actor=actor,
        action="programme.publish",
        target=version,
        process_id=process.pk,
        detail={"number": version.number, "run": run.pk, **counts},
    )
    return version


def _where(p) -> tuple[int, dt.datetime, dt.datetime]:
    return (p.room_pk, p.starts_at, p.ends_at)


@transaction.atomic(durable=True)
def calendar_link_create(
    *, actor: Actor, process: Process, feed: str, pk: int
) -> tuple[CalendarLink, str]:
    """A secret address for a feed the actor may read; returns the link and its token.

    The token is returned once and never stored: only its digest is kept.
    """
    data = calendar_feed_for(actor=actor, process_pk=process.pk, feed=feed, pk=pk)
    token = secrets.token_urlsafe(32)
    link = CalendarLink.objects.create(
        owner=actor.user,
        process=data.process,
        feed=feed,
        object_pk=pk,
        name=data.name[:200],
        digest=calendar_token_digest(token),
    )
    audit.record(
        actor=actor,
        action="calendar.link.create",
        target=link,
        process_id=data.process.pk,
        detail={"feed": feed, "object": pk},
    )
    return link, token


@transaction.atomic(durable=True)
def calendar_link_revoke(*, actor: Actor, process: Process, pk: int) -> CalendarLink:
    """Close one of the actor's own calendar addresses; calendar apps get a 404 from then on."""
    link = (
        CalendarLink.objects.select_for_update()
        .filter(pk=pk, process=process.pk, owner=actor.user, revoked_at__isnull=True)
        .first()
    )
    if link is None:
        raise NotFound(
            audit.Denial(
                actor, "calendar.link.revoke", "scheduling.calendarlink", str(pk), process.pk
            )
        )
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="calendar.link.revoke",
        target=link,
        process_id=process.pk,
        detail={"feed": link.feed, "object": link.object_pk},
    )
    return link


@transaction.atomic(durable=True)
def calendar_link_expire(*, link: CalendarLink) -> None:
    """Close an address whose owner may no longer read its feed (by the system, on a read).

    Closed for good: a role given back later does not reopen it, and calendar apps that go on
    polling get the plain 404 without a denial in the audit log each time.
    """
    updated = CalendarLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated:
        audit.record(
            actor=None,
            action="calendar.link.expire",
            target=link,
            process_id=link.process_id,
            detail={"feed": link.feed, "object": link.object_pk, "owner": link.owner_id},
        )


# What became of a published meeting: the protocol officer marks it, and a meeting marked held
# counts as preparation in the readiness report.
OUTCOMES = (MeetingStatus.HELD, MeetingStatus.CANCELLED, MeetingStatus.POSTPONED)


@transaction.atomic(durable=True)
def meeting_outcome_set(*, actor: Actor, meeting: Meeting, status: str) -> Meeting:
    """Mark a meeting of the published programme held, cancelled or postponed (or correct it).

    Held only once it has begun. A cancelled meeting leaves the programme at the next version;
    a postponed one goes back to the planner for a new time.
    """
    process = _planner(actor, meeting.process, "meeting.outcome")
    meeting = Meeting.objects.select_for_update().filter(pk=meeting.pk, process=process).first()
    if meeting is None:
        raise NotFound()
    if status not in OUTCOMES:
        raise Conflict(_("A published meeting is marked held, cancelled or postponed."))
    latest = latest_version_of(process=process)
    entry = latest.entries.filter(meeting=meeting).first() if latest else None
    if entry is None:
        raise Conflict(_("Only a meeting of the published programme can be marked."))
    if meeting.status == status:
        raise Conflict(
            _("This meeting is already marked %(status)s.")
            % {"status": meeting.get_status_display().lower()}
        )
    if status == MeetingStatus.HELD and entry.starts_at > timezone.now():
        raise Conflict(_("A meeting can be marked held once it has begun."))
    before = meeting.status
    meeting.status = status
    meeting.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="meeting.outcome",
        target=meeting,
        process_id=process.pk,
        detail={"from": before, "to": status, "version": latest.number},
    )
    return meeting
