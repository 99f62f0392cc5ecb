"""Planning, solving, importing and publishing: who may, what is written, what is audited."""

import datetime as dt

import pytest
from django.utils import timezone

from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent
from parley.scheduling import actions
from parley.scheduling.exchange import export_instance, meeting_id, room_id
from parley.scheduling.models import (
    InterpreterPool,
    MeetingPin,
    MeetingWindow,
    ProgrammeEntry,
    ProgrammeVersion,
    Separation,
    SolveRun,
)
from parley.scheduling.reasons import reason_text
from parley.talks.actions import (
    ceasefire_declare,
    gate_accept,
    gate_propose,
    intent_set,
    override_set,
)
from parley.talks.models import MeetingStatus
from parley.venues.models import Booking, BookingStatus

from ..factories import BookingFactory
from .conftest import meeting, open_room, solve, validate


def _actions() -> list[str]:
    return list(AuditEvent.objects.values_list("action", flat=True))


def test_solve_runs_in_the_background_and_records_progress(
    plan, django_capture_on_commit_callbacks
):
    run = solve(plan, django_capture_on_commit_callbacks)
    assert run.status == "done"
    assert run.task_id
    assert run.elapsed > 0 and run.score == run.total == 1 + 1 + 3 + 5 + 1
    assert run.bound == run.score and run.gap == 0
    assert run.warnings == []
    validate(run.instance, run.solution)
    assert _actions()[-2:] == ["schedule.solve", "schedule.solve.done"]


def test_solve_of_a_process_without_open_rooms_is_a_conflict(talks):
    with pytest.raises(Conflict, match="no room"):
        actions.solve_start(actor=talks.actor("coordinator"), process=talks.process, time_limit=1)
    assert not SolveRun.objects.exists()


@pytest.mark.parametrize("role", ["services", "north_head", "south_staff"])
def test_only_planners_may_solve(plan, role):
    with pytest.raises(NotFound) as refused:
        actions.solve_start(actor=plan.talks.actor(role), process=plan.process, time_limit=1)
    assert refused.value.denial.action == "schedule.solve"


