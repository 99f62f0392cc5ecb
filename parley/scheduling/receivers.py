"""A solve whose task failed outside the solver — its worker killed, the database away at the
end — must not stay "queued" or "running" for ever: it ends as failed, with its audit event."""

from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from parley.core import audit

from .models import RunStatus, SolveRun

SOLVE_TASK = "parley.scheduling.tasks.solve_run"


@receiver(task_finished, dispatch_uid="parley.scheduling.solve_task_failed")
def solve_task_failed(sender: Any, task_result: Any, **kwargs: Any) -> None:
    if task_result.status != TaskResultStatus.FAILED or task_result.task.module_path != SOLVE_TASK:
        return
    (run_pk,) = task_result.args
    error = task_result.errors[-1].exception_class_path if task_result.errors else "unknown"
    with transaction.atomic():
        run = SolveRun.objects.select_for_update().filter(pk=run_pk).first()
        if run is None or run.finished:
            return
        run.status = RunStatus.FAILED
        run.message = (
            "The task worker stopped before this solve ended (it was killed or lost its "
            "database connection): solve again."
        )
        run.save(update_fields=["status", "message"])
        audit.record(
            actor=None,
            action="schedule.solve.fail",
            target=run,
            process_id=run.process_id,
            detail={"error": error, "task": str(task_result.id)},
        )
