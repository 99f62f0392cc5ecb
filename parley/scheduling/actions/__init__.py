"""Writes of scheduling, one module per sub-domain; every action is importable from here.

    planning.py   the solver's inputs: interpreters, parties kept apart, pins, time windows,
                  members' absences
    solve.py      solve runs (start, stop) and solutions made elsewhere, read as drafts
    publish.py    a draft becomes the next immutable version, with its changes and bookings
    outcomes.py   a published meeting marked held, cancelled or postponed
    calendars.py  secret calendar addresses

Every action: keyword-only, the actor first, one durable transaction, its audit event inside.
`actor=None` is the operator at the console (`parley schedule import`), recorded as "system".
"""

from .calendars import calendar_link_create, calendar_link_expire, calendar_link_revoke
from .outcomes import OUTCOMES, meeting_outcome_set
from .planning import (
    interpreter_pool_set,
    pin_clear,
    pin_set,
    separation_set,
    unavailability_add,
    window_clear,
    window_set,
)
from .publish import programme_publish
from .solve import MAX_TIME_LIMIT, solution_import, solve_start, solve_stop

__all__ = [
    "MAX_TIME_LIMIT",
    "OUTCOMES",
    "calendar_link_create",
    "calendar_link_expire",
    "calendar_link_revoke",
    "interpreter_pool_set",
    "meeting_outcome_set",
    "pin_clear",
    "pin_set",
    "programme_publish",
    "separation_set",
    "solution_import",
    "solve_start",
    "solve_stop",
    "unavailability_add",
    "window_clear",
    "window_set",
]
