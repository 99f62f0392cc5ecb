"""The background solve: progress, outcome and the host's request to stop early.

ministerial-1 keeps the search busy for its whole time limit, so only a stop that reaches the
solver ends it before its limit, and only then does the run say it stopped early.
"""

import threading
import time

import pytest
from django.db import connection

from parley.core.models import AuditEvent
from parley.scheduling import actions
from parley.scheduling.models import RunStatus, SolveRun
from parley.scheduling.tasks import solve_run

from .conftest import validate
from .data import load

LONG_LIMIT = 60.0


def long_run(plan) -> SolveRun:
    instance = load("ministerial-1")
    return SolveRun.objects.create(
        process=plan.process,
        time_limit=LONG_LIMIT,
        instance=instance,
        total=sum(m["priority"] for m in instance["meetings"]),
    )


def test_a_solve_stopped_while_queued_keeps_its_warm_start(plan):
    run = long_run(plan)
    actions.solve_stop(actor=plan.talks.actor("coordinator"), run=run)
    assert solve_run.call(run.pk) == RunStatus.DONE
    run.refresh_from_db()
    assert run.stopped_early
    assert run.score > 0
    validate(run.instance, run.solution)
    actions_recorded = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions_recorded[-2:] == ["schedule.solve.stop", "schedule.solve.done"]


@pytest.mark.django_db(transaction=True)
def test_a_running_solve_stops_when_the_host_asks(plan):
    run = long_run(plan)

    failures: list[BaseException] = []

    def ask_to_stop_once_running() -> None:
        try:
            while not SolveRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).exists():
                time.sleep(0.05)
            time.sleep(1.0)  # let the search get going
            actions.solve_stop(actor=plan.talks.actor("protocol"), run=run)
        except BaseException as failure:  # reported by the test, not lost in the thread
            failures.append(failure)
        finally:
            connection.close()

    host = threading.Thread(target=ask_to_stop_once_running)
    host.start()
    assert solve_run.call(run.pk) == RunStatus.DONE
    host.join()
    assert failures == []
    run.refresh_from_db()
    assert run.stop_requested_at is not None
    assert run.stopped_early
    validate(run.instance, run.solution)
