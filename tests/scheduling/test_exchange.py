"""The instance of a process in the exchange format, and solutions read back against it."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from parley.core.models import AuditEvent
from parley.demo.scenario import load_demo
from parley.scheduling import actions
from parley.scheduling.engine import solver
from parley.scheduling.engine.instance import parse_instance
from parley.scheduling.exchange import build_instance, export_instance, meeting_id, room_id
from parley.scheduling.models import InterpreterPool, MeetingWindow, ProgrammeVersion, SolveRun
from parley.scheduling.reasons import reason_text
from parley.talks.models import Process

from ..factories import BookingFactory, MemberUnavailabilityFactory, RoomAvailabilityFactory
from .conftest import solve, validate


def _by_id(rows: list[dict]) -> dict[str, dict]:
    return {row["id"]: row for row in rows}


def test_export_of_a_process_parses_as_an_instance(plan):
    instance = export_instance(plan.process)
    parsed = parse_instance(instance)
    assert instance["format"] == "parley.schedule-instance/1"
    assert len(parsed.meetings) == 5
    assert [d["date"] for d in instance["days"]] == [d.isoformat() for d in plan.days]
    assert instance["days"][0] == {"date": plan.days[0].isoformat(), "start": "09:00", "slots": 16}


def test_export_maps_kinds_precedence_interpreters_and_separation(plan):
    instance = export_instance(plan.process)
    meetings = _by_id(instance["meetings"])
    summit = meetings[meeting_id(plan.meetings["summit"].pk)]
    assert summit["room_kinds"] == ["hall"]
    assert summit["after"] == [{"meeting": meeting_id(plan.meetings["bilateral"].pk), "gap": 4}]
    assert summit["duration"] == 8 and summit["priority"] == 5
    caucus = meetings[meeting_id(plan.meetings["caucus_n"].pk)]
    assert caucus["room_kinds"] == ["office-north", "working"]
    assert meetings[meeting_id(plan.meetings["group"].pk)]["interpretation"] == ["ru-uk"]
    assert instance["interpreters"] == [{"pair": "ru-uk", "count": 1}]
    parties = _by_id(instance["parties"])
    assert parties["north"]["apart_from"] == ["south"]
    assert parties["south"]["apart_from"] == ["north"]


def test_export_blocks_a_room_outside_its_windows(plan):
    office = plan.rooms["office"]
    office.availability.filter(starts_at__date=plan.days[1]).delete()
    RoomAvailabilityFactory(room=office, starts_at=plan.at(1, 11), ends_at=plan.at(1, 13))
    instance = export_instance(plan.process)
    closures = [m for m in instance["meetings"] if m["pinned"] and not m["parties"]]
    assert [(c["pinned"], c["duration"]) for c in closures] == [
        ({"start": 16, "room": room_id(office.pk)}, 8)  # day 2, 09:00-11:00
    ]
    parse_instance(instance)


def test_export_keeps_an_existing_booking_free(plan):
    hall = plan.rooms["hall"]
    BookingFactory(
        process=plan.process, room=hall, starts_at=plan.at(0, 10), ends_at=plan.at(0, 11),
        blocked_until=plan.at(0, 11, 15),
    )  # fmt: skip
    instance = export_instance(plan.process)
    closures = [m for m in instance["meetings"] if m["pinned"] and not m["parties"]]
    assert [(c["pinned"]["start"], c["duration"]) for c in closures] == [(4, 4)]


def test_export_turns_absences_into_unavailable_slots(plan):
    leader = plan.meetings["summit"].participants.get(name="North leader")
    MemberUnavailabilityFactory(member=leader, starts_at=plan.at(0, 8), ends_at=plan.at(0, 10, 10))
    people = _by_id(export_instance(plan.process)["participants"])
    assert people[f"member-{leader.pk}"]["unavailable"] == [[0, 5]]


def test_export_leaves_out_a_meeting_whose_preparation_was_cancelled(plan):
    plan.meetings["group"].status = "cancelled"
    plan.meetings["group"].save()
    built = build_instance(plan.process)
    ids = {m["id"] for m in built.instance["meetings"]}
    assert meeting_id(plan.meetings["bilateral"].pk) not in ids
    assert meeting_id(plan.meetings["summit"].pk) not in ids
    assert [(w["title"], reason_text(w)) for w in built.excluded] == [
        ("Senior bilateral", "its preparation Border working group was cancelled"),
        ("Leaders' meeting", "its preparation Senior bilateral cannot be planned"),
    ]


def test_export_command_writes_the_instance(plan, tmp_path, capsys):
    out = tmp_path / "instance.json"
    call_command("schedule", "export", "--process", str(plan.process.pk), "--out", str(out))
    assert json.loads(out.read_text()) == export_instance(plan.process)


def _solve(instance: dict) -> dict:
    return solver.solve(instance, time_limit=2).to_dict()


def test_round_trip_of_the_demo_export_solve_import_publish(db, tmp_path, capsys):
    load_demo()
    process = Process.objects.get(title="Talks at a neutral venue")
    coordinator = _actor("coordinator")
    # From today, as the import reads it: the demo's expert round took place yesterday.
    instance = export_instance(process, since=timezone.localdate(timezone=process.venue.tzinfo))
    solution = _solve(instance)
    validate(instance, solution)
    path = tmp_path / "solution.json"
    path.write_text(json.dumps(solution))
    call_command("schedule", "import", "--process", str(process.pk), str(path))
    run = SolveRun.objects.filter(process=process).latest("pk")
    assert run.status == "done" and run.score == sum(
        m["priority"] for m in instance["meetings"] if m["id"] in
        {a["meeting"] for a in solution["assignments"]}
    )  # fmt: skip
    version = actions.programme_publish(actor=coordinator, run=run)
    assert version.number == 2
    expert_round = 4  # version 1's meetings, held yesterday, carried over as they stand
    assert version.entries.count() == expert_round + sum(
        1 for a in solution["assignments"] if a["meeting"].startswith("meeting-")
    )
    assert AuditEvent.objects.filter(action="schedule.import", actor="system").exists()


def _actor(username: str):
    from django.contrib.auth.models import User

    from parley.core.actors import Actor

    return Actor.for_user(User.objects.get(username=username))


def _import(process, path) -> tuple[int, str]:
    """The exit status and the one line `parley schedule import` would print on stderr."""
    try:
        call_command("schedule", "import", "--process", str(process.pk), str(path))
    except CommandError as error:
        assert "\n" not in str(error)
        return error.returncode, f"{error}\n"
    return 0, ""


def test_import_of_a_solution_for_another_instance_exits_2_naming_the_field(plan, tmp_path):
    instance = export_instance(plan.process)
    solution = _solve(instance)
    solution["instance"] = "process-0-000000000000"
    path = tmp_path / "solution.json"
    path.write_text(json.dumps(solution))
    status, err = _import(plan.process, path)
    assert status == 2
    assert err.startswith("instance: ") and err.count("\n") == 1
    assert not SolveRun.objects.exists()


def test_import_of_a_solution_breaking_a_rule_exits_2_and_writes_nothing(plan, tmp_path):
    instance = export_instance(plan.process)
    summit = meeting_id(plan.meetings["summit"].pk)
    bad = {
        "format": "parley.schedule-solution/1",
        "instance": instance["name"],
        "assignments": [{"meeting": summit, "start": 0, "room": room_id(plan.rooms["hall"].pk)}],
    }
    path = tmp_path / "solution.json"
    path.write_text(json.dumps(bad))
    events = AuditEvent.objects.count()
    status, err = _import(plan.process, path)
    assert status == 2
    assert err.startswith("assignments[0]") and err.count("\n") == 1
    assert not SolveRun.objects.exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("content", "field"),
    [("not json", "solution: "), ('{"assignments": 3}', "assignments: ")],
)
def test_import_of_a_malformed_file_exits_2(plan, tmp_path, content, field):
    path = tmp_path / "solution.json"
    path.write_text(content)
    status, err = _import(plan.process, path)
    assert (status, err[: len(field)]) == (2, field)


def test_import_of_an_unknown_process_exits_2(db, tmp_path):
    path = tmp_path / "solution.json"
    path.write_text("{}")
    status, err = _import(Process(pk=987654), path)
    assert (status, err) == (2, "--process: there is no process 987654\n")


def test_import_reads_a_valid_solution_as_a_draft_with_warnings(plan):
    plan.meetings["summit"].size = 100  # no room holds it
    plan.meetings["summit"].save()
    instance = export_instance(plan.process)
    solution = _solve(instance)
    validate(instance, solution)
    run = actions.solution_import(actor=None, process=plan.process, solution=solution)
    assert run.source == "import" and run.status == "done"
    assert run.warnings == [
        {
            "meeting": meeting_id(plan.meetings["summit"].pk),
            "title": "Leaders' meeting",
            "code": "no_room_big_enough",
            "params": {"size": 100, "largest": 40},
        }
    ]
    assert reason_text(run.warnings[0]) == "no suitable room holds 100 (largest: 40)"
    assert not ProgrammeVersion.objects.exists()


def test_since_leaves_out_earlier_days(plan):
    instance = export_instance(plan.process, since=plan.days[1])
    assert [d["date"] for d in instance["days"]] == [plan.days[1].isoformat()]
    assert dt.date.fromisoformat(instance["days"][0]["date"]) == plan.days[1]


def test_warnings_name_missing_interpreters_and_room_kinds(plan):
    InterpreterPool.objects.filter(process=plan.process).update(count=0)
    plan.rooms["hall"].availability.all().delete()
    instance = export_instance(plan.process)
    solution = _solve(instance)
    validate(instance, solution)
    run = actions.solution_import(actor=None, process=plan.process, solution=solution)
    reasons = {w["title"]: reason_text(w) for w in run.warnings}
    assert reasons == {
        "Border working group": "no interpreters for ru-uk",
        "Senior bilateral": "no interpreters for ru-uk",
        "Leaders' meeting": "no room of a suitable kind",
    }


def test_export_maps_a_time_window_to_the_slots_wholly_inside_it(plan):
    caucus = plan.meetings["caucus_s"]
    MeetingWindow.objects.create(
        meeting=caucus, not_before=plan.at(0, 10, 10), not_after=plan.at(1, 10)
    )
    row = _by_id(export_instance(plan.process)["meetings"])[meeting_id(caucus.pk)]
    assert row["window"] == [5, 20]  # from 10:15 on day 1 to the slot ending 10:00 on day 2
    parse_instance(export_instance(plan.process))


def test_a_meeting_is_placed_inside_its_time_window(plan, django_capture_on_commit_callbacks):
    caucus = plan.meetings["caucus_n"]
    MeetingWindow.objects.create(
        meeting=caucus, not_before=plan.at(1, 11), not_after=plan.at(1, 12)
    )
    run = solve(plan, django_capture_on_commit_callbacks)
    [start] = [
        a["start"] for a in run.solution["assignments"] if a["meeting"] == meeting_id(caucus.pk)
    ]
    assert start == 24  # day 2, 11:00: the only hour the window leaves


def test_a_time_window_with_no_open_time_leaves_the_meeting_out(plan):
    caucus = plan.meetings["caucus_n"]
    MeetingWindow.objects.create(meeting=caucus, not_after=plan.at(0, 9))
    built = build_instance(plan.process)
    assert meeting_id(caucus.pk) not in {m["id"] for m in built.instance["meetings"]}
    assert built.excluded == [
        {
            "meeting": meeting_id(caucus.pk),
            "title": "Northland caucus",
            "code": "window_without_open_time",
            "params": {},
        }
    ]
    assert reason_text(built.excluded[0]) == "its time window holds no open time of the venue"


def test_a_time_window_too_short_for_the_meeting_leaves_it_out(plan):
    # Set behind the planning action's back, as if the meeting had grown since.
    summit = plan.meetings["summit"]
    MeetingWindow.objects.create(meeting=summit, not_before=plan.at(1, 9), not_after=plan.at(1, 10))
    built = build_instance(plan.process)
    assert [(w["title"], reason_text(w)) for w in built.excluded] == [
        ("Leaders' meeting", "its time window is shorter than the meeting")
    ]


def test_a_window_of_a_meeting_already_held_raises_no_warning_when_re_planning(
    plan, django_capture_on_commit_callbacks
):
    caucus = plan.meetings["caucus_n"]
    actions.pin_set(
        actor=plan.talks.actor("coordinator"),
        meeting=caucus,
        room=plan.rooms["office"],
        starts_at=plan.at(0, 9),
    )
    run = solve(plan, django_capture_on_commit_callbacks)
    actions.programme_publish(actor=plan.talks.actor("coordinator"), run=run)
    MeetingWindow.objects.create(meeting=caucus, not_after=plan.at(0, 11))
    built = build_instance(plan.process, since=plan.days[1])
    assert built.excluded == []
    assert meeting_id(caucus.pk) not in {m["id"] for m in built.instance["meetings"]}