def test_stopping_a_queued_solve_is_recorded_and_audited(plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        run = actions.solve_start(
            actor=plan.talks.actor("coordinator"), process=plan.process, time_limit=60
        )
    stopped = actions.solve_stop(actor=plan.talks.actor("protocol"), run=run)
    assert stopped.stop_requested_at is not None
    again = actions.solve_stop(actor=plan.talks.actor("coordinator"), run=run)
    assert again.stop_requested_at == stopped.stop_requested_at
    assert _actions()[-2:] == ["schedule.solve", "schedule.solve.stop"]  # one request, once


def test_a_finished_solve_cannot_be_stopped(plan, django_capture_on_commit_callbacks):
    run = solve(plan, django_capture_on_commit_callbacks)
    with pytest.raises(Conflict, match="already finished"):
        actions.solve_stop(actor=plan.talks.actor("coordinator"), run=run)
    run.refresh_from_db()
    assert run.stop_requested_at is None


@pytest.mark.parametrize("role", ["services", "north_head", "south_staff"])
def test_only_planners_may_stop_a_solve(plan, django_capture_on_commit_callbacks, role):
    with django_capture_on_commit_callbacks(execute=False):
        run = actions.solve_start(
            actor=plan.talks.actor("coordinator"), process=plan.process, time_limit=60
        )
    with pytest.raises(NotFound) as refused:
        actions.solve_stop(actor=plan.talks.actor(role), run=run)
    assert refused.value.denial.action == "schedule.solve.stop"
    run.refresh_from_db()
    assert run.stop_requested_at is None


def test_publish_books_rooms_schedules_meetings_and_audits(
    plan, django_capture_on_commit_callbacks
):
    run = solve(plan, django_capture_on_commit_callbacks)
    version = actions.programme_publish(actor=plan.talks.actor("protocol"), run=run, note="First")
    assert (version.number, version.note, version.score) == (1, "First", 11)
    entries = list(version.entries.all())
    assert len(entries) == 5
    assert all(e.booking.status == BookingStatus.CONFIRMED for e in entries)
    assert {(e.booking.room_id, e.booking.starts_at) for e in entries} == {
        (e.room_id, e.starts_at) for e in entries
    }
    statuses = set(plan.process.meetings.values_list("status", flat=True))
    assert statuses == {MeetingStatus.SCHEDULED}
    assert _actions().count("booking.create") == 5
    assert _actions()[-1] == "programme.publish"
    assert version.changes.count() == 5  # every meeting is added by the first version


@pytest.mark.parametrize("role", ["services", "north_head", "north_negotiator", "south_staff"])
def test_parties_and_services_cannot_publish(plan, django_capture_on_commit_callbacks, role):
    run = solve(plan, django_capture_on_commit_callbacks)
    with pytest.raises(NotFound) as refused:
        actions.programme_publish(actor=plan.talks.actor(role), run=run)
    assert refused.value.denial.action == "programme.publish"
    assert not ProgrammeVersion.objects.exists() and not Booking.objects.exists()


def test_replanning_with_nothing_changed_moves_nothing(plan, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    first = actions.programme_publish(
        actor=plan.talks.actor("coordinator"), run=solve(plan, capture)
    )
    run = solve(plan, capture)
    assert run.based_on == first
    assert run.instance["previous"] == {
        a["meeting"]: {"start": a["start"], "room": a["room"]}
        for a in first.run.solution["assignments"]
    }
    second = actions.programme_publish(actor=plan.talks.actor("coordinator"), run=run)
    assert second.changes.count() == 0
    before = {
        e.meeting_id: (e.room_id, e.starts_at, e.sequence, e.booking_id)
        for e in first.entries.all()
    }
    after = {
        e.meeting_id: (e.room_id, e.starts_at, e.sequence, e.booking_id)
        for e in second.entries.all()
    }
    assert before == after


def _move_caucus_and_add_a_meeting(plan):
    caucus = plan.meetings["caucus_n"]
    actions.pin_set(
        actor=plan.talks.actor("coordinator"),
        meeting=caucus,
        room=plan.rooms["office"],
        starts_at=plan.at(1, 12),
    )
    return meeting(
        process=plan.process,
        title="Extra bilateral",
        size=8,
        duration_minutes=60,
        parties=[plan.talks.north, plan.talks.south],
    )


def test_a_later_version_lists_its_changes_and_bumps_sequences(
    plan, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    coordinator = plan.talks.actor("coordinator")
    first = actions.programme_publish(actor=coordinator, run=solve(plan, capture))
    old = first.entries.get(meeting=plan.meetings["caucus_n"])
    extra = _move_caucus_and_add_a_meeting(plan)
    plan.meetings["caucus_s"].status = MeetingStatus.CANCELLED
    plan.meetings["caucus_s"].save()
    second = actions.programme_publish(actor=coordinator, run=solve(plan, capture))
    changes = {(c.meeting.title, c.kind) for c in second.changes.all()}
    assert changes == {
        ("Northland caucus", "moved"),
        ("Extra bilateral", "added"),
        ("Southland caucus", "dropped"),
    }
    moved = second.entries.get(meeting=plan.meetings["caucus_n"])
    assert (moved.starts_at, moved.sequence) == (plan.at(1, 12), old.sequence + 1)
    assert Booking.objects.get(pk=old.booking_id).status == BookingStatus.CANCELLED
    dropped = first.entries.get(meeting=plan.meetings["caucus_s"])
    assert Booking.objects.get(pk=dropped.booking_id).status == BookingStatus.CANCELLED
    assert second.entries.filter(meeting=extra).exists()
    assert _actions().count("booking.cancel") == 2
    from parley.scheduling.queries import delegations_affected

    affected = {d.party.code for d in delegations_affected(version=second)}
    assert affected == {"north", "south"}


def test_publish_is_atomic_when_a_booking_conflicts_part_way(
    plan, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    coordinator = plan.talks.actor("coordinator")
    first = actions.programme_publish(actor=coordinator, run=solve(plan, capture))
    snapshot = list(first.entries.values_list("meeting", "room", "starts_at", "booking"))
    extra = _move_caucus_and_add_a_meeting(plan)
    run = solve(plan, capture)
    placed = next(a for a in run.solution["assignments"] if a["meeting"] == meeting_id(extra.pk))
    from parley.scheduling.exchange import Grid, pk_of

    starts_at = Grid.of(run.instance, plan.process.venue.tzinfo).time_of(placed["start"])
    BookingFactory(  # someone books that room meanwhile
        process=plan.process,
        room_id=pk_of(placed["room"]),
        starts_at=starts_at,
        ends_at=starts_at + (plan.at(0, 10) - plan.at(0, 9)),
        blocked_until=starts_at + (plan.at(0, 10) - plan.at(0, 9)),
    )
    events = AuditEvent.objects.count()
    with pytest.raises(Conflict, match="already booked"):
        actions.programme_publish(actor=coordinator, run=run)
    assert list(ProgrammeVersion.objects.all()) == [first]
    assert list(first.entries.values_list("meeting", "room", "starts_at", "booking")) == snapshot
    assert set(
        Booking.objects.filter(pk__in=[s[3] for s in snapshot]).values_list("status", flat=True)
    ) == {BookingStatus.CONFIRMED}
    assert plan.process.meetings.get(pk=extra.pk).status == MeetingStatus.REQUESTED
    assert AuditEvent.objects.count() == events


def test_a_draft_made_before_the_latest_version_cannot_be_published(
    plan, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    coordinator = plan.talks.actor("coordinator")
    stale = solve(plan, capture)
    actions.programme_publish(actor=coordinator, run=solve(plan, capture))
    with pytest.raises(Conflict, match="newer version"):
        actions.programme_publish(actor=coordinator, run=stale)
    assert ProgrammeVersion.objects.count() == 1


def test_published_rows_are_immutable(plan, django_capture_on_commit_callbacks):
    version = actions.programme_publish(
        actor=plan.talks.actor("coordinator"), run=solve(plan, django_capture_on_commit_callbacks)
    )
    entry = version.entries.first()
    with pytest.raises(ValueError, match="immutable"):
        entry.save()
    with pytest.raises(ValueError, match="immutable"):
        version.delete()
    assert ProgrammeEntry.objects.count() == 5


def test_planning_inputs_are_written_and_audited(plan):
    coordinator = plan.talks.actor("coordinator")
    actions.interpreter_pool_set(actor=coordinator, process=plan.process, pair="EN-ru", count=2)
    actions.separation_set(
        actor=coordinator,
        process=plan.process,
        party=plan.talks.south,
        other=plan.talks.north,
        apart=False,
    )
    actions.pin_set(
        actor=coordinator,
        meeting=plan.meetings["summit"],
        room=plan.rooms["hall"],
        starts_at=plan.at(1, 10),
    )
    actions.pin_clear(actor=coordinator, meeting=plan.meetings["summit"])
    member = plan.meetings["summit"].participants.first()
    actions.unavailability_add(
        actor=coordinator, member=member, starts_at=plan.at(0, 9), ends_at=plan.at(0, 10)
    )
    assert InterpreterPool.objects.get(pair="en-ru").count == 2
    assert not Separation.objects.exists() and not MeetingPin.objects.exists()
    assert _actions()[-5:] == [
        "interpreters.set",
        "separation.set",
        "pin.set",
        "pin.clear",
        "unavailability.add",
    ]


def test_a_party_may_mark_its_own_member_unavailable_but_not_another(plan):
    north_member = plan.meetings["summit"].participants.get(name="North leader")
    actions.unavailability_add(
        actor=plan.talks.actor("north_staff"),
        member=north_member,
        starts_at=plan.at(0, 9),
        ends_at=plan.at(0, 10),
    )
    with pytest.raises(NotFound):
        actions.unavailability_add(
            actor=plan.talks.actor("south_staff"),
            member=north_member,
            starts_at=plan.at(0, 9),
            ends_at=plan.at(0, 10),
        )


def test_a_time_window_is_set_cleared_and_audited(plan):
    coordinator = plan.talks.actor("coordinator")
    window = actions.window_set(
        actor=coordinator,
        meeting=plan.meetings["summit"],
        not_before=plan.at(1, 9),
        not_after=None,
    )
    assert (window.not_before, window.not_after) == (plan.at(1, 9), None)
    actions.window_clear(actor=coordinator, meeting=plan.meetings["summit"])
    assert not MeetingWindow.objects.exists()
    assert _actions()[-2:] == ["window.set", "window.clear"]


@pytest.mark.parametrize(
    ("not_before", "not_after", "message"),
    [
        (None, None, "Give the earliest start"),
        ((1, 10), (1, 9), "shorter than the meeting"),
        ((1, 9), (1, 10), "shorter than the meeting"),  # the leaders meet for two hours
        ((1, 9, 10), None, "on the quarter hour"),
    ],
)
def test_a_time_window_needs_an_end_room_for_the_meeting_and_quarter_hours(
    plan, not_before, not_after, message
):
    with pytest.raises(Conflict, match=message):
        actions.window_set(
            actor=plan.talks.actor("coordinator"),
            meeting=plan.meetings["summit"],
            not_before=plan.at(*not_before) if not_before else None,
            not_after=plan.at(*not_after) if not_after else None,
        )
    assert not MeetingWindow.objects.exists()


def test_a_pin_and_a_time_window_agree_on_the_slot_grid(plan):
    # 40 minutes hold three 15-minute slots: pinned at 09:00 the caucus holds the room to 09:45.
    caucus = plan.meetings["caucus_n"]
    caucus.duration_minutes = 40
    caucus.save()
    coordinator = plan.talks.actor("coordinator")
    actions.pin_set(
        actor=coordinator, meeting=caucus, room=plan.rooms["office"], starts_at=plan.at(1, 9)
    )
    with pytest.raises(Conflict, match="pinned outside this window"):
        actions.window_set(
            actor=coordinator, meeting=caucus, not_before=None, not_after=plan.at(1, 9, 30)
        )
    actions.window_set(
        actor=coordinator, meeting=caucus, not_before=None, not_after=plan.at(1, 9, 45)
    )


def test_a_pin_and_a_time_window_must_agree(plan):
    coordinator = plan.talks.actor("coordinator")
    summit = plan.meetings["summit"]
    actions.pin_set(
        actor=coordinator, meeting=summit, room=plan.rooms["hall"], starts_at=plan.at(0, 9)
    )
    with pytest.raises(Conflict, match="pinned outside this window"):
        actions.window_set(
            actor=coordinator, meeting=summit, not_before=plan.at(1, 9), not_after=None
        )
    actions.pin_clear(actor=coordinator, meeting=summit)
    actions.window_set(actor=coordinator, meeting=summit, not_before=plan.at(1, 9), not_after=None)
    with pytest.raises(Conflict, match="outside the meeting's time window"):
        actions.pin_set(
            actor=coordinator, meeting=summit, room=plan.rooms["hall"], starts_at=plan.at(0, 9)
        )


@pytest.mark.parametrize("role", ["services", "north_head"])
def test_only_planners_set_time_windows(plan, role):
    with pytest.raises(NotFound):
        actions.window_set(
            actor=plan.talks.actor(role),
            meeting=plan.meetings["summit"],
            not_before=plan.at(1, 9),
            not_after=None,
        )
    assert not MeetingWindow.objects.exists()


def test_a_pin_outside_the_room_hours_is_a_conflict(plan):
    with pytest.raises(Conflict, match="not open"):
        actions.pin_set(
            actor=plan.talks.actor("coordinator"),
            meeting=plan.meetings["summit"],
            room=plan.rooms["hall"],
            starts_at=plan.at(0, 12),
        )


def test_a_pinned_meeting_is_placed_at_its_pin(plan, django_capture_on_commit_callbacks):
    actions.pin_set(
        actor=plan.talks.actor("coordinator"),
        meeting=plan.meetings["caucus_s"],
        room=plan.rooms["working"],
        starts_at=plan.at(1, 9, 30),
    )
    run = solve(plan, django_capture_on_commit_callbacks)
    validate(run.instance, run.solution)
    version = actions.programme_publish(actor=plan.talks.actor("coordinator"), run=run)
    entry = version.entries.get(meeting=plan.meetings["caucus_s"])
    assert (entry.room, entry.starts_at) == (plan.rooms["working"], plan.at(1, 9, 30))


def test_a_solve_whose_pins_clash_fails_with_the_reason(plan, django_capture_on_commit_callbacks):
    for name in ("caucus_n", "caucus_s"):
        MeetingPin.objects.create(
            meeting=plan.meetings[name], room=plan.rooms["working"], starts_at=plan.at(0, 9)
        )
    run = solve(plan, django_capture_on_commit_callbacks)
    assert run.status == "failed" and run.solution is None
    assert "'Northland caucus'" in run.message and "'Southland caucus'" in run.message
    assert _actions()[-1] == "schedule.solve.fail"
    with pytest.raises(Conflict, match="finished draft"):
        actions.programme_publish(actor=plan.talks.actor("coordinator"), run=run)


# Readiness: a level not yet realistic waits for every party's override


def _withdraw_override(plan, level: str, head: str = "south_head") -> None:
    override_set(actor=plan.talks.actor(head), process=plan.process, level=level, overriding=False)


def test_a_level_not_yet_realistic_is_left_out_of_the_draft_with_its_reason(
    plan, django_capture_on_commit_callbacks
):
    _withdraw_override(plan, "leader")
    run = solve(plan, django_capture_on_commit_callbacks)
    summit = meeting_id(plan.meetings["summit"].pk)
    assert summit not in {m["id"] for m in run.instance["meetings"]}
    left_out = [w for w in run.warnings if w["meeting"] == summit]
    assert [w["code"] for w in left_out] == ["not_yet_realistic"]
    assert reason_text(left_out[0]).startswith("the readiness report for its level says")


def test_publishing_a_level_whose_override_was_withdrawn_is_refused_whole(
    plan, django_capture_on_commit_callbacks
):
    run = solve(plan, django_capture_on_commit_callbacks)
    _withdraw_override(plan, "leader")
    with pytest.raises(Conflict, match="“Leaders' meeting” cannot be published") as refused:
        actions.programme_publish(actor=plan.talks.actor("protocol"), run=run)
    assert "Border" not in refused.value.message  # the planner reads no substance
    assert not ProgrammeVersion.objects.exists() and not Booking.objects.exists()
    assert plan.meetings["summit"].status == MeetingStatus.REQUESTED


def test_meetings_published_by_override_are_marked_and_the_override_audited(
    plan, django_capture_on_commit_callbacks
):
    run = solve(plan, django_capture_on_commit_callbacks)
    actions.programme_publish(actor=plan.talks.actor("protocol"), run=run)
    marked = dict(plan.process.meetings.values_list("title", "by_override"))
    assert marked == {
        "Border working group": False,  # expert level: no gate
        "Senior bilateral": True,
        "Leaders' meeting": True,
        "Northland caucus": False,  # a party's own meeting: no gate
        "Southland caucus": False,
    }
    assert list(
        AuditEvent.objects.filter(action="readiness.override.publish").values_list(
            "actor", "detail"
        )
    ) == [
        (
            "protocol",
            {
                "level": "leader",
                "meetings": [plan.meetings["summit"].pk],
                "parties": ["north", "south"],
            },
        ),
        (
            "protocol",
            {
                "level": "senior",
                "meetings": [plan.meetings["bilateral"].pk],
                "parties": ["north", "south"],
            },
        ),
    ]


def test_a_realistic_level_needs_no_override(plan, django_capture_on_commit_callbacks):
    talks = plan.talks
    today = timezone.localdate(timezone=plan.process.venue.tzinfo)
    for head in ("north_head", "south_head"):
        ceasefire_declare(
            actor=talks.actor(head), process=plan.process, status="holding", holding_since=today
        )
        intent_set(actor=talks.actor(head), process=plan.process, level="senior", confirmed=True)
    # The fixture's key item has no track: the parties agree that senior officials need none.
    setting = gate_propose(
        actor=talks.actor("north_head"),
        process=plan.process,
        level="senior",
        gate="preparation",
        required=False,
    )
    gate_accept(actor=talks.actor("south_head"), setting=setting)
    _withdraw_override(plan, "senior")
    run = solve(plan, django_capture_on_commit_callbacks)
    actions.programme_publish(actor=talks.actor("protocol"), run=run)
    bilateral = plan.meetings["bilateral"]
    bilateral.refresh_from_db()
    assert (bilateral.status, bilateral.by_override) == (MeetingStatus.SCHEDULED, False)


# What became of a published meeting


def test_a_planner_marks_published_meetings_cancelled_or_postponed_and_it_is_audited(
    plan, published
):
    cancelled = actions.meeting_outcome_set(
        actor=plan.talks.actor("coordinator"), meeting=plan.meetings["caucus_n"], status="cancelled"
    )
    postponed = actions.meeting_outcome_set(
        actor=plan.talks.actor("protocol"), meeting=plan.meetings["summit"], status="postponed"
    )
    assert (cancelled.status, postponed.status) == ("cancelled", "postponed")
    assert list(
        AuditEvent.objects.filter(action="meeting.outcome").values_list("actor", "detail")
    ) == [
        ("coordinator", {"from": "scheduled", "to": "cancelled", "version": 1}),
        ("protocol", {"from": "scheduled", "to": "postponed", "version": 1}),
    ]


def test_a_meeting_is_marked_held_only_once_it_has_begun(plan, published):
    with pytest.raises(Conflict, match="once it has begun"):
        actions.meeting_outcome_set(
            actor=plan.talks.actor("protocol"), meeting=plan.meetings["group"], status="held"
        )
    assert plan.process.meetings.get(pk=plan.meetings["group"].pk).status == "scheduled"


@pytest.mark.parametrize("status", ["requested", "scheduled", "adjourned", ""])
def test_a_meeting_is_marked_only_held_cancelled_or_postponed(plan, published, status):
    with pytest.raises(Conflict):
        actions.meeting_outcome_set(
            actor=plan.talks.actor("protocol"), meeting=plan.meetings["summit"], status=status
        )


def test_only_a_meeting_of_the_published_programme_is_marked(plan):
    with pytest.raises(Conflict, match="published programme"):
        actions.meeting_outcome_set(
            actor=plan.talks.actor("protocol"), meeting=plan.meetings["summit"], status="cancelled"
        )
    assert not AuditEvent.objects.filter(action="meeting.outcome").exists()


@pytest.mark.parametrize("role", ["services", "north_head", "south_staff"])
def test_only_planners_mark_what_became_of_a_meeting(plan, published, role):
    with pytest.raises(NotFound) as refused:
        actions.meeting_outcome_set(
            actor=plan.talks.actor(role), meeting=plan.meetings["summit"], status="cancelled"
        )
    assert refused.value.denial.action == "meeting.outcome"


def test_a_postponed_meeting_is_planned_afresh_and_scheduled_again(
    plan, published, django_capture_on_commit_callbacks
):
    summit = plan.meetings["summit"]
    actions.meeting_outcome_set(
        actor=plan.talks.actor("protocol"), meeting=summit, status="postponed"
    )
    run = solve(plan, django_capture_on_commit_callbacks)
    assert meeting_id(summit.pk) in {m["id"] for m in run.instance["meetings"]}
    assert meeting_id(summit.pk) not in run.instance["previous"]  # its old time binds nothing
    actions.programme_publish(actor=plan.talks.actor("protocol"), run=run)
    summit.refresh_from_db()
    assert summit.status == MeetingStatus.SCHEDULED


def test_a_held_meeting_keeps_its_place_and_its_room_in_the_next_version(
    plan, django_capture_on_commit_callbacks
):
    """Held yesterday, and planned again from yesterday: it stays, and nothing takes its room."""
    tz = plan.process.venue.tzinfo
    yesterday = timezone.localdate(timezone=tz) - dt.timedelta(days=1)
    room = open_room(plan.rooms["working"], [yesterday])
    group = plan.meetings["group"]
    instance = export_instance(plan.process, since=yesterday)
    solution = {
        "instance": instance["name"],
        "assignments": [
            {"meeting": m["id"], "room": m["pinned"]["room"], "start": m["pinned"]["start"]}
            for m in instance["meetings"]
            if m["pinned"]
        ]
        + [{"meeting": meeting_id(group.pk), "room": room_id(room.pk), "start": 0}],
    }
    protocol = plan.talks.actor("protocol")
    run = actions.solution_import(
        actor=protocol, process=plan.process, solution=solution, since=yesterday
    )
    first = actions.programme_publish(actor=protocol, run=run)
    actions.meeting_outcome_set(actor=protocol, meeting=group, status="held")
    held_entry = first.entries.get(meeting=group)
    # Another working group that could only go in the same room at the same time.
    second_group = meeting(
        process=plan.process,
        title="Second working group",
        kind="working_group",
        size=10,
        duration_minutes=60,
        priority=9,
        parties=[plan.talks.north, plan.talks.south],
    )
    actions.window_set(
        actor=protocol,
        meeting=second_group,
        not_before=None,
        not_after=dt.datetime.combine(yesterday, dt.time(10, 30), tzinfo=tz),
    )

    run = solve(plan, django_capture_on_commit_callbacks, since=yesterday)
    assert meeting_id(group.pk) not in {m["id"] for m in run.instance["meetings"]}
    second = actions.programme_publish(actor=protocol, run=run)
    kept = second.entries.get(meeting=group)
    assert (kept.room_id, kept.starts_at, kept.booking_id) == (
        held_entry.room_id,
        held_entry.starts_at,
        held_entry.booking_id,
    )
    assert not second.changes.filter(meeting=group).exists()
    assert not second.entries.filter(meeting=second_group).exists()
    assert [w["code"] for w in run.warnings if w["meeting"] == meeting_id(second_group.pk)] == [
        "crowded_out"
    ]
