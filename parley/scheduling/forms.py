"""Forms of the planning page: each of its small forms, with choices the planner may use.

Times are typed in the venue's zone: validate them under `timezone.override(venue.tzinfo)` so
that they arrive aware (see venues.forms). The choices come from `queries.planning_choices_of`:
a meeting, room, party or member of another process is not a valid choice.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from parley.venues.forms import LOCAL_INPUT

from .queries import PlanningChoices


class PlanningForm(forms.Form):
    """A form whose choice fields draw on the process's own meetings, rooms, parties, members."""

    choices_from: dict[str, str] = {}  # field -> attribute of PlanningChoices

    def __init__(self, *args, choices: PlanningChoices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, source in self.choices_from.items():
            self.fields[name].queryset = getattr(choices, source)


def _choice(label) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label, queryset=None)


def _moment(label, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=LOCAL_INPUT, required=required)


class InterpreterPoolForm(PlanningForm):
    pair = forms.CharField(label=_("Language pair"), max_length=20)
    count = forms.IntegerField(label=_("Meetings at the same time"), min_value=0)


class SeparationForm(PlanningForm):
    choices_from = {"party": "parties", "other": "parties"}
    party = _choice(_("Party"))
    other = _choice(_("Other party"))
    apart = forms.TypedChoiceField(
        label=_("Keep apart"),
        choices=[("1", _("yes")), ("0", _("no"))],
        coerce=lambda value: value == "1",
    )


class MeetingChoiceForm(PlanningForm):
    """One meeting of the process: to unpin, or to free of its time window."""

    choices_from = {"meeting": "meetings"}
    meeting = _choice(_("Meeting"))


class PinForm(MeetingChoiceForm):
    choices_from = {"meeting": "meetings", "room": "rooms"}
    room = _choice(_("Room"))
    starts_at = _moment(_("Starts at"))


class WindowForm(MeetingChoiceForm):
    not_before = _moment(_("Not before"), required=False)
    not_after = _moment(_("Over by"), required=False)


class AbsenceForm(PlanningForm):
    choices_from = {"member": "members"}
    member = _choice(_("Member"))
    starts_at = _moment(_("From"))
    ends_at = _moment(_("Until"))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
