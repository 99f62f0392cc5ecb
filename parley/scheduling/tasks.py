"""The background solve (django-tasks): runs the pure solver on a run's instance, with progress.

The solver works in a thread of its own; this task's thread writes its progress to the run
twice a second (elapsed, score, bound), which the draft page polls, and passes on the host's
request to stop early. The outcome, a draft or a failure, is written with its audit event in
one transaction.
"""

import re
import threading
import time
from typing import Any

from django.db import transaction
from django_tasks import task

from parley.core import audit
from parley.venues.models import Room

from .engine import solver
from .engine.checker import SolutionError, check_solution, explain_unplaced, score_of
from .exchange import pk_of, room_id
from .models import RunStatus, SolveRun

HEARTBEAT_SECONDS = 0.5


@task()
def solve_run(run_pk: int) -> str:
    """Solve one queued run; returns its final status."""
    claimed = SolveRun.objects.filter(pk=run_pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING
    )
    if not claimed:
        return "skipped"
    run = SolveRun.objects.get(pk=run_pk)
    latest: dict[str, Any] = {}
    outcome: dict[str, Any] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def on_progress(elapsed: float, score: int, bound: int | None) -> None:
        with lock:
            latest.update(score=score, bound=bound)

    def work() -> None:
        try:
            outcome["solution"] = solver.solve(
                run.instance, time_limit=run.time_limit, on_progress=on_progress, stop=stop
            )
        except Exception as error:  # reported on the run, never lost in a worker log
            outcome["error"] = error

    started = time.monotonic()
    if run.stop_requested_at is not None:
        stop.set()  # stopped while queued: the solver returns its warm start at once
    thread = threading.Thread(target=work, name=f"solve-run-{run_pk}", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(HEARTBEAT_SECONDS)
        with lock:
            progress = dict(latest)
        SolveRun.objects.filter(pk=run_pk).update(elapsed=time.monotonic() - started, **progress)
        if not stop.is_set() and _stop_requested(run_pk):
            stop.set()
    return _finish(run, outcome, time.monotonic() - started)


def _stop_requested(run_pk: int) -> bool:
    return SolveRun.objects.filter(pk=run_pk, stop_requested_at__isnull=False).exists()


def _finish(run: SolveRun, outcome: dict[str, Any], elapsed: float) -> str:
    with transaction.atomic(durable=True):
        run = SolveRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.RUNNING:
            return run.status  # given up for lost meanwhile (receivers.py): that stands
        run.elapsed = elapsed
        error = outcome.get("error")
        if error is None:
            solution = outcome["solution"].to_dict()
            try:
                placed = check_solution(run.instance, solution)
            except SolutionError as invalid:
                error = invalid
        if error is not None:
            run.status = RunStatus.FAILED
            run.message = _in_words(str(error), run.instance)[:500]
            run.save(update_fields=["status", "message", "elapsed"])
            audit.record(
                actor=None,
                action="schedule.solve.fail",
                target=run,
                process_id=run.process_id,
                detail={"error": str(error)[:500]},
            )
            return run.status
        run.status = RunStatus.DONE
        run.stopped_early = outcome["solution"].stopped
        run.solution = solution
        run.score, run.total = score_of(run.instance, placed)
        run.bound = solution["bound"]
        run.warnings = list(run.warnings) + explain_unplaced(run.instance, placed)
        run.save(
            update_fields=[
                "status",
                "stopped_early",
                "solution",
                "score",
                "total",
                "bound",
                "warnings",
                "elapsed",
            ]
        )
        audit.record(
            actor=None,
            action="schedule.solve.done",
            target=run,
            process_id=run.process_id,
            detail={"score": run.score, "bound": run.bound, "unplaced": len(run.warnings)},
        )
        return run.status


def _in_words(text: str, instance: dict[str, Any]) -> str:
    """The solver speaks in instance ids; the host reads meeting titles and room names."""
    names = {m["id"]: m.get("title", m["id"]) for m in instance.get("meetings", [])}
    rooms = Room.objects.filter(pk__in=[pk_of(r["id"]) for r in instance.get("rooms", [])])
    names |= {room_id(r.pk): r.name for r in rooms}
    return re.sub(r"(?:meeting|room)-\d+", lambda m: names.get(m.group(0), m.group(0)), text)
