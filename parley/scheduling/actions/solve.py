"""Writes of solve runs: start one, stop one, or read a solution made elsewhere as a draft.

Every action: keyword-only, the actor first, one durable transaction, its audit event inside.
`actor=None` is the operator at the console (`parley schedule import`), recorded as "system".
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict
from parley.talks.models import Process

from ..engine.checker import SolutionError, check_solution, explain_unplaced, score_of
from ..engine.format import solution_document
from ..exchange import Built, ExportError, build_instance
from ..models import RunSource, RunStatus, SolveRun
from ..queries import latest_version_of
from .planner import process_to_plan

MAX_TIME_LIMIT = 600.0


def _build(process: Process, since: dt.date | None) -> Built:
    try:
        return build_instance(process, since=since)
    except ExportError as error:
        raise Conflict(str(error)) from error


@transaction.atomic(durable=True)
def solve_start(
    *, actor: Actor, process: Process, time_limit: float = 10.0, since: dt.date | None = None
) -> SolveRun:
    """Take a snapshot of the problem and queue a solve of it; the draft appears when it ends."""
    process = process_to_plan(actor, process, "schedule.solve")
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
    process = process_to_plan(actor, run.process, "schedule.solve.stop")
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
    from ..tasks import solve_run  # the task module imports the engine: only when needed

    result = solve_run.enqueue(run_pk)
    SolveRun.objects.filter(pk=run_pk, task_id="").update(task_id=str(result.id)[:64])


@transaction.atomic(durable=True)
def solution_import(
    *, actor: Actor | None, process: Process, solution: Any, since: dt.date | None = None
) -> SolveRun:
    """Read a solution made elsewhere as a draft to review; anything wrong is a Conflict."""
    process = process_to_plan(actor, process, "schedule.import")
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
            **solution_document(
                instance=built.instance["name"],
                assignments=((p.meeting, p.start, p.room) for p in placed.values()),
                bound=bound,
            ),
            "seconds": solution.get("seconds"),
        },
        warnings=list(built.excluded) + explain_unplaced(built.instance, placed),
    )
    audit.record(
        actor=actor,
        action="schedule.import",
        target=run,
        process_id=process.pk,
        detail={"instance": built.instance["name"], "score": score, "meetings": len(placed)},
    )
    return run
