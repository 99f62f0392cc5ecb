"""Writes of scheduling; every action is importable from here."""

from .planning import (
    MAX_TIME_LIMIT,
    calendar_link_create,
    calendar_link_expire,
    calendar_link_revoke,
    interpreter_pool_set,
    pin_clear,
    pin_set,
    programme_publish,
    separation_set,
    solution_import,
    solve_start,
    solve_stop,
    unavailability_add,
    window_clear,
    window_set,
)

__all__ = [
    "MAX_TIME_LIMIT",
    "calendar_link_create",
    "calendar_link_expire",
    "calendar_link_revoke",
    "interpreter_pool_set",
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
