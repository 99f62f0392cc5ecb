"""Writes at the venue, by sub-domain: rooms, bookings, accreditation and the door."""

from .accreditation import accreditation_issue, accreditation_revoke, badge_check_in
from .bookings import booking_cancel, booking_create, booking_hold, booking_move, booking_release
from .rooms import room_add, room_open

__all__ = [
    "accreditation_issue",
    "accreditation_revoke",
    "badge_check_in",
    "booking_cancel",
    "booking_create",
    "booking_hold",
    "booking_move",
    "booking_release",
    "room_add",
    "room_open",
]
