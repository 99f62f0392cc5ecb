"""Solves in real task-worker processes (`parley worker`), as production runs them.

Several workers take tasks from one database, each task exactly once; a worker killed with
SIGKILL in the middle of a solve leaves no solve "running" and no partial programme behind.
"""

import json
import os
import signal

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from parley.core import audit
from parley.core.models import AuditEvent, TaskWorker
from parley.scheduling import actions
from parley.scheduling.models import ProgrammeEntry, ProgrammeVersion, RunStatus, SolveRun
from parley.scheduling.tasks import solve_run
from parley.venues.models import Booking

from ..processes import start_worker, stop, wait_until
from .data import path_of

MINISTERIAL = path_of("ministerial-1")


@pytest.fixture
def database_tasks(settings):
    """Queue solves in the database, for worker processes to take, as production does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _finished(runs: list[SolveRun]) -> bool:
    return SolveRun.objects.filter(pk__in=[r.pk for r in runs], status=RunStatus.DONE).count() == (
        len(runs)
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_three_workers_run_ten_queued_solves_each_exactly_once(plan, database_tasks, tmp_path):
    coordinator = plan.talks.actor("coordinator")
    runs = [
        actions.solve_start(actor=coordinator, process=plan.process, time_limit=2)
        for _ in range(10)
    ]
    workers = [start_worker(tmp_path / f"worker-{n}.log") for n in range(3)]
    try:
        wait_until(lambda: _finished(runs), what="ten solves on three workers", within=180)
    finally:
        for worker in workers:
            stop(worker)
    tasks = DBTaskResult.objects.filter(id__in=[r.task_id for r in SolveRun.objects.all()])
    assert sorted(t.status for t in tasks) == [TaskResultStatus.SUCCESSFUL] * 10
    assert [len(t.worker_ids) for t in tasks] == [1] * 10  # each task claimed once, by one worker
    done = AuditEvent.objects.filter(action="schedule.solve.done")
    assert sorted(done.values_list("object_id", flat=True)) == sorted(str(r.pk) for r in runs)
    assert audit.verify().intact


def _programme(version: ProgrammeVersion) -> list[tuple]:
    return sorted(
        ProgrammeEntry.objects.filter(version=version).values_list(
            "meeting_id", "room_id", "starts_at", "booking_id", "booking__status"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_solve_leaves_the_solve_failed_and_the_programme_intact(
    plan, published, database_tasks, tmp_path
):
    instance = json.loads(MINISTERIAL.read_text())
    run = SolveRun.objects.create(
        process=plan.process,
        based_on=published,
        time_limit=120,
        instance=instance,
        total=sum(m["priority"] for m in instance["meetings"]),
    )
    SolveRun.objects.filter(pk=run.pk).update(task_id=solve_run.enqueue(run.pk).id)
    programme_before = _programme(published)
    bookings_before = sorted(Booking.objects.values_list("pk", "status"))

    doomed = start_worker(tmp_path / "doomed.log")
    try:
        wait_until(
            lambda: SolveRun.objects.filter(
                pk=run.pk, status=RunStatus.RUNNING, elapsed__gt=1
            ).exists(),
            what="the solve to be running",
        )
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
    finally:
        stop(doomed)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING  # nobody can know yet

    # The next worker to start finds the dead one's heartbeat gone silent and fails its solve.
    successor = start_worker(tmp_path / "successor.log")
    try:
        wait_until(
            lambda: SolveRun.objects.filter(pk=run.pk, status=RunStatus.FAILED).exists(),
            what="the killed worker's solve to be failed",
        )
    finally:
        stop(successor)
    run.refresh_from_db()
    assert run.solution is None  # no partial programme
    assert run.message.startswith("The task worker stopped before this solve ended")
    task = DBTaskResult.objects.get(id=run.task_id)  # the task its worker had claimed
    assert (task.status, task.exception_class_path) == (
        TaskResultStatus.FAILED,
        "parley.core.workers.WorkerLost",
    )
    assert list(ProgrammeVersion.objects.values_list("number", flat=True)) == [1]
    assert _programme(published) == programme_before
    assert sorted(Booking.objects.values_list("pk", "status")) == bookings_before
    assert TaskWorker.objects.filter(pid=doomed.pid).count() == 0  # the dead worker forgotten
    call_command("audit", "verify")  # exits 1, failing the test, on a broken chain
