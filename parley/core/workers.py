"""Task workers' heartbeats, and what happens to the tasks of a worker that died.

django-tasks-db hands each queued task to exactly one worker (`SELECT … FOR UPDATE SKIP
LOCKED`) but keeps no sign of life: a worker killed mid-task leaves its task "running" for
ever. So every `parley worker` writes a heartbeat (`TaskWorker`), and every live worker
ends, as failed, the running tasks of a worker whose heartbeat has gone silent. Failing them
sends django-tasks' own `task_finished` signal, on which each app closes what the task left
open (scheduling marks its solve run failed).
"""

import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import TaskWorker

logger = logging.getLogger("parley.workers")


class WorkerLost(Exception):
    """Recorded as the failure of a task whose worker stopped sending heartbeats."""


def lost_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.PARLEY_WORKER_LOST_AFTER)


def beat(*, worker_id: str, started_at: dt.datetime) -> None:
    TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def last_heartbeat() -> dt.datetime | None:
    """When the most recently heard worker last wrote its heartbeat; None if none runs."""
    latest = TaskWorker.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return latest


def worker_alive() -> bool:
    return TaskWorker.objects.filter(seen_at__gte=timezone.now() - lost_after()).exists()


def release_lost_tasks() -> list[str]:
    """End as failed every running task whose worker has gone silent; forget that worker.

    Returns the ids of the tasks released. Safe to run from several workers at once: a task
    row another worker is releasing is locked, and skipped.
    """
    cutoff = timezone.now() - lost_after()
    released = []
    with transaction.atomic():
        lost = set(
            TaskWorker.objects.select_for_update(skip_locked=True)
            .filter(seen_at__lt=cutoff)
            .values_list("worker_id", flat=True)
        )
        if not lost:
            return []
        for result in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            worker = result.worker_ids[-1] if result.worker_ids else None
            if worker not in lost:
                continue
            result.set_failed(
                WorkerLost(
                    f"The task worker {worker} stopped sending heartbeats while running this task."
                )
            )
            try:
                task_result = result.task_result
            except (ImportError, SuspiciousOperation):
                pass  # its code is gone: nobody can be waiting on its outcome
            else:
                task_finished.send(sender=DatabaseBackend, task_result=task_result)
            released.append(str(result.id))
        TaskWorker.objects.filter(worker_id__in=lost).delete()
    for task_id in released:
        logger.warning("Task id=%s failed: its worker stopped sending heartbeats", task_id)
    return released


class Heartbeat:
    """Beats for one worker from a thread of its own, so a long task never silences it."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="parley-heartbeat", daemon=True)

    def start(self) -> None:
        """Beat once before the worker takes any task, then keep beating in the background."""
        beat(worker_id=self.worker_id, started_at=self.started_at)
        release_lost_tasks()
        self._thread.start()

    def stop(self) -> None:
        """A clean stop: say goodbye, so nobody waits for this worker's heartbeat to go stale."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        try:
            TaskWorker.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("Could not remove the heartbeat of worker %s", self.worker_id)

    def _run(self) -> None:
        try:
            while not self._stop.wait(settings.PARLEY_WORKER_HEARTBEAT):
                try:
                    beat(worker_id=self.worker_id, started_at=self.started_at)
                    release_lost_tasks()
                except DatabaseError as error:
                    # The database is away (restarting?): try again at the next beat.
                    logger.warning("Heartbeat not written: %s", str(error).strip()[:200])
                    connection.close()
        finally:
            connection.close()
