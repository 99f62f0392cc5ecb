"""Heartbeats of task workers, and the tasks of a worker that went silent."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from parley.core import workers
from parley.core.models import AuditEvent, TaskWorker
from parley.scheduling.models import RunStatus, SolveRun
from parley.scheduling.tasks import solve_run

from ..factories import SolveRunFactory


@pytest.fixture
def database_tasks(settings):
    """Queue tasks in the database, as production does, instead of running them at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _seen(worker_id: str, seconds_ago: float) -> TaskWorker:
    seen = timezone.now() - dt.timedelta(seconds=seconds_ago)
    return TaskWorker.objects.create(
        worker_id=worker_id, host="worker-1", pid=4242, started_at=seen, seen_at=seen
    )


def _claimed_solve(worker_id: str, status: str = RunStatus.RUNNING) -> tuple[SolveRun, str]:
    run = SolveRunFactory(status=status)
    task = DBTaskResult.objects.get(id=solve_run.enqueue(run.pk).id)
    task.claim(worker_id)
    return run, str(task.id)


def test_a_beat_registers_the_worker_and_a_later_beat_moves_its_time(db):
    started = timezone.now()
    workers.beat(worker_id="w1", started_at=started)
    first = TaskWorker.objects.get().seen_at
    workers.beat(worker_id="w1", started_at=started)
    worker = TaskWorker.objects.get()
    assert worker.seen_at >= first
    assert worker.started_at == started
    assert workers.worker_alive()


def test_a_worker_silent_longer_than_the_limit_is_not_alive(db, settings):
    _seen("w1", seconds_ago=settings.PARLEY_WORKER_LOST_AFTER + 1)
    assert not workers.worker_alive()
    assert workers.last_heartbeat() == TaskWorker.objects.get().seen_at


def test_a_silent_workers_solve_ends_failed_and_the_worker_is_forgotten(
    db, settings, database_tasks
):
    _seen("dead", seconds_ago=settings.PARLEY_WORKER_LOST_AFTER + 1)
    run, task_id = _claimed_solve("dead")
    assert workers.release_lost_tasks() == [task_id]
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.message.startswith("The task worker stopped before this solve ended")
    assert DBTaskResult.objects.get(id=task_id).status == TaskResultStatus.FAILED
    assert list(AuditEvent.objects.values_list("action", "object_id")) == [
        ("schedule.solve.fail", str(run.pk))
    ]
    assert not TaskWorker.objects.exists()


def test_a_live_workers_solve_is_left_running(db, settings, database_tasks):
    _seen("dead", seconds_ago=settings.PARLEY_WORKER_LOST_AFTER + 1)
    _seen("alive", seconds_ago=0)
    run, task_id = _claimed_solve("alive")
    assert workers.release_lost_tasks() == []
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert DBTaskResult.objects.get(id=task_id).status == TaskResultStatus.RUNNING
    assert list(TaskWorker.objects.values_list("worker_id", flat=True)) == ["alive"]


def test_a_solve_that_finished_stays_as_it_ended_when_its_task_is_released(
    db, settings, database_tasks
):
    _seen("dead", seconds_ago=settings.PARLEY_WORKER_LOST_AFTER + 1)
    run, task_id = _claimed_solve("dead", status=RunStatus.DONE)
    assert workers.release_lost_tasks() == [task_id]
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert not AuditEvent.objects.exists()
