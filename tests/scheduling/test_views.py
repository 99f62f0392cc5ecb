"""The programme pages: parties read it, planners solve, watch progress, review and publish."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from parley.core.models import TaskWorker
from parley.scheduling import api, views
from parley.scheduling.models import (
    InterpreterPool,
    MeetingPin,
    MeetingWindow,
    MemberUnavailability,
    ProgrammeVersion,
    RunStatus,
    Separation,
    SolveRun,
)

from ..conftest import sign_in
from ..factories import MeetingFactory, ProcessFactory, SolveRunFactory
from .conftest import solve


def test_a_party_sees_every_published_meeting_with_its_logistics(client, plan, published):
    sign_in(client, plan.talks.users["south_staff"])
    response = client.get(reverse("scheduling:programme", args=[plan.process.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for title in ["Border working group", "Northland caucus", "Southland caucus"]:
        assert title in page
    assert "North leader" in page  # participants of the other party too: the programme is logistics
    assert "Plan the next version" not in page
    south = plan.process.delegations.get(party=plan.talks.south)
    north = plan.process.delegations.get(party=plan.talks.north)
    assert reverse("scheduling:delegation-calendar", args=[plan.process.pk, south.pk]) in page
    assert reverse("scheduling:delegation-calendar", args=[plan.process.pk, north.pk]) not in page


def test_planner_solves_watches_progress_and_publishes(
    client, plan, django_capture_on_commit_callbacks
):
    sign_in(client, plan.talks.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("scheduling:solve", args=[plan.process.pk]), {"time_limit": "1"}
        )
    run = SolveRun.objects.get()
    assert response["Location"] == reverse("scheduling:run", args=[plan.process.pk, run.pk])
    progress = client.get(
        reverse("scheduling:run-progress", args=[plan.process.pk, run.pk]), HTTP_HX_REQUEST="true"
    )
    assert b"<progress" in progress.content and progress["HX-Refresh"] == "true"
    review = client.get(response["Location"]).content.decode()
    assert "0 meetings could not be placed" in review and "Publish as version 1" in review
    published = client.post(reverse("scheduling:publish", args=[plan.process.pk, run.pk]))
    assert published["Location"] == reverse("scheduling:programme", args=[plan.process.pk])
    assert ProgrammeVersion.objects.get().entries.count() == 5


def test_running_draft_polls_its_progress(client, plan):
    run = SolveRun.objects.create(
        process=plan.process,
        status="running",
        time_limit=10,
        elapsed=2.5,
        score=4,
        total=11,
        bound=11,
    )
    sign_in(client, plan.talks.users["protocol"])
    page = client.get(reverse("scheduling:run", args=[plan.process.pk, run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="25"' in page and "score 4/11" in page and "gap 64%" in page


def test_planner_stops_a_running_solve_from_its_page(client, plan):
    run = SolveRun.objects.create(process=plan.process, status="running", time_limit=60)
    page_url = reverse("scheduling:run", args=[plan.process.pk, run.pk])
    sign_in(client, plan.talks.users["protocol"])
    assert "Stop and keep the best so far" in client.get(page_url).content.decode()
    response = client.post(reverse("scheduling:run-stop", args=[plan.process.pk, run.pk]))
    assert response["Location"] == page_url
    run.refresh_from_db()
    assert run.stop_requested_at is not None
    page = client.get(page_url).content.decode()
    assert "Stopping: the draft keeps the best programme found so far." in page
    assert "Stopping…</button>" in page


def test_stopping_a_finished_solve_says_it_has_finished(
    client, plan, django_capture_on_commit_callbacks
):
    run = solve(plan, django_capture_on_commit_callbacks)
    sign_in(client, plan.talks.users["coordinator"])
    response = client.post(
        reverse("scheduling:run-stop", args=[plan.process.pk, run.pk]), follow=True
    )
    page = response.content.decode()
    assert "This solve has already finished." in page
    assert "Stop and keep the best so far" not in page


def test_review_lists_what_could_not_be_placed_and_why(
    client, plan, django_capture_on_commit_callbacks
):
    plan.meetings["group"].participants.first().unavailability.create(
        starts_at=plan.at(0, 8), ends_at=plan.at(1, 14)
    )
    sign_in(client, plan.talks.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("scheduling:solve", args=[plan.process.pk]), {"time_limit": "1"})
    run = SolveRun.objects.get()
    page = client.get(reverse("scheduling:run", args=[plan.process.pk, run.pk])).content.decode()
    assert "3 meetings could not be placed" in page
    assert "its participants are never all available for that long" in page
    assert "its preparation is not scheduled: Border working group" in page
    assert "its preparation is not scheduled: Senior bilateral" in page


def test_solve_with_a_bad_time_limit_says_so(client, plan):
    sign_in(client, plan.talks.users["coordinator"])
    response = client.post(
        reverse("scheduling:solve", args=[plan.process.pk]), {"time_limit": "9999"}, follow=True
    )
    assert b"The time limit is between 1 and 600 seconds." in response.content
    assert not SolveRun.objects.exists()


def test_planning_page_saves_interpreters_and_pins(client, plan):
    sign_in(client, plan.talks.users["protocol"])
    url = reverse("scheduling:planning", args=[plan.process.pk])
    client.post(url, {"form": "interpreters", "pair": "en-ru", "count": "3"})
    local = plan.at(1, 10).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        {
            "form": "pin",
            "meeting": plan.meetings["summit"].pk,
            "room": plan.rooms["hall"].pk,
            "starts_at": local,
        },
        follow=True,
    )
    assert b"Saved." in response.content
    assert InterpreterPool.objects.get(pair="en-ru").count == 3
    pin = MeetingPin.objects.get()
    assert pin.starts_at == plan.at(1, 10)


def test_planning_page_sets_and_removes_a_time_window(client, plan):
    sign_in(client, plan.talks.users["protocol"])
    url = reverse("scheduling:planning", args=[plan.process.pk])
    summit = plan.meetings["summit"]
    day = plan.days[1].isoformat()
    client.post(
        url, {"form": "window", "meeting": summit.pk, "not_before": f"{day}T09:00", "not_after": ""}
    )
    window = MeetingWindow.objects.get(meeting=summit)
    assert (window.not_before, window.not_after) == (plan.at(1, 9), None)
    assert f"not before {day} 09:00" in client.get(url).content.decode()
    client.post(url, {"form": "unwindow", "meeting": summit.pk})
    assert not MeetingWindow.objects.exists()


def test_planning_page_reports_a_refused_pin(client, plan):
    sign_in(client, plan.talks.users["coordinator"])
    url = reverse("scheduling:planning", args=[plan.process.pk])
    local = plan.at(0, 12).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        {
            "form": "pin",
            "meeting": plan.meetings["summit"].pk,
            "room": plan.rooms["hall"].pk,
            "starts_at": local,
        },
        follow=True,
    )
    assert b"is not open for the whole meeting" in response.content
    assert not MeetingPin.objects.exists()


def test_older_versions_stay_readable(client, plan, published):
    sign_in(client, plan.talks.users["north_staff"])
    url = reverse("scheduling:programme", args=[plan.process.pk])
    assert client.get(url, {"v": "1"}).status_code == 200
    assert client.get(url, {"v": "2"}).status_code == 404


def test_a_failed_solve_says_why_on_its_page(client, plan):
    run = SolveRun.objects.create(
        process=plan.process, status="failed", time_limit=10, message="the pins clash"
    )
    sign_in(client, plan.talks.users["protocol"])
    page = client.get(reverse("scheduling:run", args=[plan.process.pk, run.pk])).content.decode()
    assert "The solver stopped: the pins clash" in page


def test_planning_page_keeps_two_parties_apart_and_marks_an_absence(client, plan):
    sign_in(client, plan.talks.users["coordinator"])
    url = reverse("scheduling:planning", args=[plan.process.pk])
    Separation.objects.all().delete()
    client.post(
        url,
        {
            "form": "separation",
            "party": plan.talks.north.pk,
            "other": plan.talks.south.pk,
            "apart": "1",
        },
    )
    assert Separation.objects.filter(process=plan.process).count() == 1
    leader = plan.meetings["summit"].participants.get(name="North leader")
    starts, ends = plan.at(0, 9), plan.at(0, 11)
    response = client.post(
        url,
        {
            "form": "absence",
            "member": leader.pk,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": ends.strftime("%Y-%m-%dT%H:%M"),
            "reason": "flight",
        },
        follow=True,
    )
    assert b"Saved." in response.content
    absence = MemberUnavailability.objects.get()
    assert (absence.starts_at, absence.ends_at, absence.reason) == (starts, ends, "flight")


@pytest.mark.parametrize(
    "sent",
    [
        {"form": "pin", "room": "hall", "starts_at": "not a time"},
        {"form": "pin", "room": "hall", "starts_at": "", "meeting": "elsewhere"},
        {"form": "unknown"},
        {"form": "interpreters", "pair": "en-ru", "count": "-1"},
    ],
)
def test_planning_page_answers_a_bad_form_in_words_and_writes_nothing(client, plan, sent):
    sign_in(client, plan.talks.users["protocol"])
    url = reverse("scheduling:planning", args=[plan.process.pk])
    elsewhere = MeetingFactory(process=ProcessFactory(venue=plan.process.venue))
    data = {
        "meeting": plan.meetings["summit"].pk,
        **sent,
        "room": plan.rooms["hall"].pk,
    }
    if data["meeting"] == "elsewhere":
        data["meeting"] = elsewhere.pk
        data["starts_at"] = plan.at(1, 10).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert b"Check the form." in response.content
    assert not MeetingPin.objects.exists()
    assert not InterpreterPool.objects.filter(pair="en-ru").exists()


@pytest.mark.parametrize("module", [views, api])
def test_pages_and_the_api_read_through_queries_never_the_orm(module):
    tree = ast.parse(Path(module.__file__).read_text())
    managers = [
        node.value.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "objects"
        and isinstance(node.value, ast.Name)
    ]
    assert managers == []


def _queued(plan) -> SolveRun:
    return SolveRunFactory(process=plan.process, status=RunStatus.QUEUED, solution=None)


def test_a_queued_solve_says_when_no_task_worker_is_running(client, plan):
    run = _queued(plan)
    sign_in(client, plan.talks.users["protocol"])
    page = client.get(reverse("scheduling:run-progress", args=[plan.process.pk, run.pk]))
    assert (
        "No task worker is running: start one with <code>parley worker</code>."
        in page.content.decode()
    )


def test_a_queued_solve_says_nothing_of_workers_while_one_is_alive(client, plan):
    now = timezone.now()
    TaskWorker.objects.create(worker_id="w", host="h", pid=1, started_at=now, seen_at=now)
    run = _queued(plan)
    sign_in(client, plan.talks.users["protocol"])
    page = client.get(reverse("scheduling:run", args=[plan.process.pk, run.pk])).content.decode()
    assert "No task worker is running" not in page
    assert "in the queue" not in page  # next to start, with nothing running: no queue to speak of


def test_a_queued_solve_shows_its_place_while_another_runs(client, plan):
    SolveRunFactory(status=RunStatus.RUNNING, solution=None)  # another process's solve
    _queued(plan)
    run = _queued(plan)
    sign_in(client, plan.talks.users["protocol"])
    page = client.get(reverse("scheduling:run", args=[plan.process.pk, run.pk])).content.decode()
    assert "Place 2 in the queue: 1 solve is running." in page


def test_a_running_solve_shows_no_place_in_the_queue(client, plan):
    run = SolveRunFactory(process=plan.process, status=RunStatus.RUNNING, solution=None)
    _queued(plan)
    sign_in(client, plan.talks.users["protocol"])
    page = client.get(reverse("scheduling:run", args=[plan.process.pk, run.pk])).content.decode()
    assert "in the queue" not in page
    assert "No task worker is running" not in page
