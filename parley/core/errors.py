"""The two refusals every layer speaks: not found (also for forbidden) and conflict."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .audit import Denial


class NotFound(Exception):
    """A missing object, or one the actor may not see: callers cannot tell which.

    `denial` is set only when the object exists; it is audited after the refused transaction
    has rolled back, and never shown to the actor.
    """

    def __init__(self, denial: "Denial | None" = None):
        super().__init__("Not found.")
        self.denial = denial


class Conflict(Exception):
    """A write that cannot happen as asked; `detail` tells the actor what stands in the way."""

    def __init__(self, message: str, *, detail: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.detail = detail or {}
