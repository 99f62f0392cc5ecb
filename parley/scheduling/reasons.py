"""Why a meeting is not in a draft, worded in the reader's language.

The planning side (`solution_check.explain_unplaced`, `exchange.build_instance`) records a
code and its parameters in the run's warnings; the words are chosen here, when the draft is
shown, so that each reader gets them in their own language.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

REASONS = {
    "no_room_kind": _("no room of a suitable kind"),
    "no_room_big_enough": _("no suitable room holds %(size)s (largest: %(largest)s)"),
    "no_interpreters": _("no interpreters for %(pairs)s"),
    "never_all_available": _("its participants are never all available for that long"),
    "preparation_not_scheduled": _("its preparation is not scheduled: %(preparations)s"),
    "crowded_out": _(
        "no free time: rooms, participants, interpreters or the separation of parties "
        "were taken by meetings of higher priority"
    ),
    "longer_than_a_day": _("it is longer than the longest day of the venue"),
    "window_without_open_time": _("its time window holds no open time of the venue"),
    "window_shorter_than_meeting": _("its time window is shorter than the meeting"),
    "preparation_cancelled": _("its preparation %(preparation)s was cancelled"),
    "preparation_not_plannable": _("its preparation %(preparation)s cannot be planned"),
    "not_yet_realistic": _(
        "the readiness report for its level says not yet realistic, and not every party's head "
        "of delegation has overridden it"
    ),
}


def reason_text(warning: dict[str, Any]) -> str:
    """The warning's reason in the active language."""
    if "code" not in warning:  # drafts saved before reasons had codes carry English words
        return str(warning.get("reason", ""))
    try:
        return str(REASONS[warning["code"]]) % warning.get("params", {})
    except (KeyError, TypeError, ValueError):
        return str(warning["code"])  # a code or parameter this version does not know
